#include "store/near_duplicate.h"

#include <xxhash.h>

#include <vector>

namespace vigie::store {
namespace {

constexpr int kBinBits = 6;  // 64 bins, one per fingerprint bit
constexpr uint64_t kValueMask = (uint64_t{1} << (64 - kBinBits)) - 1;
constexpr uint64_t kEmptyBin = ~uint64_t{0};

inline uint64_t rotate_left(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// splitmix64's finaliser: the three word hashes are combined cheaply, then mixed so
// every bit depends on every word.
inline uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace

std::optional<uint64_t> near_duplicate_fingerprint(std::string_view text, text::TermNormalizer& folder) {
  thread_local std::vector<uint64_t> word_hashes;
  word_hashes.clear();
  folder.for_each_term(text, [&](std::string_view term, uint32_t, uint32_t) {
    word_hashes.push_back(XXH3_64bits(term.data(), term.size()));
  });
  if (word_hashes.size() < 2 + static_cast<size_t>(kMinShingles)) return std::nullopt;
  std::array<uint64_t, 64> bin_minimum;
  bin_minimum.fill(kEmptyBin);
  for (size_t i = 0; i + 2 < word_hashes.size(); ++i) {
    // Order matters in a shingle ("A B C" is not "C B A"): each position is rotated differently.
    const uint64_t h = mix(word_hashes[i] ^ rotate_left(word_hashes[i + 1], 21) ^ rotate_left(word_hashes[i + 2], 42));
    const auto bin = static_cast<size_t>(h >> (64 - kBinBits));
    const uint64_t value = h & kValueMask;
    if (value < bin_minimum[bin]) bin_minimum[bin] = value;
  }
  uint64_t fingerprint = 0;
  for (int bin = 0; bin < 64; ++bin) {
    // A short text leaves bins empty; borrowing the next filled bin's minimum, salted
    // with the distance, keeps the bit a function of the shingle set (densification).
    uint64_t minimum = bin_minimum[bin];
    uint64_t offset = 0;
    while (minimum == kEmptyBin && offset < 64) minimum = bin_minimum[(bin + ++offset) & 63];
    fingerprint |= (mix(minimum + 0x9e3779b97f4a7c15ULL * offset) & 1) << bin;
  }
  return fingerprint;
}

}  // namespace vigie::store
