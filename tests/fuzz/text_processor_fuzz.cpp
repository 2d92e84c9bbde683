// libFuzzer target for the text stage: any bytes through normalize_text and
// segment, checking that normalisation is idempotent and every span is valid.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text_processor.h"

namespace {

void check(bool condition) {
  if (!condition) abort();
}

void check_spans(std::string_view text, const std::vector<vigie::Sentence>& sentences,
                 const std::vector<vigie::Token>& tokens) {
  uint32_t previous_end = 0;
  for (const auto& token : tokens) {
    check(token.span.begin_byte < token.span.end_byte && token.span.end_byte <= text.size());
    check(token.span.begin_byte >= previous_end);
    previous_end = token.span.end_byte;
  }
  uint32_t next_token = 0;
  for (const auto& sentence : sentences) {
    check(sentence.first_token == next_token && sentence.token_count > 0);
    check(sentence.first_token + sentence.token_count <= tokens.size());
    check(sentence.span.begin_byte == tokens[sentence.first_token].span.begin_byte);
    check(sentence.span.end_byte == tokens[sentence.first_token + sentence.token_count - 1].span.end_byte);
    next_token += sentence.token_count;
  }
  check(next_token == tokens.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static vigie::text::TextProcessor processor;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  std::string normalized = vigie::text::normalize_text(raw);
  check(vigie::text::normalize_text(normalized) == normalized);

  // First byte picks the language rules, so French, English and fallback all run.
  static const char* const kLangs[] = {"fr", "en", "und"};
  const char* lang = kLangs[size > 0 ? data[0] % 3 : 0];
  for (std::string_view text : {std::string_view(normalized), raw}) {
    std::vector<vigie::Sentence> sentences;
    std::vector<vigie::Token> tokens;
    processor.segment(text, lang, sentences, tokens);
    check_spans(text, sentences, tokens);
  }
  vigie::text::identify_language(normalized);
  return 0;
}
