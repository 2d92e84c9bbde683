#pragma once
// The store's schema as an ordered list of migrations (docs/STORE.md). The file's
// `PRAGMA user_version` is the number of migrations applied; `PRAGMA application_id`
// marks the file as a vigie store. Each migration runs in its own transaction, so a
// crash mid-upgrade leaves the store at the previous version.
//
// Adding a table: append a migration, never edit an applied one. Later stages' tables
// reference `articles(rowid)` and `sentences(article_rowid, sentence_index)`.

#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/error.h"

namespace vigie::store {

inline constexpr int kStoreApplicationId = 0x76696731;  // "vig1"

struct Migration {
  int version;      // user_version after it ran
  const char* summary;
  const char* sql;  // may hold several statements
};

const std::vector<Migration>& migrations();
int latest_schema_version();

// Applies the migrations after `current_version` up to `target_version` (default: all).
Status migrate(sqlite3* db, const std::string& path, int current_version, int target_version = -1);

}  // namespace vigie::store
