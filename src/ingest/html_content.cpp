#include "ingest/html_content.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ingest/html_dom.h"

namespace vigie::ingest::html {
namespace {

// Below this many characters the result is probably a fragment (a teaser, a caption)
// and the page is retried with the filters relaxed; Readability uses the same value.
constexpr uint32_t kMinArticleChars = 500;
// A paragraph shorter than this does not vote for its container.
constexpr uint32_t kMinParagraphChars = 25;

// ---- class / id hints ------------------------------------------------------------

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
  for (std::string_view needle : needles) {
    if (text.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

// Whole tokens of a class/id string split on spaces, '-' and '_': short words such as
// "ad" or "nav" must not match inside "head" or "canvas".
bool has_token(std::string_view text, std::initializer_list<std::string_view> tokens) {
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '-' || text[pos] == '_')) ++pos;
    size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '-' && text[end] != '_') ++end;
    const std::string_view token = text.substr(pos, end - pos);
    for (std::string_view candidate : tokens) {
      if (token == candidate) return true;
    }
    pos = end;
  }
  return false;
}

bool is_positive_hint(std::string_view hint) {
  return contains_any(hint, {"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
                             "post", "text", "blog", "story"});
}

bool is_negative_hint(std::string_view hint) {
  return contains_any(hint, {"hidden", "banner", "combx", "comment", "contact", "footer", "gdpr",
                             "masthead", "media", "outbrain", "taboola", "promo", "related", "scroll",
                             "share", "sharing", "shoutbox", "sidebar", "skyscraper", "sponsor",
                             "shopping", "widget", "social", "newsletter", "subscri", "cookie",
                             "consent", "advert", "recommend", "popular", "trending", "signup",
                             "breadcrumb", "pagination", "byline", "caption", "credit"}) ||
         has_token(hint, {"ad", "ads", "tags", "tag", "meta", "hid", "com", "nav", "menu", "author"});
}

// Boxes that are essentially never article body (Readability's "unlikely candidates",
// plus newsletter / cookie / share boxes common on news sites).
bool is_unlikely_hint(std::string_view hint) {
  return contains_any(hint, {"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community",
                             "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends",
                             "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
                             "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
                             "pagination", "pager", "popup", "yom-remote", "newsletter", "cookie",
                             "sharing", "share-", "subscribe", "outbrain", "taboola", "promo"}) ||
         has_token(hint, {"nav", "ad", "ads", "share"});
}

bool is_maybe_candidate_hint(std::string_view hint) {
  return contains_any(hint, {"and", "article", "body", "column", "content", "main", "shadow"});
}

