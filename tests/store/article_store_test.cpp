#include "store/article_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <set>

#include "store/near_duplicate.h"
#include "store/schema.h"
#include "text/text_processor.h"

namespace vigie::store {
namespace {

std::string temp_store_path(const std::string& name) {
  static std::atomic<int> counter{0};
  std::string path = ::testing::TempDir() + "/vigie_store_" + name + "_" + std::to_string(getpid()) + "_" +
                     std::to_string(counter++) + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

// Sentences end at ". "; tokens are the space-separated words. Enough structure to
// check that the store keeps spans; the text stage's real segmentation is not needed.
Article make_article(const std::string& text, const std::string& lang = "fr", const std::string& title = "",
                     const std::string& published = "", const std::string& source_file = "",
                     const std::string& source_id = "") {
  Article article;
  article.text = text;
  article.id = text::content_id(text);
  article.lang = lang;
  article.title = title;
  article.published = published;
  article.source_file = source_file;
  article.source_id = source_id;
  article.format = "text";
  uint32_t sentence_begin = 0;
  for (uint32_t i = 0; i <= text.size(); ++i) {
    const bool at_end = i == text.size();
    if (!at_end && text[i] != ' ') continue;
    // close the current token [token_begin, i)
    uint32_t token_begin = i;
    while (token_begin > 0 && text[token_begin - 1] != ' ') --token_begin;
    if (token_begin < i) article.tokens.push_back({{token_begin, i}, TokenKind::kWord});
    if (at_end || (i > 0 && text[i - 1] == '.')) {
      Sentence sentence;
      sentence.span = {sentence_begin, i};
      uint32_t first = static_cast<uint32_t>(article.tokens.size());
      while (first > 0 && article.tokens[first - 1].span.begin_byte >= sentence_begin) --first;
      sentence.first_token = first;
      sentence.token_count = static_cast<uint32_t>(article.tokens.size()) - first;
      if (!sentence.span.empty()) article.sentences.push_back(sentence);
      sentence_begin = i + 1;
    }
  }
  return article;
}

std::unique_ptr<ArticleStore> open_store(const std::string& path) {
  auto store = ArticleStore::open(StoreOptions{path});
  EXPECT_TRUE(store.ok()) << store.error().to_string();
  return std::move(store.value());
}

void set_user_version(const std::string& path, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(version)).c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

TEST(ArticleStoreTest, CreatesAndReopens) {
  const std::string path = temp_store_path("reopen");
  Article article = make_article("Le gouvernement a annoncé un plan. Il entre en vigueur lundi.");
  {
    auto store = open_store(path);
    auto stats = store->stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->schema_version, latest_schema_version());
    EXPECT_EQ(stats->articles, 0);
    ASSERT_TRUE(store->write_batch({article}).ok());
  }
  auto store = open_store(path);
  auto found = store->find(article.id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->article.text, article.text);
  auto hits = store->search(SearchQuery{"vigueur"});
  ASSERT_TRUE(hits.ok()) << hits.error().to_string();
  EXPECT_EQ(hits->size(), 1u);
}

TEST(ArticleStoreTest, MigratesAV1Store) {
  const std::string path = temp_store_path("v1");
  const std::string text =
      "Les ministres des Affaires étrangères se sont réunis à Bruxelles pour discuter de la situation au Sahel "
      "et des conséquences du départ des troupes, a indiqué un communiqué publié dans la soirée.";
  text::TermNormalizer folder("none");
  const auto fingerprint = near_duplicate_fingerprint(text, folder);
  ASSERT_TRUE(fingerprint.has_value());
  {
    // A store as the v1 build left it: no band index yet.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(migrate(db, path, 0, 1).ok());
    const std::string insert =
        "INSERT INTO articles (id, lang, ingested_at, text_bytes, text, simhash) VALUES ('00000000000000aa', 'fr', "
        "'2024-01-01T00:00:00Z', " + std::to_string(text.size()) + ", '" + text + "', " +
        std::to_string(static_cast<int64_t>(*fingerprint)) + ")";
    ASSERT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto store = open_store(path);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->schema_version, latest_schema_version());  // v1 -> v2 -> v3 in place
  EXPECT_EQ(stats->articles, 1);
  // The backfilled band index finds the old article as the original of a copy.
  auto written = store->write_batch({make_article(text + " (AFP)")});
  ASSERT_TRUE(written.ok()) << written.error().to_string();
  EXPECT_EQ((*written)[0].outcome, WriteOutcome::kNearDuplicate);
  EXPECT_EQ((*written)[0].duplicate_of, "00000000000000aa");
}

TEST(ArticleStoreTest, RefusesAStoreFromANewerVigie) {
  const std::string path = temp_store_path("newer");
  open_store(path).reset();
  set_user_version(path, 99);
  auto store = ArticleStore::open(StoreOptions{path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kUnsupportedVersion);
  EXPECT_NE(store.error().message.find("v99"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("v" + std::to_string(latest_schema_version())), std::string::npos);
}

TEST(ArticleStoreTest, RefusesFilesThatAreNotVigieStores) {
  const std::string garbage = temp_store_path("garbage");
  std::ofstream(garbage) << "This is a plain text file, long enough to look like something. "
                            "It is certainly not a SQLite database header, which starts with a magic string.\n";
  auto store = ArticleStore::open(StoreOptions{garbage});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kCorruptStore);
  EXPECT_NE(store.error().message.find("not a SQLite database"), std::string::npos) << store.error().message;

  const std::string foreign = temp_store_path("foreign");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE invoices (n INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  store = ArticleStore::open(StoreOptions{foreign});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kCorruptStore);
  EXPECT_NE(store.error().message.find("invoices"), std::string::npos) << store.error().message;
}

TEST(ArticleStoreTest, RefusesBadOptions) {
  StoreOptions options{temp_store_path("options")};
  options.near_duplicate_max_bits = 4;
  auto store = ArticleStore::open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kUsage);

  StoreOptions read_only{temp_store_path("missing")};
  read_only.is_read_only = true;
  store = ArticleStore::open(read_only);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kIo);
}

TEST(ArticleStoreTest, RoundTripsArticlesWithSentencesAndTokens) {
  auto store = open_store(temp_store_path("roundtrip"));
  Article article = make_article("Le ministre est arrivé. Il a parlé aux soldats. Fin.", "fr", "Visite au camp",
                                 "2022-11-14", "feeds/sahel.xml#3", "sahel-42");
  article.url = "https://example.org/a";
  article.author = "A. Martin";
  article.site = "example.org";
  article.is_lang_from_metadata = true;
  article.tokens[1].kind = TokenKind::kNumber;  // kinds are kept
  ASSERT_TRUE(store->write_batch({article}).ok());

  for (const std::string& key : {article.id, article.id.substr(0, 6), std::string("sahel-42")}) {
    auto found = store->find(key);
    ASSERT_TRUE(found.ok()) << key << ": " << found.error().to_string();
    ASSERT_TRUE(found->has_value()) << key;
    const Article& got = (*found)->article;
    EXPECT_EQ(got.id, article.id);
    EXPECT_EQ(got.title, article.title);
    EXPECT_EQ(got.published, article.published);
    EXPECT_EQ(got.source_file, article.source_file);
    EXPECT_EQ(got.source_id, article.source_id);
    EXPECT_EQ(got.url, article.url);
    EXPECT_EQ(got.author, article.author);
    EXPECT_EQ(got.site, article.site);
    EXPECT_EQ(got.format, article.format);
    EXPECT_EQ(got.lang, "fr");
    EXPECT_TRUE(got.is_lang_from_metadata);
    ASSERT_EQ(got.sentences.size(), 3u);
    ASSERT_EQ(got.tokens.size(), article.tokens.size());
    for (size_t i = 0; i < got.sentences.size(); ++i) {
      EXPECT_EQ(got.sentences[i].span, article.sentences[i].span);
      EXPECT_EQ(got.sentences[i].first_token, article.sentences[i].first_token);
      EXPECT_EQ(got.sentences[i].token_count, article.sentences[i].token_count);
    }
    for (size_t i = 0; i < got.tokens.size(); ++i) {
      EXPECT_EQ(got.tokens[i].span, article.tokens[i].span);
      EXPECT_EQ(got.tokens[i].kind, article.tokens[i].kind);
    }
    EXPECT_TRUE((*found)->duplicate_of.empty());
    EXPECT_FALSE((*found)->ingested_at.empty());
  }
  auto missing = store->find("ffffffffffffffff");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST(ArticleStoreTest, AmbiguousIdPrefixListsCandidates) {
  auto store = open_store(temp_store_path("ambiguous"));
  Article a = make_article("Premier texte.");
  Article b = make_article("Second texte.");
  a.id = "abcdef0000000001";
  b.id = "abcdef0000000002";
  ASSERT_TRUE(store->write_batch({a, b}).ok());
  auto found = store->find("abcdef");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, ErrorKind::kUsage);
  EXPECT_NE(found.error().message.find("abcdef0000000001"), std::string::npos) << found.error().message;
  EXPECT_NE(found.error().message.find("abcdef0000000002"), std::string::npos);
  auto unique = store->find("abcdef0000000002");
  ASSERT_TRUE(unique.ok());
  ASSERT_TRUE(unique->has_value());
  auto too_short = store->find("abcde");  // below 6 digits a prefix is not tried
  ASSERT_TRUE(too_short.ok());
  EXPECT_FALSE(too_short->has_value());
}

TEST(ArticleStoreTest, ExactDuplicatesAreNotWrittenTwice) {
  auto store = open_store(temp_store_path("duplicates"));
  Article article = make_article("Un texte court sur la pluie.");
  Article other = make_article("Un autre texte sur le beau temps.");
  auto first = store->write_batch({article, other, article});  // within the batch
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ((*first)[0].outcome, WriteOutcome::kStored);
  EXPECT_EQ((*first)[1].outcome, WriteOutcome::kStored);
  EXPECT_EQ((*first)[2].outcome, WriteOutcome::kDuplicate);
  EXPECT_EQ((*first)[2].duplicate_of, article.id);
  auto second = store->write_batch({article});  // across batches
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)[0].outcome, WriteOutcome::kDuplicate);
  EXPECT_EQ(store->stats()->articles, 2);
  EXPECT_EQ(store->search(SearchQuery{"pluie"})->size(), 1u);
}

