// Search latency and write throughput of the store on real French news.
//
//   search_latency_bench [--db PATH] [--articles N] [--corpus PATH] [--queries N]
//
// Builds PATH (when missing) from the corpus (JSON lines: "id", "title", "published",
// "article"), repeated with a marker appended to each copy's text until N articles, so
// the copies get new content ids (and are recorded as near-duplicates). Prints write
// MB/s and articles/s (write_batch only, and end to end with the text stage), then
// p50/p95/p99 latency of ~200 queries of several kinds, and peak RSS.

#include <sys/resource.h>
#include <sys/utsname.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <string>
#include <vector>

#include "store/article_store.h"
#include "text/text_processor.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct CorpusArticle {
  std::string id, title, published, text;
};

std::vector<CorpusArticle> read_corpus(const std::string& path) {
  std::vector<CorpusArticle> corpus;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return corpus;
  std::string line;
  char buffer[1 << 16];
  while (gzgets(file, buffer, sizeof buffer) != nullptr) {
    line += buffer;
    if (line.empty() || line.back() != '\n') continue;
    try {
      auto json = nlohmann::json::parse(line);
      corpus.push_back({json.value("id", ""), json.value("title", ""), json.value("published", ""),
                        json.value("article", "")});
    } catch (const nlohmann::json::exception&) {
      // a bad line is skipped: this is a benchmark, not the ingest
    }
    line.clear();
  }
  gzclose(file);
  return corpus;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(values.size())));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path = "search_bench.db";
  std::string corpus_path = "../shared/data/news-fr-unlabeled/corpus-minus-hidden.jsonl.gz";
  size_t target_articles = 100000;
  size_t query_count = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") db_path = argv[i + 1];
    else if (flag == "--corpus") corpus_path = argv[i + 1];
    else if (flag == "--articles") target_articles = std::stoul(argv[i + 1]);
    else if (flag == "--queries") query_count = std::stoul(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  utsname machine{};
  uname(&machine);
  std::printf("machine: %s %s, %u hardware threads\n", machine.sysname, machine.machine,
              std::thread::hardware_concurrency());

  auto corpus_start = Clock::now();
  std::vector<CorpusArticle> corpus = read_corpus(corpus_path);
  if (corpus.empty()) {
    std::fprintf(stderr, "%s: no articles read\n", corpus_path.c_str());
    return 1;
  }
  std::printf("corpus: %zu articles read in %.1f s\n", corpus.size(), seconds_since(corpus_start));

  const bool is_fresh = !std::filesystem::exists(db_path);
  auto opened = vigie::store::ArticleStore::open(vigie::store::StoreOptions{db_path});
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.error().to_string().c_str());
    return 1;
  }
  auto& store = *opened.value();

  if (is_fresh) {
    vigie::text::TextProcessor processor;
    constexpr size_t kBatch = 500;
    std::vector<vigie::Article> batch;
    double write_seconds = 0;
    uint64_t text_bytes = 0;
    size_t stored = 0, near = 0, duplicates = 0;
    auto total_start = Clock::now();
    for (size_t n = 0; n < target_articles; ++n) {
      const CorpusArticle& source = corpus[n % corpus.size()];
      const size_t copy = n / corpus.size();
      vigie::Article article;
      article.text = source.text;
      if (copy > 0) article.text += " [copie " + std::to_string(copy) + "]";
      article.title = source.title;
      article.published = source.published;
      article.source_id = source.id + (copy > 0 ? "-" + std::to_string(copy) : "");
      article.source_file = "news-fr/corpus.jsonl.gz#" + std::to_string(n);
      article.format = "jsonl";
      article.lang = "fr";
      article.is_lang_from_metadata = true;
      processor.process(article);
      text_bytes += article.text.size();
      batch.push_back(std::move(article));
      if (batch.size() == kBatch || n + 1 == target_articles) {
        auto write_start = Clock::now();
        auto written = store.write_batch(batch);
        write_seconds += seconds_since(write_start);
        if (!written.ok()) {
          std::fprintf(stderr, "%s\n", written.error().to_string().c_str());
          return 1;
        }
        for (const auto& result : *written) {
          if (result.outcome == vigie::store::WriteOutcome::kStored) ++stored;
          else if (result.outcome == vigie::store::WriteOutcome::kNearDuplicate) ++near;
          else ++duplicates;
        }
        batch.clear();
      }
    }
    const double total_seconds = seconds_since(total_start);
    const double megabytes = static_cast<double>(text_bytes) / 1e6;
    std::printf("write: %zu articles, %.1f MB of text: %zu stored, %zu near-duplicates, %zu duplicates\n",
                target_articles, megabytes, stored, near, duplicates);
    std::printf("write_batch only: %.1f s, %.1f MB/s, %.0f articles/s\n", write_seconds, megabytes / write_seconds,
                static_cast<double>(target_articles) / write_seconds);
    std::printf("with text stage (one thread): %.1f s, %.1f MB/s, %.0f articles/s\n", total_seconds,
                megabytes / total_seconds, static_cast<double>(target_articles) / total_seconds);
  } else {
    std::printf("using existing %s\n", db_path.c_str());
  }
  std::printf("store file: %.1f MB\n", static_cast<double>(std::filesystem::file_size(db_path)) / 1e6);

  // Vocabulary: words of 5+ bytes from titles; phrases: adjacent word pairs from texts.
  std::mt19937 random(12345);
  std::vector<std::string> words, phrases;
  for (size_t i = 0; i < corpus.size() && i < 5000; ++i) {
    std::string word;
    std::string previous;
    for (char c : corpus[i].title + " ") {
      if (c == ' ' || c == ',' || c == ':' || c == '"' || c == '.' || c == '?' || c == '!') {
        if (word.size() >= 5) words.push_back(word);
        if (!previous.empty() && !word.empty()) phrases.push_back(previous + " " + word);
        if (!word.empty()) previous = word;
        word.clear();
      } else {
        word += c;
      }
    }
  }
  auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  struct Query {
    const char* kind;
    vigie::store::SearchQuery query;
  };
  std::vector<Query> queries;
  for (size_t i = 0; i < query_count; ++i) {
    vigie::store::SearchQuery q;
    const char* kind = "";
    switch (i % 6) {
      case 0: case 1: kind = "word"; q.text = pick(words); break;
      case 2: kind = "two words"; q.text = pick(words) + " " + pick(words); break;
      case 3: kind = "phrase"; q.text = "\"" + pick(phrases) + "\""; break;
      case 4: kind = "word+lang"; q.text = pick(words); q.lang = "fr"; break;
      case 5: kind = "word+dates"; q.text = pick(words); q.since = "2020-07"; q.until = "2020-09-30"; break;
    }
    queries.push_back({kind, q});
  }
  std::map<std::string, std::vector<double>> by_kind;
  std::vector<double> all;
  size_t failures = 0, empty = 0;
  for (const Query& q : queries) {
    auto start = Clock::now();
    auto hits = store.search(q.query);
    const double ms = seconds_since(start) * 1000;
    if (!hits.ok()) ++failures;
    else if (hits->empty()) ++empty;
    all.push_back(ms);
    by_kind[q.kind].push_back(ms);
  }
  std::printf("search: %zu queries (%zu errors, %zu without hits): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              queries.size(), failures, empty, percentile(all, 50), percentile(all, 95), percentile(all, 99),
              percentile(all, 100));
  for (const auto& [kind, times] : by_kind) {
    std::printf("  %-11s n=%3zu p50 %.2f ms p95 %.2f ms\n", kind.c_str(), times.size(), percentile(times, 50),
                percentile(times, 95));
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS: %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return failures == 0 ? 0 : 1;
}
