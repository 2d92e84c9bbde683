#pragma once
// Article metadata of a parsed page: title, date, author, site, canonical URL and
// language from <meta> (Open Graph, Dublin Core, plain names), JSON-LD (schema.org
// NewsArticle and kin, including @graph arrays), <time>, microdata and <link>.
// Each field takes the first source that has it, in the order documented on
// `collect_metadata`. Internal to the HTML reader.

#include <gumbo.h>

#include <string>
#include <string_view>

namespace vigie::ingest::html {

struct PageMetadata {
  std::string title;
  std::string published;  // ISO 8601, validated; empty when absent or not a date
  std::string author;
  std::string site;
  std::string url;
  std::string lang;          // ISO 639 code from <html lang> or og:locale ("fr"), or empty
  std::string article_body;  // JSON-LD articleBody as given (may hold markup), or empty
  std::string invalid_date;  // a date-like value that failed validation, for diagnostics
};

// Orders of preference:
//   title:     og:title, JSON-LD headline, <title> without its " - Site" suffix, <h1>
//   published: article:published_time, JSON-LD datePublished, itemprop=datePublished,
//              meta date/pubdate/DC.date, <time datetime>
//   author:    JSON-LD author.name, meta author, article:author (unless a URL),
//              itemprop=author, rel=author, an element of class "byline"
//   site:      og:site_name, JSON-LD publisher.name, host of the URL
//   url:       link rel=canonical, og:url, `fetched_url`
PageMetadata collect_metadata(const GumboNode* root, const std::string& fetched_url);

// "2019-11-08", "2019-11-08T10:30:00+01:00", "2019-11-08 10:30:00Z" -> ISO 8601 with
// "T" and "+hh:mm"; empty when `value` is not such a date.
std::string normalise_iso_date(std::string_view value);

// "www.lemonde.fr" from "https://www.lemonde.fr/afrique/..."; empty when none.
std::string host_of_url(std::string_view url);

}  // namespace vigie::ingest::html
