// Table-driven tests of the entities stage: tokenizer fallback, tagging with titles
// kept apart, linking, grouping, scoring, file version checks, trainer determinism.
#include "entities/entity_tagger.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "entities/entity_scorer.h"
#include "entities/fallback_tokenizer.h"
#include "entities/knowledge_base.h"
#include "entities/ner_model.h"
#include "entities/ner_trainer.h"
#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

const EntityTagger& tagger() {
  static std::unique_ptr<EntityTagger> instance = [] {
    TaggerOptions options;
    options.models_dir = std::string(VIGIE_SOURCE_DIR) + "/models";
    auto loaded = EntityTagger::load(options);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().to_string());
    return std::move(loaded.value());
  }();
  return *instance;
}

Article article(const std::string& text, const std::string& lang = "fr") {
  Article a;
  a.text = text;
  a.lang = lang;
  return a;
}

// "TYPE:text" for each mention, "|"-joined.
std::string tagged(const Article& a) {
  std::string out;
  for (const auto& m : tagger().tag(a)) {
    if (!out.empty()) out += "|";
    out += std::string(entity_type_name(m.type)) + ":" + std::string(m.span.in(a.text));
  }
  return out;
}

TEST(FallbackTokenizer, SplitsElisionsAndKeepsAbbreviations) {
  struct Row {
    const char* text;
    const char* tokens;
  } rows[] = {
      {"L'ONU s'est retirée.", "L'|ONU|s'|est|retirée|."},
      {"M. Heappey (Londres) a dit « non ».", "M.|Heappey|(|Londres|)|a|dit|«|non|»|."},
      {"the U.N. chief's visit", "the|U.N.|chief|'s|visit"},
  };
  for (const auto& row : rows) {
    std::vector<Sentence> sentences;
    std::vector<Token> tokens;
    fallback_segment(row.text, sentences, tokens);
    std::string joined;
    for (const auto& t : tokens) joined += (joined.empty() ? "" : "|") + std::string(t.span.in(row.text));
    EXPECT_EQ(joined, row.tokens) << row.text;
  }
}

TEST(TextFold, FoldsCaseAccentsAndApostrophes) {
  EXPECT_EQ(fold_key("Côte d’Ivoire"), "cote d'ivoire");
  EXPECT_EQ(fold_key("NATIONS  Unies"), "nations unies");
  EXPECT_EQ(fold_key("Œuvre Ménaka"), "oeuvre menaka");
}

TEST(EntityTagger, TagsShortSentences) {
  struct Row {
    const char* text;
    const char* lang;
    const char* expected;
  } rows[] = {
      {"Le Royaume-Uni a annoncé le retrait de ses soldats du Mali.", "fr", "LOC:Royaume-Uni|LOC:Mali"},
      {"Les Casques bleus de l'ONU quittent Bamako.", "fr", "ORG:Casques bleus|ORG:ONU|LOC:Bamako"},
      {"La CEDEAO et l'Union africaine se réunissent à Accra.", "fr", "ORG:CEDEAO|ORG:Union africaine|LOC:Accra"},
      {"Un responsable a parlé au téléphone.", "fr", ""},
      {"NATO ministers met in Brussels.", "en", "ORG:NATO|LOC:Brussels"},
  };
  for (const auto& row : rows) EXPECT_EQ(tagged(article(row.text, row.lang)), row.expected) << row.text;
}

TEST(EntityTagger, KeepsTitlesApartFromNames) {
  struct Row {
    const char* text;
    const char* name;
    const char* role;
  } rows[] = {
      {"Le président Emmanuel Macron a parlé hier.", "Emmanuel Macron", "président"},
      {"Hier, M. Heappey a confirmé le retrait.", "Heappey", "M."},
  };
  for (const auto& row : rows) {
    Article a = article(row.text);
    bool found = false;
    for (const auto& m : tagger().tag(a)) {
      if (m.span.in(a.text) == row.name) {
        found = true;
        EXPECT_EQ(m.type, EntityType::kPer) << row.text;
        EXPECT_EQ(m.role, row.role) << row.text;
      }
    }
    EXPECT_TRUE(found) << row.text << " -> " << tagged(a);
  }
}

