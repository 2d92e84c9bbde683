// Facts stage: quality against gold and throughput.
//
//   facts_bench --eval DIR [--errors]      score quotes, quantities and times on DIR/*.json
//                                          (FORMAT.md gold), print FORMAT.md's scorer JSON
//   facts_bench --speed FILE.jsonl[.gz] [--limit N] [--repeat R]
//                                          run the three extractors on the "article" (or
//                                          "text") field of each line, one thread; print
//                                          tokens/s, MB/s, articles/s and peak RSS
//
// Tokens are the text stage's (TextProcessor, run before the clock starts) when it
// produces any, else the facts lexer's own; both figures are printed.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/fact_extractor.h"
#include "facts/facts_scorer.h"
#include "text/text_processor.h"

namespace {

using vigie::Article;

int usage() {
  std::fprintf(stderr,
               "usage: facts_bench --eval DIR [--errors]\n"
               "       facts_bench --speed FILE.jsonl[.gz] [--limit N] [--repeat R]\n");
  return 2;
}

int run_eval(const std::string& dir, bool with_errors) {
  auto gold = vigie::facts::load_gold_dir(dir);
  if (!gold) {
    std::fprintf(stderr, "%s\n", gold.error().to_string().c_str());
    return 1;
  }
  auto extractor = vigie::facts::FactExtractor::create();
  if (!extractor) {
    std::fprintf(stderr, "%s\n", extractor.error().to_string().c_str());
    return 1;
  }
  vigie::facts::FactsScorer scorer;
  for (auto& g : gold.value()) {
    auto facts = extractor.value()->extract(g.article);
    auto predicted = vigie::facts::facts_to_json(g.article, facts);
    scorer.add(g.article.id, g.article.text, g.article.lang, g.gold, predicted);
  }
  std::cout << scorer.to_json(with_errors).dump(2) << "\n";
  return 0;
}

std::vector<std::string> read_lines(const std::string& path, size_t limit) {
  std::vector<std::string> lines;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return lines;
  std::string current;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(f, buffer, sizeof buffer)) > 0 && lines.size() < limit) {
    for (int i = 0; i < n; ++i) {
      if (buffer[i] == '\n') {
        lines.push_back(std::move(current));
        current.clear();
        if (lines.size() >= limit) break;
      } else {
        current += buffer[i];
      }
    }
  }
  if (!current.empty() && lines.size() < limit) lines.push_back(current);
  gzclose(f);
  return lines;
}

int run_speed(const std::string& path, size_t limit, int repeat) {
  std::vector<Article> articles;
  for (const std::string& line : read_lines(path, limit)) {
    try {
      auto j = nlohmann::json::parse(line);
      Article a;
      a.text = j.value("article", j.value("text", ""));
      a.lang = j.value("lang", "fr");
      a.is_lang_from_metadata = true;
      a.published = j.value("date", std::string());
      if (a.published.size() > 10) a.published.resize(10);
      if (!a.text.empty()) articles.push_back(std::move(a));
    } catch (const nlohmann::json::exception&) {
    }
  }
  if (articles.empty()) {
    std::fprintf(stderr, "%s: no articles read\n", path.c_str());
    return 1;
  }
  vigie::text::TextProcessor processor;
  size_t text_tokens = 0, bytes = 0;
  for (auto& a : articles) {
    processor.process(a);
    text_tokens += a.tokens.size();
    bytes += a.text.size();
  }
  auto extractor = vigie::facts::FactExtractor::create();
  if (!extractor) {
    std::fprintf(stderr, "%s\n", extractor.error().to_string().c_str());
    return 1;
  }
  size_t lexer_tokens = 0, quotes = 0, quantities = 0, times = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const auto& a : articles) {
      auto facts = extractor.value()->extract(a);
      lexer_tokens += facts.token_count;
      quotes += facts.quotes.size();
      quantities += facts.quantities.size();
      times += facts.times.size();
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  struct utsname machine {};
  uname(&machine);
  double runs = repeat;
  std::printf("machine: %s %s, 1 thread\n", machine.nodename, machine.machine);
  std::printf("articles: %zu x %d, %.1f MB, text-stage tokens %zu, facts-lexer tokens %zu\n", articles.size(),
              repeat, bytes / 1e6, text_tokens, lexer_tokens / static_cast<size_t>(repeat));
  std::printf("found per pass: %zu quotes, %zu quantities, %zu times\n", quotes / repeat, quantities / repeat,
              times / repeat);
  std::printf("time: %.3f s\n", seconds);
  std::printf("facts-lexer tokens/s: %.0f\n", lexer_tokens / seconds);
  if (text_tokens > 0) std::printf("text-stage tokens/s: %.0f\n", text_tokens * runs / seconds);
  std::printf("MB/s: %.1f\n", bytes * runs / 1e6 / seconds);
  std::printf("articles/s: %.0f\n", articles.size() * runs / seconds);
  std::printf("peak RSS: %.1f MB\n", usage.ru_maxrss / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string eval_dir, speed_file;
  bool with_errors = false;
  size_t limit = 2000;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--eval" && i + 1 < argc) eval_dir = argv[++i];
    else if (arg == "--speed" && i + 1 < argc) speed_file = argv[++i];
    else if (arg == "--errors") with_errors = true;
    else if (arg == "--limit" && i + 1 < argc) limit = std::stoul(argv[++i]);
    else if (arg == "--repeat" && i + 1 < argc) repeat = std::max(1, std::stoi(argv[++i]));
    else return usage();
  }
  if (!eval_dir.empty()) return run_eval(eval_dir, with_errors);
  if (!speed_file.empty()) return run_speed(speed_file, limit, repeat);
  return usage();
}
