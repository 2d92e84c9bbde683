#pragma once
// Internal to the syntax stage: the greedy arc-hybrid dependency parser (Kuhlmann,
// Gómez-Rodríguez and Satta 2011) with an averaged perceptron, trained with the
// dynamic oracle of Goldberg and Nivre (2013) so it learns to recover from its own
// mistakes. Two classifiers share one feature vector per configuration: one picks the
// transition (SHIFT, LEFT, RIGHT), the other the relation of the arc just made, so a
// decision costs 3 + (labels) weights per feature instead of 2 x labels. A pseudo-word
// ROOT sits at the bottom of the stack and takes exactly one dependent, the last one,
// so every sentence gets one root. Immutable after training or loading.

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/perceptron.h"
#include "syntax/word_features.h"

namespace vigie::syntax {

struct ParserSentence {
  std::vector<WordHashes> words;
  std::vector<int> upos;    // Upos values as ints (predicted at run time and, jackknifed, in training)
  std::vector<int> heads;   // gold, 0-based, -1 for root
  std::vector<int> labels;  // gold, indexes into the label list
};

struct ParserTrainingOptions {
  int epochs = 15;
  int explore_from_epoch = 1;    // follow the model's own (wrong) transitions from this epoch on
  double explore_probability = 0.9;
  uint64_t seed = 1;
  long prune_below = 1;
};

class Parser {
 public:
  Parser() = default;
  Parser(std::vector<std::string> labels, CompactWeights transitions, CompactWeights labeller);

  const std::vector<std::string>& labels() const { return labels_; }
  const CompactWeights& transitions() const { return transitions_; }
  const CompactWeights& labeller() const { return labeller_; }

  // heads: 0-based, -1 for the root; labels: indexes into labels().
  void parse(const std::vector<WordHashes>& words, const std::vector<int>& upos, std::vector<int>& heads,
             std::vector<int>& labels) const;

  // `labels` must contain "root".
  static Parser train(const std::vector<std::string>& labels, const std::vector<ParserSentence>& sentences,
                      const ParserTrainingOptions& options);

 private:
  std::vector<std::string> labels_;
  int root_label_ = 0;
  CompactWeights transitions_;
  CompactWeights labeller_;
};

}  // namespace vigie::syntax
