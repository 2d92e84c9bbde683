#include "ingest/html_dom.h"

#include <cstring>
#include <utility>
#include <vector>

namespace vigie::ingest::html {
namespace {

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view candidate : names) {
    if (name == candidate) return true;
  }
  return false;
}

bool is_void_element(std::string_view name) {
  return is_one_of(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                          "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame"});
}

// Elements whose content the tokenizer reads as raw text: their "<" are not tags.
bool is_raw_text_element(std::string_view name) {
  return is_one_of(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                          "noframes", "noscript", "plaintext"});
}

// Elements whose end tag may be omitted: a new one closes the open one (<li>a<li>b),
// so they must not count as nesting.
bool has_optional_end(std::string_view name) {
  return is_one_of(name, {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt",
                          "rp", "tbody", "thead", "tfoot"});
}

// Position just after the '>' closing the tag that starts at `pos`; quoted attribute
// values may contain '>'.
size_t tag_end(std::string_view html, size_t pos, bool& is_self_closing) {
  char previous = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if ((c == '"' || c == '\'') && previous == '=') {
      const size_t close = html.find(c, pos + 1);
      if (close == std::string_view::npos) return html.size();
      pos = close + 1;
      previous = c;
      continue;
    }
    if (c == '>') {
      is_self_closing = previous == '/';
      return pos + 1;
    }
    if (!is_space(c)) previous = c;
    ++pos;
  }
  return html.size();
}

// Position of the "</name" that ends a raw text element, or the end of input.
size_t raw_text_end(std::string_view html, size_t pos, std::string_view name) {
  while (true) {
    const size_t at = html.find("</", pos);
    if (at == std::string_view::npos) return html.size();
    size_t i = 0;
    while (i < name.size() && at + 2 + i < html.size() && lower_ascii(html[at + 2 + i]) == name[i]) ++i;
    if (i == name.size()) return at;
    pos = at + 2;
  }
}

}  // namespace

std::optional<std::string> prepare_for_parsing(std::string_view html, size_t max_depth) {
  std::vector<std::string> open;  // tag names of open elements, innermost last
  std::vector<std::pair<size_t, size_t>> dropped;  // byte ranges to remove, in order
  bool has_dropped_start_tags = false;
  size_t pos = 0;
  std::string name;
  while (true) {
    const size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    pos = lt + 1;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t close = html.find("-->", lt + 4);
      if (close == std::string_view::npos) break;
      pos = close + 3;
      dropped.emplace_back(lt, pos);  // comments are never text
      continue;
    }
    const bool is_end_tag = html[lt + 1] == '/';
    size_t name_begin = lt + (is_end_tag ? 2 : 1);
    if (html[lt + 1] == '!' || html[lt + 1] == '?') {
      const size_t close = html.find('>', lt);
      if (close == std::string_view::npos) break;
      pos = close + 1;
      continue;
    }
    if (name_begin >= html.size() || !is_ascii_alpha(html[name_begin])) continue;
    name.clear();
    size_t name_end = name_begin;
    while (name_end < html.size() && is_name_char(html[name_end])) name += lower_ascii(html[name_end++]);
    bool is_self_closing = false;
    const size_t end = tag_end(html, name_end, is_self_closing);
    pos = end;
    if (is_end_tag) {
      size_t match = open.size();
      while (match > 0 && open[match - 1] != name) --match;
      if (match > 0) {
        open.resize(match - 1);
      } else if (has_dropped_start_tags) {
        // Most likely the end tag of a start tag we dropped.
        dropped.emplace_back(lt, end);
      }
      continue;
    }
    if (is_raw_text_element(name)) {
      pos = raw_text_end(html, end, name);
      // Script and style bodies are often half of a news page and gumbo reads them one
      // code point at a time; no text comes from them, except JSON-LD metadata.
      const bool is_json_ld = html.substr(lt, end - lt).find("ld+json") != std::string_view::npos;
      if ((name == "script" || name == "style") && !is_json_ld && pos > end) dropped.emplace_back(end, pos);
      // Step over the end tag too: the element was never pushed, so the end-tag branch
      // must not see it.
      if (pos < html.size()) {
        bool ignored = false;
        pos = tag_end(html, pos + 2, ignored);
      }
      continue;
    }
    if (is_void_element(name) || is_self_closing) continue;
    if (has_optional_end(name)) {
      for (size_t i = open.size(), seen = 0; i > 0 && seen < 4; --i, ++seen) {
        if (open[i - 1] == name) {
          open.resize(i - 1);
          break;
        }
      }
    }
    if (open.size() >= max_depth) {
      has_dropped_start_tags = true;
      dropped.emplace_back(lt, end);
      continue;
    }
    open.push_back(name);
  }
  if (dropped.empty()) return std::nullopt;
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;
  for (const auto& [begin, end] : dropped) {
    out.append(html.substr(copied, begin - copied));
    copied = end;
  }
  out.append(html.substr(copied));
  return out;
}

