#pragma once
// Internal to the syntax stage: what the tagger and parser know about a word before
// looking at its neighbours, computed once per token: hashes of the lower-cased form,
// the form as written, its suffixes and prefixes, and a coarse shape ("Xx", "d",
// "x-x"). Lower-casing covers ASCII and the Latin letters of French (À-Þ, Œ).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::syntax {

std::string lower_word(std::string_view form);

struct WordHashes {
  uint64_t lower = 0;
  uint64_t cased = 0;
  uint64_t suffix[4] = {0, 0, 0, 0};  // last 1..4 characters of the lower-cased form
  uint64_t prefix[3] = {0, 0, 0};     // first 1..3 characters
  uint64_t shape = 0;
  bool is_capitalised = false;
  bool is_punctuation = false;
};

WordHashes word_hashes(std::string_view form);

// Hashes of the sentence-boundary pseudo-words, so "no word before" is a feature value.
inline constexpr uint64_t kNoWordHash = 0x5eed5eed5eed0001ULL;

}  // namespace vigie::syntax
