#include "eval/scorer.h"

#include <gtest/gtest.h>

namespace vigie::eval {
namespace {

TEST(ScorerTest, EntitiesAreDistinctTextTypePairsWithLinking) {
  Annotations gold, predicted;
  gold.entities = {{"Mali", "LOC", "MLI"}, {"Mali", "LOC", "MLI"}, {"ONU", "ORG", "United Nations"}, {"Heappey", "PER", ""}};
  predicted.entities = {{"Mali", "LOC", "MLI"}, {"ONU", "ORG", "UN"}, {"Bamako", "LOC", "Bamako"}, {"Heappey", "PER", ""}};
  auto scores = score_article(gold, predicted, "", "fr");
  ASSERT_EQ(scores.count("entities"), 1u);
  const FieldScore& s = scores["entities"];
  EXPECT_EQ(s.tp, 3);
  EXPECT_EQ(s.fp, 1);
  EXPECT_EQ(s.fn, 0);
  EXPECT_EQ(s.ratios.at("linking").correct, 2);
  EXPECT_EQ(s.ratios.at("linking").total, 3);
}

TEST(ScorerTest, FieldsAbsentOnEitherSideAreNotScored) {
  Annotations gold, predicted;
  gold.times = std::vector<TimeAnnotation>{};
  predicted.entities = std::vector<EntityAnnotation>{};
  EXPECT_TRUE(score_article(gold, predicted, "", "fr").empty());
}

TEST(ScorerTest, QuotesMatchByContainmentAfterNormalisation) {
  Annotations gold, predicted;
  gold.quotes = {{"Nous devons être clairs sur le fait que la responsabilité incombe à Bamako", "James Heappey", "direct"},
                 {"adaptée", "FRA", "direct"}};
  predicted.quotes = {{"« Nous devons être  clairs sur le fait »", "James Heappey", "direct"},
                      {"une phrase inventée", "X", "indirect"}};
  auto s = score_article(gold, predicted, "", "fr")["quotes"];
  EXPECT_EQ(s.tp, 1);
  EXPECT_EQ(s.fp, 1);
  EXPECT_EQ(s.fn, 1);
  EXPECT_EQ(s.ratios.at("attribution").correct, 1);
  EXPECT_EQ(normalize_quote_text("« l’armée  a\u00a0dit »"), "l'armée a dit");
}

TEST(ScorerTest, QuantitiesMatchOnValueAndStemmedUnit) {
  Annotations gold, predicted;
  gold.quantities = {{"Près de 300 soldats britanniques", 300, std::nullopt, true, "soldats"},
                     {"des milliers de civils", 1000, 9999, true, "civils"}};
  predicted.quantities = {{"300 soldats", 300, std::nullopt, true, "Soldat"},
                          {"des milliers de civils", 1000, std::nullopt, true, "civils"}};
  auto s = score_article(gold, predicted, "", "fr")["quantities"];
  EXPECT_EQ(s.tp, 1);
  EXPECT_EQ(s.fp, 1);
  EXPECT_EQ(s.fn, 1);
}

TEST(ScorerTest, TimesMatchByOverlapEachOccurrenceOnce) {
  std::string text = "en août dernier, puis en août dernier encore, hier lundi.";
  Annotations gold, predicted;
  gold.times = {{"en août dernier", "2025-08", std::nullopt}, {"en août dernier", "2025-08", std::nullopt},
                {"hier lundi", "2022-11-14", std::nullopt}};
  uint32_t second = static_cast<uint32_t>(text.find("en août", 5));
  predicted.times = {{"août dernier", "2025-08", Span{3, 16}},
                     {"en août", "2025-07", Span{second, second + 8}},
                     {"lundi", "2022-11-14", std::nullopt}};
  auto s = score_article(gold, predicted, text, "fr")["times"];
  EXPECT_EQ(s.tp, 3);
  EXPECT_EQ(s.fp, 0);
  EXPECT_EQ(s.fn, 0);
  EXPECT_EQ(s.ratios.at("value_accuracy").correct, 2);
}

TEST(ScorerTest, EventsNeedCategoryActorsAndRecipientWhenGoldHasOne) {
  Annotations gold, predicted;
  EventAnnotation retreat;
  retreat.event = "RETREAT";
  retreat.mode = "withdraw";
  retreat.actor = {{"GBR", "MIL"}};
  retreat.recipient = {{"MINUSMA", ""}};
  retreat.context = {"future"};
  EventAnnotation unknown_attackers;
  unknown_attackers.event = "ASSAULT";
  unknown_attackers.actor = {{"", "REB"}};
  gold.events = {retreat, unknown_attackers};

  EventAnnotation wrong_recipient = retreat;
  wrong_recipient.recipient = {{"MLI", "GOV"}};
  EventAnnotation right = retreat;
  right.context = {};
  EventAnnotation attack;
  attack.event = "ASSAULT";
  attack.actor = {};
  predicted.events = {wrong_recipient, right, attack};
  auto s = score_article(gold, predicted, "", "fr")["events"];
  EXPECT_EQ(s.tp, 2);
  EXPECT_EQ(s.fp, 1);
  EXPECT_EQ(s.fn, 0);
  EXPECT_EQ(s.ratios.at("mode").correct, 2);
  EXPECT_EQ(s.ratios.at("context").correct, 1);
  auto json = field_score_json("events", s);
  EXPECT_TRUE(json["attributes"].contains("location"));
}

}  // namespace
}  // namespace vigie::eval