ParsedHtml::ParsedHtml(std::string utf8, bool is_fragment) : buffer_(std::move(utf8)) {
  if (auto prepared = prepare_for_parsing(buffer_)) buffer_ = std::move(*prepared);
  options_ = kGumboDefaultOptions;
  // Parse errors are not reported to users; recording them only costs memory.
  options_.max_errors = 0;
  if (is_fragment) {
    options_.fragment_context = GUMBO_TAG_DIV;
    options_.fragment_namespace = GUMBO_NAMESPACE_HTML;
  }
  output_ = gumbo_parse_with_options(&options_, buffer_.data(), buffer_.size());
}

ParsedHtml::~ParsedHtml() {
  if (output_ != nullptr) gumbo_destroy_output(&options_, output_);
}

const char* attribute(const GumboNode* node, const char* name) {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
  return found == nullptr ? nullptr : found->value;
}

bool is_element(const GumboNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

GumboTag tag_of(const GumboNode* node) { return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN; }

bool is_block_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_LEGEND: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_LISTING:
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
      return true;
    default:
      return false;
  }
}

bool is_non_content_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_META:
    case GUMBO_TAG_LINK: case GUMBO_TAG_BASE: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_MAP: case GUMBO_TAG_AREA:
    case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_PARAM:
      return true;
    default:
      return false;
  }
}

void TextBuilder::flush_pending() {
  if (out_.empty()) {
    pending_ = 0;
    return;
  }
  switch (pending_) {
    case 1: out_ += ' '; break;
    case 2: out_ += '\n'; break;
    case 3: out_ += "\n\n"; break;
    default: break;
  }
  pending_ = 0;
}

void TextBuilder::add_text(std::string_view text) {
  for (const char c : text) {
    if (is_space(c)) {
      if (pending_ < 1) pending_ = 1;
      continue;
    }
    if (pending_ != 0) flush_pending();
    out_ += c;
  }
}

void TextBuilder::add_preformatted(std::string_view text) {
  for (const char c : text) {
    if (c == '\n') {
      line_break();
    } else if (c == '\r') {
      continue;
    } else if (is_space(c)) {
      if (pending_ < 1) pending_ = 1;
    } else {
      if (pending_ != 0) flush_pending();
      out_ += c;
    }
  }
}

void TextBuilder::line_break() { pending_ = pending_ >= 2 ? 3 : 2; }
void TextBuilder::paragraph_break() { pending_ = 3; }
void TextBuilder::soft_space() {
  if (pending_ < 1) pending_ = 1;
}

std::string TextBuilder::take() {
  pending_ = 0;
  return std::move(out_);
}

std::string inline_text(const GumboNode* node) {
  TextBuilder builder;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_CDATA ||
        current->type == GUMBO_NODE_WHITESPACE) {
      builder.add_text(current->v.text.text);
      continue;
    }
    // The root itself may be a <title>: only its descendants are filtered.
    if (!is_element(current) || (current != node && is_non_content_tag(current->v.element.tag))) continue;
    if (is_block_tag(current->v.element.tag) || current->v.element.tag == GUMBO_TAG_BR ||
        current->v.element.tag == GUMBO_TAG_TD || current->v.element.tag == GUMBO_TAG_TH)
      builder.soft_space();
    const GumboVector& children = current->v.element.children;
    for (unsigned i = children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
  return builder.take();
}

void append_block_text(const GumboNode* node, TextBuilder& builder) {
  // Each entry is a node and whether we are leaving it (its children are done).
  std::vector<std::pair<const GumboNode*, bool>> stack{{node, false}};
  int pre_depth = 0;
  while (!stack.empty()) {
    auto [current, is_leaving] = stack.back();
    stack.pop_back();
    if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_CDATA ||
        current->type == GUMBO_NODE_WHITESPACE) {
      if (pre_depth > 0) {
        builder.add_preformatted(current->v.text.text);
      } else {
        builder.add_text(current->v.text.text);
      }
      continue;
    }
    if (!is_element(current)) continue;
    const GumboTag tag = current->v.element.tag;
    if (is_leaving) {
      if (tag == GUMBO_TAG_PRE) --pre_depth;
      if (is_block_tag(tag)) builder.paragraph_break();
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) builder.soft_space();
      continue;
    }
    if (is_non_content_tag(tag)) continue;
    if (tag == GUMBO_TAG_BR) {
      builder.line_break();
      continue;
    }
    if (is_block_tag(tag)) builder.paragraph_break();
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) builder.soft_space();
    if (tag == GUMBO_TAG_PRE) ++pre_depth;
    stack.emplace_back(current, true);
    const GumboVector& children = current->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.emplace_back(static_cast<const GumboNode*>(children.data[i - 1]), false);
    }
  }
}

}  // namespace vigie::ingest::html