bool is_heading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Children that make a <div> a container rather than a paragraph (Readability's
// DIV_TO_P_ELEMS, plus the HTML5 sectioning elements).
bool is_structural_child(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV: case GUMBO_TAG_IMG:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

// Elements that are never body, whatever their content.
bool is_never_body_tag(GumboTag tag) {
  return is_non_content_tag(tag) || tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE ||
         tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_MENU ||
         tag == GUMBO_TAG_LABEL;
}

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_hidden(const GumboNode* node) {
  if (attribute(node, "hidden") != nullptr) return true;
  if (const char* aria = attribute(node, "aria-hidden"); aria != nullptr && std::strcmp(aria, "true") == 0)
    return true;
  const char* style = attribute(node, "style");
  if (style == nullptr) return false;
  std::string compact;
  for (const char* c = style; *c != '\0'; ++c) {
    if (*c != ' ' && *c != '\t' && *c != '\n') compact += (*c >= 'A' && *c <= 'Z') ? static_cast<char>(*c + 32) : *c;
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool has_unlikely_role(const GumboNode* node) {
  const char* role = attribute(node, "role");
  if (role == nullptr) return false;
  const std::string lowered = lowercase_ascii(role);
  return lowered == "navigation" || lowered == "menu" || lowered == "menubar" ||
         lowered == "complementary" || lowered == "contentinfo" || lowered == "dialog" ||
         lowered == "alertdialog" || lowered == "alert" || lowered == "search";
}

// ---- "read more" teasers --------------------------------------------------------

// Starts of short blocks that point elsewhere instead of telling the story:
// « À lire aussi : ... », "Read more: ...", "Sign up for our newsletter".
bool starts_like_teaser(std::string_view text) {
  // Skip bullets and arrows that often precede the phrase.
  size_t pos = 0;
  while (pos < text.size() && std::strchr(" >*-|:\t\n", text[pos]) != nullptr) ++pos;
  std::string head = lowercase_ascii(text.substr(pos, 48));
  for (size_t at; (at = head.find("\xC3\x80")) != std::string::npos;) head.replace(at, 2, "\xC3\xA0");  // À -> à
  for (size_t at; (at = head.find("\xE2\x86\x92")) != std::string::npos;) head.erase(at, 3);            // →
  for (size_t at; (at = head.find("\xE2\x96\xBA")) != std::string::npos;) head.erase(at, 3);            // ►
  for (size_t at; (at = head.find("\xC2\xBB")) != std::string::npos;) head.erase(at, 2);                // »
  while (!head.empty() && head.front() == ' ') head.erase(0, 1);
  static const char* const kTeaserStarts[] = {
      "\xC3\xA0 lire aussi", "a lire aussi", "lire aussi", "\xC3\xA0 lire \xC3\xA9galement",
      "lire \xC3\xA9galement", "voir aussi", "\xC3\xA0 voir aussi", "sur le m\xC3\xAAme sujet",
      "\xC3\xA0 d\xC3\xA9""couvrir", "read more", "read also", "also read", "see also", "related:",
      "related articles", "related stories", "related coverage", "related content", "recommended",
      "more from", "more on this", "you may also like", "you might also like", "sign up for",
      "subscribe to", "newsletter", "advertisement", "publicit\xC3\xA9", "share this", "partager",
      "follow us", "suivez-nous", "click here to", "continue reading", "don't miss", "don\xE2\x80\x99t miss",
      "must read", "most read", "most popular", "top stories"};
  for (const char* start : kTeaserStarts) {
    if (head.rfind(start, 0) == 0) return true;
  }
  return false;
}

// Starts that announce a list of links but also begin ordinary sentences ("Tags are
// small..."): they mark a teaser only when links follow.
bool starts_like_link_list_label(std::string_view text) {
  const std::string head = lowercase_ascii(text.substr(0, 24));
  static const char* const kLabels[] = {"tags", "tagged", "topics", "mots-cl\xC3\xA9s", "mots cl\xC3\xA9s",
                                        "keywords", "trending", "filed under", "categories", "follow "};
  for (const char* label : kLabels) {
    if (head.rfind(label, 0) == 0) return true;
  }
  return false;
}

// Class/id of text that describes a picture or hides itself from sighted readers:
// "(Image: GETTY)", "Image copyright", screen-reader-only labels.
bool is_caption_hint(std::string_view hint) {
  return contains_any(hint, {"caption", "credit", "copyright", "off-screen", "offscreen", "sr-only",
                             "visually-hidden", "visuallyhidden", "screen-reader", "screenreader"});
}

// ---- flat tree -------------------------------------------------------------------

struct Node {
  const GumboNode* gumbo = nullptr;
  int32_t parent = -1;
  int32_t first_child = -1;
  int32_t next_sibling = -1;
  int32_t nearest_block = -1;  // text nodes: the block element their text belongs to
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool is_text = false;
  bool is_in_link = false;
  bool is_never_body = false;    // excluded in every pass
  bool is_unlikely = false;      // excluded while class/id filters are on
  bool has_structural_child = false;
  bool is_in_figure = false;
  bool is_in_table_or_code = false;
  int8_t class_weight = 0;
  uint32_t own_chars = 0;   // text nodes: visible code points
  uint32_t own_commas = 0;  // text nodes

  // Recomputed by each pass.
  bool is_excluded = false;
  bool has_score = false;
  uint32_t chars = 0, link_chars = 0, commas = 0, inline_chars = 0, inline_commas = 0;
  uint32_t heading_chars = 0, list_chars = 0;
  uint16_t p_count = 0, img_count = 0, li_count = 0, input_count = 0, embed_count = 0, th_count = 0;
  float score = 0;
};

void count_text(std::string_view text, uint32_t& chars, uint32_t& commas) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f') continue;
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte: counted with its lead
    ++chars;
    if (byte == ',') ++commas;
    // Fullwidth comma (，) and Arabic comma (،) separate clauses too.
    if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBC' && text[i + 2] == '\x8C') ++commas;
    if (byte == 0xD8 && i + 1 < text.size() && text[i + 1] == '\x8C') ++commas;
  }
}

struct PassFlags {
  bool strip_unlikely = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
};

class Extractor {
 public:
  Extractor(const GumboNode* root, const ContentHints& hints) : hints_(hints) { build(root); }

  std::string run() {
    if (nodes_.empty()) return {};
    static constexpr PassFlags kPasses[] = {{true, true, true}, {false, true, true}, {false, false, true},
                                            {false, false, false}};
    std::string best;
    for (const PassFlags& flags : kPasses) {
      std::string text = run_pass(flags);
      uint32_t chars = 0, commas = 0;
      count_text(text, chars, commas);
      if (chars >= kMinArticleChars) return text;
      if (text.size() > best.size()) best = std::move(text);
    }
    return best;
  }

 private:
  void build(const GumboNode* root);
  std::string run_pass(const PassFlags& flags);
  void aggregate(const PassFlags& flags);
  void score_paragraphs(const PassFlags& flags);
  int32_t pick_top_candidate(const PassFlags& flags);
  void initialise_score(int32_t index, const PassFlags& flags);
  bool should_drop(int32_t index, const PassFlags& flags, bool is_top_level) const;
  bool is_cleaned_conditionally(int32_t index, const PassFlags& flags) const;
  void render(int32_t index, const PassFlags& flags, TextBuilder& builder);
  std::string node_text(int32_t index) const;
  float link_density(int32_t index) const {
    return nodes_[index].chars == 0 ? 0.f
                                    : static_cast<float>(nodes_[index].link_chars) / nodes_[index].chars;
  }

  const ContentHints& hints_;
  std::vector<Node> nodes_;
  std::vector<std::string> hints_text_;  // lowercased "class id" per node
  int32_t body_ = 0;
  mutable std::vector<int32_t> drop_next_;  // siblings to drop after a teaser heading
};

void Extractor::build(const GumboNode* root) {
  // Start from <body> when there is one: <head> holds no body text.
  const GumboNode* start = root;
  if (is_element(root)) {
    const GumboVector& children = root->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (tag_of(child) == GUMBO_TAG_BODY) start = child;
    }
  }
  struct Pending {
    const GumboNode* gumbo;
    int32_t parent;
  };
  std::vector<Pending> stack{{start, -1}};
  std::vector<int32_t> last_child;
  while (!stack.empty()) {
    const Pending pending = stack.back();
    stack.pop_back();
    const GumboNode* gumbo = pending.gumbo;
    const bool is_text = gumbo->type == GUMBO_NODE_TEXT || gumbo->type == GUMBO_NODE_CDATA ||
                         gumbo->type == GUMBO_NODE_WHITESPACE;
    if (!is_text && !is_element(gumbo)) continue;  // comments, document
    const auto index = static_cast<int32_t>(nodes_.size());
    nodes_.emplace_back();
    hints_text_.emplace_back();
    last_child.push_back(-1);
    Node& node = nodes_.back();
    node.gumbo = gumbo;
    node.parent = pending.parent;
    node.is_text = is_text;
    if (pending.parent >= 0) {
      const Node& parent = nodes_[pending.parent];
      node.is_in_link = parent.is_in_link || parent.tag == GUMBO_TAG_A;
      node.is_in_figure = parent.is_in_figure || parent.tag == GUMBO_TAG_FIGURE;
      node.is_in_table_or_code = parent.is_in_table_or_code || parent.tag == GUMBO_TAG_TABLE ||
                                 parent.tag == GUMBO_TAG_CODE;
      node.nearest_block = parent.nearest_block;
      if (last_child[pending.parent] < 0) {
        nodes_[pending.parent].first_child = index;
      } else {
        nodes_[last_child[pending.parent]].next_sibling = index;
      }
      last_child[pending.parent] = index;
    }
    if (is_text) {
      count_text(gumbo->v.text.text, node.own_chars, node.own_commas);
      continue;
    }
    node.tag = gumbo->v.element.tag;
    if (is_block_tag(node.tag) || node.tag == GUMBO_TAG_TD || node.tag == GUMBO_TAG_TH ||
        node.tag == GUMBO_TAG_LI)
      node.nearest_block = index;
    if (pending.parent >= 0 && is_structural_child(node.tag)) nodes_[pending.parent].has_structural_child = true;
    node.is_never_body = is_never_body_tag(node.tag) || is_hidden(gumbo) || has_unlikely_role(gumbo);
    const char* class_name = attribute(gumbo, "class");
    const char* id = attribute(gumbo, "id");
    if (class_name != nullptr || id != nullptr) {
      std::string hint = lowercase_ascii(class_name != nullptr ? class_name : "");
      hint += ' ';
      hint += lowercase_ascii(id != nullptr ? id : "");
      int weight = 0;
      if (is_negative_hint(hint)) weight -= 25;
      if (is_positive_hint(hint)) weight += 25;
      node.class_weight = static_cast<int8_t>(weight);
      // Readability keeps these even when their class looks like boilerplate: links
      // are inline, and <body>/<article>/<main> are what we are looking for.
      const bool is_protected_tag = node.tag == GUMBO_TAG_BODY || node.tag == GUMBO_TAG_A ||
                                    node.tag == GUMBO_TAG_ARTICLE || node.tag == GUMBO_TAG_MAIN;
      // Inside a table (old layouts wrap the whole page in one) or <code>, class names
      // say nothing about boilerplate; Readability makes the same exception.
      node.is_unlikely = !is_protected_tag && !node.is_in_table_or_code && is_unlikely_hint(hint) &&
                         !is_maybe_candidate_hint(hint);
      hints_text_.back() = std::move(hint);
    }
    if (node.tag == GUMBO_TAG_BODY) body_ = index;
    const GumboVector& children = gumbo->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), index});
    }
  }
}

