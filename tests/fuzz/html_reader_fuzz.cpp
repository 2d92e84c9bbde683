// libFuzzer target for the HTML reader: any bytes must give an Article or an Error,
// never a crash, a hang on deep nesting, or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/html_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  vigie::ingest::HtmlExtractionOptions options;
  // The first byte picks a transport charset, so ICU conversion is fuzzed too.
  if (size > 0 && (data[0] & 3) == 1) options.transport_charset = "windows-1252";
  if (size > 0 && (data[0] & 3) == 2) options.transport_charset = "shift_jis";
  (void)vigie::ingest::extract_article_from_html(bytes, "fuzz.html", options);
  (void)vigie::ingest::html_fragment_to_text(bytes);
  return 0;
}
