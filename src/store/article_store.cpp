// The SQLite implementation of ArticleStore. Schema and migrations: store/schema.cpp;
// file layout and the reasons behind it: docs/STORE.md.
//
// Writing an article = one row in `articles`, one per sentence in `sentences`, four
// band keys in `simhash_bands` and one row in the FTS5 table of its language family,
// all inside the batch's transaction. The FTS5 tables are external-content tables over
// `articles`, so the text is stored once; the vigie tokenizer runs when the FTS row is
// inserted and again (on the few hits) when snippet() needs offsets.
//
// Searching runs the translated query on each family's table (or the one asked for),
// keeps each table's best `limit` rowids by bm25, merges them by score, and only then
// builds snippets for the hits that are returned: snippet() tokenises the whole
// article, so computing it for every match would dominate the time of common words.

#include "store/article_store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "store/analysis_tables.h"
#include "store/fts_tokenizer.h"
#include "store/near_duplicate.h"
#include "store/query_translator.h"
#include "store/schema.h"
#include "store/search_ranker.h"
#include "store/sqlite_util.h"
#include "store/token_codec.h"
#include "text/term_normalizer.h"

namespace vigie::store {
namespace {

// A busy writer holds the lock for one batch; a few seconds covers any sane batch.
constexpr int kBusyTimeoutMs = 10000;
// A band bucket this full means a degenerate fingerprint (boilerplate shared by many
// articles); checking more candidates costs time and finds nothing new.
constexpr int kMaxBandCandidates = 2000;
constexpr int kMaxSearchLimit = 1000;
constexpr int kSnippetTokens = 20;
constexpr double kTitleWeight = 5.0;
constexpr double kTextWeight = 1.0;
// Up to this many matches, FTS5's own bm25 ranks fast enough (about 5 microseconds a
// match) and a one-off search does not pay for loading the ranker's caches.
constexpr int64_t kDirectRankMatches = 3000;

std::string now_utc_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

// The FTS family of a language: its ISO code when Snowball can stem it ("fr", "en"),
// else "und" (folded, unstemmed), so a rare language never creates a table of its own.
std::string fts_family(std::string_view lang) {
  std::string code;
  for (char c : lang.substr(0, lang.find_first_of("-_"))) code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool is_code = code.size() >= 2 && code.size() <= 3 &&
                       std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!is_code || code == "und") return "und";
  return text::TermNormalizer::stemmer_for_language(code).empty() ? "und" : code;
}

// "2022", "2022-11", "2022-11-14", "2022-11-14T10:00:00Z": an ISO prefix compares as text.
bool is_iso_date_prefix(std::string_view value) {
  auto digits = [&](size_t from, size_t count) {
    if (value.size() < from + count) return false;
    for (size_t i = from; i < from + count; ++i) {
      if (value[i] < '0' || value[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4)) return false;
  if (value.size() == 4) return true;
  if (value[4] != '-' || !digits(5, 2)) return false;
  if (value.size() == 7) return true;
  if (value[7] != '-' || !digits(8, 2)) return false;
  return value.size() == 10 || value[10] == 'T' || value[10] == ' ';
}

bool is_lower_hex(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct FtsTable {
  std::string family;
  std::string table_name;
  Statement insert;  // prepared on first write
};

class SqliteArticleStore final : public ArticleStore {
 public:
  SqliteArticleStore(sqlite3* db, StoreOptions options)
      : db_(db), options_(std::move(options)), folder_("none"), analysis_(std::make_unique<AnalysisTables>(db, options_.path)) {}
  ~SqliteArticleStore() override {
    analysis_.reset();
    ranker_.reset();
    tables_.clear();
    statements_.clear();
    select_id_ = Statement();
    insert_article_ = Statement();
    insert_sentence_ = Statement();
    insert_band_ = Statement();
    select_band_candidates_ = Statement();
    sqlite3_close_v2(db_);
  }

  Status initialise(int schema_version);

  Result<std::vector<WriteResult>> write_analysed_batch(const std::vector<ArticleWrite>& batch) override;
  Result<std::vector<SearchHit>> search(const SearchQuery& query) override;
  Result<std::optional<StoredArticle>> find(const std::string& key) override;
  Result<StoreStats> stats() override;
  Result<std::vector<EntityCount>> top_entities(const EntityQuery& query) override { return analysis_->top_entities(query); }
  Result<std::vector<QuoteHit>> find_quotes(const QuoteQuery& query) override;
  Result<std::vector<EventHit>> find_events(const EventQuery& query) override;

 private:
  Error error(int rc, std::string_view doing) const { return sqlite_error(db_, rc, options_.path, doing); }
  Status exec(const char* sql, std::string_view doing) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    return rc == SQLITE_OK ? Status::success() : Status(error(rc, doing));
  }
  Result<Statement*> cached(const std::string& sql);
  Status load_fts_tables();
  Result<FtsTable*> fts_table_for_write(const std::string& family, std::vector<std::string>& created);
  Result<WriteResult> write_one(const ArticleWrite& write, size_t index, const std::string& ingested_at,
                                std::vector<std::string>& created_tables);
  std::string describe(const Article& article, size_t index) const {
    return "article " + std::to_string(index + 1) + (article.source_file.empty() ? "" : " (" + article.source_file + ")");
  }
  Result<std::optional<StoredArticle>> load_article(int64_t rowid);
  // The best `limit` (score, rowid) matches of `table` when it has more than
  // kDirectRankMatches of them, ranked by SearchRanker and filtered by language and dates
  // in memory; nullopt when FTS5 should rank them itself.
  using Ranked = std::vector<std::pair<double, int64_t>>;
  Result<std::optional<Ranked>> rank_with_cache(const FtsTable& table, const std::string& match,
                                                const SearchQuery& query, int limit);

  sqlite3* db_;
  StoreOptions options_;
  int schema_version_ = 0;
  text::TermNormalizer folder_;  // fold-only, for fingerprints
  std::map<std::string, FtsTable> tables_;  // by family
  std::map<std::string, Statement> statements_;  // search and read statements by SQL
  Statement select_id_, insert_article_, insert_sentence_, insert_band_, select_band_candidates_;
  std::string tokens_blob_;
  std::unique_ptr<AnalysisTables> analysis_;  // mentions, quotes, ... (store/analysis_tables.h)
  std::unique_ptr<SearchRanker> ranker_;      // created on the first search with many matches
};

Result<Statement*> SqliteArticleStore::cached(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    Statement statement;
    const int rc = statement.prepare(db_, sql);
    if (rc != SQLITE_OK) return error(rc, "preparing a query");
    it = statements_.emplace(sql, std::move(statement)).first;
  }
  it->second.reset();
  return &it->second;
}

Status SqliteArticleStore::initialise(int schema_version) {
  schema_version_ = schema_version;
  return load_fts_tables();
}

Status SqliteArticleStore::load_fts_tables() {
  Statement statement;
  int rc = statement.prepare(db_, "SELECT family, table_name FROM fts_tables");
  if (rc != SQLITE_OK) return error(rc, "reading the FTS table list");
  while ((rc = statement.step()) == SQLITE_ROW) {
    std::string family(statement.column_text(0));
    if (tables_.count(family) == 0) {
      tables_[family] = FtsTable{family, std::string(statement.column_text(1)), Statement()};
    }
  }
  return rc == SQLITE_DONE ? Status::success() : Status(error(rc, "reading the FTS table list"));
}

Result<FtsTable*> SqliteArticleStore::fts_table_for_write(const std::string& family,
                                                          std::vector<std::string>& created) {
  auto it = tables_.find(family);
  if (it == tables_.end()) {
    // `family` is [a-z]{2,3} or "und" (fts_family), so it is safe inside SQL.
    const std::string stemmer = text::TermNormalizer::stemmer_for_language(family);
    const std::string tokenizer = std::string(kTokenizerName) + " " + (stemmer.empty() ? "none" : stemmer);
    const std::string table_name = "fts_" + family;
    const std::string sql =
        "CREATE VIRTUAL TABLE " + table_name +
        " USING fts5(title, text, content='articles', content_rowid='rowid', tokenize='" + tokenizer + "');" +
        "INSERT INTO " + table_name + "(" + table_name + ", rank) VALUES ('rank', 'bm25(" +
        std::to_string(kTitleWeight) + ", " + std::to_string(kTextWeight) + ")');" +
        "INSERT INTO fts_tables (family, table_name, tokenizer) VALUES ('" + family + "', '" + table_name + "', '" +
        tokenizer + "');";
    Status status = exec(sql.c_str(), "creating the full-text table " + table_name);
    if (!status.ok()) return status.error();
    created.push_back(family);
    it = tables_.emplace(family, FtsTable{family, table_name, Statement()}).first;
  }
  FtsTable& table = it->second;
  if (!table.insert.is_prepared()) {
    const int rc = table.insert.prepare(db_, "INSERT INTO " + table.table_name + " (rowid, title, text) VALUES (?1, ?2, ?3)");
    if (rc != SQLITE_OK) return error(rc, "preparing the insert into " + table.table_name);
  }
  return &table;
}

Result<WriteResult> SqliteArticleStore::write_one(const ArticleWrite& write, size_t index, const std::string& ingested_at,
                                                  std::vector<std::string>& created_tables) {
  const Article& article = *write.article;
  const std::string where = describe(article, index);
  auto invalid = [&](const std::string& message) {
    return make_error(ErrorKind::kInvalidInput, options_.path, where + ": " + message + "; nothing of this batch was written");
  };
  // Checked here rather than left to constraints so the message names the article;
  // the CHECK constraints stay as the last line of defence.
  if (article.id.empty()) return invalid("no content id (run the text stage before storing)");
  if (article.text.size() > UINT32_MAX) return invalid("text longer than 4 GiB");
  for (const Sentence& sentence : article.sentences) {
    if (sentence.span.begin_byte > sentence.span.end_byte || sentence.span.end_byte > article.text.size()) {
      return invalid("a sentence span lies outside the text");
    }
    if (static_cast<uint64_t>(sentence.first_token) + sentence.token_count > article.tokens.size()) {
      return invalid("a sentence points at tokens that do not exist");
    }
  }

  select_id_.reset();
  select_id_.bind(1, article.id);
  int rc = select_id_.step();
  if (rc == SQLITE_ROW) return WriteResult{WriteOutcome::kDuplicate, article.id};
  if (rc != SQLITE_DONE) return error(rc, "looking up " + where);

  WriteResult result;
  int64_t duplicate_of_rowid = 0;
  const std::optional<uint64_t> fingerprint = near_duplicate_fingerprint(article.text, folder_);
  if (fingerprint) {
    const auto keys = simhash_band_keys(*fingerprint);
    select_band_candidates_.reset();
    for (int band = 0; band < kSimHashBands; ++band) select_band_candidates_.bind(band + 1, keys[band]);
    while ((rc = select_band_candidates_.step()) == SQLITE_ROW) {
      const int64_t rowid = select_band_candidates_.column_int64(0);
      const auto other = static_cast<uint64_t>(select_band_candidates_.column_int64(1));
      // Rows come in rowid order per band, not overall: keep the earliest match.
      if (hamming_distance(*fingerprint, other) <= options_.near_duplicate_max_bits &&
          (duplicate_of_rowid == 0 || rowid < duplicate_of_rowid)) {
        duplicate_of_rowid = rowid;
        result.duplicate_of = std::string(select_band_candidates_.column_text(2));
      }
    }
    if (rc != SQLITE_DONE) return error(rc, "looking up near-duplicates of " + where);
    if (duplicate_of_rowid != 0) result.outcome = WriteOutcome::kNearDuplicate;
  }

  Statement& insert = insert_article_;
  insert.reset();
  insert.bind(1, article.id);
  insert.bind(2, article.lang.empty() ? std::string_view("und") : std::string_view(article.lang));
  insert.bind(3, article.published);
  insert.bind(4, article.source_id);
  insert.bind(5, article.source_file);
  insert.bind(6, article.site);
  insert.bind(7, article.url);
  insert.bind(8, article.format);
  insert.bind(9, article.author);
  insert.bind(10, static_cast<int64_t>(article.is_lang_from_metadata ? 1 : 0));
  if (fingerprint) insert.bind(11, static_cast<int64_t>(*fingerprint));
  if (duplicate_of_rowid != 0) insert.bind(12, duplicate_of_rowid);
  insert.bind(13, ingested_at);
  insert.bind(14, static_cast<int64_t>(article.text.size()));
  insert.bind(15, article.title);
  insert.bind(16, article.text);
  rc = insert.step();
  if (rc != SQLITE_DONE) {
    Error failure = error(rc, "storing " + where);
    failure.message += "; nothing of this batch was written";
    return failure;
  }
  const int64_t rowid = sqlite3_last_insert_rowid(db_);

  for (size_t i = 0; i < article.sentences.size(); ++i) {
    const Sentence& sentence = article.sentences[i];
    tokens_blob_.clear();
    encode_tokens(std::span<const Token>(article.tokens.data() + sentence.first_token, sentence.token_count),
                  sentence.span.begin_byte, tokens_blob_);
    insert_sentence_.reset();
    insert_sentence_.bind(1, rowid);
    insert_sentence_.bind(2, static_cast<int64_t>(i));
    insert_sentence_.bind(3, static_cast<int64_t>(sentence.span.begin_byte));
    insert_sentence_.bind(4, static_cast<int64_t>(sentence.span.end_byte));
    insert_sentence_.bind_blob(5, tokens_blob_);
    rc = insert_sentence_.step();
    if (rc != SQLITE_DONE) return error(rc, "storing the sentences of " + where);
  }

  if (fingerprint) {
    for (int64_t key : simhash_band_keys(*fingerprint)) {
      insert_band_.reset();
      insert_band_.bind(1, key);
      insert_band_.bind(2, rowid);
      rc = insert_band_.step();
      if (rc != SQLITE_DONE) return error(rc, "indexing the fingerprint of " + where);
    }
  }

  auto table = fts_table_for_write(fts_family(article.lang), created_tables);
  if (!table.ok()) return table.error();
  Statement& fts_insert = (*table)->insert;
  fts_insert.reset();
  fts_insert.bind(1, rowid);
  fts_insert.bind(2, article.title);
  fts_insert.bind(3, article.text);
  rc = fts_insert.step();
  if (rc != SQLITE_DONE) return error(rc, "indexing the text of " + where);
  Status analysed = analysis_->write(rowid, write, where);
  if (!analysed.ok()) return analysed.error();
  return result;
}

Result<std::vector<WriteResult>> SqliteArticleStore::write_analysed_batch(const std::vector<ArticleWrite>& articles) {
  std::vector<WriteResult> results;
  if (articles.empty()) return results;
  if (options_.is_read_only) {
    return make_error(ErrorKind::kUsage, options_.path, "the store was opened read-only; nothing was written");
  }
  if (!insert_article_.is_prepared()) {
    const std::string band_candidates =
        "SELECT a.rowid, a.simhash, a.id FROM simhash_bands AS b JOIN articles AS a ON a.rowid = b.article_rowid "
        "WHERE b.band_key IN (?1, ?2, ?3, ?4) LIMIT " + std::to_string(kMaxBandCandidates);
    const std::pair<Statement*, std::string> prepared[] = {
        {&select_id_, "SELECT rowid FROM articles WHERE id = ?1"},
        {&insert_article_,
         "INSERT INTO articles (id, lang, published, source_id, source_file, site, url, format, author, "
         "is_lang_from_metadata, simhash, duplicate_of, ingested_at, text_bytes, title, text) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"},
        {&insert_sentence_,
         "INSERT INTO sentences (article_rowid, sentence_index, begin_byte, end_byte, tokens) VALUES (?1, ?2, ?3, ?4, ?5)"},
        {&insert_band_, "INSERT OR IGNORE INTO simhash_bands (band_key, article_rowid) VALUES (?1, ?2)"},
        {&select_band_candidates_, band_candidates},
    };
    for (const auto& [statement, sql] : prepared) {
      const int rc = statement->prepare(db_, sql);
      if (rc != SQLITE_OK) return error(rc, "preparing the write statements");
    }
  }

  Status begun = exec("BEGIN IMMEDIATE", "starting the write transaction");
  if (!begun.ok()) return begun.error();
  const std::string ingested_at = now_utc_iso();
  std::vector<std::string> created_tables;
  auto roll_back = [&](Error failure) -> Error {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    // Tables created in this batch are gone with the rollback.
    for (const std::string& family : created_tables) tables_.erase(family);
    return failure;
  };
  results.reserve(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    auto written = write_one(articles[i], i, ingested_at, created_tables);
    if (!written.ok()) return roll_back(written.error());
    results.push_back(std::move(written.value()));
  }
  Status committed = exec("COMMIT", "committing the batch");
  if (!committed.ok()) return roll_back(committed.error());
  return results;
}

Result<std::vector<SearchHit>> SqliteArticleStore::search(const SearchQuery& query) {
  auto usage = [&](std::string message) { return make_error(ErrorKind::kUsage, "", std::move(message)); };
  if (query.limit <= 0) return usage("search limit must be at least 1");
  const int limit = std::min(query.limit, kMaxSearchLimit);
  if (!query.since.empty() && !is_iso_date_prefix(query.since)) {
    return usage("since \"" + query.since + "\" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  if (!query.until.empty() && !is_iso_date_prefix(query.until)) {
    return usage("until \"" + query.until + "\" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  if (query.text.empty() && !query.entity.empty()) {
    SearchQuery bounded = query;
    bounded.limit = limit;
    return analysis_->articles_with_entity(bounded);
  }
  auto match = translate_query(query.text);
  if (!match.ok()) return match.error();
  // Another connection may have created a family table since we last looked.
  Status loaded = load_fts_tables();
  if (!loaded.ok()) return loaded.error();

  std::vector<const FtsTable*> targets;
  if (!query.lang.empty()) {
    auto it = tables_.find(fts_family(query.lang));
    if (it == tables_.end()) return std::vector<SearchHit>{};
    targets.push_back(&it->second);
  } else {
    for (const auto& [family, table] : tables_) targets.push_back(&table);
  }

  // Filters are bound even when empty; "?n = ''" lets one statement serve all shapes
  // while keeping the plan simple (the FTS match drives, articles is a rowid lookup).
  struct Candidate {
    double score;
    int64_t rowid;
    const FtsTable* table;
  };
  std::vector<Candidate> candidates;
  const bool has_filter = !query.lang.empty() || !query.source.empty() || !query.since.empty() || !query.until.empty() ||
                          !query.entity.empty();
  for (const FtsTable* table : targets) {
    const std::string& t = table->table_name;
    if (query.source.empty() && query.entity.empty()) {  // the ranker filters lang and dates only
      auto ranked = rank_with_cache(*table, match.value(), query, limit);
      if (!ranked.ok()) return ranked.error();
      if (ranked.value()) {
        for (const auto& [score, rowid] : *ranked.value()) candidates.push_back({score, rowid, table});
        continue;
      }
    }
    std::string sql;
    if (!has_filter) {
      sql = "SELECT rowid, rank FROM " + t + " WHERE " + t + " MATCH ?1 ORDER BY rank LIMIT ?2";
    } else {
      sql = "SELECT " + t + ".rowid, " + t + ".rank FROM " + t + " CROSS JOIN articles AS a ON a.rowid = " + t +
            ".rowid WHERE " + t + " MATCH ?1"
            " AND (?3 = '' OR a.lang = ?3)"
            " AND (?4 = '' OR instr(a.source_file, ?4) > 0 OR instr(a.site, ?4) > 0 OR instr(a.url, ?4) > 0)"
            " AND (?5 = '' OR (a.published <> '' AND a.published >= ?5))"
            " AND (?6 = '' OR (a.published <> '' AND substr(a.published, 1, length(?6)) <= ?6))"
            " AND (?7 = '' OR a.rowid IN (" + entity_article_rowids_sql("?7") + "))"
            " ORDER BY " + t + ".rank LIMIT ?2";
    }
    auto statement = cached(sql);
    if (!statement.ok()) return statement.error();
    Statement& s = **statement;
    s.bind(1, match.value());
    s.bind(2, static_cast<int64_t>(limit));
    if (has_filter) {
      // A language sharing the "und" table is told apart by the article's own lang.
      s.bind(3, query.lang);
      s.bind(4, query.source);
      s.bind(5, query.since);
      s.bind(6, query.until);
      s.bind(7, query.entity);
    }
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) candidates.push_back({-s.column_double(1), s.column_int64(0), table});
    if (rc != SQLITE_DONE) {
      // The translator only emits valid FTS5, so this is a store problem, not the user's query.
      return error(rc, "searching " + t + " for " + match.value());
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (candidates.size() > static_cast<size_t>(limit)) candidates.resize(limit);

  std::vector<SearchHit> hits;
  hits.reserve(candidates.size());
  for (const Candidate& candidate : candidates) {
    const std::string& t = candidate.table->table_name;
    auto statement = cached("SELECT a.id, a.title, a.published, a.lang, a.source_file, a.url, snippet(" + t +
                            ", -1, '[', ']', '…', " + std::to_string(kSnippetTokens) + ") FROM " + t +
                            " CROSS JOIN articles AS a ON a.rowid = " + t + ".rowid WHERE " + t +
                            " MATCH ?1 AND " + t + ".rowid = ?2");
    if (!statement.ok()) return statement.error();
    Statement& s = **statement;
    s.bind(1, match.value());
    s.bind(2, candidate.rowid);
    const int rc = s.step();
    if (rc != SQLITE_ROW) return error(rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading a search hit");
    SearchHit hit;
    hit.id = s.column_text(0);
    hit.title = s.column_text(1);
    hit.published = s.column_text(2);
    hit.lang = s.column_text(3);
    hit.source_file = s.column_text(4);
    hit.url = s.column_text(5);
    hit.score = candidate.score;
    hit.snippet = s.column_text(6);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<std::optional<SqliteArticleStore::Ranked>> SqliteArticleStore::rank_with_cache(const FtsTable& table,
                                                                                     const std::string& match,
                                                                                     const SearchQuery& query,
                                                                                     int limit) {
  const std::string& t = table.table_name;
  int rc = SQLITE_OK;
  // Once the caches are loaded (a server, a benchmark, several searches on one store),
  // ranking with them is never slower, and counting first would scan the matches twice.
  if (!ranker_) {
    auto count = cached("SELECT count(*) FROM " + t + " WHERE " + t + " MATCH ?1");
    if (!count.ok()) return count.error();
    (*count)->bind(1, match);
    rc = (*count)->step();
    if (rc != SQLITE_ROW) return error(rc, "counting the matches of " + match);
    if ((*count)->column_int64(0) <= kDirectRankMatches) return std::optional<Ranked>();
    auto created = SearchRanker::create(db_, options_.path);
    if (!created.ok()) return created.error();
    ranker_ = std::move(created.value());
  }
  const int slot = ranker_->slot_of(t);
  Status refreshed = ranker_->refresh(slot);
  if (!refreshed.ok()) return refreshed.error();
  auto statement = cached("SELECT rowid, vigie_bm25(" + t + ", ?2, " + std::to_string(kTitleWeight) + ", " +
                          std::to_string(kTextWeight) + ") FROM " + t + " WHERE " + t + " MATCH ?1");
  if (!statement.ok()) return statement.error();
  Statement& s = **statement;
  s.bind(1, match);
  s.bind(2, static_cast<int64_t>(slot));
  auto point_lookup = cached("SELECT lang, published FROM articles WHERE rowid = ?1");
  if (!point_lookup.ok()) return point_lookup.error();
  Ranked ranked;
  std::string lang, published;
  while ((rc = s.step()) == SQLITE_ROW) {
    const int64_t rowid = s.column_int64(0);
    const double score = -s.column_double(1);
    if (!query.lang.empty() || !query.since.empty() || !query.until.empty()) {
      if (ranker_->has_article(rowid)) {
        lang = ranker_->lang(rowid);
        published = ranker_->published(rowid);
      } else {
        Statement& p = **point_lookup;
        p.reset();
        p.bind(1, rowid);
        if (p.step() != SQLITE_ROW) continue;
        lang = p.column_text(0);
        published = p.column_text(1);
      }
      // The same tests as the SQL filters of search(): ISO dates compare as text.
      if (!query.lang.empty() && lang != query.lang) continue;
      if (!query.since.empty() && (published.empty() || published < query.since)) continue;
      if (!query.until.empty() &&
          (published.empty() || std::string_view(published).substr(0, query.until.size()) > query.until)) {
        continue;
      }
    }
    ranked.emplace_back(score, rowid);
  }
  if (rc != SQLITE_DONE) return error(rc, "ranking the matches of " + match);
  const size_t keep = std::min(ranked.size(), static_cast<size_t>(limit));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
  ranked.resize(keep);
  return std::optional<Ranked>(std::move(ranked));
}

Result<std::optional<StoredArticle>> SqliteArticleStore::load_article(int64_t rowid) {
  auto statement = cached(
      "SELECT a.id, a.source_id, a.source_file, a.format, a.url, a.title, a.author, a.site, a.published, a.lang, "
      "a.is_lang_from_metadata, a.text, a.ingested_at, d.id FROM articles AS a "
      "LEFT JOIN articles AS d ON d.rowid = a.duplicate_of WHERE a.rowid = ?1");
  if (!statement.ok()) return statement.error();
  Statement& s = **statement;
  s.bind(1, rowid);
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<StoredArticle>();
  if (rc != SQLITE_ROW) return error(rc, "reading an article");
  StoredArticle stored;
  Article& article = stored.article;
  article.id = s.column_text(0);
  article.source_id = s.column_text(1);
  article.source_file = s.column_text(2);
  article.format = s.column_text(3);
  article.url = s.column_text(4);
  article.title = s.column_text(5);
  article.author = s.column_text(6);
  article.site = s.column_text(7);
  article.published = s.column_text(8);
  article.lang = s.column_text(9);
  article.is_lang_from_metadata = s.column_int64(10) != 0;
  article.text = s.column_text(11);
  stored.ingested_at = s.column_text(12);
  stored.duplicate_of = s.column_text(13);

  auto sentences = cached(
      "SELECT begin_byte, end_byte, tokens FROM sentences WHERE article_rowid = ?1 ORDER BY sentence_index");
  if (!sentences.ok()) return sentences.error();
  Statement& ss = **sentences;
  ss.bind(1, rowid);
  while ((rc = ss.step()) == SQLITE_ROW) {
    Sentence sentence;
    sentence.span = Span{static_cast<uint32_t>(ss.column_int64(0)), static_cast<uint32_t>(ss.column_int64(1))};
    if (sentence.span.begin_byte > sentence.span.end_byte || sentence.span.end_byte > article.text.size()) {
      return make_error(ErrorKind::kCorruptStore, options_.path,
                        "article " + article.id + ": a sentence span lies outside the text; re-ingest the article");
    }
    sentence.first_token = static_cast<uint32_t>(article.tokens.size());
    Status decoded = decode_tokens(ss.column_blob(2), sentence.span.begin_byte, static_cast<uint32_t>(article.text.size()),
                                   options_.path, article.tokens);
    if (!decoded.ok()) return decoded.error();
    sentence.token_count = static_cast<uint32_t>(article.tokens.size()) - sentence.first_token;
    article.sentences.push_back(sentence);
  }
  if (rc != SQLITE_DONE) return error(rc, "reading sentences");
  Status analysed = analysis_->read(rowid, article.text, stored.analysis);
  if (!analysed.ok()) return analysed.error();

  auto copies = cached("SELECT id FROM articles WHERE duplicate_of = ?1 ORDER BY rowid");
  if (!copies.ok()) return copies.error();
  (*copies)->bind(1, rowid);
  while ((rc = (*copies)->step()) == SQLITE_ROW) stored.near_duplicates.emplace_back((*copies)->column_text(0));
  if (rc != SQLITE_DONE) return error(rc, "reading near-duplicates");
  return std::optional<StoredArticle>(std::move(stored));
}

Result<std::optional<StoredArticle>> SqliteArticleStore::find(const std::string& key) {
  std::string lower = key;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::pair<int64_t, std::string>> matches;
  auto collect = [&](const std::string& sql, const std::string& a, const std::string& b) -> Status {
    auto statement = cached(sql);
    if (!statement.ok()) return statement.error();
    (*statement)->bind(1, a);
    if (!b.empty()) (*statement)->bind(2, b);
    int rc;
    while ((rc = (*statement)->step()) == SQLITE_ROW) {
      matches.emplace_back((*statement)->column_int64(0), std::string((*statement)->column_text(1)));
    }
    return rc == SQLITE_DONE ? Status::success() : Status(error(rc, "looking up " + key));
  };
  auto ambiguous = [&](const std::string& what) {
    std::string message = what + " \"" + key + "\" matches " + std::to_string(matches.size()) + (matches.size() > 10 ? "+" : "") +
                          " articles:";
    for (size_t i = 0; i < matches.size() && i < 10; ++i) message += " " + matches[i].second;
    message += "; give more of the id";
    return make_error(ErrorKind::kUsage, "", message);
  };

  if (is_lower_hex(lower)) {
    Status status = collect("SELECT rowid, id FROM articles WHERE id = ?1", lower, "");
    if (!status.ok()) return status.error();
    if (matches.empty() && lower.size() >= 6) {
      // ids are lowercase hex, so every id with this prefix sorts in [prefix, prefix + "g").
      status = collect("SELECT rowid, id FROM articles WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 11", lower, lower + "g");
      if (!status.ok()) return status.error();
      if (matches.size() > 1) return ambiguous("id prefix");
    }
  }
  if (matches.empty()) {
    Status status = collect("SELECT rowid, id FROM articles WHERE source_id = ?1 ORDER BY rowid LIMIT 11", key, "");
    if (!status.ok()) return status.error();
    if (matches.size() > 1) return ambiguous("source id");
  }
  if (matches.empty()) return std::optional<StoredArticle>();
  return load_article(matches.front().first);
}

Result<std::vector<QuoteHit>> SqliteArticleStore::find_quotes(const QuoteQuery& query) {
  std::string article_id;
  if (!query.article_key.empty()) {
    auto found = find(query.article_key);
    if (!found.ok()) return found.error();
    if (!found.value()) {
      return make_error(ErrorKind::kInvalidInput, options_.path,
                        "no article with id, id prefix or source id \"" + query.article_key + "\"");
    }
    article_id = found.value()->article.id;
  }
  return analysis_->find_quotes(query, article_id);
}

Result<std::vector<EventHit>> SqliteArticleStore::find_events(const EventQuery& query) {
  std::string article_id;
  if (!query.article_key.empty()) {
    auto found = find(query.article_key);
    if (!found.ok()) return found.error();
    if (!found.value()) {
      return make_error(ErrorKind::kInvalidInput, options_.path,
                        "no article with id, id prefix or source id \"" + query.article_key + "\"");
    }
    article_id = found.value()->article.id;
  }
  return analysis_->find_events(query, article_id);
}

Result<StoreStats> SqliteArticleStore::stats() {
  StoreStats stats;
  stats.schema_version = schema_version_;
  auto scalar = [&](const char* sql, int64_t& out) -> Status {
    auto statement = cached(sql);
    if (!statement.ok()) return statement.error();
    const int rc = (*statement)->step();
    if (rc != SQLITE_ROW) return error(rc, "counting");
    out = (*statement)->column_int64(0);
    return Status::success();
  };
  auto groups = [&](const char* sql, std::vector<CountByKey>& out) -> Status {
    auto statement = cached(sql);
    if (!statement.ok()) return statement.error();
    int rc;
    while ((rc = (*statement)->step()) == SQLITE_ROW) {
      out.push_back({std::string((*statement)->column_text(0)), (*statement)->column_int64(1)});
    }
    return rc == SQLITE_DONE ? Status::success() : Status(error(rc, "counting"));
  };
  for (Status status : {scalar("SELECT count(*) FROM articles", stats.articles),
                        scalar("SELECT count(*) FROM mentions", stats.mentions),
                        scalar("SELECT count(*) FROM quotes", stats.quotes),
                        scalar("SELECT count(*) FROM events", stats.events),
                        scalar("SELECT count(*) FROM articles WHERE analysis_version = 0", stats.unanalysed),
                        scalar("SELECT count(*) FROM sentences", stats.sentences),
                        scalar("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL", stats.near_duplicates),
                        scalar("SELECT coalesce(sum(text_bytes), 0) FROM articles", stats.text_bytes),
                        groups("SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY count(*) DESC, lang", stats.by_lang),
                        groups("SELECT CASE WHEN published = '' THEN 'undated' ELSE substr(published, 1, 7) END AS month, "
                               "count(*) FROM articles GROUP BY month ORDER BY month",
                               stats.by_month)}) {
    if (!status.ok()) return status.error();
  }
  // A source is the site when the reader knew it; else the container a record came
  // from ("corpus.jsonl.gz" for "corpus.jsonl.gz#12"); else the folder of the file
  // ("feeds" for "feeds/sahel.xml"), "." for a file given without a folder.
  std::vector<CountByKey> by_file;
  Status status = groups(
      "SELECT CASE WHEN site <> '' THEN 'site:' || site WHEN instr(source_file, '#') > 0 "
      "THEN 'file:' || substr(source_file, 1, instr(source_file, '#') - 1) ELSE 'path:' || source_file END AS source, "
      "count(*) FROM articles GROUP BY source",
      by_file);
  if (!status.ok()) return status.error();
  std::map<std::string, int64_t> by_source;
  for (const CountByKey& entry : by_file) {
    std::string_view key = entry.key;
    std::string source;
    if (key.starts_with("path:")) {
      std::string_view path = key.substr(5);
      const size_t slash = path.rfind('/');
      source = slash == std::string_view::npos ? std::string(path.empty() ? "(unknown)" : ".") : std::string(path.substr(0, slash));
      if (source.empty()) source = "/";
    } else {
      source = std::string(key.substr(5));
    }
    by_source[source] += entry.count;
  }
  for (const auto& [source, count] : by_source) stats.by_source.push_back({source, count});
  std::stable_sort(stats.by_source.begin(), stats.by_source.end(),
                   [](const CountByKey& a, const CountByKey& b) { return a.count > b.count; });
  return stats;
}

// Reads the two header pragmas; the first read of a file is where SQLite notices that
// it is not a database at all.
Status read_header(sqlite3* db, const std::string& path, int64_t& application_id, int64_t& user_version,
                   std::vector<std::string>& tables) {
  const struct {
    const char* sql;
    int64_t* out;
  } pragmas[] = {{"PRAGMA application_id", &application_id}, {"PRAGMA user_version", &user_version}};
  for (const auto& pragma : pragmas) {
    Statement statement;
    int rc = statement.prepare(db, pragma.sql);
    if (rc == SQLITE_OK) rc = statement.step();
    if (rc == SQLITE_NOTADB || (rc & 0xFF) == SQLITE_CORRUPT) {
      return make_error(ErrorKind::kCorruptStore, path,
                        "not a vigie store: the file is not a SQLite database (" + std::string(sqlite3_errstr(rc)) +
                            "); check the path, or move the file away to start a new store");
    }
    if (rc != SQLITE_ROW) return sqlite_error(db, rc, path, "reading the store header");
    *pragma.out = statement.column_int64(0);
  }
  Statement statement;
  int rc = statement.prepare(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 6");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, path, "reading the schema");
  while ((rc = statement.step()) == SQLITE_ROW) tables.emplace_back(statement.column_text(0));
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "reading the schema");
  return Status::success();
}

}  // namespace

Result<std::vector<WriteResult>> ArticleStore::write_batch(const std::vector<Article>& articles) {
  std::vector<ArticleWrite> batch(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) batch[i].article = &articles[i];
  return write_analysed_batch(batch);
}

Result<std::unique_ptr<ArticleStore>> ArticleStore::open(const StoreOptions& options) {
  const std::string& path = options.path;
  if (options.near_duplicate_max_bits < 0 || options.near_duplicate_max_bits > 3) {
    return make_error(ErrorKind::kUsage, path,
                      "near-duplicate distance must be 0..3 bits (the band index finds at most 3), not " +
                          std::to_string(options.near_duplicate_max_bits));
  }
  std::error_code exists_error;
  if (options.is_read_only && !std::filesystem::exists(path, exists_error)) {
    return make_error(ErrorKind::kIo, path, "no store here; ingest something first to create it");
  }
  sqlite3* db = nullptr;
  const int flags = (options.is_read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                    SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error failure = make_error(ErrorKind::kIo, path,
                               std::string("cannot open the store: ") + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return failure;
  }
  auto store = std::make_unique<SqliteArticleStore>(db, options);  // owns db from here
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  int64_t application_id = 0;
  int64_t user_version = 0;
  std::vector<std::string> tables;
  Status header = read_header(db, path, application_id, user_version, tables);
  if (!header.ok()) return header.error();
  const bool is_fresh = application_id == 0 && user_version == 0 && tables.empty();
  if (!is_fresh && application_id != kStoreApplicationId) {
    std::string listed;
    for (const std::string& table : tables) listed += (listed.empty() ? "" : ", ") + table;
    return make_error(ErrorKind::kCorruptStore, path,
                      "not a vigie store: a SQLite database of another program (application_id " +
                          std::to_string(application_id) + (listed.empty() ? "" : ", tables " + listed) +
                          "); give vigie a path of its own");
  }
  const int latest = latest_schema_version();
  if (user_version > latest) {
    return make_error(ErrorKind::kUnsupportedVersion, path,
                      "store schema v" + std::to_string(user_version) + " is newer than this vigie, which reads up to v" +
                          std::to_string(latest) + "; use a newer vigie");
  }

  // Pragmas: WAL lets readers (server, search) run while an ingest writes; NORMAL sync
  // is durable across application crashes and loses at most the last commit on power loss.
  const char* pragmas = options.is_read_only
                            ? "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;"
                            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                              // No mmap when writing: mapped pages of a growing store would
                              // count as resident memory and grow with the corpus.
                              "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 0;";
  rc = sqlite3_exec(db, pragmas, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, path, "configuring the connection");
  Status registered = register_fts_tokenizer(db, path);
  if (!registered.ok()) return registered.error();

  if (user_version < latest) {
    if (options.is_read_only) {
      return make_error(ErrorKind::kUsage, path,
                        "store schema v" + std::to_string(user_version) + " needs upgrading to v" + std::to_string(latest) +
                            "; open it once for writing (e.g. vigie ingest) to migrate it");
    }
    Status migrated = migrate(db, path, static_cast<int>(user_version), latest);
    if (!migrated.ok()) return migrated.error();
  }
  Status initialised = store->initialise(latest);
  if (!initialised.ok()) return initialised.error();
  return std::unique_ptr<ArticleStore>(std::move(store));
}

}  // namespace vigie::store
