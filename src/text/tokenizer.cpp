// Tokens and sentences for French and English, by a hand-written UTF-8 scanner.
//
// Why not ICU's break iterators: on the 76 MB French news corpus ICU's word
// iterator runs at 38 MB/s and the filtered sentence iterator at 76 MB/s on one
// core, which alone would use most of the ingest budget (>= 40 MB/s per core for the
// whole text stage), and every rule below (elisions, clitics, grouped numbers,
// dates, glued sentences) would still have to be applied on top, with ICU's
// sentence breaks re-aligned to our tokens. This scanner uses ICU only for
// character properties (u_charType) and takes ICU's CLDR abbreviation suppressions
// as part of its lexicon (text/lexicon.cpp); it runs several times faster.
//
// Approach. Whitespace separates candidate tokens. At a letter or digit we first try
// a URL ("https://", "www."), then an abbreviation from the lexicon ("M.", "J.-C.",
// "etc."), then scan a "complex word": letters and digits joined by interior
// connectors (' ’ - . , : / @ _ &). A complex word is a date ("29/06/2022",
// "2022-11-14", "14h30", "14:30"), an e-mail, or is cut at its connectors by rules:
// elisions after the apostrophe (l'|ONU), English clitics before it (do|n't,
// Britain|'s), periods before an upper-case word (jeudi.|Le: paragraphs glued
// without a space), commas and periods between digits kept (2,5  3.5  1,400).
// Hyphenated words stay whole, French clitic inversions are split off their end
// (a|-t-il, donne|-le|-moi). Everything else is punctuation or a symbol, one
// character a token, except runs of . ? ! … which form one token ("...", "?!").
//
// Sentences end after a terminal token (plus closing quotes and brackets) unless the
// next token starts in lower case or is a comma-like mark, after "etc."-like
// abbreviations before an upper-case word, and always at a blank line.
#include "text/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cassert>
#include <cstring>

#include "text/lexicon.h"

