// Language identification (CLD2) and the content id (XXH3-64).
#include <cstdio>  // before CLD2's header, which uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <xxhash.h>

#include <cstdio>
#include <string>

#include "text/text_processor.h"

namespace vigie::text {
namespace {

// CLD2 settles on a language well within the first few kilobytes of an article;
// reading more only costs time on long texts.
constexpr size_t kMaxLanguageIdBytes = 8 * 1024;
// Below this many letters CLD2's guesses are noise ("OK", a date, a name).
constexpr size_t kMinLetters = 12;

size_t utf8_prefix_length(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  size_t end = max_bytes;
  // Back up over continuation bytes so the cut falls between characters.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return end;
}

size_t count_letters(std::string_view text) {
  size_t letters = 0;
  for (unsigned char c : text) {
    // ASCII letters, plus the lead byte of every multi-byte character (close enough
    // to count accented and non-Latin letters).
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++letters;
    else if (c >= 0xC0) ++letters;
  }
  return letters;
}

}  // namespace

LanguageGuess identify_language(std::string_view text, std::string_view title) {
  std::string sample;
  sample.reserve(title.size() + 1 + kMaxLanguageIdBytes);
  sample.append(title);
  if (!title.empty()) sample += '\n';
  sample.append(text.substr(0, utf8_prefix_length(text, kMaxLanguageIdBytes)));
  if (count_letters(sample) < kMinLetters) return {"und", false};

  bool is_reliable = false;
  int valid_prefix_bytes = 0;
  CLD2::Language language = CLD2::DetectLanguageCheckUTF8(sample.data(), static_cast<int>(sample.size()),
                                                          /*is_plain_text=*/true, &is_reliable, &valid_prefix_bytes);
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {"und", false};
  std::string code = CLD2::LanguageCode(language);
  // CLD2 keeps a few withdrawn ISO 639-1 codes; the store wants the current ones.
  if (code == "iw") code = "he";
  else if (code == "in") code = "id";
  else if (code == "jw") code = "jv";
  else if (code == "un" || code.empty()) return {"und", false};
  return {code, is_reliable};
}

std::string content_id(std::string_view normalized_text) {
  XXH64_hash_t hash = XXH3_64bits(normalized_text.data(), normalized_text.size());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(hex, 16);
}

}  // namespace vigie::text
