// Per-word hashes for the tagger and parser; see word_features.h.

#include "syntax/word_features.h"

#include "syntax/perceptron.h"

namespace vigie::syntax {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte offsets where each of the last `n` UTF-8 characters begins.
size_t suffix_begin(std::string_view text, int chars) {
  size_t pos = text.size();
  for (int k = 0; k < chars && pos > 0; ++k) {
    --pos;
    while (pos > 0 && is_continuation(static_cast<unsigned char>(text[pos]))) --pos;
  }
  return pos;
}

size_t prefix_end(std::string_view text, int chars) {
  size_t pos = 0;
  for (int k = 0; k < chars && pos < text.size(); ++k) {
    ++pos;
    while (pos < text.size() && is_continuation(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  return pos;
}

}  // namespace

std::string lower_word(std::string_view form) {
  std::string out(form);
  for (size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    } else if (c == 0xC5 && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      if (d == 0x92 || d == 0xB8) out[i + 1] = static_cast<char>(d == 0x92 ? 0x93 : 0xBF);  // Œ, Ÿ
      ++i;
    }
  }
  if (form.size() == 2 && static_cast<unsigned char>(form[0]) == 0xC5 && static_cast<unsigned char>(form[1]) == 0xB8)
    out = "\xC3\xBF";  // Ÿ -> ÿ
  return out;
}

WordHashes word_hashes(std::string_view form) {
  WordHashes hashes;
  std::string lower = lower_word(form);
  hashes.lower = hash_string(lower);
  hashes.cased = hash_string(form);
  for (int k = 0; k < 4; ++k) hashes.suffix[k] = hash_string(std::string_view(lower).substr(suffix_begin(lower, k + 1)));
  for (int k = 0; k < 3; ++k) hashes.prefix[k] = hash_string(std::string_view(lower).substr(0, prefix_end(lower, k + 1)));
  // Shape: runs of character classes collapsed, capped at 5 symbols ("Xx", "d,d", "X.X.").
  std::string shape;
  bool has_letter = false;
  bool all_punct = !form.empty();
  for (size_t i = 0; i < form.size();) {
    auto c = static_cast<unsigned char>(form[i]);
    char cls;
    size_t len = 1;
    if (c >= 0x80) {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      bool is_upper_latin = c == 0xC3 && i + 1 < form.size() &&
                            static_cast<unsigned char>(form[i + 1]) >= 0x80 &&
                            static_cast<unsigned char>(form[i + 1]) <= 0x9E;
      // Letters from U+00C0 on; the typographic quotes and dashes (E2 80 ..) are punctuation.
      bool is_punct = c == 0xE2 || c == 0xC2;
      cls = is_punct ? '.' : is_upper_latin ? 'X' : 'x';
    } else if (c >= 'A' && c <= 'Z') {
      cls = 'X';
    } else if (c >= 'a' && c <= 'z') {
      cls = 'x';
    } else if (c >= '0' && c <= '9') {
      cls = 'd';
    } else if (c == ' ') {
      cls = '_';
    } else {
      cls = static_cast<char>(c);
    }
    if (cls == 'X' || cls == 'x') has_letter = true;
    if (cls == 'X' || cls == 'x' || cls == 'd') all_punct = false;
    if (shape.empty() || shape.back() != cls) {
      if (shape.size() < 5) shape.push_back(cls);
    }
    i += len;
  }
  hashes.shape = hash_string(shape);
  hashes.is_capitalised = !shape.empty() && shape[0] == 'X';
  hashes.is_punctuation = all_punct && !has_letter;
  return hashes;
}

}  // namespace vigie::syntax
