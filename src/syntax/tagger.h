#pragma once
// Internal to the syntax stage: the greedy left-to-right part-of-speech tagger. Each
// class is a UPOS together with the features the later stages read (Mood, Number,
// Person, Polarity, Tense, VerbForm, Voice), so one decision gives both ("VERB" +
// "Mood=Cnd|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"). Averaged perceptron over
// the word, its affixes and shape, two words either side and the two previous
// decisions. Immutable after training or loading; safe to share between threads.

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/perceptron.h"
#include "syntax/syntax_analyzer.h"
#include "syntax/word_features.h"

namespace vigie::syntax {

struct TagClass {
  Upos upos = Upos::kX;
  std::string feats;
  bool operator<(const TagClass& other) const {
    return upos != other.upos ? upos < other.upos : feats < other.feats;
  }
  bool operator==(const TagClass& other) const { return upos == other.upos && feats == other.feats; }
};

// The subset of a UD FEATS string the tagger predicts, in UD's alphabetical order.
std::string kept_feats(const std::string& feats);

struct TaggedSentence {
  std::vector<std::string> forms;
  std::vector<int> tags;  // indexes into the tag classes
};

struct TaggerTrainingOptions {
  int epochs = 10;
  uint64_t seed = 1;
  long prune_below = 1;
};

class Tagger {
 public:
  Tagger() = default;
  Tagger(std::vector<TagClass> classes, CompactWeights weights)
      : classes_(std::move(classes)), weights_(std::move(weights)) {}

  const std::vector<TagClass>& classes() const { return classes_; }
  const CompactWeights& weights() const { return weights_; }

  // Tag class per word of one sentence.
  void tag(const std::vector<WordHashes>& words, std::vector<int>& tags) const;

  static Tagger train(const std::vector<TagClass>& classes, const std::vector<TaggedSentence>& sentences,
                      const TaggerTrainingOptions& options);

 private:
  std::vector<TagClass> classes_;
  CompactWeights weights_;
};

// Features of word `i` given the two previous decisions (-1: none). Returns the count.
size_t tagger_features(const std::vector<WordHashes>& words, size_t i, int previous, int before_previous,
                       uint64_t* out);
inline constexpr size_t kMaxTaggerFeatures = 32;

}  // namespace vigie::syntax
