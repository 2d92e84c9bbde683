#include "ingest/html_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "ingest/html_charset.h"
#include "ingest/html_dom.h"
#include "ingest/html_metadata.h"

namespace vigie::ingest {
namespace {

// Parameterised rows print by name in test listings; their bytes (HTML, binary junk)
// would otherwise fill `ctest -N` with raw bytes.
template <typename Row>
  requires requires(const Row& row) { row.name; }
void PrintTo(const Row& row, std::ostream* out) {
  *out << row.name;
}

const std::string kProse =
    "The council met on Tuesday, after weeks of delay, to vote on the new water plan. Members argued, at "
    "length, about the cost, the schedule and the villages that would be served first.";

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

std::string article_paragraphs(int count, int first = 0) {
  std::string out;
  for (int i = first; i < first + count; ++i) out += "<p>Paragraph " + std::to_string(i) + ". " + kProse + "</p>";
  return out;
}

Article extract(const std::string& html, const HtmlExtractionOptions& options = {}) {
  auto article = extract_article_from_html(html, "page.html", options);
  EXPECT_TRUE(article.ok()) << (article.ok() ? "" : article.error().to_string());
  return article.ok() ? std::move(article).value() : Article{};
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// ---- boilerplate removal -----------------------------------------------------

struct BoilerplateCase {
  const char* name;
  std::string boilerplate;  // inserted around the article
  const char* must_not_appear;
};

class BoilerplateTest : public ::testing::TestWithParam<BoilerplateCase> {};

TEST_P(BoilerplateTest, DropsBoxAndKeepsParagraphs) {
  const BoilerplateCase& row = GetParam();
  const std::string html =
      page("<title>Water plan - Daily</title>",
           row.boilerplate + "<div class=\"article-body\">" + article_paragraphs(3) + row.boilerplate +
               article_paragraphs(2, 3) + "</div>" + row.boilerplate);
  const Article article = extract(html);
  EXPECT_FALSE(contains(article.text, row.must_not_appear)) << article.text;
  EXPECT_TRUE(contains(article.text, "Paragraph 0. The council met")) << article.text;
  EXPECT_TRUE(contains(article.text, "Paragraph 4.")) << article.text;
}

INSTANTIATE_TEST_SUITE_P(
    Html, BoilerplateTest,
    ::testing::Values(
        BoilerplateCase{"nav", "<nav><a href=/>Home</a> <a href=/world>World news</a></nav>", "World news"},
        BoilerplateCase{"footer", "<footer>Copyright Daily Media Group 2024</footer>", "Copyright Daily"},
        BoilerplateCase{"share", "<div class=\"share-buttons\"><a href=#>Share on Facebook</a></div>",
                        "Share on Facebook"},
        BoilerplateCase{"lire_aussi",
                        "<p><strong>\xC3\x80 lire aussi :</strong> <a href=/x>Le plan d'eau contest\xC3\xA9</a></p>",
                        "lire aussi"},
        BoilerplateCase{"read_more", "<div class=box>Read more: <a href=/y>Another story about pipes</a></div>",
                        "Another story"},
        BoilerplateCase{"comments",
                        "<div id=\"comments\"><p>Great article, thanks for writing it, really useful, I agree "
                        "with everything said here about the plan.</p></div>",
                        "Great article"},
        BoilerplateCase{"newsletter",
                        "<div class=\"newsletter-signup\"><p>Get our morning briefing in your inbox.</p></div>",
                        "morning briefing"},
        BoilerplateCase{"cookie", "<div id=\"cookie-banner\">We use cookies to improve your experience.</div>",
                        "We use cookies"},
        BoilerplateCase{"hidden", "<div style=\"display: none\">Invisible promo text</div>", "Invisible promo"},
        BoilerplateCase{"script", "<script>var tracking = 'secret token';</script>", "secret token"},
        BoilerplateCase{"caption",
                        "<figure><img src=a.jpg><figcaption>A pump station (Photo: AFP)</figcaption></figure>",
                        "pump station"}),
    [](const ::testing::TestParamInfo<BoilerplateCase>& info) { return std::string(info.param.name); });

TEST(HtmlReader, ParagraphsHeadingsAndListsAreSeparated) {
  const std::string html = page(
      "", "<article><h1>Title</h1>" + article_paragraphs(2) +
              "<h2>What comes next</h2><p>First <b>bold</b> and <i>italic</i> words.<br>Second line.</p>"
              "<ul><li>One item of the plan that is long enough to count</li><li>Another item</li></ul>"
              "<blockquote>A quoted remark from the mayor.</blockquote>" + article_paragraphs(2) + "</article>");
  const Article article = extract(html);
  EXPECT_TRUE(contains(article.text, "\n\nWhat comes next\n\n")) << article.text;
  EXPECT_TRUE(contains(article.text, "First bold and italic words.\nSecond line.")) << article.text;
  EXPECT_TRUE(contains(article.text, "\n\nAnother item\n\n")) << article.text;
  EXPECT_TRUE(contains(article.text, "\n\nA quoted remark from the mayor.\n\n")) << article.text;
  EXPECT_FALSE(contains(article.text, "Title")) << "the <h1> is the title, not body";
  EXPECT_EQ(article.text.find(' '), article.text.find("Paragraph 0.") + 9);
  EXPECT_FALSE(contains(article.text, "\n\n\n"));
  EXPECT_EQ(article.format, "html");
}

// ---- metadata ------------------------------------------------------------------

struct MetadataCase {
  const char* name;
  std::string head;
  std::string body_prefix;
  std::string Article::*field;
  std::string expected;
};

class MetadataTest : public ::testing::TestWithParam<MetadataCase> {};

TEST_P(MetadataTest, ReadsField) {
  const MetadataCase& row = GetParam();
  HtmlExtractionOptions options;
  options.fetched_url = "https://www.example.org/world/2024/story.html?ref=rss";
  const Article article = extract(page(row.head, row.body_prefix + "<article>" + article_paragraphs(3) + "</article>"), options);
  EXPECT_EQ(article.*(row.field), row.expected);
}

const std::string kJsonLd =
    R"(<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},)"
    R"({"@type":"NewsArticle","headline":"Graph headline","datePublished":"2023-03-01T08:15:00+01:00",)"
    R"("author":[{"@type":"Person","name":"Awa Diallo"},{"@type":"Person","name":"Jean Martin"}],)"
    R"("publisher":{"@type":"Organization","name":"Le Journal"}}]}</script>)";

INSTANTIATE_TEST_SUITE_P(
    Html, MetadataTest,
    ::testing::Values(
        MetadataCase{"og_title", R"(<meta property="og:title" content="OG title"><title>T - Site</title>)", "",
                     &Article::title, "OG title"},
        MetadataCase{"title_suffix", "<title>Le conseil vote le plan d'eau - Le Journal</title>", "",
                     &Article::title, "Le conseil vote le plan d'eau"},
        MetadataCase{"title_pipe", "<title>Council votes on the water plan | Daily</title>", "", &Article::title,
                     "Council votes on the water plan"},
        MetadataCase{"h1_title", "", "<h1>Heading title</h1>", &Article::title, "Heading title"},
        MetadataCase{"jsonld_title", kJsonLd, "", &Article::title, "Graph headline"},
        MetadataCase{"jsonld_date", kJsonLd, "", &Article::published, "2023-03-01T08:15:00+01:00"},
        MetadataCase{"jsonld_author", kJsonLd, "", &Article::author, "Awa Diallo, Jean Martin"},
        MetadataCase{"jsonld_site", kJsonLd, "", &Article::site, "Le Journal"},
        MetadataCase{"og_date", R"(<meta property="article:published_time" content="2022-11-14">)", "",
                     &Article::published, "2022-11-14"},
        MetadataCase{"time_datetime", "", R"(<time datetime="2021-06-29T10:00:00Z">29 June</time>)",
                     &Article::published, "2021-06-29T10:00:00Z"},
        MetadataCase{"meta_date_offset", R"(<meta name="date" content="2020-01-02 03:04:05+0100">)", "",
                     &Article::published, "2020-01-02T03:04:05+01:00"},
        MetadataCase{"bad_date", R"(<meta name="date" content="31/02/2023">)", "", &Article::published, ""},
        MetadataCase{"meta_author", R"(<meta name="author" content="By Jane Doe">)", "", &Article::author,
                     "Jane Doe"},
        MetadataCase{"og_site", R"(<meta property="og:site_name" content="Daily">)", "", &Article::site, "Daily"},
        MetadataCase{"site_from_host", "", "", &Article::site, "www.example.org"},
        MetadataCase{"canonical", R"(<link rel="canonical" href="/world/story.html">)", "", &Article::url,
                     "https://www.example.org/world/story.html"},
        MetadataCase{"og_url", R"(<meta property="og:url" content="https://example.org/s">)", "", &Article::url,
                     "https://example.org/s"},
        MetadataCase{"fetched_url", "", "", &Article::url, "https://www.example.org/world/2024/story.html?ref=rss"},
        MetadataCase{"og_locale", R"(<meta property="og:locale" content="fr_FR">)", "", &Article::lang, "fr"}),
    [](const ::testing::TestParamInfo<MetadataCase>& info) { return std::string(info.param.name); });

TEST(HtmlReader, LangFromHtmlAttributeIsNotMarkedAsMetadataLanguage) {
  const Article article =
      extract("<html lang=\"en-GB\"><body><article>" + article_paragraphs(3) + "</article></body></html>");
  EXPECT_EQ(article.lang, "en");
  EXPECT_FALSE(article.is_lang_from_metadata);
}

TEST(HtmlReader, JsonLdArticleBodyStandsInWhenThePageHasLittleText) {
  const std::string html = page(
      R"(<script type="application/ld+json">{"@type":"NewsArticle","articleBody":")" + kProse + " " + kProse + " " +
          kProse + R"("}</script>)",
      "<div id=app>Loading</div>");
  const Article article = extract(html);
  EXPECT_TRUE(contains(article.text, "The council met on Tuesday")) << article.text;
}

