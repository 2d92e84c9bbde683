// Entities stage benchmark and tools.
//
//   entities_bench [--articles N]            speed: tokens/s per core for recognition +
//                                            linking on French news from
//                                            ../shared/data/news-fr-unlabeled, peak memory
//   entities_bench gold DIR                  FORMAT.md entity scores on DIR/*.json
//   entities_bench clusters CORPUS OUT [N]   learn word clusters (scripts/train-ner.sh)
//   entities_bench train OUT LANG CLUSTERS|- KB --train F... [--test F...] [--epochs N] [--dev F...]
//   entities_bench score MODEL CLUSTERS|- KB CORPUS   scores a model file on a labelled corpus
//
// The clusters/train modes run the same library calls as `vigie train ner` (which
// scripts/train-ner.sh uses) without building the whole CLI; score checks a model file.
#include <sys/resource.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <algorithm>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "entities/entity_scorer.h"
#include "entities/entity_tagger.h"
#include "entities/fallback_tokenizer.h"
#include "entities/knowledge_base.h"
#include "entities/ner_model.h"
#include "entities/ner_trainer.h"
#include "entities/word_clusters.h"
#include "text/text_processor.h"

using namespace vigie;

namespace {

// ../shared next to the source tree, or $VIGIE_SHARED.
std::string shared_dir() {
  if (const char* env = std::getenv("VIGIE_SHARED"); env != nullptr) return env;
  return (std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "shared").lexically_normal().string();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

int run_speed(size_t max_articles) {
  double rss_before = peak_rss_mb();
  auto loaded = entities::EntityTagger::load();
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().to_string().c_str());
    return 1;
  }
  double rss_loaded = peak_rss_mb();
  std::string corpus = shared_dir() + "/data/news-fr-unlabeled/corpus-minus-hidden.jsonl.gz";
  FILE* in = popen(("gzip -dc '" + corpus + "'").c_str(), "r");
  if (in == nullptr) return 1;
  std::vector<Article> articles;
  std::vector<char> buffer(1 << 20);
  std::string line;
  while (articles.size() < max_articles && std::fgets(buffer.data(), static_cast<int>(buffer.size()), in)) {
    line += buffer.data();
    if (line.back() != '\n') continue;
    auto json = nlohmann::json::parse(line, nullptr, false);
    line.clear();
    if (!json.is_object() || !json.contains("article")) continue;
    Article a;
    a.lang = "fr";
    a.text = json["article"].get<std::string>();
    articles.push_back(std::move(a));
  }
  pclose(in);
  text::TextProcessor processor;
  size_t tokens = 0, bytes = 0, mentions = 0;
  for (auto& a : articles) {
    processor.process(a);
    a.lang = "fr";
    tokens += a.tokens.size();
    bytes += a.text.size();
  }
  if (tokens == 0) {
    // The text stage left tokens out (placeholder): count the tokens the tagger makes itself.
    std::vector<Sentence> s;
    std::vector<Token> t;
    for (const auto& a : articles) {
      entities::fallback_segment(a.text, s, t);
      tokens += t.size();
    }
  }
  // CPU time of this thread as well as wall time: on a shared machine the wall clock
  // counts other programs' turns; the CPU time is what one core spent on tagging.
  auto thread_seconds = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
  };
  auto start = std::chrono::steady_clock::now();
  double cpu_start = thread_seconds();
  for (const auto& a : articles) mentions += (*loaded)->tag(a).size();
  double cpu_seconds = thread_seconds() - cpu_start;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  utsname machine{};
  uname(&machine);
  std::printf("machine: %s %s, 1 thread\n", machine.nodename, machine.machine);
  std::printf("articles: %zu, %.1f MB of text, %zu mentions\n", articles.size(), bytes / 1e6, mentions);
  std::printf("tokens: %zu, tokens/s per core: %.0f (CPU time), %.0f (wall clock)\n", tokens, tokens / cpu_seconds,
              tokens / seconds);
  std::printf("articles/s: %.0f, MB/s: %.2f\n", articles.size() / seconds, bytes / 1e6 / seconds);
  std::printf("peak RSS: %.1f MB before load, %.1f MB with models loaded, %.1f MB at end\n", rss_before, rss_loaded,
              peak_rss_mb());
  return 0;
}

