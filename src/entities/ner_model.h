#pragma once
// The statistical part of recognition: feature extraction and a linear-chain model
// over BIO labels (O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC, B-MISC, I-MISC),
// decoded with Viterbi. Weights come from an averaged structured perceptron
// (entities/ner_trainer.h). Features are hashed to 64 bits; the model keeps only the
// features seen in training, in an open-addressing table, with int16 weights.
//
// File format (docs/ENTITIES.md, "NER model file"): "VIGIENER" magic, format version,
// then little-endian sections. A NerModel is immutable after loading and may be shared
// between threads; decode() uses only caller-owned buffers.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "entities/knowledge_base.h"
#include "entities/word_clusters.h"

namespace vigie::entities {

inline constexpr int kNerFormatVersion = 1;
inline constexpr int kNumLabels = 9;

inline uint8_t begin_label(EntityType type) { return static_cast<uint8_t>(1 + 2 * static_cast<int>(type)); }
inline uint8_t inside_label(EntityType type) { return static_cast<uint8_t>(2 + 2 * static_cast<int>(type)); }
inline bool is_begin(uint8_t label) { return label != 0 && (label % 2) == 1; }
inline EntityType label_type(uint8_t label) { return static_cast<EntityType>((label - 1) / 2); }
// I-X may only follow B-X or I-X.
inline bool is_allowed(uint8_t previous, uint8_t label) {
  return label == 0 || is_begin(label) || (previous != 0 && label_type(previous) == label_type(label));
}

// One sentence as the model sees it: words and whether a space precedes each.
struct NerInput {
  std::vector<std::string_view> words;
  std::vector<uint8_t> gap_before;
};

// Reusable per-thread buffers for feature extraction and decoding.
struct NerScratch {
  std::vector<std::string> folded;
  std::vector<std::string> shapes;
  std::vector<const WordClusterInfo*> clusters;
  std::vector<uint8_t> gazetteer;  // 0 none, else 1 + label of the longest KB match
  std::vector<uint8_t> is_demonym;
  std::vector<uint8_t> after_role;
  std::vector<uint64_t> features;  // flattened
  std::vector<uint32_t> feature_offsets;
  std::vector<float> scores;
  std::vector<float> viterbi;
  std::vector<uint8_t> back;
};

// Builds the hashed features of every word of `input` into scratch.features, word i
// owning [feature_offsets[i], feature_offsets[i+1]). `clusters` and `kb` may be null.
void extract_features(const NerInput& input, const WordClusters* clusters, const KnowledgeBase* kb,
                      NerScratch& scratch);

// Viterbi over `scores` (n x kNumLabels) under the BIO constraint; fills `labels`.
void viterbi_decode(const float* scores, size_t n, const float* transitions, const float* start,
                    std::vector<float>& lattice, std::vector<uint8_t>& back, std::vector<uint8_t>& labels);

class NerModel {
 public:
  // Training side: builds from feature hashes and their weights (rows of kNumLabels).
  // Weights are quantised to int16 with the largest at 32000; a feature is kept when one
  // of its weights exceeds `min_quantised_weight` in absolute value.
  NerModel(std::string lang, std::string clusters_file, std::vector<uint64_t> feature_hashes,
           const std::vector<float>& weights, const std::vector<float>& transitions,
           const std::vector<float>& start_weights, int min_quantised_weight = 16);
  NerModel() = default;

  static Result<NerModel> parse(std::string_view bytes, const std::string& file_name);
  std::string serialize() const;

  // Labels of each word of `input` (scratch must hold its features); `confidence[i]` is
  // a softmax of the word's best label score against the others.
  void decode(NerScratch& scratch, size_t word_count, std::vector<uint8_t>& labels,
              std::vector<float>& confidence) const;

  const std::string& lang() const { return lang_; }
  const std::string& clusters_file() const { return clusters_file_; }
  size_t feature_count() const { return hashes_.size(); }

 private:
  void build_table();
  const int16_t* row(uint64_t hash) const;
  static uint8_t tag_of(uint64_t hash) { return static_cast<uint8_t>((hash >> 56) | 1); }

  // One open-addressing slot: the feature hash and its weights in one 32-byte line, so a
  // lookup touches one cache line (and can be prefetched) instead of three arrays.
  struct alignas(32) Slot {
    uint64_t hash = 0;  // 0 empty (hash_mix never yields 0 for a seen feature in practice;
                        // a real 0 hash lives in zero_row_)
    int16_t weights[kNumLabels] = {};
  };

  std::string lang_;
  std::string clusters_file_;  // under models/, "" when trained without clusters
  float scale_ = 1.0f;
  std::vector<uint64_t> hashes_;    // sorted
  std::vector<int16_t> weights_;    // hashes_.size() x kNumLabels
  std::vector<float> transitions_;  // kNumLabels x kNumLabels (previous, current)
  std::vector<float> start_;        // kNumLabels
  std::vector<Slot> table_;         // open addressing by hash & table_mask_, linear probing
  std::vector<uint8_t> tags_;       // per slot: 0 empty, else the top hash bits | 1; 1/32 of
                                    // the table, so most absent features are ruled out in cache
  uint64_t table_mask_ = 0;
  bool has_zero_hash_ = false;      // the (unlikely) feature whose hash is 0
  Slot zero_row_;
};

}  // namespace vigie::entities
