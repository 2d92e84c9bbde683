#pragma once
// Internal to the syntax stage: the averaged multiclass perceptron shared by the
// tagger, the parser's transition classifier and its label classifier.
//
// Features are 64-bit hashes (feature_key). Training keeps, per feature, a short list
// of (class, weight) pairs with lazily updated sums for averaging
// (PerceptronTrainer). finish() averages, quantises to int16 and prunes the pairs
// that round to zero, giving CompactWeights: 32-bit keys (hashes folded; the rare
// collisions are merged by summing) in an open-addressing table, then the pairs.
// CompactWeights is immutable and safe to share between threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigie::syntax {

// Mixes a template id and up to three value hashes into a feature key.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
inline uint64_t feature_key(uint64_t template_id, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return mix64(mix64(mix64(template_id * 0x9e3779b97f4a7c15ULL + a) + b) + c);
}
uint64_t hash_string(std::string_view text);

class CompactWeights {
 public:
  CompactWeights() = default;
  int class_count() const { return class_count_; }
  size_t feature_count() const { return keys_.size(); }
  size_t pair_count() const { return pair_classes_.size(); }

  // Adds the weights of `features` to `scores` (class_count entries, zeroed by the caller).
  void add_scores(const uint64_t* features, size_t count, int32_t* scores) const;

  // Binary form, little endian; see docs/SYNTAX.md.
  void write(std::string& out) const;
  // Reads from `in` at `pos`; false when the bytes are not a weight table.
  bool read(std::string_view in, size_t& pos);

  // A copy without the pairs whose weight magnitude is below `min_abs` (and without
  // the features left with none): the same as training with prune_below = min_abs.
  CompactWeights pruned(int min_abs) const;

  // Builds from sorted folded keys with their pairs (used by PerceptronTrainer).
  void assign(int class_count, std::vector<uint32_t> keys, std::vector<uint32_t> offsets,
              std::vector<uint16_t> pair_classes, std::vector<int16_t> pair_weights);

 private:
  void build_table();
  static uint32_t fold(uint64_t key) {
    uint32_t folded = static_cast<uint32_t>(key ^ (key >> 32));
    return folded == 0 ? 1 : folded;
  }

  int class_count_ = 0;
  std::vector<uint32_t> keys_;      // sorted
  std::vector<uint32_t> offsets_;   // keys_.size() + 1 entries into the pair arrays
  std::vector<uint16_t> pair_classes_;
  std::vector<int16_t> pair_weights_;
  // Run-time layout: one slot per entry of an open-addressing table (key 0 = empty)
  // holding where its pairs start, and the pairs interleaved, so a lookup touches two
  // cache lines instead of five; add_scores prefetches them all first.
  struct Slot {
    uint32_t key = 0;
    uint32_t first_pair = 0;
    uint32_t pair_count = 0;
  };
  struct Pair {
    uint16_t cls;
    int16_t weight;
  };
  std::vector<Slot> table_;
  std::vector<Pair> pairs_;
  uint32_t table_mask_ = 0;
};

class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(int class_count) : class_count_(class_count) {}
  int class_count() const { return class_count_; }

  // Current (not averaged) scores, for decoding during training.
  void add_scores(const uint64_t* features, size_t count, double* scores) const;
  // Moves weight from `predicted` to `gold` for every feature; counts one step.
  void update(const uint64_t* features, size_t count, int gold, int predicted);
  // Call once per training example so averaging weighs examples equally.
  void tick() { ++clock_; }

  // Averaged, quantised (int16, largest weight = 32767) and pruned weights: pairs
  // whose quantised magnitude is below `prune_below` are dropped.
  CompactWeights finish(long prune_below = 1) const;

 private:
  struct Pair {
    uint16_t cls;
    float weight;
    double total;
    int64_t stamp;
  };
  int class_count_;
  int64_t clock_ = 1;
  std::unordered_map<uint64_t, std::vector<Pair>> weights_;
};

}  // namespace vigie::syntax
