#include "ingest/feed_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/html_reader.h"

namespace vigie::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Text the reader should produce from HTML content. The HTML converter belongs to the
// HTML reader and has its own tests; here only what the feed reader hands it counts.
std::string from_html(std::string_view markup) { return html_fragment_to_text(markup); }

struct FeedRun {
  Status status;
  std::vector<Article> articles;
  CollectingSink sink;

  std::vector<std::string> error_lines() const {
    std::vector<std::string> lines;
    for (const Error& error : sink.errors) lines.push_back(error.to_string());
    return lines;
  }
};

FeedRun read_feed_bytes(std::string bytes, const std::string& display_path = "feeds/test.xml") {
  FeedRun run;
  std::unique_ptr<ByteSource> source = make_memory_source(std::move(bytes));
  FeedReader reader;
  run.status = reader.read(*source, ReadContext{display_path},
                           [&](Article&& article) { run.articles.push_back(std::move(article)); }, run.sink);
  return run;
}

FeedRun read_feed_file(const std::string& name) {
  std::ifstream file(std::string(VIGIE_SOURCE_DIR) + "/tests/ingest/data/feeds/" + name, std::ios::binary);
  EXPECT_TRUE(file) << name;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return read_feed_bytes(bytes.str(), "feeds/" + name);
}

// The metadata of an article on one line, so rows stay readable.
std::string metadata(const Article& article) {
  return article.title + " | " + article.url + " | " + article.author + " | " + article.published + " | " +
         article.lang;
}

TEST(FeedReaderTest, RssWithContentEncoded) {
  FeedRun run = read_feed_file("rss_content_encoded.xml");
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  ASSERT_EQ(run.articles.size(), 3u);

  const Article& first = run.articles[0];
  EXPECT_EQ(metadata(first),
            "Niamey : le marché central rouvre ses portes | https://courrier-sahel.example/2022/11/marche-central | "
            "Aïssa Maïga, Paul Ndiaye | 2022-11-14T10:31:00+01:00 | fr");
  EXPECT_EQ(first.source_id, "cs-2022-1114-001");
  EXPECT_EQ(first.site, "Le Courrier du Sahel");
  EXPECT_EQ(first.format, "rss");
  EXPECT_EQ(first.source_file, "feeds/rss_content_encoded.xml#item1");
  // Feed language is a hint, not a fact: the text stage still runs CLD2.
  EXPECT_FALSE(first.is_lang_from_metadata);
  // content:encoded wins over the teaser in <description> and over media:description.
  EXPECT_EQ(first.text, from_html("<p>Le marché central de Niamey a rouvert lundi.</p>"
                                  "<p>« Nous attendions ce jour », a déclaré une commerçante.</p>"));

  // Item 2 has a bad date: kept, undated, reported.
  EXPECT_EQ(run.articles[1].source_file, "feeds/rss_content_encoded.xml#item2");
  EXPECT_EQ(run.articles[1].published, "");
  EXPECT_EQ(run.articles[1].text, from_html("<p>Les dernières pluies sont tombées samedi.</p>"));

  // Item 3 is empty and skipped; item 4 keeps its number, takes its URL from a
  // permalink guid, its date from dc:date, and its text from an escaped description.
  const Article& fourth = run.articles[2];
  EXPECT_EQ(fourth.source_file, "feeds/rss_content_encoded.xml#item4");
  EXPECT_EQ(metadata(fourth),
            "Zinder : nouvelle école inaugurée | https://courrier-sahel.example/2023/03/ecole |  | "
            "2023-03-02T08:15:00+00:00 | fr");
  EXPECT_EQ(fourth.text, from_html("<p>Une école de six classes a été inaugurée jeudi.</p>"));

  EXPECT_EQ(run.error_lines(),
            (std::vector<std::string>{
                "feeds/rss_content_encoded.xml#item2: pubDate \"31/02/2023\" is not a date; article kept undated",
                "feeds/rss_content_encoded.xml#item3: item has no title and no text; skipped"}));
}

