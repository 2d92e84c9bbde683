#include "entities/ner_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

constexpr char kMagic[8] = {'V', 'I', 'G', 'I', 'E', 'N', 'E', 'R'};

// Feature templates: each hashes its value with its own seed.
enum Template : uint64_t {
  kBias = 1, kWord, kFold, kShape, kPrefix, kSuffix, kPrev1, kNext1, kPrev2, kNext2, kShapePrev, kShapeNext,
  kBigramPrev, kBigramNext, kClusterA, kClusterB, kClusterC, kClusterPrevB, kClusterNextB, kCapital, kCapitalRatio,
  kGazetteer, kGazetteerPrev, kGazetteerNext, kDemonym, kAfterRole, kFirst, kLength, kUpperRun, kClusterPrevC,
  kClusterNextC, kShapeWindow,
};

inline uint64_t seed_of(uint64_t t) { return 1469598103934665603ULL ^ (t * 0x9E3779B97F4A7C15ULL); }
inline uint64_t feature(uint64_t t, std::string_view value) { return hash_mix(hash_bytes(value, seed_of(t))); }
inline uint64_t feature(uint64_t t, uint64_t value) { return hash_mix(seed_of(t) ^ (value * 0xD6E8FEB86659FD93ULL)); }
inline uint64_t feature2(uint64_t t, std::string_view a, std::string_view b) {
  return hash_mix(hash_bytes(b, hash_bytes("\x1f", hash_bytes(a, seed_of(t)))));
}

// Byte length of the first `n` UTF-8 characters of `s`.
size_t utf8_prefix(std::string_view s, size_t n) {
  size_t i = 0;
  while (i < s.size() && n > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --n;
  }
  return i;
}
size_t utf8_suffix(std::string_view s, size_t n) {
  size_t i = s.size();
  while (i > 0 && n > 0) {
    --i;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    --n;
  }
  return s.size() - i;
}

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
template <typename T>
bool get(std::string_view& in, T& value) {
  if (in.size() < sizeof value) return false;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return true;
}
bool get_string(std::string_view& in, std::string& value) {
  uint32_t n = 0;
  if (!get(in, n) || in.size() < n) return false;
  value.assign(in.data(), n);
  in.remove_prefix(n);
  return true;
}

}  // namespace

