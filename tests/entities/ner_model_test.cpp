// Fast paths of the entities stage against plain reference implementations on generated
// input: the model's weight table (slots with tags and prefetching) and the knowledge
// base's phrase table (flat open addressing). Also the MEANTIME reader on a small file.
#include "entities/ner_model.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <unistd.h>

#include "entities/entity_tagger.h"
#include "entities/knowledge_base.h"
#include "entities/ner_trainer.h"
#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

TEST(NerModel, TableLookupMatchesAPlainSumOfWeights) {
  std::mt19937_64 rng(7);
  // 5,000 features with integer weights; one weight of 32000 makes the scale exactly 1,
  // so quantisation keeps every weight and the reference can use them as they are.
  const size_t feature_count = 5000;
  std::vector<uint64_t> hashes(feature_count);
  std::vector<float> weights(feature_count * kNumLabels);
  std::map<uint64_t, size_t> index;
  for (size_t i = 0; i < feature_count; ++i) {
    do hashes[i] = rng(); while (index.contains(hashes[i]));
    index[hashes[i]] = i;
    for (int l = 0; l < kNumLabels; ++l) weights[i * kNumLabels + l] = static_cast<float>(int(rng() % 2001) - 1000);
    weights[i * kNumLabels] = 100;  // every feature survives pruning
  }
  weights[0] = 32000;
  std::vector<float> transitions(kNumLabels * kNumLabels, 0.0f), start(kNumLabels, 0.0f);
  NerModel built("fr", "", hashes, weights, transitions, start);
  auto parsed = NerModel::parse(built.serialize(), "generated");
  ASSERT_TRUE(parsed.ok());
  for (const NerModel* model : {&built, &parsed.value()}) {
    for (int trial = 0; trial < 200; ++trial) {
      NerScratch scratch;
      const size_t n = 1 + rng() % 30;
      scratch.feature_offsets.assign(1, 0);
      std::vector<float> reference(n * kNumLabels, 0.0f);
      for (size_t i = 0; i < n; ++i) {
        const size_t features = rng() % 60;
        for (size_t k = 0; k < features; ++k) {
          // Half known features, half unknown ones (absent from the table).
          uint64_t h = rng() % 2 ? hashes[rng() % feature_count] : rng();
          scratch.features.push_back(h);
          if (auto it = index.find(h); it != index.end()) {
            for (int l = 0; l < kNumLabels; ++l) reference[i * kNumLabels + l] += weights[it->second * kNumLabels + l];
          }
        }
        scratch.feature_offsets.push_back(static_cast<uint32_t>(scratch.features.size()));
      }
      std::vector<uint8_t> labels, expected;
      std::vector<float> confidence, lattice;
      std::vector<uint8_t> back;
      model->decode(scratch, n, labels, confidence);
      viterbi_decode(reference.data(), n, transitions.data(), start.data(), lattice, back, expected);
      ASSERT_EQ(labels, expected) << "trial " << trial;
      for (size_t i = 0; i < n * kNumLabels; ++i) ASSERT_FLOAT_EQ(scratch.scores[i], reference[i]);
    }
  }
}

TEST(PhraseTable, LongestMatchMatchesABruteForceSearch) {
  std::mt19937_64 rng(11);
  const std::vector<std::string> vocabulary = {"a", "b", "c", "d", "e", "f", "g", "h"};
  PhraseTable table;
  std::map<std::string, uint32_t> reference;  // phrase -> first value
  for (uint32_t v = 0; v < 3000; ++v) {
    std::string phrase;
    for (size_t w = 0, len = 1 + rng() % 4; w < len; ++w) phrase += (w ? " " : "") + vocabulary[rng() % vocabulary.size()];
    if (table.add(phrase, v, false)) reference.emplace(phrase, v);
    else EXPECT_TRUE(reference.contains(phrase));
  }
  EXPECT_EQ(table.size(), reference.size());
  for (int trial = 0; trial < 500; ++trial) {
    std::vector<std::string> words;
    for (size_t k = 0, n = 1 + rng() % 8; k < n; ++k) words.push_back(vocabulary[rng() % vocabulary.size()]);
    std::vector<uint8_t> gaps(words.size(), 1);
    const uint32_t n = static_cast<uint32_t>(words.size());
    for (uint32_t first = 0; first < n; ++first) {
      uint32_t expected_len = 0, expected_value = 0;
      std::string phrase;
      for (uint32_t i = first; i < n && i - first < 5; ++i) {
        phrase += (i > first ? " " : "") + words[i];
        if (auto it = reference.find(phrase); it != reference.end()) {
          expected_len = i + 1 - first;
          expected_value = it->second;
        }
      }
      uint32_t value = 0;
      uint32_t len = table.longest_match(words, gaps, first, n, 5, value);
      ASSERT_EQ(len, expected_len);
      if (len > 0) ASSERT_EQ(value, expected_value);
    }
  }
}