TEST(FeedReaderTest, RssWithOnlyDescription) {
  FeedRun run = read_feed_file("rss_description_only.xml");
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  ASSERT_EQ(run.articles.size(), 2u);
  EXPECT_EQ(metadata(run.articles[0]),
            "Ferry service resumes after storm | https://harbour-gazette.example/news/ferry-resumes | Jane Porter | "
            "2022-11-15T18:05:00+00:00 | en");
  EXPECT_EQ(run.articles[0].site, "Harbour Gazette");
  EXPECT_EQ(run.articles[0].text, from_html("<p>The morning ferry left on time on Tuesday.</p>"
                                            "<p>Operators said the pier was repaired overnight.</p>"));
  // A title escaped twice reaches the HTML converter, which decodes the second layer.
  EXPECT_EQ(run.articles[1].title, from_html("Council &amp; port agree on budget"));
  EXPECT_EQ(run.articles[1].published, "2022-11-16T07:00:00-05:00");
  EXPECT_TRUE(run.sink.errors.empty());
}

TEST(FeedReaderTest, AtomWithHtmlXhtmlAndTextContent) {
  FeedRun run = read_feed_file("atom.xml");
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  ASSERT_EQ(run.articles.size(), 3u);

  const Article& html_entry = run.articles[0];
  EXPECT_EQ(metadata(html_entry), from_html("Bol : <em>reprise</em> de la pêche") +
                                      " | https://veille-tchad.example/2022/11/bol-peche | Moussa Abakar | "
                                      "2022-11-18T09:00:00+01:00 | fr");
  EXPECT_EQ(html_entry.format, "atom");
  EXPECT_EQ(html_entry.site, "Veille Lac Tchad");
  EXPECT_EQ(html_entry.source_id, "urn:uuid:5b1d0e3e-0001");
  EXPECT_EQ(html_entry.source_file, "feeds/atom.xml#item1");
  EXPECT_EQ(html_entry.text, from_html("<p>Les pêcheurs de Bol ont repris la mer mardi.</p>"
                                       "<p>Le niveau du lac est remonté.</p>"));

  // xhtml content is inline XML: serialised back to HTML. No <published>, so <updated>;
  // no author, so the feed's; xml:lang on the entry overrides the feed's.
  const Article& xhtml_entry = run.articles[1];
  EXPECT_EQ(metadata(xhtml_entry),
            "Baga Sola market reopens | https://veille-tchad.example/2022/11/baga-sola | Rédaction Veille | "
            "2022-11-19T16:30:00+00:00 | en");
  EXPECT_EQ(xhtml_entry.text,
            from_html("<p>Traders returned to <b>Baga Sola</b> on Saturday.</p><p>Prices of millet fell.</p>"));

  // A summary of type text is plain text; the only link is not rel=alternate but is
  // still the best URL there is.
  const Article& summary_entry = run.articles[2];
  EXPECT_EQ(metadata(summary_entry),
            "Note brève | https://veille-tchad.example/related | Rédaction Veille | 2022-11-20 | fr");
  EXPECT_EQ(summary_entry.text, "Une réunion est prévue à N'Djamena.");
  EXPECT_TRUE(run.sink.errors.empty());
}

TEST(FeedReaderTest, Rss1Rdf) {
  FeedRun run = read_feed_file("rdf.xml");
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  ASSERT_EQ(run.articles.size(), 1u);
  EXPECT_EQ(metadata(run.articles[0]),
            "La crue du fleuve atteint Mopti | https://bulletin-delta.example/2022/crue | Fatou Traoré | "
            "2022-10-03 | fr");
  EXPECT_EQ(run.articles[0].source_id, "https://bulletin-delta.example/2022/crue");
  EXPECT_EQ(run.articles[0].site, "Bulletin du Delta");
  EXPECT_EQ(run.articles[0].format, "rss");
}

