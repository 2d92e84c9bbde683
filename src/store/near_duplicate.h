#pragma once
// Near-duplicate fingerprints: 64 bits over the word 3-shingles of the folded
// (unstemmed) words of an article's text, and the band keys that find candidates.
//
// The bits are a 1-bit one-permutation MinHash, not Charikar's SimHash, though the
// column keeps the name `simhash`: each shingle is hashed once, its top 6 bits pick one
// of 64 bins, each bin keeps its minimum, and a fingerprint bit is one bit of a bin's
// minimum. A bit then differs with probability (1 - J) / 2 for Jaccard similarity J,
// where SimHash's differs with angle / pi, which grows like the square root of the
// change. On 2,000 real French articles, at distance <= 3 (measured, docs/STORE.md):
//   one typo fixed       SimHash 78 %  MinHash 99.7 %
//   one sentence added   SimHash 25 %  MinHash 88 %
//   agency byline added  SimHash 96 %  MinHash 100 %
// and neither matches unrelated articles (P < 1e-14 per pair for MinHash).
//
// Two texts whose fingerprints differ in at most k <= 3 bits share at least one of
// four 16-bit bands exactly (pigeonhole), so the store looks up the four band keys in
// an index and checks the Hamming distance of the few candidates. The title is left
// out: syndicated copies often retitle. docs/STORE.md, "Near-duplicates".

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string_view>

#include "text/term_normalizer.h"

namespace vigie::store {

inline constexpr int kSimHashBands = 4;
inline constexpr int kSimHashBandBits = 16;
// Below this many shingles the fingerprint is noise (a two-line brief matches every
// other two-line brief), so short texts are never near-duplicates.
inline constexpr int kMinShingles = 8;

// The fingerprint of `text`, nullopt when it has fewer than kMinShingles shingles.
// `folder` must be a fold-only normalizer (language "und"): stems would make the
// fingerprint depend on the language guess.
std::optional<uint64_t> near_duplicate_fingerprint(std::string_view text, text::TermNormalizer& folder);

inline int hamming_distance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

// Band i's key: i << 16 | bits [16 i, 16 i + 16) of the fingerprint.
inline std::array<int64_t, kSimHashBands> simhash_band_keys(uint64_t fingerprint) {
  std::array<int64_t, kSimHashBands> keys{};
  for (int band = 0; band < kSimHashBands; ++band) {
    keys[band] = (static_cast<int64_t>(band) << kSimHashBandBits) |
                 static_cast<int64_t>((fingerprint >> (band * kSimHashBandBits)) & 0xFFFF);
  }
  return keys;
}

}  // namespace vigie::store
