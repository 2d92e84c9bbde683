#!/usr/bin/env bash
# Runs vigie's HTML extractor and Readability.js on the same pages in one go and prints
# the side-by-side table (quality with the scrapinghub metric, pages/s, peak RSS, ratio).
#   bench/run_html_extraction.sh [BUILD_DIR] [DATA_DIR]
# Needs: the bench target built (cmake --build BUILD --target html_extraction_bench),
# node and npm (the peer's packages are installed from package-lock.json on first run).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$repo/build}"
data="${2:-$repo/../shared/data/article-extraction-dev}"
peer_dir="$repo/bench/peers/readability"
if [ ! -d "$peer_dir/node_modules" ]; then (cd "$peer_dir" && npm ci --no-audit --no-fund); fi
results="$(mktemp --suffix=.json)"
trap 'rm -f "$results"' EXIT
node "$peer_dir/extract.js" --data "$data" --out "$results" --repeat "${PEER_REPEAT:-3}"
"$build/bench/html_extraction_bench" --data "$data" --peer-results "$results" --repeat "${VIGIE_REPEAT:-10}"
