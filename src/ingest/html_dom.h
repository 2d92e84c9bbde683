#pragma once
// Parsing HTML with gumbo, safely, plus the small DOM helpers the HTML reader shares:
// attribute lookup, whitespace-collapsing text output with paragraph breaks.
//
// gumbo 0.10 has no depth limit and its tree builder is quadratic in the nesting
// depth (10,000 nested <div> take seconds, 100,000 take hours), and it frees the tree
// recursively. So before parsing, `bound_nesting_depth` drops start tags that would
// nest deeper than kMaxNestingDepth (and the end tags matching them): text is kept,
// only the excess structure goes. The same scan also removes comments and the bodies
// of <script> and <style> (but not JSON-LD), which gumbo would otherwise tokenize one
// code point at a time for nothing: parsing gets about twice as fast on news pages.
// Internal to the HTML reader.

#include <gumbo.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::ingest::html {

inline constexpr size_t kMaxNestingDepth = 400;

// Returns a copy of `html` without comments, script/style bodies (JSON-LD kept) and
// tags nested deeper than `max_depth`, or nullopt when nothing had to be dropped.
std::optional<std::string> prepare_for_parsing(std::string_view html, size_t max_depth = kMaxNestingDepth);

// A parsed page. Owns the UTF-8 buffer gumbo points into; not copyable.
class ParsedHtml {
 public:
  // `utf8` must be valid UTF-8. `fragment` parses as the content of a <div>.
  explicit ParsedHtml(std::string utf8, bool is_fragment = false);
  ~ParsedHtml();
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode* root() const { return output_->root; }
  const GumboNode* document() const { return output_->document; }

 private:
  std::string buffer_;
  GumboOptions options_;
  GumboOutput* output_ = nullptr;
};

// Attribute value, or nullptr when absent.
const char* attribute(const GumboNode* node, const char* name);
bool is_element(const GumboNode* node);
GumboTag tag_of(const GumboNode* node);
// Block-level elements: their text starts and ends a paragraph.
bool is_block_tag(GumboTag tag);
// Elements whose content is never text the reader wants (scripts, styles, forms controls).
bool is_non_content_tag(GumboTag tag);

// Builds plain text: collapses runs of white space, turns block boundaries into
// "\n\n" and <br> into "\n", never leaves trailing spaces or leading breaks.
class TextBuilder {
 public:
  void add_text(std::string_view text);         // collapses white space
  void add_preformatted(std::string_view text);  // keeps line breaks (<pre>)
  void line_break();
  void paragraph_break();
  // Separates two inline pieces that must not stick together ("<td>a</td><td>b</td>").
  void soft_space();
  std::string take();
  bool empty() const { return out_.empty(); }
  size_t size() const { return out_.size(); }

 private:
  void flush_pending();
  std::string out_;
  int pending_ = 0;  // 0 nothing, 1 space, 2 line break, 3 paragraph break
};

// Text of `node`'s subtree as inline text (white space collapsed, no breaks), skipping
// non-content elements. Iterative: safe on any depth.
std::string inline_text(const GumboNode* node);

// Text of `node`'s subtree with paragraph structure; skips non-content elements.
void append_block_text(const GumboNode* node, TextBuilder& builder);

}  // namespace vigie::ingest::html