int run_gold(const std::string& dir) {
  auto loaded = entities::EntityTagger::load();
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().to_string().c_str());
    return 1;
  }
  std::vector<std::string> files;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  entities::EntityScore total;
  text::TextProcessor processor;
  for (const auto& file : files) {
    auto gold = nlohmann::json::parse(slurp(file), nullptr, false);
    std::string source = gold.value("source", "");
    std::filesystem::path text_path = std::filesystem::path(dir) / source;
    if (!std::filesystem::exists(text_path)) text_path = std::filesystem::path(dir).parent_path() / source;
    if (!std::filesystem::exists(text_path)) text_path = std::filesystem::path(dir).parent_path().parent_path() / source;
    Article a;
    a.text = slurp(text_path.string());
    a.lang = gold.value("lang", "fr");
    a.is_lang_from_metadata = true;
    processor.process(a);
    a.lang = gold.value("lang", "fr");
    auto mentions = (*loaded)->tag(a);
    auto predicted = entities::distinct_pairs(a.text, mentions);
    auto expected = entities::gold_pairs(gold, file);
    if (!expected) {
      std::fprintf(stderr, "%s\n", expected.error().to_string().c_str());
      continue;
    }
    auto score = entities::score_entities(expected.value(), predicted);
    total.add(score);
    std::printf("%s: P=%.3f R=%.3f F1=%.3f linking=%.3f (tp %llu fp %llu fn %llu)\n",
                std::filesystem::path(file).filename().c_str(), score.precision(), score.recall(), score.f1(),
                score.linking(), (unsigned long long)score.tp, (unsigned long long)score.fp,
                (unsigned long long)score.fn);
    if (std::getenv("VIGIE_BENCH_VERBOSE") != nullptr) {
      std::set<std::pair<std::string, std::string>> gold_keys, predicted_keys;
      for (const auto& g : expected.value()) gold_keys.emplace(g.text, g.type);
      for (const auto& p : predicted) predicted_keys.emplace(p.text, p.type);
      for (const auto& p : predicted) {
        std::printf("  %s %s %s [%s]\n", gold_keys.contains({p.text, p.type}) ? "ok " : "FP ", p.type.c_str(),
                    p.text.c_str(), p.ref.c_str());
      }
      for (const auto& g : expected.value()) {
        if (!predicted_keys.contains({g.text, g.type})) std::printf("  FN  %s %s [%s]\n", g.type.c_str(), g.text.c_str(), g.ref.c_str());
        else {
          for (const auto& p : predicted) {
            if (p.text == g.text && p.type == g.type && p.ref != g.ref)
              std::printf("  REF %s %s: got [%s] want [%s]\n", g.type.c_str(), g.text.c_str(), p.ref.c_str(), g.ref.c_str());
          }
        }
      }
    }
  }
  std::printf("ALL: P=%.3f R=%.3f F1=%.3f linking=%.3f (tp %llu fp %llu fn %llu)\n", total.precision(), total.recall(),
              total.f1(), total.linking(), (unsigned long long)total.tp, (unsigned long long)total.fp,
              (unsigned long long)total.fn);
  return 0;
}

int run_train(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: entities_bench train OUT LANG CLUSTERS|- KB --train F... [--test F...] [--epochs N]\n");
    return 2;
  }
  entities::NerTrainingOptions options;
  options.output_path = argv[2];
  options.lang = argv[3];
  if (std::strcmp(argv[4], "-") != 0) {
    options.clusters_path = argv[4];
    options.clusters_name = "entities/" + std::filesystem::path(argv[4]).filename().string();
  }
  options.kb_path = argv[5];
  std::vector<std::string>* target = nullptr;
  for (int i = 6; i < argc; ++i) {
    if (std::strcmp(argv[i], "--train") == 0) target = &options.train_paths;
    else if (std::strcmp(argv[i], "--test") == 0) target = &options.test_paths;
    else if (std::strcmp(argv[i], "--dev") == 0) target = &options.dev_paths;
    else if (std::strcmp(argv[i], "--epochs") == 0 && i + 1 < argc) options.epochs = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--prune") == 0 && i + 1 < argc) options.min_quantised_weight = std::atoi(argv[++i]);
    else if (target != nullptr) target->push_back(argv[i]);
  }
  auto report = entities::train_ner(options);
  if (!report) {
    std::fprintf(stderr, "%s\n", report.error().to_string().c_str());
    return 1;
  }
  std::printf("trained on %zu sentences, %zu tokens; %zu features kept; %.1f s\n", report->train_sentences,
              report->train_tokens, report->features, report->seconds);
  for (size_t e = 0; e < report->dev_f1_by_epoch.size(); ++e) {
    std::printf("epoch %zu: dev F1 %.4f\n", e + 1, report->dev_f1_by_epoch[e]);
  }
  if (!options.test_paths.empty()) std::printf("%s", report->test.to_string().c_str());
  return 0;
}

