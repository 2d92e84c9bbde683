#!/usr/bin/env bash
# Rebuilds models/syntax/fr.syntax and models/syntax/en.syntax (UD tagger, lemmatiser
# and parser) from the Universal Dependencies treebanks in ../shared/data/ud, scores
# them on the test sets and prints their sha256. Deterministic: the same treebanks
# give the same bytes. Uses the vigie binary of $VIGIE_BUILD_DIR (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data="${VIGIE_SHARED_DATA:-$root/../shared/data}"
build="${VIGIE_BUILD_DIR:-$root/build}"
vigie="$build/vigie"
if [ ! -x "$vigie" ]; then
  echo "train-syntax: $vigie not found; build first (scripts/build.sh) or set VIGIE_BUILD_DIR" >&2
  exit 1
fi
ud="$data/ud"
mkdir -p "$root/models/syntax"
# French: GSD's train split is not in ../shared/data, so Sequoia train + GSD dev train
# the model and GSD test (plus Sequoia test) report it.
nice -n 10 "$vigie" train syntax --lang fr \
  --train "$ud/french-sequoia/fr_sequoia-ud-train.conllu" "$ud/french-gsd/fr_gsd-ud-dev.conllu" \
  --test "$ud/french-gsd/fr_gsd-ud-test.conllu" "$ud/french-sequoia/fr_sequoia-ud-test.conllu" \
  --out "$root/models/syntax/fr.syntax"
nice -n 10 "$vigie" train syntax --lang en \
  --train "$ud/english-ewt/en_ewt-ud-train.conllu" \
  --test "$ud/english-ewt/en_ewt-ud-test.conllu" \
  --out "$root/models/syntax/en.syntax"
(cd "$root/models/syntax" && sha256sum fr.syntax en.syntax)
