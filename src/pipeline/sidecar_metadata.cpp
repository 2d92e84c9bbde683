#include "pipeline/sidecar_metadata.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "ingest/iso_date.h"

namespace vigie::pipeline {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    cells.push_back(cell);
  }
  return cells;
}

// "corpus/000_64da.txt.gz" -> "000_64da"
std::string stem_without_extensions(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  size_t dot = name.find('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

const SidecarMetadata::Table& SidecarMetadata::load(const std::string& folder, ingest::DiagnosticsSink& sink) {
  auto found = tables_by_folder_.find(folder);
  if (found != tables_by_folder_.end()) return found->second;
  Table& table = tables_by_folder_[folder];
  std::filesystem::path sidecar = std::filesystem::path(folder.empty() ? "." : folder) / "meta.tsv";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sidecar, ec)) return table;
  std::string display = (std::filesystem::path(folder) / "meta.tsv").string();
  std::ifstream in(sidecar);
  std::string line;
  if (!std::getline(in, line)) return table;
  std::vector<std::string> header = split_tabs(line);
  for (auto& name : header) std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  auto column = [&](std::initializer_list<const char*> names) -> int {
    for (const char* name : names) {
      auto it = std::find(header.begin(), header.end(), name);
      if (it != header.end()) return static_cast<int>(it - header.begin());
    }
    return -1;
  };
  int id_column = column({"id", "file", "filename"});
  if (id_column < 0) {
    sink.report(make_error(ErrorKind::kInvalidInput, display, "header row has no \"id\" column; sidecar ignored", "1"));
    return table;
  }
  int published = column({"published", "date"}), lang = column({"lang", "language"}), url = column({"url", "link"});
  int title = column({"title"}), site = column({"source", "site"}), author = column({"author", "byline"});
  size_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells = split_tabs(line);
    auto cell = [&](int index) { return index >= 0 && index < static_cast<int>(cells.size()) ? cells[index] : std::string(); };
    SidecarRow row{cell(id_column), cell(published), cell(lang), cell(url), cell(title), cell(site), cell(author)};
    if (row.id.empty()) {
      sink.report(make_error(ErrorKind::kInvalidInput, display, "row without an id; skipped", std::to_string(line_number)));
      continue;
    }
    if (!row.published.empty() && !ingest::normalize_iso_date(row.published)) {
      sink.report(make_error(ErrorKind::kInvalidInput, display,
                             "published \"" + row.published + "\" is not an ISO 8601 date; ignored",
                             std::to_string(line_number)));
      row.published.clear();
    }
    table[stem_without_extensions(row.id)] = std::move(row);
  }
  return table;
}

const SidecarRow* SidecarMetadata::find(const std::string& file_path, ingest::DiagnosticsSink& sink) {
  std::lock_guard lock(mutex_);
  const Table& table = load(std::filesystem::path(file_path).parent_path().string(), sink);
  auto it = table.find(stem_without_extensions(file_path));
  return it == table.end() ? nullptr : &it->second;
}

void SidecarMetadata::apply(const SidecarRow& row, Article& article, ingest::DiagnosticsSink&) {
  if (article.source_id.empty()) article.source_id = row.id;
  if (!row.published.empty()) article.published = *ingest::normalize_iso_date(row.published);
  if (!row.lang.empty()) {
    article.lang = row.lang.substr(0, row.lang.find_first_of("-_"));
    article.is_lang_from_metadata = true;
  }
  if (!row.url.empty()) article.url = row.url;
  if (!row.title.empty()) article.title = row.title;
  if (!row.site.empty()) article.site = row.site;
  if (!row.author.empty()) article.author = row.author;
}

}  // namespace vigie::pipeline
