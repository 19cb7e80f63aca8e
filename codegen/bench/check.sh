#!/usr/bin/env bash
# Compiling the generated models, as users wait for it: `cargo check` of the crate that
# `codegen generate --crate` writes, in three variants, in one run:
#   derive       serde's derive of `Deserialize` (`--derive-deserialize`): the baseline,
#                and what every struct had before the written-out impls
#   written-out  the default: each struct's `Deserialize` written out
#   lean         written out, and `derives = ["Debug", "Clone"]` in the config
#
# For each spec it writes the crates, builds their dependencies once (a shared target
# dir), then checks each crate alone (incremental off, as for a dependency) `--rounds`
# times, the variants interleaved (A B C A B C ...). It prints medians of wall and CPU
# time, the ratio of each to the baseline, and the lines of code of each crate.
#
# Usage: codegen/bench/check.sh [--rounds N] [--models N,N,...] [--no-docusign] [--spec DIR]
#   --rounds       checks of each crate (default 3)
#   --models       synthetic specs of these many models (default 1000; 10000 takes
#                  minutes a check with the derive)
#   --no-docusign  leave out the shared DocuSign corpus
#   --spec DIR     add a spec folder (repeatable)
# Scratch space: $BENCH_DIR, default target/check-bench under the repository.
# Needs every crate already in cargo's cache (--offline).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

rounds=3 models=1000 docusign=1 specs=() names=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --no-docusign) docusign=0; shift ;;
    --spec) specs+=("$2"); names+=("$(basename "$(dirname "$2")")/$(basename "$2")"); shift 2 ;;
    *) echo "error: unknown argument \`$1\`" >&2; exit 2 ;;
  esac
done

scratch=${BENCH_DIR:-$repo/target/check-bench}
mkdir -p "$scratch"
release=${CARGO_TARGET_DIR:-$repo/target}
echo "release CLI..." >&2
CARGO_TARGET_DIR=$release cargo build --release --offline -p docmodels-build --manifest-path "$repo/Cargo.toml" -q
cli=$release/release/codegen

if [ "$docusign" = 1 ]; then
  specs=("$repo/../shared/corpus/docusign-iam-java/models" ${specs[@]+"${specs[@]}"})
  names=(DocuSign ${names[@]+"${names[@]}"})
fi
for n in ${models//,/ }; do
  "$cli" synthetic --models "$n" --out "$scratch/syn-$n" >/dev/null
  specs+=("$scratch/syn-$n/models")
  names+=("$n synthetic")
done

variants="derive written-out lean"
printf 'derives = ["Debug", "Clone"]\n' >"$scratch/lean.toml"
flags() {
  case $1 in
    derive) echo --derive-deserialize ;;
    lean) echo --config "$scratch/lean.toml" ;;
  esac
}
target=$scratch/target
for i in "${!specs[@]}"; do
  for v in $variants; do
    dir=$scratch/crates/$i-$v
    rm -rf "$dir"
    # shellcheck disable=SC2046 # the flags are words without spaces
    "$cli" generate --spec "${specs[$i]}" --out "$dir" --crate check-bench $(flags "$v") >/dev/null
    cp "$repo/Cargo.lock" "$dir/Cargo.lock"
    # The dependencies alone: the crate's own code is checked in the rounds below.
    echo "dependencies of ${names[$i]} ($v)..." >&2
    mv "$dir/src" "$dir/src.models"
    mkdir "$dir/src"
    : >"$dir/src/lib.rs"
    (cd "$dir" && CARGO_TARGET_DIR=$target cargo check --offline -q)
    rm -r "$dir/src"
    mv "$dir/src.models" "$dir/src"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for r in $(seq "$rounds"); do
  for i in "${!specs[@]}"; do
    for v in $variants; do
      dir=$scratch/crates/$i-$v
      touch "$dir/src/lib.rs"
      (cd "$dir" && CARGO_TARGET_DIR=$target CARGO_INCREMENTAL=0 /usr/bin/time -f '%e %U %S' -o "$scratch/time.$$" cargo check --offline -q)
      read -r wall user sys <"$scratch/time.$$"
      echo "$wall" >>"$scratch/wall-$i-$v.$$"
      awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }' >>"$scratch/cpu-$i-$v.$$"
      echo "  round $r ${names[$i]} $v: $wall s wall" >&2
    done
  done
done

echo
echo "\`cargo check\` of the generated crate alone (dependencies built, incremental off), s, medians of $rounds;"
echo "ratios against serde's derive of \`Deserialize\` in the same run:"
echo
echo "| spec | variant | lines | wall s | cpu s | ratio wall / cpu |"
echo "| --- | --- | --- | --- | --- | --- |"
lines() { cat "$1"/src/*.rs | wc -l; }
for i in "${!specs[@]}"; do
  dw=$(median <"$scratch/wall-$i-derive.$$") dc=$(median <"$scratch/cpu-$i-derive.$$")
  for v in $variants; do
    w=$(median <"$scratch/wall-$i-$v.$$") c=$(median <"$scratch/cpu-$i-$v.$$")
    printf '| %s | %s | %s | %s | %s | %s / %s |\n' "${names[$i]}" "$v" \
      "$(lines "$scratch/crates/$i-$v")" "$w" "$c" \
      "$(awk -v a="$w" -v b="$dw" 'BEGIN { printf "%.2fx", a / b }')" \
      "$(awk -v a="$c" -v b="$dc" 'BEGIN { printf "%.2fx", a / b }')"
  done
done
rm -f "$scratch"/*.$$
