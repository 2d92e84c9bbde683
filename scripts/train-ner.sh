#!/usr/bin/env bash
# Rebuilds the entities models bit for bit from ../shared/data:
#   models/entities/kb.tsv          (scripts/build-kb.sh)
#   models/entities/clusters.fr.tsv (word clusters from news-fr-unlabeled)
#   models/entities/ner.fr.bin      (perceptron on Sequoia train+dev + Europeana; Sequoia test reported)
# Uses `vigie train ner` when the CLI has it, else the entities_bench tool of the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data="${VIGIE_SHARED_DATA:-$root/../shared/data}"
build="${VIGIE_BUILD_DIR:-$root/build}"
tool="$build/bench/entities_bench"
[ -x "$tool" ] || cmake --build "$build" --target entities_bench
out="$root/models/entities"
seq="$data/ner/sequoia-parseme-fr/sequoia-ud.parseme.frsemcor"
"$root/scripts/build-kb.sh"
nice -n 10 "$tool" clusters "$data/news-fr-unlabeled/corpus-minus-hidden.jsonl.gz" "$out/clusters.fr.tsv"
nice -n 10 "$tool" train "$out/ner.fr.bin" fr "$out/clusters.fr.tsv" "$out/kb.tsv" \
  --train "$seq.train" "$seq.dev" "$data/ner/europeana-fr/enp_FR.bnf.bio" \
  --test "$seq.test" --epochs 10
sha256sum "$out/kb.tsv" "$out/clusters.fr.tsv" "$out/ner.fr.bin"
