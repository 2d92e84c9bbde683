#include "ingest/html_metadata.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstring>
#include <vector>

#include "ingest/html_dom.h"

namespace vigie::ingest::html {
namespace {

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

bool is_digits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) return false;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int number_at(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

bool is_article_type(const nlohmann::json& type) {
  static const char* const kArticleTypes[] = {"NewsArticle", "Article", "ReportageNewsArticle",
                                              "BlogPosting", "AnalysisNewsArticle", "OpinionNewsArticle",
                                              "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
                                              "Report", "ScholarlyArticle", "TechArticle", "WebPage"};
  const auto matches = [](const std::string& name) {
    for (const char* candidate : kArticleTypes) {
      if (name == candidate || name == std::string("http://schema.org/") + candidate ||
          name == std::string("https://schema.org/") + candidate)
        return true;
    }
    return false;
  };
  if (type.is_string()) return matches(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& item : type) {
      if (item.is_string() && matches(item.get<std::string>())) return true;
    }
  }
  return false;
}

bool is_web_page_only(const nlohmann::json& type) {
  return type.is_string() && type.get<std::string>() == "WebPage";
}

std::string json_string(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto found = object.find(key);
  if (found == object.end()) return {};
  if (found->is_string()) return trim(found->get<std::string>());
  return {};
}

// author may be a string, an object with "name", or an array of either.
std::string json_names(const nlohmann::json& value) {
  if (value.is_string()) return trim(value.get<std::string>());
  if (value.is_object()) return json_string(value, "name");
  std::string joined;
  if (value.is_array()) {
    for (const auto& item : value) {
      const std::string name = json_names(item);
      if (name.empty()) continue;
      if (!joined.empty()) joined += ", ";
      joined += name;
    }
  }
  return joined;
}

struct JsonLdArticle {
  std::string headline, published, author, publisher, body, url;
  bool is_found = false;
  bool is_web_page = false;  // only a WebPage was found: weaker than an article
};

void read_json_ld(std::string_view script, JsonLdArticle& found) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(script.begin(), script.end());
  } catch (const nlohmann::json::exception&) {
    return;  // broken JSON-LD is common; the other sources still apply
  }
  // Walk arrays and @graph without recursion: JSON-LD can nest arbitrarily.
  std::vector<const nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    const nlohmann::json* value = pending.back();
    pending.pop_back();
    if (value->is_array()) {
      for (auto it = value->rbegin(); it != value->rend(); ++it) pending.push_back(&*it);
      continue;
    }
    if (!value->is_object()) continue;
    if (const auto graph = value->find("@graph"); graph != value->end()) pending.push_back(&*graph);
    const auto type = value->find("@type");
    if (type == value->end() || !is_article_type(*type)) continue;
    const bool is_web_page = is_web_page_only(*type);
    // An article beats a WebPage found earlier; otherwise the first one wins.
    if (found.is_found && !(found.is_web_page && !is_web_page)) continue;
    found = JsonLdArticle{};
    found.is_found = true;
    found.is_web_page = is_web_page;
    found.headline = json_string(*value, "headline");
    found.published = json_string(*value, "datePublished");
    if (const auto author = value->find("author"); author != value->end()) found.author = json_names(*author);
    if (const auto publisher = value->find("publisher"); publisher != value->end())
      found.publisher = json_names(*publisher);
    found.body = json_string(*value, "articleBody");
    found.url = json_string(*value, "url");
  }
}

