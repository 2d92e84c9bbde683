#pragma once
// Direct quotes (« », “ ”, " ", ‹ ›) and reported speech ("X a indiqué que ...",
// "selon X, ...", "X said that ...") with their speakers: a name (kept as a span, so
// the entities stage can link it), a pronoun resolved to the last named speaker, or a
// description as written ("une porte-parole du ministère de la défense"). Const and
// thread-safe.

#include <string_view>
#include <vector>

#include "facts/fact_extractor.h"
#include "facts/facts_lexicon.h"

namespace vigie::facts {

class QuoteExtractor {
 public:
  explicit QuoteExtractor(const LanguageLexicon& lexicon) : lx_(lexicon) {}
  // Appends the quotes of `tokens` sorted by their beginning.
  void extract(std::string_view text, const std::vector<LexToken>& tokens, bool want_indirect,
               std::vector<Quote>& out) const;

 private:
  const LanguageLexicon& lx_;
};

}  // namespace vigie::facts
