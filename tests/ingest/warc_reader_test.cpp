#include "ingest/warc_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ingest/html_reader.h"

namespace vigie::ingest {
namespace {

using ::testing::HasSubstr;

// --- Building WARC bytes -----------------------------------------------------------

using HeaderList = std::vector<std::pair<std::string, std::string>>;

std::string warc_record(const std::string& type, const HeaderList& headers, const std::string& block) {
  std::string record = "WARC/1.1\r\nWARC-Type: " + type + "\r\n";
  for (const auto& [name, value] : headers) record += name + ": " + value + "\r\n";
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record += block;
  record += "\r\n\r\n";
  return record;
}

std::string http_response(const std::string& status_line, const HeaderList& headers, const std::string& body) {
  std::string message = status_line + "\r\n";
  for (const auto& [name, value] : headers) message += name + ": " + value + "\r\n";
  return message + "\r\n" + body;
}

std::string response_record(const std::string& uri, const std::string& http_message) {
  return warc_record("response",
                     {{"WARC-Target-URI", uri},
                      {"WARC-Date", "2023-03-01T12:00:00Z"},
                      {"WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-" + std::to_string(uri.size()) + ">"},
                      {"Content-Type", "application/http; msgtype=response"}},
                     http_message);
}

std::string chunked(const std::string& body, size_t chunk_bytes) {
  std::string out;
  for (size_t pos = 0; pos < body.size(); pos += chunk_bytes) {
    std::string piece = body.substr(pos, chunk_bytes);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
    out += size_line + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// window_bits 31: gzip, 15: zlib, -15: raw deflate.
std::string compress(const std::string& bytes, int window_bits) {
  z_stream stream;
  std::memset(&stream, 0, sizeof stream);
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string page(const std::string& title, const std::string& paragraph) {
  return "<!DOCTYPE html><html><head><title>" + title + "</title>"
         "<meta property=\"article:published_time\" content=\"2023-02-27T08:00:00+01:00\"></head>"
         "<body><article><h1>" + title + "</h1><p>" + paragraph + "</p><p>" + paragraph +
         " Les habitants attendent la suite.</p></article></body></html>";
}

const std::string kPageNiamey = page("Niamey : le pont rouvre", "Le pont Kennedy a rouvert mardi à la circulation.");
// Latin-1 bytes, announced by the HTTP charset: "é" is 0xE9.
const std::string kPageMopti = page("Mopti : la crue est arriv\xE9" "e", "La crue du fleuve a atteint Mopti samedi.");
const std::string kPageKayes = page("Kayes : rentrée scolaire", "Les écoles de Kayes ont rouvert lundi.");
const std::string kPageGao = page("Gao : un nouveau marché", "Un marché couvert a ouvert à Gao.");

// --- Running the reader --------------------------------------------------------------

struct WarcRun {
  Status status;
  std::vector<Article> articles;
  CollectingSink sink;

  std::vector<std::string> error_lines() const {
    std::vector<std::string> lines;
    for (const Error& error : sink.errors) lines.push_back(error.to_string());
    return lines;
  }
  const Article* article_from(const std::string& source_file) const {
    for (const Article& article : articles) {
      if (article.source_file == source_file) return &article;
    }
    return nullptr;
  }
};

WarcRun read_warc(std::string bytes, const std::string& display_path = "warc/test.warc") {
  WarcRun run;
  std::unique_ptr<ByteSource> source = make_memory_source(std::move(bytes));
  WarcReader reader;
  run.status = reader.read(*source, ReadContext{display_path},
                           [&](Article&& article) { run.articles.push_back(std::move(article)); }, run.sink);
  return run;
}

// The WARC reader must give the HTML extractor exactly the decoded page, the HTTP
// charset and the target URI: the article it emits is then the one the extractor
// makes from the plain page, or the extractor's error is reported for that record.
void expect_extracted(const WarcRun& run, const std::string& display, const std::string& html,
                      const std::string& charset, const std::string& uri) {
  HtmlExtractionOptions options;
  options.transport_charset = charset;
  options.fetched_url = uri;
  Result<Article> expected = extract_article_from_html(html, display, options);
  const Article* article = run.article_from(display);
  if (!expected.ok()) {
    EXPECT_EQ(article, nullptr) << display;
    EXPECT_THAT(run.error_lines(), ::testing::Contains(expected.error().to_string())) << display;
    return;
  }
  ASSERT_NE(article, nullptr) << display;
  EXPECT_EQ(article->format, "warc");
  EXPECT_EQ(article->title, expected->title) << display;
  EXPECT_EQ(article->text, expected->text) << display;
  EXPECT_EQ(article->url, expected->url.empty() ? uri : expected->url) << display;
  // WARC-Date (2023-03-01) is the crawl date; only the page's own date may be used.
  EXPECT_EQ(article->published, expected->published) << display;
  EXPECT_FALSE(expected->text.empty()) << display;
}

// Records that hold no article must leave no trace: neither an article nor a report.
size_t html_outcomes(const WarcRun& run) { return run.articles.size() + run.sink.errors.size(); }

TEST(WarcReaderTest, MixedRecords) {
  std::string bytes;
  bytes += warc_record("warcinfo", {{"Content-Type", "application/warc-fields"}},
                       "software: vigie-test\r\nformat: WARC File Format 1.1\r\n");  // record 1
  bytes += warc_record("request", {{"WARC-Target-URI", "https://niamey.example/pont"}},
                       "GET /pont HTTP/1.1\r\nHost: niamey.example\r\n\r\n");  // record 2
  bytes += response_record("https://niamey.example/pont",
                           http_response("HTTP/1.1 200 OK", {{"Content-Type", "text/html; charset=UTF-8"}},
                                         kPageNiamey));  // record 3
  bytes += response_record("https://niamey.example/logo.png",
                           http_response("HTTP/1.1 200 OK", {{"Content-Type", "image/png"}},
                                         std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));  // record 4
  bytes += response_record("https://mopti.example/crue",
                           http_response("HTTP/1.1 200 OK",
                                         {{"Content-Type", "text/html; charset=\"ISO-8859-1\""},
                                          {"Content-Encoding", "gzip"},
                                          {"Transfer-Encoding", "chunked"}},
                                         chunked(compress(kPageMopti, 31), 100)));  // record 5
  bytes += response_record("https://mopti.example/old",
                           http_response("HTTP/1.1 301 Moved Permanently",
                                         {{"Location", "https://mopti.example/crue"}, {"Content-Type", "text/html"}},
                                         "<html><body>Moved</body></html>"));  // record 6
  bytes += warc_record("metadata", {{"WARC-Target-URI", "https://mopti.example/crue"}},
                       "fetchTimeMs: 120\r\n");  // record 7
  bytes += warc_record("resource",
                       {{"WARC-Target-URI", "https://kayes.example/rentree"},
                        {"Content-Type", "text/html; charset=utf-8"}},
                       kPageKayes);  // record 8
  bytes += response_record("https://gao.example/marche",
                           http_response("HTTP/1.1 200 OK",
                                         {{"Content-Type", "application/xhtml+xml"}, {"Content-Encoding", "deflate"}},
                                         compress(kPageGao, -15)));  // record 9: raw deflate
  bytes += response_record("https://gao.example/style.css",
                           http_response("HTTP/1.1 200 OK", {{"Content-Type", "text/css"}}, "p { margin: 0 }"));

  WarcRun run = read_warc(bytes);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  expect_extracted(run, "warc/test.warc#record3", kPageNiamey, "UTF-8", "https://niamey.example/pont");
  expect_extracted(run, "warc/test.warc#record5", kPageMopti, "ISO-8859-1", "https://mopti.example/crue");
  expect_extracted(run, "warc/test.warc#record8", kPageKayes, "utf-8", "https://kayes.example/rentree");
  expect_extracted(run, "warc/test.warc#record9", kPageGao, "", "https://gao.example/marche");
  EXPECT_EQ(html_outcomes(run), 4u) << ::testing::PrintToString(run.error_lines());
}

TEST(WarcReaderTest, CommonCrawlBodiesAlreadyDecoded) {
  // Common Crawl stores bodies de-chunked and uncompressed but some crawlers keep the
  // original headers; the reader must then use the bytes as they are.
  std::string bytes = response_record(
      "https://niamey.example/pont",
      http_response("HTTP/1.1 200 OK",
                    {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}},
                    kPageNiamey));
  WarcRun run = read_warc(bytes);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  expect_extracted(run, "warc/test.warc#record1", kPageNiamey, "", "https://niamey.example/pont");
  EXPECT_EQ(html_outcomes(run), 1u);
}

TEST(WarcReaderTest, TruncatedLastRecordKeepsEarlierArticles) {
  std::string first = response_record(
      "https://niamey.example/pont", http_response("HTTP/1.1 200 OK", {{"Content-Type", "text/html"}}, kPageNiamey));
  std::string second = warc_record("resource", {{"Content-Type", "text/html"}}, kPageKayes);
  std::string header = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n";
  std::string bytes = first + second + header + std::string(1200, 'x');

  WarcRun run = read_warc(bytes);
  ASSERT_FALSE(run.status.ok());
  EXPECT_EQ(run.status.error().to_string(), "warc/test.warc:record 3 (offset " +
                                                std::to_string(first.size() + second.size()) +
                                                "): truncated record: expected 5000 bytes, got 1200");
  expect_extracted(run, "warc/test.warc#record1", kPageNiamey, "", "https://niamey.example/pont");
  expect_extracted(run, "warc/test.warc#record2", kPageKayes, "", "");
  EXPECT_EQ(html_outcomes(run), 2u);
}

TEST(WarcReaderTest, TruncatedInsideHeaders) {
  std::string first = warc_record("resource", {{"Content-Type", "text/html"}}, kPageKayes);
  WarcRun run = read_warc(first + "WARC/1.0\r\nWARC-Type: response\r\nContent-Len");
  ASSERT_FALSE(run.status.ok());
  EXPECT_EQ(run.status.error().to_string(),
            "warc/test.warc:record 2 (offset " + std::to_string(first.size()) +
                "): truncated record: the input ends inside the WARC headers");
  EXPECT_EQ(html_outcomes(run), 1u);
}

TEST(WarcReaderTest, GarbageBetweenRecordsIsSkipped) {
  std::string first = warc_record("resource", {{"Content-Type", "text/html"}}, kPageNiamey);
  std::string garbage = "this is not a WARC record\r\n\x01\x02 binary junk\r\nmore junk\n";
  std::string second = warc_record("resource", {{"Content-Type", "text/html"}}, kPageKayes);

  WarcRun run = read_warc(first + garbage + second);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  EXPECT_THAT(run.error_lines(),
              ::testing::Contains("warc/test.warc:offset " + std::to_string(first.size()) +
                                  ": expected a WARC/1.x version line, found \"this is not a WARC record\"; "
                                  "skipping to the next record"));
  // The garbage is one report, not one per line, and the next record is record 2.
  expect_extracted(run, "warc/test.warc#record1", kPageNiamey, "", "");
  expect_extracted(run, "warc/test.warc#record2", kPageKayes, "", "");
  EXPECT_EQ(html_outcomes(run), 3u);
}

TEST(WarcReaderTest, BadRecordsAreReportedAndReadingGoesOn) {
  struct Row {
    std::string name;
    std::string bad_record;
    std::string expected_error;  // after "warc/test.warc:record 2 (offset N): "
  };
  const std::vector<Row> rows = {
      {"letters in Content-Length",
       "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 12ab\r\n\r\n<p>x</p>\r\n\r\n",
       "bad Content-Length \"12ab\"; skipping to the next record"},
      {"negative Content-Length",
       "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: -5\r\n\r\n<p>x</p>\r\n\r\n",
       "bad Content-Length \"-5\"; skipping to the next record"},
      {"no Content-Length", "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n\r\n",
       "no Content-Length; skipping to the next record"},
      {"unknown Content-Encoding",
       response_record("https://x.example/a", http_response("HTTP/1.1 200 OK",
                                                            {{"Content-Type", "text/html"}, {"Content-Encoding", "br"}},
                                                            "\x1b\x02\x03 brotli bytes")),
       "Content-Encoding \"br\" is not supported; record skipped"},
      {"gzip that does not inflate",
       response_record("https://x.example/a",
                       http_response("HTTP/1.1 200 OK", {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}},
                                     "\x1f\x8b\x08\x04 not really gzip")),
       "Content-Encoding gzip body does not decompress; record skipped"},
  };
  std::string first = warc_record("resource", {{"Content-Type", "text/html"}}, kPageNiamey);
  std::string last = warc_record("resource", {{"Content-Type", "text/html"}}, kPageKayes);
  for (const Row& row : rows) {
    WarcRun run = read_warc(first + row.bad_record + last);
    ASSERT_TRUE(run.status.ok()) << row.name << ": " << run.status.error().to_string();
    EXPECT_THAT(run.error_lines(), ::testing::Contains("warc/test.warc:record 2 (offset " +
                                                       std::to_string(first.size()) + "): " + row.expected_error))
        << row.name;
    expect_extracted(run, "warc/test.warc#record1", kPageNiamey, "", "");
    expect_extracted(run, "warc/test.warc#record3", kPageKayes, "", "");
    EXPECT_EQ(html_outcomes(run), 3u) << row.name << ": " << ::testing::PrintToString(run.error_lines());
  }
}

TEST(WarcReaderTest, ExtractionFailureInOneRecordDoesNotStopTheOthers) {
  std::string first = warc_record("resource", {{"Content-Type", "text/html"}}, kPageNiamey);
  // Announced as HTML, but binary: the extractor refuses it.
  std::string binary = warc_record("resource", {{"Content-Type", "text/html"}}, std::string(300, '\0'));
  std::string last = warc_record("resource", {{"Content-Type", "text/html"}}, kPageKayes);
  WarcRun run = read_warc(first + binary + last);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  expect_extracted(run, "warc/test.warc#record2", std::string(300, '\0'), "", "");
  expect_extracted(run, "warc/test.warc#record1", kPageNiamey, "", "");
  expect_extracted(run, "warc/test.warc#record3", kPageKayes, "", "");
  EXPECT_EQ(run.article_from("warc/test.warc#record2"), nullptr);
}

TEST(WarcReaderTest, OversizedRecordIsReported) {
  std::string header = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: " +
                       std::to_string(kMaxRecordBytes + 1) + "\r\n\r\n<html>";
  WarcRun run = read_warc(header);
  EXPECT_THAT(run.error_lines(),
              ::testing::Contains(HasSubstr("larger than the " + std::to_string(kMaxRecordBytes >> 20) +
                                            " MiB limit; skipped")));
  ASSERT_FALSE(run.status.ok());
  EXPECT_THAT(run.status.error().message, HasSubstr("truncated record"));
}

TEST(WarcReaderTest, LineEndingsAndHeaderCaseAreTolerated) {
  // Some tools write LF only and lowercase header names.
  std::string block = http_response("HTTP/1.0 200 OK", {{"content-type", "TEXT/HTML"}}, kPageGao);
  std::string bytes = "WARC/1.0\nwarc-type: response\nwarc-target-uri: <https://gao.example/m>\ncontent-length: " +
                      std::to_string(block.size()) + "\n\n" + block + "\n\n";
  WarcRun run = read_warc(bytes);
  ASSERT_TRUE(run.status.ok()) << run.status.error().to_string();
  expect_extracted(run, "warc/test.warc#record1", kPageGao, "", "https://gao.example/m");
  EXPECT_EQ(html_outcomes(run), 1u);
}

std::string fixture(const std::string& name) {
  std::ifstream file(std::string(VIGIE_SOURCE_DIR) + "/tests/ingest/data/warc/" + name, std::ios::binary);
  EXPECT_TRUE(file) << name;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

TEST(WarcReaderTest, CommonCrawlGzipMemberPerRecordReadsLikePlainWarc) {
  WarcRun plain = read_warc(fixture("two_pages.warc"), "warc/two_pages.warc");
  ASSERT_TRUE(plain.status.ok()) << plain.status.error().to_string();
  EXPECT_EQ(html_outcomes(plain), 2u);

  std::string packed = fixture("two_pages.warc.gz");
  ASSERT_EQ(detect_compression(packed), Compression::kGzip);
  std::unique_ptr<ByteSource> source =
      make_decompressing_source(make_memory_source(packed), Compression::kGzip, "warc/two_pages.warc");
  WarcRun unpacked;
  WarcReader reader;
  unpacked.status = reader.read(*source, ReadContext{"warc/two_pages.warc"},
                                [&](Article&& article) { unpacked.articles.push_back(std::move(article)); },
                                unpacked.sink);
  ASSERT_TRUE(unpacked.status.ok()) << unpacked.status.error().to_string();
  EXPECT_EQ(unpacked.error_lines(), plain.error_lines());
  ASSERT_EQ(unpacked.articles.size(), plain.articles.size());
  for (size_t i = 0; i < plain.articles.size(); ++i) {
    EXPECT_EQ(unpacked.articles[i].source_file, plain.articles[i].source_file);
    EXPECT_EQ(unpacked.articles[i].text, plain.articles[i].text);
  }
}

TEST(WarcReaderTest, EmptyAndNonWarcInput) {
  WarcRun empty = read_warc("");
  EXPECT_TRUE(empty.status.ok());
  EXPECT_TRUE(empty.articles.empty());
  EXPECT_TRUE(empty.sink.errors.empty());

  WarcRun garbage = read_warc(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(200000, 'z'));
  EXPECT_TRUE(garbage.status.ok());
  EXPECT_TRUE(garbage.articles.empty());
  EXPECT_EQ(garbage.sink.errors.size(), 1u);
}

}  // namespace
}  // namespace vigie::ingest