// "Le titre - Le Monde" -> "Le titre": sites append their name after a separator.
// The last segment goes only when what remains is long enough to be a headline.
std::string strip_site_suffix(const std::string& title) {
  static const char* const kSeparators[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB "};
  size_t cut = std::string::npos;
  size_t separator_size = 0;
  for (const char* separator : kSeparators) {
    const size_t at = title.rfind(separator);
    if (at != std::string::npos && (cut == std::string::npos || at > cut)) {
      cut = at;
      separator_size = std::strlen(separator);
    }
  }
  if (cut == std::string::npos) return title;
  const std::string head = title.substr(0, cut);
  const std::string tail = title.substr(cut + separator_size);
  size_t head_words = 1;
  for (char c : head) head_words += c == ' ';
  if (head_words < 3 || tail.size() > head.size()) return title;
  return trim(head);
}

std::string language_code(std::string_view value) {
  std::string code;
  for (char c : value) {
    if (c == '-' || c == '_') break;
    if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return code.size() == 2 || code.size() == 3 ? code : std::string();
}

std::string join_url(const std::string& base, const std::string& url) {
  if (url.empty() || url.find("://") != std::string::npos) return url;
  const size_t scheme = base.find("://");
  if (scheme == std::string::npos) return url;
  if (url.rfind("//", 0) == 0) return base.substr(0, scheme + 1) + url;
  if (url.front() != '/') return url;
  const size_t path = base.find('/', scheme + 3);
  return base.substr(0, path) + url;
}

}  // namespace

std::string normalise_iso_date(std::string_view raw) {
  const std::string value = trim(raw);
  const std::string_view text(value);
  if (!is_digits(text, 0, 4) || text.size() < 10 || text[4] != '-' || !is_digits(text, 5, 2) ||
      text[7] != '-' || !is_digits(text, 8, 2))
    return {};
  const int month = number_at(text, 5, 2), day = number_at(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return {};
  std::string date(text.substr(0, 10));
  if (text.size() == 10 || (text[10] != 'T' && text[10] != ' ')) return date;
  // A time part: HH:MM[:SS[.fff]] then Z, +hh:mm, +hhmm or nothing.
  if (!is_digits(text, 11, 2) || text.size() < 16 || text[13] != ':' || !is_digits(text, 14, 2)) return date;
  const int hour = number_at(text, 11, 2), minute = number_at(text, 14, 2);
  if (hour > 23 || minute > 59) return date;
  std::string out = date + "T" + std::string(text.substr(11, 5));
  size_t pos = 16;
  if (pos + 2 < text.size() + 0 && text[pos] == ':' && is_digits(text, pos + 1, 2)) {
    if (number_at(text, pos + 1, 2) > 60) return date;
    out += text.substr(pos, 3);
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      size_t end = pos + 1;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      out += text.substr(pos, end - pos);
      pos = end;
    }
  } else {
    out += ":00";
  }
  if (pos >= text.size()) return out;
  if (text[pos] == 'Z' || text[pos] == 'z') return out + "Z";
  if (text[pos] == '+' || text[pos] == '-') {
    if (is_digits(text, pos + 1, 2) && pos + 3 < text.size() && text[pos + 3] == ':' && is_digits(text, pos + 4, 2))
      return out + std::string(text.substr(pos, 6));
    if (is_digits(text, pos + 1, 4)) return out + std::string(text.substr(pos, 3)) + ":" + std::string(text.substr(pos + 3, 2));
    if (is_digits(text, pos + 1, 2) && pos + 3 == text.size()) return out + std::string(text.substr(pos, 3)) + ":00";
  }
  return out;
}

std::string host_of_url(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  size_t begin = scheme + 3;
  size_t end = begin;
  while (end < url.size() && url[end] != '/' && url[end] != '?' && url[end] != '#' && url[end] != ':') ++end;
  const size_t at = url.substr(begin, end - begin).rfind('@');
  if (at != std::string_view::npos) begin += at + 1;
  return lowercase_ascii(url.substr(begin, end - begin));
}

PageMetadata collect_metadata(const GumboNode* root, const std::string& fetched_url) {
  // First value seen for each source; the preference order is applied at the end.
  std::string og_title, og_site, og_url, og_locale, meta_published, meta_date, meta_author, article_author;
  std::string itemprop_published, itemprop_author, time_datetime, title_text, h1_text, canonical;
  std::string rel_author, byline, html_lang, twitter_title;
  JsonLdArticle json_ld;
  const auto set_once = [](std::string& field, std::string value) {
    if (field.empty()) field = trim(value);
  };

  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!is_element(node)) continue;
    const GumboTag tag = node->v.element.tag;
    const char* itemprop = attribute(node, "itemprop");
    switch (tag) {
      case GUMBO_TAG_HTML:
        if (const char* lang = attribute(node, "lang")) set_once(html_lang, lang);
        break;
      case GUMBO_TAG_META: {
        const char* content = attribute(node, "content");
        if (content == nullptr) break;
        const char* key_attribute = attribute(node, "property");
        if (key_attribute == nullptr) key_attribute = attribute(node, "name");
        if (key_attribute == nullptr) key_attribute = itemprop;
        if (key_attribute == nullptr) break;
        const std::string key = lowercase_ascii(key_attribute);
        if (key == "og:title") set_once(og_title, content);
        else if (key == "twitter:title") set_once(twitter_title, content);
        else if (key == "og:site_name") set_once(og_site, content);
        else if (key == "og:url") set_once(og_url, content);
        else if (key == "og:locale") set_once(og_locale, content);
        else if (key == "article:published_time") set_once(meta_published, content);
        else if (key == "datepublished") set_once(itemprop_published, content);
        else if (key == "date" || key == "pubdate" || key == "dc.date" || key == "dc.date.issued" ||
                 key == "dcterms.date" || key == "dcterms.created" || key == "publish-date" ||
                 key == "publish_date" || key == "parsely-pub-date" || key == "sailthru.date")
          set_once(meta_date, content);
        else if (key == "author" || key == "dc.creator" || key == "sailthru.author" || key == "parsely-author")
          set_once(meta_author, content);
        else if (key == "article:author") set_once(article_author, content);
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = attribute(node, "rel");
        const char* href = attribute(node, "href");
        if (rel != nullptr && href != nullptr && lowercase_ascii(rel) == "canonical") set_once(canonical, href);
        break;
      }
      case GUMBO_TAG_TITLE:
        if (title_text.empty()) title_text = inline_text(node);
        break;
      case GUMBO_TAG_H1:
        if (h1_text.empty()) h1_text = inline_text(node);
        break;
      case GUMBO_TAG_TIME:
        if (const char* datetime = attribute(node, "datetime")) set_once(time_datetime, datetime);
        break;
      case GUMBO_TAG_SCRIPT: {
        const char* type = attribute(node, "type");
        if (type == nullptr || lowercase_ascii(type) != "application/ld+json") break;
        const GumboVector& children = node->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) {
          const auto* child = static_cast<const GumboNode*>(children.data[i]);
          if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA)
            read_json_ld(child->v.text.text, json_ld);
        }
        continue;  // no elements inside a script
      }
      default:
        break;
    }
    if (itemprop != nullptr && tag != GUMBO_TAG_META) {
      const std::string prop = lowercase_ascii(itemprop);
      if (prop == "datepublished") {
        const char* value = attribute(node, "datetime");
        if (value == nullptr) value = attribute(node, "content");
        if (value != nullptr) set_once(itemprop_published, value);
      } else if (prop == "author" && itemprop_author.empty()) {
        itemprop_author = inline_text(node);
      }
    }
    if (tag == GUMBO_TAG_A && rel_author.empty()) {
      if (const char* rel = attribute(node, "rel"); rel != nullptr && lowercase_ascii(rel) == "author")
        rel_author = inline_text(node);
    }
    if (byline.empty()) {
      if (const char* class_name = attribute(node, "class");
          class_name != nullptr && lowercase_ascii(class_name).find("byline") != std::string::npos) {
        std::string text = inline_text(node);
        if (!text.empty() && text.size() < 100) byline = std::move(text);
      }
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }

  PageMetadata metadata;
  const auto first_of = [](std::initializer_list<const std::string*> values) {
    for (const std::string* value : values) {
      if (!value->empty()) return *value;
    }
    return std::string();
  };
  metadata.title = first_of({&og_title, &json_ld.headline, &twitter_title});
  if (metadata.title.empty() && !title_text.empty()) metadata.title = strip_site_suffix(title_text);
  if (metadata.title.empty()) metadata.title = h1_text;

  for (const std::string* candidate : {&meta_published, &json_ld.published, &itemprop_published, &meta_date, &time_datetime}) {
    if (candidate->empty()) continue;
    metadata.published = normalise_iso_date(*candidate);
    if (!metadata.published.empty()) break;
    if (metadata.invalid_date.empty()) metadata.invalid_date = *candidate;
  }
  if (!metadata.published.empty()) metadata.invalid_date.clear();

  const bool is_author_url = article_author.find("://") != std::string::npos;
  metadata.author = first_of({&json_ld.author, &meta_author});
  if (metadata.author.empty() && !is_author_url) metadata.author = article_author;
  if (metadata.author.empty()) metadata.author = first_of({&itemprop_author, &rel_author, &byline});
  // "By Jane Doe" / "Par Jean Dupont": the word is not part of the name.
  for (const char* prefix : {"By ", "by ", "BY ", "Par ", "par ", "PAR "}) {
    if (metadata.author.rfind(prefix, 0) == 0) metadata.author = trim(metadata.author.substr(std::strlen(prefix)));
  }

  metadata.url = first_of({&canonical, &og_url, &json_ld.url});
  metadata.url = metadata.url.empty() ? fetched_url : join_url(fetched_url, metadata.url);
  metadata.site = first_of({&og_site, &json_ld.publisher});
  if (metadata.site.empty()) metadata.site = host_of_url(metadata.url.empty() ? fetched_url : metadata.url);

  metadata.lang = language_code(html_lang);
  if (metadata.lang.empty()) metadata.lang = language_code(og_locale);
  metadata.article_body = json_ld.body;
  return metadata;
}

}  // namespace vigie::ingest::html
