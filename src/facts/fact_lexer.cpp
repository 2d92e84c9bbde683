// One pass over the bytes: decode a code point, classify it (letter, digit, space,
// apostrophe, hyphen, other), and cut tokens. Numbers are grouped here because
// "13 000" must be one token for the quantity extractor and the space inside it must
// not be confused with the space in "en 2020 300 soldats" (a first group has at most
// three digits). Sentence breaks: ". ! ? …" followed by a space and an upper-case
// letter, a digit or an opening quote, unless the word before is an abbreviation or a
// single capital ("M.", "J."); a newline always ends a sentence.
#include "core/utf8.h"
#include "facts/fact_lexer.h"

#include <cassert>

namespace vigie::facts {
namespace {

struct CodePoint {
  uint32_t value = 0;
  uint32_t length = 1;
};

CodePoint decode(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  auto cont = [&](size_t k) -> uint32_t {
    return i + k < s.size() ? (static_cast<unsigned char>(s[i + k]) & 0x3F) : 0;
  };
  if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) return {((c & 0x1Fu) << 6) | cont(1), 2};
  if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) return {((c & 0x0Fu) << 12) | (cont(1) << 6) | cont(2), 3};
  if ((c & 0xF8) == 0xF0 && i + 3 < s.size())
    return {((c & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
  return {0xFFFD, 1};
}

bool is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F || cp == 0x2009 ||
         cp == 0x2007 || cp == 0x2002 || cp == 0x2003;
}
bool is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }
bool is_apostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }
bool is_hyphen(uint32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

bool is_letter(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0xC0 && cp <= 0x24F) return true;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  return cp >= 0x370;
}

bool is_upper(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return true;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
  if (cp >= 0x100 && cp <= 0x17F) return (cp % 2) == 0;  // Latin Extended-A pairs
  if (cp >= 0x391 && cp <= 0x3A9) return true;
  if (cp >= 0x410 && cp <= 0x42F) return true;
  return false;
}

bool is_symbol(uint32_t cp) {
  return cp == '%' || cp == '$' || cp == 0x20AC || cp == 0xA3 || cp == 0xA5 || cp == '+' || cp == 0xB0 ||
         cp == '#' || cp == '&' || cp == '@';
}

uint32_t to_lower(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0 && cp != 0x130) return cp + 1;
  if (cp >= 0x391 && cp <= 0x3A9) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  return cp;
}

// Inversion clitics split from their verb ("a-t-il" -> "a" "-t-il"), and the
// demonstrative suffixes ("ce mois-ci"). Compounds like "quarante-six", "Royaume-Uni"
// and "après-midi" stay whole.
constexpr std::string_view kHyphenClitics[] = {"-t-il", "-t-elle", "-t-on", "-t-ils", "-t-elles", "-il",
                                               "-elle", "-ils",   "-elles", "-on",   "-ci",      "-là"};

}  // namespace

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      ++i;
      continue;
    }
    CodePoint cp = decode(text, i);
    if (is_apostrophe(cp.value)) {
      out += '\'';
    } else if (is_space(cp.value)) {
      out += ' ';
    } else if (cp.value == 0x2010 || cp.value == 0x2011) {
      out += '-';
    } else {
      append_utf8(out, to_lower(cp.value));
    }
    i += cp.length;
  }
  return out;
}

std::string strip_accents(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size();) {
    CodePoint cp = decode(folded, i);
    uint32_t v = cp.value;
    char plain = 0;
    if (v >= 0xE0 && v <= 0xE5) plain = 'a';
    else if (v == 0xE7) plain = 'c';
    else if (v >= 0xE8 && v <= 0xEB) plain = 'e';
    else if (v >= 0xEC && v <= 0xEF) plain = 'i';
    else if (v == 0xF1) plain = 'n';
    else if (v >= 0xF2 && v <= 0xF6) plain = 'o';
    else if (v >= 0xF9 && v <= 0xFC) plain = 'u';
    else if (v == 0xFD || v == 0xFF) plain = 'y';
    if (plain != 0) out += plain;
    else out.append(folded.substr(i, cp.length));
    i += cp.length;
  }
  return out;
}

