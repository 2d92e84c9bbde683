#pragma once
// JSON Lines: one article per line, with `id`, `url`, `title`, `published` (or
// `date`), `lang`, `author`, `site`, and `text` (or `article`/`body`/`content`) or
// `html`. A bad line is reported with its number and skipped.

#include "ingest/article_reader.h"

namespace vigie::ingest {

class JsonLinesReader : public Reader {
 public:
  Format format() const override { return Format::kJsonLines; }
  Status read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
              DiagnosticsSink& sink) override;
};

}  // namespace vigie::ingest