TEST(ArticleStoreTest, AFailingBatchWritesNothing) {
  const std::string path = temp_store_path("atomic");
  auto store = open_store(path);
  Article good = make_article("La récolte de blé a été excellente cette année.");
  Article english = make_article("The wheat harvest was excellent this year.", "en");
  Article bad = make_article("Un article sans identifiant.");
  bad.id.clear();
  bad.source_file = "feeds/broken.xml#7";
  auto written = store->write_batch({good, english, bad});
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(written.error().message.find("article 3 (feeds/broken.xml#7)"), std::string::npos)
      << written.error().message;
  EXPECT_NE(written.error().message.find("nothing of this batch was written"), std::string::npos);

  auto check_empty = [](ArticleStore& s) {
    auto stats = s.stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->articles, 0);
    EXPECT_EQ(stats->sentences, 0);
    auto hits = s.search(SearchQuery{"récolte OR harvest"});
    ASSERT_TRUE(hits.ok()) << hits.error().to_string();
    EXPECT_TRUE(hits->empty());
  };
  check_empty(*store);
  store.reset();
  store = open_store(path);  // and nothing reappears after reopening
  check_empty(*store);

  // The English table created inside the failed batch was rolled back with it; the
  // store must create it again rather than believe it exists.
  written = store->write_batch({good, english});
  ASSERT_TRUE(written.ok()) << written.error().to_string();
  auto hits = store->search(SearchQuery{"harvest", "en"});
  ASSERT_TRUE(hits.ok()) << hits.error().to_string();
  EXPECT_EQ(hits->size(), 1u);
}

