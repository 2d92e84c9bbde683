#include "ingest/format_detector.h"

#include <gtest/gtest.h>

namespace vigie::ingest {
namespace {

struct Row {
  const char* path;
  const char* head;
  Format expected;
};

TEST(FormatDetectorTest, ContentFirstThenExtension) {
  const Row rows[] = {
      {"a.txt", "La Bundeswehr a déployé un millier de soldats", Format::kText},
      {"a", "Plain text without extension", Format::kText},
      {"page.html", "<!DOCTYPE html><html><body>x</body></html>", Format::kHtml},
      {"page.txt", "<!doctype HTML>\n<html lang=fr>", Format::kHtml},
      {"noext", "\xEF\xBB\xBF  <html><head>", Format::kHtml},
      {"feed.xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", Format::kRss},
      {"feed", "<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">", Format::kAtom},
      {"rdf.xml", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", Format::kRss},
      {"x.jsonl", "{\"id\": 1, \"text\": \"a\"}", Format::kJsonLines},
      {"x.jsonl.gz", "{\"id\": 1}", Format::kJsonLines},
      {"x.data", "{\"id\": 1}", Format::kJsonLines},
      {"crawl.warc.gz", "WARC/1.0\r\nWARC-Type: warcinfo", Format::kWarc},
      {"crawl.bin", "WARC/1.1\r\n", Format::kWarc},
      {"image.png", std::string_view("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16).data(), Format::kUnknown},
  };
  for (const Row& row : rows) {
    std::string_view head = row.head;
    if (row.expected == Format::kUnknown) head = std::string_view("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    EXPECT_EQ(detect_format(row.path, head), row.expected) << row.path << ": " << row.head;
  }
}

}  // namespace
}  // namespace vigie::ingest
