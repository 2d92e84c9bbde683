// libFuzzer: JSON Lines reader on arbitrary bytes must never crash or hang.
#include <cstdint>
#include <string>

#include "ingest/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigie::ingest::JsonLinesReader reader;
  vigie::ingest::CollectingSink sink;
  auto source = vigie::ingest::make_memory_source(std::string(reinterpret_cast<const char*>(data), size));
  size_t articles = 0;
  (void)reader.read(*source, {"fuzz.jsonl"}, [&](vigie::Article&&) { ++articles; }, sink);
  return 0;
}
