// End-to-end tests of the analysis commands: the real binary ingests examples/ into a
// temporary store, then `vigie entities`, `vigie quotes`, `vigie search --entity` and
// `vigie show` read it back.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// One store for the whole suite: ingesting with the models is the slow part.
class AnalysisCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("vigie_cli_analysis_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
    ingest_run_ = new CommandRun(vigie("ingest --json " + std::string(VIGIE_SOURCE_DIR) + "/examples"));
  }
  static void TearDownTestSuite() {
    delete ingest_run_;
    fs::remove_all(dir_);
  }

  static CommandRun vigie(const std::string& args, const std::string& db = "") {
    std::string out_path = (dir_ / "stdout").string(), err_path = (dir_ / "stderr").string();
    std::string command = std::string(VIGIE_CLI_PATH) + " --db " + (db.empty() ? db_ : db) + " " + args + " >" +
                          out_path + " 2>" + err_path + " </dev/null";
    int status = std::system(command.c_str());
    CommandRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(out_path);
    run.err = slurp(err_path);
    return run;
  }
  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static nlohmann::json json_of(const CommandRun& run) {
    EXPECT_EQ(run.exit_code, 0) << run.err;
    auto parsed = nlohmann::json::parse(run.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << run.out;
    return parsed;
  }

  static inline fs::path dir_;
  static inline std::string db_;
  static inline CommandRun* ingest_run_ = nullptr;
};

TEST_F(AnalysisCommandsTest, IngestStoresTheAnalysis) {
  ASSERT_EQ(ingest_run_->exit_code, 0) << ingest_run_->err;
  nlohmann::json stats = json_of(vigie("stats --json"));
  EXPECT_EQ(stats["articles"], 5);
  EXPECT_EQ(stats["schema_version"], 4);
  EXPECT_EQ(stats["unanalysed"], 0);
  EXPECT_GT(stats["mentions"].get<int>(), 20);
  EXPECT_GT(stats["quotes"].get<int>(), 10);
}

TEST_F(AnalysisCommandsTest, EntitiesAcrossTheStoreAndForOneArticle) {
  nlohmann::json top = json_of(vigie("entities --json --top 5"));
  ASSERT_EQ(top.size(), 5u);
  EXPECT_EQ(top[0]["ref"], "MLI");  // every example is about Mali
  EXPECT_EQ(top[0]["articles"], 5);
  for (size_t i = 1; i < top.size(); ++i) EXPECT_LE(top[i]["articles"], top[i - 1]["articles"]);

  nlohmann::json people = json_of(vigie("entities --json --type PER"));
  ASSERT_FALSE(people.empty());
  for (const auto& entity : people) EXPECT_EQ(entity["type"], "PER");

  nlohmann::json one = json_of(vigie("entities --json --article 002_cc9ac610e8388e5b"));
  bool has_heappey = false;
  for (const auto& entity : one) {
    ASSERT_FALSE(entity["mentions"].empty());
    if (entity["ref"] == "James Heappey") has_heappey = true;
  }
  EXPECT_TRUE(has_heappey) << one.dump();

  CommandRun text = vigie("entities --top 3");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("MLI"), std::string::npos) << text.out;
}

TEST_F(AnalysisCommandsTest, QuotesBySpeaker) {
  nlohmann::json all = json_of(vigie("quotes --json --limit 1000"));
  EXPECT_GT(all.size(), 10u);
  nlohmann::json heappey = json_of(vigie("quotes --json --speaker \"James Heappey\""));
  ASSERT_FALSE(heappey.empty());
  for (const auto& quote : heappey) {
    EXPECT_EQ(quote["speaker"], "James Heappey");
    EXPECT_FALSE(quote["text"].get<std::string>().empty());
  }
  nlohmann::json in_article = json_of(vigie("quotes --json --article 002_cc9ac610e8388e5b"));
  ASSERT_FALSE(in_article.empty());
  const std::string id = json_of(vigie("show --json 002_cc9ac610e8388e5b"))["id"];
  for (const auto& quote : in_article) EXPECT_EQ(quote["article_id"], id);

  CommandRun missing = vigie("quotes --article 999_nosuchsource");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no article"), std::string::npos) << missing.err;
}

