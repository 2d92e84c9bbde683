#!/usr/bin/env bash
# Date normalisation, vigie vs python3-dateparser vs chrono-node, on the same
# expressions and reference dates in one run (issue #4); prints accuracy and speed.
#   bench/run_time_normalisation.sh [BUILD_DIR] [GOLD_DIR...]
# Default gold: French TimeBank (../shared/data/time/fr-timebank-dev/gold) and the seed
# gold (../shared/gold/seeds). Needs the bench target built
# (cmake --build BUILD --target time_normalisation_bench), Debian's python3-dateparser
# (scripts/install-deps.sh) and node; chrono-node is installed from package-lock.json.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$repo/build}"
shift || true
gold=("$@")
[ ${#gold[@]} -gt 0 ] || gold=("$repo/../shared/data/time/fr-timebank-dev/gold" "$repo/../shared/gold/seeds")
peers="$repo/bench/peers"
if [ ! -d "$peers/chrono/node_modules" ]; then (cd "$peers/chrono" && npm ci --no-audit --no-fund); fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bench="$build/bench/time_normalisation_bench"
"$bench" --export "$work/cases.tsv" "${gold[@]}"
/usr/bin/python3 "$peers/dateparser/normalise.py" --cases "$work/cases.tsv" --out "$work/dateparser.tsv" --repeat 1
node "$peers/chrono/normalise.js" --cases "$work/cases.tsv" --out "$work/chrono.tsv" --repeat "${PEER_REPEAT:-5}"
"$bench" --cases "$work/cases.tsv" --peer dateparser="$work/dateparser.tsv" --peer chrono-node="$work/chrono.tsv" \
  --repeat "${VIGIE_REPEAT:-20}"