namespace vigie::text {
namespace {

enum Cls : uint8_t {
  kSpace,
  kNewline,
  kLower,
  kUpper,
  kDigit,
  kLetter,  // caseless letters, marks, other numbers: continue a word
  kApostrophe,
  kHyphen,
  kPeriod,
  kComma,
  kColon,
  kSlash,
  kAt,
  kJoiner,  // _ &
  kPlus,
  kMinus,  // U+2212
  kTerminal,  // ! ?
  kEllipsis,  // …
  kQuote,     // « » “ ” „ ‹ › " ‘
  kOpen,      // ( [ {
  kClose,     // ) ] }
  kPunct,
  kSymbol,
  kInvalid,  // an invalid UTF-8 sequence
};

constexpr bool is_word_cls(Cls c) { return c == kLower || c == kUpper || c == kDigit || c == kLetter; }
constexpr bool is_connector_cls(Cls c) {
  return c == kApostrophe || c == kHyphen || c == kPeriod || c == kComma || c == kColon || c == kSlash ||
         c == kAt || c == kJoiner;
}

constexpr std::array<Cls, 128> make_ascii_table() {
  std::array<Cls, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = kSymbol;
  for (int c = 0; c < 0x20; ++c) t[c] = kSpace;  // controls never make a token
  t['\n'] = kNewline;
  t['\r'] = kNewline;
  t['\v'] = kNewline;
  t['\f'] = kNewline;
  t[' '] = kSpace;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kLower;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpper;
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  t['\''] = kApostrophe;
  t['-'] = kHyphen;
  t['.'] = kPeriod;
  t[','] = kComma;
  t[':'] = kColon;
  t['/'] = kSlash;
  t['@'] = kAt;
  t['_'] = kJoiner;
  t['&'] = kJoiner;
  t['+'] = kPlus;
  t['!'] = kTerminal;
  t['?'] = kTerminal;
  t['"'] = kQuote;
  t['`'] = kQuote;
  t['('] = kOpen;
  t['['] = kOpen;
  t['{'] = kOpen;
  t[')'] = kClose;
  t[']'] = kClose;
  t['}'] = kClose;
  t[';'] = kPunct;
  t['*'] = kPunct;
  t['\\'] = kPunct;
  return t;  // # $ % < = > ^ | ~ DEL stay symbols
}
constexpr std::array<Cls, 128> kAsciiCls = make_ascii_table();

Cls classify_non_ascii(UChar32 c) {
  switch (c) {
    case 0x2019: case 0x02BC:
      return kApostrophe;
    case 0x2010: case 0x2011:
      return kHyphen;
    case 0x2212:
      return kMinus;
    case 0x2026:
      return kEllipsis;
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x2039: case 0x203A: case 0x2018:
      return kQuote;
    case 0x0085: case 0x2028: case 0x2029:
      return kNewline;
    case 0x2030: case 0x2031:  // ‰ ‱ are Po but behave like %
      return kSymbol;
    default:
      break;
  }
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_TITLECASE_LETTER:
      return kUpper;
    case U_LOWERCASE_LETTER:
      return kLower;
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_NON_SPACING_MARK: case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: case U_LETTER_NUMBER: case U_OTHER_NUMBER: case U_DECIMAL_DIGIT_NUMBER:
    case U_FORMAT_CHAR:
      return kLetter;  // non-ASCII digits too: the number rules are for ASCII digits
    case U_SPACE_SEPARATOR: case U_CONTROL_CHAR:
      return kSpace;
    case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
      return kNewline;
    case U_CONNECTOR_PUNCTUATION:
      return kJoiner;
    case U_START_PUNCTUATION:
      return kOpen;
    case U_END_PUNCTUATION:
      return kClose;
    case U_DASH_PUNCTUATION: case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION: case U_OTHER_PUNCTUATION:
      return kPunct;
    default:
      return kSymbol;
  }
}

struct Cp {
  Cls cls;
  uint8_t len;  // bytes
};

bool is_ascii_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int parse_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// "29/06/2022", "29.06.22", "2022-11-14", "14h30", "14h", "14:30", "14:30:00".
bool is_date_or_time(std::string_view s) {
  if (s.size() < 2 || s.size() > 10 || s[0] < '0' || s[0] > '9') return false;
  auto digits_at = [&](size_t pos, size_t count) {
    return pos + count <= s.size() && is_ascii_digits(s.substr(pos, count));
  };
  // dd/mm/yyyy with / or . and one- or two-digit day and month.
  for (char sep : {'/', '.'}) {
    size_t a = s.find(sep);
    if (a == std::string_view::npos || a == 0 || a > 2) continue;
    size_t b = s.find(sep, a + 1);
    if (b == std::string_view::npos || b - a - 1 == 0 || b - a - 1 > 2) continue;
    size_t year_len = s.size() - b - 1;
    if (year_len != 2 && year_len != 4) continue;
    if (!digits_at(0, a) || !digits_at(a + 1, b - a - 1) || !digits_at(b + 1, year_len)) continue;
    int day = parse_int(s.substr(0, a)), month = parse_int(s.substr(a + 1, b - a - 1));
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) return true;
  }
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && digits_at(0, 4) && digits_at(5, 2) && digits_at(8, 2)) {
    int month = parse_int(s.substr(5, 2)), day = parse_int(s.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  // Times: one or two digits of hours (<= 24), then h/H or ':' and two digits of minutes.
  size_t hour_len = (s.size() > 1 && s[1] >= '0' && s[1] <= '9') ? 2 : 1;
  if (parse_int(s.substr(0, hour_len)) > 24 || hour_len >= s.size()) return false;
  char sep = s[hour_len];
  std::string_view rest = s.substr(hour_len + 1);
  if (sep == 'h' || sep == 'H') return rest.empty() || (rest.size() == 2 && is_ascii_digits(rest) && parse_int(rest) < 60);
  if (sep == ':') {
    if (rest.size() == 2) return is_ascii_digits(rest) && parse_int(rest) < 60;
    if (rest.size() == 5 && rest[2] == ':') return digits_at(hour_len + 1, 2) && digits_at(hour_len + 4, 2);
  }
  return false;
}

bool is_email_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '+';
}

// local@domain.tld with an ASCII local part and domain.
bool is_email(std::string_view s) {
  size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : s)
    if (c != '@' && !is_email_char(c)) return false;
  size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot < at + 2 || s.size() - dot - 1 < 2) return false;
  for (size_t i = dot + 1; i < s.size(); ++i)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) return false;
  return true;
}

// Top-level domains common enough in news text to call "lemonde.fr" a URL.
bool is_common_tld(std::string_view tld) {
  static constexpr std::string_view kTlds[] = {"com", "fr",  "org", "net", "info", "eu", "io", "be", "ch",
                                               "ca",  "uk",  "de",  "tv",  "gouv", "int", "edu", "gov"};
  for (auto t : kTlds)
    if (t == tld) return true;
  return false;
}

