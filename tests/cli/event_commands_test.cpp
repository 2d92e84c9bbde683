// End-to-end tests of the event commands: the real binary ingests examples/ into a
// temporary store, then `vigie events`, `vigie export plover` (JSON Lines and CSV),
// `vigie show` and `vigie stats` read the events back.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class EventCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("vigie_cli_events_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
    ingest_run_ = new CommandRun(vigie("ingest --json " + std::string(VIGIE_SOURCE_DIR) + "/examples"));
  }
  static void TearDownTestSuite() {
    delete ingest_run_;
    fs::remove_all(dir_);
  }

  static CommandRun vigie(const std::string& args) {
    std::string out_path = (dir_ / "stdout").string(), err_path = (dir_ / "stderr").string();
    std::string command = std::string(VIGIE_CLI_PATH) + " --db " + db_ + " " + args + " >" + out_path + " 2>" +
                          err_path + " </dev/null";
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
  static std::vector<nlohmann::json> json_lines(const CommandRun& run) {
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<nlohmann::json> out;
    std::istringstream lines(run.out);
    std::string line;
    while (std::getline(lines, line)) {
      auto parsed = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(parsed.is_discarded()) << line;
      if (!parsed.is_discarded()) out.push_back(parsed);
    }
    return out;
  }

  static inline fs::path dir_;
  static inline std::string db_;
  static inline CommandRun* ingest_run_ = nullptr;
};

// RFC 4180 records of `csv` (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& csv) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool is_quoted = false, has_field = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (is_quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        is_quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      is_quoted = true;
      has_field = true;
    } else if (c == ',') {
      records.back().push_back(field);
      field.clear();
      has_field = false;
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      records.back().push_back(field);
      field.clear();
      has_field = false;
      records.emplace_back();
      ++i;
    } else {
      field += c;
      has_field = true;
    }
  }
  if (!field.empty() || has_field) records.back().push_back(field);
  if (records.back().empty()) records.pop_back();
  return records;
}

TEST_F(EventCommandsTest, IngestStoresEventsAndStatsCountThem) {
  ASSERT_EQ(ingest_run_->exit_code, 0) << ingest_run_->err;
  CommandRun stats = vigie("stats --json");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  nlohmann::json parsed = nlohmann::json::parse(stats.out);
  EXPECT_EQ(parsed["schema_version"], 4);
  EXPECT_GT(parsed["events"].get<int>(), 0);
  // Re-ingesting writes nothing twice.
  CommandRun again = vigie("ingest --json " + std::string(VIGIE_SOURCE_DIR) + "/examples");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  nlohmann::json after = nlohmann::json::parse(vigie("stats --json").out);
  EXPECT_EQ(after["events"], parsed["events"]);
}

TEST_F(EventCommandsTest, EventsJsonLinesCarryTheArticleAndFilter) {
  std::vector<nlohmann::json> all = json_lines(vigie("events --json --limit 0"));
  ASSERT_FALSE(all.empty());
  std::set<std::string> categories;
  for (const nlohmann::json& event : all) {
    for (const char* field : {"event", "mode", "actor", "recipient", "location", "date", "context", "text", "article_id"}) {
      EXPECT_TRUE(event.contains(field)) << field << " " << event.dump();
    }
    EXPECT_EQ(event["article_id"].get<std::string>().size(), 16u);
    categories.insert(event["event"].get<std::string>());
  }
  const std::string category = *categories.begin();
  std::vector<nlohmann::json> one = json_lines(vigie("events --json --limit 0 --event " + category));
  ASSERT_FALSE(one.empty());
  for (const nlohmann::json& event : one) EXPECT_EQ(event["event"], category);
  EXPECT_LE(one.size(), all.size());

  std::vector<nlohmann::json> limited = json_lines(vigie("events --json --limit 1"));
  EXPECT_EQ(limited.size(), 1u);
  std::vector<nlohmann::json> future = json_lines(vigie("events --json --since 2100-01-01"));
  EXPECT_TRUE(future.empty());

  CommandRun table = vigie("events");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find(category), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(" -> "), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("article " + all.front()["article_id"].get<std::string>()), std::string::npos) << table.out;
}

