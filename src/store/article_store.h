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
#include "entities/entity_tagger.h"
#include "events/event_coder.h"
#include "facts/fact_extractor.h"

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
  std::string entity;     // only articles with a mention of this ref ("MLI", "James Heappey") or
                          // surface name ("Bamako", case-insensitive); empty: any. With an empty
                          // `text`, the articles of that entity, newest first.
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

// One article to write: the article (processed by the text stage) and what the
// analysis stages found in it, borrowed from the caller. Null analysis pointers: not
// analysed (analysis_version 0).
struct ArticleWrite {
  const Article* article = nullptr;
  int analysis_version = 0;  // pipeline::kAnalysisVersion of the analyzer that ran; 0: none
  const std::vector<entities::Mention>* mentions = nullptr;
  const std::vector<entities::Entity>* entities = nullptr;
  const facts::ArticleFacts* facts = nullptr;
  const std::vector<events::Event>* events = nullptr;
};

// What the store holds of an article's analysis, read back (spans into the article's
// text). Empty vectors: nothing found, or not analysed (analysis_version 0).
struct StoredAnalysis {
  int analysis_version = 0;
  std::vector<entities::Mention> mentions;  // text order; confidence is not stored (0)
  std::vector<entities::Entity> entities;   // Entity::mentions index `mentions`
  facts::ArticleFacts facts;                // token_count is not stored (0)
  std::vector<events::Event> events;        // text order, as the coder gave them
};

struct StoredArticle {
  Article article;             // with sentences and their tokens, decoded from the store
  StoredAnalysis analysis;
  std::string duplicate_of;    // non-empty for a near-duplicate
  std::vector<std::string> near_duplicates;  // later articles recorded as copies of this one
  std::string ingested_at;
};

struct CountByKey {
  std::string key;
  int64_t count = 0;
};

// `vigie entities`: identities across the store, by number of articles then mentions.
struct EntityQuery {
  std::string type;  // "PER", "ORG", "LOC", "MISC"; empty: all
  int limit = 20;
};

struct EntityCount {
  std::string type;
  std::string ref;   // empty when unlinked (then the entity is counted by its name)
  std::string name;  // the most frequent longest name across articles
  std::string country;
  int64_t articles = 0;
  int64_t mentions = 0;
};

// `vigie quotes`.
struct QuoteQuery {
  std::string speaker;      // the speaker's ref, or words of their name or description
                            // (case-insensitive substring); empty: any
  std::string article_key;  // id, id prefix or source id as for find(); empty: all articles
  int limit = 50;
};

struct QuoteHit {
  std::string article_id;
  std::string title;
  std::string published;
  facts::Quote quote;  // spans into the article's text (not included)
  std::string text;    // the quoted words
  std::string cue;     // the speech verb as written, when found
};

// `vigie events` and `vigie export plover`. Every field narrows the result; empty
// fields do not filter.
struct EventQuery {
  std::vector<std::string> categories;  // PLOVER categories ("PROTEST", "SANCTION"), any case
  std::string mode;                     // PLOVER mode ("withdraw")
  // An actor or recipient: its ref ("FRA", "Emmanuel Macron", any case), its sector
  // ("MIL"), or both as "FRA:MIL".
  std::string actor;
  std::string recipient;
  // ISO dates, inclusive, compared with the event's date (its TIMEX3 value when it has
  // a year, else the article's publication date); undated events are excluded by any
  // date filter. `until` compares the event date's prefix, as SearchQuery does.
  std::string since;
  std::string until;
  std::string article_key;  // id, id prefix or source id as for find(); empty: all articles
  int limit = 50;           // 0: no limit
};

// One stored event with the article it came from. Hits of one article share the
// article (metadata and text, without sentences), so event spans can be cut from it.
struct EventHit {
  std::shared_ptr<const Article> article;
  uint32_t event_index = 0;  // index of the event in its article (unique per article)
  events::Event event;
  std::string event_date;    // what the date filters compare: YYYY[-MM[-DD]], '' undated
};

struct StoreStats {
  int64_t articles = 0;
  int64_t sentences = 0;
  int64_t near_duplicates = 0;
  int64_t text_bytes = 0;
  std::vector<CountByKey> by_lang;
  std::vector<CountByKey> by_source;  // site, else the top folder of the source file
  std::vector<CountByKey> by_month;   // "2022-11", "undated"
  int64_t mentions = 0;
  int64_t quotes = 0;
  int64_t events = 0;
  int64_t unanalysed = 0;             // articles with analysis_version 0 (text only)
  int schema_version = 0;
};

class ArticleStore {
 public:
  static Result<std::unique_ptr<ArticleStore>> open(const StoreOptions& options);
  virtual ~ArticleStore() = default;

  // Stores each article of `articles` (already processed by the text stage) in one
  // transaction; results are in the same order. An Error means nothing was written.
  // Without analysis (analysis_version 0).
  Result<std::vector<WriteResult>> write_batch(const std::vector<Article>& articles);
  // The same, with each article's analysis written in the same transaction.
  virtual Result<std::vector<WriteResult>> write_analysed_batch(const std::vector<ArticleWrite>& batch) = 0;

  virtual Result<std::vector<SearchHit>> search(const SearchQuery& query) = 0;

  // By id, id prefix (at least 6 hex digits) or source id; nullopt when none matches.
  virtual Result<std::optional<StoredArticle>> find(const std::string& key) = 0;

  virtual Result<StoreStats> stats() = 0;

  // The most common identities across the store (EntityQuery); empty when none is stored.
  virtual Result<std::vector<EntityCount>> top_entities(const EntityQuery& query) = 0;

  // Quotes in article order (newest first), then text order; empty when none matches.
  // An article_key matching no article is kInvalidInput; an ambiguous one kUsage.
  virtual Result<std::vector<QuoteHit>> find_quotes(const QuoteQuery& query) = 0;

  // Events, newest event date first, then article and text order; empty when none
  // matches. A category outside PLOVER's 16 or a negative limit is kUsage; an article_key
  // matching no article is kInvalidInput.
  virtual Result<std::vector<EventHit>> find_events(const EventQuery& query) = 0;
};

}  // namespace vigie::store
