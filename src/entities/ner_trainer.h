#pragma once
// Training and measuring the NER model (what `vigie train ner` runs). Reads labelled
// corpora, learns word clusters from unlabelled news when asked, trains an averaged
// structured perceptron over BIO labels and writes the model file. Deterministic:
// sentences are shuffled with a fixed seed, features are indexed in hash order, and
// the same inputs give the same bytes.
//
// Corpus formats, chosen by path: a directory or *.xml -> MEANTIME NAF XML (English;
// NAM mentions with their entity's type); *.tsv -> HIPE-2022 (coarse literal tags);
// files whose first line is "# global.columns" or that have 11+ tab columns ->
// Sequoia CoNLL-U with PARSEME-FR named entities in column 11; otherwise
// "word TAG" lines in BIO or IOB1 (Europeana).
// Types map to FORMAT.md's: PERS/pers -> PER, ORG/org -> ORG, LOC/loc/GPE -> LOC,
// PROD/EVE/prod/humanprod/PRO/MIX/FIN -> MISC. MEANTIME spans lose a leading article.

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
  std::vector<std::string> dev_paths;    // when set, the averaged model is scored here after each epoch
                                         // and the best epoch count is kept (early stopping)
  std::string clusters_path;             // an existing word-cluster file; empty: no cluster features
  std::string clusters_name;             // how the model names it under models/ ("entities/clusters.fr.tsv")
  std::string kb_path;                   // knowledge base for gazetteer features; empty: none
  std::string output_path;               // the model file to write; empty: do not write
  int epochs = 12;
  int min_quantised_weight = 16;  // pruning: a kept feature has a weight above this (of 32000)
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
  size_t epochs_run = 0;  // epochs of the kept model (the best on dev when dev_paths is set)
  NerScores dev;          // of the kept model, when dev_paths is set
  std::vector<double> dev_f1_by_epoch;  // when dev_paths is set
  NerScores test;
  double seconds = 0;
};

Result<NerTrainingReport> train_ner(const NerTrainingOptions& options);

// Scores `model` on labelled sentences.
NerScores evaluate_ner(const NerModel& model, const WordClusters* clusters, const KnowledgeBase* kb,
                       const std::vector<LabeledSentence>& sentences);

}  // namespace vigie::entities
