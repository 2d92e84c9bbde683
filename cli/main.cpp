#include <cstdio>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace vigie::cli;
  CLI::App app{"vigie: reads news and writes down what happened"};
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("--db", global.db_path, "SQLite store to use")->capture_default_str();
  app.add_flag("-q,--quiet", global.is_quiet, "print only errors and results");
  int exit_code = kExitOk;
  add_ingest_command(app, global, exit_code);
  add_extract_command(app, global, exit_code);
  add_search_command(app, global, exit_code);
  add_show_command(app, global, exit_code);
  add_stats_command(app, global, exit_code);
  add_eval_command(app, global, exit_code);
  add_entities_command(app, global, exit_code);
  add_quotes_command(app, global, exit_code);
  add_events_command(app, global, exit_code);
  add_export_command(app, global, exit_code);
  CLI::App* train = add_train_command(app);
  add_train_ner_command(*train, global, exit_code);
  add_train_syntax_commands(*train, global, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  std::fflush(stdout);
  return exit_code;
}
