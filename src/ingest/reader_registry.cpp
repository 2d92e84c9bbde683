#include <mutex>

#include "ingest/article_reader.h"
#include "ingest/feed_reader.h"
#include "ingest/html_reader.h"
#include "ingest/jsonl_reader.h"
#include "ingest/text_reader.h"
#include "ingest/warc_reader.h"

namespace vigie::ingest {

void CollectingSink::report(const Error& error) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  errors.push_back(error);
}

const char* format_name(Format format) {
  switch (format) {
    case Format::kUnknown: return "unknown";
    case Format::kText: return "text";
    case Format::kHtml: return "html";
    case Format::kJsonLines: return "jsonl";
    case Format::kRss: return "rss";
    case Format::kAtom: return "atom";
    case Format::kWarc: return "warc";
  }
  return "unknown";
}

std::unique_ptr<Reader> make_reader(Format format) {
  switch (format) {
    case Format::kText: return std::make_unique<TextReader>();
    case Format::kHtml: return std::make_unique<HtmlReader>();
    case Format::kJsonLines: return std::make_unique<JsonLinesReader>();
    case Format::kRss:
    case Format::kAtom: return std::make_unique<FeedReader>();
    case Format::kWarc: return std::make_unique<WarcReader>();
    case Format::kUnknown: return nullptr;
  }
  return nullptr;
}

}  // namespace vigie::ingest