void extract_features(const NerInput& input, const WordClusters* clusters, const KnowledgeBase* kb,
                      NerScratch& s) {
  const size_t n = input.words.size();
  s.folded.resize(n);
  s.shapes.resize(n);
  s.clusters.assign(n, nullptr);
  s.gazetteer.assign(n, 0);
  s.is_demonym.assign(n, 0);
  s.after_role.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    s.folded[i].clear();
    append_folded(input.words[i], s.folded[i]);
    s.shapes[i] = word_shape(input.words[i]);
    if (clusters != nullptr) s.clusters[i] = clusters->find(s.folded[i]);
  }
  if (kb != nullptr) {
    for (uint32_t i = 0; i < n;) {
      uint32_t value = 0;
      uint32_t len = kb->aliases().longest_match(s.folded, input.gap_before, i, static_cast<uint32_t>(n), 8, value);
      // Acronym-only aliases ("UN", "AU") need capitals: "Un" and "Au" are words.
      if (len == 1 && kb->is_acronym_only(s.folded[i]) && !is_all_upper(input.words[i])) len = 0;
      if (len == 0) {
        ++i;
        continue;
      }
      EntityType type = kb->entries()[value].type;
      s.gazetteer[i] = 1 + begin_label(type);
      for (uint32_t j = i + 1; j < i + len; ++j) s.gazetteer[j] = 1 + inside_label(type);
      i += len;
    }
    for (uint32_t i = 0; i < n; ++i) {
      if (kb->demonym(s.folded[i]) != nullptr) s.is_demonym[i] = 1;
      uint32_t value = 0;
      uint32_t len = kb->roles().longest_match(s.folded, input.gap_before, i, static_cast<uint32_t>(n), 5, value);
      if (len > 0 && i + len < n) s.after_role[i + len] = 1;
    }
  }
  static const std::string kStart = "<s>", kEnd = "</s>";
  auto fold_at = [&](ptrdiff_t i) -> const std::string& {
    return i < 0 ? kStart : i >= static_cast<ptrdiff_t>(n) ? kEnd : s.folded[i];
  };
  auto shape_at = [&](ptrdiff_t i) -> const std::string& {
    return i < 0 ? kStart : i >= static_cast<ptrdiff_t>(n) ? kEnd : s.shapes[i];
  };
  auto cluster_at = [&](ptrdiff_t i, int g) -> uint64_t {
    if (i < 0) return 60001;
    if (i >= static_cast<ptrdiff_t>(n)) return 60002;
    return s.clusters[i] == nullptr ? 60000 : s.clusters[i]->cluster[g];
  };
  auto gaz_at = [&](ptrdiff_t i) -> uint64_t { return i < 0 || i >= static_cast<ptrdiff_t>(n) ? 99 : s.gazetteer[i]; };

  s.features.clear();
  s.feature_offsets.assign(n + 1, 0);
  for (size_t ui = 0; ui < n; ++ui) {
    ptrdiff_t i = static_cast<ptrdiff_t>(ui);
    auto& f = s.features;
    s.feature_offsets[ui] = static_cast<uint32_t>(f.size());
    std::string_view word = input.words[ui];
    const std::string& folded = s.folded[ui];
    f.push_back(feature(kBias, uint64_t{0}));
    f.push_back(feature(kWord, word));
    f.push_back(feature(kFold, folded));
    f.push_back(feature(kShape, s.shapes[ui]));
    for (size_t k = 1; k <= 4; ++k) {
      size_t p = utf8_prefix(folded, k);
      size_t q = utf8_suffix(folded, k);
      if (p < folded.size()) f.push_back(feature(kPrefix, folded.substr(0, p)));
      if (q < folded.size()) f.push_back(feature(kSuffix, folded.substr(folded.size() - q)));
    }
    f.push_back(feature(kPrev1, fold_at(i - 1)));
    f.push_back(feature(kNext1, fold_at(i + 1)));
    f.push_back(feature(kPrev2, fold_at(i - 2)));
    f.push_back(feature(kNext2, fold_at(i + 2)));
    f.push_back(feature2(kShapePrev, shape_at(i - 1), s.shapes[ui]));
    f.push_back(feature2(kShapeNext, s.shapes[ui], shape_at(i + 1)));
    f.push_back(feature2(kBigramPrev, fold_at(i - 1), folded));
    f.push_back(feature2(kBigramNext, folded, fold_at(i + 1)));
    f.push_back(hash_mix(feature(kShapeWindow, shape_at(i - 1)) ^ feature(kShapeWindow, s.shapes[ui]) * 3 ^
                         feature(kShapeWindow, shape_at(i + 1)) * 7));
    if (clusters != nullptr) {
      f.push_back(feature(kClusterA, cluster_at(i, 0)));
      f.push_back(feature(kClusterB, cluster_at(i, 1)));
      f.push_back(feature(kClusterC, cluster_at(i, 2)));
      f.push_back(feature(kClusterPrevB, cluster_at(i - 1, 1)));
      f.push_back(feature(kClusterNextB, cluster_at(i + 1, 1)));
      f.push_back(feature(kClusterPrevC, cluster_at(i - 1, 2)));
      f.push_back(feature(kClusterNextC, cluster_at(i + 1, 2)));
    }
    bool upper = starts_upper(word);
    bool all_upper = is_all_upper(word);
    uint64_t cap = (upper ? 1 : 0) | (all_upper ? 2 : 0) | (ui == 0 ? 4 : 0);
    f.push_back(feature(kCapital, cap));
    if (upper) {
      uint64_t ratio = s.clusters[ui] == nullptr ? 9 : s.clusters[ui]->capital_bucket;
      f.push_back(feature(kCapitalRatio, ratio * 2 + (ui == 0 ? 1 : 0)));
      // Capitalised neighbours: names are runs of capitals.
      uint64_t run = (i > 0 && starts_upper(input.words[ui - 1]) ? 1 : 0) |
                     (ui + 1 < n && starts_upper(input.words[ui + 1]) ? 2 : 0);
      f.push_back(feature(kUpperRun, run));
    }
    f.push_back(feature(kGazetteer, gaz_at(i) * 4 + (upper ? 1 : 0)));
    f.push_back(feature(kGazetteerPrev, gaz_at(i - 1)));
    f.push_back(feature(kGazetteerNext, gaz_at(i + 1)));
    if (s.is_demonym[ui]) f.push_back(feature(kDemonym, uint64_t{upper ? 1u : 0u}));
    if (s.after_role[ui]) f.push_back(feature(kAfterRole, uint64_t{upper ? 1u : 0u}));
    if (ui == 0) f.push_back(feature(kFirst, uint64_t{1}));
    f.push_back(feature(kLength, std::min<uint64_t>(folded.size(), 12)));
  }
  s.feature_offsets[n] = static_cast<uint32_t>(s.features.size());
}

