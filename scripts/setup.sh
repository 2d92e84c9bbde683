#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: installs the packages, builds vigie,
# ingests the sample corpus in examples/ into vigie.db and runs a search on it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
echo
echo "== vigie ingest examples/"
./build/vigie --db vigie.db ingest --verbose examples/
echo
echo "== vigie search 'retrait des troupes'"
./build/vigie --db vigie.db search "retrait des troupes"
echo
echo "== vigie stats"
./build/vigie --db vigie.db stats