// ---- charsets --------------------------------------------------------------------

struct CharsetCase {
  const char* name;
  std::string html;
  std::string transport_charset;
  std::string expected_word;
};

class CharsetTest : public ::testing::TestWithParam<CharsetCase> {};

TEST_P(CharsetTest, ConvertsToUtf8) {
  const CharsetCase& row = GetParam();
  HtmlExtractionOptions options;
  options.transport_charset = row.transport_charset;
  const Article article = extract(row.html, options);
  EXPECT_TRUE(contains(article.text, row.expected_word)) << article.text;
}

const std::string kLatinBody = "<article><p>L'\xE9t\xE9 \xE0 B\xE9ni-Mellal, \x93" "caf\xE9\x94 " + kProse +
                               "</p><p>" + kProse + "</p><p>" + kProse + "</p></article>";

INSTANTIATE_TEST_SUITE_P(
    Html, CharsetTest,
    ::testing::Values(
        CharsetCase{"meta_windows1252", page(R"(<meta charset="windows-1252">)", kLatinBody), "",
                    "L'\xC3\xA9t\xC3\xA9 \xC3\xA0 B\xC3\xA9ni-Mellal"},
        // Latin-1 labels are decoded as windows-1252, so 0x93/0x94 are curly quotes.
        CharsetCase{"meta_latin1_http_equiv",
                    page(R"(<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">)", kLatinBody),
                    "", "\xE2\x80\x9C" "caf\xC3\xA9\xE2\x80\x9D"},
        CharsetCase{"transport_wins", page(R"(<meta charset="utf-8">)", kLatinBody), "iso-8859-1",
                    "B\xC3\xA9ni-Mellal"},
        CharsetCase{"undeclared_invalid_utf8", page("", kLatinBody), "", "B\xC3\xA9ni-Mellal"},
        CharsetCase{"undeclared_utf8", page("", "<article><p>Caf\xC3\xA9 " + kProse + "</p></article>"), "",
                    "Caf\xC3\xA9"},
        CharsetCase{"bad_bytes_in_utf8_page",
                    page(R"(<meta charset="utf-8">)", "<article><p>Caf\xC3 " + kProse + "</p></article>"), "",
                    "Caf\xEF\xBF\xBD"}),
    [](const ::testing::TestParamInfo<CharsetCase>& info) { return std::string(info.param.name); });

