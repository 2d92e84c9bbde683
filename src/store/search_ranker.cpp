#include "store/search_ranker.h"

#include <cmath>
#include <cstring>

#include "store/sqlite_util.h"

namespace vigie::store {

struct SearchRanker::Table {
  std::string name;                  // "fts_fr"; [a-z_]+ (fts_family), safe inside SQL
  std::vector<uint32_t> lengths;     // tokens in all columns, by rowid; 0 = not cached
  int64_t max_rowid = 0;
};

namespace {

// FTS5 stores each row's column sizes in %_docsize.sz as SQLite varints: big-endian
// groups of 7 bits, high bit set on all bytes but the last, the 9th byte whole.
bool read_varint(const unsigned char*& at, const unsigned char* end, uint64_t& value) {
  value = 0;
  for (int i = 0; i < 9; ++i) {
    if (at >= end) return false;
    const unsigned char byte = *at++;
    if (i == 8) {
      value = (value << 8) | byte;
      return true;
    }
    value = (value << 7) | (byte & 0x7F);
    if ((byte & 0x80) == 0) return true;
  }
  return true;
}

// Per-query data, computed on the first row like FTS5's bm25 does (xGetAuxdata).
struct QueryData {
  double average_length = 1;
  std::vector<double> idf;        // per phrase
  std::vector<double> frequency;  // per phrase, for the current row
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user_data) {
  ++*static_cast<sqlite3_int64*>(user_data);
  return SQLITE_OK;
}

QueryData* query_data(const Fts5ExtensionApi* api, Fts5Context* fts, int& rc) {
  auto* data = static_cast<QueryData*>(api->xGetAuxdata(fts, 0));
  if (data != nullptr) return data;
  auto owned = std::make_unique<QueryData>();
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) return nullptr;
  owned->average_length = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1;
  const int phrases = api->xPhraseCount(fts);
  owned->idf.resize(phrases);
  owned->frequency.resize(phrases);
  for (int i = 0; i < phrases; ++i) {
    sqlite3_int64 hits = 0;
    rc = api->xQueryPhrase(fts, i, &hits, count_row);
    if (rc != SQLITE_OK) return nullptr;
    // FTS5's floor: a phrase in more than half the rows would get a negative IDF.
    double idf = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    owned->idf[i] = idf <= 0.0 ? 1e-6 : idf;
  }
  data = owned.release();
  rc = api->xSetAuxdata(fts, data, [](void* p) { delete static_cast<QueryData*>(p); });
  return rc == SQLITE_OK ? data : nullptr;
}

// vigie_bm25(fts_table, slot, weight_column_0, weight_column_1, ...): FTS5's bm25()
// (negated, lower is better) with the row length read from the ranker's cache.
void vigie_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int argument_count,
                sqlite3_value** arguments) {
  constexpr double k1 = 1.2;
  constexpr double b = 0.75;
  int rc = SQLITE_OK;
  QueryData* data = query_data(api, fts, rc);
  if (data == nullptr) {
    sqlite3_result_error_code(context, rc == SQLITE_OK ? SQLITE_NOMEM : rc);
    return;
  }
  std::fill(data->frequency.begin(), data->frequency.end(), 0.0);
  int instances = 0;
  rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) {
      data->frequency[phrase] += argument_count > column + 1 ? sqlite3_value_double(arguments[column + 1]) : 1.0;
    }
  }
  double length = 0;
  if (rc == SQLITE_OK) {
    auto* tables = static_cast<std::vector<std::unique_ptr<SearchRanker::Table>>*>(api->xUserData(fts));
    const int slot = argument_count > 0 ? sqlite3_value_int(arguments[0]) : -1;
    const int64_t rowid = api->xRowid(fts);
    uint32_t cached = 0;
    if (slot >= 0 && static_cast<size_t>(slot) < tables->size()) {
      const auto& lengths = (*tables)[slot]->lengths;
      if (rowid >= 0 && static_cast<size_t>(rowid) < lengths.size()) cached = lengths[rowid];
    }
    if (cached != 0) {
      length = cached;
    } else {
      int tokens = 0;
      rc = api->xColumnSize(fts, -1, &tokens);
      length = tokens;
    }
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  double score = 0;
  const double norm = k1 * (1 - b + b * length / data->average_length);
  for (size_t i = 0; i < data->idf.size(); ++i) {
    score += data->idf[i] * (data->frequency[i] * (k1 + 1.0)) / (data->frequency[i] + norm);
  }
  sqlite3_result_double(context, -score);
}

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(statement);
  sqlite3_finalize(statement);
  return api;
}

}  // namespace

