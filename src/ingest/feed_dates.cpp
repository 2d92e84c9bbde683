// Feed dates: two small hand-written parsers over a cursor, because std::get_time and
// strptime depend on the C locale (French month names would need a French locale
// installed) and accept impossible dates. Each parser reads the fields, checks them
// against the calendar, then prints them in one place (format_iso).

#include "ingest/feed_dates.h"

#include <array>
#include <cstdio>

namespace vigie::ingest {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Letters of a month or day name; bytes >= 0x80 let "févr." and "déc." through.
bool is_name_byte(char c) { return is_ascii_alpha(c) || static_cast<unsigned char>(c) >= 0x80; }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

struct Cursor {
  std::string_view text;
  size_t pos = 0;

  bool at_end() const { return pos >= text.size(); }
  char peek() const { return at_end() ? '\0' : text[pos]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  size_t skip_spaces() {
    size_t start = pos;
    while (!at_end() && is_space(text[pos])) ++pos;
    return pos - start;
  }
  // Reads between `min_digits` and `max_digits` digits; false (and nothing consumed)
  // when there are fewer.
  bool number(int min_digits, int max_digits, int& value, int* digit_count = nullptr) {
    size_t start = pos;
    int parsed = 0;
    while (!at_end() && is_digit(text[pos]) && static_cast<int>(pos - start) < max_digits) {
      parsed = parsed * 10 + (text[pos] - '0');
      ++pos;
    }
    int count = static_cast<int>(pos - start);
    if (count < min_digits || (!at_end() && is_digit(text[pos]))) {
      pos = start;
      return false;
    }
    value = parsed;
    if (digit_count != nullptr) *digit_count = count;
    return true;
  }
  std::string_view name() {
    size_t start = pos;
    while (!at_end() && is_name_byte(text[pos])) ++pos;
    return text.substr(start, pos - start);
  }
};

struct DateTime {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  bool has_offset = false;
  int offset_minutes = 0;
};

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

// Second 60 is a leap second (RFC 3339 allows it); offsets beyond ±18:00 do not exist.
bool is_valid(const DateTime& date) {
  if (date.year < 1000 || date.year > 9999 || date.month < 1 || date.month > 12) return false;
  if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return false;
  if (date.has_time && (date.hour > 23 || date.minute > 59 || date.second > 60)) return false;
  if (date.has_offset && (date.offset_minutes < -18 * 60 || date.offset_minutes > 18 * 60)) return false;
  return true;
}

std::optional<std::string> format_iso(const DateTime& date) {
  if (!is_valid(date)) return std::nullopt;
  char buffer[40];
  if (!date.has_time) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return std::string(buffer);
  }
  int length = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", date.year, date.month,
                             date.day, date.hour, date.minute, date.second);
  if (date.has_offset) {
    int magnitude = date.offset_minutes < 0 ? -date.offset_minutes : date.offset_minutes;
    std::snprintf(buffer + length, sizeof buffer - length, "%c%02d:%02d", date.offset_minutes < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
  }
  return std::string(buffer);
}

// "+0100", "+01:00", "-05", after the sign; false when the digits are not an offset.
bool numeric_offset(Cursor& cursor, DateTime& date) {
  char sign = cursor.peek();
  if (sign != '+' && sign != '-') return false;
  size_t start = cursor.pos++;
  int hours = 0, minutes = 0, digits = 0;
  if (!cursor.number(2, 4, hours, &digits)) {
    cursor.pos = start;
    return false;
  }
  if (digits == 4) {
    minutes = hours % 100;
    hours /= 100;
  } else if (digits == 2 && cursor.eat(':')) {
    if (!cursor.number(2, 2, minutes)) {
      cursor.pos = start;
      return false;
    }
  } else if (digits != 2) {
    cursor.pos = start;
    return false;
  }
  if (minutes > 59) return false;
  date.has_offset = true;
  date.offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
  return true;
}

// A month name in English or French, full or abbreviated ("Nov", "November", "nov.",
// "févr", "juil."): the word must start a month name and name only one month, so
// "jui" (juin or juillet) is refused while "mar" (March, mars) is fine.
int month_from_name(std::string_view word) {
  struct MonthName {
    std::string_view name;
    int month;
  };
  static constexpr std::array<MonthName, 28> kNames = {{
      {"january", 1},   {"february", 2}, {"march", 3},    {"april", 4},      {"may", 5},
      {"june", 6},      {"july", 7},     {"august", 8},   {"september", 9},  {"october", 10},
      {"november", 11}, {"december", 12},
      {"janvier", 1},   {"février", 2},  {"fevrier", 2},  {"mars", 3},       {"avril", 4},
      {"mai", 5},       {"juin", 6},     {"juillet", 7},  {"août", 8},       {"aout", 8},
      {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"décembre", 12}, {"decembre", 12},
      {"sept", 9},
  }};
  if (word.size() < 3 || word.size() > 12) return 0;
  std::string lowered(word);
  for (char& c : lowered) c = to_lower(c);
  int found = 0;
  for (const MonthName& candidate : kNames) {
    if (candidate.name.substr(0, lowered.size()) != lowered) continue;
    if (found != 0 && found != candidate.month) return 0;
    found = candidate.month;
  }
  return found;
}

// Zone names seen in feeds. A zone name we do not know still leaves a usable local
// time, so the caller drops the offset instead of the date.
bool named_zone_offset(std::string_view name, int& offset_minutes) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Zone, 16> kZones = {{
      {"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0}, {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
      {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}, {"cet", 1}, {"cest", 2}, {"bst", 1}, {"wet", 0},
  }};
  std::string lowered(name);
  for (char& c : lowered) c = to_lower(c);
  for (const Zone& zone : kZones) {
    if (zone.name == lowered) {
      offset_minutes = zone.hours * 60;
      return true;
    }
  }
  return false;
}

// "10:31:00", "10:31", "10:31:00.250" (the fraction is dropped).
bool clock_time(Cursor& cursor, DateTime& date) {
  if (!cursor.number(1, 2, date.hour) || !cursor.eat(':') || !cursor.number(2, 2, date.minute)) return false;
  if (cursor.eat(':')) {
    if (!cursor.number(2, 2, date.second)) return false;
    if (cursor.eat('.') || cursor.eat(',')) {
      int fraction = 0;
      if (!cursor.number(1, 9, fraction)) return false;
    }
  }
  date.has_time = true;
  return true;
}

}  // namespace

