#include "ingest/text_reader.h"

#include <gtest/gtest.h>

namespace vigie::ingest {
namespace {

struct ReadOutcome {
  std::vector<Article> articles;
  CollectingSink sink;
  Status status;
};

std::unique_ptr<ReadOutcome> read_text(const std::string& bytes) {
  auto outcome = std::make_unique<ReadOutcome>();
  TextReader reader;
  auto source = make_memory_source(bytes);
  outcome->status = reader.read(*source, {"in/article.txt"},
                                [&](Article&& a) { outcome->articles.push_back(std::move(a)); }, outcome->sink);
  return outcome;
}

TEST(TextReaderTest, WholeFileIsOneArticle) {
  auto out = read_text("Le Mali a demandé le départ de la MINUSMA.\n\nDeuxième paragraphe.\n");
  ASSERT_TRUE(out->status.ok());
  ASSERT_EQ(out->articles.size(), 1u);
  EXPECT_EQ(out->articles[0].format, "text");
  EXPECT_EQ(out->articles[0].source_file, "in/article.txt");
  EXPECT_TRUE(out->articles[0].published.empty());
  EXPECT_NE(out->articles[0].text.find("Deuxième"), std::string::npos);
}

TEST(TextReaderTest, HeaderBlockGivesMetadata) {
  auto out = read_text(
      "Title: Retrait britannique\nDate: 2022-11-15\nURL: https://example.org/a\nLang: fr-FR\nAuthor: A. B.\n"
      "Source: Exemple\n\nLe Royaume-Uni a annoncé le retrait.\n");
  ASSERT_EQ(out->articles.size(), 1u);
  const Article& a = out->articles[0];
  EXPECT_EQ(a.title, "Retrait britannique");
  EXPECT_EQ(a.published, "2022-11-15");
  EXPECT_EQ(a.url, "https://example.org/a");
  EXPECT_EQ(a.lang, "fr");
  EXPECT_TRUE(a.is_lang_from_metadata);
  EXPECT_EQ(a.author, "A. B.");
  EXPECT_EQ(a.site, "Exemple");
  EXPECT_EQ(a.text, "Le Royaume-Uni a annoncé le retrait.\n");
}

TEST(TextReaderTest, ColonInFirstLineIsNotAHeader) {
  auto out = read_text("Bamako: la junte a demandé le départ.\n\nSuite.");
  ASSERT_EQ(out->articles.size(), 1u);
  EXPECT_EQ(out->articles[0].text.substr(0, 7), "Bamako:");
}

TEST(TextReaderTest, BadHeaderDateIsReportedAndArticleKept) {
  auto out = read_text("Title: X\nDate: 31/02/2023\n\nTexte.");
  ASSERT_EQ(out->articles.size(), 1u);
  EXPECT_TRUE(out->articles[0].published.empty());
  ASSERT_EQ(out->sink.errors.size(), 1u);
  EXPECT_EQ(out->sink.errors[0].to_string(),
            "in/article.txt:1: date \"31/02/2023\" is not an ISO 8601 date; article kept undated");
}

TEST(TextReaderTest, InvalidUtf8IsRejectedWithItsPosition) {
  auto out = read_text("Ligne un\nLigne deux \xE9t\xE9\n");
  EXPECT_FALSE(out->status.ok());
  EXPECT_TRUE(out->articles.empty());
  EXPECT_EQ(out->status.error().to_string(),
            "in/article.txt:2: not valid UTF-8 (byte 20); convert the file to UTF-8 first");
}

TEST(TextReaderTest, EmptyAndBlankFilesAreRejected) {
  for (const char* bytes : {"", "   \n\n  "}) {
    auto out = read_text(bytes);
    ASSERT_FALSE(out->status.ok());
    EXPECT_NE(out->status.error().message.find("empty file"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigie::ingest
