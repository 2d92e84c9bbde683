// Ingest throughput, end to end (read -> text stage -> SQLite store with FTS5 and
// near-duplicate index), on the real French news corpus in two shapes: one JSON
// Lines file, and one text file per article; both text only (`vigie ingest
// --text-only`), plus the JSON Lines file with the full analysis (entities, facts and
// their tables, as plain `vigie ingest` does). Prints MB/s of article text, articles/s,
// peak RSS, and RSS at each quarter of the run (memory must stay flat as the corpus
// grows). Each mode runs in its own child process so peaks are not mixed.
//
//   build/ingest_throughput_bench [--corpus PATH.jsonl.gz] [--work DIR] [--limit N] [--json]
// Modes "jsonl" and "text_files" are text only (ingest --text-only); "jsonl_analysed"
// runs the analysis stages too.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "pipeline/article_analyzer.h"
#include "pipeline/article_pipeline.h"
#include "store/article_store.h"

namespace fs = std::filesystem;

namespace {

struct Options {
  std::string corpus = "../shared/data/news-fr-unlabeled/corpus-minus-hidden.jsonl.gz";
  std::string work = "/tmp/vigie-bench-ingest";
  size_t limit = 0;
  bool is_json = false;
};

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Writes corpus.jsonl and texts/NNNNN.txt once; later runs reuse them.
size_t prepare_inputs(const Options& options) {
  fs::create_directories(options.work + "/texts");
  std::string jsonl_path = options.work + "/corpus.jsonl";
  std::string done_marker = options.work + "/.prepared-" + std::to_string(options.limit);
  if (fs::exists(done_marker)) {
    std::ifstream in(done_marker);
    size_t count = 0;
    in >> count;
    return count;
  }
  gzFile in = gzopen(options.corpus.c_str(), "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", options.corpus.c_str());
    std::exit(1);
  }
  std::ofstream jsonl(jsonl_path, std::ios::binary);
  std::string line;
  char buffer[1 << 16];
  size_t count = 0;
  auto handle_line = [&](const std::string& text_line) {
    if (text_line.empty() || (options.limit > 0 && count >= options.limit)) return;
    jsonl << text_line << "\n";
    auto object = nlohmann::json::parse(text_line, nullptr, false);
    if (object.is_discarded()) return;
    char name[32];
    std::snprintf(name, sizeof name, "/texts/%05zu.txt", count);
    std::ofstream text(options.work + name, std::ios::binary);
    text << "Title: " << object.value("title", "") << "\nDate: " << object.value("published", object.value("date", ""))
         << "\n\n" << object.value("heading", "") << "\n\n" << object.value("article", "") << "\n";
    ++count;
  };
  while (gzgets(in, buffer, sizeof buffer) != nullptr) {
    line += buffer;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      handle_line(line);
      line.clear();
    }
  }
  handle_line(line);
  gzclose(in);
  std::ofstream(done_marker) << count;
  return count;
}

struct ModeResult {
  double seconds = 0;
  uint64_t articles = 0;
  uint64_t stored = 0;
  uint64_t text_bytes = 0;
  uint64_t input_bytes = 0;
  long peak_rss_kib = 0;
  std::vector<long> rss_at_quarters_kib;
};

// `is_analysed`: with the ArticleAnalyzer on the worker threads (model loading is not timed).
ModeResult run_mode(const std::vector<std::string>& inputs, const std::string& db_path, size_t expected_articles,
                    bool is_analysed = false) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);
  std::unique_ptr<vigie::pipeline::ArticleAnalyzer> analyzer;
  if (is_analysed) {
    auto loaded = vigie::pipeline::ArticleAnalyzer::load();
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().to_string().c_str());
      std::exit(1);
    }
    analyzer = std::move(loaded.value());
  }
  vigie::pipeline::PipelineOptions pipeline_options;
  pipeline_options.analyzer = analyzer.get();
  auto store = vigie::store::ArticleStore::open({db_path, false});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    std::exit(1);
  }
  vigie::ingest::CollectingSink sink;
  vigie::pipeline::PipelineCounters counters;
  ModeResult result;
  size_t next_quarter = 1;
  auto start = std::chrono::steady_clock::now();
  auto status = vigie::pipeline::run_pipeline(
      vigie::pipeline::expand_inputs(inputs, sink), pipeline_options, sink, counters,
      [&](std::vector<vigie::pipeline::ProcessedArticle>& batch) {
        std::vector<vigie::store::ArticleWrite> writes(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
          writes[i] = {&batch[i].article, batch[i].analysis_version, &batch[i].analysis.mentions,
                       &batch[i].analysis.entities, &batch[i].analysis.facts, &batch[i].analysis.events};
        }
        auto written = store.value()->write_analysed_batch(writes);
        if (!written) return vigie::Status(written.error());
        for (const auto& outcome : written.value())
          if (outcome.outcome != vigie::store::WriteOutcome::kDuplicate) ++result.stored;
        result.articles += batch.size();
        while (next_quarter <= 4 && result.articles * 4 >= expected_articles * next_quarter) {
          result.rss_at_quarters_kib.push_back(rss_kib());
          ++next_quarter;
        }
        return vigie::Status::success();
      });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!status) std::fprintf(stderr, "%s\n", status.error().to_string().c_str());
  result.text_bytes = counters.text_bytes;
  result.input_bytes = counters.input_bytes_read;
  result.peak_rss_kib = peak_rss_kib();
  if (!sink.errors.empty()) std::fprintf(stderr, "%zu input errors, first: %s\n", sink.errors.size(), sink.errors[0].to_string().c_str());
  return result;
}

