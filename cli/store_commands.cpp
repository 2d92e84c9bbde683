// vigie search / show / stats: read the store and print, as text or JSON.

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "analysis_printing.h"
#include "article_json.h"
#include "commands.h"
#include "store/article_store.h"
#include "terminal.h"

namespace vigie::cli {
namespace {

// The store must exist for reading commands: opening a missing path would create an
// empty store and answer "nothing found", which hides a mistyped --db.
Result<std::unique_ptr<store::ArticleStore>> open_existing_store(const GlobalOptions& global) {
  if (access(global.db_path.c_str(), F_OK) != 0) {
    return make_error(ErrorKind::kIo, global.db_path, "no store here; run `vigie ingest PATH` first or pass --db");
  }
  return store::ArticleStore::open({global.db_path, true});
}

int fail(const Error& error) {
  std::fprintf(stderr, "error: %s\n", error.to_string().c_str());
  return error.kind == ErrorKind::kUsage ? kExitUsage : kExitSomeInputsFailed;
}

struct SearchFlags {
  store::SearchQuery query;
  std::vector<std::string> words;
  bool is_json = false;
};

int run_search(const GlobalOptions& global, SearchFlags& flags) {
  for (const auto& word : flags.words) {
    if (!flags.query.text.empty()) flags.query.text += ' ';
    flags.query.text += word;
  }
  if (flags.query.text.empty() && flags.query.entity.empty()) {
    std::fprintf(stderr, "error: give a query, --entity REF, or both\n");
    return kExitUsage;
  }
  auto opened = open_existing_store(global);
  if (!opened) return fail(opened.error());
  auto hits = opened.value()->search(flags.query);
  if (!hits) return fail(hits.error());
  if (flags.is_json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& hit : hits.value()) out.push_back(search_hit_json(hit));
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  if (hits->empty()) {
    if (!global.is_quiet) {
      std::string what = flags.query.text;
      if (!flags.query.entity.empty()) what += (what.empty() ? "" : " with ") + ("entity " + flags.query.entity);
      std::printf("no article matches %s\n", what.c_str());
    }
    return kExitOk;
  }
  int rank = 0;
  for (const auto& hit : hits.value()) {
    // Without query words the hits are the entity's articles, and the score its mentions.
    char score[48];
    if (flags.query.text.empty()) {
      std::snprintf(score, sizeof score, "%d mention%s", static_cast<int>(hit.score), hit.score == 1 ? "" : "s");
    } else {
      std::snprintf(score, sizeof score, "score %.2f", hit.score);
    }
    std::printf("%2d. %s  %-10s  %-3s  %s\n", ++rank, hit.id.c_str(),
                hit.published.empty() ? "undated" : hit.published.substr(0, 10).c_str(), hit.lang.c_str(), score);
    if (!hit.title.empty()) std::printf("    %s\n", hit.title.c_str());
    if (!hit.snippet.empty()) std::printf("    %s\n", hit.snippet.c_str());
    std::printf("    %s\n", hit.url.empty() ? hit.source_file.c_str() : hit.url.c_str());
  }
  return kExitOk;
}

struct ShowFlags {
  std::string key;
  bool is_json = false;
  bool has_no_sentences = false;
};

int run_show(const GlobalOptions& global, const ShowFlags& flags) {
  auto opened = open_existing_store(global);
  if (!opened) return fail(opened.error());
  auto found = opened.value()->find(flags.key);
  if (!found) return fail(found.error());
  if (!found.value()) {
    std::fprintf(stderr, "error: no article with id, id prefix or source id \"%s\"\n", flags.key.c_str());
    return kExitSomeInputsFailed;
  }
  const store::StoredArticle& stored = *found.value();
  const Article& article = stored.article;
  if (flags.is_json) {
    std::cout << stored_article_json(stored).dump() << "\n";
    return kExitOk;
  }
  auto line = [](const char* label, const std::string& value) {
    if (!value.empty()) std::printf("%-12s %s\n", label, value.c_str());
  };
  line("id", article.id);
  line("source id", article.source_id);
  line("title", article.title);
  std::printf("%-12s %s\n", "published",
              article.published.empty() ? "undated: relative dates left unresolved (no publication date found at ingest)"
                                        : article.published.c_str());
  line("author", article.author);
  line("site", article.site);
  line("url", article.url);
  line("language", article.lang);
  line("source", article.source_file + " (" + article.format + ")");
  line("ingested", stored.ingested_at);
  if (!stored.duplicate_of.empty()) {
    std::printf("%-12s near-duplicate of %s (the same story with small edits)\n", "duplicate", stored.duplicate_of.c_str());
  }
  for (const auto& copy : stored.near_duplicates) std::printf("%-12s %s is a near-duplicate of this article\n", "copies", copy.c_str());
  std::printf("\n%s\n", article.text.c_str());
  print_analysis(article, stored.analysis);
  if (!flags.has_no_sentences) {
    std::printf("\n%zu sentences:\n", article.sentences.size());
    int index = 0;
    for (const Sentence& sentence : article.sentences) {
      std::printf("%4d [%u-%u] %.*s\n", ++index, sentence.span.begin_byte, sentence.span.end_byte,
                  static_cast<int>(sentence.span.size()), article.text.data() + sentence.span.begin_byte);
    }
  }
  return kExitOk;
}

int run_stats(const GlobalOptions& global, bool is_json) {
  auto opened = open_existing_store(global);
  if (!opened) return fail(opened.error());
  auto stats = opened.value()->stats();
  if (!stats) return fail(stats.error());
  const store::StoreStats& s = stats.value();
  auto counts_json = [](const std::vector<store::CountByKey>& counts) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& count : counts) out[count.key] = count.count;
    return out;
  };
  if (is_json) {
    nlohmann::json out = {{"articles", s.articles},          {"duplicates", s.near_duplicates},
                          {"sentences", s.sentences},        {"text_bytes", s.text_bytes},
                          {"by_lang", counts_json(s.by_lang)}, {"by_source", counts_json(s.by_source)},
                          {"by_month", counts_json(s.by_month)}, {"schema_version", s.schema_version},
                          {"mentions", s.mentions},          {"quotes", s.quotes},
                          {"events", s.events},
                          {"unanalysed", s.unanalysed},
                          {"db", global.db_path}};
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  std::printf("%s: %ld articles, %ld near-duplicates, %ld sentences, %s of text (schema v%d)\n", global.db_path.c_str(),
              static_cast<long>(s.articles), static_cast<long>(s.near_duplicates), static_cast<long>(s.sentences),
              human_bytes(static_cast<double>(s.text_bytes)).c_str(), s.schema_version);
  auto table = [](const char* title, const std::vector<store::CountByKey>& counts) {
    if (counts.empty()) return;
    std::printf("\n%s\n", title);
    for (const auto& count : counts) std::printf("  %-40s %8ld\n", count.key.c_str(), static_cast<long>(count.count));
  };
  std::printf("%ld mentions, %ld quotes, %ld events; %ld articles stored without analysis\n",
              static_cast<long>(s.mentions), static_cast<long>(s.quotes), static_cast<long>(s.events),
              static_cast<long>(s.unanalysed));
  table("by language", s.by_lang);
  table("by source", s.by_source);
  table("by month", s.by_month);
  return kExitOk;
}

}  // namespace

