// HTML page -> Article. Steps: reject what is not HTML, decode to UTF-8
// (html_charset.h), parse with gumbo under a nesting bound (html_dom.h), read the
// metadata (html_metadata.h), extract the body (html_content.h). JSON-LD articleBody
// replaces the extracted body only when extraction found little and the JSON-LD text
// is clearly longer: publishers often truncate it to a teaser, and it has no paragraphs.
#include "ingest/html_reader.h"

#include <algorithm>

#include "ingest/html_charset.h"
#include "ingest/html_content.h"
#include "ingest/html_dom.h"
#include "ingest/html_metadata.h"

namespace vigie::ingest {
namespace {

// A page whose first bytes hold NUL or many control bytes is binary (an image, a PDF,
// a compressed file with a wrong name), not HTML in some charset.
bool looks_binary(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  size_t control = 0;
  for (const char c : head) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return true;
    if (byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t' && byte != '\f') ++control;
  }
  return control * 20 > head.size();
}

bool has_utf16_bom(std::string_view bytes) {
  return bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
}

size_t visible_chars(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > ' ' && (byte & 0xC0) != 0x80;
  }));
}

}  // namespace

Result<Article> extract_article_from_html(std::string_view html_bytes, const std::string& display_path,
                                          const HtmlExtractionOptions& options) {
  if (html_bytes.find_first_not_of(" \t\r\n\f") == std::string_view::npos)
    return make_error(ErrorKind::kInvalidInput, display_path, "the page is empty; nothing to extract");
  if (!has_utf16_bom(html_bytes) && looks_binary(html_bytes))
    return make_error(ErrorKind::kInvalidInput, display_path,
                      "the page holds binary data, not HTML; check the file type");
  auto utf8 = html::decode_html_bytes(html_bytes, options.transport_charset, display_path);
  if (!utf8.ok()) return utf8.error();

  const html::ParsedHtml parsed(std::move(utf8).value());
  html::PageMetadata metadata = html::collect_metadata(parsed.root(), options.fetched_url);

  std::string text = html::extract_main_text(parsed.root(), html::ContentHints{metadata.title});
  if (!metadata.article_body.empty()) {
    std::string json_body = html_fragment_to_text(metadata.article_body);
    const size_t json_chars = visible_chars(json_body);
    const size_t text_chars = visible_chars(text);
    if (text_chars < 500 && json_chars > text_chars + text_chars / 2) text = std::move(json_body);
  }
  if (visible_chars(text) == 0)
    return make_error(ErrorKind::kInvalidInput, display_path, "the page holds no readable text");

  Article article;
  article.format = "html";
  article.source_file = display_path;
  article.url = std::move(metadata.url);
  article.title = std::move(metadata.title);
  article.author = std::move(metadata.author);
  article.site = std::move(metadata.site);
  article.published = std::move(metadata.published);
  article.lang = std::move(metadata.lang);
  article.is_lang_from_metadata = false;
  article.text = std::move(text);
  return article;
}

std::string html_fragment_to_text(std::string_view html_fragment) {
  // Fragments come from feeds that already decoded their charset: they are UTF-8,
  // possibly with stray bytes.
  std::string utf8 = html::is_valid_utf8(html_fragment) ? std::string(html_fragment) : html::repair_utf8(html_fragment);
  if (utf8.find('<') == std::string::npos && utf8.find('&') == std::string::npos) {
    html::TextBuilder builder;
    // Plain text: keep its paragraph breaks, collapse the rest.
    size_t pos = 0;
    while (pos <= utf8.size()) {
      size_t end = utf8.find("\n\n", pos);
      if (end == std::string::npos) end = utf8.size();
      builder.add_text(std::string_view(utf8).substr(pos, end - pos));
      builder.paragraph_break();
      pos = end + 2;
    }
    return builder.take();
  }
  const html::ParsedHtml parsed(std::move(utf8), /*is_fragment=*/true);
  html::TextBuilder builder;
  html::append_block_text(parsed.root(), builder);
  return builder.take();
}

Status HtmlReader::read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
                        DiagnosticsSink& sink) {
  auto bytes = read_all(input, kMaxDocumentBytes, context.display_path);
  if (!bytes.ok()) return bytes.error();
  auto article = extract_article_from_html(bytes.value(), context.display_path);
  if (!article.ok()) {
    // One page is one record: the problem is reported and the run goes on.
    sink.report(article.error());
    return Status::success();
  }
  article->source_file = context.display_path;
  article->format = "html";
  emit(std::move(article).value());
  return Status::success();
}

}  // namespace vigie::ingest