// French ordinals and English ones: "1er", "2e", "3ème", "XXIe" (the last is a word anyway).
bool is_ordinal_suffix(std::string_view s) {
  static constexpr std::string_view kSuffixes[] = {"er",    "re",  "ère",  "ers", "res", "ères", "e",
                                                   "es",    "ème", "èmes", "eme", "emes", "è",   "nd",
                                                   "nde",   "ndes", "nds", "d",   "st",  "rd",  "th"};
  for (auto t : kSuffixes)
    if (t == s) return true;
  return false;
}

bool equals_ascii_ci(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

bool starts_with_ascii_ci(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && equals_ascii_ci(text.substr(0, lower.size()), lower);
}

// Compares `text` to a lexicon string (lower case, ' for apostrophes): ASCII letters
// fold, ’ and ʼ match '.
bool equals_lexicon(std::string_view text, std::string_view entry) {
  size_t i = 0, j = 0;
  while (i < text.size() && j < entry.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' && text[i + 2] == '\x99') {
      if (entry[j] != '\'') return false;
      i += 3;
    } else if (c == 0xCA && i + 1 < text.size() && text[i + 1] == '\xBC') {
      if (entry[j] != '\'') return false;
      i += 2;
    } else {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
      if (c != static_cast<unsigned char>(entry[j])) return false;
      ++i;
    }
    ++j;
  }
  return i == text.size() && j == entry.size();
}

class Scanner {
 public:
  Scanner(std::string_view text, const LanguageRules& rules, std::vector<Token>& tokens, std::vector<uint8_t>& flags)
      : text_(text), rules_(rules), tokens_(tokens), flags_(flags), n_(static_cast<uint32_t>(text.size())) {}

  void run() {
    uint32_t i = 0;
    while (i < n_) {
      Cp cp = at(i);
      if (cp.cls == kSpace) {
        has_space_ = true;
        i += cp.len;
        continue;
      }
      if (cp.cls == kNewline) {
        // "\r\n" is one line break; two line breaks make a blank line.
        if (!(text_[i] == '\r' && i + 1 < n_ && text_[i + 1] == '\n')) ++newlines_;
        has_space_ = true;
        i += cp.len;
        continue;
      }
      i = token_at(i, cp);
    }
  }

 private:
  Cp at(uint32_t i) const {
    auto b = static_cast<unsigned char>(text_[i]);
    if (b < 0x80) [[likely]]
      return {kAsciiCls[b], 1};
    return at_non_ascii(i);
  }

