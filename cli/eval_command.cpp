// vigie eval --gold DIR: scores the engine against gold annotations.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "eval/evaluator.h"
#include "printing_sink.h"

namespace vigie::cli {
namespace {

struct EvalFlags {
  std::string gold_dir;
  std::string predictions_dir;
  bool is_json = false;
};

void print_field(const std::string& name, const eval::FieldScore& score) {
  std::printf("  %-11s P %.3f  R %.3f  F1 %.3f  (tp %ld, fp %ld, fn %ld)", name.c_str(), score.precision(),
              score.recall(), score.f1(), static_cast<long>(score.tp), static_cast<long>(score.fp),
              static_cast<long>(score.fn));
  for (const auto& [ratio_name, ratio] : score.ratios) {
    std::printf("  %s %.3f (%ld/%ld)", ratio_name.c_str(), ratio.value(), static_cast<long>(ratio.correct),
                static_cast<long>(ratio.total));
  }
  std::printf("\n");
}

int run_eval(const GlobalOptions& global, const EvalFlags& flags) {
  PrintingSink sink;
  eval::EvalReport report = eval::evaluate_gold_folder(flags.gold_dir, eval::make_engine_annotator(sink), sink);
  if (!flags.predictions_dir.empty()) {
    std::filesystem::create_directories(flags.predictions_dir);
    for (const auto& article : report.articles) {
      std::ofstream(std::filesystem::path(flags.predictions_dir) / (article.id + ".json"))
          << eval::annotations_to_json(article.predicted).dump(2) << "\n";
    }
  }
  if (flags.is_json) {
    std::cout << eval::eval_report_json(report).dump(2) << "\n";
  } else {
    std::printf("%zu gold files in %s\n", report.gold_files, flags.gold_dir.c_str());
    if (report.totals.empty()) std::printf("  (no field of these gold files is extracted by this build)\n");
    for (const auto& [field, score] : report.totals) print_field(field, score);
    if (!global.is_quiet) {
      for (const auto& article : report.articles) {
        std::printf("\n%s\n", article.id.c_str());
        for (const auto& [field, score] : article.scores) print_field(field, score);
      }
    }
  }
  if (report.gold_files == 0) {
    std::fprintf(stderr, "error: %s: no gold file could be scored\n", flags.gold_dir.c_str());
    return kExitSomeInputsFailed;
  }
  return sink.count() > 0 ? kExitSomeInputsFailed : kExitOk;
}

}  // namespace

void add_eval_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<EvalFlags>();
  CLI::App* command = app.add_subcommand(
      "eval", "Score the engine against gold annotations (../shared/gold/FORMAT.md): precision/recall/F1 per field");
  command->add_option("--gold", flags->gold_dir, "folder of gold JSON files")->required()->check(CLI::ExistingDirectory);
  command->add_flag("--json", flags->is_json, "print the scores as one JSON object");
  command->add_option("--predictions", flags->predictions_dir, "also write the engine's output per article here");
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_eval(global, *flags); });
}

}  // namespace vigie::cli
