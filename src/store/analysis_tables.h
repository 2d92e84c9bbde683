#pragma once
// The store's analysis tables (schema v3, docs/STORE.md): mentions, per-article
// entities, quotes, quantities and times, keyed by `articles(rowid)` and written in the
// article's own transaction by the ArticleStore. Internal to store/: the public API is
// store/article_store.h.
//
// An AnalysisTables borrows the store's connection and prepares its statements on
// first use; like the store, it is not thread-safe.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/article_store.h"
#include "store/event_tables.h"
#include "store/sqlite_util.h"

namespace vigie::store {

// The migration to v3: the analysis tables, their indexes and articles.analysis_version.
const char* analysis_tables_migration_sql();

// The rowids of the articles with a mention of `parameter` (an SQL parameter such as
// "?7") as ref or as surface name, or of a ref that name stands for: the search filter
// for SearchQuery::entity.
std::string entity_article_rowids_sql(const std::string& parameter);

class AnalysisTables {
 public:
  AnalysisTables(sqlite3* db, std::string path) : db_(db), path_(path), events_(db, std::move(path)) {}

  // Writes the analysis of the article stored at `rowid` (the caller's transaction is
  // open). Spans outside the text are kInvalidInput naming `where`.
  Status write(int64_t rowid, const ArticleWrite& write, const std::string& where);

  // Reads back what write() stored for `rowid`; `text` is the article's text.
  Status read(int64_t rowid, std::string_view text, StoredAnalysis& analysis);

  Result<std::vector<EntityCount>> top_entities(const EntityQuery& query);
  // Quotes of the article `article_id` (empty: all), filtered by query.speaker.
  Result<std::vector<QuoteHit>> find_quotes(const QuoteQuery& query, const std::string& article_id);
  // SearchQuery with an entity and no text: that entity's articles, newest first, the
  // snippet being the sentence of its first mention with the name between "[" and "]".
  Result<std::vector<SearchHit>> articles_with_entity(const SearchQuery& query);

  // Events (store/event_tables.h) of the article `article_id` (empty: all).
  Result<std::vector<EventHit>> find_events(const EventQuery& query, const std::string& article_id) {
    return events_.find(query, article_id);
  }

  int64_t count(const char* table_and_condition);

 private:
  Error error(int rc, std::string_view doing) const { return sqlite_error(db_, rc, path_, doing); }
  Result<Statement*> prepared(Statement& statement, const char* sql);

  sqlite3* db_;
  std::string path_;
  Statement insert_mention_, insert_entity_, insert_quote_, insert_quantity_, insert_time_, set_version_;
  Statement read_version_, read_mentions_, read_entities_, read_quotes_, read_quantities_, read_times_;
  Statement top_entities_, entity_name_, quotes_, entity_articles_;
  EventTables events_;  // schema v4
};

}  // namespace vigie::store
