// The event tables of the store (schema v4): events written with their article in one
// transaction and read back by find(), filtered by find_events(), shaped for export
// (store/event_export.h), and v3 and v2 files upgraded in place.

#include "store/event_tables.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "store/article_store.h"
#include "store/event_export.h"
#include "store/schema.h"
#include "text/text_processor.h"

namespace vigie::store {
namespace {

std::string temp_store_path(const std::string& name) {
  static std::atomic<int> counter{0};
  std::string path = ::testing::TempDir() + "/vigie_events_" + name + "_" + std::to_string(getpid()) + "_" +
                     std::to_string(counter++) + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

Article make_article(const std::string& text, const std::string& published) {
  Article article;
  article.text = text;
  article.id = text::content_id(text);
  article.lang = "fr";
  article.published = published;
  article.format = "text";
  article.title = "Titre, avec \"guillemets\"";
  article.sentences.push_back({{0, static_cast<uint32_t>(text.size())}, 0, 0});
  return article;
}

Span span_of(const Article& article, const std::string& needle) {
  const size_t at = article.text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

events::EventActor actor(const Article& a, const std::string& words, const std::string& ref, const std::string& sector) {
  return {ref, sector, span_of(a, words)};
}

const std::string kFranceText =
    "La France a suspendu sa coopération militaire avec le Mali, a déclaré le ministre. "
    "Les militaires britanniques, 300 soldats, vont se retirer en 2023.";

// Two events: a SANCTION dated by the article, a future RETREAT dated 2023.
std::vector<events::Event> france_events(const Article& a) {
  events::Event sanction;
  sanction.category = "SANCTION";
  sanction.mode = "end";
  sanction.actor = {actor(a, "La France", "FRA", "GOV")};
  sanction.recipient = {actor(a, "le Mali", "MLI", "")};
  sanction.location = "MLI";
  sanction.evidence = span_of(a, "La France a suspendu sa coopération militaire avec le Mali");
  sanction.trigger = span_of(a, "a suspendu");
  sanction.confidence = 0.9f;
  sanction.score = -5;
  sanction.reporter = "le ministre";
  sanction.reporter_span = span_of(a, "le ministre");
  events::Event retreat;
  retreat.category = "RETREAT";
  retreat.mode = "withdraw";
  retreat.actor = {actor(a, "Les militaires britanniques", "GBR", "MIL")};
  retreat.date = "2023";
  retreat.size = 300;
  retreat.context = {"future"};
  retreat.evidence = span_of(a, "Les militaires britanniques, 300 soldats, vont se retirer en 2023");
  retreat.trigger = span_of(a, "se retirer");
  retreat.sentence_index = 1;
  retreat.confidence = 0.75f;
  retreat.score = 4;
  return {sanction, retreat};
}

ArticleWrite write_of(const Article& article, const std::vector<events::Event>& found) {
  ArticleWrite write{&article, 2};
  write.events = &found;
  return write;
}

std::unique_ptr<ArticleStore> open_store(const std::string& path, bool is_read_only = false) {
  auto store = ArticleStore::open(StoreOptions{path, is_read_only});
  EXPECT_TRUE(store.ok()) << store.error().to_string();
  return store.ok() ? std::move(store.value()) : nullptr;
}

TEST(EventTablesTest, EventsAreReadBackWithTheArticle) {
  const std::string path = temp_store_path("round_trip");
  Article article = make_article(kFranceText, "2022-02-17");
  const std::vector<events::Event> written = france_events(article);
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({write_of(article, written)}).ok());
  auto found = store->find(article.id);
  ASSERT_TRUE(found.ok() && found.value());
  const std::vector<events::Event>& read = found.value()->analysis.events;
  ASSERT_EQ(read.size(), 2u);
  // The JSON shape covers every field the coder sets, spans included.
  EXPECT_EQ(events::events_to_json(article, read), events::events_to_json(article, written));
  EXPECT_EQ(read[0].reporter_span.in(kFranceText), "le ministre");
  EXPECT_EQ(read[0].actor[0].span.in(kFranceText), "La France");
  EXPECT_EQ(read[1].sentence_index, 1u);
  EXPECT_FALSE(read[0].size.has_value());
  EXPECT_EQ(read[1].size, 300);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, 2);
}

TEST(EventTablesTest, ReingestWritesNothingTwice) {
  const std::string path = temp_store_path("twice");
  Article article = make_article(kFranceText, "2022-02-17");
  const std::vector<events::Event> written = france_events(article);
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({write_of(article, written), write_of(article, written)}).ok());
  auto again = store->write_analysed_batch({write_of(article, written)});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value()[0].outcome, WriteOutcome::kDuplicate);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, 2);
  auto all = store->find_events(EventQuery{});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST(EventTablesTest, EventOutsideTheTextRejectsTheWholeBatch) {
  const std::string path = temp_store_path("bad_span");
  Article article = make_article(kFranceText, "2022-02-17");
  std::vector<events::Event> written = france_events(article);
  written[1].recipient = {{"MLI", "", {0, static_cast<uint32_t>(kFranceText.size() + 1)}}};
  auto store = open_store(path);
  auto result = store->write_analysed_batch({write_of(article, written)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(result.error().message.find("an event lies outside the text"), std::string::npos) << result.error().message;
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 0);
  EXPECT_EQ(stats->events, 0);
}

// Rows of filters and the categories of the events they keep, newest event date first.
TEST(EventTablesTest, FiltersByCategoryModeParticipantsDatesAndArticle) {
  const std::string path = temp_store_path("filters");
  Article france = make_article(kFranceText, "2022-02-17");
  const std::vector<events::Event> france_found = france_events(france);
  Article other = make_article("Des manifestants ont protesté à Bamako contre la France.", "");
  events::Event protest;
  protest.category = "PROTEST";
  protest.mode = "demo";
  protest.actor = {{"", "CVL", span_of(other, "Des manifestants")}};
  protest.recipient = {{"FRA", "", span_of(other, "la France")}};
  protest.evidence = span_of(other, "Des manifestants ont protesté à Bamako contre la France");
  protest.trigger = span_of(other, "ont protesté");
  protest.confidence = 0.8f;
  const std::vector<events::Event> other_found = {protest};
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({write_of(france, france_found), write_of(other, other_found)}).ok());

  struct Row {
    EventQuery query;
    std::string expected;  // categories joined by " "
  };
  auto q = [](auto&& fill) {
    EventQuery query;
    fill(query);
    return query;
  };
  const std::vector<Row> rows = {
      {EventQuery{}, "RETREAT SANCTION PROTEST"},  // 2023, 2022-02-17 (published), undated
      {q([](EventQuery& x) { x.categories = {"sanction", "PROTEST"}; }), "SANCTION PROTEST"},
      {q([](EventQuery& x) { x.mode = "withdraw"; }), "RETREAT"},
      {q([](EventQuery& x) { x.actor = "fra"; }), "SANCTION"},
      {q([](EventQuery& x) { x.actor = "GBR:MIL"; }), "RETREAT"},
      {q([](EventQuery& x) { x.actor = "GBR:GOV"; }), ""},
      {q([](EventQuery& x) { x.actor = "CVL"; }), "PROTEST"},
      {q([](EventQuery& x) { x.recipient = "FRA"; }), "PROTEST"},
      {q([](EventQuery& x) { x.recipient = "MLI"; }), "SANCTION"},
      {q([](EventQuery& x) { x.since = "2022-03"; }), "RETREAT"},
      {q([](EventQuery& x) { x.until = "2022"; }), "SANCTION"},
      {q([](EventQuery& x) { x.since = "2022-02-17"; x.until = "2022-02-17"; }), "SANCTION"},
      {q([](EventQuery& x) { x.article_key = "MISSING"; }), "error"},
      {q([](EventQuery& x) { x.limit = 1; }), "RETREAT"},
  };
  for (const Row& row : rows) {
    auto hits = store->find_events(row.query);
    std::string got;
    if (!hits.ok()) {
      got = "error";
    } else {
      for (const EventHit& hit : hits.value()) got += (got.empty() ? "" : " ") + hit.event.category;
    }
    EXPECT_EQ(got, row.expected) << "actor=" << row.query.actor << " since=" << row.query.since
                                 << " until=" << row.query.until << " mode=" << row.query.mode;
  }
  EventQuery by_article;
  by_article.article_key = other.id;
  auto hits = store->find_events(by_article);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().article->id, other.id);
  EXPECT_EQ(hits->front().event_date, "");
  ASSERT_EQ(hits->front().event.recipient.size(), 1u);
  EXPECT_EQ(hits->front().event.recipient[0].span.in(hits->front().article->text), "la France");

  EventQuery bad;
  bad.categories = {"FIGHT"};
  auto refused = store->find_events(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUsage);
}

