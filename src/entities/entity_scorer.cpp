#include "entities/entity_scorer.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace vigie::entities {

void EntityScore::add(const EntityScore& other) {
  tp += other.tp;
  fp += other.fp;
  fn += other.fn;
  linked += other.linked;
  linked_correct += other.linked_correct;
}

std::vector<EntityPair> distinct_pairs(std::string_view text, const std::vector<Mention>& mentions) {
  std::vector<EntityPair> pairs;
  std::set<std::pair<std::string, std::string>> seen;
  for (const Mention& m : mentions) {
    EntityPair p{std::string(m.span.in(text)), entity_type_name(m.type), m.ref};
    if (seen.emplace(p.text, p.type).second) pairs.push_back(std::move(p));
  }
  return pairs;
}

Result<std::vector<EntityPair>> gold_pairs(const nlohmann::json& gold, const std::string& file_name) {
  std::vector<EntityPair> pairs;
  if (!gold.is_object() || !gold.contains("entities")) return pairs;
  const auto& list = gold["entities"];
  if (!list.is_array()) return make_error(ErrorKind::kInvalidInput, file_name, "\"entities\" is not an array");
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& e = list[i];
    if (!e.is_object() || !e.contains("text") || !e["text"].is_string() || !e.contains("type") || !e["type"].is_string()) {
      return make_error(ErrorKind::kInvalidInput, file_name, "entity needs string \"text\" and \"type\"",
                        "entities[" + std::to_string(i) + "]");
    }
    EntityPair p{e["text"].get<std::string>(), e["type"].get<std::string>(), ""};
    if (e.contains("ref") && e["ref"].is_string()) p.ref = e["ref"].get<std::string>();
    if (seen.emplace(p.text, p.type).second) pairs.push_back(std::move(p));
  }
  return pairs;
}

EntityScore score_entities(const std::vector<EntityPair>& gold, const std::vector<EntityPair>& predicted) {
  EntityScore score;
  std::map<std::pair<std::string, std::string>, const EntityPair*> by_key;
  for (const auto& p : predicted) by_key.emplace(std::pair{p.text, p.type}, &p);
  std::set<std::pair<std::string, std::string>> gold_keys;
  for (const auto& g : gold) {
    gold_keys.emplace(g.text, g.type);
    auto it = by_key.find({g.text, g.type});
    if (it == by_key.end()) {
      ++score.fn;
      continue;
    }
    ++score.tp;
    ++score.linked;
    if (it->second->ref == g.ref) ++score.linked_correct;
  }
  for (const auto& [key, p] : by_key) {
    if (!gold_keys.contains(key)) ++score.fp;
  }
  return score;
}

}  // namespace vigie::entities