TEST(ArticleStoreTest, ReadOnlyStoreRefusesWrites) {
  const std::string path = temp_store_path("readonly");
  open_store(path)->write_batch({make_article("Un texte.")});
  StoreOptions options{path};
  options.is_read_only = true;
  auto store = ArticleStore::open(options);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  auto written = (*store)->write_batch({make_article("Un autre texte.")});
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kUsage);
  EXPECT_EQ((*store)->search(SearchQuery{"texte"})->size(), 1u);
}

// A small corpus in two languages for the search tests; ids by position.
class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(temp_store_path("search"));
    articles_ = {
        make_article("Le retrait des troupes françaises du Mali a été annoncé. L'armée quitte la région.", "fr",
                     "Retrait du Mali", "2022-02-17", "feeds/lemonde.xml#1"),
        make_article("Les retraits de soldats se poursuivent au Sahel. Le gouvernement confirme le calendrier.", "fr",
                     "Au Sahel", "2022-03-01T10:00:00Z", "feeds/rfi.xml#2"),
        make_article("La police a arrêté un suspect à Paris. Le Royaume-Uni a réagi dans la soirée.", "fr",
                     "Arrestation", "2022-11-14", "articles/paris.txt"),
        make_article("The withdrawal of troops from Mali was announced by the army.", "en", "Mali", "2022-02-18",
                     "feeds/bbc.xml#1"),
        make_article("Withdrawals continue across the Sahel, officials said.", "en", "Sahel", "", "feeds/bbc.xml#2"),
    };
    articles_[2].site = "paris-info.fr";
    auto written = store_->write_batch(articles_);
    ASSERT_TRUE(written.ok()) << written.error().to_string();
  }

  // Positions (0-based) of the hits, sorted.
  std::set<int> hits(SearchQuery query) {
    auto result = store_->search(query);
    EXPECT_TRUE(result.ok()) << query.text << ": " << result.error().to_string();
    std::set<int> found;
    if (!result.ok()) return found;
    for (const SearchHit& hit : *result) {
      for (size_t i = 0; i < articles_.size(); ++i) {
        if (articles_[i].id == hit.id) found.insert(static_cast<int>(i));
      }
      EXPECT_GT(hit.score, 0) << hit.id;
    }
    return found;
  }

  std::unique_ptr<ArticleStore> store_;
  std::vector<Article> articles_;
};