TEST(HtmlCharset, FindsMetaDeclarations) {
  EXPECT_EQ(html::find_meta_charset(R"(<meta charset="UTF-8">)"), "utf-8");
  EXPECT_EQ(html::find_meta_charset(R"(<META HTTP-EQUIV="content-type" CONTENT="text/html; charset=iso-8859-15">)"),
            "iso-8859-15");
  EXPECT_EQ(html::find_meta_charset(R"(<!-- <meta charset="koi8-r"> --><p>no meta</p>)"), "");
  EXPECT_EQ(html::canonical_charset("Latin1"), "windows-1252");
  EXPECT_EQ(html::canonical_charset("UTF8"), "utf-8");
}

// ---- robustness --------------------------------------------------------------------

TEST(HtmlReader, DeeplyNestedHtmlDoesNotCrash) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>" + kProse + "</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  const Article article = extract(html);
  EXPECT_TRUE(contains(article.text, "The council met")) << article.text.substr(0, 200);
}

TEST(HtmlReader, PrepareForParsingBoundsDepthAndDropsScripts) {
  EXPECT_FALSE(html::prepare_for_parsing("<div><p>a<p>b<li>c<li>d</div>").has_value());
  std::string deep;
  for (int i = 0; i < 10; ++i) deep += "<div>";
  const auto bounded = html::prepare_for_parsing(deep + "x", 4);
  ASSERT_TRUE(bounded.has_value());
  EXPECT_EQ(*bounded, "<div><div><div><div>x");
  const auto stripped = html::prepare_for_parsing(
      "<p>a<!-- note --><script>if (a<b) x();</script><style>p{}</style>"
      "<script type=\"application/ld+json\">{}</script>b</p>");
  ASSERT_TRUE(stripped.has_value());
  EXPECT_EQ(*stripped, "<p>a<script></script><style></style><script type=\"application/ld+json\">{}</script>b</p>");
}

