#!/usr/bin/env bash
# The build script as users run it: docmodels-build called from the build.rs of a crate
# built in the default (debug) profile, under profile settings that optimize the
# generator, against the release `codegen generate` on the same specs, in one run.
#
# For each profile candidate it writes a crate whose build.rs calls
# `docmodels_build::build_script` and that has no other dependency, with the candidate's
# profile in its Cargo.toml (the root of its own workspace, as a user's crate is), and
# measures both sides of the trade:
#   clean build  `cargo build` of that crate from an empty target dir: the
#                build-dependencies (docmodels-build, syn, serde_derive, ...) and the
#                build script, which generates nothing here;
#   run          the compiled `build-script-build` run directly, generating each spec
#                into an empty folder (what cargo runs on every docs change), against
#                `codegen generate` from a release build.
# Candidates and rounds are interleaved (A B C A B C ...), medians are reported, and
# every ratio is against baselines measured in the same run.
#
# Usage: codegen/bench/build-script.sh [--rounds N] [--runs N] [--candidates a,b,...]
#                                      [--callgrind] [--keep]
#   --rounds      clean builds of each candidate (default 3; 0 reuses the last run's builds)
#   --runs        runs of each build script and of the CLI per spec (default 5)
#   --candidates  names from the list below (default: all)
#   --callgrind   also count the instructions of one run on the DocuSign corpus
#   --spec DIR    add a spec folder to the runs (repeatable)
# Scratch space: $BENCH_DIR, default target/build-script-bench under the repository.
# Needs the shared DocuSign corpus, and every crate already in cargo's cache (--offline).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

rounds=3 runs=5 callgrind=0 only="" extra_specs=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --candidates) only=$2; shift 2 ;;
    --callgrind) callgrind=1; shift ;;
    --spec) extra_specs+=("$2"); shift 2 ;;
    *) echo "error: unknown argument \`$1\`" >&2; exit 2 ;;
  esac
done

# The dependencies whose code is hot in a run and cheap to compile optimized: small, and
# off the critical path of the build (syn, which serde_derive waits for, and
# docmodels-build itself, which waits for everything, are neither).
cheap="pulldown-cmark memchr prettyplease proc-macro2 unicode-ident"
# The same plus the generator and syn: everything hot.
hot="docmodels-build syn $cheap"
# Debug assertions (and the standard library's precondition checks they turn on) and
# overflow checks off for build scripts, proc macros and their dependencies.
nda='[profile.dev.build-override]\ndebug-assertions = false\noverflow-checks = false\n'
opt() { # level, packages
  local level=$1; shift
  for p in "$@"; do printf '[profile.dev.package.%s]\nopt-level = %s\n' "$p" "$level"; done
}

# The profile a candidate adds to its crate's Cargo.toml.
profile() {
  case $1 in
    base) ;;
    bo1 | bo2 | bo3) printf '[profile.dev.build-override]\nopt-level = %s\n' "${1#bo}" ;;
    gen3) opt 3 docmodels-build ;;
    hot1 | hot3) opt "${1#hot}" $hot ;;
    nda) printf "$nda" ;;
    nda-cheap1 | nda-cheap3) printf "$nda"; opt "${1#nda-cheap}" $cheap ;;
    *) echo "error: unknown candidate \`$1\`" >&2; exit 2 ;;
  esac
}
all="base bo1 bo3 hot3 nda nda-cheap1 nda-cheap3"
candidates=${only//,/ }
candidates=${candidates:-$all}
for c in $candidates; do profile "$c" >/dev/null; done

scratch=${BENCH_DIR:-$repo/target/build-script-bench}
mkdir -p "$scratch"
now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "release CLI and synthetic specs..." >&2
release=${CARGO_TARGET_DIR:-$repo/target}
CARGO_TARGET_DIR=$release cargo build --release --offline -p docmodels-build \
  --manifest-path "$repo/Cargo.toml" -q
cli=$release/release/codegen
"$cli" synthetic --models 1000 --out "$scratch/syn-1k" >/dev/null
"$cli" synthetic --models 10000 --out "$scratch/syn-10k" >/dev/null
specs=("$repo/../shared/corpus/docusign-iam-java/models" "$scratch/syn-1k/models" "$scratch/syn-10k/models" ${extra_specs[@]+"${extra_specs[@]}"})
names=(DocuSign 1k 10k)
for s in ${extra_specs[@]+"${extra_specs[@]}"}; do names+=("$(basename "$(dirname "$s")")/$(basename "$s")"); done

for c in $candidates; do
  dir=$scratch/crates/$c
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "build-script-bench"
version = "0.0.0"
edition = "2024"
publish = false

# The root of its own workspace, as a user's crate is: its profile is the one that counts.
[workspace]

[build-dependencies]
docmodels-build = { path = "$repo/codegen", default-features = false }

$(profile "$c")
EOF
  cat >"$dir/build.rs" <<'EOF'
fn main() {
    // Generates only when run by the bench, not while cargo builds the crate.
    if let (Some(spec), Some(out)) = (std::env::var_os("BENCH_SPEC"), std::env::var_os("BENCH_OUT")) {
        docmodels_build::build_script(spec, out);
    }
}
EOF
  : >"$dir/src/lib.rs"
  cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  (cd "$dir" && cargo metadata --offline --format-version 1 >/dev/null)
done

echo "clean builds, $rounds rounds: $candidates" >&2
for r in $(seq "$rounds"); do
  for c in $candidates; do
    dir=$scratch/crates/$c
    rm -rf "$dir/target"
    # Wall time, and CPU time (user + system, of cargo and every rustc): the second moves
    # less when other work shares the machine.
    (cd "$dir" && CARGO_TARGET_DIR=$dir/target /usr/bin/time -f '%e %U %S' -o "$scratch/time.$$" cargo build --offline -q)
    read -r wall user sys <"$scratch/time.$$"
    awk -v w="$wall" 'BEGIN { print w * 1000 }' >>"$scratch/clean-$c.$$"
    awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }' >>"$scratch/cpu-$c.$$"
    echo "  round $r $c: ${wall} s wall, ${user} s user + ${sys} s sys" >&2
  done
