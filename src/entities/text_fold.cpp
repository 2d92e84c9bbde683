#include "entities/text_fold.h"

#include "core/utf8.h"

namespace vigie::entities {
namespace {

// Decodes one UTF-8 code point at `i`, advancing `i`; invalid bytes come back as-is.
uint32_t next_code_point(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80 || i + 1 >= s.size()) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0) {
    uint32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
    i += 2;
    return cp;
  }
  if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
    uint32_t cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                  (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    i += 3;
    return cp;
  }
  if ((c & 0xF8) == 0xF0 && i + 3 < s.size()) {
    uint32_t cp = ((c & 0x07) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12) |
                  ((static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6) | (static_cast<unsigned char>(s[i + 3]) & 0x3F);
    i += 4;
    return cp;
  }
  ++i;
  return c;
}

// Base letters of U+00C0..U+00FF (lower case); 0 keeps the code point.
constexpr char kLatin1Base[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C0-CF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   0,    // D0-DF
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // E0-EF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y',  // F0-FF
};

// Appends the folded form of one code point.
void fold_code_point(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    return;
  }
  if (cp >= 0xC0 && cp <= 0xFF && kLatin1Base[cp - 0xC0] != 0) {
    out += kLatin1Base[cp - 0xC0];
    return;
  }
  switch (cp) {
    case 0xC6: case 0xE6: out += "ae"; return;
    case 0x152: case 0x153: out += "oe"; return;
    case 0xDF: out += "ss"; return;
    case 0x2019: case 0x2018: case 0x2BC: case 0xB4: case 0x60: out += '\''; return;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: out += '-'; return;
    case 0xA0: case 0x202F: case 0x2009: out += ' '; return;
    default: break;
  }
  // Latin Extended-A: pairs upper/lower, fold to the base of a small table.
  if (cp >= 0x100 && cp <= 0x17F) {
    static constexpr const char* kBase =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    out += kBase[cp - 0x100];
    return;
  }
  append_utf8(out, cp);
}

bool is_upper_cp(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return true;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
  if (cp >= 0x100 && cp <= 0x17F) return (cp % 2) == 0 && cp != 0x138;
  if (cp >= 0x391 && cp <= 0x3A9) return true;
  if (cp >= 0x410 && cp <= 0x42F) return true;
  return false;
}
bool is_lower_cp(uint32_t cp) {
  if (cp >= 'a' && cp <= 'z') return true;
  if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) return true;
  if (cp >= 0x100 && cp <= 0x17F) return (cp % 2) == 1;
  if (cp >= 0x3B1 && cp <= 0x3C9) return true;
  if (cp >= 0x430 && cp <= 0x44F) return true;
  return false;
}

}  // namespace

void append_folded(std::string_view text, std::string& out) {
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = next_code_point(text, i);
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == 0xA0 || cp == 0x202F || cp == 0x2009) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    fold_code_point(cp, out);
  }
}

std::string fold_key(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_folded(text, out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string word_shape(std::string_view word) {
  std::string shape;
  size_t i = 0;
  while (i < word.size()) {
    uint32_t cp = next_code_point(word, i);
    char c;
    if (is_upper_cp(cp)) c = 'X';
    else if (is_lower_cp(cp) || cp >= 0x80) c = 'x';
    else if (cp >= '0' && cp <= '9') c = 'd';
    else if (cp == 0x2019) c = '\'';
    else c = static_cast<char>(cp);
    if (shape.empty() || shape.back() != c) shape += c;
    if (shape.size() > 12) break;
  }
  return shape;
}

bool starts_upper(std::string_view word) {
  size_t i = 0;
  while (i < word.size()) {
    uint32_t cp = next_code_point(word, i);
    if (is_upper_cp(cp)) return true;
    if (is_lower_cp(cp) || (cp >= '0' && cp <= '9')) return false;
  }
  return false;
}

bool is_all_upper(std::string_view word) {
  size_t i = 0;
  int letters = 0;
  while (i < word.size()) {
    uint32_t cp = next_code_point(word, i);
    if (is_lower_cp(cp)) return false;
    if (is_upper_cp(cp)) ++letters;
  }
  return letters >= 2;
}

bool has_letter(std::string_view word) {
  size_t i = 0;
  while (i < word.size()) {
    uint32_t cp = next_code_point(word, i);
    if (is_upper_cp(cp) || is_lower_cp(cp)) return true;
  }
  return false;
}

}  // namespace vigie::entities
