// Speaker linking rules, one row each: a sentence with its mentions and one speaker as
// the quote extractor would give it, and the ref the linker must set ("" = unlinked).

#include "facts/speaker_linker.h"

#include <gtest/gtest.h>

namespace vigie::facts {
namespace {

using entities::EntityType;

struct MentionRow {
  std::string surface;
  EntityType type;
  std::string ref;
  std::string country;
  size_t occurrence = 0;  // which occurrence of `surface` in the text
};

struct Row {
  std::string text;
  std::vector<MentionRow> mentions;  // in text order
  std::string speaker_span;          // the speaker's words as written ("" = none found)
  std::string speaker_name;
  bool is_named;
  bool is_pronoun;
  std::string expected_ref;
};

Span find_span(const std::string& text, const std::string& needle, size_t occurrence = 0) {
  size_t at = text.find(needle);
  for (size_t i = 0; i < occurrence && at != std::string::npos; ++i) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string::npos) << needle;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

std::string link(const Row& row) {
  std::vector<entities::Mention> mentions;
  for (const MentionRow& m : row.mentions) {
    entities::Mention mention;
    mention.span = find_span(row.text, m.surface, m.occurrence);
    mention.type = m.type;
    mention.ref = m.ref;
    mention.country = m.country;
    mentions.push_back(mention);
  }
  std::vector<entities::Entity> entities = entities::group_mentions(row.text, mentions);
  Quote quote;
  quote.span = {0, 1};
  if (!row.speaker_name.empty()) {
    quote.speaker.span = find_span(row.text, row.speaker_span);
    quote.speaker.name = row.speaker_name;
    quote.speaker.is_named = row.is_named;
    quote.speaker.is_pronoun = row.is_pronoun;
  }
  std::vector<entities::CountryCue> cues;
  for (const auto& [demonym, country] : std::vector<std::pair<std::string, std::string>>{{"maliennes", "MLI"},
                                                                                        {"malien", "MLI"}}) {
    if (row.text.find(demonym) != std::string::npos) cues.push_back({find_span(row.text, demonym), country, 0});
  }
  std::vector<Quote> quotes = {quote};
  link_speakers(row.text, mentions, entities, cues, quotes);
  return quotes[0].speaker.ref;
}

TEST(SpeakerLinkerTest, Rules) {
  const std::vector<Row> rows = {
      // A name at the speaker's span takes its entity's ref.
      {"« Partir », a déclaré James Heappey.", {{"James Heappey", EntityType::kPer, "James Heappey", ""}},
       "James Heappey", "James Heappey", true, false, "James Heappey"},
      // A surname whose mention has no ref of its own gets the full name's ref through its entity.
      {"James Heappey parle. « Partir », a dit M. Heappey.",
       {{"James Heappey", EntityType::kPer, "James Heappey", ""}, {"Heappey", EntityType::kPer, "", "", 1}},
       "Heappey", "James Heappey", true, false, "James Heappey"},
      // A pronoun: the extractor gives it its antecedent's span.
      {"James Heappey parle. « Partir », a-t-il ajouté.", {{"James Heappey", EntityType::kPer, "James Heappey", ""}},
       "James Heappey", "James Heappey", true, true, "James Heappey"},
      // A city that speaks is its country's government.
      {"Bamako a dénoncé une décision hâtive.", {{"Bamako", EntityType::kLoc, "Bamako", "MLI"}}, "Bamako", "Bamako",
       true, false, "MLI"},
      // A country keeps its own code.
      {"La France a demandé la libération.", {{"France", EntityType::kLoc, "FRA", "FRA"}}, "La France", "La France",
       false, false, "FRA"},
      // An organisation speaking keeps its ref, not its country.
      {"Selon Human Rights Watch, tout va mal.", {{"Human Rights Watch", EntityType::kOrg, "Human Rights Watch", "USA"}},
       "Human Rights Watch", "Human Rights Watch", true, false, "Human Rights Watch"},
      // A description holding a name keeps its words.
      {"Une porte-parole du ministère de la Défense a indiqué que non.",
       {{"ministère de la Défense", EntityType::kOrg, "Ministry of Defence", ""}},
       "Une porte-parole du ministère de la Défense", "Une porte-parole du ministère de la Défense", false, false, ""},
      // A description without any name stays unlinked.
      {"Une source diplomatique a indiqué que non.", {}, "Une source diplomatique", "Une source diplomatique", false,
       false, ""},
      // A description the extractor resolved to a named speaker: the entity of that name.
      {"Le ministre James Heappey parle. Le ministre a ajouté que non.",
       {{"James Heappey", EntityType::kPer, "James Heappey", ""}}, "Le ministre a", "James Heappey", true, false,
       "James Heappey"},
      // A name inside a description resolved to someone else is not the speaker.
      {"Jean Dupont, ministre des Armées, parle. Le ministre des Armées a ajouté que non.",
       {{"Jean Dupont", EntityType::kPer, "Jean Dupont", ""}, {"Armées", EntityType::kOrg, "French Armed Forces", "", 1}},
       "Le ministre des Armées", "Jean Dupont", true, false, "Jean Dupont"},
      // A surname shared by two people is left unlinked.
      {"Paul Martin et Anne Martin parlent. Martin a dit que non.",
       {{"Paul Martin", EntityType::kPer, "Paul Martin", ""}, {"Anne Martin", EntityType::kPer, "Anne Martin", ""}},
       "Martin a", "Martin", true, false, ""},
      // A named speaker the tagger did not find has no ref (its name is used as written).
      {"« Partir », a déclaré Jean Inconnu.", {}, "Jean Inconnu", "Jean Inconnu", true, false, ""},
      // "l’ACLED": a name behind a typographic apostrophe.
      {"Selon l’ACLED, la violence augmente.", {{"ACLED", EntityType::kOrg, "Armed Conflict Location and Event Data", ""}},
       "l’ACLED", "l’ACLED", false, false, "Armed Conflict Location and Event Data"},
      // A state's executive speaks for the state: by demonym, or "de" + the country.
      {"Les autorités maliennes ont dénoncé une décision hâtive.", {}, "Les autorités maliennes",
       "Les autorités maliennes", false, false, "MLI"},
      {"Le gouvernement du Mali a dénoncé une décision.", {{"Mali", EntityType::kLoc, "MLI", "MLI"}},
       "Le gouvernement du Mali", "Le gouvernement du Mali", false, false, "MLI"},
      // ... but a person described by it stays a description.
      {"Un porte-parole du gouvernement malien a dénoncé une décision.", {}, "Un porte-parole du gouvernement malien",
       "Un porte-parole du gouvernement malien", false, false, ""},
      // No speaker at all.
      {"« Partir ».", {}, "", "", false, false, ""},
  };
  for (const Row& row : rows) EXPECT_EQ(link(row), row.expected_ref) << row.text;
}

}  // namespace
}  // namespace vigie::facts