done

script() { find "$scratch/crates/$1/target/debug/build" -path '*/build-script-bench-*/build-script-build' -type f -print -quit; }
out=$scratch/out
run_once() { # spec, then the command
  local spec=$1; shift
  rm -rf "$out"
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1
  t1=$(now)
  echo $(((t1 - t0) / 1000)) # µs
}

echo "build script runs, $runs each..." >&2
for i in "${!specs[@]}"; do
  spec=${specs[$i]}
  for r in $(seq "$runs"); do
    run_once "$spec" "$cli" generate --spec "$spec" --out "$out" >>"$scratch/run-$i-cli.$$"
    for c in $candidates; do
      BENCH_SPEC=$spec BENCH_OUT=$out run_once "$spec" "$(script "$c")" >>"$scratch/run-$i-$c.$$"
    done
  done
done

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
base_of() { # the first candidate is the baseline of the others
  set -- $candidates; echo "$1"
}
b=$(base_of)

echo
echo "clean build of the build-dependencies (wall s and cpu s, medians of $rounds), and the build script's run"
echo "(ms, median of $runs; x CLI = over the release \`codegen generate\` on the same spec):"
echo
printf '| %-10s | %-32s |' candidate "clean build s (cpu s)"
for n in "${names[@]}"; do printf ' %-22s |' "$n run (x CLI)"; done
echo
printf '| %-10s | %-32s |' "---" "---"
for n in "${names[@]}"; do printf ' %-22s |' "---"; done
echo
clean() { [ "$rounds" -gt 0 ] && median <"$scratch/$2-$1.$$" || echo 0; }
cb=$(clean "$b" clean) cpub=$(clean "$b" cpu)
printf '| %-10s | %-32s |' "release CLI" ""
for i in "${!specs[@]}"; do printf ' %-22s |' "$(ms "$(median <"$scratch/run-$i-cli.$$")")"; done
echo
for c in $candidates; do
  cc=$(clean "$c" clean) cpu=$(clean "$c" cpu)
  s1() { awk -v a="$1" 'BEGIN { printf "%.1f", a / 1000 }'; }
  [ "$rounds" -gt 0 ] && cell="$(s1 "$cc") ($(ratio "$cc" "$cb")), cpu $(s1 "$cpu") ($(ratio "$cpu" "$cpub"))" || cell="not measured"
  printf '| %-10s | %-32s |' "$c" "$cell"
  for i in "${!specs[@]}"; do
    t=$(median <"$scratch/run-$i-$c.$$")
    printf ' %-22s |' "$(ms "$t") ($(ratio "$t" "$(median <"$scratch/run-$i-cli.$$")"))"
  done
  echo
done
echo
echo "clean build ratios are against \`$b\`; profiles:"
for c in $candidates; do
  echo "  $c: $(profile "$c" | tr '\n' ' ')"
done

if [ "$callgrind" = 1 ]; then
  echo
  echo "instructions of one run on ${names[0]} (callgrind):"
  irs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ { print $NF }'; }
  rm -rf "$out"
  cli_ir=$(irs "$cli" generate --spec "${specs[0]}" --out "$out")
  echo "  release CLI: $cli_ir"
  for c in $candidates; do
    rm -rf "$out"
    ir=$(BENCH_SPEC=${specs[0]} BENCH_OUT=$out irs "$(script "$c")")
    echo "  $c: $ir ($(ratio "$ir" "$cli_ir") CLI)"
  done
fi
rm -f "$scratch"/*.$$
rm -rf "$out"