NerModel::NerModel(std::string lang, std::string clusters_file, std::vector<uint64_t> feature_hashes,
                   const std::vector<float>& weights, const std::vector<float>& transitions,
                   const std::vector<float>& start_weights, int min_quantised_weight)
    : lang_(std::move(lang)), clusters_file_(std::move(clusters_file)), transitions_(transitions), start_(start_weights) {
  float max_abs = 1e-9f;
  for (float w : weights) max_abs = std::max(max_abs, std::fabs(w));
  scale_ = max_abs / 32000.0f;
  // Keep features with a weight that survives quantisation, in hash order.
  std::vector<size_t> order(feature_hashes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return feature_hashes[a] < feature_hashes[b]; });
  for (size_t i : order) {
    int16_t q[kNumLabels];
    bool any = false;
    for (int l = 0; l < kNumLabels; ++l) {
      long v = std::lround(weights[i * kNumLabels + l] / scale_);
      q[l] = static_cast<int16_t>(std::clamp<long>(v, -32767, 32767));
      if (std::abs(q[l]) > min_quantised_weight) any = true;  // drop features whose weights are all tiny
    }
    if (!any) continue;
    hashes_.push_back(feature_hashes[i]);
    weights_.insert(weights_.end(), q, q + kNumLabels);
  }
  build_table();
}

void NerModel::build_table() {
  size_t capacity = 16;
  while (capacity < hashes_.size() * 2) capacity *= 2;
  table_.assign(capacity, Slot{});
  tags_.assign(capacity, 0);
  table_mask_ = capacity - 1;
  has_zero_hash_ = false;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    Slot* slot_ptr = nullptr;
    if (hashes_[i] == 0) {
      has_zero_hash_ = true;
      slot_ptr = &zero_row_;
    } else {
      uint64_t slot = hashes_[i] & table_mask_;
      while (table_[slot].hash != 0) slot = (slot + 1) & table_mask_;
      slot_ptr = &table_[slot];
      tags_[slot] = tag_of(hashes_[i]);
    }
    slot_ptr->hash = hashes_[i];
    std::memcpy(slot_ptr->weights, &weights_[i * kNumLabels], sizeof slot_ptr->weights);
  }
}

const int16_t* NerModel::row(uint64_t hash) const {
  if (hash == 0) return has_zero_hash_ ? zero_row_.weights : nullptr;
  const uint8_t tag = tag_of(hash);
  uint64_t slot = hash & table_mask_;
  while (true) {
    uint8_t t = tags_[slot];
    if (t == 0) return nullptr;
    if (t == tag && table_[slot].hash == hash) return table_[slot].weights;
    slot = (slot + 1) & table_mask_;
  }
}

std::string NerModel::serialize() const {
  std::string out(kMagic, sizeof kMagic);
  put(out, static_cast<uint32_t>(kNerFormatVersion));
  put(out, static_cast<uint32_t>(kNumLabels));
  put(out, static_cast<uint32_t>(lang_.size()));
  out += lang_;
  put(out, static_cast<uint32_t>(clusters_file_.size()));
  out += clusters_file_;
  put(out, scale_);
  for (float t : transitions_) put(out, t);
  for (float t : start_) put(out, t);
  put(out, static_cast<uint64_t>(hashes_.size()));
  out.append(reinterpret_cast<const char*>(hashes_.data()), hashes_.size() * sizeof(uint64_t));
  out.append(reinterpret_cast<const char*>(weights_.data()), weights_.size() * sizeof(int16_t));
  return out;
}

Result<NerModel> NerModel::parse(std::string_view in, const std::string& file_name) {
  auto damaged = [&](const char* what) {
    return make_error(ErrorKind::kInvalidInput, file_name,
                      std::string("damaged NER model (") + what + "); rebuild it with scripts/train-ner.sh");
  };
  if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) {
    return make_error(ErrorKind::kInvalidInput, file_name, "not a vigie NER model (no VIGIENER magic)");
  }
  in.remove_prefix(sizeof kMagic);
  uint32_t version = 0, labels = 0;
  if (!get(in, version)) return damaged("truncated header");
  if (version > static_cast<uint32_t>(kNerFormatVersion)) {
    return make_error(ErrorKind::kUnsupportedVersion, file_name,
                      "NER model format version " + std::to_string(version) + " is newer than this build (" +
                          std::to_string(kNerFormatVersion) +
                          "); rebuild the model with scripts/train-ner.sh or update vigie");
  }
  if (version < 1) return damaged("version 0");
  NerModel model;
  if (!get(in, labels) || labels != kNumLabels) return damaged("label count");
  if (!get_string(in, model.lang_) || !get_string(in, model.clusters_file_) || !get(in, model.scale_)) {
    return damaged("truncated header");
  }
  model.transitions_.resize(kNumLabels * kNumLabels);
  model.start_.resize(kNumLabels);
  for (float& t : model.transitions_) {
    if (!get(in, t)) return damaged("truncated transitions");
  }
  for (float& t : model.start_) {
    if (!get(in, t)) return damaged("truncated transitions");
  }
  uint64_t count = 0;
  if (!get(in, count) || in.size() != count * (sizeof(uint64_t) + kNumLabels * sizeof(int16_t))) {
    return damaged("feature table size");
  }
  model.hashes_.resize(count);
  std::memcpy(model.hashes_.data(), in.data(), count * sizeof(uint64_t));
  in.remove_prefix(count * sizeof(uint64_t));
  model.weights_.resize(count * kNumLabels);
  std::memcpy(model.weights_.data(), in.data(), count * kNumLabels * sizeof(int16_t));
  model.build_table();
  return model;
}

