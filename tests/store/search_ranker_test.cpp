// The cached ranker (store/search_ranker.h) is a fast path for FTS5's bm25: on a
// generated store large enough to take it, every search must return the same articles
// with the same scores, in the same order, as FTS5's own bm25 with the same filters.

#include "store/search_ranker.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "store/article_store.h"
#include "store/fts_tokenizer.h"
#include "store/query_translator.h"
#include "text/text_processor.h"

namespace vigie::store {
namespace {

constexpr int kArticles = 3600;  // more matches than the store ranks without the cache

const std::vector<std::string> kVocabulary = {
    "armée", "retrait", "soldats", "gouvernement", "accord", "frontière", "élections", "ministre", "attaque",
    "village", "réfugiés", "sécurité", "président", "mission", "forces", "capitale", "sommet", "sanctions",
    "négociations", "manifestation", "opposition", "junte", "ambassade", "partenaires", "coopération"};

std::string temp_path() {
  std::string path = ::testing::TempDir() + "/vigie_ranker_" + std::to_string(getpid()) + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

struct Reference {
  std::string id;
  double score;
};

class SearchRankerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(temp_path());
    auto opened = ArticleStore::open(StoreOptions{*path_});
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    text::TextProcessor processor;
    std::mt19937 random(7);
    std::vector<Article> batch;
    for (int i = 0; i < kArticles; ++i) {
      Article article;
      // Every article says "mission" at least once, so a one-word search matches them all.
      std::string text = "La mission numéro " + std::to_string(i) + " continue.";
      const int words = 10 + static_cast<int>(random() % 120);
      for (int w = 0; w < words; ++w) {
        text += (w % 12 == 0 ? ". Le " : " ") + kVocabulary[random() % kVocabulary.size()];
      }
      article.text = text + ".";
      article.title = kVocabulary[random() % kVocabulary.size()] + " " + std::to_string(i);
      article.lang = i % 7 == 0 ? "fr-CA" : "fr";
      article.is_lang_from_metadata = true;
      if (i % 11 != 0) {
        article.published = "20" + std::to_string(15 + i % 8) + "-0" + std::to_string(1 + i % 9) + "-1" +
                            std::to_string(i % 10);
      }
      processor.process(article);
      batch.push_back(std::move(article));
      if (batch.size() == 500) {
        ASSERT_TRUE((*opened)->write_batch(batch).ok());
        batch.clear();
      }
    }
    ASSERT_TRUE((*opened)->write_batch(batch).ok());
  }
  static void TearDownTestSuite() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((*path_ + suffix).c_str());
    delete path_;
  }

  // FTS5's own bm25 with the store's weights and its SQL filters, on a fresh connection.
  static std::vector<Reference> reference(const SearchQuery& query) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_->c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_TRUE(register_fts_tokenizer(db, *path_).ok());
    auto match = translate_query(query.text);
    EXPECT_TRUE(match.ok());
    const char* sql =
        "SELECT a.id, bm25(fts_fr, 5.0, 1.0) FROM fts_fr JOIN articles AS a ON a.rowid = fts_fr.rowid "
        "WHERE fts_fr MATCH ?1 AND (?3 = '' OR a.lang = ?3) "
        "AND (?4 = '' OR (a.published <> '' AND a.published >= ?4)) "
        "AND (?5 = '' OR (a.published <> '' AND substr(a.published, 1, length(?5)) <= ?5)) "
        "ORDER BY 2, a.rowid LIMIT ?2";
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_bind_text(statement, 1, match->c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(statement, 2, query.limit);
    sqlite3_bind_text(statement, 3, query.lang.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(statement, 4, query.since.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(statement, 5, query.until.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<Reference> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      rows.push_back({reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                      -sqlite3_column_double(statement, 1)});
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
  }

  static std::string* path_;
};

std::string* SearchRankerTest::path_ = nullptr;

TEST_F(SearchRankerTest, RanksLikeFts5Bm25) {
  auto opened = ArticleStore::open(StoreOptions{*path_, /*is_read_only=*/true});
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  ArticleStore& store = **opened;
  std::vector<SearchQuery> queries;
  for (const char* text : {"mission", "retrait soldats", "\"le président\"", "armée OR junte", "mission NOT accord",
                           "sécurite", "ambassade"}) {
    SearchQuery query;
    query.text = text;
    query.limit = 25;
    queries.push_back(query);
    query.lang = "fr-CA";
    queries.push_back(query);
    query.lang = "";
    query.since = "2018-03";
    query.until = "2020-06-30";
    queries.push_back(query);
    query.since = "";
    query.until = "2016";
    query.limit = 1;
    queries.push_back(query);
  }
  // Twice: the first search of each shape loads the caches, the second reads them.
  for (int pass = 0; pass < 2; ++pass) {
    for (const SearchQuery& query : queries) {
      SCOPED_TRACE(query.text + " lang=" + query.lang + " since=" + query.since + " until=" + query.until);
      auto hits = store.search(query);
      ASSERT_TRUE(hits.ok()) << hits.error().to_string();
      const std::vector<Reference> expected = reference(query);
      ASSERT_EQ(hits->size(), expected.size());
      for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR((*hits)[i].score, expected[i].score, 1e-9 * std::max(1.0, std::fabs(expected[i].score)));
        // Equal scores may come in either order; a different score at the same rank is a bug.
        if (i + 1 < expected.size() && expected[i].score != expected[i + 1].score &&
            (i == 0 || expected[i - 1].score != expected[i].score)) {
          EXPECT_EQ((*hits)[i].id, expected[i].id) << "rank " << i;
        }
      }
    }
  }
}

TEST_F(SearchRankerTest, SeesArticlesWrittenAfterItsCachesWereLoaded) {
  auto opened = ArticleStore::open(StoreOptions{*path_});
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  ArticleStore& store = **opened;
  SearchQuery query;
  query.text = "mission";
  query.limit = 5;
  ASSERT_TRUE(store.search(query).ok());  // loads the caches
  Article late;
  late.text = "Mission mission mission. La mission de la mission.";
  late.title = "mission";
  late.lang = "fr";
  late.is_lang_from_metadata = true;
  late.published = "2024-01-01";
  text::TextProcessor processor;
  processor.process(late);
  ASSERT_TRUE(store.write_batch({late}).ok());
  query.since = "2024";
  auto hits = store.search(query);
  ASSERT_TRUE(hits.ok()) << hits.error().to_string();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().id, late.id);
  const std::vector<Reference> expected = reference(query);
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_NEAR(hits->front().score, expected.front().score, 1e-9);
}

TEST(SearchRankerErrorsTest, OpensOnAStoreWithoutFts5Tables) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  auto ranker = SearchRanker::create(db, ":memory:");
  ASSERT_TRUE(ranker.ok()) << ranker.error().to_string();
  const int slot = (*ranker)->slot_of("fts_fr");
  EXPECT_EQ((*ranker)->slot_of("fts_fr"), slot);
  EXPECT_NE((*ranker)->slot_of("fts_en"), slot);
  // No articles table: refreshing is a store error with the path, not a crash.
  Status refreshed = (*ranker)->refresh(slot);
  EXPECT_FALSE(refreshed.ok());
  EXPECT_NE(refreshed.error().to_string().find(":memory:"), std::string::npos);
  ranker->reset();
  sqlite3_close(db);
}

}  // namespace
}  // namespace vigie::store
