#pragma once
// Scoring entities against gold per ../shared/gold/FORMAT.md ("Scoring"): per article,
// precision/recall/F1 over distinct (text, type) pairs, and linking accuracy over the
// refs of matched pairs (a gold null ref matches an empty predicted ref). `vigie eval`
// calls these; they hold no state and are safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.h"
#include "entities/entity_tagger.h"

namespace vigie::entities {

struct EntityPair {
  std::string text;  // exactly as written
  std::string type;  // "PER", "ORG", "LOC", "MISC"
  std::string ref;   // empty for null
};

struct EntityScore {
  uint64_t tp = 0, fp = 0, fn = 0;
  uint64_t linked = 0, linked_correct = 0;  // matched pairs, and those with the right ref
  double precision() const { return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / (tp + fn); }
  double f1() const {
    double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
  double linking() const { return linked == 0 ? 0.0 : static_cast<double>(linked_correct) / linked; }
  void add(const EntityScore& other);
};

// Distinct (text, type) pairs of an article's mentions, first ref kept, in text order.
std::vector<EntityPair> distinct_pairs(std::string_view text, const std::vector<Mention>& mentions);

// The "entities" array of a gold file; kInvalidInput when it is malformed.
Result<std::vector<EntityPair>> gold_pairs(const nlohmann::json& gold, const std::string& file_name);

EntityScore score_entities(const std::vector<EntityPair>& gold, const std::vector<EntityPair>& predicted);

}  // namespace vigie::entities
