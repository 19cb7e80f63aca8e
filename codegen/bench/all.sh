#!/usr/bin/env bash
# Every speed figure of the README's Speed section in one run, each as a ratio against a
# baseline measured in the same run:
#   1. generation: `codegen bench` on the DocuSign corpus, warm total over the floors and
#      over floors + trees;
#   2. the build script in a debug build against the release CLI, for each profile
#      candidate, and the clean build of the build-dependencies (build-script.sh);
#   3. `cargo check` of the generated crates: serde's derive against the written-out
#      `Deserialize` and lean derives (check.sh).
# Usage: codegen/bench/all.sh [--quick]   (--quick: fewer rounds, no 10k check)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
quick=0
[ "${1:-}" = --quick ] && quick=1

release=${CARGO_TARGET_DIR:-$repo/target}
cargo build --release --offline -p docmodels-build --manifest-path "$repo/Cargo.toml" -q
echo "== 1. generation (codegen bench, DocuSign)"
"$release/release/codegen" bench --spec "$repo/../shared/corpus/docusign-iam-java/models" --iterations $((quick ? 5 : 21))
echo
echo "== 2. the build script in a debug build (build-script.sh)"
if [ "$quick" = 1 ]; then
  "$here/build-script.sh" --rounds 1 --runs 3 --candidates base,nda-cheap3
else
  "$here/build-script.sh"
fi
echo
echo "== 3. cargo check of the generated crates (check.sh)"
if [ "$quick" = 1 ]; then
  "$here/check.sh" --rounds 1
else
  "$here/check.sh" --rounds 3 --models 1000,10000
fi
