// Quantities, table-driven: text -> "value[..max][~] unit[ CUR]" for each quantity
// found, joined by " | " ("~" marks approx).
#include <cmath>
#include <cstdio>

#include "facts_test_util.h"

namespace vigie::facts {
namespace {

std::string describe(const Article& a, const ArticleFacts& facts) {
  std::string out;
  for (const Quantity& q : facts.quantities) {
    if (!out.empty()) out += " | ";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.15g", q.value);
    out += buffer;
    if (q.max_value) {
      std::snprintf(buffer, sizeof buffer, "..%.15g", *q.max_value);
      out += buffer;
    }
    if (q.is_approx) out += "~";
    out += " " + q.unit;
    if (!q.currency.empty()) out += " " + q.currency;
  }
  return out;
}

struct Row {
  const char* lang;
  const char* text;
  const char* expected;
};

const Row kRows[] = {
    {"fr", "Près de 300 soldats britanniques sont présents au Mali.", "300~ soldats"},
    {"fr", "La force compte 13 000 hommes.", "13000 hommes"},
    {"fr", "Au total, 17 557 soldats ont servi.", "17557 soldats"},
    {"fr", "Il a déplacé plus de 2,5 millions de personnes.", "2500000~ personnes"},
    {"fr", "Quarante-six soldats ivoiriens ont été arrêtés.", "46 soldats"},
    {"fr", "Elle emploie un millier de soldats.", "1000~ soldats"},
    {"fr", "Elle emploie au total une soixantaine de personnes au Mali.", "60~ personnes"},
    {"fr", "Deux cents manifestants se sont réunis.", "200 manifestants"},
    {"fr", "Des milliers d'employés locaux sont menacés.", "1000..9999~ employés"},
    {"fr", "Des dizaines de milliers de personnes ont fui.", "10000..99999~ personnes"},
    {"fr", "Il y avait des dizaines de villages détruits.", "10..99~ villages"},
    {"fr", "Environ 1 000 combattants sont arrivés.", "1000~ combattants"},
    {"fr", "Le pays a déployé jusqu'à 1 400 soldats.", "1400~ soldats"},
    {"fr", "Au moins 12 civils ont été tués.", "12~ civils"},
    {"fr", "Entre 200 et 300 réfugiés attendent.", "200..300 réfugiés"},
    {"fr", "Le budget atteint 3,5 milliards d'euros.", "3500000000 euros EUR"},
    {"fr", "Une amende de 10 000 euros a été prononcée.", "10000 euros EUR"},
    {"fr", "Les deux pays ont rompu.", "2 pays"},
    {"fr", "Il a mené deux coups d'État en trois ans.", "2 coups d'État"},
    {"fr", "Vingt et un blessés ont été soignés.", "21 blessés"},
    {"fr", "Quatre-vingt-dix députés ont voté.", "90 députés"},
    {"fr", "Un diplomate français a été expulsé.", ""},
    {"fr", "Plusieurs pays ont protesté.", ""},
    {"fr", "La mission a été lancée en 2013.", ""},
    {"fr", "Le vote aura lieu le 29 juin.", ""},
    {"fr", "Le chômage atteint 7,5 % cette année.", ""},
    {"fr", "Il est resté trois ans au Mali.", ""},
    {"fr", "Le bal commence à 22 h.", ""},
    {"fr", "C'est la 2e fois et le 1er mai.", ""},
    {"fr", "2 min de lecture", ""},
    {"fr", "Il a déplacé 2,5 millions de personnes et tué plus de 8 000 en 2022.",
     "2500000 personnes | 8000~ personnes"},
    {"en", "Nearly 300 British soldiers are in Mali.", "300~ soldiers"},
    {"en", "The force has 1,400 troops.", "1400 troops"},
    {"en", "It costs 3.5 million dollars.", "3500000 dollars USD"},
    {"en", "The ministry spent $2 billion.", "2000000000 dollars USD"},
    {"en", "A dozen protesters gathered.", "12~ protesters"},
    {"en", "Hundreds of people fled.", "100..999~ people"},
    {"en", "At least 40 civilians were killed.", "40~ civilians"},
    {"en", "Up to 5,000 refugees crossed.", "5000~ refugees"},
    {"en", "Between 200 and 300 villages were hit.", "200..300 villages"},
    {"en", "Forty-six soldiers were detained in 2022.", "46 soldiers"},
    {"en", "He stayed for three years.", ""},
    {"en", "Unemployment rose to 7.5 percent.", ""},
};

TEST(QuantityExtractorTest, Table) {
  for (const Row& row : kRows) {
    Article a = testing::make_article(row.text, row.lang, "2022-11-15");
    ArticleFacts facts = testing::extractor().extract(a);
    EXPECT_EQ(describe(a, facts), row.expected) << row.text;
  }
}

TEST(QuantityExtractorTest, SpansPointIntoText) {
  Article a = testing::make_article("Selon l'ONU, près de 300 soldats britanniques sont partis.", "fr", "");
  ArticleFacts facts = testing::extractor().extract(a);
  ASSERT_EQ(facts.quantities.size(), 1u);
  EXPECT_EQ(facts.quantities[0].span.in(a.text), "près de 300 soldats");
  EXPECT_EQ(facts.quantities[0].unit_span.in(a.text), "soldats");
}

}  // namespace
}  // namespace vigie::facts