void Extractor::aggregate(const PassFlags& flags) {
  for (Node& node : nodes_) {
    const bool is_parent_excluded = node.parent >= 0 && nodes_[node.parent].is_excluded;
    node.is_excluded = is_parent_excluded || node.is_never_body || (flags.strip_unlikely && node.is_unlikely);
    node.has_score = false;
    node.score = 0;
    node.chars = node.link_chars = node.commas = node.inline_chars = node.inline_commas = 0;
    node.heading_chars = node.list_chars = 0;
    node.p_count = node.img_count = node.li_count = node.input_count = node.embed_count = node.th_count = 0;
  }
  // Children come after their parent in `nodes_`, so a reverse walk sees every subtree
  // complete before its root.
  for (size_t i = nodes_.size(); i > 0; --i) {
    Node& node = nodes_[i - 1];
    if (node.is_text) {
      if (!node.is_excluded) {
        node.chars = node.own_chars;
        node.commas = node.own_commas;
        if (node.is_in_link) node.link_chars = node.own_chars;
        if (node.nearest_block >= 0) {
          nodes_[node.nearest_block].inline_chars += node.own_chars;
          nodes_[node.nearest_block].inline_commas += node.own_commas;
        }
      }
    } else {
      // Form controls and embeds count even when excluded: they tell a widget apart.
      if (node.tag == GUMBO_TAG_INPUT) ++node.input_count;
      if (node.tag == GUMBO_TAG_IFRAME || node.tag == GUMBO_TAG_EMBED || node.tag == GUMBO_TAG_OBJECT)
        ++node.embed_count;
      if (!node.is_excluded) {
        if (node.tag == GUMBO_TAG_P) ++node.p_count;
        if (node.tag == GUMBO_TAG_IMG) ++node.img_count;
        if (node.tag == GUMBO_TAG_LI) ++node.li_count;
        if (node.tag == GUMBO_TAG_TH) ++node.th_count;
        if (is_heading(node.tag)) node.heading_chars = node.chars;
        if (node.tag == GUMBO_TAG_UL || node.tag == GUMBO_TAG_OL) node.list_chars = node.chars;
      }
    }
    if (node.parent < 0) continue;
    Node& parent = nodes_[node.parent];
    if (!node.is_excluded) {
      parent.chars += node.chars;
      parent.link_chars += node.link_chars;
      parent.commas += node.commas;
      parent.heading_chars += node.heading_chars;
      parent.list_chars += node.list_chars;
      parent.p_count += node.p_count;
      parent.img_count += node.img_count;
      parent.li_count += node.li_count;
      parent.th_count += node.th_count;
    }
    parent.input_count += node.input_count;
    parent.embed_count += node.embed_count;
  }
}

