#pragma once
// meta.tsv sidecars: a tab-separated file beside the articles, with a header row
// naming its columns (id, published, lang, url, title, source, author; others
// ignored). A row applies to the file whose name without extensions is its id
// ("000_64da54bbfd267b40" -> 000_64da54bbfd267b40.txt). Sidecar values win over what
// the reader found, since the user wrote them on purpose.

#include <map>
#include <mutex>
#include <string>

#include "core/article.h"
#include "ingest/article_reader.h"

namespace vigie::pipeline {

struct SidecarRow {
  std::string id, published, lang, url, title, site, author;
};

class SidecarMetadata {
 public:
  // Looks up the row for `file_path` in the meta.tsv of its folder (loaded once).
  // Problems with the sidecar are reported to `sink` once.
  const SidecarRow* find(const std::string& file_path, ingest::DiagnosticsSink& sink);

  static void apply(const SidecarRow& row, Article& article, ingest::DiagnosticsSink& sink);

 private:
  using Table = std::map<std::string, SidecarRow>;
  const Table& load(const std::string& folder, ingest::DiagnosticsSink& sink);
  std::mutex mutex_;
  std::map<std::string, Table> tables_by_folder_;
};

}  // namespace vigie::pipeline
