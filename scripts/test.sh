#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every unit, golden
# and end-to-end test with ctest, then runs each reader's libFuzzer target for a few
# seconds (clang build in build-fuzz/). `.ci/run` calls exactly this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 600)
bash scripts/fuzz.sh "${VIGIE_FUZZ_SECONDS:-5}"