TEST_F(SearchTest, FindsWords) {
  const struct {
    SearchQuery query;
    std::set<int> expected;
  } rows[] = {
      {{"retrait"}, {0, 1}},                 // stemming: "retraits"
      {{"retraits"}, {0, 1}},
      {{"withdrawal"}, {3, 4}},              // English stemming: "withdrawals"
      {{"armee"}, {0}},                      // accent-insensitive
      {{"ARMÉE"}, {0}},
      {{"l'armée"}, {0}},
      {{"Royaume-Uni"}, {2}},
      {{"\"retrait des troupes\""}, {0}},    // phrase
      {{"\"troupes retrait\""}, {}},
      {{"retrait AND gouvernement"}, {1}},
      {{"retrait gouvernement"}, {1}},
      {{"police OR gouvernement"}, {1, 2}},
      {{"retrait NOT gouvernement"}, {0}},
      {{"(police OR gouvernement) NOT sahel"}, {2}},
      {{"gouvern*"}, {1}},                   // prefix
      {{"withdr*"}, {3, 4}},
      {{"mali"}, {0, 3}},                    // all families merged
      {{"mali", "en"}, {3}},                 // language filter
      {{"mali", "fr"}, {0}},
      {{"mali", "de"}, {}},
      {{"retrait", "", "rfi"}, {1}},         // source filter: file
      {{"police", "", "paris-info"}, {2}},   // source filter: site
      {{"retrait", "", "", "2022-03-01"}, {1}},          // since
      {{"retrait", "", "", "", "2022-03-01"}, {0, 1}},   // until is inclusive for a date-time
      {{"retrait", "", "", "", "2022-02-28"}, {0}},
      {{"mali OR sahel", "", "", "2022-02", "2022-02"}, {0, 3}},  // month; undated excluded
      {{"inexistant"}, {}},
  };
  for (const auto& row : rows) EXPECT_EQ(hits(row.query), row.expected) << row.query.text << " lang=" << row.query.lang;
}

TEST_F(SearchTest, RanksTitleMatchesFirstAndHighlights) {
  auto result = store_->search(SearchQuery{"retrait"});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].id, articles_[0].id);  // "Retrait" in the title
  EXPECT_GT((*result)[0].score, (*result)[1].score);
  EXPECT_EQ((*result)[0].title, "Retrait du Mali");
  EXPECT_EQ((*result)[0].published, "2022-02-17");
  EXPECT_EQ((*result)[0].lang, "fr");
  EXPECT_EQ((*result)[0].source_file, "feeds/lemonde.xml#1");

  result = store_->search(SearchQuery{"armee"});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->size(), 1u);
  EXPECT_NE((*result)[0].snippet.find("L'[armée] quitte"), std::string::npos) << (*result)[0].snippet;

  result = store_->search(SearchQuery{"retraits", "", "", "", "", 1});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->size(), 1u);  // limit
}

