#pragma once
// Internal to the syntax stage (used by `vigie train syntax|tagger|parser`, the
// benchmark and tests): builds a SyntaxModel from UD treebanks and scores one on a
// test treebank. Treebank words are first turned into the tokens vigie's text stage
// would produce: a multiword token ("du" = "de le", "cannot" = "can not") is kept
// split only when the text stage splits its form into exactly UD's words ("don't" ->
// "do" "n't"), otherwise collapsed (conllu_reader.h says how). Training is
// deterministic: the same files and options give the same bytes.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "syntax/conllu_reader.h"
#include "syntax/syntax_model.h"

namespace vigie::syntax {

struct SyntaxTrainingOptions {
  std::string lang = "fr";                // "fr" or "en": the text stage's rules for surface tokens
  std::vector<std::string> train_files;   // CoNLL-U
  int tagger_epochs = 10;
  int parser_epochs = 15;
  int jackknife_folds = 4;                // the parser learns on tags predicted by a tagger that did not see them
  bool is_tagger_only = false;            // skip the parser (it is left empty)
  uint64_t seed = 1;
  // Quantised weights (largest = 32767) below this are dropped (see perceptron.h):
  // 800 cuts the French file from 13 MB to 5 MB at no cost in accuracy on GSD test.
  long prune_below = 800;
};

// Surface-token sentences of `files`, in file order.
Result<std::vector<std::vector<ConllWord>>> read_surface_sentences(const std::vector<std::string>& files,
                                                                  const std::string& lang);

// `progress` receives one line per step ("tagger: epoch 3/10"); may be empty.
Result<std::unique_ptr<SyntaxModel>> train_syntax_model(const SyntaxTrainingOptions& options,
                                                         const std::function<void(const std::string&)>& progress);

struct SyntaxScores {
  size_t sentence_count = 0;
  size_t token_count = 0;
  double upos_accuracy = 0;
  double feats_accuracy = 0;   // the predicted subset (tagger.h) against the same subset of gold FEATS
  double lemma_accuracy = 0;   // lower-cased lemmas
  double uas = 0;              // all tokens, punctuation included
  double las = 0;              // full relation with subtype ("obl:agent")
  double las_universal = 0;    // relation without subtype, as in the CoNLL 2018 shared task
};

SyntaxScores score_syntax_model(const SyntaxModel& model, const std::vector<std::vector<ConllWord>>& test_sentences);

}  // namespace vigie::syntax
