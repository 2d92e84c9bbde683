// Quotes, table-driven: text -> "kind:quoted words=speaker" for each quote, joined by
// " | " (kind d = direct, i = indirect; speaker "?" when none).
#include "facts_test_util.h"

namespace vigie::facts {
namespace {

std::string describe(const Article& a, const ArticleFacts& facts) {
  std::string out;
  for (const Quote& q : facts.quotes) {
    if (!out.empty()) out += " | ";
    out += std::string(q.is_direct ? "d:" : "i:") + std::string(q.span.in(a.text)) + "=" +
           (q.speaker.has_speaker() ? q.speaker.name : "?");
  }
  return out;
}

struct Row {
  const char* lang;
  const char* text;
  const char* expected;
};

const Row kRows[] = {
    {"fr", "« Le contingent quittera le pays », a indiqué le ministre James Heappey devant la Chambre.",
     "d:Le contingent quittera le pays=James Heappey"},
    {"fr",
     "« Nous partons », a indiqué le ministre James Heappey. « Nous devons être clairs », a-t-il ajouté.",
     "d:Nous partons=James Heappey | d:Nous devons être clairs=James Heappey"},
    {"fr", "« Nous partons », a affirmé M. Heappey.", "d:Nous partons=Heappey"},
    {"fr", "James Heappey est venu. « Nous partons », a affirmé M. Heappey.", "d:Nous partons=James Heappey"},
    {"fr", "\"Nous sommes conscients\", a déclaré une porte-parole du ministère de la défense.",
     "d:Nous sommes conscients=une porte-parole du ministère de la défense"},
    {"fr", "Un diplomate allemand a déclaré que chaque ministère était responsable.",
     "i:chaque ministère était responsable=Un diplomate allemand"},
    {"fr", "Selon une source diplomatique française, les deux diplomates doivent partir.",
     "i:les deux diplomates doivent partir=une source diplomatique française"},
    {"fr", "Les troupes partiront dans six mois, selon le ministère de la Défense.",
     "i:Les troupes partiront dans six mois=le ministère de la Défense"},
    {"fr", "Le retrait ne signifie pas un abandon, a précisé le secrétaire d'Etat.",
     "i:Le retrait ne signifie pas un abandon=le secrétaire d'Etat"},
    {"fr", "Bamako a précédemment nié s'être tourné vers Wagner.", "i:s'être tourné vers Wagner=Bamako"},
    {"fr", "Le ministre a annoncé le retrait des troupes.", ""},
    {"fr", "Le gouvernement « ne peut pas rester », a insisté Heappey.", "d:ne peut pas rester=Heappey"},
    {"fr", "Jehanne Henry, directrice à HRW, a déclaré : « Le gouvernement doit faire plus. »",
     "d:Le gouvernement doit faire plus.=Jehanne Henry"},
    {"fr", "« Le peuple juge », a déclaré Binta Sidibe Gascon. « Nous assistons à une hausse. »",
     "d:Le peuple juge=Binta Sidibe Gascon | d:Nous assistons à une hausse.=Binta Sidibe Gascon"},
    {"fr", "« Première partie », a-t-elle déclaré, « seconde partie ».",
     "d:Première partie=? | d:seconde partie=?"},
    {"fr", "Il ne reconnaît que le soutien des « instructeurs » russes.", "d:instructeurs=?"},
    {"en", "\"We must be clear,\" said Defence Minister James Heappey.", "d:We must be clear,=James Heappey"},
    {"en", "“We are leaving,” he said.", "d:We are leaving,=?"},
    {"en", "The minister said that the troops would leave.", "i:the troops would leave=The minister"},
    {"en", "According to the UN, thousands fled.", "i:thousands fled=UN"},
    // The subject starts after "que": not "Cette décision ... après que les autorités".
    {"fr", "La décision est venue après que les autorités maliennes ont affirmé que tout allait bien.",
     "i:tout allait bien=les autorités maliennes"},
    // A participle after a comma takes the main clause's subject, up to its auxiliary.
    {"fr", "Les autorités maliennes ont annoncé la détention d'un citoyen, accusant des pays étrangers de déstabiliser le pays.",
     "i:des pays étrangers de déstabiliser le pays=Les autorités maliennes"},
    // A participle with its own subject keeps it.
    {"fr", "Les conséquences ont été claires à Moscou, les analystes suggérant que la stratégie est plus large.",
     "i:la stratégie est plus large=les analystes"},
};

TEST(QuoteExtractorTest, Table) {
  for (const Row& row : kRows) {
    Article a = testing::make_article(row.text, row.lang, "2022-11-15");
    ArticleFacts facts = testing::extractor().extract(a);
    EXPECT_EQ(describe(a, facts), row.expected) << row.text;
  }
}

TEST(QuoteExtractorTest, SpeakerSpanAndTitleAreKept) {
  Article a = testing::make_article(
      "« Nous partons », a indiqué le secrétaire d’Etat aux forces armées James Heappey devant la Chambre.", "fr",
      "");
  ArticleFacts facts = testing::extractor().extract(a);
  ASSERT_EQ(facts.quotes.size(), 1u);
  EXPECT_EQ(facts.quotes[0].speaker.span.in(a.text), "James Heappey");
  EXPECT_EQ(facts.quotes[0].speaker.title, "secrétaire d’Etat aux forces armées");
  EXPECT_TRUE(facts.quotes[0].speaker.is_named);
}

}  // namespace
}  // namespace vigie::facts
