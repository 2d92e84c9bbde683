// Event coding on short general sentences, one row per behaviour (the table is the
// spec): category and mode, actor and recipient refs with sectors, context. The rows
// run the real text, entities and facts stages, without syntax (the fallback path).

#include "events/event_coder.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "entities/entity_tagger.h"
#include "events/event_lexicon.h"
#include "facts/fact_extractor.h"
#include "text/text_processor.h"

namespace vigie::events {
namespace {

struct Stages {
  std::unique_ptr<text::TextProcessor> processor = std::make_unique<text::TextProcessor>();
  std::unique_ptr<entities::EntityTagger> tagger;
  std::unique_ptr<facts::FactExtractor> extractor;
  std::unique_ptr<EventCoder> coder;
};

Stages& stages() {
  static Stages* s = [] {
    auto* out = new Stages;
    auto tagger = entities::EntityTagger::load();
    EXPECT_TRUE(tagger.ok()) << (tagger.ok() ? "" : tagger.error().to_string());
    if (tagger) out->tagger = std::move(tagger.value());
    auto extractor = facts::FactExtractor::create();
    EXPECT_TRUE(extractor.ok());
    if (extractor) out->extractor = std::move(extractor.value());
    auto coder = EventCoder::load();
    EXPECT_TRUE(coder.ok()) << (coder.ok() ? "" : coder.error().to_string());
    if (coder) out->coder = std::move(coder.value());
    return out;
  }();
  return *s;
}

std::string actors(const std::vector<EventActor>& list) {
  std::string out;
  for (const auto& a : list) {
    if (!out.empty()) out += "+";
    out += a.ref.empty() ? "?" : a.ref;
    if (!a.sector.empty()) out += "/" + a.sector;
  }
  return out.empty() ? "-" : out;
}

// "RETREAT:withdraw DEU/MIL > MLI [future]"
std::string describe(const Event& e) {
  std::string out = e.category + (e.mode.empty() ? "" : ":" + e.mode) + " " + actors(e.actor) + " > " + actors(e.recipient);
  if (!e.context.empty()) {
    out += " [";
    for (size_t i = 0; i < e.context.size(); ++i) out += (i ? "," : "") + e.context[i];
    out += "]";
  }
  return out;
}

std::vector<Event> code(const std::string& text, const std::string& lang, Article* keep = nullptr) {
  Stages& s = stages();
  Article article;
  article.text = text;
  article.lang = lang;
  article.is_lang_from_metadata = true;
  article.published = "2024-03-10";
  s.processor->process(article);
  auto mentions = s.tagger->tag(article);
  auto cues = s.tagger->country_cues(article);
  auto facts = s.extractor->extract(article);
  auto events = s.coder->code(article, nullptr, mentions, cues, facts);
  if (keep) *keep = article;
  return events;
}

struct Row {
  const char* lang;
  const char* text;
  const char* expected;  // describe() of the first event
};

const Row kRows[] = {
    {"fr", "Les forces allemandes ont quitté le pays.", "RETREAT:withdraw DEU/MIL > ?/GOV"},
    {"fr", "La France a expulsé des diplomates maliens.", "SANCTION:expel FRA > MLI/DIP"},
    {"fr", "Le Mali n'a pas expulsé les diplomates français.", "SANCTION:expel MLI > FRA/DIP [negation]"},
    {"fr", "L'Allemagne va retirer ses soldats du Mali.", "RETREAT:withdraw DEU > MLI [future]"},
    {"fr", "Des soldats maliens ont été attaqués par des jihadistes.", "ASSAULT ?/REB > MLI/MIL"},
    {"fr", "Le gouvernement malien a arrêté un diplomate français.", "COERCE:arrest MLI/GOV > FRA/DIP"},
    {"fr", "Le Sénégal a critiqué le Mali.",
     "ACCUSE:disapprove SEN > MLI"},
    {"fr", "La Russie va attaquer l'Ukraine.", "ASSAULT RUS > UKR [future]"},
    {"fr", "Paris a dénoncé l'arrestation d'un diplomate par les autorités maliennes.", "ACCUSE:disapprove FRA > ?/DIP"},
    {"fr", "Le Niger a nié avoir arrêté des journalistes.", "COERCE:arrest NER > ?/MED [negation]"},
    {"en", "German troops withdrew from Mali.", "RETREAT:withdraw DEU/MIL > MLI"},
    {"en", "Russia did not attack Ukraine.", "ASSAULT RUS > UKR [negation]"},
};

TEST(EventCoder, CodesTheTable) {
  for (const Row& row : kRows) {
    auto events = code(row.text, row.lang);
    ASSERT_FALSE(events.empty()) << row.text;
    EXPECT_EQ(describe(events.front()), row.expected) << row.text;
  }
}

TEST(EventCoder, HypotheticalsAreNotCoded) {
  // GUIDELINES: hypotheticals are left out ("si notre citoyen n'est pas libéré").
  EXPECT_TRUE(code("La Russie pourrait attaquer l'Ukraine.", "fr").empty());
}

TEST(EventCoder, NominalisationTakesTheAgentAndThePatient) {
  auto events = code("Paris a dénoncé l'arrestation d'un diplomate français par les autorités maliennes.", "fr");
  bool found = false;
  for (const auto& e : events) {
    if (e.category != "COERCE") continue;
    found = true;
    EXPECT_EQ(describe(e), "COERCE:arrest MLI/GOV > FRA/DIP");
  }
  EXPECT_TRUE(found);
}

TEST(EventCoder, PossessiveOfNominalisationIsTheSubject) {
  auto events = code("Le Royaume-Uni a annoncé le retrait de ses militaires.", "fr");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(describe(events.front()), "RETREAT:withdraw GBR/MIL > - [future]");
}

TEST(EventCoder, SpansPointIntoTheTextAndScoreFollowsTheManual) {
  Article article;
  auto events = code("La France a suspendu sa coopération militaire avec le Mali.", "fr", &article);
  ASSERT_FALSE(events.empty());
  const Event& e = events.front();
  EXPECT_EQ(e.category, "SANCTION");
  EXPECT_EQ(e.mode, "discontinue");
  EXPECT_EQ(e.trigger.in(article.text), "suspendu");
  EXPECT_LE(e.evidence.end_byte, article.text.size());
  EXPECT_DOUBLE_EQ(e.score, -6);
  EXPECT_GT(e.confidence, 0.3f);
}

TEST(EventCoder, JsonUsesPloverAndFormatFieldNames) {
  Article article;
  auto events = code("La France a expulsé des diplomates maliens.", "fr", &article);
  ASSERT_FALSE(events.empty());
  nlohmann::json plover = event_to_plover_json(article, events.front(), "vigie-1");
  for (const char* field : {"id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "event_scale",
                            "quad_code", "text_info"})
    EXPECT_TRUE(plover.contains(field)) << field;
  EXPECT_EQ(plover["event"][0], "SANCTION");
  EXPECT_EQ(plover["actor"][0]["code"], "FRA");
  EXPECT_EQ(plover["quad_code"], 4);
  nlohmann::json shaped = events_to_json(article, events);
  ASSERT_TRUE(shaped.is_array());
  EXPECT_EQ(shaped[0]["event"], "SANCTION");
  EXPECT_EQ(shaped[0]["recipient"][0]["ref"], "MLI");
  EXPECT_TRUE(shaped[0].contains("context"));
}

TEST(PloverScore, FollowsTheManualTable) {
  EXPECT_DOUBLE_EQ(plover_score("RETREAT", "withdraw"), 8);
  EXPECT_DOUBLE_EQ(plover_score("ASSAULT", "aerial"), -9.5);
  EXPECT_DOUBLE_EQ(plover_score("AID", ""), 10);
  EXPECT_DOUBLE_EQ(plover_score("COERCE", "unknown-mode"), -7);
  EXPECT_EQ(plover_quad("CONSULT"), 1);
  EXPECT_EQ(plover_quad("COOPERATE"), 2);
  EXPECT_EQ(plover_quad("THREATEN"), 3);
  EXPECT_EQ(plover_quad("ASSAULT"), 4);
  EXPECT_FALSE(is_plover_category("FIGHT"));
}

struct FormRow {
  const char* lang;
  const char* lemma;
  const char* form;
  bool is_form;
};

const FormRow kForms[] = {
    {"fr", "retirer", "retirés", true},   {"fr", "retirer", "retirera", true}, {"fr", "soutenir", "soutient", true},
    {"fr", "prendre", "pris", true},      {"fr", "suspendre", "suspendu", true}, {"fr", "détruire", "détruit", true},
    {"fr", "envoyer", "envoie", true},    {"fr", "à", "as", false},            {"fr", "tuer", "tu", false},
    {"en", "attack", "attacked", true},   {"en", "stop", "stopped", true},       {"en", "deny", "denied", true},
    {"en", "=fled", "fleds", false},
};

TEST(EventLexicon, ExpandsInflectedForms) {
  for (const FormRow& row : kForms) {
    auto forms = EventLexicon::expand_forms(row.lemma, row.lang);
    EXPECT_EQ(forms.count(fold_word(row.form)) == 1, row.is_form) << row.lemma << " -> " << row.form;
  }
}

struct BadFile {
  const char* text;
  ErrorKind kind;
  const char* message_part;
};

const BadFile kBadFiles[] = {
    {"RETREAT\tretirer\n", ErrorKind::kInvalidInput, "not a vigie events lexicon"},
    {"#vigie-events triggers 9\nRETREAT\tretirer\n", ErrorKind::kUnsupportedVersion, "version 9 is newer"},
    {"#vigie-events triggers 1\nFIGHT\tcombattre\n", ErrorKind::kInvalidInput, "not a PLOVER category"},
    {"#vigie-events triggers 1\nRETREAT\tretirer\tsoon\n", ErrorKind::kInvalidInput, "unknown trigger option"},
    {"#vigie-events triggers 1\nRETREAT\n", ErrorKind::kInvalidInput, "two tab-separated fields"},
    {"#vigie-events sectors 1\nXYZ\tarmée\n", ErrorKind::kInvalidInput, "not a sector code"},
    {"#vigie-events context 1\nsoonish\tbientôt\n", ErrorKind::kInvalidInput, "unknown context kind"},
    {"#vigie-events triggers 1\nRETREAT\t... retirer\n", ErrorKind::kInvalidInput, "only allowed between"},
};

TEST(EventLexicon, RejectsBadFilesWithFileAndLine) {
  for (const BadFile& bad : kBadFiles) {
    EventLexicon lexicon("fr");
    Status status = lexicon.add_text(bad.text, "user.fr.txt");
    ASSERT_FALSE(status.ok()) << bad.text;
    EXPECT_EQ(status.error().kind, bad.kind) << bad.text;
    EXPECT_NE(status.error().to_string().find(bad.message_part), std::string::npos) << status.error().to_string();
    EXPECT_NE(status.error().to_string().find("user.fr.txt"), std::string::npos);
  }
}

TEST(EventCoder, LoadFailsOnABadUserFileAndReadsAGoodOne) {
  std::string bad_path = ::testing::TempDir() + "bad_events.fr.txt";
  {
    std::ofstream out(bad_path);
    out << "#vigie-events triggers 1\nNOPE\tbidule\n";
  }
  EventOptions options;
  options.extra_files = {bad_path};
  auto failed = EventCoder::load(options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().to_string().find("bad_events.fr.txt:2"), std::string::npos) << failed.error().to_string();

  std::string good_path = ::testing::TempDir() + "good_events.fr.txt";
  {
    std::ofstream out(good_path);
    out << "#vigie-events triggers 1\nPROTEST:obstruct\tcadenasser\n";
  }
  options.extra_files = {good_path};
  auto loaded = EventCoder::load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  bool has_user_entry = false;
  for (const auto& entry : loaded.value()->lexicon("fr").triggers()) has_user_entry = has_user_entry || entry.file == good_path;
  EXPECT_TRUE(has_user_entry);
  std::remove(bad_path.c_str());
  std::remove(good_path.c_str());
}

}  // namespace
}  // namespace vigie::events
