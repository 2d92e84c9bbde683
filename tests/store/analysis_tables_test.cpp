// The analysis tables of the store (schema v3): written with the article in one
// transaction, read back by find(), counted by top_entities(), listed by find_quotes(),
// searched by SearchQuery::entity; and a v2 file upgraded in place.

#include "store/analysis_tables.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "store/article_store.h"
#include "store/schema.h"
#include "text/text_processor.h"

namespace vigie::store {
namespace {

std::string temp_store_path(const std::string& name) {
  static std::atomic<int> counter{0};
  std::string path = ::testing::TempDir() + "/vigie_analysis_" + name + "_" + std::to_string(getpid()) + "_" +
                     std::to_string(counter++) + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

// One sentence per ". " ("M. Heappey" makes two); tokens are not needed here.
Article make_article(const std::string& text, const std::string& published = "2022-11-15") {
  Article article;
  article.text = text;
  article.id = text::content_id(text);
  article.lang = "fr";
  article.published = published;
  article.format = "text";
  uint32_t begin = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ')) {
      article.sentences.push_back({{begin, i + 1}, 0, 0});
      begin = i + 2;
    }
  }
  return article;
}

// Finds `needle` in the text: the analysis below is written by hand, as spans.
Span span_of(const Article& article, const std::string& needle, size_t from = 0) {
  const size_t at = article.text.find(needle, from);
  EXPECT_NE(at, std::string::npos) << needle;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

struct Analysis {
  std::vector<entities::Mention> mentions;
  std::vector<entities::Entity> entities;
  facts::ArticleFacts facts;
  ArticleWrite write(const Article& article) const { return {&article, 1, &mentions, &entities, &facts}; }
};

entities::Mention mention(const Article& article, const std::string& surface, entities::EntityType type,
                          const std::string& ref, uint32_t sentence, uint32_t entity, size_t from = 0) {
  entities::Mention m;
  m.span = span_of(article, surface, from);
  m.type = type;
  m.ref = ref;
  m.sentence_index = sentence;
  m.entity_index = entity;
  return m;
}

const std::string kHeappeyText =
    "Le ministre James Heappey a annoncé le retrait. « Nous partons », a déclaré M. Heappey. "
    "Bamako a dénoncé une décision hâtive. Le Mali compte près de 300 soldats britanniques depuis 2020.";

Analysis heappey_analysis(const Article& a) {
  using entities::EntityType;
  Analysis analysis;
  analysis.mentions = {mention(a, "James Heappey", EntityType::kPer, "James Heappey", 0, 0),
                       mention(a, "Heappey", EntityType::kPer, "James Heappey", 2, 0, 60),
                       mention(a, "Bamako", EntityType::kLoc, "Bamako", 3, 1),
                       mention(a, "Mali", EntityType::kLoc, "MLI", 4, 2)};
  analysis.mentions[0].role = "ministre";
  analysis.mentions[2].country = "MLI";
  analysis.entities = {{EntityType::kPer, "James Heappey", "James Heappey", "GBR", {0, 1}},
                       {EntityType::kLoc, "Bamako", "Bamako", "MLI", {2}},
                       {EntityType::kLoc, "MLI", "Mali", "MLI", {3}}};
  facts::Quote quote;
  quote.span = span_of(a, "Nous partons");
  quote.cue_span = span_of(a, "a déclaré");
  quote.speaker.span = span_of(a, "Heappey", 60);
  quote.speaker.name = "James Heappey";
  quote.speaker.ref = "James Heappey";
  quote.speaker.is_named = true;
  analysis.facts.quotes.push_back(quote);
  facts::Quote reported;
  reported.span = span_of(a, "une décision hâtive");
  reported.is_direct = false;
  reported.speaker.span = span_of(a, "Bamako");
  reported.speaker.name = "Bamako";
  reported.speaker.ref = "MLI";
  reported.speaker.is_named = true;
  analysis.facts.quotes.push_back(reported);
  facts::Quantity quantity;
  quantity.span = span_of(a, "près de 300 soldats britanniques");
  quantity.value = 300;
  quantity.is_approx = true;
  quantity.bound = "approx";
  quantity.unit_span = span_of(a, "soldats");
  quantity.unit = "soldats";
  analysis.facts.quantities.push_back(quantity);
  facts::TimeExpression time;
  time.span = span_of(a, "2020");
  time.value = "2020";
  time.type = "DATE";
  analysis.facts.times.push_back(time);
  return analysis;
}

std::unique_ptr<ArticleStore> open_store(const std::string& path, bool is_read_only = false) {
  auto store = ArticleStore::open(StoreOptions{path, is_read_only});
  EXPECT_TRUE(store.ok()) << store.error().to_string();
  return store.ok() ? std::move(store.value()) : nullptr;
}

TEST(AnalysisTablesTest, AnalysisIsReadBackWithTheArticle) {
  const std::string path = temp_store_path("roundtrip");
  Article article = make_article(kHeappeyText);
  Analysis analysis = heappey_analysis(article);
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({analysis.write(article)}).ok());

  auto found = store->find(article.id);
  ASSERT_TRUE(found.ok() && found.value());
  const StoredAnalysis& stored = found.value()->analysis;
  EXPECT_EQ(stored.analysis_version, 1);
  ASSERT_EQ(stored.mentions.size(), 4u);
  EXPECT_EQ(stored.mentions[1].span.in(kHeappeyText), "Heappey");
  EXPECT_EQ(stored.mentions[1].ref, "James Heappey");
  EXPECT_EQ(stored.mentions[1].sentence_index, 2u);
  EXPECT_EQ(stored.mentions[0].role, "ministre");
  EXPECT_EQ(stored.mentions[2].country, "MLI");
  ASSERT_EQ(stored.entities.size(), 3u);
  EXPECT_EQ(stored.entities[0].mentions, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(stored.entities[2].ref, "MLI");
  ASSERT_EQ(stored.facts.quotes.size(), 2u);
  EXPECT_EQ(stored.facts.quotes[0].span.in(kHeappeyText), "Nous partons");
  EXPECT_EQ(stored.facts.quotes[0].cue_span.in(kHeappeyText), "a déclaré");
  EXPECT_EQ(stored.facts.quotes[0].speaker.ref, "James Heappey");
  EXPECT_FALSE(stored.facts.quotes[1].is_direct);
  ASSERT_EQ(stored.facts.quantities.size(), 1u);
  EXPECT_EQ(stored.facts.quantities[0].value, 300);
  EXPECT_FALSE(stored.facts.quantities[0].max_value);
  EXPECT_TRUE(stored.facts.quantities[0].is_approx);
  EXPECT_EQ(stored.facts.quantities[0].unit, "soldats");
  ASSERT_EQ(stored.facts.times.size(), 1u);
  EXPECT_EQ(stored.facts.times[0].value, "2020");
  EXPECT_TRUE(stored.facts.times[0].is_resolved);
}

TEST(AnalysisTablesTest, TextOnlyArticlesHaveVersionZeroAndNoRows) {
  const std::string path = temp_store_path("text_only");
  Article article = make_article(kHeappeyText);
  auto store = open_store(path);
  ASSERT_TRUE(store->write_batch({article}).ok());
  auto found = store->find(article.id);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->analysis.analysis_version, 0);
  EXPECT_TRUE(found.value()->analysis.mentions.empty());
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->unanalysed, 1);
  EXPECT_EQ(stats->mentions, 0);
}

