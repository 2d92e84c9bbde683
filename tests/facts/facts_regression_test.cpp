// Regression floors on the seed gold (../shared/gold/seeds), a development view: the
// test only checks that scores stay above the figures measured when the stage landed
// (docs/FACTS.md), minus a margin. It never encodes facts of particular articles.
#include <filesystem>

#include "facts/facts_lexicon.h"
#include "facts/facts_scorer.h"
#include "facts_test_util.h"

namespace vigie::facts {
namespace {

TEST(FactsRegressionTest, SeedGoldStaysAboveFloor) {
  std::string dir = std::string(VIGIE_SHARED_DIR) + "/gold/seeds";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " not present";
  auto gold = load_gold_dir(dir);
  ASSERT_TRUE(gold.ok()) << gold.error().to_string();
  FactsScorer scorer;
  for (const auto& g : gold.value()) {
    ArticleFacts facts = testing::extractor().extract(g.article);
    scorer.add(g.article.id, g.article.text, g.article.lang, g.gold, facts_to_json(g.article, facts));
  }
  EXPECT_GE(scorer.quotes().f1(), 0.85);
  EXPECT_GE(scorer.quotes().attribute_accuracy(), 0.45);
  EXPECT_GE(scorer.quantities().f1(), 0.85);
  EXPECT_GE(scorer.times().f1(), 0.85);
  EXPECT_GE(scorer.times().attribute_accuracy(), 0.85);
}

TEST(FactsRegressionTest, TimeBankStaysAboveFloor) {
  std::string dir = std::string(VIGIE_SHARED_DIR) + "/data/time/fr-timebank-dev/gold";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " not present";
  auto gold = load_gold_dir(dir);
  ASSERT_TRUE(gold.ok()) << gold.error().to_string();
  FactsScorer scorer;
  for (const auto& g : gold.value()) {
    ArticleFacts facts = testing::extractor().extract(g.article);
    scorer.add(g.article.id, g.article.text, g.article.lang, g.gold, facts_to_json(g.article, facts));
  }
  EXPECT_FALSE(scorer.has_quotes());
  EXPECT_GE(scorer.times().f1(), 0.80);
  EXPECT_GE(scorer.times().attribute_accuracy(), 0.78);
}

TEST(FactsRegressionTest, BadLexiconIsRejectedWithVersion) {
  auto bad = parse_facts_lexicon("# vigie-facts v9\n[months]\n", "facts/times.xx.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kUnsupportedVersion);
  EXPECT_NE(bad.error().message.find("9"), std::string::npos);
  auto missing = parse_facts_lexicon("months\n", "facts/times.xx.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
}

TEST(FactsRegressionTest, ScorerRulesOnHandMadeGold) {
  nlohmann::json gold = nlohmann::json::parse(R"({
    "quotes": [{"text": "Nous partons", "speaker": "James Heappey", "kind": "direct"}],
    "quantities": [{"text": "300 soldats britanniques", "value": 300, "approx": false, "unit": "soldats"}],
    "times": [{"text": "hier lundi", "value": "2022-11-14"}]})");
  nlohmann::json predicted = nlohmann::json::parse(R"({
    "quotes": [{"text": "« Nous  partons. »", "speaker": "james heappey", "kind": "direct"}],
    "quantities": [{"text": "300 soldats", "value": 300, "approx": false, "unit": "Soldat"}],
    "times": [{"text": "lundi", "value": "2022-11-14"}]})");
  FactsScorer scorer;
  scorer.add("x", "Il a annoncé hier lundi le départ de 300 soldats britanniques.", "fr", gold, predicted);
  EXPECT_EQ(scorer.quotes().tp, 1u);
  EXPECT_EQ(scorer.quotes().attribute_correct, 1u);
  EXPECT_EQ(scorer.quantities().tp, 1u);
  EXPECT_EQ(scorer.times().tp, 1u);
  EXPECT_EQ(scorer.times().attribute_correct, 1u);
}

}  // namespace
}  // namespace vigie::facts
