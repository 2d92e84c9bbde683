#pragma once
// The store's event tables (schema v4, docs/STORE.md): one row per PLOVER event
// (events/event_coder.h) and one per actor or recipient, keyed by `articles(rowid)`
// and written in the article's own transaction through AnalysisTables. Internal to
// store/: the public API is store/article_store.h (ArticleWrite::events,
// StoredAnalysis::events, ArticleStore::find_events).
//
// An EventTables borrows the store's connection and prepares its statements on first
// use; like the store, it is not thread-safe.

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/article_store.h"
#include "store/sqlite_util.h"

namespace vigie::store {

// The migration to v4: events, event_participants and their indexes.
const char* event_tables_migration_sql();

// What the date filters compare for an event: the YYYY[-MM[-DD]] head of its TIMEX3
// value when that starts with a year, else the article's publication date (YYYY-MM-DD);
// empty when neither has one.
std::string event_filter_date(const events::Event& event, std::string_view published);

class EventTables {
 public:
  EventTables(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  // Writes `found` for the article stored at `rowid` (the caller's transaction is open).
  // Spans outside the text are kInvalidInput naming `where`.
  Status write(int64_t rowid, const Article& article, const std::vector<events::Event>& found, const std::string& where);

  // Reads back what write() stored for `rowid`; `text` is the article's text.
  Status read(int64_t rowid, std::string_view text, std::vector<events::Event>& found);

  // EventQuery over the store; `article_id` (empty: all) is the resolved article_key.
  Result<std::vector<EventHit>> find(const EventQuery& query, const std::string& article_id);

 private:
  Error error(int rc, std::string_view doing) const { return sqlite_error(db_, rc, path_, doing); }
  Result<Statement*> prepared(Statement& statement, const char* sql);

  sqlite3* db_;
  std::string path_;
  Statement insert_event_, insert_participant_, read_events_, read_participants_, read_hit_participants_, read_article_;
  std::map<std::string, Statement> queries_;  // find() statements by SQL (the filters present)
};

}  // namespace vigie::store
