// The analysis entry point: the shipped models on a small article, the options, the
// same output from several threads, and the pipeline handing analysed articles to the
// consumer.

#include "pipeline/article_analyzer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "pipeline/article_pipeline.h"
#include "text/text_processor.h"

namespace vigie::pipeline {
namespace {

const char* kText =
    "Le secrétaire d'Etat britannique aux forces armées, James Heappey, a annoncé lundi le retrait des "
    "300 soldats déployés au Mali. « Nous ne pouvons pas rester », a déclaré M. Heappey. Il a ajouté que "
    "la décision était définitive.";

Article processed_article() {
  Article article;
  article.text = kText;
  article.published = "2022-11-14";
  article.source_file = "test.txt";
  text::TextProcessor().process(article);
  return article;
}

const ArticleAnalyzer& shared_analyzer() {
  static std::unique_ptr<ArticleAnalyzer> analyzer = [] {
    auto loaded = ArticleAnalyzer::load();
    EXPECT_TRUE(loaded.ok()) << loaded.error().to_string();
    return loaded.ok() ? std::move(loaded.value()) : nullptr;
  }();
  return *analyzer;
}

TEST(ArticleAnalyzerTest, FindsEntitiesFactsAndLinksSpeakers) {
  Article article = processed_article();
  ArticleAnalysis analysis = shared_analyzer().analyze(article);
  ASSERT_FALSE(analysis.mentions.empty());
  ASSERT_FALSE(analysis.entities.empty());
  bool has_heappey = false;
  for (const entities::Mention& mention : analysis.mentions) {
    ASSERT_LT(mention.entity_index, analysis.entities.size());
    if (mention.ref == "James Heappey") has_heappey = true;
  }
  EXPECT_TRUE(has_heappey);
  EXPECT_FALSE(analysis.facts.quantities.empty());
  EXPECT_FALSE(analysis.facts.times.empty());
  ASSERT_FALSE(analysis.facts.quotes.empty());
  for (const facts::Quote& quote : analysis.facts.quotes) {
    // The direct quote ("M. Heappey") and the pronoun ("Il a ajouté") both go to him.
    EXPECT_EQ(quote.speaker.ref, "James Heappey") << quote.span.in(article.text);
  }
  nlohmann::json shaped = facts::facts_to_json(article, analysis.facts);
  EXPECT_EQ(shaped["quotes"][0]["speaker"], "James Heappey");
}

TEST(ArticleAnalyzerTest, OptionsLeaveStagesOut) {
  AnalyzerOptions options;
  options.want_entities = false;
  auto facts_only = ArticleAnalyzer::load(options);
  ASSERT_TRUE(facts_only.ok()) << facts_only.error().to_string();
  Article article = processed_article();
  ArticleAnalysis analysis = facts_only.value()->analyze(article);
  EXPECT_TRUE(analysis.mentions.empty());
  EXPECT_FALSE(analysis.facts.quotes.empty());
  EXPECT_EQ(analysis.facts.quotes[0].speaker.ref, "");  // no entities, nothing to link
  EXPECT_EQ(analysis.facts.quotes[0].speaker.name, "James Heappey");

  AnalyzerOptions missing;
  missing.extra_kb_files = {"/nonexistent/kb.tsv"};
  auto failed = ArticleAnalyzer::load(missing);
  ASSERT_FALSE(failed.ok());
}

// The analyzer codes events with the syntax stage (or without it when its model is
// missing): "a annoncé lundi le retrait des 300 soldats" is a RETREAT, and its result
// is what the coder gives on the same entities and facts, so ingest and eval agree.
TEST(ArticleAnalyzerTest, CodesEventsLikeTheCoderOnTheSameAnalysis) {
  Article article = processed_article();
  const ArticleAnalyzer& analyzer = shared_analyzer();
  ArticleAnalysis analysis = analyzer.analyze(article);
  ASSERT_FALSE(analysis.events.empty());
  bool has_retreat = false;
  for (const events::Event& event : analysis.events) {
    EXPECT_TRUE(events::is_plover_category(event.category)) << event.category;
    EXPECT_LE(event.evidence.end_byte, article.text.size());
    if (event.category == "RETREAT") has_retreat = true;
  }
  EXPECT_TRUE(has_retreat);

  auto coder = events::EventCoder::load();
  ASSERT_TRUE(coder.ok()) << coder.error().to_string();
  auto parser = syntax::SyntaxAnalyzer::load();
  syntax::ArticleSyntax parsed;
  if (parser.ok()) {
    EXPECT_TRUE(analyzer.syntax_warning().empty()) << analyzer.syntax_warning();
    parsed = parser.value()->analyze(article);
  }
  const std::vector<events::Event> direct = coder.value()->code(article, parser.ok() ? &parsed : nullptr, analysis.mentions,
                                                                analysis.country_cues, analysis.facts);
  EXPECT_EQ(events::events_to_json(article, direct), events::events_to_json(article, analysis.events));
}

TEST(ArticleAnalyzerTest, EventsNeedEntitiesAndFacts) {
  AnalyzerOptions no_events;
  no_events.want_events = false;
  auto loaded = ArticleAnalyzer::load(no_events);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  Article article = processed_article();
  EXPECT_TRUE(loaded.value()->analyze(article).events.empty());

  AnalyzerOptions facts_only;  // want_events stays true but is ignored without entities
  facts_only.want_entities = false;
  auto partial = ArticleAnalyzer::load(facts_only);
  ASSERT_TRUE(partial.ok()) << partial.error().to_string();
  EXPECT_TRUE(partial.value()->analyze(article).events.empty());
}

// A models folder without syntax/: events are still coded (clause windows), and the
// analyzer says why syntax is off instead of failing.
TEST(ArticleAnalyzerTest, MissingSyntaxModelCodesEventsWithoutSyntax) {
  namespace fs = std::filesystem;
  const fs::path models = fs::path(VIGIE_SOURCE_DIR) / "models";
  const fs::path dir = fs::temp_directory_path() / ("vigie_no_syntax_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(models)) {
    if (entry.path().filename() != "syntax") fs::create_directory_symlink(entry.path(), dir / entry.path().filename());
  }
  AnalyzerOptions options;
  options.models_dir = dir.string();
  auto loaded = ArticleAnalyzer::load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_NE(loaded.value()->syntax_warning().find("without syntax"), std::string::npos) << loaded.value()->syntax_warning();
  Article article = processed_article();
  EXPECT_FALSE(loaded.value()->analyze(article).events.empty());
  fs::remove_all(dir);
}

TEST(ArticleAnalyzerTest, ThreadsShareOneAnalyzer) {
  const ArticleAnalyzer& analyzer = shared_analyzer();
  Article article = processed_article();
  const ArticleAnalysis expected = analyzer.analyze(article);
  std::vector<std::thread> threads;
  std::vector<size_t> mismatches(4, 0);
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        ArticleAnalysis got = analyzer.analyze(article);
        if (got.mentions.size() != expected.mentions.size() || got.facts.quotes.size() != expected.facts.quotes.size() ||
            got.entities.size() != expected.entities.size()) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t count : mismatches) EXPECT_EQ(count, 0u);
}

TEST(ArticleAnalyzerTest, PipelineHandsAnalysedArticlesToTheConsumer) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("vigie_analyzer_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.txt") << "Date: 2022-11-14\n\n" << kText << "\n";
  std::ofstream(dir / "b.txt") << "Le Mali a demandé le départ des troupes françaises.\n";
  ingest::CollectingSink sink;
  PipelineCounters counters;
  PipelineOptions options;
  options.worker_threads = 2;
  options.batch_max_articles = 1;
  options.analyzer = &shared_analyzer();
  std::vector<ProcessedArticle> out;
  Status status = run_pipeline(expand_inputs({dir.string()}, sink), options, sink, counters,
                               [&](std::vector<ProcessedArticle>& batch) {
                                 for (auto& processed : batch) out.push_back(std::move(processed));
                                 return Status::success();
                               });
  fs::remove_all(dir);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(out.size(), 2u);
  for (const ProcessedArticle& processed : out) {
    EXPECT_EQ(processed.analysis_version, kAnalysisVersion);
    EXPECT_FALSE(processed.analysis.mentions.empty()) << processed.article.source_file;
    for (const auto& mention : processed.analysis.mentions) {
      EXPECT_LE(mention.span.end_byte, processed.article.text.size());  // spans survive the moves
    }
  }
  EXPECT_FALSE(out[0].analysis.facts.quotes.empty());
}

}  // namespace
}  // namespace vigie::pipeline
