#pragma once
// Finds the article body of a parsed page and renders it as paragraphs.
//
// The approach is Readability's, re-done on a flat copy of the tree so every pass is
// a loop (no recursion, any depth): drop what is never body (scripts, nav, hidden
// elements, and boxes whose class/id says menu, comment, share, related...); score
// each paragraph by its commas and length and credit its ancestors; pick the best
// container (scaled by how little of it is link text), move up when the article is
// split over several containers, add qualifying siblings; then render it, cleaning
// within: tables, lists and divs that look like link boxes or widgets, captions,
// "read more" / "à lire aussi" teasers. When the result is short the page is retried
// with the class/id filters relaxed. Internal to the HTML reader.

#include <gumbo.h>

#include <string>

namespace vigie::ingest::html {

struct ContentHints {
  std::string title;  // the article's title: a heading repeating it is not body
};

// Plain text of the article in `root` (the <html> element), paragraphs separated by
// "\n\n"; empty when the page has no readable text.
std::string extract_main_text(const GumboNode* root, const ContentHints& hints);

}  // namespace vigie::ingest::html
