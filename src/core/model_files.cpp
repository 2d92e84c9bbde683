#include "core/model_files.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace vigie {
namespace {

std::vector<std::filesystem::path> model_roots() {
  std::vector<std::filesystem::path> roots;
  if (const char* env = std::getenv("VIGIE_MODELS"); env != nullptr && *env != '\0') roots.emplace_back(env);
#ifdef VIGIE_MODELS_DIR
  roots.emplace_back(VIGIE_MODELS_DIR);
#endif
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    roots.push_back(std::filesystem::path(exe).parent_path() / ".." / "share" / "vigie" / "models");
  }
  return roots;
}

}  // namespace

Result<std::string> find_model_file(const std::string& relative) {
  std::string tried;
  for (const auto& root : model_roots()) {
    std::filesystem::path candidate = root / relative;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    if (!tried.empty()) tried += ", ";
    tried += root.string();
  }
  return make_error(ErrorKind::kIo, relative,
                    "model file not found (looked in " + tried + "); set VIGIE_MODELS to the models/ folder");
}

Result<std::string> read_model_file(const std::string& relative) {
  auto path = find_model_file(relative);
  if (!path) return path.error();
  std::ifstream in(path.value(), std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, path.value(), "cannot open model file");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace vigie
