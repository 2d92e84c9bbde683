#pragma once
// RSS 2.0 and Atom feeds (pugixml): each <item> / <entry> becomes an Article with its
// title, link, date (RFC 822 or RFC 3339, converted to ISO 8601), author and content
// (content:encoded, description, Atom content/summary; HTML turned into text).

#include "ingest/article_reader.h"

namespace vigie::ingest {

class FeedReader : public Reader {
 public:
  Format format() const override { return Format::kRss; }
  Status read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
              DiagnosticsSink& sink) override;
};

}  // namespace vigie::ingest
