#!/usr/bin/env bash
# Rebuilds models/entities/kb.tsv (the entities knowledge base) from ../shared/data and
# models/entities/kb-curated.tsv. Deterministic: the same inputs give the same bytes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data="${VIGIE_SHARED_DATA:-$root/../shared/data}"
python3 "$root/models/entities/build_kb.py" "$data" "$root/models/entities/kb.tsv"
