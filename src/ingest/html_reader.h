#pragma once
// HTML pages -> one Article: the article body without navigation, menus, share
// buttons, "à lire aussi" / "read more" boxes, comments and footers, plus title, date,
// author, site and canonical URL from <meta>, Open Graph, JSON-LD and <time>.
// Parsing is gumbo's; charsets other than UTF-8 are converted with ICU.

#include <string>
#include <string_view>

#include "ingest/article_reader.h"

namespace vigie::ingest {

struct HtmlExtractionOptions {
  // Charset announced outside the page (HTTP Content-Type in a WARC record); empty
  // means: read it from the page's <meta>, else UTF-8 if valid, else Windows-1252.
  std::string transport_charset;
  // URL the page was fetched from (WARC-Target-URI); the canonical link wins.
  std::string fetched_url;
};

// Extracts the article of one page. `display_path` names the page in errors.
// Error when the bytes are not HTML or hold no readable text.
Result<Article> extract_article_from_html(std::string_view html_bytes, const std::string& display_path,
                                          const HtmlExtractionOptions& options = {});

// Plain text of an HTML fragment (RSS <description>, Atom <content type="html">):
// all text, block elements as paragraph breaks, scripts and styles dropped.
std::string html_fragment_to_text(std::string_view html_fragment);

class HtmlReader : public Reader {
 public:
  Format format() const override { return Format::kHtml; }
  Status read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
              DiagnosticsSink& sink) override;
};

}  // namespace vigie::ingest
