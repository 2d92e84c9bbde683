// The greedy averaged-perceptron tagger; see tagger.h.

#include "syntax/tagger.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

namespace vigie::syntax {

std::string kept_feats(const std::string& feats) {
  static const char* const kKept[] = {"Mood=", "Number=", "Person=", "Polarity=", "Tense=", "VerbForm=", "Voice="};
  std::string out;
  size_t begin = 0;
  while (begin < feats.size()) {
    size_t end = feats.find('|', begin);
    if (end == std::string::npos) end = feats.size();
    std::string_view feature(feats.data() + begin, end - begin);
    for (const char* kept : kKept) {
      if (feature.rfind(kept, 0) == 0) {
        if (!out.empty()) out.push_back('|');
        out.append(feature);
        break;
      }
    }
    begin = end + 1;
  }
  return out;
}

size_t tagger_features(const std::vector<WordHashes>& words, size_t i, int previous, int before_previous,
                       uint64_t* out) {
  const WordHashes& w = words[i];
  auto lower_at = [&](ptrdiff_t k) -> uint64_t {
    ptrdiff_t j = static_cast<ptrdiff_t>(i) + k;
    return j < 0 || j >= static_cast<ptrdiff_t>(words.size()) ? kNoWordHash + static_cast<uint64_t>(k + 3)
                                                               : words[static_cast<size_t>(j)].lower;
  };
  auto suffix3_at = [&](ptrdiff_t k) -> uint64_t {
    ptrdiff_t j = static_cast<ptrdiff_t>(i) + k;
    return j < 0 || j >= static_cast<ptrdiff_t>(words.size()) ? kNoWordHash + static_cast<uint64_t>(k + 3)
                                                               : words[static_cast<size_t>(j)].suffix[2];
  };
  auto t1 = static_cast<uint64_t>(previous + 2);
  auto t2 = static_cast<uint64_t>(before_previous + 2);
  size_t n = 0;
  out[n++] = feature_key(1, 0);
  out[n++] = feature_key(2, w.lower);
  out[n++] = feature_key(3, w.cased);
  for (uint64_t k = 0; k < 4; ++k) out[n++] = feature_key(4 + k, w.suffix[k]);
  for (uint64_t k = 0; k < 3; ++k) out[n++] = feature_key(8 + k, w.prefix[k]);
  out[n++] = feature_key(11, w.shape);
  out[n++] = feature_key(12, lower_at(-1));
  out[n++] = feature_key(13, lower_at(1));
  out[n++] = feature_key(14, lower_at(-2));
  out[n++] = feature_key(15, lower_at(2));
  out[n++] = feature_key(16, t1);
  out[n++] = feature_key(17, t1, t2);
  out[n++] = feature_key(18, t1, w.lower);
  out[n++] = feature_key(19, suffix3_at(1));
  out[n++] = feature_key(20, suffix3_at(-1));
  out[n++] = feature_key(21, w.lower, lower_at(1));
  out[n++] = feature_key(22, lower_at(-1), w.lower);
  out[n++] = feature_key(23, t1, w.suffix[2]);
  out[n++] = feature_key(24, i == 0 ? 1 : 0, w.shape);
  out[n++] = feature_key(25, t1, lower_at(1));
  out[n++] = feature_key(26, w.suffix[1], lower_at(1));
  return n;
}

void Tagger::tag(const std::vector<WordHashes>& words, std::vector<int>& tags) const {
  const int class_count = static_cast<int>(classes_.size());
  tags.assign(words.size(), 0);
  uint64_t features[kMaxTaggerFeatures];
  std::vector<int32_t> scores(static_cast<size_t>(class_count));
  int previous = -1;
  int before_previous = -1;
  for (size_t i = 0; i < words.size(); ++i) {
    size_t count = tagger_features(words, i, previous, before_previous, features);
    std::fill(scores.begin(), scores.end(), 0);
    weights_.add_scores(features, count, scores.data());
    int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    tags[i] = best;
    before_previous = previous;
    previous = best;
  }
}

Tagger Tagger::train(const std::vector<TagClass>& classes, const std::vector<TaggedSentence>& sentences,
                     const TaggerTrainingOptions& options) {
  const int class_count = static_cast<int>(classes.size());
  PerceptronTrainer trainer(class_count);
  std::vector<std::vector<WordHashes>> hashed(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s)
    for (const std::string& form : sentences[s].forms) hashed[s].push_back(word_hashes(form));
  std::vector<size_t> order(sentences.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 random(options.seed);
  uint64_t features[kMaxTaggerFeatures];
  std::vector<double> scores(static_cast<size_t>(class_count));
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    // Fisher-Yates with our own draws, so the order does not depend on the library.
    for (size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[random() % k]);
    for (size_t s : order) {
      const std::vector<WordHashes>& words = hashed[s];
      int previous = -1;
      int before_previous = -1;
      for (size_t i = 0; i < words.size(); ++i) {
        size_t count = tagger_features(words, i, previous, before_previous, features);
        std::fill(scores.begin(), scores.end(), 0.0);
        trainer.add_scores(features, count, scores.data());
        int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
        int gold = sentences[s].tags[i];
        trainer.update(features, count, gold, best);
        trainer.tick();
        before_previous = previous;
        previous = best;
      }
    }
  }
  return Tagger(classes, trainer.finish(options.prune_below));
}

}  // namespace vigie::syntax