TEST_F(SearchTest, SnippetsOfLongTextsHaveEllipses) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Phrase de remplissage numéro " + std::to_string(i) + ". ";
  text += "Le mot cherché est ornithorynque. ";
  for (int i = 0; i < 40; ++i) text += "Encore une phrase " + std::to_string(i) + ". ";
  ASSERT_TRUE(store_->write_batch({make_article(text)}).ok());
  auto result = store_->search(SearchQuery{"ornithorynque"});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->size(), 1u);
  const std::string& snippet = (*result)[0].snippet;
  EXPECT_NE(snippet.find("[ornithorynque]"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("…"), std::string::npos) << snippet;
  EXPECT_LT(snippet.size(), 200u) << snippet;
}

TEST_F(SearchTest, ExplainsBadQueries) {
  const struct {
    SearchQuery query;
    const char* message;
  } rows[] = {
      {{"\"retrait des"}, "never closed"},
      {{"NOT retrait"}, "needs a word before it"},
      {{"retrait)"}, "never opened"},
      {{""}, "no word to search for"},
      {{"retrait", "", "", "17/02/2022"}, "not an ISO date"},
      {{"retrait", "", "", "", "hier"}, "not an ISO date"},
      {{"retrait", "", "", "", "", 0}, "limit"},
  };
  for (const auto& row : rows) {
    auto result = store_->search(row.query);
    ASSERT_FALSE(result.ok()) << row.query.text;
    EXPECT_EQ(result.error().kind, ErrorKind::kUsage);
    EXPECT_NE(result.error().message.find(row.message), std::string::npos) << result.error().message;
  }
}

TEST_F(SearchTest, CountsStats) {
  auto stats = store_->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 5);
  EXPECT_EQ(stats->sentences, 8);
  EXPECT_EQ(stats->near_duplicates, 0);
  int64_t bytes = 0;
  for (const Article& article : articles_) bytes += static_cast<int64_t>(article.text.size());
  EXPECT_EQ(stats->text_bytes, bytes);
  auto as_string = [](const std::vector<CountByKey>& counts) {
    std::string out;
    for (const CountByKey& entry : counts) out += entry.key + "=" + std::to_string(entry.count) + " ";
    return out;
  };
  EXPECT_EQ(as_string(stats->by_lang), "fr=3 en=2 ");
  EXPECT_EQ(as_string(stats->by_month), "2022-02=2 2022-03=1 2022-11=1 undated=1 ");
  EXPECT_EQ(as_string(stats->by_source), "feeds/bbc.xml=2 feeds/lemonde.xml=1 feeds/rfi.xml=1 paris-info.fr=1 ");
}

// ~250 words: long enough for a stable fingerprint, like a short news article.
const char* const kArticle =
    "Les derniers soldats français ont quitté la base de Gao lundi matin, mettant fin à près de dix années de "
    "présence militaire dans le nord du Mali. Le convoi a pris la route du Niger sous escorte aérienne, a précisé "
    "l'état-major dans un communiqué publié en fin de journée. Selon le porte-parole des armées, l'opération s'est "
    "déroulée sans incident malgré des menaces répétées des groupes armés dans la région. Les autorités maliennes "
    "ont pris possession des installations au cours d'une brève cérémonie à laquelle la presse n'était pas conviée. "
    "Plusieurs habitants de Gao interrogés par téléphone disent craindre une dégradation de la sécurité dans les "
    "semaines à venir, notamment sur les axes routiers qui relient la ville à Ménaka et à Tombouctou. Le retrait "
    "avait été annoncé en février par le président de la République, après des mois de tensions avec la junte au "
    "pouvoir à Bamako et l'arrivée de mercenaires étrangers dans le pays. Une partie des moyens sera redéployée au "
    "Niger voisin, où Paris maintient un millier de militaires engagés aux côtés de l'armée nigérienne. Les "
    "partenaires européens de la France ont eux aussi réduit leur présence, tandis que la mission des Nations unies "
    "cherche de nouveaux contributeurs pour assurer la relève de ses contingents. Des organisations humanitaires "
    "s'inquiètent enfin de l'accès aux populations déplacées, dont le nombre a fortement augmenté depuis le début "
    "de l'année dans tout le pays.";

