// libFuzzer target: any bytes through the feed reader must give articles or an Error,
// never a crash, a hang or a sanitizer report. Good seeds: tests/ingest/data/feeds/*.xml.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/feed_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vigie::ingest;
  std::unique_ptr<ByteSource> source = make_memory_source(std::string(reinterpret_cast<const char*>(data), size));
  CollectingSink sink;
  FeedReader reader;
  size_t article_count = 0;
  (void)reader.read(*source, ReadContext{"fuzz.xml"}, [&](vigie::Article&&) { ++article_count; }, sink);
  return 0;
}
