// JSON Lines with simdjson: each line is parsed on its own (validating UTF-8 on the
// way), so one broken line costs one article, never the file. Field names vary
// between exporters, so each field accepts the common aliases listed below.

#include "ingest/jsonl_reader.h"

#include <simdjson.h>

#include <array>
#include <cctype>

#include "ingest/html_reader.h"
#include "ingest/iso_date.h"

namespace vigie::ingest {
namespace {

// Returns the first present string (or integer, for ids) among `names`.
std::string field(simdjson::dom::object& object, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    simdjson::dom::element value;
    if (object[name].get(value) != simdjson::SUCCESS) continue;
    std::string_view text;
    if (value.get_string().get(text) == simdjson::SUCCESS) {
      if (!text.empty()) return std::string(text);
      continue;
    }
    int64_t number;
    if (value.get_int64().get(number) == simdjson::SUCCESS) return std::to_string(number);
    // Authors are often a list of names or of {"name": ...} objects.
    simdjson::dom::array list;
    if (value.get_array().get(list) == simdjson::SUCCESS) {
      std::string joined;
      for (simdjson::dom::element item : list) {
        std::string_view name_text;
        if (item.get_string().get(name_text) != simdjson::SUCCESS) {
          if (item["name"].get_string().get(name_text) != simdjson::SUCCESS) continue;
        }
        if (!joined.empty()) joined += ", ";
        joined += name_text;
      }
      if (!joined.empty()) return joined;
    }
    simdjson::dom::object nested;
    if (value.get_object().get(nested) == simdjson::SUCCESS) {
      std::string_view name_text;
      if (nested["name"].get_string().get(name_text) == simdjson::SUCCESS && !name_text.empty())
        return std::string(name_text);
    }
  }
  return {};
}

bool is_blank(std::string_view line) {
  for (char c : line)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

Status JsonLinesReader::read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
                             DiagnosticsSink& sink) {
  LineReader lines(input, kMaxRecordBytes, context.display_path);
  simdjson::dom::parser parser;
  size_t articles = 0;
  size_t problems = 0;
  while (true) {
    std::string_view line;
    auto has_line = lines.next(line);
    if (!has_line) {
      // A too-long line is skippable; a decompression or read failure ends the file.
      if (lines.was_long_line_skipped()) {
        sink.report(has_line.error());
        ++problems;
        continue;
      }
      return has_line.error();
    }
    if (!has_line.value()) break;
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (is_blank(line)) continue;
    std::string position = std::to_string(lines.line_number());
    auto report = [&](std::string message) {
      sink.report(make_error(ErrorKind::kInvalidInput, context.display_path, std::move(message), position));
      ++problems;
    };

    simdjson::dom::element document;
    if (auto error = parser.parse(line.data(), line.size()).get(document); error != simdjson::SUCCESS) {
      report(std::string("not a JSON object (") + simdjson::error_message(error) + "); line skipped");
      continue;
    }
    simdjson::dom::object object;
    if (document.get_object().get(object) != simdjson::SUCCESS) {
      report("a JSON value that is not an object; line skipped");
      continue;
    }

    Article article;
    article.source_file = context.display_path + "#line" + position;
    article.format = "jsonl";
    article.source_id = field(object, {"id", "_id", "guid", "uuid"});
    article.url = field(object, {"url", "link", "canonical_url", "uri"});
    article.title = field(object, {"title", "headline"});
    article.author = field(object, {"author", "byline", "authors", "creator"});
    article.site = field(object, {"site", "source", "site_name", "publisher", "domain"});
    std::string lang = field(object, {"lang", "language", "locale"});
    if (!lang.empty()) {
      article.lang = lang.substr(0, lang.find_first_of("-_"));
      for (char& c : article.lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      article.is_lang_from_metadata = true;
    }
    std::string published = field(object, {"published", "date", "datePublished", "published_at", "pubDate", "time"});
    if (!published.empty()) {
      if (auto iso = normalize_iso_date(published)) {
        article.published = *iso;
      } else {
        report("published \"" + published + "\" is not an ISO 8601 date; article kept undated");
      }
    }

    std::string text = field(object, {"text", "article", "body", "content", "articleBody", "maintext"});
    if (text.empty()) {
      std::string html = field(object, {"html", "raw_html", "content_html"});
      if (!html.empty()) {
        HtmlExtractionOptions options;
        options.fetched_url = article.url;
        auto extracted = extract_article_from_html(html, article.source_file, options);
        if (!extracted) {
          report("field \"html\": " + extracted.error().message + "; line skipped");
          continue;
        }
        text = std::move(extracted->text);
        if (article.title.empty()) article.title = extracted->title;
        if (article.author.empty()) article.author = extracted->author;
        if (article.site.empty()) article.site = extracted->site;
        if (article.published.empty()) article.published = extracted->published;
        if (article.url.empty()) article.url = extracted->url;
        if (article.lang.empty()) article.lang = extracted->lang;
      }
    }
    if (is_blank(text)) {
      report("no \"text\" (or \"article\", \"body\", \"content\", \"html\") field with text; line skipped");
      continue;
    }
    // A standfirst ("heading", "description") opens the article as its own paragraph.
    std::string standfirst = field(object, {"heading", "standfirst", "lede", "description", "summary"});
    if (!standfirst.empty() && text.find(standfirst) == std::string::npos) text = standfirst + "\n\n" + text;
    article.text = std::move(text);
    emit(std::move(article));
    ++articles;
  }
  if (articles == 0 && problems == 0) {
    return make_error(ErrorKind::kInvalidInput, context.display_path, "empty file; nothing read");
  }
  return Status::success();
}

}  // namespace vigie::ingest