TEST(HtmlReader, MalformedHtmlGetsBestEffort) {
  const std::string html = "<html><body><div class=content><p>" + kProse + "<p>" + kProse +
                           "<b><i>unclosed</b> tags</i><table><tr><td>" + kProse + "</div></span></body>";
  const Article article = extract(html);
  EXPECT_TRUE(contains(article.text, "The council met")) << article.text;
  EXPECT_TRUE(contains(article.text, "unclosed tags")) << article.text;
}

struct BadInputCase {
  const char* name;
  std::string bytes;
  const char* message_part;
};

class BadInputTest : public ::testing::TestWithParam<BadInputCase> {};

TEST_P(BadInputTest, IsAnErrorNamingTheFile) {
  const BadInputCase& row = GetParam();
  auto article = extract_article_from_html(row.bytes, "crawl/page-17.html");
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(article.error().file, "crawl/page-17.html");
  EXPECT_TRUE(contains(article.error().to_string(), row.message_part)) << article.error().to_string();
  EXPECT_TRUE(contains(article.error().to_string(), "crawl/page-17.html"));
}

INSTANTIATE_TEST_SUITE_P(
    Html, BadInputTest,
    ::testing::Values(BadInputCase{"empty", "", "empty"}, BadInputCase{"blank", "  \n\t ", "empty"},
                      BadInputCase{"binary", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "binary"},
                      BadInputCase{"no_text", "<html><body><script>x()</script><img src=a></body></html>",
                                   "no readable text"}),
    [](const ::testing::TestParamInfo<BadInputCase>& info) { return std::string(info.param.name); });

TEST(HtmlReader, ReaderReportsBadPageAndEmitsGoodOne) {
  HtmlReader reader;
  CollectingSink sink;
  std::vector<Article> articles;
  const auto emit = [&](Article&& article) { articles.push_back(std::move(article)); };
  auto good = make_memory_source(page("<title>Good page title here</title>", "<article>" + article_paragraphs(3) + "</article>"));
  EXPECT_TRUE(reader.read(*good, ReadContext{"good.html"}, emit, sink).ok());
  auto bad = make_memory_source("");
  EXPECT_TRUE(reader.read(*bad, ReadContext{"bad.html"}, emit, sink).ok());
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].source_file, "good.html");
  EXPECT_EQ(articles[0].format, "html");
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].file, "bad.html");
}

