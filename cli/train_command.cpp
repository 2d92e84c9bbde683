// vigie train: rebuilds a committed model from the data in ../shared/data. Each model
// kind adds its own subcommand (train ner, train tagger, train parser) from its own
// file, so adding a model never edits another's flags.

#include "commands.h"

namespace vigie::cli {

CLI::App* add_train_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand("train", "Rebuild a model from training data (bit for bit from the same data)");
  command->require_subcommand(1);
  return command;
}

}  // namespace vigie::cli