// Scores a model file on a labelled corpus; VIGIE_BENCH_VERBOSE=1 prints each sentence
// with an error (gold [..]/TYPE, predicted {..}/TYPE).
int run_score(const std::string& model_path, const std::string& clusters_path, const std::string& kb_path,
              const std::string& corpus_path) {
  auto model = entities::NerModel::parse(slurp(model_path), model_path);
  if (!model) {
    std::fprintf(stderr, "%s\n", model.error().to_string().c_str());
    return 1;
  }
  entities::WordClusters clusters;
  bool has_clusters = clusters_path != "-";
  if (has_clusters) {
    auto parsed = entities::WordClusters::parse(slurp(clusters_path), clusters_path);
    if (!parsed) return 1;
    clusters = std::move(parsed.value());
  }
  entities::KnowledgeBase kb;
  if (Status st = kb.add_file(slurp(kb_path), kb_path, false); !st) return 1;
  auto corpus = entities::read_ner_corpus(corpus_path);
  if (!corpus) {
    std::fprintf(stderr, "%s\n", corpus.error().to_string().c_str());
    return 1;
  }
  auto scores = entities::evaluate_ner(*model, has_clusters ? &clusters : nullptr, &kb, corpus.value());
  if (std::getenv("VIGIE_BENCH_VERBOSE") != nullptr) {
    entities::NerScratch scratch;
    std::vector<uint8_t> labels;
    std::vector<float> confidence;
    for (const auto& s : corpus.value()) {
      entities::NerInput input;
      for (const auto& w : s.words) input.words.emplace_back(w);
      input.gap_before = s.gap_before;
      entities::extract_features(input, has_clusters ? &clusters : nullptr, &kb, scratch);
      model->decode(scratch, s.words.size(), labels, confidence);
      if (labels == s.labels) continue;
      std::string line;
      for (size_t i = 0; i < s.words.size(); ++i) {
        auto mark = [&](const std::vector<uint8_t>& all, const char* open, const char* close) {
          uint8_t l = all[i];
          bool starts = l != 0 && entities::is_begin(l);
          bool ends = l != 0 && (i + 1 == all.size() || all[i + 1] != entities::inside_label(entities::label_type(l)));
          return std::make_tuple(starts ? open : "", ends ? close : "",
                                 ends ? entities::entity_type_name(entities::label_type(l)) : "");
        };
        auto [go, gc, gt] = mark(s.labels, "[", "]");
        auto [po, pc, pt] = mark(labels, "{", "}");
        line += std::string(" ") + go + po + s.words[i] + pc + (pc[0] ? "/" : "") + pt + gc + (gc[0] ? "/" : "") + gt;
      }
      std::printf("%s\n", line.c_str());
    }
  }
  std::printf("%s", scores.to_string().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "gold" && argc > 2) return run_gold(argv[2]);
  if (mode == "train") return run_train(argc, argv);
  if (mode == "score" && argc > 5) return run_score(argv[2], argv[3], argv[4], argv[5]);
  if (mode == "clusters" && argc > 3) {
    entities::ClusterOptions options;
    options.corpus_path = argv[2];
    options.output_path = argv[3];
    if (argc > 4) options.max_articles = std::strtoull(argv[4], nullptr, 10);
    Status st = entities::build_word_clusters(options);
    if (!st) {
      std::fprintf(stderr, "%s\n", st.error().to_string().c_str());
      return 1;
    }
    return 0;
  }
  size_t articles = 2000;
  if (mode == "--articles" && argc > 2) articles = std::strtoull(argv[2], nullptr, 10);
  return run_speed(articles);
}