bool is_quote_mark(std::string_view t) {
  return t == "\"" || t == "\xC2\xAB" || t == "\xC2\xBB" || t == "\xE2\x80\x9C" || t == "\xE2\x80\x9D" ||
         t == "\xE2\x80\x9E" || t == "\xE2\x80\xB9" || t == "\xE2\x80\xBA";
}

std::vector<LexToken> lex(std::string_view text, const LexerConfig& config) {
  std::vector<LexToken> tokens;
  tokens.reserve(text.size() / 5 + 8);
  bool space_before = true;
  bool paragraph_before = true;
  uint32_t paragraph = 0;
  size_t i = 0;
  const size_t n = text.size();

  auto push = [&](uint32_t begin, uint32_t end, LexKind kind) -> LexToken& {
    LexToken& t = tokens.emplace_back();
    t.span = {begin, end};
    t.kind = kind;
    t.has_space_before = space_before;
    t.starts_paragraph = paragraph_before;
    t.paragraph = paragraph;
    space_before = false;
    paragraph_before = false;
    return t;
  };

  while (i < n) {
    CodePoint cp = decode(text, i);
    if (is_space(cp.value)) {
      if (cp.value == '\n') {
        // Any newline ends a sentence; a blank line starts a paragraph.
        size_t j = i + 1;
        while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
        if (j < n && text[j] == '\n') {
          ++paragraph;
          paragraph_before = true;
        } else if (!tokens.empty()) {
          paragraph_before = true;  // single newlines also delimit paragraphs in plain text
          ++paragraph;
        }
      }
      space_before = true;
      i += cp.length;
      continue;
    }
    const uint32_t begin = static_cast<uint32_t>(i);

    if (is_digit(cp.value)) {
      // Integer part with optional groups, then an optional decimal part.
      size_t j = i;
      while (j < n && is_digit(static_cast<unsigned char>(text[j]))) ++j;
      size_t first_group = j - i;
      double value = 0;
      for (size_t k = i; k < j; ++k) value = value * 10 + (text[k] - '0');
      uint32_t digits = static_cast<uint32_t>(first_group);
      bool grouping = false;
      bool decimal = false;
      // Numeric dates: 29/06/2022, 2022-11-14, 29.06.2022.
      auto digits_at = [&](size_t k) {
        size_t m = k;
        while (m < n && is_digit(static_cast<unsigned char>(text[m]))) ++m;
        return m - k;
      };
      if (j < n && (text[j] == '/' || text[j] == '-' || text[j] == '.') && first_group <= 4) {
        char sep = text[j];
        size_t d2 = digits_at(j + 1);
        if (d2 >= 1 && d2 <= 2 && j + 1 + d2 < n && text[j + 1 + d2] == sep) {
          size_t d3 = digits_at(j + 2 + d2);
          if (d3 >= 2 && d3 <= 4 && (first_group <= 2 || (first_group == 4 && d3 <= 2))) {
            size_t end = j + 2 + d2 + d3;
            push(begin, static_cast<uint32_t>(end), LexKind::kDate);
            i = end;
            continue;
          }
        }
      }
      // Space groups: "13 000", "2 500 000" (first group at most three digits).
      if (first_group <= 3) {
        while (j + 4 <= n) {
          size_t sp = j;
          size_t sp_len = 0;
          if (text[sp] == ' ') sp_len = 1;
          else if (static_cast<unsigned char>(text[sp]) == 0xC2 && sp + 1 < n &&
                   static_cast<unsigned char>(text[sp + 1]) == 0xA0)
            sp_len = 2;
          else if (sp + 2 < n && static_cast<unsigned char>(text[sp]) == 0xE2 &&
                   static_cast<unsigned char>(text[sp + 1]) == 0x80 &&
                   static_cast<unsigned char>(text[sp + 2]) == 0xAF)
            sp_len = 3;
          if (sp_len == 0) break;
          size_t g = sp + sp_len;
          if (digits_at(g) != 3) break;
          for (size_t k = g; k < g + 3; ++k) value = value * 10 + (text[k] - '0');
          digits += 3;
          grouping = true;
          j = g + 3;
        }
      }
      // Comma or dot: a group of exactly three digits or a decimal part.
      while (j + 1 < n && (text[j] == ',' || text[j] == '.') && is_digit(static_cast<unsigned char>(text[j + 1]))) {
        size_t d = digits_at(j + 1);
        bool comma = text[j] == ',';
        bool is_decimal_mark = comma ? config.comma_is_decimal : !config.comma_is_decimal;
        if (!grouping && !decimal && d == 3 && !is_decimal_mark && first_group <= 3) {
          for (size_t k = j + 1; k < j + 4; ++k) value = value * 10 + (text[k] - '0');
          digits += 3;
          grouping = true;  // "1,400" in English, "1.400" in French
          j += 4;
          continue;
        }
        if (grouping && d == 3 && !is_decimal_mark) {
          for (size_t k = j + 1; k < j + 4; ++k) value = value * 10 + (text[k] - '0');
          digits += 3;
          j += 4;
          continue;
        }
        if (decimal) break;
        double scale = 0.1;
        for (size_t k = j + 1; k < j + 1 + d; ++k, scale /= 10) value += (text[k] - '0') * scale;
        decimal = true;
        j += 1 + d;
      }
      // Ordinal suffixes: 1er, 1re, 2e, 3ème, 2nd, 21st, 4th.
      size_t letters = j;
      while (letters < n && ((text[letters] >= 'a' && text[letters] <= 'z') ||
                             static_cast<unsigned char>(text[letters]) == 0xC3 ||
                             static_cast<unsigned char>(text[letters]) == 0xA8))
        ++letters;
      if (letters > j && !grouping && !decimal) {
        std::string_view suffix = text.substr(j, letters - j);
        if (suffix == "er" || suffix == "re" || suffix == "e" || suffix == "\xC3\xA8me" || suffix == "eme" ||
            suffix == "es" || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" ||
            suffix == "ers" || suffix == "res" || suffix == "\xC3\xA8mes") {
          LexToken& t = push(begin, static_cast<uint32_t>(letters), LexKind::kOrdinal);
          t.number = value;
          t.folded = std::string(text.substr(begin, letters - begin));
          i = letters;
          continue;
        }
      }
      LexToken& t = push(begin, static_cast<uint32_t>(j), LexKind::kNumber);
      t.number = value;
      t.integer_digits = static_cast<uint8_t>(digits > 255 ? 255 : digits);
      t.has_grouping = grouping;
      t.has_decimal = decimal;
      t.folded = std::string(text.substr(begin, j - begin));
      i = j;
      continue;
    }

    if (is_letter(cp.value)) {
      // A word: letters, with inner hyphens, apostrophes and periods of initials kept
      // together; French elisions are cut after their apostrophe.
      size_t j = i;
      size_t upper = 0;
      size_t letter_count = 0;
      bool first_upper = is_upper(cp.value);
      while (j < n) {
        CodePoint c = decode(text, j);
        if (is_letter(c.value) || is_digit(c.value)) {
          if (is_upper(c.value)) ++upper;
          ++letter_count;
          j += c.length;
          continue;
        }
        if ((is_hyphen(c.value) || is_apostrophe(c.value)) && j + c.length < n) {
          CodePoint next = decode(text, j + c.length);
          if (!is_letter(next.value)) break;
          if (is_apostrophe(c.value)) {
            std::string prefix = fold_text(text.substr(i, j - i)) + "'";
            if (config.elisions.count(prefix)) {
              j += c.length;  // the elided word ends at its apostrophe
              break;
            }
          }
          j += c.length;
          continue;
        }
        break;
      }
      std::string folded = fold_text(text.substr(i, j - i));
      uint32_t end = static_cast<uint32_t>(j);
      // Split a trailing inversion clitic into its own token.
      for (std::string_view clitic : kHyphenClitics) {
        if (folded.size() > clitic.size() + 0 && folded.ends_with(clitic) &&
            folded.size() - clitic.size() >= 1) {
          uint32_t cut = end - static_cast<uint32_t>(clitic.size());
          // The byte length of the folded clitic equals the original's when the
          // hyphens are ASCII, which is what fold_text keeps them as for U+2010/11
          // only by chance of length; re-check the original bytes.
          std::string original_tail = fold_text(text.substr(cut, end - cut));
          if (original_tail != clitic) break;
          LexToken& w = push(begin, cut, LexKind::kWord);
          w.folded = folded.substr(0, folded.size() - clitic.size());
          w.is_capitalized = first_upper;
          LexToken& c = push(cut, end, LexKind::kWord);
          c.folded = std::string(clitic);
          i = j;
          goto next_token;
        }
      }
      {
        LexToken& t = push(begin, end, LexKind::kWord);
        t.folded = std::move(folded);
        t.is_capitalized = first_upper;
        t.is_all_caps = letter_count >= 2 && upper == letter_count;
      }
      i = j;
    next_token:
      continue;
    }

    // Punctuation and symbols: one code point each, "..." as one token.
    size_t end = i + cp.length;
    if (text[i] == '.' && i + 2 < n && text[i + 1] == '.' && text[i + 2] == '.') end = i + 3;
    LexToken& t = push(begin, static_cast<uint32_t>(end), is_symbol(cp.value) ? LexKind::kSymbol : LexKind::kPunct);
    t.folded = fold_text(text.substr(i, end - i));
    i = end;
  }

  // Sentence indices: a boundary sits before the first token after an end mark (and
  // after any closing quote marks glued to it: « ... fin. » Suite).
  std::vector<uint8_t> starts_sentence(tokens.size(), 0);
  for (size_t k = 0; k + 1 < tokens.size(); ++k) {
    const std::string& f = tokens[k].folded;
    bool is_end = f == "." || f == "!" || f == "?" || f == "..." || f == "\xE2\x80\xA6";
    if (!is_end) continue;
    if (f == "." && k > 0 && tokens[k - 1].kind == LexKind::kWord && !tokens[k].has_space_before) {
      const LexToken& prev = tokens[k - 1];
      if (config.abbreviations.count(prev.folded)) continue;
      if (prev.span.size() == 1 && prev.is_capitalized) continue;  // an initial: "J. Heappey"
    }
    size_t after = k + 1;
    while (after < tokens.size() && is_quote_mark(tokens[after].folded) && !tokens[after].has_space_before &&
           (tokens[after].folded == "\xC2\xBB" || tokens[after].folded == "\xE2\x80\x9D" ||
            tokens[after].folded == "\""))
      ++after;
    if (after >= tokens.size()) continue;
    const LexToken& next = tokens[after];
    if (!next.has_space_before && !next.starts_paragraph) continue;
    bool starts = next.is_capitalized || next.kind == LexKind::kNumber || is_quote_mark(next.folded) ||
                  next.folded == "(" || next.folded == "-" || next.folded == "\xE2\x80\x94" ||
                  next.folded == "\xE2\x80\x93";
    if (starts) starts_sentence[after] = 1;
  }
  for (LexToken& t : tokens) t.folded.hash = std::hash<std::string_view>{}(std::string_view(t.folded));
  uint32_t sentence = 0;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (k > 0 && (tokens[k].starts_paragraph || starts_sentence[k])) ++sentence;
    tokens[k].sentence = sentence;
  }
  return tokens;
}

}  // namespace vigie::facts
