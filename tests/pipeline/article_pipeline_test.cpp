#include "pipeline/article_pipeline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace vigie::pipeline {
namespace {

namespace fs = std::filesystem;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigie_pipeline_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::vector<Article> run(const std::vector<std::string>& inputs, ingest::CollectingSink& sink, int threads = 2) {
    PipelineCounters counters;
    std::vector<Article> out;
    PipelineOptions options;
    options.worker_threads = threads;
    options.batch_max_articles = 2;  // many small batches exercise the reordering
    Status status = run_pipeline(expand_inputs(inputs, sink), options, sink, counters, [&](std::vector<ProcessedArticle>& batch) {
      for (auto& processed : batch) {
        EXPECT_EQ(processed.analysis_version, 0);  // no analyzer: text only
        out.push_back(std::move(processed.article));
      }
      return Status::success();
    });
    EXPECT_TRUE(status.ok());
    return out;
  }
  fs::path dir_;
};

TEST_F(PipelineTest, SidecarMetadataAppliesToTheFileWithThatId) {
  write("c/meta.tsv", "id\tpublished\tlang\turl\ttitle\n"
                      "a1\t2022-11-15\tfr\thttps://ex.org/a1\tTitre A\n"
                      "b2\t15/11/2022\ten\t\t\n");
  write("c/a1.txt", "Le Mali a demandé le départ des troupes.\n");
  write("c/b2.txt", "The United Kingdom announced the withdrawal.\n");
  write("c/c3.txt", "Sans métadonnées.\n");
  ingest::CollectingSink sink;
  auto articles = run({(dir_ / "c").string()}, sink);
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_EQ(articles[0].source_id, "a1");
  EXPECT_EQ(articles[0].published, "2022-11-15");
  EXPECT_EQ(articles[0].title, "Titre A");
  EXPECT_EQ(articles[0].url, "https://ex.org/a1");
  EXPECT_EQ(articles[0].lang, "fr");
  EXPECT_TRUE(articles[0].published.size() == 10);
  EXPECT_EQ(articles[1].lang, "en");
  EXPECT_TRUE(articles[1].published.empty());
  EXPECT_EQ(articles[2].source_id, "c3");  // no sidecar row: the file name
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_NE(sink.errors[0].to_string().find("meta.tsv:3: published \"15/11/2022\""), std::string::npos)
      << sink.errors[0].to_string();
}

TEST_F(PipelineTest, OutputKeepsInputOrderWhateverTheThreads) {
  std::string lines;
  for (int i = 0; i < 500; ++i) lines += "{\"id\": \"" + std::to_string(i) + "\", \"text\": \"Article numéro " + std::to_string(i) + ".\"}\n";
  write("many.jsonl", lines);
  ingest::CollectingSink sink;
  auto articles = run({(dir_ / "many.jsonl").string()}, sink, 2);
  ASSERT_EQ(articles.size(), 500u);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(articles[i].source_id, std::to_string(i));
  for (const auto& article : articles) EXPECT_EQ(article.id.size(), 16u);
}

TEST_F(PipelineTest, FoldersAreWalkedInOrderSkippingHiddenFiles) {
  write("d/b.txt", "B.");
  write("d/a.txt", "A.");
  write("d/.hidden.txt", "H.");
  write("d/.git/x.txt", "X.");
  write("d/sub/c.txt", "C.");
  ingest::CollectingSink sink;
  auto files = expand_inputs({(dir_ / "d").string(), (dir_ / "missing").string()}, sink);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(fs::path(files[0]).filename(), "a.txt");
  EXPECT_EQ(fs::path(files[2]).filename(), "c.txt");
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_NE(sink.errors[0].message.find("no such file"), std::string::npos);
}

}  // namespace
}  // namespace vigie::pipeline
