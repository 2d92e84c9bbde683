// RSS 2.0, RSS 1.0 (RDF) and Atom (1.0, and 0.3 where it agrees) feeds.
//
// Approach: the whole feed is read (feeds are small), converted to UTF-8 when its XML
// declaration or BOM names another charset (pugixml only knows UTF-8/16/32 and Latin-1,
// and French feeds still come in Windows-1252), parsed once by pugixml, then each
// <item> / <entry> is mapped to an Article. pugixml does not resolve namespaces, so
// element names are matched by local name plus the namespace URI their prefix is
// bound to (see Vocabulary): "media:description" must not be taken for the RSS
// <description>, and "content:encoded" works whatever prefix the feed chose.
//
// Problems with one item (a date that does not parse, an empty item) are reported and
// the item is kept or skipped; only an unreadable document returns an Error.

#include "ingest/feed_reader.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/feed_dates.h"
#include "ingest/html_reader.h"

namespace vigie::ingest {
namespace {

// Which specification an element belongs to, from its namespace URI.
enum class Vocabulary { kNone, kRss, kAtom, kDublinCore, kContent, kRdf, kXhtml, kOther };

Vocabulary vocabulary_of_uri(std::string_view uri) {
  if (uri.empty()) return Vocabulary::kNone;
  if (uri == "http://purl.org/rss/1.0/" || uri == "http://my.netscape.com/rdf/simple/0.9/" ||
      uri == "http://backend.userland.com/rss2") {
    return Vocabulary::kRss;
  }
  if (uri == "http://www.w3.org/2005/Atom" || uri == "http://purl.org/atom/ns#") return Vocabulary::kAtom;
  if (uri == "http://purl.org/dc/elements/1.1/" || uri == "http://purl.org/dc/terms/") {
    return Vocabulary::kDublinCore;
  }
  if (uri == "http://purl.org/rss/1.0/modules/content/") return Vocabulary::kContent;
  if (uri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#") return Vocabulary::kRdf;
  if (uri == "http://www.w3.org/1999/xhtml") return Vocabulary::kXhtml;
  return Vocabulary::kOther;
}

// Feeds often use "dc:" or "content:" without declaring them (pugixml does not
// mind); the conventional prefix is then the best guess of what was meant.
Vocabulary vocabulary_of_undeclared_prefix(std::string_view prefix) {
  if (prefix == "dc" || prefix == "dcterms") return Vocabulary::kDublinCore;
  if (prefix == "content") return Vocabulary::kContent;
  if (prefix == "atom") return Vocabulary::kAtom;
  if (prefix == "rdf") return Vocabulary::kRdf;
  if (prefix == "xhtml") return Vocabulary::kXhtml;
  return Vocabulary::kOther;
}

std::string_view local_name(pugi::xml_node node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Deeper nesting than this is not a feed anyone writes; the recursive helpers stop
// there so a hostile file cannot exhaust the stack.
constexpr int kMaxDepth = 200;

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// All character data under `node`, CDATA included (pugixml's child_value() gives only
// the first run, and "<![CDATA[a]]>b" is two runs).
void append_text(pugi::xml_node node, std::string& out, int depth = 0) {
  if (depth > kMaxDepth) return;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    } else if (child.type() == pugi::node_element) {
      append_text(child, out, depth + 1);
    }
  }
}

std::string text_of(pugi::xml_node node) {
  std::string out;
  append_text(node, out);
  return out;
}

void append_escaped(std::string_view text, std::string& out, bool is_attribute) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (is_attribute) {
          out += "&quot;";
          break;
        }
        [[fallthrough]];
      default: out += c;
    }
  }
}

// Serialises the children of `node` as HTML for html_fragment_to_text(). When
// `is_text_markup` is true the character data directly under `node` already is HTML
// (an escaped or CDATA <description>) and is copied as it is; text inside child
// elements (unescaped HTML in a description, Atom xhtml) is escaped again. Element
// prefixes are dropped so "<xhtml:p>" reaches the HTML parser as "<p>".
void append_markup(pugi::xml_node node, std::string& out, bool is_text_markup, int depth = 0) {
  if (depth > kMaxDepth) return;
  for (pugi::xml_node child : node.children()) {
    switch (child.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        if (is_text_markup) {
          out += child.value();
        } else {
          append_escaped(child.value(), out, false);
        }
        break;
      case pugi::node_element: {
        std::string_view name = local_name(child);
        out += '<';
        out += name;
        for (pugi::xml_attribute attribute : child.attributes()) {
          std::string_view attribute_name = attribute.name();
          if (attribute_name.starts_with("xmlns")) continue;
          out += ' ';
          out += attribute_name;
          out += "=\"";
          append_escaped(attribute.value(), out, true);
          out += '"';
        }
        out += '>';
        append_markup(child, out, false, depth + 1);
        out += "</";
        out += name;
        out += '>';
        break;
      }
      default: break;
    }
  }
}