std::optional<std::string> parse_rfc822_date(std::string_view text) {
  Cursor cursor{trim(text)};
  DateTime date;

  // Weekday ("Mon,", "lun.,", "Monday") is never checked against the date: feeds get
  // it wrong more often than the date itself.
  if (is_name_byte(cursor.peek())) {
    cursor.name();
    cursor.eat('.');
    cursor.eat(',');
    cursor.skip_spaces();
  }
  if (!cursor.number(1, 2, date.day)) return std::nullopt;
  // "14 Nov 2022" and "14-Nov-2022".
  if (!cursor.eat('-') && cursor.skip_spaces() == 0) return std::nullopt;
  date.month = month_from_name(cursor.name());
  if (date.month == 0) return std::nullopt;
  cursor.eat('.');
  if (!cursor.eat('-') && cursor.skip_spaces() == 0) return std::nullopt;
  int year_digits = 0;
  if (!cursor.number(2, 4, date.year, &year_digits) || year_digits == 3) return std::nullopt;
  // RFC 2822 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx.
  if (year_digits == 2) date.year += date.year < 50 ? 2000 : 1900;

  if (cursor.skip_spaces() > 0 && is_digit(cursor.peek())) {
    if (!clock_time(cursor, date)) return std::nullopt;
    cursor.skip_spaces();
    if (numeric_offset(cursor, date)) {
      // done
    } else if (is_ascii_alpha(cursor.peek())) {
      std::string_view zone = cursor.name();
      int offset = 0;
      if (named_zone_offset(zone, offset)) {
        date.has_offset = true;
        date.offset_minutes = offset;
        // "GMT+0100" names the offset after the zone.
        numeric_offset(cursor, date);
      } else if (zone.size() > 5) {
        return std::nullopt;
      }
    } else if (cursor.peek() == '+' || cursor.peek() == '-') {
      return std::nullopt;
    }
  }
  cursor.skip_spaces();
  // A trailing RFC 2822 comment: "+0100 (CET)".
  if (cursor.eat('(')) {
    while (!cursor.at_end() && cursor.peek() != ')') ++cursor.pos;
    if (!cursor.eat(')')) return std::nullopt;
    cursor.skip_spaces();
  }
  if (!cursor.at_end()) return std::nullopt;
  return format_iso(date);
}

std::optional<std::string> parse_rfc3339_date(std::string_view text) {
  Cursor cursor{trim(text)};
  DateTime date;
  if (!cursor.number(4, 4, date.year)) return std::nullopt;
  // W3C-DTF (dc:date) allows a bare year or month; they are kept at that precision.
  if (cursor.at_end()) return date.year >= 1000 ? std::optional<std::string>(std::string(cursor.text)) : std::nullopt;
  if (!cursor.eat('-') || !cursor.number(2, 2, date.month)) return std::nullopt;
  if (cursor.at_end()) {
    if (date.year < 1000 || date.month < 1 || date.month > 12) return std::nullopt;
    return std::string(cursor.text);
  }
  if (!cursor.eat('-') || !cursor.number(2, 2, date.day)) return std::nullopt;
  if (!cursor.at_end()) {
    if (!cursor.eat('T') && !cursor.eat('t') && cursor.skip_spaces() == 0) return std::nullopt;
    if (!clock_time(cursor, date)) return std::nullopt;
    cursor.skip_spaces();
    if (cursor.eat('Z') || cursor.eat('z')) {
      date.has_offset = true;
    } else if (!cursor.at_end() && !numeric_offset(cursor, date)) {
      return std::nullopt;
    }
  }
  cursor.skip_spaces();
  if (!cursor.at_end()) return std::nullopt;
  return format_iso(date);
}

std::optional<std::string> parse_feed_date(std::string_view text) {
  std::string_view trimmed = trim(text);
  bool looks_iso = trimmed.size() >= 4 && is_digit(trimmed[0]) && is_digit(trimmed[1]) && is_digit(trimmed[2]) &&
                   is_digit(trimmed[3]) && (trimmed.size() == 4 || trimmed[4] == '-');
  return looks_iso ? parse_rfc3339_date(trimmed) : parse_rfc822_date(trimmed);
}

}  // namespace vigie::ingest
