#include "ingest/jsonl_reader.h"

#include <gtest/gtest.h>

namespace vigie::ingest {
namespace {

struct ReadOutcome {
  std::vector<Article> articles;
  CollectingSink sink;
  Status status;
};

std::unique_ptr<ReadOutcome> read_lines(const std::string& bytes) {
  auto outcome = std::make_unique<ReadOutcome>();
  JsonLinesReader reader;
  auto source = make_memory_source(bytes);
  outcome->status = reader.read(*source, {"news.jsonl"},
                                [&](Article&& a) { outcome->articles.push_back(std::move(a)); }, outcome->sink);
  return outcome;
}

TEST(JsonLinesReaderTest, ReadsFieldsAndAliases) {
  auto out = read_lines(
      "{\"id\": \"a1\", \"url\": \"https://ex.org/1\", \"title\": \"T1\", \"published\": \"2022-11-15\", "
      "\"lang\": \"fr\", \"text\": \"Texte un.\"}\n"
      "{\"id\": 42, \"date\": \"2020-07-02\", \"title\": \"T2\", \"heading\": \"Chapeau.\", \"article\": \"Corps.\", "
      "\"author\": [{\"name\": \"A\"}, \"B\"]}\n");
  ASSERT_TRUE(out->status.ok());
  ASSERT_EQ(out->articles.size(), 2u);
  EXPECT_EQ(out->articles[0].source_id, "a1");
  EXPECT_EQ(out->articles[0].url, "https://ex.org/1");
  EXPECT_EQ(out->articles[0].lang, "fr");
  EXPECT_TRUE(out->articles[0].is_lang_from_metadata);
  EXPECT_EQ(out->articles[0].source_file, "news.jsonl#line1");
  EXPECT_EQ(out->articles[1].source_id, "42");
  EXPECT_EQ(out->articles[1].published, "2020-07-02");
  EXPECT_EQ(out->articles[1].text, "Chapeau.\n\nCorps.");
  EXPECT_EQ(out->articles[1].author, "A, B");
  EXPECT_TRUE(out->sink.errors.empty());
}

TEST(JsonLinesReaderTest, BadLinesAreReportedAndTheRestIsRead) {
  auto out = read_lines(
      "{\"text\": \"un\"}\n"
      "{\"text\": \"deux\"\n"          // truncated object
      "[1, 2]\n"                        // not an object
      "{\"title\": \"sans texte\"}\n"   // no text
      "{\"text\": \"bad \xff byte\"}\n" // invalid UTF-8
      "{\"text\": \"six\", \"published\": \"demain\"}\n"
      "\n"
      "{\"text\": \"huit\"}\n");
  ASSERT_TRUE(out->status.ok());
  ASSERT_EQ(out->articles.size(), 3u);
  EXPECT_EQ(out->articles[2].text, "huit");
  EXPECT_TRUE(out->articles[1].published.empty());
  ASSERT_EQ(out->sink.errors.size(), 5u);
  EXPECT_EQ(out->sink.errors[0].position, "2");
  EXPECT_EQ(out->sink.errors[1].position, "3");
  EXPECT_NE(out->sink.errors[2].message.find("no \"text\""), std::string::npos);
  EXPECT_NE(out->sink.errors[3].message.find("UTF-8"), std::string::npos) << out->sink.errors[3].message;
  EXPECT_EQ(out->sink.errors[4].to_string(),
            "news.jsonl:6: published \"demain\" is not an ISO 8601 date; article kept undated");
}

TEST(JsonLinesReaderTest, HugeLineIsSkipped) {
  std::string huge = "{\"text\": \"" + std::string(20u << 20, 'a') + "\"}\n";
  auto out = read_lines("{\"text\": \"avant\"}\n" + huge + "{\"text\": \"après\"}\n");
  ASSERT_TRUE(out->status.ok());
  ASSERT_EQ(out->articles.size(), 2u);
  ASSERT_EQ(out->sink.errors.size(), 1u);
  EXPECT_EQ(out->sink.errors[0].position, "2");
}

TEST(JsonLinesReaderTest, EmptyInputIsAnError) {
  auto out = read_lines("\n\n");
  EXPECT_FALSE(out->status.ok());
}

}  // namespace
}  // namespace vigie::ingest