// The primary subtag of a language tag, lowercased: "fr-FR" -> "fr", "EN_us" -> "en".
// Empty when it does not look like an ISO 639 code.
std::string language_code(std::string_view tag) {
  tag = trim(tag);
  size_t end = tag.find_first_of("-_");
  std::string_view primary = tag.substr(0, end);
  if (primary.size() < 2 || primary.size() > 3) return {};
  std::string code;
  for (char c : primary) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return {};
    code += c;
  }
  return code;
}

size_t line_of_offset(std::string_view bytes, ptrdiff_t offset) {
  if (offset < 0) offset = 0;
  size_t end = std::min(bytes.size(), static_cast<size_t>(offset));
  size_t line = 1;
  for (size_t i = 0; i < end; ++i) {
    if (bytes[i] == '\n') ++line;
  }
  return line;
}

// The charset a document announces: its BOM, else the encoding="..." of its XML
// declaration. Empty means UTF-8.
std::string declared_charset(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return {};
  if (bytes.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) return "UTF-32LE";
  if (bytes.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) return "UTF-32BE";
  if (bytes.starts_with("\xFF\xFE")) return "UTF-16LE";
  if (bytes.starts_with("\xFE\xFF")) return "UTF-16BE";
  // "<?" in UTF-16 without a BOM.
  if (bytes.starts_with(std::string_view("<\0?\0", 4))) return "UTF-16LE";
  if (bytes.starts_with(std::string_view("\0<\0?", 4))) return "UTF-16BE";
  if (!bytes.starts_with("<?xml")) return {};
  std::string_view declaration = bytes.substr(0, bytes.find("?>", 0));
  if (declaration.size() > 512) return {};
  size_t key = declaration.find("encoding");
  if (key == std::string_view::npos) return {};
  size_t quote = declaration.find_first_of("\"'", key);
  if (quote == std::string_view::npos) return {};
  size_t close = declaration.find(declaration[quote], quote + 1);
  if (close == std::string_view::npos) return {};
  std::string charset(declaration.substr(quote + 1, close - quote - 1));
  std::string lowered;
  for (char c : charset) lowered += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lowered == "utf-8" || lowered == "utf8") return {};
  // Feeds labelled Latin-1 are nearly always Windows-1252 (curly quotes, "œ", "€" in
  // the 0x80-0x9F range); 1252 is a superset for every printable Latin-1 character.
  if (lowered == "iso-8859-1" || lowered == "latin1" || lowered == "latin-1" || lowered == "us-ascii") {
    return "windows-1252";
  }
  return charset;
}

// Converts `bytes` from `charset` to UTF-8 with ICU; false when ICU does not know the
// charset.
bool convert_to_utf8(const std::string& charset, std::string& bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status)) return false;
  ucnv_close(converter);
  status = U_ZERO_ERROR;
  int32_t needed = ucnv_convert("UTF-8", charset.c_str(), nullptr, 0, bytes.data(),
                                static_cast<int32_t>(bytes.size()), &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return false;
  std::string converted(static_cast<size_t>(needed), '\0');
  status = U_ZERO_ERROR;
  ucnv_convert("UTF-8", charset.c_str(), converted.data(), needed, bytes.data(),
               static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) return false;
  bytes = std::move(converted);
  return true;
}

enum class FeedKind { kRss2, kRdf, kAtom };

// Maps one parsed feed document to Articles.
class FeedMapper {
 public:
  FeedMapper(FeedKind kind, const ReadContext& context, const ArticleCallback& emit, DiagnosticsSink& sink)
      : kind_(kind), context_(context), emit_(emit), sink_(sink) {}

