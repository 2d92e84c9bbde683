#pragma once
// The facts stage's own token view of an article: words (French elisions split off,
// "a-t-il" split into "a" + "-t-il", other hyphenated words kept whole), numbers with
// their value parsed by the language's conventions ("13 000", "2,5", "1,400"),
// ordinals ("1er", "2nd"), numeric dates ("29/06/2022"), punctuation and symbols,
// plus sentence and paragraph indices. One left-to-right byte scan, no regexes: the
// three extractors need grouped numbers and clitics treated identically whatever the
// text stage's tokeniser does, and this is cheaper than re-merging its tokens.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/span.h"

namespace vigie::facts {

// A folded token text that carries its hash, computed once by `lex`, so the many
// lexicon lookups per token do not hash it again (see StringHash in facts_lexicon.h).
struct FoldedWord : std::string {
  using std::string::string;
  using std::string::operator=;
  size_t hash = 0;
};

enum class LexKind : uint8_t { kWord, kNumber, kOrdinal, kDate, kPunct, kSymbol };

struct LexToken {
  Span span;
  LexKind kind = LexKind::kWord;
  bool is_capitalized = false;  // first letter upper case
  bool is_all_caps = false;     // every letter upper case, at least two letters
  bool has_space_before = false;
  bool starts_paragraph = false;
  uint32_t sentence = 0;
  uint32_t paragraph = 0;
  double number = 0;            // kNumber, kOrdinal
  uint8_t integer_digits = 0;   // kNumber: digits before any decimal mark, groups included
  bool has_grouping = false;    // "13 000", "1,400"
  bool has_decimal = false;     // "2,5", "3.5"
  FoldedWord folded;            // lower case, ’ and ʼ as ', NBSP as space
};

// Lower-cases ASCII and Latin-1/Latin Extended-A capitals, folds ’ ʼ to '.
std::string fold_text(std::string_view text);

// Strips French/English accents from an already folded string ("défense" -> "defense").
std::string strip_accents(std::string_view folded);

struct LexerConfig {
  bool comma_is_decimal = true;                   // French "2,5"; English "1,400" groups
  std::unordered_set<std::string> elisions;       // "l'", "qu'", "jusqu'" (folded)
  std::unordered_set<std::string> abbreviations;  // "m", "mme", "dr": a following "." ends no sentence
};

// Tokenises `text`. Spans point into `text`.
std::vector<LexToken> lex(std::string_view text, const LexerConfig& config);

// True for an opening or closing quotation mark token: « » “ ” „ ‹ › "
bool is_quote_mark(std::string_view token_text);

}  // namespace vigie::facts