void Extractor::initialise_score(int32_t index, const PassFlags& flags) {
  Node& node = nodes_[index];
  if (node.has_score) return;
  node.has_score = true;
  float score = 0;
  switch (node.tag) {
    case GUMBO_TAG_DIV: score = 5; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: score = 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: score = -3; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: score = -5; break;
    default: break;
  }
  if (flags.weight_classes) score += node.class_weight;
  node.score = score;
}

void Extractor::score_paragraphs(const PassFlags& flags) {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    if (node.is_text || node.is_excluded || node.inline_chars < kMinParagraphChars) continue;
    switch (node.tag) {
      case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
      case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_SECTION: case GUMBO_TAG_DIV:
      case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_BLOCKQUOTE:
        break;
      default:
        continue;
    }
    const float content_score =
        1.f + static_cast<float>(node.inline_commas) + static_cast<float>(std::min<uint32_t>(node.inline_chars / 100, 3));
    // Text directly inside a container (a <div> mixing text and <p>) is a paragraph of
    // that container; a <p> or a text-only <div> is a paragraph of its parent.
    int32_t ancestor = node.has_structural_child && node.tag != GUMBO_TAG_P ? static_cast<int32_t>(i) : node.parent;
    for (int level = 0; level < 5 && ancestor >= 0; ++level, ancestor = nodes_[ancestor].parent) {
      if (nodes_[ancestor].tag == GUMBO_TAG_HTML) break;
      initialise_score(ancestor, flags);
      const float divider = level == 0 ? 1.f : level == 1 ? 2.f : static_cast<float>(level * 3);
      nodes_[ancestor].score += content_score / divider;
    }
  }
}