  void map(pugi::xml_node root) {
    if (kind_ == FeedKind::kAtom) {
      site_ = collapse_spaces(text_construct(child(root, Vocabulary::kAtom, "title")));
      feed_author_ = atom_authors(root);
      for (pugi::xml_node entry : root.children()) {
        if (is(entry, Vocabulary::kAtom, "entry")) map_atom_entry(entry);
      }
      return;
    }
    pugi::xml_node channel = child(root, Vocabulary::kRss, "channel");
    site_ = collapse_spaces(text_of(child(channel, Vocabulary::kRss, "title")));
    pugi::xml_node language = child(channel, Vocabulary::kRss, "language");
    if (!language) language = child(channel, Vocabulary::kDublinCore, "language");
    channel_lang_ = language_code(text_of(language));
    // RSS 2.0 puts items in <channel>, RSS 1.0 next to it; accept both in both.
    for (pugi::xml_node item : channel.children()) {
      if (is(item, Vocabulary::kRss, "item")) map_rss_item(item);
    }
    for (pugi::xml_node item : root.children()) {
      if (is(item, Vocabulary::kRss, "item")) map_rss_item(item);
    }
  }

 private:
  // The namespace an element's prefix is bound to, looked up through the xmlns
  // declarations on it and its ancestors.
  Vocabulary vocabulary(pugi::xml_node node) const {
    std::string_view name = node.name();
    size_t colon = name.find(':');
    std::string_view prefix = colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    for (pugi::xml_node scope = node; scope && scope.type() == pugi::node_element; scope = scope.parent()) {
      for (pugi::xml_attribute attribute : scope.attributes()) {
        std::string_view attribute_name = attribute.name();
        if (!attribute_name.starts_with("xmlns")) continue;
        std::string_view declared = attribute_name.substr(5);
        bool matches = prefix.empty() ? declared.empty()
                                      : (declared.size() == prefix.size() + 1 && declared[0] == ':' &&
                                         declared.substr(1) == prefix);
        if (matches) return default_vocabulary(vocabulary_of_uri(attribute.value()));
      }
    }
    if (!prefix.empty()) return vocabulary_of_undeclared_prefix(prefix);
    return default_vocabulary(Vocabulary::kNone);
  }

  // RSS 2.0 elements have no namespace; an Atom feed that forgot its xmlns is still
  // Atom.
  Vocabulary default_vocabulary(Vocabulary found) const {
    if (found != Vocabulary::kNone) return found;
    return kind_ == FeedKind::kAtom ? Vocabulary::kAtom : Vocabulary::kRss;
  }

  bool is(pugi::xml_node node, Vocabulary expected, std::string_view name) const {
    return node.type() == pugi::node_element && local_name(node) == name && vocabulary(node) == expected;
  }

  pugi::xml_node child(pugi::xml_node parent, Vocabulary expected, std::string_view name) const {
    for (pugi::xml_node node : parent.children()) {
      if (is(node, expected, name)) return node;
    }
    return {};
  }

  std::string item_name(size_t number) const { return context_.display_path + "#item" + std::to_string(number); }

  void report(size_t number, std::string message) {
    sink_.report(make_error(ErrorKind::kInvalidInput, item_name(number), std::move(message)));
  }

  // The first candidate that holds a date wins; when some were present but none
  // parsed, the first one is reported and the article stays undated.
  std::string date_of(pugi::xml_node item, size_t number,
                      std::initializer_list<std::pair<Vocabulary, std::string_view>> candidates) {
    std::string first_bad_name, first_bad_value;
    for (const auto& [vocabulary, name] : candidates) {
      pugi::xml_node node = child(item, vocabulary, name);
      if (!node) continue;
      std::string value(trim(text_of(node)));
      if (value.empty()) continue;
      if (std::optional<std::string> iso = parse_feed_date(value)) return *iso;
      if (first_bad_name.empty()) {
        first_bad_name = node.name();
        first_bad_value = value.substr(0, 80);
      }
    }
    if (!first_bad_name.empty()) {
      report(number, first_bad_name + " \"" + first_bad_value + "\" is not a date; article kept undated");
    }
    return {};
  }

  // xml:lang on the element or its nearest ancestor.
  static std::string xml_lang(pugi::xml_node node) {
    for (; node && node.type() == pugi::node_element; node = node.parent()) {
      if (pugi::xml_attribute lang = node.attribute("xml:lang")) return language_code(lang.value());
    }
    return {};
  }

  // RSS <author> is "jean.dupont@example.fr (Jean Dupont)"; the name is what we want.
  static std::string rss_author_name(std::string_view value) {
    value = trim(value);
    size_t open = value.find('(');
    if (open != std::string_view::npos && value.ends_with(")") && value.substr(0, open).find('@') != std::string::npos) {
      std::string name = collapse_spaces(value.substr(open + 1, value.size() - open - 2));
      if (!name.empty()) return name;
    }
    return collapse_spaces(value);
  }