  [[gnu::noinline]] Cp at_non_ascii(uint32_t i) const {
    int32_t j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text_.data()), j, static_cast<int32_t>(n_), c);
    auto len = static_cast<uint8_t>(j - static_cast<int32_t>(i));
    if (c < 0) return {kInvalid, len};
    return {classify_non_ascii(c), len};
  }

  bool is_word_at(uint32_t i) const { return i < n_ && is_word_cls(at(i).cls); }

  Cls cls_before(uint32_t i) const {
    if (i == 0) return kSpace;
    auto b = static_cast<unsigned char>(text_[i - 1]);
    if (b < 0x80) return kAsciiCls[b];
    int32_t j = static_cast<int32_t>(i);
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(text_.data()), 0, j, c);
    return c < 0 ? kInvalid : classify_non_ascii(c);
  }

  std::string_view view(uint32_t b, uint32_t e) const { return text_.substr(b, e - b); }

  // Every token goes through here, so the flags stay parallel to the tokens.
  void push(uint32_t b, uint32_t e, TokenKind kind, uint8_t flags = 0) {
    assert(b < e && e <= n_);
    if (newlines_ >= 2 && !tokens_.empty()) flags |= kStartsParagraph;
    if (has_space_) flags |= kHasSpaceBefore;
    newlines_ = 0;
    has_space_ = false;
    tokens_.push_back({{b, e}, kind});
    flags_.push_back(flags);
  }

  // Starts a token at i (not whitespace) and returns where it ends.
  uint32_t token_at(uint32_t i, Cp cp) {
    Cls cls = cp.cls;
    bool is_sign = (cls == kHyphen || cls == kPlus || cls == kMinus) && i + cp.len < n_ &&
                   at(i + cp.len).cls == kDigit && !is_word_cls(cls_before(i)) && cls_before(i) != kPeriod;
    if (is_word_cls(cls) || is_sign) {
      char first = static_cast<char>(text_[i] | 0x20);
      if (first == 'h' || first == 'w' || first == 'f') {
        if (uint32_t e = url_end(i); e > i) {
          push(i, e, TokenKind::kUrl);
          last_number_groupable_ = false;
          return e;
        }
      }
      return complex_word(i, is_sign ? i + cp.len : i);
    }
    last_number_groupable_ = false;
    if (cls == kPeriod || cls == kTerminal || cls == kEllipsis) {
      uint32_t e = i;
      while (e < n_) {
        Cls c = at(e).cls;
        if (c != kPeriod && c != kTerminal && c != kEllipsis) break;
        e += at(e).len;
      }
      push(i, e, TokenKind::kPunctuation, kIsTerminal);
      return e;
    }
    bool is_symbol = cls == kSymbol || cls == kPlus || cls == kMinus || cls == kAt || cls == kInvalid ||
                     (cls == kJoiner && text_[i] == '&');
    push(i, i + cp.len, is_symbol ? TokenKind::kSymbol : TokenKind::kPunctuation);
    return i + cp.len;
  }

  // "https://…", "http://…", "ftp://…", "www.…" up to the next space, minus the
  // punctuation that ends the sentence or closes a bracket around it.
  uint32_t url_end(uint32_t i) const {
    std::string_view rest = text_.substr(i);
    if (!(starts_with_ascii_ci(rest, "http://") || starts_with_ascii_ci(rest, "https://") ||
          starts_with_ascii_ci(rest, "ftp://") || starts_with_ascii_ci(rest, "www."))) {
      return i;
    }
    uint32_t e = i;
    bool has_open_paren = false;
    while (e < n_) {
      Cp cp = at(e);
      if (cp.cls == kSpace || cp.cls == kNewline || cp.cls == kInvalid) break;
      if (cp.cls == kQuote && text_[e] != '"') break;  // « » “ ” never occur in a URL
      if (text_[e] == '(') has_open_paren = true;
      e += cp.len;
    }
    while (e > i) {
      unsigned char last = static_cast<unsigned char>(text_[e - 1]);
      if (last == ')' && !has_open_paren) { --e; continue; }
      if (std::strchr(".,;:!?'\"]>", last) != nullptr && last != 0) { --e; continue; }
      if (last == 0x99 && e - i >= 3 && text_.substr(e - 3, 3) == "\xE2\x80\x99") { e -= 3; continue; }  // ’
      break;
    }
    // "www." alone is not a URL.
    return e - i > 4 ? e : i;
  }

  // The longest abbreviation starting at i: a lexicon entry ending in "." followed by
  // something that is not a letter or digit, a run of single letters with periods
  // ("U.S.", "A.F.P."), an initial ("J."), or "n°".
  uint32_t abbreviation_end(uint32_t i) const {
    uint32_t limit = std::min<uint32_t>(n_, i + static_cast<uint32_t>(rules_.longest_abbreviation_bytes) + 1);
    limit = std::max(limit, std::min<uint32_t>(n_, i + 16));
    // Candidate ends (one past a '.') within the token, shortest first.
    uint32_t ends[8];
    int count = 0;
    for (uint32_t p = i; p < limit && count < 8; ++p) {
      char c = text_[p];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') break;
      if (c == '.' && p > i) ends[count++] = p + 1;
    }
    if (count == 0) {
      // "n°", "N°", "nº"
      if ((text_[i] == 'n' || text_[i] == 'N') && i + 2 < n_ + 0 && text_[i + 1] == '\xC2' &&
          (text_[i + 2] == '\xB0' || text_[i + 2] == '\xBA') && !is_word_at(i + 3)) {
        return i + 3;
      }
      return i;
    }
    for (int k = count - 1; k >= 0; --k) {
      uint32_t e = ends[k];
      if (is_word_at(e) || (e < n_ && text_[e] == '.')) continue;
      std::string_view t = view(i, e);
      if (rules_.is_abbreviation(t) || is_initials(i, e)) return e;
    }
    return i;
  }

  // "J.", "U.S.", "A.F.P.": upper-case single letters, each followed by a period.
  bool is_initials(uint32_t b, uint32_t e) const {
    uint32_t p = b;
    while (p < e) {
      Cp cp = at(p);
      if (cp.cls != kUpper || p + cp.len >= e + 0 || text_[p + cp.len] != '.') return false;
      p += cp.len + 1;
    }
    return p == e;
  }

  // Scans letters and digits joined by interior connectors from `word_begin`
  // (token_begin < word_begin when a sign precedes a number) and emits its tokens.
  uint32_t complex_word(uint32_t token_begin, uint32_t word_begin) {
    connectors_.clear();
    uint32_t j = word_begin;
    while (true) {
      while (j < n_) {
        auto b = static_cast<unsigned char>(text_[j]);
        if (b < 0x80) {
          if (!is_word_cls(kAsciiCls[b])) break;
          ++j;
          continue;
        }
        Cp cp = at_non_ascii(j);
        if (!is_word_cls(cp.cls)) break;
        j += cp.len;
      }
      if (j >= n_) break;
      Cp cp = at(j);
      if (!is_connector_cls(cp.cls) || !is_word_at(j + cp.len)) break;
      connectors_.push_back({j, cp.len, cp.cls});
      j += cp.len;
    }
    uint32_t e = j;
    // Abbreviations end in a period or "°" right after the scanned word: "M.", "etc.",
    // "U.S." (scanned as "U.S"), "J.-C." (scanned as "J"), "n°".
    if (e < n_ && (text_[e] == '.' || text_[e] == '\xC2') && token_begin == word_begin && at(word_begin).cls != kDigit) {
      if (uint32_t abbreviation = abbreviation_end(token_begin); abbreviation > token_begin) {
        uint8_t flags = kIsAbbreviation;
        if (rules_.is_final_abbreviation(view(token_begin, abbreviation))) flags |= kIsFinalAbbreviation;
        push(token_begin, abbreviation, TokenKind::kWord, flags);
        last_number_groupable_ = false;
        return abbreviation;
      }
    }
    // "l' ONU" with a stray space, and "jusqu'" before a quote: the elided form
    // still takes its apostrophe.
    if (e < n_ && at(e).cls == kApostrophe && is_elision(view(token_begin, e + at(e).len))) {
      uint32_t with_apostrophe = e + at(e).len;
      push(token_begin, with_apostrophe, TokenKind::kWord);
      last_number_groupable_ = false;
      return with_apostrophe;
    }
    std::string_view whole = view(token_begin, e);
    if (!connectors_.empty()) {
      if (is_date_or_time(whole)) {
        push(token_begin, e, TokenKind::kDate);
        last_number_groupable_ = false;
        return e;
      }
      if (whole.find('@') != std::string_view::npos && is_email(whole)) {
        push(token_begin, e, TokenKind::kEmail);
        last_number_groupable_ = false;
        return e;
      }
    }
    split_complex(token_begin, word_begin, e);
    return e;
  }

  struct Connector {
    uint32_t pos;
    uint8_t len;
    Cls cls;
  };

  bool is_elision(std::string_view t) const {
    for (const auto& elision : rules_.elisions)
      if (equals_lexicon(t, elision)) return true;
    return false;
  }
  bool is_elision_exception(std::string_view t) const {
    for (const auto& word : rules_.elision_exceptions)
      if (equals_lexicon(t, word)) return true;
    return false;
  }
  bool is_apostrophe_clitic(std::string_view t) const {
    for (const auto& clitic : rules_.apostrophe_clitics)
      if (equals_lexicon(t, clitic)) return true;
    return false;
  }
  bool has_apostrophe_clitic(std::string_view clitic) const {
    for (const auto& c : rules_.apostrophe_clitics)
      if (c == clitic) return true;
    return false;
  }

  bool is_numeric(std::string_view t) const {
    size_t k = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : (t.substr(0, 3) == "\xE2\x88\x92" ? 3 : 0);
    if (k >= t.size()) return false;
    for (; k < t.size(); ++k)
      if (!((t[k] >= '0' && t[k] <= '9') || t[k] == ',' || t[k] == '.')) return false;
    return true;
  }

  // Cuts the complex word [b, e) at its connectors; see the file comment.
  // `word_begin` is after the sign of "-4,5".
  void split_complex(uint32_t b, uint32_t word_begin, uint32_t e) {
    uint32_t token_begin = b;
    uint32_t part_begin = word_begin;
    for (size_t k = 0; k < connectors_.size(); ++k) {
      const Connector& c = connectors_[k];
      uint32_t right_begin = c.pos + c.len;
      uint32_t right_end = k + 1 < connectors_.size() ? connectors_[k + 1].pos : e;
      std::string_view left = view(part_begin, c.pos);
      std::string_view right = view(right_begin, right_end);
      std::string_view so_far = view(token_begin, c.pos);
      bool is_last_part = k + 1 == connectors_.size();
      switch (c.cls) {
        case kApostrophe: {
          // l'ONU, qu'il, jusqu'à: only at the start of a token, so that main-d'œuvre
          // and Côte-d'Ivoire stay whole; presqu'île is a listed exception.
          if (token_begin == part_begin && is_elision(view(token_begin, right_begin)) &&
              !is_elision_exception(view(token_begin, right_end))) {
            emit_word(token_begin, right_begin);
            token_begin = right_begin;
          } else if (is_last_part && is_apostrophe_clitic(view(c.pos, right_end))) {
            // Britain's -> Britain 's; O'Neill's -> O'Neill 's.
            emit_word(token_begin, c.pos);
            token_begin = c.pos;
          } else if (is_last_part && equals_ascii_ci(right, "t") && left.size() > 1 &&
                     (left.back() == 'n' || left.back() == 'N') && has_apostrophe_clitic("n't")) {
            // don't -> do n't, can't -> ca n't (Penn Treebank).
            emit_word(token_begin, c.pos - 1);
            token_begin = c.pos - 1;
          }
          break;
        }
        case kHyphen:
          // 2020-2021, 1-0, 14h30-16h: a range or a score, not a compound. covid-19,
          // G-20 and F-16 start with a letter and stay whole.
          if (!left.empty() && left.back() >= '0' && left.back() <= '9' && right[0] >= '0' && right[0] <= '9') {
            cut_with_punctuation(token_begin, c, TokenKind::kPunctuation, 0);
            token_begin = right_begin;
          }
          break;
        case kPeriod: {
          // 3.5 and 1.400.000 are numbers; lemonde.fr, e.g and U.S continue; a period
          // before an upper-case word is a full stop with the space missing
          // ("France 24.La junte", "jeudi.Le gouvernement") unless what precedes
          // is an abbreviation ("St.Louis").
          bool is_number = is_ascii_digits(left) && right[0] >= '0' && right[0] <= '9' && is_numeric(so_far);
          Cls right_cls = at(right_begin).cls;
          bool is_single_letter = at(part_begin).len == left.size() && !is_ascii_digits(left);
          if (is_number || right_cls != kUpper || is_single_letter) break;
          std::string_view with_period = view(token_begin, c.pos + 1);
          if (rules_.is_abbreviation(with_period)) {
            emit_special(token_begin, c.pos + 1, TokenKind::kWord, kIsAbbreviation);
          } else {
            cut_with_punctuation(token_begin, c, TokenKind::kPunctuation, kIsTerminal);
          }
          token_begin = right_begin;
          break;
        }
        case kComma:
          // 2,5 and 1,400 are numbers; "oui,non" is two words.
          if (is_ascii_digits(left) && right[0] >= '0' && right[0] <= '9' && is_numeric(so_far)) break;
          cut_with_punctuation(token_begin, c, TokenKind::kPunctuation, 0);
          token_begin = right_begin;
          break;
        case kColon:
        case kSlash:
        case kAt:
          // Dates, times and e-mails were taken whole before; "et/ou", "2:1", "2020/2021"
          // are cut.
          cut_with_punctuation(token_begin, c, c.cls == kAt ? TokenKind::kSymbol : TokenKind::kPunctuation, 0);
          token_begin = right_begin;
          break;
        default:
          break;  // _ and & join: AT&T, R&D
      }
      part_begin = right_begin;
    }
    emit_word(token_begin, e);
  }

  void cut_with_punctuation(uint32_t token_begin, const Connector& c, TokenKind kind, uint8_t flags) {
    if (c.pos > token_begin) emit_word(token_begin, c.pos);
    emit_special(c.pos, c.pos + c.len, kind, flags);
  }

  void emit_special(uint32_t b, uint32_t e, TokenKind kind, uint8_t flags) {
    push(b, e, kind, flags);
    last_number_groupable_ = false;
  }

  // Emits a word or number from a complex word's pieces: hyphen clitics split off
  // its end, digits+unit cut, kinds decided, grouped numbers merged.
  void emit_word(uint32_t b, uint32_t e) {
    if (b >= e) return;
    std::string_view t = view(b, e);
    // a-t-il -> a -t-il; donne-le-moi -> donne -le -moi; rendez-vous stays.
    if (!rules_.hyphen_clitics.empty() && t.find('-') != std::string_view::npos) {
      uint32_t clitic_ends[4];
      int clitic_count = 0;
      uint32_t head_end = e;
      while (clitic_count < 4) {
        std::string_view head = view(b, head_end);
        bool found = false;
        for (const auto& clitic : rules_.hyphen_clitics) {
          // Exact lower case: "Jean-Le" or "A-T-IL" in a headline are left alone.
          if (head.size() > clitic.size() && head.substr(head.size() - clitic.size()) == clitic &&
              is_word_cls(cls_before(head_end - static_cast<uint32_t>(clitic.size())))) {
            std::string folded = fold_for_lexicon(view(b, e));
            if (rules_.clitic_exceptions.count(folded) != 0) break;
            clitic_ends[clitic_count++] = head_end;
            head_end -= static_cast<uint32_t>(clitic.size());
            found = true;
            break;
          }
        }
        if (!found) break;
      }
      if (clitic_count > 0) {
        emit_plain(b, head_end);
        for (int k = clitic_count - 1; k >= 0; --k) {
          uint32_t clitic_begin = k + 1 < clitic_count ? clitic_ends[k + 1] : head_end;
          emit_plain(clitic_begin, clitic_ends[k]);
        }
        return;
      }
    }
    emit_plain(b, e);
  }

  void emit_plain(uint32_t b, uint32_t e) {
    std::string_view t = view(b, e);
    unsigned char first = static_cast<unsigned char>(t[0]);
    bool starts_numeric = (first >= '0' && first <= '9') || (t.size() > 1 && (first == '-' || first == '+')) ||
                          t.substr(0, 3) == "\xE2\x88\x92";
    if (starts_numeric) {
      if (is_numeric(t)) {
        emit_number(b, e);
        return;
      }
      if (is_date_or_time(t)) {
        emit_special(b, e, TokenKind::kDate, 0);
        return;
      }
      // 5km -> 5 km, 10kg -> 10 kg; 1er, 3e, XXIe, 4G, 3D and A380 stay whole.
      size_t digits = 0;
      while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
      if (digits > 0 && digits < t.size()) {
        std::string_view suffix = t.substr(digits);
        bool is_lower_letters = true;
        for (uint32_t p = b + static_cast<uint32_t>(digits); p < e;) {
          Cp cp = at(p);
          if (cp.cls != kLower) is_lower_letters = false;
          p += cp.len;
        }
        // "943Alpes": a paragraph glued to a number; 5G and 3D stay whole.
        Cp suffix_first = at(b + static_cast<uint32_t>(digits));
        bool is_capitalised_word = suffix_first.cls == kUpper && digits + suffix_first.len < t.size() &&
                                   at(b + static_cast<uint32_t>(digits) + suffix_first.len).cls == kLower;
        if ((is_lower_letters && !is_ordinal_suffix(suffix)) || is_capitalised_word) {
          emit_number(b, b + static_cast<uint32_t>(digits));
          emit_special(b + static_cast<uint32_t>(digits), e, TokenKind::kWord, 0);
          return;
        }
      }
    }
    TokenKind kind = TokenKind::kWord;
    // lemonde.fr, france24.com: a bare domain.
    if (size_t dot = t.rfind('.'); dot != std::string_view::npos && dot + 1 < t.size()) {
      std::string_view tld = t.substr(dot + 1);
      if (is_common_tld(tld) && !(is_initials(b, e))) kind = TokenKind::kUrl;
    }
    emit_special(b, e, kind, 0);
  }

  // "13 000", "1 200 000", "17 557,5": a number of one to three digits followed by
  // groups of exactly three digits, one space apart, is one number. "en 2013 300
  // soldats" stays apart because 2013 has four digits.
  void emit_number(uint32_t b, uint32_t e) {
    std::string_view t = view(b, e);
    size_t digits = 0;
    while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
    bool is_group = digits == 3 && (t.size() == 3 || t[3] == ',' || t[3] == '.');
    if (is_group && last_number_groupable_ && !tokens_.empty() && newlines_ == 0) {
      Token& previous = tokens_.back();
      if (previous.span.end_byte + 1 == b && text_[previous.span.end_byte] == ' ') {
        previous.span.end_byte = e;
        has_space_ = false;
        last_number_groupable_ = t.size() == 3;
        return;
      }
    }
    push(b, e, TokenKind::kNumber);
    size_t sign = (t[0] == '-' || t[0] == '+') ? 1 : (t[0] >= '0' && t[0] <= '9' ? 0 : 3);
    std::string_view unsigned_part = t.substr(sign);
    last_number_groupable_ = is_ascii_digits(unsigned_part) && unsigned_part.size() <= 3;
  }

  std::string_view text_;
  const LanguageRules& rules_;
  std::vector<Token>& tokens_;
  std::vector<uint8_t>& flags_;
  const uint32_t n_;
  int newlines_ = 0;
  bool has_space_ = false;
  bool last_number_groupable_ = false;
  std::vector<Connector> connectors_;
};

