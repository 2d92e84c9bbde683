#include "entities/word_clusters.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "entities/fallback_tokenizer.h"
#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

constexpr int kDims = 64;
constexpr std::array<int, 3> kClusterCounts = {32, 128, 512};

uint64_t splitmix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Spherical k-means over unit rows; returns each row's cluster.
std::vector<uint16_t> kmeans(const std::vector<float>& rows, size_t n, int k, int iterations) {
  std::vector<float> centroids(static_cast<size_t>(k) * kDims);
  for (int c = 0; c < k; ++c) {
    size_t row = static_cast<size_t>(c) * n / k;
    std::copy_n(&rows[row * kDims], kDims, &centroids[static_cast<size_t>(c) * kDims]);
  }
  std::vector<uint16_t> assign(n, 0);
  for (int it = 0; it < iterations; ++it) {
    for (size_t r = 0; r < n; ++r) {
      const float* v = &rows[r * kDims];
      float best = -1e30f;
      int best_c = 0;
      for (int c = 0; c < k; ++c) {
        const float* m = &centroids[static_cast<size_t>(c) * kDims];
        float dot = 0;
        for (int d = 0; d < kDims; ++d) dot += v[d] * m[d];
        if (dot > best) {
          best = dot;
          best_c = c;
        }
      }
      assign[r] = static_cast<uint16_t>(best_c);
    }
    std::vector<double> sums(static_cast<size_t>(k) * kDims, 0.0);
    for (size_t r = 0; r < n; ++r) {
      for (int d = 0; d < kDims; ++d) sums[assign[r] * kDims + d] += rows[r * kDims + d];
    }
    for (int c = 0; c < k; ++c) {
      double norm = 0;
      for (int d = 0; d < kDims; ++d) norm += sums[c * kDims + d] * sums[c * kDims + d];
      if (norm <= 0) continue;  // empty cluster keeps its centroid
      norm = std::sqrt(norm);
      for (int d = 0; d < kDims; ++d) centroids[c * kDims + d] = static_cast<float>(sums[c * kDims + d] / norm);
    }
  }
  return assign;
}

}  // namespace

Result<WordClusters> WordClusters::parse(std::string_view content, const std::string& file_name) {
  WordClusters clusters;
  size_t pos = 0;
  int line_number = 0;
  bool has_header = false;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    if (!has_header) {
      std::string magic = std::string(kClusterMagic) + "\t";
      if (!line.starts_with(magic)) {
        return make_error(ErrorKind::kInvalidInput, file_name, "not a word-cluster file (no vigie-word-clusters header)",
                          std::to_string(line_number));
      }
      int version = std::atoi(std::string(line.substr(magic.size())).c_str());
      if (version > kClusterFormatVersion) {
        return make_error(ErrorKind::kUnsupportedVersion, file_name,
                          "word-cluster format version " + std::to_string(version) + " is newer than this build (" +
                              std::to_string(kClusterFormatVersion) + "); rebuild with scripts/train-ner.sh");
      }
      has_header = true;
      continue;
    }
    // word \t coarse \t medium \t fine \t capital bucket
    size_t t1 = line.find('\t');
    if (t1 == std::string_view::npos) {
      return make_error(ErrorKind::kInvalidInput, file_name, "expected 5 tab-separated fields",
                        std::to_string(line_number));
    }
    WordClusterInfo info;
    unsigned a = 0, b = 0, c = 0, cap = 0;
    if (std::sscanf(std::string(line.substr(t1 + 1)).c_str(), "%u\t%u\t%u\t%u", &a, &b, &c, &cap) != 4) {
      return make_error(ErrorKind::kInvalidInput, file_name, "expected 5 tab-separated fields",
                        std::to_string(line_number));
    }
    info.cluster = {static_cast<uint16_t>(a), static_cast<uint16_t>(b), static_cast<uint16_t>(c)};
    info.capital_bucket = static_cast<uint8_t>(cap);
    clusters.words_.emplace(std::string(line.substr(0, t1)), info);
  }
  if (!has_header) return make_error(ErrorKind::kInvalidInput, file_name, "empty word-cluster file");
  return clusters;
}

