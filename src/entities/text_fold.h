#pragma once
// Small text helpers shared by the entities stage: the folded lookup key used by the
// knowledge base and the model (lower case, Latin accents removed, typographic
// apostrophes and dashes unified, spaces collapsed), word shapes and capitalisation.
// Pure functions, safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::entities {

// "Côte d’Ivoire" -> "cote d'ivoire"; "NATIONS  Unies" -> "nations unies".
std::string fold_key(std::string_view text);
// Appends the folded form of `text` to `out` (no space handling beyond collapsing).
void append_folded(std::string_view text, std::string& out);

// Compressed shape: "Heappey" -> "Xx", "MINUSMA" -> "X", "G5" -> "Xd", "2022" -> "d",
// "l'" -> "x'", "Côte-d'Ivoire" -> "Xx-x'Xx".
std::string word_shape(std::string_view word);

// True when the first letter of `word` is upper case (ASCII or Latin-1/Extended-A).
bool starts_upper(std::string_view word);
// True when every letter is upper case and there are at least two letters.
bool is_all_upper(std::string_view word);
bool has_letter(std::string_view word);

// 64-bit FNV-1a, stable across platforms: feature and alias hashing.
inline uint64_t hash_bytes(std::string_view bytes, uint64_t seed = 1469598103934665603ULL) {
  uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}
inline uint64_t hash_mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace vigie::entities