TEST(AnalysisTablesTest, ReingestWritesNothingTwice) {
  const std::string path = temp_store_path("twice");
  Article article = make_article(kHeappeyText);
  Analysis analysis = heappey_analysis(article);
  auto store = open_store(path);
  auto first = store->write_analysed_batch({analysis.write(article), analysis.write(article)});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value()[1].outcome, WriteOutcome::kDuplicate);
  auto second = store->write_analysed_batch({analysis.write(article)});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value()[0].outcome, WriteOutcome::kDuplicate);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->mentions, 4);
  EXPECT_EQ(stats->quotes, 2);
}

TEST(AnalysisTablesTest, SpanOutsideTheTextRejectsTheWholeBatch) {
  const std::string path = temp_store_path("bad_span");
  Article good = make_article("Un article sans histoire.");
  Article article = make_article(kHeappeyText);
  Analysis analysis = heappey_analysis(article);
  analysis.facts.times[0].span = {10, static_cast<uint32_t>(article.text.size() + 5)};
  auto store = open_store(path);
  auto written = store->write_analysed_batch({ArticleWrite{&good}, analysis.write(article)});
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(written.error().message.find("time expression"), std::string::npos) << written.error().message;
  EXPECT_NE(written.error().message.find("nothing of this batch was written"), std::string::npos);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 0);
  EXPECT_EQ(stats->mentions, 0);
}

TEST(AnalysisTablesTest, TopEntitiesCountArticlesThenMentions) {
  const std::string path = temp_store_path("top");
  Article first = make_article(kHeappeyText);
  Analysis first_analysis = heappey_analysis(first);
  Article second = make_article("Le Mali et le Niger. Le Mali encore.");
  Analysis second_analysis;
  using entities::EntityType;
  second_analysis.mentions = {mention(second, "Mali", EntityType::kLoc, "MLI", 0, 0),
                              mention(second, "Niger", EntityType::kLoc, "NER", 0, 1),
                              mention(second, "Mali", EntityType::kLoc, "MLI", 1, 0, 20)};
  second_analysis.entities = {{EntityType::kLoc, "MLI", "Mali", "MLI", {0, 2}}, {EntityType::kLoc, "NER", "Niger", "NER", {1}}};
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({first_analysis.write(first), second_analysis.write(second)}).ok());

  auto top = store->top_entities({});
  ASSERT_TRUE(top.ok()) << top.error().to_string();
  ASSERT_EQ(top->size(), 4u);
  EXPECT_EQ((*top)[0].ref, "MLI");
  EXPECT_EQ((*top)[0].name, "Mali");
  EXPECT_EQ((*top)[0].articles, 2);
  EXPECT_EQ((*top)[0].mentions, 3);
  EXPECT_EQ((*top)[1].ref, "James Heappey");  // 1 article, 2 mentions: before Bamako and Niger
  EXPECT_EQ((*top)[1].type, "PER");

  auto people = store->top_entities({"PER", 10});
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u);
  EXPECT_EQ((*people)[0].name, "James Heappey");
  auto one = store->top_entities({"", 1});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  auto bad = store->top_entities({"PERSON", 10});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kUsage);
}

