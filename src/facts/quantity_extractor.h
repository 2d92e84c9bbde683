#pragma once
// Counts of people, things and money: "Près de 300 soldats britanniques" -> 300,
// approx, unit "soldats"; "entre 200 et 300 civils" -> 200..300; "des dizaines de
// milliers de personnes" -> 10000..99999; "2,5 millions d'euros" -> 2500000 EUR.
// Years, dates, clock times, ordinals, percentages and durations ("trois ans") are
// left to the time extractor or dropped. Holds a reference to its lexicon; const and
// thread-safe.

#include <string_view>
#include <vector>

#include "facts/fact_extractor.h"
#include "facts/facts_lexicon.h"

namespace vigie::facts {

class QuantityExtractor {
 public:
  explicit QuantityExtractor(const LanguageLexicon& lexicon) : lx_(lexicon) {}
  // Appends the quantities of `tokens` (lexed from `text`) in text order.
  void extract(std::string_view text, const std::vector<LexToken>& tokens, std::vector<Quantity>& out) const;

 private:
  const LanguageLexicon& lx_;
};

}  // namespace vigie::facts