  void finish(Article&& article, size_t number) {
    if (article.title.empty() && trim(article.text).empty()) {
      report(number, "item has no title and no text; skipped");
      return;
    }
    article.source_file = item_name(number);
    article.format = kind_ == FeedKind::kAtom ? "atom" : "rss";
    article.site = site_;
    emit_(std::move(article));
  }

  void map_rss_item(pugi::xml_node item) {
    size_t number = ++item_count_;
    Article article;
    std::string title = text_of(child(item, Vocabulary::kRss, "title"));
    // Titles are plain text by the RSS spec but feeds routinely escape entities twice
    // ("L&amp;#8217;ONU") or put <b> in them; only those go through the HTML converter.
    if (title.find_first_of("&<") != std::string::npos) title = html_fragment_to_text(title);
    article.title = collapse_spaces(title);

    article.url = std::string(trim(text_of(child(item, Vocabulary::kRss, "link"))));
    pugi::xml_node guid = child(item, Vocabulary::kRss, "guid");
    article.source_id = std::string(trim(text_of(guid)));
    if (article.source_id.empty()) article.source_id = item.attribute("rdf:about").value();
    if (article.url.empty()) article.url = atom_link(item);
    if (article.url.empty() && guid && std::string_view(guid.attribute("isPermaLink").value()) != "false" &&
        (article.source_id.starts_with("http://") || article.source_id.starts_with("https://"))) {
      article.url = article.source_id;
    }
    if (article.url.empty()) article.url = item.attribute("rdf:about").value();

    article.published = date_of(item, number,
                                {{Vocabulary::kRss, "pubDate"},
                                 {Vocabulary::kDublinCore, "date"},
                                 {Vocabulary::kAtom, "published"},
                                 {Vocabulary::kAtom, "updated"}});

    if (pugi::xml_node author = child(item, Vocabulary::kRss, "author")) {
      article.author = rss_author_name(text_of(author));
    }
    if (article.author.empty()) article.author = dublin_core_creators(item);
    if (article.author.empty()) article.author = atom_authors(item);

    article.lang = xml_lang(item);
    if (article.lang.empty()) article.lang = language_code(text_of(child(item, Vocabulary::kDublinCore, "language")));
    if (article.lang.empty()) article.lang = channel_lang_;
    if (article.lang.empty()) article.lang = xml_lang(item.parent());

    // content:encoded holds the full article where the feed has it; <description> is
    // often only a teaser, so it is the fallback.
    pugi::xml_node body = child(item, Vocabulary::kContent, "encoded");
    if (!body || trim(text_of(body)).empty()) body = child(item, Vocabulary::kRss, "description");
    if (body) {
      std::string markup;
      append_markup(body, markup, true);
      if (!trim(markup).empty()) article.text = html_fragment_to_text(markup);
    }
    finish(std::move(article), number);
  }

  std::string dublin_core_creators(pugi::xml_node item) const {
    std::string joined;
    for (pugi::xml_node node : item.children()) {
      if (!is(node, Vocabulary::kDublinCore, "creator")) continue;
      std::string name = collapse_spaces(text_of(node));
      if (name.empty()) continue;
      if (!joined.empty()) joined += ", ";
      joined += name;
    }
    return joined;
  }

  std::string atom_authors(pugi::xml_node parent) const {
    std::string joined;
    for (pugi::xml_node node : parent.children()) {
      if (!is(node, Vocabulary::kAtom, "author")) continue;
      std::string name = collapse_spaces(text_of(child(node, Vocabulary::kAtom, "name")));
      if (name.empty()) continue;
      if (!joined.empty()) joined += ", ";
      joined += name;
    }
    return joined;
  }

  // The page an entry points to: the first rel="alternate" link (no rel means
  // alternate), else the first link with an href.
  // TODO: relative hrefs are not resolved against xml:base.
  std::string atom_link(pugi::xml_node parent) const {
    std::string first;
    for (pugi::xml_node node : parent.children()) {
      if (!is(node, Vocabulary::kAtom, "link")) continue;
      std::string href(trim(node.attribute("href").value()));
      if (href.empty()) continue;
      std::string_view rel = trim(node.attribute("rel").value());
      if (rel.empty() || rel == "alternate") return href;
      if (first.empty()) first = href;
    }
    return first;
  }