TEST(EventTablesTest, FilterDateFallsBackToPublication) {
  events::Event event;
  EXPECT_EQ(event_filter_date(event, "2022-02-17T10:30:00Z"), "2022-02-17");
  EXPECT_EQ(event_filter_date(event, ""), "");
  event.date = "2013-01";
  EXPECT_EQ(event_filter_date(event, "2022-02-17"), "2013-01");
  event.date = "2022-W07";
  EXPECT_EQ(event_filter_date(event, "2022-02-17"), "2022");
  event.date = "PAST_REF";
  EXPECT_EQ(event_filter_date(event, "2022-02-17"), "2022-02-17");
}

TEST(EventTablesTest, CsvQuotesAsRfc4180Says) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"dit \"non\"", "\"dit \"\"non\"\"\""},
      {"deux\nlignes", "\"deux\nlignes\""},
      {" espace", "\" espace\""},
      {"", ""},
      {"Côte d'Ivoire", "Côte d'Ivoire"},
  };
  for (const auto& [value, expected] : rows) EXPECT_EQ(csv_field(value), expected) << value;
}

TEST(EventTablesTest, ExportShapesPloverJsonAndCsv) {
  const std::string path = temp_store_path("export");
  Article article = make_article(kFranceText, "2022-02-17");
  auto store = open_store(path);
  ASSERT_TRUE(store->write_analysed_batch({write_of(article, france_events(article))}).ok());
  EventQuery query;
  query.categories = {"SANCTION"};
  auto hits = store->find_events(query);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  const EventHit& hit = hits->front();
  EXPECT_EQ(plover_event_id(hit), article.id + "-0");
  nlohmann::json record = event_hit_plover_json(hit);
  for (const char* field : {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                            "event_scale", "quad_code", "text_info", "cite_info"}) {
    EXPECT_TRUE(record.contains(field)) << field;
  }
  EXPECT_EQ(record["event"], nlohmann::json::array({"SANCTION"}));
  EXPECT_EQ(record["date"], "2022-02-17");
  nlohmann::json shaped = event_hit_json(hit);
  EXPECT_EQ(shaped["article_id"], article.id);
  EXPECT_EQ(shaped["event"], "SANCTION");

  EXPECT_EQ(participants_text(hit.event.actor), "FRA:GOV");
  EXPECT_EQ(participants_text(hit.event.recipient), "MLI");
  const std::string header = plover_csv_header();
  EXPECT_EQ(header.substr(0, 24), "id,date,date_timex,event");
  EXPECT_EQ(header.substr(header.size() - 2), "\r\n");
  const std::string row = plover_csv_row(hit);
  EXPECT_EQ(row.substr(0, article.id.size() + 14), article.id + "-0,2022-02-17,");
  EXPECT_NE(row.find(",SANCTION,end,,FRA:GOV,MLI,La France,le Mali,MLI,"), std::string::npos) << row;
  EXPECT_NE(row.find("\"Titre, avec \"\"guillemets\"\"\""), std::string::npos) << row;
  EXPECT_EQ(row.substr(row.size() - 2), "\r\n");
}