// The peer: SQLite's own FTS5 (unicode61 tokenizer, accents removed, no stemming, no
// sentences, no duplicate detection) indexing the same titles and texts in
// transactions of 256 articles. vigie does more per article, so this is its ceiling.
ModeResult run_bare_fts5(const std::string& jsonl_path, const std::string& db_path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
               "CREATE TABLE a(id INTEGER PRIMARY KEY, title TEXT, text TEXT);"
               "CREATE VIRTUAL TABLE f USING fts5(title, text, content='a', content_rowid='id',"
               " tokenize='unicode61 remove_diacritics 2');",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert_row = nullptr;
  sqlite3_stmt* insert_fts = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO a VALUES(?1, ?2, ?3)", -1, &insert_row, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO f(rowid, title, text) VALUES(?1, ?2, ?3)", -1, &insert_fts, nullptr);
  std::ifstream in(jsonl_path);
  std::string line;
  ModeResult result;
  auto start = std::chrono::steady_clock::now();
  int64_t rowid = 0;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  while (std::getline(in, line)) {
    auto object = nlohmann::json::parse(line, nullptr, false);
    if (object.is_discarded()) continue;
    std::string title = object.value("title", "");
    std::string text = object.value("heading", "") + "\n\n" + object.value("article", "");
    ++rowid;
    for (sqlite3_stmt* statement : {insert_row, insert_fts}) {
      sqlite3_bind_int64(statement, 1, rowid);
      sqlite3_bind_text(statement, 2, title.data(), static_cast<int>(title.size()), SQLITE_STATIC);
      sqlite3_bind_text(statement, 3, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      sqlite3_step(statement);
      sqlite3_reset(statement);
    }
    result.text_bytes += text.size();
    ++result.articles;
    if (rowid % 256 == 0) sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stored = result.articles;
  sqlite3_finalize(insert_row);
  sqlite3_finalize(insert_fts);
  sqlite3_close(db);
  result.peak_rss_kib = peak_rss_kib();
  return result;
}

nlohmann::json result_json(const ModeResult& r) {
  return {{"seconds", r.seconds},         {"articles", r.articles},
          {"stored", r.stored},           {"text_bytes", r.text_bytes},
          {"input_bytes", r.input_bytes}, {"peak_rss_kib", r.peak_rss_kib},
          {"rss_at_quarters_kib", r.rss_at_quarters_kib}};
}

// Runs `mode` in a child process and reads its result back through a pipe.
template <typename Mode>
nlohmann::json run_in_child(Mode mode) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    std::string text = result_json(mode()).dump();
    (void)!write(fds[1], text.data(), text.size());
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  waitpid(child, nullptr, 0);
  return nlohmann::json::parse(text);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--corpus") options.corpus = value();
    else if (arg == "--work") options.work = value();
    else if (arg == "--limit") options.limit = std::stoul(value());
    else if (arg == "--json") options.is_json = true;
    else {
      std::fprintf(stderr, "usage: %s [--corpus PATH] [--work DIR] [--limit N] [--json]\n", argv[0]);
      return 2;
    }
  }
  size_t articles = prepare_inputs(options);
  nlohmann::json report;
  report["machine"] = {{"cores", std::thread::hardware_concurrency()}};
  report["corpus_articles"] = articles;
  report["jsonl"] = run_in_child([&] { return run_mode({options.work + "/corpus.jsonl"}, options.work + "/jsonl.db", articles); });
  report["text_files"] = run_in_child([&] { return run_mode({options.work + "/texts"}, options.work + "/texts.db", articles); });
  report["jsonl_analysed"] = run_in_child(
      [&] { return run_mode({options.work + "/corpus.jsonl"}, options.work + "/analysed.db", articles, true); });
  report["peer_bare_fts5"] = run_in_child([&] { return run_bare_fts5(options.work + "/corpus.jsonl", options.work + "/peer.db"); });
  if (options.is_json) {
    std::printf("%s\n", report.dump(2).c_str());
    return 0;
  }
  std::printf("ingest throughput, %zu French news articles, %u cores\n", articles, std::thread::hardware_concurrency());
  std::printf("%-15s %9s %12s %12s %10s %12s  %s\n", "input", "seconds", "text MB/s", "articles/s", "stored",
              "peak RSS MB", "RSS at 25/50/75/100% (MB)");
  for (const char* mode : {"jsonl", "text_files", "jsonl_analysed", "peer_bare_fts5"}) {
    const auto& r = report[mode];
    double seconds = r["seconds"];
    std::string quarters;
    for (const auto& kib : r["rss_at_quarters_kib"]) quarters += std::to_string(kib.get<long>() / 1024) + " ";
    std::printf("%-15s %9.2f %12.1f %12.0f %10lu %12.0f  %s\n", mode, seconds,
                r["text_bytes"].get<double>() / 1e6 / seconds, r["articles"].get<double>() / seconds,
                r["stored"].get<unsigned long>(), r["peak_rss_kib"].get<double>() / 1024, quarters.c_str());
  }
  double peer_rate = report["peer_bare_fts5"]["text_bytes"].get<double>() / report["peer_bare_fts5"]["seconds"].get<double>();
  double vigie_rate = report["jsonl"]["text_bytes"].get<double>() / report["jsonl"]["seconds"].get<double>();
  std::printf("ratio vigie jsonl / bare SQLite FTS5 (unicode61, no stemming, no sentences): %.2f\n", vigie_rate / peer_rate);
  double analysed_rate =
      report["jsonl_analysed"]["text_bytes"].get<double>() / report["jsonl_analysed"]["seconds"].get<double>();
  std::printf("jsonl, full analysis (entities, facts, events) / text only: %.2f\n", analysed_rate / vigie_rate);
  return 0;
}
