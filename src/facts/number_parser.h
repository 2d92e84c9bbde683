#pragma once
// Numbers written in digits or words, shared by the quantity and time extractors:
// "13 000", "2,5 millions", "quarante-six", "deux cents", "un millier", "des dizaines
// de milliers", "a dozen", "hundreds". Word numbers are parsed with the lexicon's
// number words (numbers.<lang>.txt) by the usual total/current accumulation, so any
// language whose numbers compose by addition and multiplication needs only a list.

#include <cstddef>
#include <optional>
#include <vector>

#include "facts/facts_lexicon.h"

namespace vigie::facts {

struct ParsedNumber {
  size_t end = 0;  // one past the last token of the number
  double value = 0;
  std::optional<double> max_value;
  bool is_approx = false;      // "un millier", "une soixantaine", vague plurals
  bool is_words = false;       // written in words
  bool needs_linker = false;   // "millions", "millier", "dizaines" take "de"/"of" before their noun
  bool is_plain_digits = false;  // one digit token, no scale word
};

// The number starting at tokens[i] (before `end`), or nullopt. A lone article ("un",
// "une", "a") is not a number unless `allow_article_one` ("un an" as a duration);
// "un millier", "a hundred" always are.
std::optional<ParsedNumber> parse_number(const LanguageLexicon& lx, const std::vector<LexToken>& tokens, size_t i,
                                         size_t end, bool allow_article_one = false);

}  // namespace vigie::facts
