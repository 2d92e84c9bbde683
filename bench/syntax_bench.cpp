// Syntax stage benchmark: tokens/s per core of tagging + lemmatising + parsing
// (SyntaxAnalyzer::analyze) on French news segmented by the text stage, and on the
// English EWT test sentences; then UPOS/FEATS/lemma accuracy, UAS and LAS of the
// committed models on the UD test sets (surface tokens, see docs/SYNTAX.md); peak RSS.
//
//   syntax_bench [--articles N]     (default 2000 articles of news-fr-unlabeled)
#include <sys/resource.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model_files.h"
#include "syntax/syntax_analyzer.h"
#include "syntax/syntax_model.h"
#include "syntax/syntax_trainer.h"
#include "text/text_processor.h"

using namespace vigie;

namespace {

std::string shared_dir() {
  if (const char* env = std::getenv("VIGIE_SHARED"); env != nullptr) return env;
  return (std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "shared").lexically_normal().string();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::vector<Article> read_news(size_t max_articles) {
  std::string corpus = shared_dir() + "/data/news-fr-unlabeled/corpus-minus-hidden.jsonl.gz";
  std::vector<Article> articles;
  FILE* in = popen(("gzip -dc '" + corpus + "'").c_str(), "r");
  if (in == nullptr) return articles;
  std::vector<char> buffer(1 << 20);
  std::string line;
  while (articles.size() < max_articles && std::fgets(buffer.data(), static_cast<int>(buffer.size()), in)) {
    line += buffer.data();
    if (line.back() != '\n') continue;
    auto json = nlohmann::json::parse(line, nullptr, false);
    line.clear();
    if (!json.is_object() || !json.contains("article") || !json["article"].is_string()) continue;
    Article article;
    article.lang = "fr";
    article.is_lang_from_metadata = true;
    article.text = json["article"].get<std::string>();
    articles.push_back(std::move(article));
  }
  pclose(in);
  return articles;
}

}  // namespace

int main(int argc, char** argv) {
  size_t max_articles = 2000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--articles") == 0) max_articles = std::strtoul(argv[i + 1], nullptr, 10);
  double rss_before = peak_rss_mb();
  auto loaded = syntax::SyntaxAnalyzer::load();
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().to_string().c_str());
    return 1;
  }
  const syntax::SyntaxAnalyzer& analyzer = *loaded.value();
  double rss_loaded = peak_rss_mb();
  utsname machine{};
  uname(&machine);
  std::printf("machine: %s %s, 1 thread\n", machine.nodename, machine.machine);

  std::vector<Article> articles = read_news(max_articles);
  text::TextProcessor processor;
  size_t tokens = 0;
  for (Article& article : articles) {
    processor.process(article);
    article.lang = "fr";
    tokens += article.tokens.size();
  }
  size_t roots = 0;
  auto start = std::chrono::steady_clock::now();
  for (const Article& article : articles) {
    syntax::ArticleSyntax syntax = analyzer.analyze(article);
    for (const syntax::TokenSyntax& token : syntax.tokens) roots += token.head < 0 ? 1 : 0;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("fr news: %zu articles, %zu tokens, %zu sentences parsed: %.0f tokens/s per core, %.0f articles/s\n",
              articles.size(), tokens, roots, static_cast<double>(tokens) / seconds,
              static_cast<double>(articles.size()) / seconds);

  struct TestSet {
    const char* lang;
    std::string path;
  };
  const std::string ud = shared_dir() + "/data/ud/";
  const TestSet tests[] = {
      {"fr", ud + "french-gsd/fr_gsd-ud-test.conllu"},
      {"fr", ud + "french-sequoia/fr_sequoia-ud-test.conllu"},
      {"fr", ud + "french-pud/fr_pud-ud-test.conllu"},
      {"en", ud + "english-ewt/en_ewt-ud-test.conllu"},
  };
  for (const TestSet& test : tests) {
    auto sentences = syntax::read_surface_sentences({test.path}, test.lang);
    if (!sentences) {
      std::fprintf(stderr, "%s\n", sentences.error().to_string().c_str());
      continue;
    }
    auto path = find_model_file(std::string("syntax/") + test.lang + ".syntax");
    if (!path) {
      std::fprintf(stderr, "%s\n", path.error().to_string().c_str());
      return 1;
    }
    auto model = syntax::SyntaxModel::load_file(path.value());
    if (!model) {
      std::fprintf(stderr, "%s\n", model.error().to_string().c_str());
      return 1;
    }
    size_t test_tokens = 0;
    for (const auto& sentence : sentences.value()) test_tokens += sentence.size();
    auto test_start = std::chrono::steady_clock::now();
    syntax::SyntaxScores scores = syntax::score_syntax_model(*model.value(), sentences.value());
    double test_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - test_start).count();
    std::printf("%s: %zu sentences, %zu surface tokens: UPOS %.2f%%  FEATS %.2f%%  lemma %.2f%%  UAS %.2f%%  "
                "LAS %.2f%%  (universal relations %.2f%%); %.0f tokens/s\n",
                std::filesystem::path(test.path).filename().c_str(), scores.sentence_count, scores.token_count,
                100 * scores.upos_accuracy, 100 * scores.feats_accuracy, 100 * scores.lemma_accuracy, 100 * scores.uas,
                100 * scores.las, 100 * scores.las_universal, static_cast<double>(test_tokens) / test_seconds);
  }
  std::printf("peak RSS: %.1f MB before load, %.1f MB with models loaded, %.1f MB at end\n", rss_before, rss_loaded,
              peak_rss_mb());
  return 0;
}
