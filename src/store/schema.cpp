#include "store/schema.h"

#include "store/analysis_tables.h"
#include "store/event_tables.h"
#include "store/sqlite_util.h"

namespace vigie::store {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "articles, sentences and the FTS table registry", R"sql(
-- Small columns first and title/text last: search filters read lang, published and the
-- source columns without touching the overflow pages that hold the text.
CREATE TABLE articles (
  rowid INTEGER PRIMARY KEY,  -- declared, so VACUUM never renumbers what FTS and later tables point at
  id TEXT NOT NULL UNIQUE CHECK (length(id) > 0),  -- content hash of the normalised text
  lang TEXT NOT NULL CHECK (length(lang) > 0),
  published TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT '',
  source_file TEXT NOT NULL DEFAULT '',
  site TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  is_lang_from_metadata INTEGER NOT NULL DEFAULT 0,
  simhash INTEGER,  -- 64-bit near-duplicate fingerprint; NULL when the text is too short
  duplicate_of INTEGER REFERENCES articles(rowid),  -- earliest near-duplicate, if any
  ingested_at TEXT NOT NULL,
  text_bytes INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_lang ON articles(lang);
CREATE INDEX articles_source_id ON articles(source_id);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE sentences (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  sentence_index INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  tokens BLOB NOT NULL,  -- store/token_codec.h
  PRIMARY KEY (article_rowid, sentence_index)
) WITHOUT ROWID;

-- One FTS5 table per language family, created the first time the family is written.
CREATE TABLE fts_tables (
  family TEXT PRIMARY KEY,         -- "fr", "en", ... or "und" for languages without a stemmer
  table_name TEXT NOT NULL UNIQUE, -- "fts_fr"
  tokenizer TEXT NOT NULL          -- "vigie french", "vigie none"
);
)sql"},
      {2, "near-duplicate band index", R"sql(
-- Four 16-bit bands of each fingerprint: band_key = band << 16 | bits. Two fingerprints
-- within 3 bits share a band, so candidates are an index lookup (store/near_duplicate.h).
CREATE TABLE simhash_bands (
  band_key INTEGER NOT NULL,
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  PRIMARY KEY (band_key, article_rowid)
) WITHOUT ROWID;
INSERT INTO simhash_bands (band_key, article_rowid)
  SELECT (b.band << 16) | ((a.simhash >> (16 * b.band)) & 65535), a.rowid
  FROM articles AS a, (SELECT 0 AS band UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) AS b
  WHERE a.simhash IS NOT NULL;
)sql"},
      // The SQL lives next to the code that reads and writes those tables.
      {3, "analysis tables (mentions, entities, quotes, quantities, times)", analysis_tables_migration_sql()},
      {4, "event tables (events, event_participants)", event_tables_migration_sql()},
  };
  return list;
}

int latest_schema_version() { return migrations().back().version; }

Status migrate(sqlite3* db, const std::string& path, int current_version, int target_version) {
  if (target_version < 0) target_version = latest_schema_version();
  for (const Migration& migration : migrations()) {
    if (migration.version <= current_version || migration.version > target_version) continue;
    std::string sql = "BEGIN IMMEDIATE;\n";
    sql += migration.sql;
    sql += "PRAGMA application_id = " + std::to_string(kStoreApplicationId) + ";\n";
    sql += "PRAGMA user_version = " + std::to_string(migration.version) + ";\nCOMMIT;";
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      Error error = sqlite_error(db, rc, path, "migration to schema v" + std::to_string(migration.version) + " (" +
                                                   migration.summary + ")");
      sqlite3_free(message);
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      error.message += "; the store stays at v" + std::to_string(current_version);
      return error;
    }
    current_version = migration.version;
  }
  return Status::success();
}

}  // namespace vigie::store
