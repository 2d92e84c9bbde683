// Golden tests: the whole pipeline on the real sample articles in examples/, diffed
// against committed output in tests/golden/expected/. The program writes those files
// (run tests/golden/update); people review the diff and never edit them by hand.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "pipeline/article_pipeline.h"
#include "text/text_processor.h"

namespace {

namespace fs = std::filesystem;

nlohmann::json pipeline_output(const fs::path& article_path) {
  vigie::ingest::CollectingSink sink;
  std::vector<vigie::Article> articles;
  vigie::Status status = vigie::pipeline::read_input(article_path.string(), sink,
                                                     [&](vigie::Article&& a) { articles.push_back(std::move(a)); });
  EXPECT_TRUE(status.ok()) << status.error().to_string();
  EXPECT_EQ(articles.size(), 1u);
  if (articles.empty()) return {};
  vigie::Article& article = articles.front();
  vigie::text::TextProcessor processor;
  processor.process(article);
  nlohmann::json sentences = nlohmann::json::array();
  for (const auto& sentence : article.sentences) {
    std::string tokens;
    for (uint32_t i = 0; i < sentence.token_count; ++i) {
      if (i > 0) tokens += '|';
      tokens += article.tokens[sentence.first_token + i].span.in(article.text);
    }
    sentences.push_back(tokens);
  }
  return {{"id", article.id},   {"source_id", article.source_id}, {"lang", article.lang},
          {"published", article.published}, {"sentence_count", article.sentences.size()},
          {"token_count", article.tokens.size()}, {"sentences", sentences}};
}

TEST(GoldenTest, SampleArticlesMatchCommittedOutput) {
  fs::path examples = fs::path(VIGIE_SOURCE_DIR) / "examples";
  fs::path expected_dir = fs::path(VIGIE_SOURCE_DIR) / "tests" / "golden" / "expected";
  bool is_update = std::getenv("VIGIE_UPDATE_GOLDEN") != nullptr;
  size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(examples)) {
    if (entry.path().extension() != ".txt") continue;
    nlohmann::json actual = pipeline_output(entry.path());
    fs::path expected_path = expected_dir / (entry.path().stem().string() + ".json");
    if (is_update) {
      std::ofstream(expected_path) << actual.dump(1) << "\n";
      continue;
    }
    std::ifstream in(expected_path);
    ASSERT_TRUE(in.good()) << expected_path << " is missing; run tests/golden/update";
    nlohmann::json expected = nlohmann::json::parse(in);
    EXPECT_EQ(actual.dump(1), expected.dump(1)) << entry.path().filename() << " differs from " << expected_path
                                                << "; if the change is intended, run tests/golden/update and review the diff";
    ++compared;
  }
  if (!is_update) EXPECT_EQ(compared, 5u);
}

}  // namespace