TEST_F(EventCommandsTest, ExportPloverJsonLinesHasPloverFieldNamesAndUniqueIds) {
  const std::string out = (dir_ / "events.jsonl").string();
  CommandRun run = vigie("export plover --out " + out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  CommandRun lines{0, slurp(out), ""};
  std::vector<nlohmann::json> records = json_lines(lines);
  ASSERT_FALSE(records.empty());
  std::set<std::string> ids;
  for (const nlohmann::json& record : records) {
    for (const char* field : {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                              "event_scale", "quad_code", "text_info", "cite_info", "size", "dead", "injured"}) {
      EXPECT_TRUE(record.contains(field)) << field;
    }
    EXPECT_TRUE(record["event"].is_array());
    ids.insert(record["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), records.size());
  std::vector<nlohmann::json> all = json_lines(vigie("events --json --limit 0"));
  EXPECT_EQ(records.size(), all.size());
}

TEST_F(EventCommandsTest, ExportPloverCsvHasTheHeaderAndQuotesRight) {
  CommandRun run = vigie("export plover --format csv");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_GT(run.out.size(), 2u);
  EXPECT_EQ(run.out.substr(0, 3), "id,");  // no byte order mark unless --bom
  auto records = parse_csv(run.out);
  ASSERT_GE(records.size(), 2u);
  const std::vector<std::string>& header = records.front();
  ASSERT_GE(header.size(), 20u);
  EXPECT_EQ(header[0], "id");
  EXPECT_EQ(header[3], "event");
  EXPECT_EQ(header[6], "actor");
  EXPECT_EQ(header[7], "recipient");
  for (size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), header.size()) << "record " << i;
    EXPECT_FALSE(records[i][3].empty());
  }
  std::vector<nlohmann::json> all = json_lines(vigie("events --json --limit 0"));
  EXPECT_EQ(records.size() - 1, all.size());
  // The evidence text column holds commas in French news: quoted, so the record parses.
  bool has_quoted = run.out.find(",\"") != std::string::npos;
  EXPECT_TRUE(has_quoted);

  CommandRun bom = vigie("export plover --format csv --bom --limit 1");
  ASSERT_EQ(bom.exit_code, 0) << bom.err;
  EXPECT_EQ(bom.out.substr(0, 6), "\xEF\xBB\xBFid,");
}

TEST_F(EventCommandsTest, ShowListsTheArticlesEvents) {
  std::vector<nlohmann::json> all = json_lines(vigie("events --json --limit 1"));
  ASSERT_EQ(all.size(), 1u);
  const std::string id = all.front()["article_id"];
  CommandRun show = vigie("show --no-sentences " + id);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find(" events:"), std::string::npos) << show.out;
  CommandRun json = vigie("show --json " + id);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json article = nlohmann::json::parse(json.out);
  ASSERT_TRUE(article["events"].is_array());
  EXPECT_FALSE(article["events"].empty());
}

TEST_F(EventCommandsTest, UsageErrors) {
  CommandRun bad_category = vigie("events --event FIGHT");
  EXPECT_EQ(bad_category.exit_code, 2);
  EXPECT_NE(bad_category.err.find("not a PLOVER category"), std::string::npos) << bad_category.err;
  CommandRun bad_date = vigie("events --since yesterday");
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("not an ISO date"), std::string::npos) << bad_date.err;
  CommandRun bad_format = vigie("export plover --format xlsx");
  EXPECT_EQ(bad_format.exit_code, 2) << bad_format.err;
  CommandRun missing_article = vigie("events --article nosuchsource");
  EXPECT_EQ(missing_article.exit_code, 1);
  CommandRun unwritable = vigie("export plover --out /nonexistent/dir/x.jsonl");
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_NE(unwritable.err.find("cannot open for writing"), std::string::npos) << unwritable.err;
}

}  // namespace
