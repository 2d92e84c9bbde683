#include "ingest/iso_date.h"

#include <cctype>

namespace vigie::ingest {
namespace {

bool read_digits(std::string_view text, size_t& pos, size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return true;
}

std::string two(int value) {
  std::string out(2, '0');
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out;
}

}  // namespace

bool is_valid_calendar_date(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int limit = kDays[month - 1];
  bool is_leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && is_leap) limit = 29;
  return day <= limit;
}

std::optional<std::string> normalize_iso_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, pos, 4, year) || year < 1000) return std::nullopt;
  if (pos == text.size()) return std::string(text);
  if (text[pos++] != '-' || !read_digits(text, pos, 2, month) || month < 1 || month > 12) return std::nullopt;
  std::string out = std::to_string(year) + "-" + two(month);
  if (pos == text.size()) return out;
  if (text[pos++] != '-' || !read_digits(text, pos, 2, day) || !is_valid_calendar_date(year, month, day))
    return std::nullopt;
  out += "-" + two(day);
  if (pos == text.size()) return out;
  if (text[pos] != 'T' && text[pos] != ' ' && text[pos] != 't') return std::nullopt;
  ++pos;
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 2, hour) || hour > 23) return std::nullopt;
  if (pos >= text.size() || text[pos++] != ':' || !read_digits(text, pos, 2, minute) || minute > 59)
    return std::nullopt;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_digits(text, pos, 2, second) || second > 60) return std::nullopt;
    // Fractions of a second are dropped: no news date is that precise.
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    }
  }
  out += "T" + two(hour) + ":" + two(minute) + ":" + two(second);
  if (pos == text.size()) return out;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    return pos + 1 == text.size() ? std::optional<std::string>(out + "Z") : std::nullopt;
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  char sign = text[pos++];
  int offset_hours = 0, offset_minutes = 0;
  if (!read_digits(text, pos, 2, offset_hours) || offset_hours > 14) return std::nullopt;
  if (pos < text.size() && text[pos] == ':') ++pos;
  if (pos < text.size() && !read_digits(text, pos, 2, offset_minutes)) return std::nullopt;
  if (pos != text.size() || offset_minutes > 59) return std::nullopt;
  out += sign + two(offset_hours) + ":" + two(offset_minutes);
  return out;
}

}  // namespace vigie::ingest
