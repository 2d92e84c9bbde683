#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined sanitizers) and runs
# each for N seconds (default 5) from the committed seed inputs. A crash fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds="${1:-5}"
build="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIE_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
passed=0
failed=0
for target in "$build"/tests/fuzz/*_fuzz; do
  name=$(basename "$target")
  corpus=$(mktemp -d)
  reader=${name%_fuzz}
  # Seeds: the fuzz seeds of the reader, plus the fixtures its unit tests use.
  for seeds in "$root/tests/fuzz/seeds/$reader" "$root/tests/ingest/data/${reader%_reader}s" \
               "$root/tests/ingest/data/${reader%_reader}"; do
    if [ -d "$seeds" ]; then cp -r "$seeds"/. "$corpus"/; fi
  done
  if "$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 "$corpus" \
       >"$build/$name.log" 2>&1; then
    echo "fuzz: $name ran ${seconds}s without a crash"
    passed=$((passed + 1))
  else
    echo "fuzz: $name FAILED; last lines of $build/$name.log:"
    tail -30 "$build/$name.log"
    failed=$((failed + 1))
  fi
  rm -rf "$corpus"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