void NerModel::decode(NerScratch& s, size_t n, std::vector<uint8_t>& labels, std::vector<float>& confidence) const {
  labels.assign(n, 0);
  confidence.assign(n, 1.0f);
  if (n == 0) return;
  s.scores.assign(n * kNumLabels, 0.0f);
  // Prefetch the slots of the next word's features while summing this word's: the
  // lookups are cache misses, and this lets them overlap.
  auto prefetch_word = [&](size_t i) {
    for (uint32_t k = s.feature_offsets[i]; k < s.feature_offsets[i + 1]; ++k) {
      uint64_t slot = s.features[k] & table_mask_;
      // Only features that may be present pull their slot in.
      if (tags_[slot] == tag_of(s.features[k])) __builtin_prefetch(&table_[slot]);
    }
  };
  prefetch_word(0);
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n) prefetch_word(i + 1);
    int32_t acc[kNumLabels] = {};
    for (uint32_t k = s.feature_offsets[i]; k < s.feature_offsets[i + 1]; ++k) {
      const int16_t* w = row(s.features[k]);
      if (w == nullptr) continue;
      for (int l = 0; l < kNumLabels; ++l) acc[l] += w[l];
    }
    for (int l = 0; l < kNumLabels; ++l) s.scores[i * kNumLabels + l] = static_cast<float>(acc[l]) * scale_;
  }
  viterbi_decode(s.scores.data(), n, transitions_.data(), start_.data(), s.viterbi, s.back, labels);
  for (size_t i = 0; i < n; ++i) {
    uint8_t chosen_label = labels[i];
    // Confidence: logistic of the margin between the chosen label's local score and the best other.
    float chosen = s.scores[i * kNumLabels + chosen_label];
    float other = -1e30f;
    for (int l = 0; l < kNumLabels; ++l) {
      if (l != chosen_label) other = std::max(other, s.scores[i * kNumLabels + l]);
    }
    confidence[i] = 1.0f / (1.0f + std::exp(-(chosen - other)));
  }
}

void viterbi_decode(const float* scores, size_t n, const float* transitions, const float* start,
                    std::vector<float>& lattice, std::vector<uint8_t>& back, std::vector<uint8_t>& labels) {
  constexpr float kForbidden = -1e30f;
  labels.assign(n, 0);
  if (n == 0) return;
  lattice.assign(n * kNumLabels, kForbidden);
  back.assign(n * kNumLabels, 0);
  for (int l = 0; l < kNumLabels; ++l) {
    if (is_allowed(0, static_cast<uint8_t>(l))) lattice[l] = start[l] + scores[l];
  }
  for (size_t i = 1; i < n; ++i) {
    for (int l = 0; l < kNumLabels; ++l) {
      float best = kForbidden;
      uint8_t arg = 0;
      for (int p = 0; p < kNumLabels; ++p) {
        if (!is_allowed(static_cast<uint8_t>(p), static_cast<uint8_t>(l))) continue;
        float v = lattice[(i - 1) * kNumLabels + p] + transitions[p * kNumLabels + l];
        if (v > best) {
          best = v;
          arg = static_cast<uint8_t>(p);
        }
      }
      lattice[i * kNumLabels + l] = best + scores[i * kNumLabels + l];
      back[i * kNumLabels + l] = arg;
    }
  }
  uint8_t best_label = 0;
  for (int l = 1; l < kNumLabels; ++l) {
    if (lattice[(n - 1) * kNumLabels + l] > lattice[(n - 1) * kNumLabels + best_label]) best_label = static_cast<uint8_t>(l);
  }
  for (size_t i = n; i-- > 0;) {
    labels[i] = best_label;
    if (i > 0) best_label = back[i * kNumLabels + best_label];
  }
}

}  // namespace vigie::entities
