#pragma once
// TermNormalizer: the words of a text as index terms, the one definition shared by
// the FTS5 tokenizer (store/fts_tokenizer.cpp), the query side of search and the
// near-duplicate fingerprint, so a word is folded the same way wherever it is looked at.
//
// A term is a run of letters and digits (apostrophes, hyphens and punctuation split
// words, so "l'armée" gives "l" and "armee"), lowercased with full case folding,
// accents stripped (NFD minus U+0300..U+036F; "œ" -> "oe", "æ" -> "ae"), then stemmed
// with Snowball when the language has a stemmer. Han and kana characters are one term
// each, because those scripts do not put spaces between words.
//
// Folding happens before stemming so that the stemmer only ever sees folded words:
// "sécurité" and "securite" then get the same stem, which keeps search
// accent-insensitive even though Snowball stems unaccented French slightly worse.
//
// A TermNormalizer owns a Snowball stemmer and scratch buffers: it is cheap to create,
// not thread-safe, and the term passed to a callback is only valid during the call.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace vigie::text {

class TermNormalizer {
 public:
  // `lang` is an ISO 639-1 code ("fr", "en") or a Snowball name ("french"). A language
  // without a Snowball stemmer ("und", "none", "ja") folds without stemming.
  explicit TermNormalizer(std::string_view lang);
  ~TermNormalizer();
  TermNormalizer(const TermNormalizer&) = delete;
  TermNormalizer& operator=(const TermNormalizer&) = delete;

  // The Snowball stemmer in use ("french"), empty when terms are only folded.
  const std::string& stemmer_name() const { return stemmer_name_; }

  // The Snowball name for `lang` ("fr" -> "french"), empty when there is none.
  static std::string stemmer_for_language(std::string_view lang);

  // Calls `on_term(std::string_view term, uint32_t begin_byte, uint32_t end_byte)` for
  // each term of `text` in text order; the offsets are UTF-8 byte offsets of the word
  // in `text`. `on_term` may return bool: false stops the iteration.
  template <typename OnTerm>
  void for_each_term(std::string_view text, OnTerm&& on_term) {
    using Fn = std::remove_reference_t<OnTerm>;
    for_each_term_impl(text, &on_term, [](void* context, std::string_view term, uint32_t begin_byte,
                                          uint32_t end_byte) -> bool {
      Fn& fn = *static_cast<Fn*>(context);
      if constexpr (std::is_same_v<decltype(fn(term, begin_byte, end_byte)), bool>) {
        return fn(term, begin_byte, end_byte);
      } else {
        fn(term, begin_byte, end_byte);
        return true;
      }
    });
  }

  // Folded (not stemmed) form of `word`, all of it, separators dropped: "L'Armée" -> "larmee".
  // Used by tests and by callers that compare words without the index.
  static std::string fold(std::string_view word);

 private:
  using TermFn = bool (*)(void* context, std::string_view term, uint32_t begin_byte, uint32_t end_byte);
  void for_each_term_impl(std::string_view text, void* context, TermFn on_term);
  // Stems the folded word in term_ in place (no-op without a stemmer).
  void stem_term();

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string stemmer_name_;
  std::string term_;  // the folded word being built
};

}  // namespace vigie::text
