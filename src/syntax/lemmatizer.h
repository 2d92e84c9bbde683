#pragma once
// Internal to the syntax stage: lemmas learned from the treebanks. A dictionary maps
// (lower-cased form, UPOS) to the most frequent lower-cased lemma; for other words, a
// suffix rule learned from the dictionary's word types rewrites the ending
// ("retirés" + VERB: ending "és" -> "er", from "adoptés", "arrivés" ...). The longest
// suffix (up to 7 bytes) seen at least twice with the UPOS wins; without one the
// lemma is the lower-cased form. Immutable after training or loading.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syntax/syntax_analyzer.h"

namespace vigie::syntax {

struct LemmaRule {
  uint8_t strip_bytes = 0;
  std::string append;
};

struct LemmaExample {
  std::string form;
  Upos upos = Upos::kX;
  std::string lemma;
};

class Lemmatizer {
 public:
  static constexpr size_t kMaxSuffixBytes = 7;

  // `form` as written; returns the lower-cased lemma.
  std::string lemmatize(std::string_view form, Upos upos) const;

  static Lemmatizer train(const std::vector<LemmaExample>& examples);

  void write(std::string& out) const;
  bool read(std::string_view in, size_t& pos);

  size_t dictionary_size() const { return dictionary_.size(); }
  size_t rule_count() const { return rules_.size(); }

 private:
  static std::string key(std::string_view lower_form, Upos upos);
  std::unordered_map<std::string, std::string> dictionary_;  // key(form, upos) -> lemma
  std::unordered_map<std::string, LemmaRule> rules_;          // key(suffix, upos) -> rule
};

}  // namespace vigie::syntax