// MEANTIME links every mention of an entity in one REFERS_TO with several sources; its
// name spans keep the article ("the Associated Press"), which FORMAT.md names do not.
TEST(NerTrainer, ReadsMeantimeMentionsWithoutTheirArticle) {
  std::string path = (std::filesystem::temp_directory_path() / "vigie_meantime_test.xml").string();
  std::ofstream(path) << R"(<Document>
<token t_id="1" sentence="0" number="0">According</token><token t_id="2" sentence="0" number="1">to</token>
<token t_id="3" sentence="0" number="2">the</token><token t_id="4" sentence="0" number="3">Associated</token>
<token t_id="5" sentence="0" number="4">Press</token><token t_id="6" sentence="0" number="5">and</token>
<token t_id="7" sentence="0" number="6">AP</token><token t_id="8" sentence="0" number="7">analyst</token>
<token t_id="9" sentence="0" number="8">Chris</token><token t_id="10" sentence="0" number="9">Weafer</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="7"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NAM"><token_anchor t_id="8"/><token_anchor t_id="9"/><token_anchor t_id="10"/></ENTITY_MENTION>
<ENTITY m_id="10" ent_type="ORG"/>
<ENTITY m_id="11" ent_type="PER"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="10"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="3"/><target m_id="11"/></REFERS_TO>
</Relations>
</Document>
)";
  auto corpus = read_ner_corpus(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(corpus.ok()) << corpus.error().to_string();
  ASSERT_EQ(corpus->size(), 1u);
  const auto& labels = (*corpus)[0].labels;
  const uint8_t o = 0, b_org = begin_label(EntityType::kOrg), i_org = inside_label(EntityType::kOrg),
                b_per = begin_label(EntityType::kPer), i_per = inside_label(EntityType::kPer);
  EXPECT_EQ(labels, (std::vector<uint8_t>{o, o, o, b_org, i_org, o, b_org, o, b_per, i_per}));
}

// With a development corpus the trainer keeps the epoch that scores best there.
TEST(NerTrainer, EarlyStoppingKeepsTheBestEpochOnDev) {
  auto dir = std::filesystem::temp_directory_path() / ("vigie_ner_dev_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream corpus(dir / "tiny.bio");
  const char* names[] = {"Dupont", "Martin", "Bernard", "Durand"};
  for (int i = 0; i < 40; ++i) corpus << "Jean B-PER\n" << names[i % 4] << " I-PER\nparle O\n. O\n\n";
  corpus.close();
  NerTrainingOptions options;
  options.train_paths = {(dir / "tiny.bio").string()};
  options.dev_paths = {(dir / "tiny.bio").string()};
  options.epochs = 4;
  auto report = train_ner(options);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_GE(report->epochs_run, 1u);
  EXPECT_LE(report->epochs_run, 4u);
  EXPECT_GT(report->dev.f1(), 0.99);
}

// English articles go to ner.en.bin (models/entities/README.md says what it was trained on).
TEST(EntityTagger, TagsEnglishWithTheEnglishModel) {
  TaggerOptions options;
  options.models_dir = std::string(VIGIE_SOURCE_DIR) + "/models";
  auto loaded = EntityTagger::load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  Article a;
  a.lang = "en";
  a.text = "German Chancellor Angela Merkel met the Secretary-General of NATO in Berlin on Monday.";
  std::string found;
  for (const Mention& m : (*loaded)->tag(a)) {
    found += std::string(found.empty() ? "" : "|") + entity_type_name(m.type) + ":" + std::string(m.span.in(a.text));
  }
  EXPECT_NE(found.find("PER:Angela Merkel"), std::string::npos) << found;
  EXPECT_NE(found.find("ORG:NATO"), std::string::npos) << found;
  EXPECT_NE(found.find("LOC:Berlin"), std::string::npos) << found;
}

}  // namespace
}  // namespace vigie::entities
