#pragma once
// The knowledge base behind linking and the gazetteer features: canonical refs with
// type, country, coordinates and sector, their aliases, demonyms and titles. Read from
// models/entities/kb.tsv (built by scripts/build-kb.sh) and from user files in the same
// format (docs/ENTITIES.md, "Knowledge-base files"). Immutable after loading, so one
// instance may be shared between threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "entities/entity_tagger.h"

namespace vigie::entities {

inline constexpr int kKbFormatVersion = 1;
inline constexpr const char* kKbMagic = "vigie-entities-kb";

struct KbEntry {
  std::string ref;
  EntityType type = EntityType::kMisc;
  std::string country;
  std::string sector;
  double latitude = 0;
  double longitude = 0;
  bool has_coordinates = false;
  bool is_safety_net = false;  // flag s
  bool is_country = false;     // flag c
  bool is_derived_ref = false; // flag p: ref guessed from an upper-case name
};

// Phrases of folded words matched over token sequences. Keys are fold_key() forms;
// tokens are joined with one space where the text has a gap and with nothing where it
// has none, so "Côte d’Ivoire" matches whatever the tokenizer did with the apostrophe.
class PhraseTable {
 public:
  // Returns false (and keeps the old value) when `key` is already present and !replace.
  bool add(std::string_view folded_key, uint32_t value, bool replace);
  const uint32_t* find(std::string_view folded_key) const;
  // Longest phrase starting at `first` among `folded` words (`gap_before[i]`: a space
  // precedes word i). Returns the number of words matched (0: none) and sets `value`.
  uint32_t longest_match(const std::vector<std::string>& folded, const std::vector<uint8_t>& gap_before,
                         uint32_t first, uint32_t end, uint32_t max_words, uint32_t& value) const;
  size_t size() const { return value_count_; }

 private:
  // Flat open-addressing table (linear probing, at most half full): a phrase and a
  // prefix of a longer phrase share one slot per hash, so a step of longest_match is one
  // probe sequence. Hash 0 is the empty marker; keys hashing to 0 are remapped to 1.
  struct Slot {
    uint64_t hash = 0;
    uint32_t value = 0;
    uint8_t has_value = 0;
    uint8_t is_prefix = 0;
  };
  static uint64_t key_of(uint64_t h) { return h == 0 ? 1 : h; }
  Slot& insert_slot(uint64_t h);
  const Slot* find_slot(uint64_t h) const;

  std::vector<Slot> slots_;
  size_t used_ = 0;
  size_t value_count_ = 0;
};

class KnowledgeBase {
 public:
  // Adds the records of one file. `overrides`: its aliases replace earlier ones (user
  // files); otherwise the first claim wins (the shipped file lists curated entries first).
  Status add_file(std::string_view content, const std::string& file_name, bool overrides);

  const std::vector<KbEntry>& entries() const { return entries_; }
  const KbEntry* find_alias(std::string_view folded_key) const;
  const KbEntry* find_ref(std::string_view ref) const;
  // "FRA" for "françaises"; "*" for a nationality-like word with no country
  // ("occidentaux"); nullptr when `folded_word` is not a demonym.
  const std::string* demonym(std::string_view folded_word) const;
  // True when every alias folding to `folded_key` is written in capitals ("UN", "AU"):
  // such names match only text in capitals, so "Un" and "Au" stay words.
  bool is_acronym_only(std::string_view folded_key) const {
    return acronym_keys_.contains(std::string(folded_key)) && !mixed_case_keys_.contains(std::string(folded_key));
  }
  const PhraseTable& aliases() const { return aliases_; }
  const PhraseTable& roles() const { return roles_; }
  const std::string& role_text(uint32_t index) const { return role_texts_[index]; }

 private:
  std::vector<KbEntry> entries_;
  std::unordered_map<std::string, uint32_t> by_ref_;
  PhraseTable aliases_;
  PhraseTable roles_;
  std::vector<std::string> role_texts_;
  std::unordered_map<std::string, std::string> demonyms_;
  std::unordered_set<std::string> acronym_keys_;
  std::unordered_set<std::string> mixed_case_keys_;
};

}  // namespace vigie::entities
