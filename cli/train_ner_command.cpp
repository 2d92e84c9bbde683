// vigie train ner: rebuilds the entities models (word clusters, then the averaged
// perceptron) from labelled corpora and unlabelled news. Deterministic: the same
// inputs give the same bytes; scripts/train-ner.sh runs it for every shipped model.
// Formats and the training method: docs/ENTITIES.md and entities/ner_trainer.h.

#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "entities/ner_trainer.h"
#include "entities/word_clusters.h"

namespace vigie::cli {
namespace {

struct TrainNerFlags {
  entities::NerTrainingOptions options;
  std::string corpus_path;     // unlabelled news: when set, clusters are learned into clusters_path
  std::string clusters_path;   // cluster file to write (with corpus_path) or to read; empty: none
  size_t max_articles = 0;     // 0: the whole unlabelled corpus
};

int run_train_ner(const GlobalOptions& global, TrainNerFlags& flags) {
  entities::NerTrainingOptions& options = flags.options;
  if (!flags.corpus_path.empty()) {
    if (flags.clusters_path.empty()) {
      std::fprintf(stderr, "error: --corpus needs --clusters FILE to write the word clusters to\n");
      return kExitUsage;
    }
    entities::ClusterOptions cluster_options;
    cluster_options.corpus_path = flags.corpus_path;
    cluster_options.output_path = flags.clusters_path;
    cluster_options.max_articles = flags.max_articles;
    if (!global.is_quiet) std::printf("learning word clusters from %s\n", flags.corpus_path.c_str());
    if (Status st = entities::build_word_clusters(cluster_options); !st) {
      std::fprintf(stderr, "error: %s\n", st.error().to_string().c_str());
      return kExitSomeInputsFailed;
    }
    if (!global.is_quiet) std::printf("wrote %s\n", flags.clusters_path.c_str());
  }
  if (!flags.clusters_path.empty()) {
    options.clusters_path = flags.clusters_path;
    // The model names its cluster file as the tagger finds it under models/.
    options.clusters_name = "entities/" + std::filesystem::path(flags.clusters_path).filename().string();
  }
  if (options.train_paths.empty()) {
    if (!flags.corpus_path.empty()) return kExitOk;  // clusters only
    std::fprintf(stderr, "error: no --train corpus given\n");
    return kExitUsage;
  }
  auto report = entities::train_ner(options);
  if (!report) {
    std::fprintf(stderr, "error: %s\n", report.error().to_string().c_str());
    return report.error().kind == ErrorKind::kUsage ? kExitUsage : kExitSomeInputsFailed;
  }
  if (!global.is_quiet) {
    std::printf("trained on %zu sentences, %zu tokens; %zu features kept; %.1f s\n", report->train_sentences,
                report->train_tokens, report->features, report->seconds);
    for (size_t e = 0; e < report->dev_f1_by_epoch.size(); ++e) {
      std::printf("epoch %zu: dev F1 %.4f\n", e + 1, report->dev_f1_by_epoch[e]);
    }
    if (!options.dev_paths.empty()) {
      std::printf("kept the model after %zu epochs (best on the development corpus)\n", report->epochs_run);
    }
    if (!options.output_path.empty()) std::printf("wrote %s\n", options.output_path.c_str());
  }
  if (!options.test_paths.empty()) {
    std::printf("test (exact span and type):\n%s", report->test.to_string().c_str());
  }
  return kExitOk;
}

}  // namespace

void add_train_ner_command(CLI::App& train, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<TrainNerFlags>();
  CLI::App* command = train.add_subcommand(
      "ner", "Train the named-entity model (and its word clusters); prints test precision, recall and F1");
  command->add_option("--lang", flags->options.lang, "language of the model (fr, en)")->capture_default_str();
  command->add_option("--train", flags->options.train_paths,
                      "labelled corpora: Sequoia CoNLL-U, BIO/IOB1, HIPE .tsv, MEANTIME .xml files or directories");
  command->add_option("--dev", flags->options.dev_paths,
                      "labelled corpora for early stopping: the epoch count that scores best here is kept");
  command->add_option("--test", flags->options.test_paths, "held-out labelled corpora scored after training");
  command->add_option("--epochs", flags->options.epochs, "perceptron passes over the training data")
      ->capture_default_str();
  command->add_option("--seed", flags->options.seed, "shuffling seed")->capture_default_str();
  command->add_option("--prune", flags->options.min_quantised_weight,
                      "keep a feature only when a weight exceeds this, of 32000 for the largest")
      ->capture_default_str();
  command->add_option("--kb", flags->options.kb_path, "knowledge base for gazetteer features (models/entities/kb.tsv)");
  command->add_option("--clusters", flags->clusters_path,
                      "word-cluster file: written when --corpus is given, else read; omitted: no cluster features");
  command->add_option("--corpus", flags->corpus_path,
                      "unlabelled news (JSON Lines, .gz allowed) to learn the word clusters from");
  command->add_option("--max-articles", flags->max_articles, "read at most this many unlabelled articles (0: all)");
  command->add_option("--out", flags->options.output_path, "model file to write (models/entities/ner.LANG.bin)");
  command->callback([&global, &exit_code, flags] { exit_code = run_train_ner(global, *flags); });
}

}  // namespace vigie::cli
