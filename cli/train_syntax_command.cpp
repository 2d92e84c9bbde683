// vigie train syntax|tagger|parser: trains the UD tagger, lemmatiser and dependency
// parser of one language (src/syntax/syntax_trainer.h), scores it on test treebanks
// and writes the model file. `syntax` and `parser` build the whole model; `tagger`
// trains only the tagger and lemmatiser, for quick experiments, and writes nothing.
// scripts/train-syntax.sh rebuilds the committed models with these commands.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "syntax/syntax_trainer.h"

namespace vigie::cli {
namespace {

struct TrainSyntaxFlags {
  std::string lang = "fr";
  std::vector<std::string> train_files;
  std::vector<std::string> test_files;
  std::string out_path;
  int epochs = 0;  // 0: the defaults of SyntaxTrainingOptions
  int tagger_epochs = 0;
  int parser_epochs = 0;
  int folds = 4;
  uint64_t seed = 1;
  long prune_below = syntax::SyntaxTrainingOptions().prune_below;
};

enum class TrainKind { kSyntax, kTagger, kParser };

int run_train_syntax(const GlobalOptions& global, const TrainSyntaxFlags& flags, TrainKind kind) {
  if (flags.lang != "fr" && flags.lang != "en") {
    std::fprintf(stderr, "error: --lang must be fr or en, not \"%s\"\n", flags.lang.c_str());
    return kExitUsage;
  }
  syntax::SyntaxTrainingOptions options;
  options.lang = flags.lang;
  options.train_files = flags.train_files;
  options.jackknife_folds = flags.folds;
  options.seed = flags.seed;
  options.prune_below = flags.prune_below;
  options.is_tagger_only = kind == TrainKind::kTagger;
  if (flags.epochs > 0) {
    if (kind == TrainKind::kParser) options.parser_epochs = flags.epochs;
    else if (kind == TrainKind::kTagger) options.tagger_epochs = flags.epochs;
    else options.tagger_epochs = options.parser_epochs = flags.epochs;
  }
  if (flags.tagger_epochs > 0) options.tagger_epochs = flags.tagger_epochs;
  if (flags.parser_epochs > 0) options.parser_epochs = flags.parser_epochs;

  // Read the test files first so a typo fails before minutes of training.
  std::vector<std::vector<std::vector<syntax::ConllWord>>> tests;
  for (const std::string& file : flags.test_files) {
    auto sentences = syntax::read_surface_sentences({file}, flags.lang);
    if (!sentences) {
      std::fprintf(stderr, "error: %s\n", sentences.error().to_string().c_str());
      return kExitSomeInputsFailed;
    }
    tests.push_back(std::move(sentences.value()));
  }
  auto started = std::chrono::steady_clock::now();
  auto model = syntax::train_syntax_model(options, [&](const std::string& line) {
    if (!global.is_quiet) std::fprintf(stderr, "%s\n", line.c_str());
  });
  if (!model) {
    std::fprintf(stderr, "error: %s\n", model.error().to_string().c_str());
    return kExitSomeInputsFailed;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const syntax::SyntaxModel& trained = *model.value();
  std::printf("trained %s in %.0f s: %zu tag classes, %zu tagger features, %zu lemma entries, %zu lemma rules",
              flags.lang.c_str(), seconds, trained.tagger().classes().size(),
              trained.tagger().weights().feature_count(), trained.lemmatizer().dictionary_size(),
              trained.lemmatizer().rule_count());
  if (kind != TrainKind::kTagger)
    std::printf(", %zu relations, %zu transition features, %zu label features", trained.parser().labels().size(),
                trained.parser().transitions().feature_count(), trained.parser().labeller().feature_count());
  std::printf("\n");
  for (size_t t = 0; t < tests.size(); ++t) {
    syntax::SyntaxScores scores = syntax::score_syntax_model(trained, tests[t]);
    std::printf("%s: %zu sentences, %zu surface tokens: UPOS %.2f%%  FEATS %.2f%%  lemma %.2f%%",
                flags.test_files[t].c_str(), scores.sentence_count, scores.token_count, 100 * scores.upos_accuracy,
                100 * scores.feats_accuracy, 100 * scores.lemma_accuracy);
    if (kind != TrainKind::kTagger)
      std::printf("  UAS %.2f%%  LAS %.2f%%  (universal relations %.2f%%)", 100 * scores.uas, 100 * scores.las,
                  100 * scores.las_universal);
    std::printf("\n");
  }
  if (kind == TrainKind::kTagger || flags.out_path.empty()) return kExitOk;
  std::string bytes = trained.serialize();
  std::string temporary = flags.out_path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "error: %s: cannot write the model file\n", temporary.c_str());
      return kExitSomeInputsFailed;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, flags.out_path, ec);
  if (ec) {
    std::fprintf(stderr, "error: %s: cannot rename to %s: %s\n", temporary.c_str(), flags.out_path.c_str(),
                 ec.message().c_str());
    return kExitSomeInputsFailed;
  }
  std::printf("wrote %s (%zu bytes)\n", flags.out_path.c_str(), bytes.size());
  return kExitOk;
}

void add_one(CLI::App& train, GlobalOptions& global, int& exit_code, const char* name, const char* description,
             TrainKind kind) {
  auto flags = std::make_shared<TrainSyntaxFlags>();
  CLI::App* command = train.add_subcommand(name, description);
  command->add_option("--lang", flags->lang, "fr or en")->capture_default_str();
  command->add_option("--train", flags->train_files, "CoNLL-U training files")->required()->check(CLI::ExistingFile);
  command->add_option("--test,--dev", flags->test_files, "CoNLL-U files to score the model on")
      ->check(CLI::ExistingFile);
  if (kind != TrainKind::kTagger) command->add_option("--out", flags->out_path, "model file to write");
  command->add_option("--epochs", flags->epochs, "training passes (over both tagger and parser for `syntax`)");
  if (kind != TrainKind::kTagger) {
    command->add_option("--tagger-epochs", flags->tagger_epochs, "tagger training passes (default 10)");
    command->add_option("--parser-epochs", flags->parser_epochs, "parser training passes (default 15)");
    command->add_option("--folds", flags->folds, "jackknife folds for the parser's training tags")
        ->capture_default_str();
  }
  command->add_option("--seed", flags->seed, "shuffling seed")->capture_default_str();
  command->add_option("--prune", flags->prune_below, "drop quantised weights below this (of 32767)")
      ->capture_default_str();
  command->callback([&global, &exit_code, flags, kind] { exit_code = run_train_syntax(global, *flags, kind); });
}

}  // namespace

void add_train_syntax_commands(CLI::App& train, GlobalOptions& global, int& exit_code) {
  add_one(train, global, exit_code, "syntax", "Train the UD tagger, lemmatiser and parser of one language",
          TrainKind::kSyntax);
  add_one(train, global, exit_code, "tagger", "Train and score only the UD tagger and lemmatiser (writes nothing)",
          TrainKind::kTagger);
  add_one(train, global, exit_code, "parser", "Train the UD parser (with its tagger and lemmatiser) of one language",
          TrainKind::kParser);
}

}  // namespace vigie::cli