  // An Atom text construct (title, summary, content) as plain text: type "text" is
  // already text, "html" is escaped HTML, "xhtml" is inline XML wrapped in a <div>.
  // Empty for out-of-line content (src="...") and for base64 media types.
  std::string text_construct(pugi::xml_node node) const {
    if (!node || node.attribute("src")) return {};
    std::string type(trim(node.attribute("type").value()));
    for (char& c : type) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    // Atom 0.3 marks escaped HTML with mode="escaped" and type="text/html".
    if (type == "xhtml" || type == "application/xhtml+xml") {
      pugi::xml_node wrapper = node;
      for (pugi::xml_node element : node.children()) {
        if (element.type() == pugi::node_element) {
          if (local_name(element) == "div") wrapper = element;
          break;
        }
      }
      std::string markup;
      append_markup(wrapper, markup, false);
      return html_fragment_to_text(markup);
    }
    if (type == "html" || type == "text/html") {
      std::string markup;
      append_markup(node, markup, true);
      return html_fragment_to_text(markup);
    }
    if (type.empty() || type == "text" || type.starts_with("text/")) {
      return std::string(trim(text_of(node)));
    }
    return {};
  }

  void map_atom_entry(pugi::xml_node entry) {
    size_t number = ++item_count_;
    Article article;
    article.title = collapse_spaces(text_construct(child(entry, Vocabulary::kAtom, "title")));
    article.url = atom_link(entry);
    article.source_id = std::string(trim(text_of(child(entry, Vocabulary::kAtom, "id"))));
    // Atom 0.3 named them issued / modified / created.
    article.published = date_of(entry, number,
                                {{Vocabulary::kAtom, "published"},
                                 {Vocabulary::kAtom, "updated"},
                                 {Vocabulary::kAtom, "issued"},
                                 {Vocabulary::kAtom, "modified"},
                                 {Vocabulary::kAtom, "created"},
                                 {Vocabulary::kDublinCore, "date"}});
    // An entry without its own author inherits the feed's (RFC 4287 section 4.2.1).
    article.author = atom_authors(entry);
    if (article.author.empty()) article.author = dublin_core_creators(entry);
    if (article.author.empty()) article.author = feed_author_;

    pugi::xml_node content = child(entry, Vocabulary::kAtom, "content");
    article.text = text_construct(content);
    if (trim(article.text).empty()) article.text = text_construct(child(entry, Vocabulary::kAtom, "summary"));
    article.lang = xml_lang(content && !trim(article.text).empty() ? content : entry);
    finish(std::move(article), number);
  }

  FeedKind kind_;
  const ReadContext& context_;
  const ArticleCallback& emit_;
  DiagnosticsSink& sink_;
  std::string site_;
  std::string feed_author_;
  std::string channel_lang_;
  size_t item_count_ = 0;
};

}  // namespace

Status FeedReader::read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
                        DiagnosticsSink& sink) {
  Result<std::string> read = read_all(input, kMaxDocumentBytes, context.display_path);
  if (!read.ok()) return read.error();
  std::string bytes = std::move(read.value());
  if (trim(bytes).empty()) {
    return make_error(ErrorKind::kInvalidInput, context.display_path, "empty file; no article read");
  }

  std::string charset = declared_charset(bytes);
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.erase(0, 3);
  if (!charset.empty() && !convert_to_utf8(charset, bytes)) {
    sink.report(make_error(ErrorKind::kInvalidInput, context.display_path,
                           "unknown charset \"" + charset.substr(0, 40) + "\"; read as UTF-8"));
  }

  pugi::xml_document document;
  // Whitespace-only text is kept: in Atom xhtml "<b>Paris</b> <i>Lyon</i>" the space
  // between the words is such a node.
  pugi::xml_parse_result parsed =
      document.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                           pugi::encoding_utf8);
  if (!parsed) {
    return make_error(ErrorKind::kInvalidInput, context.display_path,
                      std::string("XML error: ") + parsed.description() + "; no article read",
                      std::to_string(line_of_offset(bytes, parsed.offset)));
  }

  pugi::xml_node root = document.document_element();
  std::string_view root_name = local_name(root);
  FeedKind kind;
  if (root_name == "rss") {
    kind = FeedKind::kRss2;
  } else if (root_name == "RDF") {
    kind = FeedKind::kRdf;
  } else if (root_name == "feed") {
    kind = FeedKind::kAtom;
  } else {
    return make_error(ErrorKind::kInvalidInput, context.display_path,
                      "not an RSS or Atom feed: the root element is <" + std::string(root.name()).substr(0, 40) +
                          ">; no article read",
                      std::to_string(line_of_offset(bytes, root.offset_debug())));
  }
  FeedMapper(kind, context, emit, sink).map(root);
  return Status::success();
}

}  // namespace vigie::ingest
