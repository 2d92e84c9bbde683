// Averaged perceptron training and the compact quantised weights; see perceptron.h.

#include "syntax/perceptron.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include <xxhash.h>

namespace vigie::syntax {
namespace {

void put_u32(std::string& out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}
bool get_u32(std::string_view in, size_t& pos, uint32_t& value) {
  if (pos + 4 > in.size()) return false;
  value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<uint8_t>(in[pos + i])) << (8 * i);
  pos += 4;
  return true;
}

}  // namespace

uint64_t hash_string(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

void CompactWeights::assign(int class_count, std::vector<uint32_t> keys, std::vector<uint32_t> offsets,
                            std::vector<uint16_t> pair_classes, std::vector<int16_t> pair_weights) {
  class_count_ = class_count;
  keys_ = std::move(keys);
  offsets_ = std::move(offsets);
  pair_classes_ = std::move(pair_classes);
  pair_weights_ = std::move(pair_weights);
  build_table();
}

CompactWeights CompactWeights::pruned(int min_abs) const {
  std::vector<uint32_t> keys;
  std::vector<uint32_t> offsets{0};
  std::vector<uint16_t> classes;
  std::vector<int16_t> weights;
  for (size_t i = 0; i < keys_.size(); ++i) {
    size_t before = classes.size();
    for (uint32_t p = offsets_[i]; p < offsets_[i + 1]; ++p) {
      if (std::abs(static_cast<int>(pair_weights_[p])) < min_abs) continue;
      classes.push_back(pair_classes_[p]);
      weights.push_back(pair_weights_[p]);
    }
    if (classes.size() == before) continue;
    keys.push_back(keys_[i]);
    offsets.push_back(static_cast<uint32_t>(classes.size()));
  }
  CompactWeights out;
  out.assign(class_count_, std::move(keys), std::move(offsets), std::move(classes), std::move(weights));
  return out;
}

void CompactWeights::build_table() {
  uint32_t capacity = 16;
  while (capacity < keys_.size() * 2) capacity *= 2;
  table_mask_ = capacity - 1;
  table_.assign(capacity, Slot());
  pairs_.resize(pair_classes_.size());
  for (size_t p = 0; p < pair_classes_.size(); ++p) pairs_[p] = Pair{pair_classes_[p], pair_weights_[p]};
  for (uint32_t i = 0; i < keys_.size(); ++i) {
    uint32_t slot = static_cast<uint32_t>(mix64(keys_[i])) & table_mask_;
    while (table_[slot].key != 0) slot = (slot + 1) & table_mask_;
    table_[slot] = Slot{keys_[i], offsets_[i], offsets_[i + 1] - offsets_[i]};
  }
}

void CompactWeights::add_scores(const uint64_t* features, size_t count, int32_t* scores) const {
  if (keys_.empty()) return;
  constexpr size_t kBatch = 96;
  uint32_t keys[kBatch];
  uint32_t slots[kBatch];
  const Slot* found[kBatch];
  for (size_t begin = 0; begin < count; begin += kBatch) {
    const size_t n = std::min(kBatch, count - begin);
    // Three passes so the memory loads of all features overlap: the model is larger
    // than the caches and each lookup would otherwise wait for its own misses.
    for (size_t f = 0; f < n; ++f) {
      keys[f] = fold(features[begin + f]);
      slots[f] = static_cast<uint32_t>(mix64(keys[f])) & table_mask_;
      __builtin_prefetch(&table_[slots[f]]);
    }
    size_t hits = 0;
    for (size_t f = 0; f < n; ++f) {
      uint32_t slot = slots[f];
      while (true) {
        const Slot& entry = table_[slot];
        if (entry.key == keys[f]) {
          found[hits++] = &entry;
          __builtin_prefetch(&pairs_[entry.first_pair]);
          break;
        }
        if (entry.key == 0) break;
        slot = (slot + 1) & table_mask_;
      }
    }
    for (size_t h = 0; h < hits; ++h) {
      const Pair* pair = &pairs_[found[h]->first_pair];
      const Pair* end = pair + found[h]->pair_count;
      for (; pair != end; ++pair) scores[pair->cls] += pair->weight;
    }
  }
}

void CompactWeights::write(std::string& out) const {
  put_u32(out, static_cast<uint32_t>(class_count_));
  put_u32(out, static_cast<uint32_t>(keys_.size()));
  put_u32(out, static_cast<uint32_t>(pair_classes_.size()));
  // Keys as deltas would compress better; plain keeps the reader trivial.
  for (size_t i = 0; i < keys_.size(); ++i) {
    put_u32(out, keys_[i]);
    uint32_t pair_count = offsets_[i + 1] - offsets_[i];
    out.push_back(static_cast<char>(pair_count & 0xff));
    out.push_back(static_cast<char>(pair_count >> 8));
  }
  for (size_t p = 0; p < pair_classes_.size(); ++p) {
    out.push_back(static_cast<char>(pair_classes_[p] & 0xff));
    if (class_count_ > 255) out.push_back(static_cast<char>(pair_classes_[p] >> 8));
    auto weight = static_cast<uint16_t>(pair_weights_[p]);
    out.push_back(static_cast<char>(weight & 0xff));
    out.push_back(static_cast<char>(weight >> 8));
  }
}

bool CompactWeights::read(std::string_view in, size_t& pos) {
  uint32_t class_count = 0;
  uint32_t key_count = 0;
  uint32_t pair_count = 0;
  if (!get_u32(in, pos, class_count) || !get_u32(in, pos, key_count) || !get_u32(in, pos, pair_count)) return false;
  if (class_count == 0 || class_count > 65535) return false;
  size_t class_bytes = class_count > 255 ? 2 : 1;
  if (in.size() - pos < static_cast<size_t>(key_count) * 6 + static_cast<size_t>(pair_count) * (class_bytes + 2))
    return false;
  std::vector<uint32_t> keys(key_count);
  std::vector<uint32_t> offsets(key_count + 1, 0);
  for (uint32_t i = 0; i < key_count; ++i) {
    get_u32(in, pos, keys[i]);
    uint32_t n = static_cast<uint8_t>(in[pos]) | (static_cast<uint32_t>(static_cast<uint8_t>(in[pos + 1])) << 8);
    pos += 2;
    offsets[i + 1] = offsets[i] + n;
    if (keys[i] == 0 || (i > 0 && keys[i] <= keys[i - 1])) return false;
  }
  if (offsets[key_count] != pair_count) return false;
  std::vector<uint16_t> classes(pair_count);
  std::vector<int16_t> weights(pair_count);
  for (uint32_t p = 0; p < pair_count; ++p) {
    uint16_t cls = static_cast<uint8_t>(in[pos++]);
    if (class_bytes == 2) cls |= static_cast<uint16_t>(static_cast<uint8_t>(in[pos++]) << 8);
    if (cls >= class_count) return false;
    uint16_t w = static_cast<uint8_t>(in[pos]) | static_cast<uint16_t>(static_cast<uint8_t>(in[pos + 1]) << 8);
    pos += 2;
    classes[p] = cls;
    weights[p] = static_cast<int16_t>(w);
  }
  assign(static_cast<int>(class_count), std::move(keys), std::move(offsets), std::move(classes), std::move(weights));
  return true;
}

void PerceptronTrainer::add_scores(const uint64_t* features, size_t count, double* scores) const {
  for (size_t f = 0; f < count; ++f) {
    auto it = weights_.find(features[f]);
    if (it == weights_.end()) continue;
    for (const Pair& pair : it->second) scores[pair.cls] += pair.weight;
  }
}

void PerceptronTrainer::update(const uint64_t* features, size_t count, int gold, int predicted) {
  if (gold == predicted) return;
  for (size_t f = 0; f < count; ++f) {
    std::vector<Pair>& pairs = weights_[features[f]];
    for (int k = 0; k < 2; ++k) {
      int cls = k == 0 ? gold : predicted;
      float delta = k == 0 ? 1.0f : -1.0f;
      Pair* found = nullptr;
      for (Pair& pair : pairs)
        if (pair.cls == cls) found = &pair;
      if (found == nullptr) {
        pairs.push_back({static_cast<uint16_t>(cls), 0.0f, 0.0, clock_});
        found = &pairs.back();
      }
      found->total += static_cast<double>(found->weight) * static_cast<double>(clock_ - found->stamp);
      found->stamp = clock_;
      found->weight += delta;
    }
  }
}

CompactWeights PerceptronTrainer::finish(long prune_below) const {
  // Averaged weights per folded key, in key order so the file is the same every run.
  std::map<uint32_t, std::map<uint16_t, double>> averaged;
  double max_abs = 0.0;
  for (const auto& [key, pairs] : weights_) {
    uint32_t folded = static_cast<uint32_t>(key ^ (key >> 32));
    if (folded == 0) folded = 1;
    for (const Pair& pair : pairs) {
      double total = pair.total + static_cast<double>(pair.weight) * static_cast<double>(clock_ - pair.stamp);
      double average = total / static_cast<double>(clock_);
      if (average == 0.0) continue;
      averaged[folded][pair.cls] += average;
    }
  }
  for (const auto& [key, pairs] : averaged)
    for (const auto& [cls, weight] : pairs) max_abs = std::max(max_abs, std::fabs(weight));
  double scale = max_abs > 0.0 ? 32767.0 / max_abs : 1.0;
  std::vector<uint32_t> keys;
  std::vector<uint32_t> offsets{0};
  std::vector<uint16_t> classes;
  std::vector<int16_t> weights;
  for (const auto& [key, pairs] : averaged) {
    size_t before = classes.size();
    for (const auto& [cls, weight] : pairs) {
      long quantised = std::lround(weight * scale);
      // Pairs that round to zero (or nearly) carry no decision: pruning them keeps
      // the files small (models/syntax/README.md gives the sizes).
      if (std::labs(quantised) < prune_below) continue;
      classes.push_back(cls);
      weights.push_back(static_cast<int16_t>(std::clamp(quantised, -32767L, 32767L)));
    }
    if (classes.size() == before) continue;
    if (classes.size() - before > 65535) {
      classes.resize(before + 65535);
      weights.resize(before + 65535);
    }
    keys.push_back(key);
    offsets.push_back(static_cast<uint32_t>(classes.size()));
  }
  CompactWeights compact;
  compact.assign(class_count_, std::move(keys), std::move(offsets), std::move(classes), std::move(weights));
  return compact;
}

}  // namespace vigie::syntax