TEST(EntityTagger, DropsNationalityWords) {
  EXPECT_EQ(tagged(article("Les Français et les Allemands sont partis.")), "");
}

TEST(EntityTagger, LinksToCanonicalRefs) {
  struct Row {
    const char* text;
    const char* name;
    const char* ref;
    const char* country;
  } rows[] = {
      {"Le Royaume-Uni s'en va.", "Royaume-Uni", "GBR", "GBR"},
      {"Il vit en Côte d’Ivoire.", "Côte d’Ivoire", "CIV", "CIV"},
      {"Les Nations unies ont voté.", "Nations unies", "United Nations", ""},
      {"La Minusma est partie.", "Minusma", "MINUSMA", "MLI"},
      {"Londres a décidé.", "Londres", "London", "GBR"},
      {"Il est arrivé à Bamako hier.", "Bamako", "Bamako", "MLI"},
  };
  for (const auto& row : rows) {
    Article a = article(row.text);
    bool found = false;
    for (const auto& m : tagger().tag(a)) {
      if (m.span.in(a.text) != row.name) continue;
      found = true;
      EXPECT_EQ(m.ref, row.ref) << row.text;
      EXPECT_EQ(m.country, row.country) << row.text;
    }
    EXPECT_TRUE(found) << row.text << " -> " << tagged(a);
  }
  EntityTagger::RefInfo info;
  ASSERT_TRUE(tagger().describe("Bamako", info));
  EXPECT_TRUE(info.has_coordinates);
  EXPECT_NEAR(info.latitude, 12.6, 0.1);
}

TEST(EntityTagger, CountryCuesFromDemonyms) {
  Article a = article("Les troupes françaises ont quitté le pays.");
  auto cues = tagger().country_cues(a);
  ASSERT_EQ(cues.size(), 1u);
  EXPECT_EQ(cues[0].span.in(a.text), "françaises");
  EXPECT_EQ(cues[0].country, "FRA");
}

TEST(GroupMentions, GroupsWithinAnArticle) {
  // Built by hand so the test checks the grouping rules, not the model.
  std::string text = "James Heappey a parlé. M. Heappey a ajouté. Heappey part. ONU, Nations unies, Minusma, MINUSMA.";
  auto span_of = [&](const std::string& s, size_t from = 0) {
    size_t p = text.find(s, from);
    return Span{static_cast<uint32_t>(p), static_cast<uint32_t>(p + s.size())};
  };
  std::vector<Mention> mentions(7);
  mentions[0].span = span_of("James Heappey");
  mentions[0].type = EntityType::kPer;
  mentions[1].span = span_of("Heappey", text.find("M. "));
  mentions[1].type = EntityType::kPer;
  mentions[2].span = span_of("Heappey", text.find("Heappey part"));
  mentions[2].type = EntityType::kPer;
  mentions[3] = {span_of("ONU"), EntityType::kOrg, "United Nations"};
  mentions[4] = {span_of("Nations unies"), EntityType::kOrg, "United Nations"};
  mentions[5] = {span_of("Minusma"), EntityType::kOrg, ""};
  mentions[6] = {span_of("MINUSMA"), EntityType::kOrg, ""};
  auto entities = group_mentions(text, mentions);
  ASSERT_EQ(entities.size(), 3u);
  EXPECT_EQ(entities[0].name, "James Heappey");
  EXPECT_EQ(entities[0].mentions.size(), 3u);
  EXPECT_EQ(entities[1].ref, "United Nations");
  EXPECT_EQ(entities[1].mentions.size(), 2u);
  EXPECT_EQ(entities[2].mentions.size(), 2u);
  EXPECT_EQ(mentions[6].entity_index, 2u);
}

TEST(EntityTagger, GroupsSurnameWithFullNameInTaggedText) {
  Article a = article("Le ministre James Heappey a annoncé le retrait. Heappey a ajouté que Londres restait engagé.");
  auto mentions = tagger().tag(a);
  std::string heappey_ref;
  for (const auto& m : mentions) {
    if (m.span.in(a.text) == "Heappey") heappey_ref = m.ref;
  }
  EXPECT_EQ(heappey_ref, "James Heappey") << tagged(a);
}

