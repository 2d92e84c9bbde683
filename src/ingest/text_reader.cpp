// Plain text: the whole file is one article. A header block is recognised only when
// its first line is a known key ("Title: ...", "Date: ..."), so a text that happens to
// start with "Paris: les syndicats..." is not mistaken for metadata.

#include "ingest/text_reader.h"

#include <algorithm>
#include <cctype>

#include "core/utf8.h"
#include "ingest/iso_date.h"

namespace vigie::ingest {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Sets the field of `article` named by `key`; false when the key is not metadata.
bool apply_header_field(std::string_view key, std::string_view value, Article& article, bool& has_bad_date,
                        std::string& bad_date) {
  std::string name = lower_ascii(key);
  std::string field(trim(value));
  if (name == "title" || name == "titre") {
    article.title = field;
  } else if (name == "date" || name == "published" || name == "publié" || name == "published_date") {
    if (auto iso = normalize_iso_date(field)) {
      article.published = *iso;
    } else {
      has_bad_date = true;
      bad_date = field;
    }
  } else if (name == "url" || name == "link") {
    article.url = field;
  } else if (name == "lang" || name == "language" || name == "langue") {
    article.lang = lower_ascii(field.substr(0, field.find_first_of("-_")));
    article.is_lang_from_metadata = !article.lang.empty();
  } else if (name == "author" || name == "byline" || name == "auteur") {
    article.author = field;
  } else if (name == "source" || name == "site") {
    article.site = field;
  } else if (name == "id") {
    article.source_id = field;
  } else {
    return false;
  }
  return true;
}

// Parses "Key: value" lines up to the first blank line (or between "---" fences).
// Returns the offset where the body starts, 0 when there is no header block.
size_t parse_header_block(std::string_view text, Article& article, bool& has_bad_date, std::string& bad_date) {
  size_t pos = 0;
  bool is_fenced = false;
  if (text.substr(0, 4) == "---\n") {
    is_fenced = true;
    pos = 4;
  }
  Article candidate = article;
  size_t fields = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t next = std::min(end + 1, text.size());
    if (trim(line).empty() || (is_fenced && line == "---")) {
      if (fields == 0) return 0;
      article = candidate;
      return next;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 20) return 0;
    if (!apply_header_field(trim(line.substr(0, colon)), line.substr(colon + 1), candidate, has_bad_date, bad_date))
      return 0;
    ++fields;
    pos = next;
  }
  return 0;  // a file of header lines only has no body: treat it all as text
}

}  // namespace

Status TextReader::read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
                        DiagnosticsSink& sink) {
  auto bytes = read_all(input, kMaxDocumentBytes, context.display_path);
  if (!bytes) return bytes.error();
  std::string_view text = bytes.value();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto bad = find_invalid_utf8(text)) {
    return make_error(ErrorKind::kInvalidInput, context.display_path,
                      "not valid UTF-8 (byte " + std::to_string(*bad) + "); convert the file to UTF-8 first",
                      std::to_string(line_of_offset(text, *bad)));
  }
  if (trim(text).empty()) return make_error(ErrorKind::kInvalidInput, context.display_path, "empty file; nothing read");

  Article article;
  article.source_file = context.display_path;
  article.format = "text";
  bool has_bad_date = false;
  std::string bad_date;
  size_t body_start = parse_header_block(text, article, has_bad_date, bad_date);
  if (has_bad_date && body_start > 0) {
    sink.report(make_error(ErrorKind::kInvalidInput, context.display_path,
                           "date \"" + bad_date + "\" is not an ISO 8601 date; article kept undated", "1"));
  }
  article.text.assign(text.substr(body_start));
  if (trim(article.text).empty()) {
    return make_error(ErrorKind::kInvalidInput, context.display_path, "header block but no text; nothing read");
  }
  emit(std::move(article));
  return Status::success();
}

}  // namespace vigie::ingest