TEST_F(AnalysisCommandsTest, SearchByEntity) {
  nlohmann::json by_ref = json_of(vigie("search --json --entity \"James Heappey\""));
  ASSERT_FALSE(by_ref.empty());
  EXPECT_NE(by_ref[0]["snippet"].get<std::string>().find("Heappey]"), std::string::npos);
  nlohmann::json by_name = json_of(vigie("search --json --entity Heappey"));
  EXPECT_EQ(by_name.size(), by_ref.size());
  nlohmann::json with_words = json_of(vigie("search --json --entity MLI retrait"));
  EXPECT_FALSE(with_words.empty());
  nlohmann::json nobody = json_of(vigie("search --json --entity \"Nobody At All\""));
  EXPECT_TRUE(nobody.empty());
  CommandRun neither = vigie("search");
  EXPECT_EQ(neither.exit_code, 2);
}

TEST_F(AnalysisCommandsTest, ShowListsTheAnalysis) {
  CommandRun show = vigie("show --no-sentences 002_cc9ac610e8388e5b");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  for (const char* part : {"entities:", "quantities:", "times:", "quotes:", "James Heappey"}) {
    EXPECT_NE(show.out.find(part), std::string::npos) << part << "\n" << show.out;
  }
  nlohmann::json article = json_of(vigie("show --json 002_cc9ac610e8388e5b"));
  EXPECT_EQ(article["analysis_version"], 2);  // pipeline::kAnalysisVersion
  EXPECT_FALSE(article["entities"].empty());
  EXPECT_FALSE(article["quotes"].empty());
  EXPECT_TRUE(article["quantities"].is_array());
  EXPECT_TRUE(article["times"].is_array());
}

TEST_F(AnalysisCommandsTest, UndatedAndTextOnlyArticlesSaySo) {
  const std::string db = (dir_ / "undated.db").string();
  std::ofstream(dir_ / "undated.txt") << "Le Mali a annoncé hier le départ de l'ambassadeur de France, a indiqué une source.\n";
  CommandRun ingest = vigie("ingest " + (dir_ / "undated.txt").string(), db);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  CommandRun show = vigie("show undated", db);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("undated: relative dates left unresolved"), std::string::npos) << show.out;

  const std::string text_only_db = (dir_ / "text_only.db").string();
  ingest = vigie("ingest --text-only " + (dir_ / "undated.txt").string(), text_only_db);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  show = vigie("show undated", text_only_db);
  EXPECT_NE(show.out.find("not analysed"), std::string::npos) << show.out;
  nlohmann::json stats = json_of(vigie("stats --json", text_only_db));
  EXPECT_EQ(stats["unanalysed"], 1);
}

TEST_F(AnalysisCommandsTest, ExtractPrintsTheAnalysisWhenAsked) {
  const std::string input = std::string(VIGIE_SOURCE_DIR) + "/examples/002_cc9ac610e8388e5b.txt";
  CommandRun plain = vigie("extract " + input);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  nlohmann::json line = nlohmann::json::parse(plain.out);
  EXPECT_FALSE(line.contains("entities"));
  CommandRun analysed = vigie("extract --analysis " + input);
  ASSERT_EQ(analysed.exit_code, 0) << analysed.err;
  line = nlohmann::json::parse(analysed.out);
  EXPECT_FALSE(line["entities"].empty());
  EXPECT_FALSE(line["quotes"].empty());
  EXPECT_EQ(line["analysis_version"], 2);
}

TEST_F(AnalysisCommandsTest, HelpAndUsageErrors) {
  for (const char* command : {"entities", "quotes", "search", "show", "ingest", "extract"}) {
    CommandRun help = vigie(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find(std::string(command) == "extract" ? "--analysis" : "--json"), std::string::npos)
        << command << "\n" << help.out;
  }
  CommandRun bad_type = vigie("entities --type PERSON");
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_NE(bad_type.err.find("PER, ORG, LOC or MISC"), std::string::npos) << bad_type.err;
  CommandRun bad_top = vigie("entities --top 0");
  EXPECT_EQ(bad_top.exit_code, 2);
  CommandRun missing_store = vigie("quotes", (dir_ / "none.db").string());
  EXPECT_EQ(missing_store.exit_code, 1);
  EXPECT_NE(missing_store.err.find("no store here"), std::string::npos);
}

}  // namespace
