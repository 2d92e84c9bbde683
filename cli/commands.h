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

}  // namespace vigie::cli
