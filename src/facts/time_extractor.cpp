// Approach: at each token, try the lexicon's fixed phrases (refs: "désormais",
// "ces derniers mois"), then an optional preposition ("en", "depuis", "le",
// "jusqu'à", "plus tôt") followed by one of the core patterns below, longest first.
// Values are computed with plain civil-date arithmetic (days since 1970-01-01), so
// there is no locale or time-zone dependency. Patterns and the values they give are
// listed in docs/FACTS.md.
//
// Weekdays: "dimanche dernier" is the previous one, "lundi prochain" the next one; a
// bare weekday looks forward when its sentence is in the future (a future-tense verb
// such as "se déroulera", "will", or "jusqu'à", "dès") and backward otherwise,
// the publication day itself included, because news reports what happened.
#include "facts/time_extractor.h"

#include <cstdio>

#include "facts/number_parser.h"

namespace vigie::facts {

std::optional<CivilDate> parse_iso_date(std::string_view s) {
  auto digits = [&](size_t pos, size_t count, int& v) {
    if (pos + count > s.size()) return false;
    v = 0;
    for (size_t k = pos; k < pos + count; ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      v = v * 10 + (s[k] - '0');
    }
    return true;
  };
  CivilDate d;
  if (!digits(0, 4, d.year) || s.size() < 10 || s[4] != '-' || s[7] != '-' || !digits(5, 2, d.month) ||
      !digits(8, 2, d.day))
    return std::nullopt;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
  return d;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t days_from_civil(CivilDate date) {
  int y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned mp = static_cast<unsigned>(date.month + (date.month > 2 ? -3 : 9));
  unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(date.day) - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int iso_weekday(CivilDate date) {
  int64_t days = days_from_civil(date);
  int64_t wd = (days + 3) % 7;  // 1970-01-01 was a Thursday (3 with Monday = 0)
  if (wd < 0) wd += 7;
  return static_cast<int>(wd) + 1;
}

std::string iso_week_string(CivilDate date) {
  int64_t days = days_from_civil(date);
  int wd = iso_weekday(date);
  CivilDate thursday = civil_from_days(days - wd + 4);
  int64_t jan1 = days_from_civil({thursday.year, 1, 1});
  int week = static_cast<int>((days_from_civil(thursday) - jan1) / 7) + 1;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-W%02d", thursday.year, week);
  return buffer;
}

std::string date_string(CivilDate date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

namespace {

std::string month_string(int year, int month) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

std::string year_string(int year) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d", year);
  return buffer;
}

CivilDate add_months(CivilDate d, int months) {
  int total = d.year * 12 + (d.month - 1) + months;
  return {total / 12, total % 12 + 1, 1};
}

std::string number_string(double v) {
  char buffer[32];
  if (v == static_cast<int64_t>(v)) std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(v));
  else std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

struct Found {
  size_t end = 0;
  std::string value;
  std::string type = "DATE";
  bool needs_published = false;
  std::optional<CivilDate> day;  // when the value names a day (anchor for clock times)
};

int parse_roman(std::string_view s) {
  int total = 0, prev = 0;
  for (size_t k = s.size(); k-- > 0;) {
    int v = 0;
    switch (s[k]) {
      case 'i': v = 1; break;
      case 'v': v = 5; break;
      case 'x': v = 10; break;
      case 'l': v = 50; break;
      case 'c': v = 100; break;
      default: return 0;
    }
    total += v < prev ? -v : v;
    prev = v > prev ? v : prev;
  }
  return total;
}

class Matcher {
 public:
  Matcher(const LanguageLexicon& lx, const std::vector<LexToken>& tokens, std::optional<CivilDate> published)
      : lx_(lx), t_(tokens), n_(tokens.size()), pub_(published) {}

  std::optional<Found> at(size_t i, std::optional<CivilDate> anchor) {
    anchor_ = anchor;
    size_t len = 0;
    // Fixed phrases first: "en ce moment" must not become "en" + nothing.
    if (const auto* ref = lx_.refs.match(t_, i, n_, len)) {
      Found f;
      f.end = i + len;
      f.value = ref->fields.empty() ? "PRESENT_REF" : ref->fields[0];
      return f;
    }
    // Optional preposition and "plus tôt" before a core pattern.
    size_t j = i;
    bool has_prep = false;
    bool future_prep = false;
    for (int round = 0; round < 3; ++round) {
      size_t l = 0;
      if (const auto* p = lx_.point_preps.match(t_, j, n_, l)) {
        (void)p;
        std::string_view first = t_[j].folded;
        future_prep = future_prep || first == "jusqu'" || first == "dès" || first == "d'ici" || first == "until" ||
                      first == "by";
        j += l;
        has_prep = true;
        continue;
      }
      if (lx_.earlier_later.match(t_, j, n_, l)) {
        j += l;
        has_prep = true;
        continue;
      }
      if (lx_.duration_preps.match(t_, j, n_, l)) {
        j += l;
        has_prep = true;
        continue;
      }
      break;
    }
    if (j > i) {
      if (auto f = core(j, true, future_prep)) return f;
    }
    return core(i, has_prep && false, false);
  }

 private:
  bool is_word(size_t k) const { return k < n_ && t_[k].kind == LexKind::kWord; }
  const FoldedWord& f(size_t k) const {
    static const FoldedWord kEmpty = [] {
      FoldedWord w;
      w.hash = std::hash<std::string_view>{}(std::string_view());
      return w;
    }();
    return k < n_ ? t_[k].folded : kEmpty;
  }

  std::optional<int> month_at(size_t k) const {
    if (!is_word(k)) return std::nullopt;
    auto it = lx_.months.find(t_[k].folded);
    if (it == lx_.months.end()) return std::nullopt;
    // English month names only when capitalised ("May", not "may"); three-letter
    // abbreviations only with their period or a number next to them.
    if (lx_.lang == "en" && !t_[k].is_capitalized) return std::nullopt;
    if (t_[k].folded == "mars" && t_[k].is_capitalized && k > 0 && !t_[k - 1].has_space_before) return std::nullopt;
    return it->second;
  }

  std::optional<int> year_at(size_t k) const {
    if (k >= n_ || t_[k].kind != LexKind::kNumber || t_[k].has_grouping || t_[k].has_decimal) return std::nullopt;
    if (t_[k].integer_digits != 4 || t_[k].number < 1000 || t_[k].number > 2200) return std::nullopt;
    return static_cast<int>(t_[k].number);
  }

  std::optional<int> day_number_at(size_t k) const {
    if (k >= n_) return std::nullopt;
    const LexToken& t = t_[k];
    if ((t.kind == LexKind::kNumber && !t.has_grouping && !t.has_decimal && t.integer_digits <= 2) ||
        t.kind == LexKind::kOrdinal) {
      if (t.number >= 1 && t.number <= 31) return static_cast<int>(t.number);
    }
    return std::nullopt;
  }

  int direction_at(size_t k) const {  // -1 "dernier", +1 "prochain", 0 none
    if (!is_word(k)) return 0;
    if (lx_.past_modifiers.count(t_[k].folded)) return -1;
    if (lx_.next_modifiers.count(t_[k].folded)) return 1;
    return 0;
  }

  bool sentence_is_future(size_t k) const {
    if (future_sentence_ == t_[k].sentence) return future_value_;
    future_sentence_ = t_[k].sentence;
    future_value_ = compute_future(k);
    return future_value_;
  }
  mutable uint32_t future_sentence_ = UINT32_MAX;
  mutable bool future_value_ = false;

  bool compute_future(size_t k) const {
    uint32_t s = t_[k].sentence;
    size_t b = k;
    while (b > 0 && t_[b - 1].sentence == s) --b;
    for (size_t m = b; m < n_ && t_[m].sentence == s; ++m) {
      if (t_[m].kind != LexKind::kWord || t_[m].is_capitalized) continue;
      const std::string& w = t_[m].folded;
      if (lx_.future_words.count(w)) return true;
      if (w.size() >= 4)
        for (const auto& suffix : lx_.future_suffixes)
          if (w.ends_with(suffix) && !lx_.months.count(w)) return true;
    }
    return false;
  }

  // A day part after a date: "soir" -> "TEV", "midi" -> "T12:00".
  size_t day_part(size_t k, std::string& suffix) const {
    size_t l = 0;
    if (const auto* p = lx_.day_parts.match(t_, k, n_, l)) {
      const std::string& v = p->fields.empty() ? std::string() : p->fields[0];
      suffix = v.starts_with("T") ? v : "T" + v;
      return k + l;
    }
    return k;
  }

  Found day_found(size_t end, CivilDate d, bool relative) const {
    Found f;
    f.end = end;
    f.value = date_string(d);
    f.day = d;
    f.needs_published = relative;
    return f;
  }

  std::optional<Found> unresolved(size_t end, const char* type = "DATE") const {
    Found f;
    f.end = end;
    f.type = type;
    f.needs_published = true;
    return f;
  }

  // "2022" after a day and month; two-digit years ("octobre 98") after a month.
  size_t year_after(size_t k, int& year, bool allow_short) const {
    size_t m = k;
    if (f(m) == "," && year_at(m + 1)) ++m;
    if (auto y = year_at(m)) {
      year = *y;
      return m + 1;
    }
    if (allow_short && m < n_ && t_[m].kind == LexKind::kNumber && t_[m].integer_digits == 2 &&
        !t_[m].has_decimal) {
      int v = static_cast<int>(t_[m].number);
      year = v >= 30 ? 1900 + v : 2000 + v;
      return m + 1;
    }
    return k;
  }

  std::optional<Found> weekday(size_t k, bool future_prep) const {
    auto it = lx_.weekdays.find((f(k)));
    if (!is_word(k) || it == lx_.weekdays.end()) return std::nullopt;
    if (lx_.lang == "en" && !t_[k].is_capitalized) return std::nullopt;
    int wd = it->second;
    size_t e = k + 1;
    // "samedi 29 mai (1999)", "Wednesday, June 29".
    if (auto day = day_number_at(e)) {
      if (auto month = month_at(e + 1)) {
        int year = pub_ ? pub_->year : 0;
        size_t end = year_after(e + 2, year, false);
        if (year == 0) return unresolved(end);
        return day_found(end, {year, *month, *day}, false);
      }
    }
    std::string part;
    size_t after_part = day_part(e, part);
    int dir = direction_at(after_part);
    size_t end = after_part + (dir != 0 ? 1 : 0);
    if (!pub_) return unresolved(end);
    int pub_wd = iso_weekday(*pub_);
    int64_t base = days_from_civil(*pub_);
    int64_t offset = 0;
    if (dir < 0) {
      offset = -((pub_wd - wd + 7) % 7);
      if (offset == 0) offset = -7;
    } else if (dir > 0) {
      offset = (wd - pub_wd + 7) % 7;
      if (offset == 0) offset = 7;
    } else if (future_prep || sentence_is_future(k)) {
      offset = (wd - pub_wd + 7) % 7;
    } else {
      offset = -((pub_wd - wd + 7) % 7);
    }
    Found found = day_found(end, civil_from_days(base + offset), true);
    found.value += part;
    if (!part.empty()) found.type = "TIME";
    return found;
  }

  // The unit of a period noun: "semaine" -> 'W', "mois" -> 'M', "année" -> 'Y'.
  char period_unit(size_t k, int* multiplier = nullptr) const {
    if (!is_word(k)) return 0;
    auto it = lx_.duration_units.find(t_[k].folded);
    if (it == lx_.duration_units.end() || it->second.empty()) return 0;
    if (multiplier) *multiplier = it->second.size() >= 2 ? std::atoi(it->second[1].c_str()) : 1;
    const std::string& u = it->second[0];
    if (u == "MIN") return 'N';
    return u[0];
  }

  // A period relative to publication: unit 'Y', 'M', 'W', 'D' and an offset.
  std::optional<std::string> period_value(char unit, int offset) const {
    if (!pub_) return std::nullopt;
    switch (unit) {
      case 'Y': return year_string(pub_->year + offset);
      case 'M': {
        CivilDate m = add_months(*pub_, offset);
        return month_string(m.year, m.month);
      }
      case 'W': return iso_week_string(civil_from_days(days_from_civil(*pub_) + 7 * offset));
      case 'D': return date_string(civil_from_days(days_from_civil(*pub_) + offset));
      default: return std::nullopt;
    }
  }

  std::optional<Found> period(size_t end, char unit, int offset) const {
    // "il y a 18 heures": hours and minutes ago name a day, not counted in days.
    if (unit == 'H') offset /= 24;
    if (unit == 'N') offset /= 1440;
    if (unit == 'H' || unit == 'N') unit = 'D';
    auto v = period_value(unit, offset);
    if (!v) return unresolved(end);
    Found found;
    found.end = end;
    found.value = *v;
    found.needs_published = true;
    if (unit == 'D' && pub_) found.day = civil_from_days(days_from_civil(*pub_) + offset);
    return found;
  }

  std::optional<Found> season_value(size_t end, const std::string& code, int dir) const {
    if (!pub_) return unresolved(end);
    int year = pub_->year;
    int season_start = code == "SP" ? 3 : code == "SU" ? 6 : code == "FA" ? 9 : 12;
    if (dir < 0 && season_start >= pub_->month) --year;
    if (dir > 0 && season_start <= pub_->month) ++year;
    Found found;
    found.end = end;
    found.value = year_string(year) + "-" + code;
    found.needs_published = true;
    return found;
  }

  std::optional<Found> duration(size_t k) const {
    // [les|ces] [derniers|prochains] N [derniers|prochains] unit: "trois ans", "des
    // mois" (PXM), "dans les six prochains mois", "ces dernières 24 heures".
    size_t m = k;
    if (f(m) == "les" || f(m) == "ces" || f(m) == "the") ++m;
    size_t l = 0;
    if (direction_at(m) != 0) ++m;
    bool vague = false;
    double value = 0;
    size_t after_number = m;
    if (is_word(m) && lx_.vague_quantifiers.count(f(m))) {
      vague = true;
      after_number = m + 1;
    } else if (auto num = parse_number(lx_, t_, m, n_, true); num && !num->needs_linker) {
      value = num->value;
      after_number = num->end;
    } else if (is_word(m) && f(m).starts_with("demi-")) {
      // "un demi-siècle": handled below through the hyphenated unit.
      return std::nullopt;
    } else {
      return std::nullopt;
    }
    if (lx_.coming.match(t_, after_number, n_, l)) after_number += l;
    else if (direction_at(after_number) != 0) ++after_number;
    int multiplier = 1;
    char unit = period_unit(after_number, &multiplier);
    if (unit == 0) {
      // "un demi-siècle" -> P50Y.
      if (is_word(after_number) && f(after_number).starts_with("demi-")) {
        std::string rest = f(after_number).substr(5);
        auto it = lx_.duration_units.find(std::string_view(rest));
        if (it != lx_.duration_units.end() && it->second.size() >= 2) {
          Found found;
          found.end = after_number + 1;
          found.type = "DURATION";
          found.value = "P" + number_string(std::atoi(it->second[1].c_str()) * 0.5 * (value == 0 ? 1 : value)) +
                        it->second[0];
          return found;
        }
      }
      return std::nullopt;
    }
    // "des années 60" is a decade, not a vague duration.
    if (vague && after_number + 1 < n_ && t_[after_number + 1].kind == LexKind::kNumber) return std::nullopt;
    Found found;
    found.end = after_number + 1;
    if (direction_at(found.end) != 0) ++found.end;  // "les trois années passées"
    found.type = "DURATION";
    std::string count = vague ? "X" : number_string(value * multiplier);
    switch (unit) {
      case 'H': found.value = "PT" + count + "H"; break;
      case 'N': found.value = "PT" + count + "M"; break;
      default: found.value = "P" + count + std::string(1, unit);
    }
    return found;
  }

  std::optional<Found> core(size_t k, bool has_prep, bool future_prep) {
    if (k >= n_) return std::nullopt;
    size_t l = 0;
    const LexToken& tok = t_[k];

    // "hier (lundi) (soir)", "aujourd'hui", "demain", "yesterday".
    if (const auto* off = lx_.day_offsets.match(t_, k, n_, l)) {
      int offset = off->fields.empty() ? 0 : std::atoi(off->fields[0].c_str());
      size_t e = k + l;
      if (is_word(e) && lx_.weekdays.count(f(e))) ++e;  // "hier lundi"
      std::string part;
      if (off->fields.size() >= 2) part = "T" + off->fields[1];
      e = day_part(e, part);
      if (!pub_) return unresolved(e);
      Found found = day_found(e, civil_from_days(days_from_civil(*pub_) + offset), true);
      found.value += part;
      return found;
    }

    // "cette semaine", "ce mois(-ci)", "cette année", "cet été", "ce matin", "this week".
    if (is_word(k) && lx_.this_modifiers.count(tok.folded)) {
      size_t e = k + 1;
      std::string part;
      size_t after_part = day_part(e, part);
      if (after_part > e) {
        if (!pub_) return unresolved(after_part);
        Found found = day_found(after_part, *pub_, true);
        found.value += part;
        found.type = "TIME";
        return found;
      }
      if (is_word(e) && (f(e) == "week-end" || f(e) == "weekend")) {
        if (!pub_) return unresolved(e + 1);
        Found found;
        found.end = e + 1;
        found.value = iso_week_string(*pub_) + "-WE";
        return found;
      }
      if (is_word(e)) {
        auto season = lx_.seasons.find((f(e)));
        if (season != lx_.seasons.end()) return season_value(e + 1, season->second, 0);
      }
      int mult = 1;
      char unit = period_unit(e, &mult);
      if (unit != 0 && mult == 1 && unit != 'H' && unit != 'N') {
        size_t end = e + 1;
        if (f(end) == "-ci" || f(end) == "-là") ++end;
        return period(end, unit, 0);
      }
      return std::nullopt;
    }

    // English "last week", "next month", "last summer", "last Monday".
    if (int dir = direction_at(k); dir != 0 && is_word(k + 1)) {
      int mult = 1;
      char unit = period_unit(k + 1, &mult);
      if (unit != 0 && mult == 1 && unit != 'H' && unit != 'N' && unit != 'D') return period(k + 2, unit, dir);
      auto season = lx_.seasons.find((f(k + 1)));
      if (season != lx_.seasons.end()) return season_value(k + 2, season->second, dir);
      if (lx_.weekdays.count(f(k + 1)) && lx_.lang == "en") {
        auto w = weekday(k + 1, false);
        if (w && pub_) {
          // Re-resolve with the direction the modifier gives.
          int wd = lx_.weekdays.find((f(k + 1)))->second;
          int pub_wd = iso_weekday(*pub_);
          int64_t offset = dir < 0 ? -((pub_wd - wd + 7) % 7) : (wd - pub_wd + 7) % 7;
          if (offset == 0) offset = dir < 0 ? -7 : 7;
          return day_found(k + 2, civil_from_days(days_from_civil(*pub_) + offset), true);
        }
        return w;
      }
    }

    // French "le mois dernier", "la semaine prochaine", "l'an dernier", "l'été dernier".
    if (is_word(k) && direction_at(k + 1) != 0) {
      int mult = 1;
      char unit = period_unit(k, &mult);
      int dir = direction_at(k + 1);
      if (unit != 0 && mult == 1 && unit != 'H' && unit != 'N' && unit != 'D') return period(k + 2, unit, dir);
      auto season = lx_.seasons.find(tok.folded);
      if (season != lx_.seasons.end()) return season_value(k + 2, season->second, dir);
      if (tok.folded == "week-end" || tok.folded == "weekend") {
        if (!pub_) return unresolved(k + 2);
        Found found;
        found.end = k + 2;
        found.value = iso_week_string(civil_from_days(days_from_civil(*pub_) + 7 * dir)) + "-WE";
        return found;
      }
    }

    // Weekdays.
    if (auto w = weekday(k, future_prep)) return w;

    // "le 29 juin (2022) (dernier)", "1er septembre prochain", "29 June 2022".
    if (auto day = day_number_at(k)) {
      if (auto month = month_at(k + 1)) {
        int year = 0;
        size_t end = year_after(k + 2, year, false);
        if (year != 0) return day_found(end, {year, *month, *day}, false);
        int dir = direction_at(end);
        if (dir != 0) ++end;
        if (!pub_) return unresolved(end);
        year = pub_->year;
        CivilDate d{year, *month, *day};
        if (dir < 0 && days_from_civil(d) >= days_from_civil(*pub_)) d.year -= 1;
        if (dir > 0 && days_from_civil(d) <= days_from_civil(*pub_)) d.year += 1;
        return day_found(end, d, true);
      }
    }

    // "fin septembre 2000", "début 2020", "mi-juin", "early 2021".
    if (lx_.part_of.match(t_, k, n_, l)) {
      size_t e = k + l;
      if (f(e) == "-" ) ++e;
      if (auto w = core(e, true, future_prep)) {
        if (w->value.size() >= 4 && w->value[0] >= '0' && w->value[0] <= '9') return w;
      }
    }
    if (is_word(k) && tok.folded.starts_with("mi-")) {
      std::string rest = tok.folded.substr(3);
      auto month = lx_.months.find(std::string_view(rest));
      if (month != lx_.months.end()) {
        int year = 0;
        size_t end = year_after(k + 1, year, false);
        if (year == 0 && !pub_) return unresolved(end);
        if (year == 0) year = pub_->year;
        Found found;
        found.end = end;
        found.value = month_string(year, month->second);
        return found;
      }
    }

    // "juin 2022", "octobre 98", "en février", "en août dernier", "June 29, 2022".
    if (auto month = month_at(k)) {
      // English "June 29(, 2022)".
      if (lx_.lang == "en") {
        if (auto day = day_number_at(k + 1)) {
          int year = 0;
          size_t end = year_after(k + 2, year, false);
          if (year != 0) return day_found(end, {year, *month, *day}, false);
          if (!pub_) return unresolved(end);
          return day_found(end, {pub_->year, *month, *day}, true);
        }
      }
      int year = 0;
      size_t end = year_after(k + 1, year, true);
      if (year != 0) {
        Found found;
        found.end = end;
        found.value = month_string(year, *month);
        return found;
      }
      // A lone French month needs a preposition or a modifier unless it is written
      // in full and not at a sentence start ("Mars" may be the planet).
      int dir = direction_at(end);
      if (dir != 0) ++end;
      if (dir == 0 && !has_prep && t_[k].span.size() <= 4) return std::nullopt;
      if (!pub_) return unresolved(end);
      year = pub_->year;
      if (dir < 0 && *month >= pub_->month) --year;
      if (dir > 0 && *month <= pub_->month) ++year;
      Found found;
      found.end = end;
      found.value = month_string(year, *month);
      found.needs_published = true;
      return found;
    }

    // "l'année 2001", "the year 2001".
    if (is_word(k) && lx_.year_words.count(tok.folded) && year_at(k + 1)) {
      Found found;
      found.end = k + 2;
      found.value = year_string(*year_at(k + 1));
      return found;
    }

    // "les années 60", "les années 1990", "the 1990s".
    if (lx_.decade_words.match(t_, k, n_, l) && k + l < n_ && t_[k + l].kind == LexKind::kNumber) {
      const LexToken& d = t_[k + l];
      int v = static_cast<int>(d.number);
      bool english_s = lx_.lang == "en" && k + l + 1 < n_ && f(k + l + 1) == "s" && !t_[k + l + 1].has_space_before;
      if ((lx_.lang != "en" || english_s) && v % 10 == 0 && (d.integer_digits == 2 || d.integer_digits == 4)) {
        int decade = d.integer_digits == 2 ? 190 + v / 10 : v / 10;
        Found found;
        found.end = k + l + 1 + (english_s ? 1 : 0);
        found.value = std::to_string(decade) + "X";
        return found;
      }
    }

    // "XIXe siècle", "19th century".
    if (k + 1 < n_ && lx_.century_words.count(f(k + 1))) {
      int century = 0;
      if (tok.kind == LexKind::kOrdinal) century = static_cast<int>(tok.number);
      else if (is_word(k) && tok.folded.size() >= 2 && tok.folded.back() == 'e') {
        std::string_view roman = std::string_view(tok.folded).substr(0, tok.folded.size() - 1);
        if (roman.ends_with("\xC3\xA8m")) roman.remove_suffix(3);
        century = parse_roman(roman);
      }
      if (century >= 1 && century <= 30) {
        Found found;
        found.end = k + 2;
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%02dXX", century - 1);
        found.value = buffer;
        return found;
      }
    }

    // "il y a trois ans" -> the year three years ago; "three years ago".
    if (lx_.ago_before.match(t_, k, n_, l)) {
      if (auto num = parse_number(lx_, t_, k + l, n_, true)) {
        int mult = 1;
        char unit = period_unit(num->end, &mult);
        if (unit != 0) return period(num->end + 1, unit, -static_cast<int>(num->value) * mult);
      }
    }
    if (auto num = parse_number(lx_, t_, k, n_, true); num && !num->needs_linker) {
      int mult = 1;
      char unit = period_unit(num->end, &mult);
      if (unit != 0 && num->end + 1 < n_ && lx_.ago_after.count(f(num->end + 1)))
        return period(num->end + 2, unit, -static_cast<int>(num->value) * mult);
    }

    // Clock times: "22 h", "14 h 15", "00 h 10", "22h30", "à midi".
    if (tok.kind == LexKind::kNumber && !tok.has_decimal && !tok.has_grouping && tok.number <= 24 &&
        is_word(k + 1) && (lx_.clock_hours.count(f(k + 1)) || (f(k + 1).size() == 3 && f(k + 1)[0] == 'h'))) {
      int hour = static_cast<int>(tok.number);
      int minute = 0;
      size_t e = k + 2;
      const std::string& h = f(k + 1);
      if (h.size() == 3 && h[0] == 'h' && h[1] >= '0' && h[1] <= '5' && h[2] >= '0' && h[2] <= '9') {
        minute = (h[1] - '0') * 10 + (h[2] - '0');
      } else if (!lx_.clock_hours.count(h)) {
        return std::nullopt;
      } else if (e < n_ && t_[e].kind == LexKind::kNumber && t_[e].integer_digits == 2 && t_[e].number < 60) {
        minute = static_cast<int>(t_[e].number);
        ++e;
      }
      if (h == "heures" && minute == 0 && !has_prep) return std::nullopt;  // "24 heures" is a duration
      std::optional<CivilDate> day = anchor_ ? anchor_ : pub_;
      if (!day) return unresolved(e, "TIME");
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "T%02d:%02d", hour, minute);
      Found found;
      found.end = e;
      found.value = date_string(*day) + buffer;
      found.type = "TIME";
      found.needs_published = !anchor_;
      return found;
    }

    // Seasons need a determiner or a preposition ("l'été", "en hiver"): "été" is
    // also the participle of "être".
    if (is_word(k) && has_prep) {
      auto season = lx_.seasons.find(tok.folded);
      if (season != lx_.seasons.end()) return season_value(k + 1, season->second, direction_at(k + 1));
    }

    // Durations: "trois ans", "pour un an", "depuis des mois", "près d'une décennie".
    if (auto d = duration(k)) return d;

    // A bare year.
    if (auto y = year_at(k)) {
      if (k > 0 && (f(k - 1) == "n°" || f(k - 1) == "no")) return std::nullopt;
      // A count ("2000 soldats") is not a year.
      if (is_word(k + 1) && !t_[k + 1].is_capitalized && !lx_.function_words.count(f(k + 1)) &&
          !lx_.time_units.count(f(k + 1)) && !lx_.months.count(f(k + 1)) && lx_.lang == "fr" &&
          f(k + 1) != "s")
        return std::nullopt;
      Found found;
      found.end = k + 1;
      found.value = year_string(*y);
      return found;
    }
    return std::nullopt;
  }

  const LanguageLexicon& lx_;
  const std::vector<LexToken>& t_;
  size_t n_;
  std::optional<CivilDate> pub_;
  std::optional<CivilDate> anchor_;
};

}  // namespace

void TimeExtractor::extract(std::string_view text, const std::vector<LexToken>& tokens,
                            std::optional<CivilDate> published, std::vector<TimeExpression>& out) const {
  Matcher matcher(lx_, tokens, published);
  std::optional<CivilDate> anchor;
  uint32_t anchor_sentence = UINT32_MAX;
  for (size_t i = 0; i < tokens.size();) {
    const LexToken& t = tokens[i];
    if (t.kind == LexKind::kPunct || t.kind == LexKind::kSymbol) {
      ++i;
      continue;
    }
    if (t.sentence != anchor_sentence) anchor.reset();
    auto found = matcher.at(i, anchor);
    if (!found) {
      ++i;
      continue;
    }
    TimeExpression te;
    size_t last = found->end > i ? found->end - 1 : i;
    te.span = {tokens[i].span.begin_byte, tokens[last].span.end_byte};
    te.type = found->type;
    if (found->type == "DATE" && found->value.size() > 10 && found->value[10] == 'T') te.type = "TIME";
    if (!found->value.empty() && found->value[0] == 'P') te.type = "DURATION";
    te.value = found->value;
    te.is_resolved = !(found->needs_published && !published) && !te.value.empty();
    if (found->day) {
      anchor = found->day;
      anchor_sentence = t.sentence;
    }
    out.push_back(std::move(te));
    i = found->end > i ? found->end : i + 1;
  }
  (void)text;
}

}  // namespace vigie::facts
