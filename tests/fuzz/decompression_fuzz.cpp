// libFuzzer: gzip/zstd decompression and format detection on arbitrary bytes, the
// path every input file takes before its reader.
#include <cstdint>
#include <string>

#include "ingest/byte_source.h"
#include "ingest/format_detector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto compression = vigie::ingest::detect_compression(bytes);
  auto source = vigie::ingest::make_decompressing_source(vigie::ingest::make_memory_source(bytes), compression, "fuzz");
  vigie::ingest::PeekableSource peekable(std::move(source));
  auto head = peekable.peek(4096);
  if (head) (void)vigie::ingest::detect_format("fuzz.gz", head.value());
  (void)vigie::ingest::read_all(peekable, 1u << 24, "fuzz");
  return 0;
}