int32_t Extractor::pick_top_candidate(const PassFlags& flags) {
  std::vector<int32_t> top;  // best five, best first
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Node& node = nodes_[i];
    if (!node.has_score || node.is_excluded) continue;
    node.score *= 1.f - link_density(static_cast<int32_t>(i));
    top.push_back(static_cast<int32_t>(i));
  }
  std::sort(top.begin(), top.end(), [&](int32_t a, int32_t b) { return nodes_[a].score > nodes_[b].score; });
  if (top.size() > 5) top.resize(5);
  if (top.empty() || nodes_[top[0]].tag == GUMBO_TAG_BODY) return body_;
  int32_t best = top[0];

  // When several near-best candidates share an ancestor the article is split into
  // sections; take the ancestor that holds three of them.
  std::vector<int32_t> alternatives;
  for (size_t i = 1; i < top.size(); ++i) {
    if (nodes_[top[i]].score / nodes_[best].score >= 0.75f) alternatives.push_back(top[i]);
  }
  if (alternatives.size() >= 3) {
    for (int32_t parent = nodes_[best].parent; parent >= 0 && parent != body_; parent = nodes_[parent].parent) {
      int holding = 0;
      for (int32_t alternative : alternatives) {
        for (int32_t up = nodes_[alternative].parent; up >= 0; up = nodes_[up].parent) {
          if (up == parent) {
            ++holding;
            break;
          }
        }
      }
      if (holding >= 3) {
        best = parent;
        initialise_score(best, flags);
        break;
      }
    }
  }

  // Climb while the parent scores higher: the best container is often one level down
  // from the real article wrapper.
  float last_score = nodes_[best].score;
  const float threshold = last_score / 3;
  for (int32_t parent = nodes_[best].parent; parent >= 0 && parent != body_;) {
    if (!nodes_[parent].has_score) {
      parent = nodes_[parent].parent;
      continue;
    }
    if (nodes_[parent].score < threshold) break;
    if (nodes_[parent].score > last_score) {
      best = parent;
      break;
    }
    last_score = nodes_[parent].score;
    parent = nodes_[parent].parent;
  }

  // An only child stands for its parent, so that the parent's siblings are considered.
  while (nodes_[best].parent >= 0 && nodes_[best].parent != body_) {
    const int32_t parent = nodes_[best].parent;
    int element_children = 0;
    for (int32_t child = nodes_[parent].first_child; child >= 0; child = nodes_[child].next_sibling) {
      if (!nodes_[child].is_text && !nodes_[child].is_excluded) ++element_children;
    }
    if (element_children != 1) break;
    best = parent;
    initialise_score(best, flags);
  }
  return best;
}

