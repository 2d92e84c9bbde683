#pragma once
// The vigie command line: each subcommand parses its flags, calls the library and
// prints. Exit codes: 0 success, 1 some inputs failed, 2 usage errors.

#include <CLI/CLI.hpp>

#include <string>

namespace vigie::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeInputsFailed = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string db_path = "vigie.db";
  bool is_quiet = false;
};

// Each adds its subcommand; the callback stores the exit code in `exit_code`.
void add_ingest_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_extract_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_search_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_show_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_stats_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_eval_command(CLI::App& app, GlobalOptions& global, int& exit_code);
// `vigie entities`, `vigie quotes` (cli/analysis_commands.cpp).
void add_entities_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_quotes_command(CLI::App& app, GlobalOptions& global, int& exit_code);
// `vigie events`, `vigie export plover` (cli/event_commands.cpp).
void add_events_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_export_command(CLI::App& app, GlobalOptions& global, int& exit_code);

// `vigie train`: the parent of one subcommand per model kind, each added by its own file.
CLI::App* add_train_command(CLI::App& app);
// `vigie train ner` (cli/train_ner_command.cpp).
void add_train_ner_command(CLI::App& train, GlobalOptions& global, int& exit_code);
// `vigie train syntax`, `vigie train tagger`, `vigie train parser` (cli/train_syntax_command.cpp).
void add_train_syntax_commands(CLI::App& train, GlobalOptions& global, int& exit_code);

}  // namespace vigie::cli
