// End-to-end tests of the vigie program: real files in a temporary folder, the real
// binary, exit codes and messages as a user sees them.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigie_cli_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandRun vigie(const std::string& args) {
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
  void write(const std::string& name, const std::string& bytes) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  nlohmann::json stats() {
    CommandRun run = vigie("stats --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string examples() { return std::string(VIGIE_SOURCE_DIR) + "/examples"; }

  fs::path dir_;
  std::string db_;
};

std::string gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// Articles of random words, so no two are near-duplicates of each other.
std::string synthetic_jsonl(size_t count, unsigned seed) {
  static const char* words[] = {"armée", "retrait", "Mali", "soldats", "junte", "Bamako", "mission", "paix",
                                "ministre", "annonce", "troupes", "gouvernement", "frontière", "attaque",
                                "réfugiés", "accord", "sommet", "diplomates", "sanctions", "élections"};
  std::mt19937 random(seed);
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    std::string text;
    for (int w = 0; w < 120; ++w) {
      text += words[random() % 20];
      text += (w % 15 == 14) ? ". " : " ";
    }
    text += "Numéro " + std::to_string(i) + ".";
    out += nlohmann::json({{"id", std::to_string(i)}, {"title", "Dépêche " + std::to_string(i)},
                           {"published", "2022-11-15"}, {"lang", "fr"}, {"text", text}})
               .dump() +
           "\n";
  }
  return out;
}

TEST_F(CliTest, IngestsTheExamplesOnceAndSearchesThem) {
  CommandRun first = vigie("ingest " + examples());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("5 stored"), std::string::npos) << first.err;
  EXPECT_EQ(stats()["articles"], 5);

  CommandRun again = vigie("ingest --json " + examples());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto summary = nlohmann::json::parse(again.out);
  EXPECT_EQ(summary["stored"], 0);
  EXPECT_EQ(summary["duplicates"], 5);
  EXPECT_EQ(stats()["articles"], 5);

  CommandRun search = vigie("search --json --lang fr retrait");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  auto hits = nlohmann::json::parse(search.out);
  ASSERT_FALSE(hits.empty());
  EXPECT_NE(hits[0]["snippet"].get<std::string>().find('['), std::string::npos);

  CommandRun show = vigie("show --json 002_cc9ac610e8388e5b");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto article = nlohmann::json::parse(show.out);
  EXPECT_EQ(article["published"], "2022-11-15");
  EXPECT_EQ(article["lang"], "fr");
  EXPECT_FALSE(article["sentences"].empty());
}

TEST_F(CliTest, NearDuplicateIsRecordedAndShown) {
  std::string text = slurp(examples() + "/002_cc9ac610e8388e5b.txt");
  write("in/original.txt", text);
  std::string edited = text;
  edited.replace(edited.find("Royaume-Uni"), 11, "Royaume Uni");
  write("in/zz_copy.txt", edited + "\n(Avec agences)\n");
  CommandRun run = vigie("ingest --json " + path("in"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["near_duplicates"], 1);
  auto s = stats();
  EXPECT_EQ(s["articles"], 2);
  EXPECT_EQ(s["duplicates"], 1);
  CommandRun show = vigie("show zz_copy");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("near-duplicate of"), std::string::npos) << show.out;
}

TEST_F(CliTest, BadInputsAreNamedAndTheRestIsStored) {
  write("batch/good.txt", "Le Royaume-Uni a annoncé le retrait de ses troupes du Mali.\n");
  write("batch/latin1.txt", "L'arm\xe9" "e fran\xe7" "aise a quitt\xe9 le pays.\n");
  write("batch/empty.txt", "");
  write("batch/image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", 18));
  std::string compressed = gzip(synthetic_jsonl(200, 1));
  write("batch/truncated.jsonl.gz", compressed.substr(0, compressed.size() / 2));
  write("batch/lines.jsonl", "{\"text\": \"Premier article complet sur la junte.\"}\n{\"text\": broken\n");
  write("batch/zz_last.txt", "La junte de Bamako a demandé le départ des soldats.\n");
  CommandRun run = vigie("ingest --json " + path("batch"));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  for (const char* name : {"latin1.txt", "empty.txt", "image.png", "truncated.jsonl.gz", "lines.jsonl:2"}) {
    EXPECT_NE(run.err.find(std::string("batch/") + name), std::string::npos) << name << "\n" << run.err;
  }
  EXPECT_NE(run.err.find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(run.err.find("truncated gzip"), std::string::npos);
  EXPECT_NE(run.err.find("empty file"), std::string::npos);
  auto summary = nlohmann::json::parse(run.out);
  // good.txt, zz_last.txt, the first line of lines.jsonl, and what the truncated gzip gave before its end.
  EXPECT_GE(summary["stored"].get<int>(), 3);
  EXPECT_EQ(stats()["articles"], summary["stored"]);
}

TEST_F(CliTest, KilledIngestLosesNothingAndStoresNothingTwice) {
  write("big.jsonl", synthetic_jsonl(20000, 7));
  std::string command = std::string(VIGIE_CLI_PATH) + " --db " + db_ + " -q ingest " + path("big.jsonl");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + command + " >/dev/null 2>&1").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once the store has some articles committed, or after a while.
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::error_code ec;
    if (fs::exists(db_ + "-wal", ec) && fs::file_size(db_ + "-wal", ec) > 2'000'000) break;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);

  CommandRun resumed = vigie("ingest --json " + path("big.jsonl"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  auto summary = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(summary["stored"].get<int>() + summary["duplicates"].get<int>(), 20000);
  EXPECT_EQ(stats()["articles"], 20000);
}

TEST_F(CliTest, ExtractPrintsJsonLines) {
  CommandRun run = vigie("extract " + examples() + "/001_61632931916d95bd.txt");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto article = nlohmann::json::parse(run.out.substr(0, run.out.find('\n')));
  for (const char* key : {"id", "source_file", "url", "title", "published", "author", "site", "lang", "text"}) {
    EXPECT_TRUE(article.contains(key)) << key;
  }
  EXPECT_EQ(article["published"], "2022-11-17");
  EXPECT_EQ(article["id"].get<std::string>().size(), 16u);
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(vigie("").exit_code, 2);
  EXPECT_EQ(vigie("ingest").exit_code, 2);
  EXPECT_EQ(vigie("search").exit_code, 2);
  EXPECT_EQ(vigie("frobnicate").exit_code, 2);
  EXPECT_EQ(vigie("search --limit -3 x").exit_code, 2);
  EXPECT_EQ(vigie("ingest --help").exit_code, 0);
}

TEST_F(CliTest, MissingStoreAndMissingArticleAreClear) {
  CommandRun run = vigie("stats");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no store here"), std::string::npos) << run.err;
  ASSERT_EQ(vigie("ingest " + examples()).exit_code, 0);
  CommandRun show = vigie("show ffffffffffffffff");
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_NE(show.err.find("no article"), std::string::npos);
  CommandRun missing = vigie("ingest " + path("does-not-exist"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
}

}  // namespace

namespace {

TEST_F(CliTest, OversizedTextFileIsRefusedWithoutStoppingTheBatch) {
  std::string line(1000, 'a');
  line += "\n";
  std::string big;
  big.reserve(40u << 20);
  while (big.size() < (40u << 20)) big += line;
  write("large/huge.txt", big);
  write("large/small.txt", "Un petit article sur le retrait des troupes.\n");
  CommandRun run = vigie("ingest --json " + path("large"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("huge.txt: larger than 32 MiB; not read"), std::string::npos) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["stored"], 1);
}

}  // namespace