TEST(FeedReaderTest, MalformedXmlNamesTheLine) {
  FeedRun run = read_feed_file("malformed.xml");
  ASSERT_FALSE(run.status.ok());
  EXPECT_THAT(run.status.error().to_string(), StartsWith("feeds/malformed.xml:10: XML error: "));
  EXPECT_THAT(run.status.error().to_string(), HasSubstr("; no article read"));
  EXPECT_EQ(run.status.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(run.articles.empty());
}

TEST(FeedReaderTest, InputThatIsNotAFeed) {
  static const char kGarbage[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\x00<<>>&&";
  struct Row {
    std::string name;
    std::string bytes;
    std::string expected_error;
  };
  const std::vector<Row> rows = {
      {"empty", "", "feeds/test.xml: empty file; no article read"},
      {"blank", "  \n\r\n", "feeds/test.xml: empty file; no article read"},
      {"html", "<html><body><p>Bonjour</p></body></html>",
       "feeds/test.xml:1: not an RSS or Atom feed: the root element is <html>; no article read"},
      {"truncated", "<?xml version=\"1.0\"?>\n<rss>\n<channel>\n<item><title>Coupé",
       "feeds/test.xml:4: XML error: "},
      {"binary garbage", std::string(kGarbage, sizeof kGarbage - 1), "feeds/test.xml:"},
  };
  for (const Row& row : rows) {
    FeedRun run = read_feed_bytes(row.bytes);
    ASSERT_FALSE(run.status.ok()) << row.name;
    EXPECT_THAT(run.status.error().to_string(), StartsWith(row.expected_error)) << row.name;
    EXPECT_TRUE(run.articles.empty()) << row.name;
  }
}

// Small feeds for one behaviour each: what the reader must take, and what it must leave.
TEST(FeedReaderTest, ItemFieldRules) {
  struct Row {
    std::string name;
    std::string feed;
    std::string expected_metadata;  // title | url | author | published | lang
    std::string expected_markup;    // what goes to the HTML converter; "=" prefix: plain text
  };
  const std::string rss_open = "<rss version=\"2.0\"><channel><title>S</title>";
  const std::string rss_close = "</channel></rss>";
  const std::vector<Row> rows = {
      {"media:description is not the RSS description",
       rss_open +
           "<item xmlns:media=\"http://search.yahoo.com/mrss/\"><title>T</title><media:description>Légende"
           "</media:description><description>Corps</description></item>" + rss_close,
       "T |  |  |  | ", "Corps"},
      {"undeclared dc: prefix is still Dublin Core",
       rss_open + "<item><title>T</title><dc:creator>Awa Diallo</dc:creator><dc:date>2023-01-05</dc:date>"
                  "<description>x</description></item>" + rss_close,
       "T |  | Awa Diallo | 2023-01-05 | ", "x"},
      {"any prefix bound to the content namespace",
       rss_open + "<item xmlns:c=\"http://purl.org/rss/1.0/modules/content/\"><title>T</title>"
                  "<description>court</description><c:encoded>long</c:encoded></item>" + rss_close,
       "T |  |  |  | ", "long"},
      {"several CDATA runs are one text",
       rss_open + "<item><title>T</title><description><![CDATA[<p>a</p>]]><![CDATA[<p>b</p>]]></description></item>" +
           rss_close,
       "T |  |  |  | ", "<p>a</p><p>b</p>"},
      {"unescaped HTML in a description is serialised back",
       rss_open + "<item><title>T</title><description><p>Un <b>texte</b> &amp; plus</p></description></item>" +
           rss_close,
       "T |  |  |  | ", "<p>Un <b>texte</b> &amp; plus</p>"},
      {"guid with isPermaLink=false is not a URL",
       rss_open + "<item><title>T</title><guid isPermaLink=\"false\">https://x.example/1</guid>"
                  "<description>x</description></item>" + rss_close,
       "T |  |  |  | ", "x"},
      {"atom:link in RSS gives the URL",
       rss_open + "<item xmlns:atom=\"http://www.w3.org/2005/Atom\"><title>T</title>"
                  "<atom:link href=\"https://x.example/a\"/><description>x</description></item>" + rss_close,
       "T | https://x.example/a |  |  | ", "x"},
      {"a title alone is enough", rss_open + "<item><title>Titre seul</title></item>" + rss_close,
       "Titre seul |  |  |  | ", "=" },
      {"xml:lang on the channel",
       "<rss><channel xml:lang=\"en-GB\"><item><title>T</title></item></channel></rss>", "T |  |  |  | en", "="},
      {"Atom feed without its namespace declaration",
       "<feed><title>F</title><entry><title>T</title><link href=\"https://x.example/e\"/>"
       "<published>2022-11-14T10:31:00Z</published><content>Texte brut</content></entry></feed>",
       "T | https://x.example/e |  | 2022-11-14T10:31:00+00:00 | ", "=Texte brut"},
      {"Atom prefixed elements",
       "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"><a:entry><a:title>T</a:title>"
       "<a:summary type=\"html\">&lt;p&gt;Résumé&lt;/p&gt;</a:summary></a:entry></a:feed>",
       "T |  |  |  | ", "<p>Résumé</p>"},
      {"Atom out-of-line content falls back to the summary",
       "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>T</title>"
       "<content type=\"text/html\" src=\"https://x.example/c\"/><summary>Résumé</summary></entry></feed>",
       "T |  |  |  | ", "=Résumé"},
      {"Atom xhtml with prefixed elements",
       "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>T</title><content type=\"xhtml\">"
       "<x:div xmlns:x=\"http://www.w3.org/1999/xhtml\"><x:p>A &lt; B</x:p> <x:p>C</x:p></x:div></content>"
       "</entry></feed>",
       "T |  |  |  | ", "<p>A &lt; B</p> <p>C</p>"},
  };
  for (const Row& row : rows) {
    FeedRun run = read_feed_bytes(row.feed);
    ASSERT_TRUE(run.status.ok()) << row.name << ": " << run.status.error().to_string();
    ASSERT_EQ(run.articles.size(), 1u) << row.name;
    EXPECT_EQ(metadata(run.articles[0]), row.expected_metadata) << row.name;
    std::string expected_text =
        row.expected_markup.starts_with("=") ? row.expected_markup.substr(1) : from_html(row.expected_markup);
    EXPECT_EQ(run.articles[0].text, expected_text) << row.name;
    EXPECT_TRUE(run.sink.errors.empty()) << row.name;
  }
}

TEST(FeedReaderTest, Windows1252FeedIsConverted) {
  // Labelled Latin-1, written as Windows-1252: "é" is 0xE9, the curly apostrophe 0x92.
  std::string feed =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
      "<rss version=\"2.0\"><channel><title>Caf\xE9 du Port</title><item><title>L\x92\xE9t\xE9 s\x92\x61\x63h\xE8ve"
      "</title></item></channel></rss>";
  FeedRun run = read_feed_bytes(feed);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  ASSERT_EQ(run.articles.size(), 1u);
  EXPECT_EQ(run.articles[0].title, "L’été s’achève");
  EXPECT_EQ(run.articles[0].site, "Café du Port");
}

TEST(FeedReaderTest, Utf16FeedIsConverted) {
  std::string utf8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><item><title>Été</title></item>"
                     "</channel></rss>";
  // UTF-16LE with a BOM; every character here is in the BMP and the test builds the
  // code units by hand from the two-byte "É" and "é".
  std::string utf16 = "\xFF\xFE";
  for (size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3) {
      unsigned char next = static_cast<unsigned char>(utf8[++i]);
      utf16 += static_cast<char>(0xC0 | (next & 0x3F));
      utf16 += '\0';
    } else {
      utf16 += static_cast<char>(c);
      utf16 += '\0';
    }
  }
  FeedRun run = read_feed_bytes(utf16);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  ASSERT_EQ(run.articles.size(), 1u);
  EXPECT_EQ(run.articles[0].title, "Été");
}

TEST(FeedReaderTest, DeepNestingDoesNotOverflow) {
  std::string feed = "<rss><channel><item><title>T</title><description>";
  for (int i = 0; i < 100000; ++i) feed += "<b>";
  feed += "x";
  for (int i = 0; i < 100000; ++i) feed += "</b>";
  feed += "</description></item></channel></rss>";
  FeedRun run = read_feed_bytes(feed);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  EXPECT_EQ(run.articles.size(), 1u);
}

}  // namespace
}  // namespace vigie::ingest