const char* const kSameTopic =
    "À Bamako, la junte a salué lundi ce qu'elle présente comme une victoire de la souveraineté nationale, au "
    "lendemain du départ des dernières troupes françaises du territoire. Le colonel au pouvoir a promis à la "
    "télévision d'État que l'armée malienne assurerait seule la défense du nord du pays. Des analystes doutent "
    "cependant de la capacité des forces nationales à tenir les positions abandonnées, alors que les attaques "
    "jihadistes se multiplient dans les régions de Gao, de Ménaka et de Tombouctou. Les partenaires européens ont "
    "suspendu plusieurs programmes de formation, et la mission des Nations unies voit ses effectifs fondre au fil "
    "des retraits annoncés par les pays contributeurs. À Paris, l'opposition reproche au gouvernement une sortie "
    "précipitée qui laisserait le champ libre aux groupes armés et aux mercenaires étrangers. Le ministère des "
    "Armées répond que le dispositif reste solide au Niger et au Tchad, et que la lutte contre le terrorisme se "
    "poursuivra avec les pays de la région qui en font la demande. Sur place, les commerçants de Gao disent "
    "attendre de voir si la sécurité des routes sera garantie dans les prochains mois.";

TEST(NearDuplicateTest, CopiesAreNearDuplicatesAndSameTopicIsNot) {
  const std::string original = std::string(kArticle) + " (AFP)";
  std::string typo_fixed = original;
  typo_fixed.replace(typo_fixed.find("présence militaire"), 9, "présense");  // the earlier version had a typo
  std::string sentence_added = original;
  sentence_added.insert(sentence_added.find(" Une partie des moyens"),
                        " Le ministre a confirmé que le calendrier avait été respecté.");
  std::string byline_changed = std::string(kArticle) + " (Reuters)";
  const std::string same_topic = std::string(kSameTopic) + " (AFP)";

  text::TermNormalizer folder("none");
  const auto fingerprint = *near_duplicate_fingerprint(original, folder);
  for (const std::string& copy : {typo_fixed, sentence_added, byline_changed}) {
    EXPECT_LE(hamming_distance(fingerprint, *near_duplicate_fingerprint(copy, folder)), 3);
  }
  EXPECT_GT(hamming_distance(fingerprint, *near_duplicate_fingerprint(same_topic, folder)), 10);
  EXPECT_FALSE(near_duplicate_fingerprint("Une brève de deux lignes.", folder).has_value());

  auto store = open_store(temp_store_path("near"));
  auto first = store->write_batch({make_article(original), make_article(typo_fixed), make_article(same_topic)});
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  const std::string original_id = text::content_id(original);
  EXPECT_EQ((*first)[0].outcome, WriteOutcome::kStored);
  EXPECT_EQ((*first)[1].outcome, WriteOutcome::kNearDuplicate);  // found within the batch
  EXPECT_EQ((*first)[1].duplicate_of, original_id);
  EXPECT_EQ((*first)[2].outcome, WriteOutcome::kStored);
  auto second = store->write_batch({make_article(sentence_added), make_article(byline_changed)});
  ASSERT_TRUE(second.ok());
  for (const WriteResult& result : *second) {
    EXPECT_EQ(result.outcome, WriteOutcome::kNearDuplicate);
    EXPECT_EQ(result.duplicate_of, original_id);  // the earliest match
  }
  // Near-duplicates are stored and searchable.
  EXPECT_EQ(store->stats()->articles, 5);
  EXPECT_EQ(store->stats()->near_duplicates, 3);
  EXPECT_EQ(store->search(SearchQuery{"présense"})->size(), 1u);
  auto found = store->find(original_id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->near_duplicates.size(), 3u);
  auto copy = store->find(text::content_id(byline_changed));
  ASSERT_TRUE(copy.ok() && copy->has_value());
  EXPECT_EQ((*copy)->duplicate_of, original_id);
}

TEST(NearDuplicateTest, DistanceIsAnOption) {
  StoreOptions options{temp_store_path("strict")};
  options.near_duplicate_max_bits = 0;
  auto store = ArticleStore::open(options);
  ASSERT_TRUE(store.ok());
  const std::string original = std::string(kArticle) + " (AFP)";
  std::string edited = original;
  edited.insert(edited.find(" Une partie des moyens"), " Le ministre a confirmé que le calendrier avait été respecté.");
  text::TermNormalizer folder("none");
  const int distance = hamming_distance(*near_duplicate_fingerprint(original, folder), *near_duplicate_fingerprint(edited, folder));
  auto written = (*store)->write_batch({make_article(original), make_article(edited)});
  ASSERT_TRUE(written.ok());
  EXPECT_EQ((*written)[1].outcome, distance == 0 ? WriteOutcome::kNearDuplicate : WriteOutcome::kStored);
}

}  // namespace
}  // namespace vigie::store
