#pragma once
// WARC 1.0/1.1 files (.warc, .warc.gz with one gzip member per record, as Common Crawl
// writes them): each "response" record with an HTML payload becomes an Article via
// the HTML extractor. Records are streamed, so the file size does not matter.

#include "ingest/article_reader.h"

namespace vigie::ingest {

class WarcReader : public Reader {
 public:
  Format format() const override { return Format::kWarc; }
  Status read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
              DiagnosticsSink& sink) override;
};

}  // namespace vigie::ingest
