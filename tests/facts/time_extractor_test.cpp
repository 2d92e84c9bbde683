// Time expressions, table-driven: text and publication date -> "span=value" for each
// expression found, joined by " | ".
#include "facts/time_extractor.h"

#include "facts_test_util.h"

namespace vigie::facts {
namespace {

std::string describe(const Article& a, const ArticleFacts& facts) {
  std::string out;
  for (const TimeExpression& t : facts.times) {
    if (!out.empty()) out += " | ";
    out += std::string(t.span.in(a.text)) + "=" + (t.value.empty() ? "?" : t.value);
  }
  return out;
}

struct Row {
  const char* lang;
  const char* published;
  const char* text;
  const char* expected;
};

// 2022-11-15 is a Tuesday; 2025-09-19 a Friday; 1999-05-18 a Tuesday.
const Row kRows[] = {
    {"fr", "2022-11-15", "Le Royaume-Uni a annoncé hier lundi le retrait.", "hier lundi=2022-11-14"},
    {"fr", "2022-11-15", "Le vote a eu lieu le 29 juin.", "le 29 juin=2022-06-29"},
    {"fr", "2022-11-15", "Il est arrivé en août 2021.", "en août 2021=2021-08"},
    {"fr", "2022-11-17", "Mercredi, l'Allemagne a annoncé son départ.", "Mercredi=2022-11-16"},
    {"fr", "2023-08-15", "Le coup d'État a eu lieu le mois dernier.", "le mois dernier=2023-07"},
    {"fr", "2023-08-15", "Ils sont arrivés il y a trois ans.", "il y a trois ans=2020"},
    {"fr", "2022-11-17", "Plus tôt cette semaine, Londres a annoncé son retrait.", "Plus tôt cette semaine=2022-W46"},
    {"fr", "2022-11-15", "La junte est au pouvoir depuis 2012.", "depuis 2012=2012"},
    {"fr", "2022-11-15", "Les troupes partiront dans les six prochains mois.", "dans les six prochains mois=P6M"},
    {"fr", "2022-11-15", "Les acteurs se réuniront la semaine prochaine.", "la semaine prochaine=2022-W47"},
    {"fr", "2022-11-15", "Les derniers militaires sont partis cet été.", "cet été=2022-SU"},
    {"fr", "2022-11-15", "Les relations se sont tendues ces derniers mois.", "ces derniers mois=PAST_REF"},
    {"fr", "2022-11-15", "Il est désormais seul.", "désormais=PRESENT_REF"},
    {"fr", "2025-09-19", "Il a été arrêté en août dernier.", "en août dernier=2025-08"},
    {"fr", "2025-09-19", "Ils ont jusqu'à samedi pour partir.", "jusqu'à samedi=2025-09-20"},
    {"fr", "2025-09-19", "Ils sont partis dimanche dernier.", "dimanche dernier=2025-09-14"},
    {"fr", "2025-09-19", "D'autres mesures seront prises prochainement.", "prochainement=FUTURE_REF"},
    {"fr", "2022-11-15", "Le mandat a été renouvelé pour un an.", "pour un an=P1Y"},
    {"fr", "2022-11-15", "Ils sont là depuis des mois.", "depuis des mois=PXM"},
    {"fr", "2022-11-15", "Après près d'une décennie d'intervention.", "Après près d'une décennie=P10Y"},
    {"fr", "1999-05-18", "Le village fera la fête dimanche.", "dimanche=1999-05-23"},
    {"fr", "1999-05-18", "Dimanche soir, à partir de 22 h, le bal sera animé.",
     "Dimanche soir=1999-05-23TEV | à partir de 22 h=1999-05-23T22:00"},
    {"fr", "1999-05-21", "Il a été blessé hier soir.", "hier soir=1999-05-20TEV"},
    {"fr", "1999-05-21", "Le match de mardi a été annulé.", "mardi=1999-05-18"},
    {"fr", "2002-04-30", "La réunion du jeudi 2 mai est confirmée.", "jeudi 2 mai=2002-05-02"},
    {"fr", "1999-05-23", "Le projet date d'octobre 98.", "octobre 98=1998-10"},
    {"fr", "2003-02-24", "Il a signé fin septembre 2000.", "fin septembre 2000=2000-09"},
    {"fr", "1999-07-29", "La musique des années 60 revient.", "années 60=196X"},
    {"fr", "1999-07-29", "C'est une maison de la fin du XIXe siècle.", "XIXe siècle=18XX"},
    {"fr", "2025-11-10", "Publié il y a 18 heures.", "il y a 18 heures=2025-11-10"},
    {"fr", "2022-11-15", "Le coup d'État a eu lieu en 2020 et 2021.", "en 2020=2020 | 2021=2021"},
    {"fr", "2022-11-15", "Il a été élu cette année.", "cette année=2022"},
    {"fr", "2022-11-15", "Il avait été élu l'année dernière.", "l'année dernière=2021"},
    {"fr", "2022-11-15", "Il a été élu en février.", "en février=2022-02"},
    {"fr", "2022-11-15", "Le document a été lu.", ""},
    {"fr", "2022-11-15", "Il a été blessé.", ""},
    {"fr", "", "Le Royaume-Uni a annoncé hier lundi le retrait.", "hier lundi=?"},
    {"fr", "", "Il est arrivé en août 2021.", "en août 2021=2021-08"},
    {"en", "2022-11-15", "The troops left last week.", "last week=2022-W45"},
    {"en", "2022-11-15", "More will arrive in the coming months.", "in the coming months=FUTURE_REF"},
    {"en", "2022-11-15", "The vote was held on June 29, 2022.", "on June 29, 2022=2022-06-29"},
    {"en", "2022-11-15", "He arrived in August 2021.", "in August 2021=2021-08"},
    {"en", "2022-11-15", "They arrived three years ago.", "three years ago=2019"},
    {"en", "2022-11-15", "He spoke yesterday.", "yesterday=2022-11-14"},
    {"en", "2022-11-15", "They may leave next month.", "next month=2022-12"},
    {"en", "2022-11-15", "The mission has been there since 2013.", "since 2013=2013"},
};

TEST(TimeExtractorTest, Table) {
  for (const Row& row : kRows) {
    Article a = testing::make_article(row.text, row.lang, row.published);
    ArticleFacts facts = testing::extractor().extract(a);
    EXPECT_EQ(describe(a, facts), row.expected) << row.text << " (published " << row.published << ")";
  }
}

TEST(TimeExtractorTest, UnresolvedWithoutPublicationDate) {
  Article a = testing::make_article("Il est parti hier.", "fr", "");
  ArticleFacts facts = testing::extractor().extract(a);
  ASSERT_EQ(facts.times.size(), 1u);
  EXPECT_FALSE(facts.times[0].is_resolved);
}

// The ISO week helper against a plain day-by-day reference.
TEST(TimeExtractorTest, IsoWeekMatchesReference) {
  for (int64_t day = days_from_civil({2019, 12, 20}); day < days_from_civil({2027, 1, 10}); ++day) {
    CivilDate d = civil_from_days(day);
    ASSERT_EQ(days_from_civil(d), day);
    // Reference: the week's Thursday decides the year; count Thursdays since Jan 1.
    int64_t thursday = day - iso_weekday(d) + 4;
    CivilDate t = civil_from_days(thursday);
    int week = 0;
    for (int64_t k = days_from_civil({t.year, 1, 1}); k <= thursday; ++k)
      if (iso_weekday(civil_from_days(k)) == 4) ++week;
    char expected[32];
    std::snprintf(expected, sizeof expected, "%04d-W%02d", t.year, week);
    ASSERT_EQ(iso_week_string(d), expected) << date_string(d);
  }
  EXPECT_EQ(iso_week_string({2022, 11, 17}), "2022-W46");
}

}  // namespace
}  // namespace vigie::facts
