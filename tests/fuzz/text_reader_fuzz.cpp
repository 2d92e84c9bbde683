// libFuzzer: plain-text reader (header blocks, UTF-8 checks) on arbitrary bytes.
#include <cstdint>
#include <string>

#include "ingest/text_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigie::ingest::TextReader reader;
  vigie::ingest::CollectingSink sink;
  auto source = vigie::ingest::make_memory_source(std::string(reinterpret_cast<const char*>(data), size));
  (void)reader.read(*source, {"fuzz.txt"}, [](vigie::Article&&) {}, sink);
  return 0;
}
