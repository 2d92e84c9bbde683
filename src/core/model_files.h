#pragma once
// Locates committed data files (lexicons, models) under models/. Searched in order:
// $VIGIE_MODELS, the source tree this binary was built from, and
// <executable dir>/../share/vigie/models.

#include <string>

#include "core/error.h"

namespace vigie {

// `relative` is a path under models/, e.g. "lexicons/abbreviations.fr.txt".
Result<std::string> find_model_file(const std::string& relative);

// Reads a whole model file found by find_model_file.
Result<std::string> read_model_file(const std::string& relative);

}  // namespace vigie
