#pragma once
// Date and time expressions, absolute ("le 29 juin", "en août 2021", "June 29, 2022")
// and relative ("hier lundi", "le mois dernier", "il y a trois ans", "plus tôt cette
// semaine", "last week"), normalised TIMEX3-style against the publication date. See
// docs/FACTS.md for the values and the weekday rule. Const and thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facts/fact_extractor.h"
#include "facts/facts_lexicon.h"

namespace vigie::facts {

struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// "2022-11-15", "2022-11-15T10:00:00Z" -> the date; nullopt when not a date.
std::optional<CivilDate> parse_iso_date(std::string_view text);
int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(int64_t days);
int iso_weekday(CivilDate date);  // 1 = Monday .. 7 = Sunday
std::string iso_week_string(CivilDate date);  // "2022-W46"
std::string date_string(CivilDate date);      // "2022-11-14"

class TimeExtractor {
 public:
  explicit TimeExtractor(const LanguageLexicon& lexicon) : lx_(lexicon) {}
  // Appends the time expressions of `tokens` in text order. `published` may be empty:
  // relative expressions then get an empty value and is_resolved = false.
  void extract(std::string_view text, const std::vector<LexToken>& tokens, std::optional<CivilDate> published,
               std::vector<TimeExpression>& out) const;

 private:
  const LanguageLexicon& lx_;
};

}  // namespace vigie::facts
