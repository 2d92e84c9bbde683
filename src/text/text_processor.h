#pragma once
// The text stage: turns a reader's raw text into the text vigie stores and points
// into. Normalisation (NFC, spaces, soft hyphens, ligatures, paragraph breaks),
// language identification (CLD2; metadata wins when given), sentence splitting and
// tokenisation for French and English (ICU break iterators plus rules for elisions,
// clitic inversions, abbreviations, grouped numbers, dates, URLs and e-mails).
//
// A TextProcessor holds ICU break iterators and is not thread-safe: use one per thread.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace vigie::text {

// NFC; U+00A0, U+202F, U+2009 and other spaces -> " "; soft hyphens, zero-width
// characters and BOMs removed; U+FB00..FB06 ligatures expanded; CR/LF unified; spaces
// collapsed; blank-line-separated paragraphs joined by exactly "\n\n"; trimmed.
// Typographic apostrophes and quotes are kept as written.
std::string normalize_text(std::string_view raw);

struct LanguageGuess {
  std::string code;  // "fr", "en", ... or "und"
  bool is_reliable = false;
};
LanguageGuess identify_language(std::string_view text, std::string_view title = {});

// The stable article id: 16 lowercase hex digits of XXH3-64 over the normalised text.
std::string content_id(std::string_view normalized_text);

class TextProcessor {
 public:
  TextProcessor();
  ~TextProcessor();
  TextProcessor(const TextProcessor&) = delete;
  TextProcessor& operator=(const TextProcessor&) = delete;

  // Normalises article.text, sets article.id, sets article.lang unless it came from
  // metadata, and fills article.sentences and article.tokens.
  void process(Article& article);

  // Sentence and token spans of already-normalised `text` in language `lang`.
  void segment(std::string_view text, std::string_view lang, std::vector<Sentence>& sentences,
               std::vector<Token>& tokens);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigie::text
