#include "ingest/format_detector.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace vigie::ingest {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "feeds/sahel.xml.gz" -> ".xml": compression suffixes say nothing of the content.
std::string content_extension(std::string_view path) {
  std::string name = lower(path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1));
  for (const char* suffix : {".gz", ".zst", ".zstd"}) {
    std::string_view s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      name.resize(name.size() - s.size());
      break;
    }
  }
  size_t dot = name.find_last_of('.');
  return dot == std::string::npos ? std::string() : name.substr(dot);
}

std::string_view skip_bom_and_space(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front()))) head.remove_prefix(1);
  return head;
}

// The first element name after the prolog, comments and doctype: "rss", "feed", "html".
std::string first_element(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('<', pos);
    if (open == std::string_view::npos || open + 1 >= text.size()) return {};
    char next = text[open + 1];
    if (next == '?' || next == '!') {
      size_t close = text.substr(open, 4) == "<!--" ? text.find("-->", open) : text.find('>', open);
      if (close == std::string_view::npos) return {};
      pos = close + 1;
      continue;
    }
    size_t end = open + 1;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == ':' ||
                                 text[end] == '-' || text[end] == '_'))
      ++end;
    return lower(text.substr(open + 1, end - open - 1));
  }
  return {};
}

}  // namespace

Format detect_format(std::string_view path, std::string_view head) {
  std::string extension = content_extension(path);
  std::string_view text = skip_bom_and_space(head);
  if (text.substr(0, 5) == "WARC/") return Format::kWarc;
  // NUL bytes never occur in text, HTML, JSON or XML worth reading: an image, a PDF
  // or an archive that was not recognised.
  if (head.find('\0') != std::string_view::npos) return Format::kUnknown;
  if (extension == ".warc" || extension == ".arc") return Format::kWarc;
  if (!text.empty() && text.front() == '<') {
    std::string element = first_element(text);
    if (element == "rss" || element == "rdf:rdf") return Format::kRss;
    if (element == "feed") return Format::kAtom;
    if (element == "html" || lower(text.substr(0, 14)) == "<!doctype html") return Format::kHtml;
    if (extension == ".xml" || extension == ".rss" || extension == ".atom") {
      return element == "feed" ? Format::kAtom : Format::kRss;
    }
    return Format::kHtml;
  }
  if (!text.empty() && text.front() == '{') return Format::kJsonLines;
  if (extension == ".jsonl" || extension == ".ndjson" || extension == ".json") return Format::kJsonLines;
  if (extension == ".html" || extension == ".htm" || extension == ".xhtml") return Format::kHtml;
  if (extension == ".rss" || extension == ".xml") return Format::kRss;
  if (extension == ".atom") return Format::kAtom;
  return Format::kText;
}

}  // namespace vigie::ingest
