#pragma once
// Fast BM25 ranking for the store's FTS5 tables.
//
// FTS5's bm25() needs each matching row's length in tokens and reads it from the
// table's %_docsize shadow table with one B-tree seek per row. For a common word that
// seek is most of the query: "france" on 100,000 articles matches 42,000 of them and
// ranking takes 200 ms, of which 135 ms are those seeks (measured with a ranking
// function that only reads the length). SearchRanker keeps, per connection, every
// article's length, publication date and language in arrays indexed by rowid, and
// registers `vigie_bm25()`, FTS5's bm25 formula (k1 = 1.2, b = 0.75, IDF floored at
// 1e-6, column weights) reading lengths from those arrays. The date and language
// filters are then checked against the arrays too, so a filtered search needs no
// join with `articles` either.
//
// Articles are never rewritten once stored (a content hash is their key), so a row's
// length and date never change: refreshing only loads rows above the highest rowid
// already cached. A row missing from the cache (written by this connection after the
// last refresh) falls back to FTS5's own length lookup, so scores are always exact.
//
// One SearchRanker per connection, used from the connection's thread only.

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigie::store {

class SearchRanker {
 public:
  // Registers vigie_bm25 on `db`; `path` names the store in errors.
  static Result<std::unique_ptr<SearchRanker>> create(sqlite3* db, std::string path);
  ~SearchRanker();
  SearchRanker(const SearchRanker&) = delete;
  SearchRanker& operator=(const SearchRanker&) = delete;

  // The slot of an FTS table, to pass as vigie_bm25's second argument.
  int slot_of(const std::string& table_name);

  // Brings the cached lengths of `slot`'s table and the articles' dates and languages up
  // to the highest stored rowid.
  Status refresh(int slot);

  // True when `rowid`'s date and language are cached (every row up to the last refresh).
  bool has_article(int64_t rowid) const {
    return rowid >= 0 && static_cast<size_t>(rowid) < lang_ids_.size() && lang_ids_[rowid] != 0;
  }
  // The article's publication date as stored (ISO, possibly empty) and language; only
  // for rows where has_article() holds.
  const std::string& published(int64_t rowid) const { return published_[rowid]; }
  const std::string& lang(int64_t rowid) const { return langs_[lang_ids_[rowid]]; }

  struct Table;

 private:
  SearchRanker(sqlite3* db, std::string path);
  Status refresh_articles();

  sqlite3* db_;
  std::string path_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<std::string> published_;   // by rowid
  std::vector<uint16_t> lang_ids_;       // by rowid; 0 = not cached
  std::vector<std::string> langs_;       // by lang id; [0] is ""
  int64_t articles_max_rowid_ = 0;
};

}  // namespace vigie::store