TEST(EntityScorer, ScoresDistinctPairsAndLinking) {
  std::vector<EntityPair> gold = {{"ONU", "ORG", "United Nations"}, {"Mali", "LOC", "MLI"}, {"Kisal", "ORG", ""}};
  std::vector<EntityPair> predicted = {{"ONU", "ORG", "United Nations"}, {"Mali", "LOC", "MAL"}, {"Kisal", "LOC", ""}};
  EntityScore s = score_entities(gold, predicted);
  EXPECT_EQ(s.tp, 2u);
  EXPECT_EQ(s.fp, 1u);
  EXPECT_EQ(s.fn, 1u);
  EXPECT_EQ(s.linked_correct, 1u);
  EXPECT_DOUBLE_EQ(s.linking(), 0.5);
}

TEST(ModelFiles, NewerVersionsFailWithBothVersionsAndTheRebuildCommand) {
  std::string model = "VIGIENER";
  uint32_t version = 99;
  model.append(reinterpret_cast<const char*>(&version), sizeof version);
  auto parsed = NerModel::parse(model, "entities/ner.fr.bin");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kUnsupportedVersion);
  EXPECT_NE(parsed.error().message.find("99"), std::string::npos);
  EXPECT_NE(parsed.error().message.find("(1)"), std::string::npos);
  EXPECT_NE(parsed.error().message.find("scripts/train-ner.sh"), std::string::npos);

  KnowledgeBase kb;
  Status st = kb.add_file("vigie-entities-kb\t7\n", "user.tsv", true);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kUnsupportedVersion);
  EXPECT_NE(st.error().message.find("7"), std::string::npos);
  EXPECT_NE(st.error().message.find("scripts/build-kb.sh"), std::string::npos);

  auto damaged = NerModel::parse("not a model", "x.bin");
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error().kind, ErrorKind::kInvalidInput);
}

TEST(KnowledgeBase, UserFilesExtendAndOverride) {
  KnowledgeBase kb;
  ASSERT_TRUE(kb.add_file("vigie-entities-kb\t1\nE\tUnited Nations\tORG\t\t\t\tIGO\ts\tONU|UN\n", "kb.tsv", false).ok());
  ASSERT_TRUE(kb.add_file("vigie-entities-kb\t1\n# mine\nE\tKisal\tORG\tMLI\t\t\tNGO\ts\tKisal\n", "user.tsv", true).ok());
  ASSERT_NE(kb.find_alias("kisal"), nullptr);
  EXPECT_EQ(kb.find_alias("kisal")->country, "MLI");
  EXPECT_EQ(kb.find_alias("onu")->ref, "United Nations");
  EXPECT_TRUE(kb.is_acronym_only("un"));
  Status bad = kb.add_file("vigie-entities-kb\t1\nE\tX\tBAD\t\t\t\t\t\tX\n", "bad.tsv", true);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().position, "2");
}

TEST(NerTrainer, IsDeterministicAndLearnsATinyCorpus) {
  auto dir = std::filesystem::temp_directory_path() / ("vigie_ner_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream corpus(dir / "tiny.bio");
  const char* names[] = {"Dupont", "Martin", "Bernard", "Durand", "Leroy", "Moreau"};
  const char* places[] = {"Lyon", "Lille", "Nantes", "Rennes", "Brest", "Dijon"};
  for (int i = 0; i < 60; ++i) {
    corpus << "Jean B-PER\n" << names[i % 6] << " I-PER\nest O\nné O\nà O\n" << places[(i / 6) % 6] << " B-LOC\n. O\n\n";
  }
  corpus.close();
  std::string bytes[2];
  for (int run = 0; run < 2; ++run) {
    NerTrainingOptions options;
    options.train_paths = {(dir / "tiny.bio").string()};
    options.test_paths = {(dir / "tiny.bio").string()};
    options.output_path = (dir / ("model" + std::to_string(run) + ".bin")).string();
    options.epochs = 3;
    auto report = train_ner(options);
    ASSERT_TRUE(report.ok()) << report.error().to_string();
    EXPECT_GT(report->test.f1(), 0.99);
    std::ifstream in(options.output_path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    bytes[run] = content.str();
  }
  EXPECT_FALSE(bytes[0].empty());
  EXPECT_EQ(bytes[0], bytes[1]);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vigie::entities
