// vigie entities / vigie quotes: what the analysis stages stored, across the store or
// for one article; and the analysis part of `vigie show` (print_analysis).

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "analysis_printing.h"
#include "article_json.h"
#include "commands.h"
#include "store/article_store.h"

namespace vigie::cli {
namespace {

// The store must exist for reading commands (see store_commands.cpp).
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

std::string quoted_span(const Article& article, Span span) { return "\"" + std::string(span.in(article.text)) + "\""; }

struct EntitiesFlags {
  store::EntityQuery query;
  std::string article_key;
  bool is_json = false;
};

int run_entities(const GlobalOptions& global, const EntitiesFlags& flags) {
  entities::EntityType type{};
  if (!flags.query.type.empty() && !entities::parse_entity_type(flags.query.type, type)) {
    std::fprintf(stderr, "error: --type \"%s\" is not PER, ORG, LOC or MISC\n", flags.query.type.c_str());
    return kExitUsage;
  }
  auto opened = open_existing_store(global);
  if (!opened) return fail(opened.error());
  store::ArticleStore& store = *opened.value();

  if (!flags.article_key.empty()) {
    auto found = store.find(flags.article_key);
    if (!found) return fail(found.error());
    if (!found.value()) {
      std::fprintf(stderr, "error: no article with id, id prefix or source id \"%s\"\n", flags.article_key.c_str());
      return kExitSomeInputsFailed;
    }
    const store::StoredArticle& stored = *found.value();
    const store::StoredAnalysis& analysis = stored.analysis;
    std::vector<const entities::Entity*> chosen;
    for (const entities::Entity& entity : analysis.entities) {
      if (flags.query.type.empty() || entity.type == type) chosen.push_back(&entity);
    }
    if (flags.is_json) {
      nlohmann::json out = nlohmann::json::array();
      for (const entities::Entity* entity : chosen) out.push_back(entity_json(stored.article, analysis.mentions, *entity));
      std::cout << out.dump() << "\n";
      return kExitOk;
    }
    if (analysis.analysis_version == 0) {
      std::printf("%s was stored without analysis (ingest --text-only); re-ingest it into a new store to analyse it\n",
                  stored.article.id.c_str());
      return kExitOk;
    }
    print_entities(stored.article, analysis.mentions, chosen);
    return kExitOk;
  }

  auto counts = store.top_entities(flags.query);
  if (!counts) return fail(counts.error());
  if (flags.is_json) {
    nlohmann::json out = nlohmann::json::array();
    for (const store::EntityCount& c : counts.value()) {
      out.push_back({{"type", c.type},
                     {"ref", c.ref.empty() ? nlohmann::json() : nlohmann::json(c.ref)},
                     {"name", c.name},
                     {"country", c.country.empty() ? nlohmann::json() : nlohmann::json(c.country)},
                     {"articles", c.articles},
                     {"mentions", c.mentions}});
    }
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  if (counts->empty()) {
    if (!global.is_quiet) std::printf("no entities stored%s\n", flags.query.type.empty() ? "" : (" of type " + flags.query.type).c_str());
    return kExitOk;
  }
  std::printf("%-4s  %8s  %8s  %-32s %s\n", "type", "articles", "mentions", "name", "ref");
  for (const store::EntityCount& c : counts.value()) {
    std::printf("%-4s  %8ld  %8ld  %-32s %s\n", c.type.c_str(), static_cast<long>(c.articles), static_cast<long>(c.mentions),
                c.name.c_str(), c.ref.empty() ? "(unlinked)" : c.ref.c_str());
  }
  return kExitOk;
}

nlohmann::json quote_hit_json(const store::QuoteHit& hit) {
  const facts::Quote& q = hit.quote;
  auto or_null = [](const std::string& value) { return value.empty() ? nlohmann::json() : nlohmann::json(value); };
  return {{"article_id", hit.article_id},
          {"title", or_null(hit.title)},
          {"published", or_null(hit.published)},
          {"text", hit.text},
          {"kind", q.is_direct ? "direct" : "indirect"},
          {"speaker", !q.speaker.ref.empty() ? nlohmann::json(q.speaker.ref) : or_null(q.speaker.name)},
          {"speaker_name", or_null(q.speaker.name)},
          {"speaker_ref", or_null(q.speaker.ref)},
          {"speaker_title", or_null(q.speaker.title)},
          {"cue", or_null(hit.cue)},
          {"begin_byte", q.span.begin_byte},
          {"end_byte", q.span.end_byte}};
}

struct QuotesFlags {
  store::QuoteQuery query;
  bool is_json = false;
};

int run_quotes(const GlobalOptions& global, const QuotesFlags& flags) {
  auto opened = open_existing_store(global);
  if (!opened) return fail(opened.error());
  auto hits = opened.value()->find_quotes(flags.query);
  if (!hits) return fail(hits.error());
  if (flags.is_json) {
    nlohmann::json out = nlohmann::json::array();
    for (const store::QuoteHit& hit : hits.value()) out.push_back(quote_hit_json(hit));
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  if (hits->empty()) {
    if (!global.is_quiet) {
      std::printf("no quotes%s%s\n", flags.query.speaker.empty() ? "" : (" by " + flags.query.speaker).c_str(),
                  flags.query.article_key.empty() ? "" : (" in " + flags.query.article_key).c_str());
    }
    return kExitOk;
  }
  std::string article;
  for (const store::QuoteHit& hit : hits.value()) {
    if (hit.article_id != article) {
      article = hit.article_id;
      std::printf("%s  %-10s  %s\n", hit.article_id.c_str(), hit.published.empty() ? "undated" : hit.published.substr(0, 10).c_str(),
                  hit.title.c_str());
    }
    const facts::Speaker& speaker = hit.quote.speaker;
    std::string who = speaker.has_speaker() ? speaker.name : "(no speaker found)";
    if (!speaker.ref.empty() && speaker.ref != speaker.name) who += " [" + speaker.ref + "]";
    std::printf("  %-8s %s: %s%s%s\n", hit.quote.is_direct ? "direct" : "indirect", who.c_str(),
                hit.quote.is_direct ? "« " : "", hit.text.c_str(), hit.quote.is_direct ? " »" : "");
  }
  return kExitOk;
}

}  // namespace

void print_entities(const Article& article, const std::vector<entities::Mention>& mentions,
                    const std::vector<const entities::Entity*>& chosen) {
  std::printf("%zu entities:\n", chosen.size());
  for (const entities::Entity* entity : chosen) {
    std::printf("  %-4s %s", entities::entity_type_name(entity->type), entity->name.c_str());
    if (!entity->ref.empty() && entity->ref != entity->name) std::printf(" [%s]", entity->ref.c_str());
    std::printf(", %zu mention%s:", entity->mentions.size(), entity->mentions.size() == 1 ? "" : "s");
    for (uint32_t k : entity->mentions) {
      if (k >= mentions.size()) continue;
      const entities::Mention& m = mentions[k];
      std::printf(" %s@%u", quoted_span(article, m.span).c_str(), m.span.begin_byte);
    }
    std::printf("\n");
  }
}

void print_analysis(const Article& article, const store::StoredAnalysis& analysis) {
  if (analysis.analysis_version == 0) {
    std::printf("\nnot analysed: stored with --text-only (or before analysis existed); no entities, quotes, quantities, times or events\n");
    return;
  }
  std::printf("\n");
  std::vector<const entities::Entity*> all;
  for (const entities::Entity& entity : analysis.entities) all.push_back(&entity);
  print_entities(article, analysis.mentions, all);

  const facts::ArticleFacts& found = analysis.facts;
  std::printf("\n%zu quantities:\n", found.quantities.size());
  for (const facts::Quantity& q : found.quantities) {
    std::printf("  [%u-%u] %s = %g", q.span.begin_byte, q.span.end_byte, quoted_span(article, q.span).c_str(), q.value);
    if (q.max_value) std::printf("..%g", *q.max_value);
    if (!q.unit.empty()) std::printf(" %s", q.unit.c_str());
    if (!q.currency.empty()) std::printf(" (%s)", q.currency.c_str());
    if (q.is_approx) std::printf(" (approx)");
    if (!q.bound.empty() && q.bound != "approx") std::printf(" (%s)", q.bound.c_str());
    std::printf("\n");
  }
  std::printf("\n%zu times%s:\n", found.times.size(),
              article.published.empty() ? " (undated: relative dates left unresolved)" : "");
  for (const facts::TimeExpression& t : found.times) {
    std::printf("  [%u-%u] %s %s %s\n", t.span.begin_byte, t.span.end_byte, quoted_span(article, t.span).c_str(),
                t.type.c_str(), t.value.empty() ? "(unresolved: no publication date)" : t.value.c_str());
  }
  std::printf("\n%zu quotes:\n", found.quotes.size());
  for (const facts::Quote& q : found.quotes) {
    const facts::Speaker& speaker = q.speaker;
    std::string who = speaker.has_speaker() ? speaker.name : "(no speaker found)";
    if (!speaker.ref.empty() && speaker.ref != speaker.name) who += " [" + speaker.ref + "]";
    if (speaker.is_pronoun) who += " (from " + quoted_span(article, speaker.pronoun_span) + ")";
    std::printf("  [%u-%u] %-8s %s: %s\n", q.span.begin_byte, q.span.end_byte, q.is_direct ? "direct" : "indirect",
                who.c_str(), quoted_span(article, q.span).c_str());
  }
  print_article_events(article, analysis.events);
}

void add_entities_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<EntitiesFlags>();
  CLI::App* command = app.add_subcommand(
      "entities", "The most common people, organisations, places and other names across the store "
                  "(by articles, then mentions), or one article's entities with their mentions");
  command->add_option("--type", flags->query.type, "only this type: PER, ORG, LOC or MISC");
  command->add_option("--article", flags->article_key, "one article (id, unique id prefix, or source id)");
  command->add_option("--top", flags->query.limit, "number of entities across the store")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_flag("--json", flags->is_json, "print as a JSON array");
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_entities(global, *flags); });
}

void add_quotes_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<QuotesFlags>();
  CLI::App* command = app.add_subcommand("quotes", "Quotes with their speakers, newest articles first");
  command->add_option("--speaker", flags->query.speaker,
                      "the speaker's ref (\"James Heappey\", \"MLI\") or words of their name or description");
  command->add_option("--article", flags->query.article_key, "one article (id, unique id prefix, or source id)");
  command->add_option("--limit", flags->query.limit, "number of quotes")->capture_default_str()->check(CLI::PositiveNumber);
  command->add_flag("--json", flags->is_json, "print as a JSON array");
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_quotes(global, *flags); });
}

}  // namespace vigie::cli