std::string Extractor::node_text(int32_t index) const {
  TextBuilder builder;
  append_block_text(nodes_[index].gumbo, builder);
  return builder.take();
}

bool Extractor::is_cleaned_conditionally(int32_t index, const PassFlags& flags) const {
  const Node& node = nodes_[index];
  switch (node.tag) {
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_HEADER:
      break;
    default:
      return false;
  }
  // Data tables (with header cells or a caption) are content, not layout.
  if (node.tag == GUMBO_TAG_TABLE && node.th_count > 0) return false;
  const int weight = flags.weight_classes ? node.class_weight : 0;
  if (weight + (node.has_score ? node.score : 0.f) < 0) return true;
  if (node.commas >= 10) return false;
  const bool is_list = node.tag == GUMBO_TAG_UL || node.tag == GUMBO_TAG_OL ||
                       (node.chars > 0 && node.list_chars > 0.9 * node.chars);
  const float paragraphs = node.p_count;
  const float images = node.img_count;
  const int list_items = static_cast<int>(node.li_count) - 100;
  const float density = link_density(index);
  const float heading_density = node.chars == 0 ? 0.f : static_cast<float>(node.heading_chars) / node.chars;
  if (images > 1 && paragraphs / images < 0.5f && !node.is_in_figure) return true;
  if (!is_list && list_items > paragraphs) return true;
  if (node.input_count > node.p_count / 3) return true;
  if (!is_list && heading_density < 0.9f && node.chars < kMinParagraphChars &&
      (images == 0 || images > 2) && !node.is_in_figure)
    return true;
  if (!is_list && weight < 25 && density > 0.2f) return true;
  if (weight >= 25 && density > 0.5f) return true;
  if (node.embed_count > 0 && node.chars < 75u * node.embed_count) return true;
  return false;
}

