// Dictionary plus suffix-rewrite lemmatiser; see lemmatizer.h.

#include "syntax/lemmatizer.h"

#include <algorithm>

#include "syntax/word_features.h"

namespace vigie::syntax {
namespace {

void put_string(std::string& out, std::string_view text) {
  auto size = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((size >> (8 * i)) & 0xff));
  out.append(text);
}
bool get_string(std::string_view in, size_t& pos, std::string& text) {
  if (pos + 4 > in.size()) return false;
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size |= static_cast<uint32_t>(static_cast<uint8_t>(in[pos + i])) << (8 * i);
  pos += 4;
  if (in.size() - pos < size) return false;
  text.assign(in.substr(pos, size));
  pos += size;
  return true;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::string Lemmatizer::key(std::string_view lower_form, Upos upos) {
  std::string out(lower_form);
  out.push_back('\t');
  out.push_back(static_cast<char>('A' + static_cast<int>(upos)));
  return out;
}

std::string Lemmatizer::lemmatize(std::string_view form, Upos upos) const {
  std::string lower = lower_word(form);
  if (upos == Upos::kNum || upos == Upos::kPunct || upos == Upos::kSym) return lower;
  if (auto it = dictionary_.find(key(lower, upos)); it != dictionary_.end()) return it->second;
  for (size_t length = std::min(kMaxSuffixBytes, lower.size()); length >= 1; --length) {
    size_t begin = lower.size() - length;
    if (is_continuation(static_cast<unsigned char>(lower[begin]))) continue;
    auto it = rules_.find(key(std::string_view(lower).substr(begin), upos));
    if (it == rules_.end()) continue;
    if (it->second.strip_bytes >= lower.size()) continue;
    return lower.substr(0, lower.size() - it->second.strip_bytes) + it->second.append;
  }
  return lower;
}

Lemmatizer Lemmatizer::train(const std::vector<LemmaExample>& examples) {
  // Counts per (form, upos) of each lemma, in sorted maps so ties break the same way
  // every run (alphabetically first lemma).
  std::map<std::string, std::map<std::string, int>> lemma_counts;
  for (const LemmaExample& example : examples) {
    if (example.lemma.empty() || example.lemma == "_") continue;
    lemma_counts[key(lower_word(example.form), example.upos)][lower_word(example.lemma)] += 1;
  }
  Lemmatizer lemmatizer;
  // suffix key -> rule text -> number of word types.
  std::map<std::string, std::map<std::pair<uint8_t, std::string>, int>> rule_counts;
  for (const auto& [form_key, lemmas] : lemma_counts) {
    const std::string* best = nullptr;
    int best_count = 0;
    for (const auto& [lemma, count] : lemmas)
      if (count > best_count) {
        best = &lemma;
        best_count = count;
      }
    size_t tab = form_key.find('\t');
    std::string form = form_key.substr(0, tab);
    std::string upos_tag = form_key.substr(tab + 1);
    if (*best != form) lemmatizer.dictionary_[form_key] = *best;
    // The rule: strip the part of the form after the longest common prefix, append
    // the rest of the lemma.
    size_t common = 0;
    while (common < form.size() && common < best->size() && form[common] == (*best)[common]) ++common;
    while (common > 0 && is_continuation(static_cast<unsigned char>(form[common]))) --common;
    if (form.size() - common > 255) continue;
    std::pair<uint8_t, std::string> rule{static_cast<uint8_t>(form.size() - common), best->substr(common)};
    for (size_t length = 1; length <= std::min(kMaxSuffixBytes, form.size()); ++length) {
      size_t begin = form.size() - length;
      if (is_continuation(static_cast<unsigned char>(form[begin]))) continue;
      if (length < rule.first) continue;  // the suffix must cover what the rule strips
      rule_counts[form.substr(begin) + "\t" + upos_tag][rule] += 1;
    }
  }
  for (const auto& [suffix_key, rules] : rule_counts) {
    const std::pair<uint8_t, std::string>* best = nullptr;
    int best_count = 0;
    int total = 0;
    for (const auto& [rule, count] : rules) {
      total += count;
      if (count > best_count) {
        best = &rule;
        best_count = count;
      }
    }
    // A suffix seen on one word type says nothing general; identity rules are the
    // fallback anyway but must be kept when they override a shorter suffix's rule.
    if (total < 2) continue;
    lemmatizer.rules_[suffix_key] = LemmaRule{best->first, best->second};
  }
  // Drop dictionary entries the rules already get right: smaller files, same output.
  std::vector<std::string> redundant;
  Lemmatizer rules_only;
  rules_only.rules_ = lemmatizer.rules_;
  for (const auto& [form_key, lemma] : lemmatizer.dictionary_) {
    size_t tab = form_key.find('\t');
    auto upos = static_cast<Upos>(form_key[tab + 1] - 'A');
    if (rules_only.lemmatize(form_key.substr(0, tab), upos) == lemma) redundant.push_back(form_key);
  }
  for (const std::string& form_key : redundant) lemmatizer.dictionary_.erase(form_key);
  // Forms whose lemma is themselves but whose suffix rule would rewrite them ("mais"
  // is not "mai") must stay in the dictionary.
  for (const auto& [form_key, lemmas] : lemma_counts) {
    if (lemmatizer.dictionary_.count(form_key) != 0) continue;
    size_t tab = form_key.find('\t');
    auto upos = static_cast<Upos>(form_key[tab + 1] - 'A');
    std::string form = form_key.substr(0, tab);
    const std::string* best = nullptr;
    int best_count = 0;
    for (const auto& [lemma, count] : lemmas)
      if (count > best_count) {
        best = &lemma;
        best_count = count;
      }
    if (rules_only.lemmatize(form, upos) != *best) lemmatizer.dictionary_[form_key] = *best;
  }
  return lemmatizer;
}

void Lemmatizer::write(std::string& out) const {
  std::map<std::string, std::string> dictionary(dictionary_.begin(), dictionary_.end());
  std::map<std::string, LemmaRule> rules;
  for (const auto& [k, rule] : rules_) rules.emplace(k, rule);
  put_string(out, std::to_string(dictionary.size()));
  for (const auto& [k, lemma] : dictionary) {
    put_string(out, k);
    put_string(out, lemma);
  }
  put_string(out, std::to_string(rules.size()));
  for (const auto& [k, rule] : rules) {
    put_string(out, k);
    out.push_back(static_cast<char>(rule.strip_bytes));
    put_string(out, rule.append);
  }
}

bool Lemmatizer::read(std::string_view in, size_t& pos) {
  std::string count_text;
  if (!get_string(in, pos, count_text)) return false;
  size_t count = std::strtoul(count_text.c_str(), nullptr, 10);
  for (size_t i = 0; i < count; ++i) {
    std::string k;
    std::string lemma;
    if (!get_string(in, pos, k) || !get_string(in, pos, lemma)) return false;
    dictionary_.emplace(std::move(k), std::move(lemma));
  }
  if (!get_string(in, pos, count_text)) return false;
  count = std::strtoul(count_text.c_str(), nullptr, 10);
  for (size_t i = 0; i < count; ++i) {
    std::string k;
    LemmaRule rule;
    if (!get_string(in, pos, k) || pos >= in.size()) return false;
    rule.strip_bytes = static_cast<uint8_t>(in[pos++]);
    if (!get_string(in, pos, rule.append)) return false;
    rules_.emplace(std::move(k), std::move(rule));
  }
  return true;
}

}  // namespace vigie::syntax