Result<std::unique_ptr<SearchRanker>> SearchRanker::create(sqlite3* db, std::string path) {
  std::unique_ptr<SearchRanker> ranker(new SearchRanker(db, std::move(path)));
  ranker->langs_.emplace_back();
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) {
    return make_error(ErrorKind::kIo, ranker->path_, "this SQLite has no FTS5; vigie needs SQLite 3.9 or newer with FTS5");
  }
  // The function reads the table list through the pointer, so it stays valid as slots are added.
  const int rc = api->xCreateFunction(api, "vigie_bm25", &ranker->tables_, vigie_bm25, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, ranker->path_, "registering the ranking function");
  return ranker;
}

SearchRanker::SearchRanker(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
SearchRanker::~SearchRanker() = default;

int SearchRanker::slot_of(const std::string& table_name) {
  for (size_t i = 0; i < tables_.size(); ++i) {
    if (tables_[i]->name == table_name) return static_cast<int>(i);
  }
  auto table = std::make_unique<Table>();
  table->name = table_name;
  tables_.push_back(std::move(table));
  return static_cast<int>(tables_.size() - 1);
}

Status SearchRanker::refresh(int slot) {
  Table& table = *tables_.at(slot);
  Statement statement;
  int rc = statement.prepare(db_, "SELECT id, sz FROM " + table.name + "_docsize WHERE id > ?1");
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, path_, "reading the lengths of " + table.name);
  statement.bind(1, table.max_rowid);
  while ((rc = statement.step()) == SQLITE_ROW) {
    const int64_t rowid = sqlite3_column_int64(statement.get(), 0);
    const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(statement.get(), 1));
    const unsigned char* end = blob + sqlite3_column_bytes(statement.get(), 1);
    uint64_t total = 0;
    uint64_t size = 0;
    while (blob != nullptr && blob < end && read_varint(blob, end, size)) total += size;
    if (rowid < 0) continue;
    if (static_cast<size_t>(rowid) >= table.lengths.size()) table.lengths.resize(static_cast<size_t>(rowid) + 1 + (rowid >> 3));
    // A row of zero tokens keeps 0 and is looked up by FTS5 itself, which is exact too.
    table.lengths[rowid] = static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
    table.max_rowid = std::max(table.max_rowid, rowid);
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, rc, path_, "reading the lengths of " + table.name);
  return refresh_articles();
}

Status SearchRanker::refresh_articles() {
  Statement newest;
  int rc = newest.prepare(db_, "SELECT max(rowid) FROM articles");
  if (rc != SQLITE_OK || newest.step() != SQLITE_ROW) return sqlite_error(db_, rc, path_, "reading the newest article");
  if (newest.column_int64(0) <= articles_max_rowid_) return Status::success();
  // Covering index scans: the articles rows hold their text, so reading the table itself
  // would load every page of it. Rowids only grow, so the scans filter on the last one seen.
  Statement dates;
  rc = dates.prepare(db_, "SELECT rowid, published FROM articles INDEXED BY articles_published WHERE rowid > ?1");
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, path_, "reading publication dates");
  dates.bind(1, articles_max_rowid_);
  int64_t max_rowid = articles_max_rowid_;
  while ((rc = dates.step()) == SQLITE_ROW) {
    const int64_t rowid = sqlite3_column_int64(dates.get(), 0);
    if (rowid < 0) continue;
    if (static_cast<size_t>(rowid) >= published_.size()) {
      const size_t size = static_cast<size_t>(rowid) + 1 + (rowid >> 3);
      published_.resize(size);
      lang_ids_.resize(size, 0);
    }
    published_[rowid] = dates.column_text(1);
    max_rowid = std::max(max_rowid, rowid);
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, rc, path_, "reading publication dates");
  Statement langs;
  rc = langs.prepare(db_, "SELECT rowid, lang FROM articles INDEXED BY articles_lang WHERE rowid > ?1");
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, path_, "reading article languages");
  langs.bind(1, articles_max_rowid_);
  while ((rc = langs.step()) == SQLITE_ROW) {
    const int64_t rowid = sqlite3_column_int64(langs.get(), 0);
    // A row committed between the two scans is left for the next refresh.
    if (rowid < 0 || rowid > max_rowid) continue;
    const std::string_view lang = langs.column_text(1);
    size_t id = 1;
    while (id < langs_.size() && langs_[id] != lang) ++id;
    if (id == langs_.size()) {
      if (langs_.size() == UINT16_MAX) continue;  // not cached: the search checks the row itself
      langs_.emplace_back(lang);
    }
    lang_ids_[rowid] = static_cast<uint16_t>(id);
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, rc, path_, "reading article languages");
  articles_max_rowid_ = max_rowid;
  return Status::success();
}

}  // namespace vigie::store
