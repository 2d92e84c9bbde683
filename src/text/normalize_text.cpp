// normalize_text in two passes.
//
// Pass 1 decodes UTF-8 (invalid sequences become U+FFFD), maps every space to " ",
// drops soft hyphens, zero-width characters, BOMs and control characters, expands
// the U+FB00..FB06 ligatures, unifies line breaks, trims lines, collapses spaces and
// records whether the text has blank lines. ASCII runs are copied without decoding.
// Pass 2 runs ICU NFC, but only when a code point >= U+0300 was seen (everything
// below is NFC-inert) and ICU's check says the text is not already NFC. Pass 3 fixes
// paragraph breaks: with blank lines present, they separate paragraphs and single
// newlines are soft wraps; without any, every line is a paragraph.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <cstdlib>
#include <string>

#include "text/normalize_text.h"
#include "text/text_processor.h"

namespace vigie::text {
namespace {

enum class Action : uint8_t { kKeep, kSpace, kNewline, kParagraph, kDrop, kExpand };

// What pass 1 does with non-ASCII code point `c` (ASCII is handled inline).
Action classify(UChar32 c) {
  if (c < 0xA0) return c == 0x85 ? Action::kNewline : Action::kDrop;  // C1 controls; NEL
  switch (c) {
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
      return Action::kSpace;
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
      return Action::kDrop;
    case 0x2028:
      return Action::kNewline;
    case 0x2029:
      return Action::kParagraph;
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x200A) return Action::kSpace;  // en quad .. hair space
  if (c >= 0xFB00 && c <= 0xFB06) return Action::kExpand;
  return Action::kKeep;
}

const char* ligature_expansion(UChar32 c) {
  static const char* const kExpansions[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
  return kExpansions[c - 0xFB00];
}

struct Pass1 {
  std::string text;
  bool has_blank_line = false;
  bool has_single_newline = false;
  bool may_need_nfc = false;
};

// kIsFast selects the ASCII block copy; the reference decodes everything.
template <bool kIsFast>
Pass1 clean(std::string_view raw) {
  Pass1 result;
  std::string& out = result.text;
  out.resize(raw.size() * 3 + 4);  // U+FFFD for each invalid byte at worst
  char* w = out.data();
  char* const begin = w;
  bool pending_space = false;
  int pending_newlines = 0;
  auto flush = [&] {
    if (w != begin) {
      if (pending_newlines >= 2) {
        *w++ = '\n';
        *w++ = '\n';
        result.has_blank_line = true;
      } else if (pending_newlines == 1) {
        *w++ = '\n';
        result.has_single_newline = true;
      } else if (pending_space) {
        *w++ = ' ';
      }
    }
    pending_space = false;
    pending_newlines = 0;
  };

  const auto* s = reinterpret_cast<const uint8_t*>(raw.data());
  const int32_t n = static_cast<int32_t>(raw.size());
  int32_t i = 0;
  while (i < n) {
    uint8_t b = s[i];
    if (b > 0x20 && b < 0x7F) {
      flush();
      if constexpr (kIsFast) {
        do *w++ = static_cast<char>(s[i++]);
        while (i < n && s[i] > 0x20 && s[i] < 0x7F);
      } else {
        *w++ = static_cast<char>(s[i++]);
      }
      continue;
    }
    if (b < 0x80) {
      ++i;
      if (b == ' ' || b == '\t') {
        pending_space = true;
      } else if (b == '\n' || b == '\v' || b == '\f') {
        ++pending_newlines;
      } else if (b == '\r') {
        if (i < n && s[i] == '\n') ++i;  // CRLF is one line break
        ++pending_newlines;
      }
      // Other C0 controls and DEL are dropped.
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    Action action = classify(c);
    switch (action) {
      case Action::kKeep:
        flush();
        if (c >= 0x300) result.may_need_nfc = true;
        if (c == 0xFFFD && !(i - start == 3 && s[start] == 0xEF)) {
          // An invalid sequence: write the replacement character, not the bad bytes.
          *w++ = '\xEF';
          *w++ = '\xBF';
          *w++ = '\xBD';
        } else {
          for (int32_t k = start; k < i; ++k) *w++ = static_cast<char>(s[k]);
        }
        break;
      case Action::kSpace:
        pending_space = true;
        break;
      case Action::kNewline:
        ++pending_newlines;
        break;
      case Action::kParagraph:
        pending_newlines += 2;
        break;
      case Action::kDrop:
        break;
      case Action::kExpand:
        flush();
        for (const char* e = ligature_expansion(c); *e != '\0'; ++e) *w++ = *e;
        break;
    }
  }
  out.resize(w - begin);
  return result;
}

const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  // ICU's NFC data is compiled into libicudata; failing to get it is a broken install.
  if (U_FAILURE(status) || normalizer == nullptr) abort();
  return *normalizer;
}

std::string to_nfc(const std::string& text) {
  std::string normalized;
  normalized.reserve(text.size());
  icu::StringByteSink<std::string> sink(&normalized);
  UErrorCode status = U_ZERO_ERROR;
  nfc().normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, status);
  // The input is valid UTF-8 after pass 1, so ICU has no reason to fail; keep it if it does.
  return U_SUCCESS(status) ? normalized : text;
}

// Pass 3: see the file comment.
std::string fix_paragraphs(Pass1&& pass) {
  std::string& text = pass.text;
  if (!pass.has_single_newline) return std::move(text);
  if (pass.has_blank_line) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\n') continue;
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      } else {
        text[i] = ' ';
      }
    }
    return std::move(text);
  }
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    out += c;
    if (c == '\n') out += '\n';
  }
  return out;
}

}  // namespace

std::string normalize_text(std::string_view raw) {
  Pass1 pass = clean<true>(raw);
  if (pass.may_need_nfc) {
    UErrorCode status = U_ZERO_ERROR;
    bool is_nfc = nfc().isNormalizedUTF8(
        icu::StringPiece(pass.text.data(), static_cast<int32_t>(pass.text.size())), status);
    if (U_FAILURE(status) || !is_nfc) pass.text = to_nfc(pass.text);
  }
  return fix_paragraphs(std::move(pass));
}

std::string normalize_text_reference(std::string_view raw) {
  Pass1 pass = clean<false>(raw);
  pass.text = to_nfc(pass.text);
  return fix_paragraphs(std::move(pass));
}

}  // namespace vigie::text