TEST(AnalysisTablesTest, QuotesBySpeakerRefOrWordsAndByArticle) {
  const std::string path = temp_store_path("quotes");
  Article article = make_article(kHeappeyText);
  Analysis analysis = heappey_analysis(article);
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({analysis.write(article)}).ok());

  auto all = store->find_quotes({});
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].text, "Nous partons");
  EXPECT_EQ((*all)[0].cue, "a déclaré");
  EXPECT_EQ((*all)[1].text, "une décision hâtive");  // bytes, not characters, despite the accents before it

  for (const std::string& speaker : {"James Heappey", "heappey", "MLI"}) {
    auto by = store->find_quotes({speaker});
    ASSERT_TRUE(by.ok());
    EXPECT_EQ(by->size(), 1u) << speaker;
  }
  auto nobody = store->find_quotes({"Macron"});
  ASSERT_TRUE(nobody.ok());
  EXPECT_TRUE(nobody->empty());
  auto in_article = store->find_quotes({"", article.id.substr(0, 8)});
  ASSERT_TRUE(in_article.ok());
  EXPECT_EQ(in_article->size(), 2u);
  auto missing = store->find_quotes({"", "ffffffffffff"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
}

TEST(AnalysisTablesTest, SearchByEntityRefOrName) {
  const std::string path = temp_store_path("search");
  Article article = make_article(kHeappeyText);
  Analysis analysis = heappey_analysis(article);
  Article other = make_article("Un autre article sur le retrait, sans entité.");
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({analysis.write(article), ArticleWrite{&other}}).ok());

  SearchQuery by_ref;
  by_ref.entity = "MLI";
  auto hits = store->search(by_ref);
  ASSERT_TRUE(hits.ok()) << hits.error().to_string();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, article.id);
  EXPECT_EQ((*hits)[0].snippet, "Le [Mali] compte près de 300 soldats britanniques depuis 2020.");

  SearchQuery by_name;
  by_name.entity = "heappey";  // a surface form, any case
  hits = store->search(by_name);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);

  SearchQuery with_text;
  with_text.text = "retrait";
  hits = store->search(with_text);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 2u);
  with_text.entity = "James Heappey";
  hits = store->search(with_text);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, article.id);
  with_text.entity = "NER";
  hits = store->search(with_text);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

// A store written by a build with schema v2 opens, upgrades to the latest version in place, keeps its
// articles (analysis_version 0) and takes analysed articles afterwards.
TEST(AnalysisTablesTest, VersionTwoStoreUpgradesInPlace) {
  const std::string path = temp_store_path("v2");
  Article old_article = make_article("Un article de la version deux. Il reste lisible.");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(migrate(db, path, 0, 2).ok());
    const std::string insert =
        "INSERT INTO articles (id, lang, published, ingested_at, text_bytes, text) VALUES ('" + old_article.id +
        "', 'fr', '2021-01-01', '2021-01-01T00:00:00Z', " + std::to_string(old_article.text.size()) + ", '" +
        old_article.text + "'); INSERT INTO sentences VALUES (1, 0, 0, 30, x'00')";
    ASSERT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  {
    auto read_only = ArticleStore::open(StoreOptions{path, true});
    ASSERT_FALSE(read_only.ok());
    EXPECT_NE(read_only.error().message.find("v2 needs upgrading to v" + std::to_string(latest_schema_version())), std::string::npos) << read_only.error().message;
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok()) << stats.error().to_string();
  EXPECT_EQ(stats->schema_version, latest_schema_version());
  EXPECT_EQ(stats->articles, 1);
  EXPECT_EQ(stats->unanalysed, 1);
  auto found = store->find(old_article.id);
  ASSERT_TRUE(found.ok() && found.value()) << (found.ok() ? "not found" : found.error().to_string());
  EXPECT_EQ(found.value()->analysis.analysis_version, 0);

  Article article = make_article(kHeappeyText);
  Analysis analysis = heappey_analysis(article);
  ASSERT_TRUE(store->write_analysed_batch({analysis.write(article)}).ok());
  stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->mentions, 4);
  EXPECT_EQ(stats->unanalysed, 1);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), latest_schema_version());
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

}  // namespace
}  // namespace vigie::store