bool Extractor::should_drop(int32_t index, const PassFlags& flags, bool is_top_level) const {
  const Node& node = nodes_[index];
  if (node.is_excluded) return true;
  if (std::find(drop_next_.begin(), drop_next_.end(), index) != drop_next_.end()) return true;
  // The title is metadata, and captions describe pictures we do not keep.
  if (node.tag == GUMBO_TAG_H1 || node.tag == GUMBO_TAG_FIGCAPTION) return true;
  if (is_heading(node.tag)) {
    if (flags.weight_classes && node.class_weight < 0) return true;
    if (!hints_.title.empty() && node.chars < 300 && node_text(index) == hints_.title) return true;
  }
  if (!is_top_level && flags.clean_conditionally && is_cleaned_conditionally(index, flags)) return true;
  // Share bars hide under many tags; Readability drops any short element named "share".
  if (!is_top_level && node.chars < 500 && hints_text_[index].find("share") != std::string::npos) return true;
  const bool is_teaser_candidate = node.tag == GUMBO_TAG_P || node.tag == GUMBO_TAG_DIV ||
                                   node.tag == GUMBO_TAG_LI || node.tag == GUMBO_TAG_UL ||
                                   node.tag == GUMBO_TAG_SECTION || is_heading(node.tag) ||
                                   node.tag == GUMBO_TAG_STRONG || node.tag == GUMBO_TAG_B ||
                                   node.tag == GUMBO_TAG_SPAN;
  if (!is_top_level && node.chars < 300 && is_caption_hint(hints_text_[index])) return true;
  // Tag links (rel="tag") list topics, not story text.
  if (node.tag == GUMBO_TAG_A) {
    if (const char* rel = attribute(node.gumbo, "rel"); rel != nullptr && std::strcmp(rel, "tag") == 0) return true;
  }
  const bool is_label_of_links =
      !is_top_level && is_teaser_candidate && node.chars > 0 && node.chars < 1000 &&
      (link_density(index) > 0.4f || is_heading(node.tag) || node.chars < 40) &&
      starts_like_link_list_label(node_text(index));
  if (is_label_of_links && link_density(index) <= 0.4f) {
    // A bare label: it counts only when the next block is links.
    for (int32_t next = node.next_sibling; next >= 0; next = nodes_[next].next_sibling) {
      if (nodes_[next].is_text) {
        if (nodes_[next].own_chars > 0) break;
        continue;
      }
      if (link_density(next) > 0.3f) {
        drop_next_.push_back(next);
        return true;
      }
      break;
    }
  } else if (is_label_of_links) {
    return true;
  }
  if (!is_top_level && is_teaser_candidate && node.chars > 0 &&
      (node.chars < 300 || (node.chars < 1000 && link_density(index) > 0.5f)) &&
      starts_like_teaser(node_text(index))) {
    // "Related" headings announce a list of links: drop that list with them.
    if (is_heading(node.tag) || node.chars < 40) {
      for (int32_t next = node.next_sibling; next >= 0; next = nodes_[next].next_sibling) {
        if (nodes_[next].is_text) {
          if (nodes_[next].own_chars > 0) break;
          continue;
        }
        if (link_density(next) > 0.3f) drop_next_.push_back(next);
        break;
      }
    }
    return true;
  }
  // A short block that is nothing but links is a teaser or a tag list.
  if (!is_top_level && (node.tag == GUMBO_TAG_P || node.tag == GUMBO_TAG_DIV || node.tag == GUMBO_TAG_LI) &&
      node.chars < 200 && link_density(index) > 0.75f && !node.is_in_link)
    return true;
  return false;
}

