#pragma once
// The store: one SQLite file (WAL mode) with a versioned schema (docs/STORE.md),
// articles with their metadata and sentences, an FTS5 index per language with a
// stemming, accent-insensitive tokenizer, and a SimHash index of near-duplicates.
//
// An ArticleStore owns one connection and is not thread-safe; open one per thread.
// Writes go in batches, one transaction each: an article is stored whole or not at all,
// so a killed ingest loses nothing already committed and a re-run stores nothing twice.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/error.h"

namespace vigie::store {

struct StoreOptions {
  std::string path = "vigie.db";
  bool is_read_only = false;
  // Fingerprints at most this many bits apart are near-duplicates; 0..3, since the band
  // index finds candidates by pigeonhole over 4 bands.
  int near_duplicate_max_bits = 3;
};

enum class WriteOutcome {
  kStored,         // new article
  kNearDuplicate,  // new article, recorded as a near-copy of an earlier one
  kDuplicate,      // same content id already stored: nothing written
};

struct WriteResult {
  WriteOutcome outcome = WriteOutcome::kStored;
  std::string duplicate_of;  // id of the earlier article for kNearDuplicate / kDuplicate
};

struct SearchQuery {
  std::string text;       // words, "phrases", AND / OR / NOT, parentheses, prefix*
  std::string lang;       // empty: all languages
  std::string source;     // substring of source file, site or URL; empty: any
  std::string since;      // ISO date, inclusive; empty: no bound
  std::string until;      // ISO date, inclusive; empty: no bound
  int limit = 10;
};

struct SearchHit {
  std::string id;
  std::string title;
  std::string published;
  std::string lang;
  std::string source_file;
  std::string url;
  double score = 0;     // BM25, higher is better
  std::string snippet;  // with matches between "[" and "]"
};

struct StoredArticle {
  Article article;             // with sentences and their tokens, decoded from the store
  std::string duplicate_of;    // non-empty for a near-duplicate
  std::vector<std::string> near_duplicates;  // later articles recorded as copies of this one
  std::string ingested_at;
};

struct CountByKey {
  std::string key;
  int64_t count = 0;
};

struct StoreStats {
  int64_t articles = 0;
  int64_t sentences = 0;
  int64_t near_duplicates = 0;
  int64_t text_bytes = 0;
  std::vector<CountByKey> by_lang;
  std::vector<CountByKey> by_source;  // site, else the top folder of the source file
  std::vector<CountByKey> by_month;   // "2022-11", "undated"
  int schema_version = 0;
};

class ArticleStore {
 public:
  static Result<std::unique_ptr<ArticleStore>> open(const StoreOptions& options);
  virtual ~ArticleStore() = default;

  // Stores each article of `articles` (already processed by the text stage) in one
  // transaction; results are in the same order. An Error means nothing was written.
  virtual Result<std::vector<WriteResult>> write_batch(const std::vector<Article>& articles) = 0;

  virtual Result<std::vector<SearchHit>> search(const SearchQuery& query) = 0;

  // By id, id prefix (at least 6 hex digits) or source id; nullopt when none matches.
  virtual Result<std::optional<StoredArticle>> find(const std::string& key) = 0;

  virtual Result<StoreStats> stats() = 0;
};

}  // namespace vigie::store
