#!/usr/bin/env bash
# Configures and builds vigie in build/ (Release with debug info). Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${VIGIE_BUILD_DIR:-$root/build}"
jobs="${VIGIE_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$jobs"