// A v3 store (analysed articles, no event tables) and a v2 store upgrade in place; the
// old articles keep their analysis and have no events; new ones store theirs.
TEST(EventTablesTest, VersionThreeAndTwoStoresUpgradeInPlace) {
  for (int old_version : {3, 2}) {
    const std::string path = temp_store_path("v" + std::to_string(old_version));
    Article old_article = make_article("Un article ancien. Il reste lisible.", "2021-01-01");
    {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
      ASSERT_TRUE(migrate(db, path, 0, old_version).ok());
      std::string insert = "INSERT INTO articles (id, lang, published, ingested_at, text_bytes, text) VALUES ('" +
                           old_article.id + "', 'fr', '2021-01-01', '2021-01-01T00:00:00Z', " +
                           std::to_string(old_article.text.size()) + ", '" + old_article.text +
                           "'); INSERT INTO sentences VALUES (1, 0, 0, 18, x'00');";
      if (old_version == 3) {
        insert += "UPDATE articles SET analysis_version = 1; INSERT INTO mentions VALUES (1, 0, 0, 0, 2, 'MISC', '', 'Un', '', '', 0);";
      }
      ASSERT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      sqlite3_close(db);
    }
    {
      auto read_only = ArticleStore::open(StoreOptions{path, true});
      ASSERT_FALSE(read_only.ok());
      EXPECT_NE(read_only.error().message.find("v" + std::to_string(old_version) + " needs upgrading to v4"),
                std::string::npos)
          << read_only.error().message;
    }
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    auto stats = store->stats();
    ASSERT_TRUE(stats.ok()) << stats.error().to_string();
    EXPECT_EQ(stats->schema_version, 4);
    EXPECT_EQ(stats->articles, 1);
    EXPECT_EQ(stats->events, 0);
    EXPECT_EQ(stats->mentions, old_version == 3 ? 1 : 0);
    auto found = store->find(old_article.id);
    ASSERT_TRUE(found.ok() && found.value());
    EXPECT_TRUE(found.value()->analysis.events.empty());

    Article article = make_article(kFranceText, "2022-02-17");
    const std::vector<events::Event> written = france_events(article);
    ASSERT_TRUE(store->write_analysed_batch({write_of(article, written)}).ok());
    stats = store->stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->events, 2);
  }
}

}  // namespace
}  // namespace vigie::store