bool starts_lower_or_continues(std::string_view t) {
  auto b = static_cast<unsigned char>(t[0]);
  if (b < 0x80) {
    Cls c = kAsciiCls[b];
    return c == kLower || c == kComma || c == kColon || b == ';' || c == kClose || c == kPeriod || c == kTerminal;
  }
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), i, static_cast<int32_t>(t.size()), c);
  if (c < 0) return false;
  Cls cls = classify_non_ascii(c);
  return cls == kLower || cls == kEllipsis;
}

bool starts_upper(std::string_view t) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), i, static_cast<int32_t>(t.size()), c);
  return c >= 0 && (c < 0x80 ? (c >= 'A' && c <= 'Z') : classify_non_ascii(c) == kUpper);
}

}  // namespace

void tokenize(std::string_view text, const LanguageRules& rules, std::vector<Token>& tokens,
              std::vector<uint8_t>& flags) {
  assert(text.size() < UINT32_MAX);
  Scanner(text, rules, tokens, flags).run();
}

void split_sentences(std::string_view text, const std::vector<Token>& tokens, const std::vector<uint8_t>& flags,
                     std::vector<Sentence>& sentences) {
  const uint32_t n = static_cast<uint32_t>(tokens.size());
  auto close = [&](uint32_t first, uint32_t end) {
    if (end <= first) return;
    sentences.push_back({{tokens[first].span.begin_byte, tokens[end - 1].span.end_byte}, first, end - first});
  };
  // A closing mark after a full stop belongs to the sentence it closes: ». .» ?) "
  // A straight quote closes only when glued to the stop and not to the next word
  // (« réunion."Malgré » opens the next sentence).
  auto is_closer = [&](uint32_t j) {
    if (flags[j] & kStartsParagraph) return false;
    std::string_view t = tokens[j].span.in(text);
    if (t == "\xC2\xBB" || t == "\xE2\x80\x9D" || t == "\xE2\x80\xBA" || t == ")" || t == "]" || t == "}" ||
        t == "\xE2\x80\x99")
      return true;
    if (t == "\"" || t == "'") {
      if (flags[j] & kHasSpaceBefore) return false;
      uint32_t after = tokens[j].span.end_byte;
      bool is_glued_to_next = j + 1 < n && tokens[j + 1].span.begin_byte == after &&
                              tokens[j + 1].kind != TokenKind::kPunctuation;
      return !is_glued_to_next;
    }
    return false;
  };

  uint32_t first = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (i > first && (flags[i] & kStartsParagraph)) {
      close(first, i);
      first = i;
    }
    bool is_terminal = flags[i] & kIsTerminal;
    bool is_final_abbreviation = flags[i] & kIsFinalAbbreviation;
    if (!is_terminal && !is_final_abbreviation) continue;
    uint32_t j = i + 1;
    while (j < n && is_closer(j)) ++j;
    bool is_break;
    if (j == n || (flags[j] & kStartsParagraph)) {
      is_break = true;
    } else {
      std::string_view next = tokens[j].span.in(text);
      // « Vraiment ? » a-t-il dit; « etc. et »; "3.5 ... et puis": a lower-case word
      // or a comma-like mark continues the sentence. "etc." ends one only before an
      // upper-case word.
      is_break = is_terminal ? !starts_lower_or_continues(next) : starts_upper(next);
    }
    if (is_break) {
      close(first, j);
      first = j;
      i = j - 1;
    }
  }
  close(first, n);
}

}  // namespace vigie::text
