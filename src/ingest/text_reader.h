#pragma once
// Plain text articles. An optional leading header block of "Key: value" lines
// (Title, Date/Published, URL, Lang/Language, Author, Source/Site, Id) ended by a
// blank line gives metadata; the rest is the text. Sidecar metadata (meta.tsv) is
// applied by the Ingestor, not here.

#include "ingest/article_reader.h"

namespace vigie::ingest {

class TextReader : public Reader {
 public:
  Format format() const override { return Format::kText; }
  Status read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
              DiagnosticsSink& sink) override;
};

}  // namespace vigie::ingest