// ---- fragments ------------------------------------------------------------------------

struct FragmentCase {
  std::string html;
  std::string expected;
};

class FragmentTest : public ::testing::TestWithParam<FragmentCase> {};

TEST_P(FragmentTest, ToText) { EXPECT_EQ(html_fragment_to_text(GetParam().html), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Html, FragmentTest,
    ::testing::Values(FragmentCase{"<p>One</p><p>Two</p>", "One\n\nTwo"},
                      FragmentCase{"a<br>b", "a\nb"},
                      FragmentCase{"<b>bold</b><i>ital</i> <a href=x>link</a>", "boldital link"},
                      FragmentCase{"L&#39;ONU &amp; l&rsquo;UA", "L'ONU & l\xE2\x80\x99UA"},
                      FragmentCase{"<script>alert(1)</script><style>p{}</style>kept", "kept"},
                      FragmentCase{"  plain   text\n\nsecond  ", "plain text\n\nsecond"},
                      FragmentCase{"<ul><li>a</li><li>b</li></ul>", "a\n\nb"}, FragmentCase{"", ""}));

TEST(HtmlMetadata, NormalisesIsoDates) {
  const std::map<std::string, std::string> rows = {
      {"2019-11-08", "2019-11-08"},
      {"2019-11-08T10:30:00+01:00", "2019-11-08T10:30:00+01:00"},
      {"2019-11-08 10:30", "2019-11-08T10:30:00"},
      {"2019-11-08T10:30:00.123Z", "2019-11-08T10:30:00.123Z"},
      {"2019-13-08", ""},
      {"November 8, 2019", ""},
  };
  for (const auto& [input, expected] : rows) EXPECT_EQ(html::normalise_iso_date(input), expected) << input;
}

// ---- real pages ----------------------------------------------------------------------

// Word 4-gram F1, as the scrapinghub benchmark computes it (words: \w+ runs).
double shingle_f1(const std::string& expected, const std::string& predicted) {
  const auto shingles = [](const std::string& text) {
    static const std::regex kWord(R"([^\s!-/:-@\[-^`{-~]+)");  // approximation: non-space, non-ASCII-punctuation
    std::vector<std::string> words;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kWord); it != std::sregex_iterator(); ++it)
      words.push_back(it->str());
    std::map<std::string, int> counts;
    for (size_t i = 0; i + 4 <= words.size(); ++i) ++counts[words[i] + " " + words[i + 1] + " " + words[i + 2] + " " + words[i + 3]];
    return counts;
  };
  const auto truth = shingles(expected), guess = shingles(predicted);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [key, count] : truth) {
    const int other = guess.count(key) ? guess.at(key) : 0;
    tp += std::min(count, other);
    fn += std::max(0, count - other);
  }
  for (const auto& [key, count] : guess) fp += std::max(0, count - (truth.count(key) ? truth.at(key) : 0));
  if (tp == 0) return 0;
  const double precision = tp / (tp + fp), recall = tp / (tp + fn);
  return 2 * precision * recall / (precision + recall);
}

std::string gunzip_file(const std::string& path) {
  std::string out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return out;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(read));
  gzclose(file);
  return out;
}

TEST(HtmlReader, RealPagesMatchGroundTruth) {
  const std::string dir = std::string(VIGIE_SHARED_DIR) + "/data/article-extraction-dev";
  std::ifstream in(dir + "/ground-truth.json");
  if (!in) GTEST_SKIP() << "no " << dir;
  const nlohmann::json truth = nlohmann::json::parse(in);
  std::vector<std::string> ids;
  for (const auto& [id, entry] : truth.items()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  // Every 15th page: a fixed, spread sample rather than hand-picked easy ones.
  for (size_t i = 0; i < ids.size(); i += 15) {
    const std::string html = gunzip_file(dir + "/html/" + ids[i] + ".html.gz");
    ASSERT_FALSE(html.empty()) << ids[i];
    auto article = extract_article_from_html(html, ids[i]);
    ASSERT_TRUE(article.ok()) << article.error().to_string();
    EXPECT_GT(shingle_f1(truth[ids[i]].value("articleBody", ""), article->text), 0.8) << ids[i];
  }
}

}  // namespace
}  // namespace vigie::ingest