void add_search_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* command = app.add_subcommand(
      "search", "Full-text search: words (stemmed, accent-insensitive), \"phrases\", AND/OR/NOT, prefix*");
  command->add_option("query", flags->words, "the query (may be omitted with --entity)");
  command->add_option("--entity", flags->query.entity,
                      "only articles mentioning this entity: a ref (MLI, \"James Heappey\") or a name as written (Bamako)");
  command->add_option("--lang", flags->query.lang, "only articles in this language (fr, en, ...)");
  command->add_option("--source", flags->query.source, "only articles whose site, URL or file contains this");
  command->add_option("--since", flags->query.since, "published on or after this date (YYYY-MM-DD)");
  command->add_option("--until", flags->query.until, "published on or before this date (YYYY-MM-DD)");
  command->add_option("--limit", flags->query.limit, "number of results")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_flag("--json", flags->is_json, "print the hits as a JSON array");
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_search(global, *flags); });
}

void add_show_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ShowFlags>();
  CLI::App* command = app.add_subcommand(
      "show", "Print one article: metadata, text, entities, quantities, times, quotes, sentences, near-duplicates");
  command->add_option("id", flags->key, "article id, unique id prefix, or source id")->required();
  command->add_flag("--json", flags->is_json, "print as one JSON object");
  command->add_flag("--no-sentences", flags->has_no_sentences, "omit the sentence list");
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_show(global, *flags); });
}

void add_stats_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto is_json = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand("stats", "Counts by language, source and month; near-duplicates");
  command->add_flag("--json", *is_json, "print as one JSON object (members include articles and duplicates)");
  command->fallthrough();
  command->callback([&global, &exit_code, is_json] { exit_code = run_stats(global, *is_json); });
}

}  // namespace vigie::cli
