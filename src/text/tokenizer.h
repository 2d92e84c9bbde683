#pragma once
// Internal to the text stage: the tokeniser and sentence splitter behind
// TextProcessor::segment. Both are hand-written scanners over UTF-8 that use ICU
// character properties; see tokenizer.cpp for why not ICU's break iterators.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace vigie::text {

struct LanguageRules;

// What the sentence splitter needs to know about each token, parallel to the tokens.
enum TokenFlag : uint8_t {
  kIsAbbreviation = 1,       // "M.", "etc.", "U.S.", "J.": the period is not a full stop
  kIsFinalAbbreviation = 2,  // "etc.": may end a sentence before an upper-case word
  kIsTerminal = 4,           // ".", "?", "!", "…", "?!", "..."
  kStartsParagraph = 8,      // preceded by a blank line
  kHasSpaceBefore = 16,
};

// Appends the tokens of `text` (and one flag byte per token) in text order. Every
// byte of `text` that is not whitespace belongs to exactly one token. Spans are
// byte offsets into `text`; `text` may be any bytes (invalid UTF-8 becomes symbol
// tokens).
void tokenize(std::string_view text, const LanguageRules& rules, std::vector<Token>& tokens,
              std::vector<uint8_t>& flags);

// Appends sentences covering all `tokens` in order: each token belongs to exactly
// one sentence, and a sentence spans its first token's begin to its last token's end.
void split_sentences(std::string_view text, const std::vector<Token>& tokens, const std::vector<uint8_t>& flags,
                     std::vector<Sentence>& sentences);

}  // namespace vigie::text