void Extractor::render(int32_t top, const PassFlags& flags, TextBuilder& builder) {
  std::vector<std::pair<int32_t, bool>> stack{{top, false}};
  int pre_depth = 0;
  while (!stack.empty()) {
    auto [index, is_leaving] = stack.back();
    stack.pop_back();
    const Node& node = nodes_[index];
    if (node.is_text) {
      if (node.is_excluded) continue;
      if (pre_depth > 0) {
        builder.add_preformatted(node.gumbo->v.text.text);
      } else {
        builder.add_text(node.gumbo->v.text.text);
      }
      continue;
    }
    const bool is_cell = node.tag == GUMBO_TAG_TD || node.tag == GUMBO_TAG_TH;
    if (is_leaving) {
      if (node.tag == GUMBO_TAG_PRE) --pre_depth;
      if (is_block_tag(node.tag)) builder.paragraph_break();
      if (is_cell) builder.soft_space();
      continue;
    }
    if (should_drop(index, flags, index == top)) {
      // Keep words on both sides of a dropped element apart.
      builder.soft_space();
      continue;
    }
    if (node.tag == GUMBO_TAG_BR) {
      builder.line_break();
      continue;
    }
    if (is_block_tag(node.tag)) builder.paragraph_break();
    if (is_cell) builder.soft_space();
    if (node.tag == GUMBO_TAG_PRE) ++pre_depth;
    stack.emplace_back(index, true);
    // Children in document order: push them reversed.
    const size_t mark = stack.size();
    for (int32_t child = node.first_child; child >= 0; child = nodes_[child].next_sibling) {
      stack.emplace_back(child, false);
    }
    std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
  }
}

std::string Extractor::run_pass(const PassFlags& flags) {
  drop_next_.clear();
  aggregate(flags);
  score_paragraphs(flags);
  const int32_t top = pick_top_candidate(flags);

  std::vector<int32_t> chosen;
  const int32_t parent = nodes_[top].parent;
  if (parent < 0 || top == body_) {
    chosen.push_back(top);
  } else {
    // Siblings of the best container that look like more of the same article: a
    // high score, the same class, or a plain paragraph of prose.
    const float threshold = std::max(10.f, nodes_[top].score * 0.2f);
    const char* top_class = attribute(nodes_[top].gumbo, "class");
    for (int32_t sibling = nodes_[parent].first_child; sibling >= 0; sibling = nodes_[sibling].next_sibling) {
      const Node& node = nodes_[sibling];
      if (node.is_text || node.is_excluded) continue;
      if (sibling == top) {
        chosen.push_back(sibling);
        continue;
      }
      float bonus = 0;
      const char* sibling_class = attribute(node.gumbo, "class");
      if (top_class != nullptr && sibling_class != nullptr && *top_class != '\0' &&
          std::strcmp(top_class, sibling_class) == 0)
        bonus = nodes_[top].score * 0.2f;
      if (node.has_score && node.score + bonus >= threshold) {
        chosen.push_back(sibling);
        continue;
      }
      // An article cut into blocks of one class (text, figure, text...) keeps all its
      // blocks, even those whose paragraphs sit too deep to have voted for them.
      if (bonus > 0 && node.chars >= 100 && link_density(sibling) < 0.3f) {
        chosen.push_back(sibling);
        continue;
      }
      if (node.tag == GUMBO_TAG_P || (node.tag == GUMBO_TAG_DIV && !node.has_structural_child)) {
        const float density = link_density(sibling);
        if (node.chars > 80 && density < 0.25f) {
          chosen.push_back(sibling);
        } else if (node.chars > 0 && node.chars <= 80 && density == 0) {
          const std::string text = node_text(sibling);
          if (text.find(". ") != std::string::npos || (!text.empty() && text.back() == '.'))
            chosen.push_back(sibling);
        }
      }
    }
  }
  TextBuilder builder;
  for (const int32_t index : chosen) {
    render(index, flags, builder);
    builder.paragraph_break();
  }
  return builder.take();
}

}  // namespace

std::string extract_main_text(const GumboNode* root, const ContentHints& hints) {
  if (root == nullptr) return {};
  Extractor extractor(root, hints);
  return extractor.run();
}

}  // namespace vigie::ingest::html
