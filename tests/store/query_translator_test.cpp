#include "store/query_translator.h"

#include <gtest/gtest.h>

namespace vigie::store {
namespace {

TEST(QueryTranslatorTest, TranslatesToFts5) {
  const struct {
    const char* query;
    const char* expected;
  } rows[] = {
      {"armée", "\"armée\""},
      {"l'armée", "\"l'armée\""},
      {"Royaume-Uni", "\"Royaume-Uni\""},
      {"armée syrie", "(\"armée\" AND \"syrie\")"},
      {"armée AND syrie", "(\"armée\" AND \"syrie\")"},
      {"armée OR police", "(\"armée\" OR \"police\")"},
      {"armée NOT syrie", "(\"armée\" NOT \"syrie\")"},
      {"a OR b c", "(\"a\" OR (\"b\" AND \"c\"))"},
      {"(a OR b) c", "(((\"a\" OR \"b\")) AND \"c\")"},
      {"\"cessez le feu\"", "\"cessez le feu\""},
      {"\"cessez le\"*", "\"cessez le\" *"},
      {"retrai*", "\"retrai\" *"},
      {"and or not", "((\"and\" AND \"or\") AND \"not\")"},
      {"armée - syrie", "(\"armée\" AND \"syrie\")"},
      {"NEAR(a b)", "(\"NEAR\" AND ((\"a\" AND \"b\")))"},
      {"col:umn", "\"col:umn\""},
      {"a^b", "\"a^b\""},
  };
  for (const auto& row : rows) {
    auto translated = translate_query(row.query);
    ASSERT_TRUE(translated.ok()) << row.query << ": " << translated.error().message;
    EXPECT_EQ(translated.value(), row.expected) << row.query;
  }
}

TEST(QueryTranslatorTest, ExplainsBadQueries) {
  const struct {
    const char* query;
    const char* message;
  } rows[] = {
      {"", "no word to search for"},
      {"  - « ", "no word to search for"},
      {"\"cessez le feu", "quote at character 1 is never closed"},
      {"(armée OR police", "parenthesis '(' at character 1 is never closed"},
      {"armée)", "')' at character 6 closes a parenthesis that was never opened"},
      {"NOT syrie", "'NOT' at character 1 needs a word before it"},
      {"armée AND", "'AND' at character 7 needs something after it"},
      {"OR armée", "'OR' at character 1 needs a word on each side"},
      {"armée OR OR police", "'OR' at character 10 needs a word on each side"},
      {"()", "empty parentheses"},
  };
  for (const auto& row : rows) {
    auto translated = translate_query(row.query);
    ASSERT_FALSE(translated.ok()) << row.query << " -> " << translated.value();
    EXPECT_EQ(translated.error().kind, ErrorKind::kUsage);
    EXPECT_NE(translated.error().message.find(row.message), std::string::npos)
        << row.query << ": " << translated.error().message;
  }
}

}  // namespace
}  // namespace vigie::store