Status build_word_clusters(const ClusterOptions& options) {
  std::string command;
  FILE* in = nullptr;
  bool is_pipe = options.corpus_path.ends_with(".gz");
  if (is_pipe) {
    // The entities stage does not link zlib; gzip is on every machine that has the data.
    command = "gzip -dc '" + options.corpus_path + "'";
    in = popen(command.c_str(), "r");
  } else {
    in = std::fopen(options.corpus_path.c_str(), "rb");
  }
  if (in == nullptr) return make_error(ErrorKind::kIo, options.corpus_path, "cannot open the unlabelled corpus");

  // Pass 1 keeps the folded token ids of every sentence.
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> words;
  std::vector<uint64_t> counts, capitalised, mid_sentence;
  std::vector<std::vector<uint32_t>> sentences;
  std::string line;
  std::vector<char> buffer(1 << 20);
  size_t articles = 0;
  std::vector<Sentence> sents;
  std::vector<Token> tokens;
  auto add_text = [&](const std::string& text) {
    fallback_segment(text, sents, tokens);
    for (const auto& s : sents) {
      std::vector<uint32_t> seq;
      seq.reserve(s.token_count);
      for (uint32_t t = s.first_token; t < s.first_token + s.token_count; ++t) {
        std::string_view raw = tokens[t].span.in(text);
        std::string key = fold_key(raw);
        auto [it, inserted] = ids.emplace(key, static_cast<uint32_t>(words.size()));
        if (inserted) {
          words.push_back(key);
          counts.push_back(0);
          capitalised.push_back(0);
          mid_sentence.push_back(0);
        }
        uint32_t id = it->second;
        ++counts[id];
        if (t != s.first_token) {
          ++mid_sentence[id];
          if (starts_upper(raw)) ++capitalised[id];
        }
        seq.push_back(id);
      }
      sentences.push_back(std::move(seq));
    }
  };
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), in) != nullptr) {
    line += buffer.data();
    if (line.empty() || line.back() != '\n') continue;
    auto json = nlohmann::json::parse(line, nullptr, false);
    line.clear();
    if (json.is_discarded() || !json.is_object()) continue;
    for (const char* field : {"title", "heading", "article"}) {
      if (json.contains(field) && json[field].is_string()) add_text(json[field].get<std::string>());
    }
    if (++articles == options.max_articles) break;
  }
  if (is_pipe) pclose(in);
  else std::fclose(in);
  if (articles == 0) return make_error(ErrorKind::kInvalidInput, options.corpus_path, "no articles read");

  // Vocabulary and contexts by frequency, ties by spelling.
  std::vector<uint32_t> order(words.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : words[a] < words[b];
  });
  size_t vocab = std::min(options.vocabulary_size, order.size());
  size_t contexts = std::min(options.context_size, order.size());
  std::vector<int32_t> rank(words.size(), -1);
  for (size_t r = 0; r < vocab; ++r) rank[order[r]] = static_cast<int32_t>(r);
  const size_t width = 2 * contexts + 2;  // left contexts, right contexts, sentence start, end
  std::vector<uint32_t> cooc(vocab * width, 0);
  for (const auto& seq : sentences) {
    for (size_t i = 0; i < seq.size(); ++i) {
      int32_t r = rank[seq[i]];
      if (r < 0) continue;
      uint32_t* row = &cooc[static_cast<size_t>(r) * width];
      if (i == 0) ++row[2 * contexts];
      else if (int32_t l = rank[seq[i - 1]]; l >= 0 && static_cast<size_t>(l) < contexts) ++row[l];
      if (i + 1 == seq.size()) ++row[2 * contexts + 1];
      else if (int32_t n = rank[seq[i + 1]]; n >= 0 && static_cast<size_t>(n) < contexts) ++row[contexts + n];
    }
  }
  sentences.clear();
  sentences.shrink_to_fit();

  // Random ±1 projection with a fixed seed.
  std::vector<float> projection(width * kDims);
  uint64_t seed = 20240601;
  for (auto& p : projection) p = (splitmix(seed) & 1) ? 1.0f : -1.0f;
  std::vector<float> rows(vocab * kDims, 0.0f);
  for (size_t r = 0; r < vocab; ++r) {
    float* v = &rows[r * kDims];
    for (size_t c = 0; c < width; ++c) {
      uint32_t n = cooc[r * width + c];
      if (n == 0) continue;
      float w = std::log1p(static_cast<float>(n));
      const float* p = &projection[c * kDims];
      for (int d = 0; d < kDims; ++d) v[d] += w * p[d];
    }
    double norm = 0;
    for (int d = 0; d < kDims; ++d) norm += static_cast<double>(v[d]) * v[d];
    if (norm > 0) {
      float inv = static_cast<float>(1.0 / std::sqrt(norm));
      for (int d = 0; d < kDims; ++d) v[d] *= inv;
    }
  }
  cooc.clear();
  cooc.shrink_to_fit();

  std::array<std::vector<uint16_t>, 3> assign;
  for (int g = 0; g < 3; ++g) assign[g] = kmeans(rows, vocab, kClusterCounts[g], options.iterations);

  std::ofstream out(options.output_path, std::ios::binary);
  if (!out) return make_error(ErrorKind::kIo, options.output_path, "cannot write the word-cluster file");
  out << kClusterMagic << '\t' << kClusterFormatVersion << '\n';
  out << "# Generated by scripts/train-ner.sh (vigie train ner --clusters) from " << articles
      << " articles of ../shared/data/news-fr-unlabeled (CC BY-SA 4.0); do not edit.\n";
  out << "# folded word, cluster of 32, of 128, of 512, capitalisation bucket (0-3)\n";
  for (size_t r = 0; r < vocab; ++r) {
    uint32_t id = order[r];
    double ratio = mid_sentence[id] == 0 ? 0.0 : static_cast<double>(capitalised[id]) / mid_sentence[id];
    int bucket = ratio < 0.1 ? 0 : ratio < 0.5 ? 1 : ratio < 0.9 ? 2 : 3;
    out << words[id] << '\t' << assign[0][r] << '\t' << assign[1][r] << '\t' << assign[2][r] << '\t' << bucket << '\n';
  }
  if (!out) return make_error(ErrorKind::kIo, options.output_path, "write failed");
  return Status::success();
}

}  // namespace vigie::entities
