#pragma once
// Training and measuring the NER model (what `vigie train ner` runs). Reads labelled
// corpora, learns word clusters from unlabelled news when asked, trains an averaged
// structured perceptron over BIO labels and writes the model file. Deterministic:
// sentences are shuffled with a fixed seed, features are indexed in hash order, and
// the same inputs give the same bytes.
//
// Corpus formats, chosen by path: a directory -> MEANTIME NAF XML (English; NAM
// mentions with their entity's type); *.tsv -> HIPE-2022 (coarse literal tags);
// files whose first line is "# global.columns" or that have 11+ tab columns ->
// Sequoia CoNLL-U with PARSEME-FR named entities in column 11; otherwise
// "word TAG" lines in BIO or IOB1 (Europeana).
// Types map to FORMAT.md's: PERS/pers -> PER, ORG/org/FIN -> ORG, LOC/loc/GPE -> LOC,
// PROD/EVE/prod/humanprod/PRO/MIX -> MISC.

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "entities/ner_model.h"

namespace vigie::entities {

struct LabeledSentence {
  std::vector<std::string> words;
  std::vector<uint8_t> gap_before;
  std::vector<uint8_t> labels;  // BIO labels (ner_model.h)
};

Result<std::vector<LabeledSentence>> read_ner_corpus(const std::string& path);

struct NerTrainingOptions {
  std::string lang = "fr";
  std::vector<std::string> train_paths;  // labelled corpora (formats above)
  std::vector<std::string> test_paths;   // held-out corpora scored after training (optional)
  std::string clusters_path;             // an existing word-cluster file; empty: no cluster features
  std::string clusters_name;             // how the model names it under models/ ("entities/clusters.fr.tsv")
  std::string kb_path;                   // knowledge base for gazetteer features; empty: none
  std::string output_path;               // the model file to write; empty: do not write
  int epochs = 12;
  uint64_t seed = 17;
};

// Exact-span-and-type scores (CoNLL style), per type and overall.
struct NerScores {
  uint64_t tp[4] = {}, fp[4] = {}, fn[4] = {};
  double precision(int type = -1) const;
  double recall(int type = -1) const;
  double f1(int type = -1) const;
  std::string to_string() const;  // "PER P=.. R=.. F1=.. ..."
};

struct NerTrainingReport {
  size_t train_sentences = 0;
  size_t train_tokens = 0;
  size_t features = 0;
  NerScores test;
  double seconds = 0;
};

Result<NerTrainingReport> train_ner(const NerTrainingOptions& options);

// Scores `model` on labelled sentences.
NerScores evaluate_ner(const NerModel& model, const WordClusters* clusters, const KnowledgeBase* kb,
                       const std::vector<LabeledSentence>& sentences);

}  // namespace vigie::entities
