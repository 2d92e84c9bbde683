#pragma once
// Word clusters learned from unlabelled French news, used as features by the NER
// model: each frequent folded word gets a cluster id at three granularities (32, 128 and
// 512 clusters) and a capitalisation bucket (how often it is written with a capital
// letter away from the start of a sentence: names are, "Le" is not).
//
// Learning (build_word_clusters): counts of the 256 most frequent words to the left and
// right of each of the 30,000 most frequent words, log-scaled, randomly projected to 64
// dimensions with a fixed seed, then spherical k-means with deterministic initialisation
// (evenly spaced frequency ranks) and a fixed number of iterations. Same input, same
// bytes. File format: docs/ENTITIES.md ("Word-cluster file").
// Immutable after loading; safe to share between threads.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

namespace vigie::entities {

inline constexpr int kClusterFormatVersion = 1;
inline constexpr const char* kClusterMagic = "vigie-word-clusters";

struct WordClusterInfo {
  std::array<uint16_t, 3> cluster{};  // coarse, medium, fine
  uint8_t capital_bucket = 0;         // 0: <10% capitalised mid-sentence, 1: <50%, 2: <90%, 3: >=90%
};

class WordClusters {
 public:
  static Result<WordClusters> parse(std::string_view content, const std::string& file_name);
  const WordClusterInfo* find(std::string_view folded_word) const {
    auto it = words_.find(std::string(folded_word));
    return it == words_.end() ? nullptr : &it->second;
  }
  size_t size() const { return words_.size(); }

 private:
  std::unordered_map<std::string, WordClusterInfo> words_;
};

struct ClusterOptions {
  std::string corpus_path;  // JSONL with "title", "heading", "article" (".gz" read through gzip -dc)
  std::string output_path;
  size_t max_articles = 0;  // 0: all
  size_t vocabulary_size = 30000;
  size_t context_size = 256;
  int iterations = 12;
};

Status build_word_clusters(const ClusterOptions& options);

}  // namespace vigie::entities
