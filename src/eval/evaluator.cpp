#include "eval/evaluator.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "entities/entity_tagger.h"
#include "events/event_coder.h"
#include "facts/fact_extractor.h"
#include "pipeline/article_analyzer.h"
#include "pipeline/article_pipeline.h"
#include "text/text_processor.h"

namespace vigie::eval {
namespace {

namespace fs = std::filesystem;

// FORMAT.md: `source` is relative to DIR, else to DIR's parent; gold folders nested one
// level deeper than their corpus (shared/gold/seeds -> shared/corpus/seeds) need the
// grandparent too.
std::optional<fs::path> resolve_source(const fs::path& gold_dir, const std::string& source) {
  fs::path base = gold_dir;
  for (int level = 0; level < 3; ++level) {
    std::error_code ec;
    fs::path candidate = base / source;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!base.has_parent_path() || base.parent_path() == base) break;
    base = base.parent_path();
  }
  return std::nullopt;
}

}  // namespace

EvalReport evaluate_gold_folder(const std::string& gold_dir, const Annotator& annotate, ingest::DiagnosticsSink& sink) {
  EvalReport report;
  std::vector<fs::path> gold_files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(gold_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") gold_files.push_back(entry.path());
  }
  if (ec) {
    sink.report(make_error(ErrorKind::kIo, gold_dir, "cannot list gold folder: " + ec.message()));
    return report;
  }
  std::sort(gold_files.begin(), gold_files.end());
  fs::path absolute_dir = fs::absolute(gold_dir);
  for (const fs::path& path : gold_files) {
    std::ifstream in(path);
    nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded()) {
      sink.report(make_error(ErrorKind::kInvalidInput, path.string(), "not valid JSON; gold file skipped"));
      continue;
    }
    auto gold = parse_annotations(json, path.string());
    if (!gold) {
      sink.report(gold.error());
      continue;
    }
    auto source = resolve_source(absolute_dir.lexically_normal(), gold->source);
    if (!source) {
      sink.report(make_error(ErrorKind::kIo, path.string(), "article \"" + gold->source + "\" not found; gold file skipped"));
      continue;
    }
    std::vector<Article> read;
    Status status = pipeline::read_input(source->string(), sink, [&](Article&& a) { read.push_back(std::move(a)); });
    if (!status || read.size() != 1) {
      sink.report(make_error(ErrorKind::kInvalidInput, path.string(),
                             status ? "the article file holds " + std::to_string(read.size()) + " articles, not one"
                                    : "article unreadable: " + status.error().to_string()));
      continue;
    }
    Article& article = read.front();
    if (!gold->published.empty()) article.published = gold->published;
    if (!gold->lang.empty()) {
      article.lang = gold->lang;
      article.is_lang_from_metadata = true;
    }
    ++report.gold_files;
    ArticleEvaluation evaluation;
    evaluation.id = gold->id.empty() ? path.stem().string() : gold->id;
    evaluation.predicted = annotate(article);
    evaluation.predicted.id = evaluation.id;
    evaluation.predicted.source = gold->source;
    evaluation.scores = score_article(*gold, evaluation.predicted, article.text, article.lang);
    for (const auto& [field, score] : evaluation.scores) report.totals[field] += score;
    report.articles.push_back(std::move(evaluation));
  }
  return report;
}

nlohmann::json eval_report_json(const EvalReport& report) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [field, score] : report.totals) out[field] = field_score_json(field, score);
  nlohmann::json articles = nlohmann::json::array();
  for (const auto& evaluation : report.articles) {
    nlohmann::json item = {{"id", evaluation.id}};
    for (const auto& [field, score] : evaluation.scores) item[field] = field_score_json(field, score);
    articles.push_back(item);
  }
  out["articles"] = articles;
  return out;
}

Annotator make_engine_annotator(ingest::DiagnosticsSink& sink) {
  auto processor = std::make_shared<text::TextProcessor>();
  // The analyzer of `vigie ingest` (entities, facts, syntax, events), so eval scores what
  // the store holds. When a model cannot load: without events, then each stage alone, so
  // only the failing stage's fields are left out. Syntax is optional (the coder falls
  // back to clause windows without it); VIGIE_EVAL_NO_SYNTAX=1 scores the fallback alone.
  std::vector<std::shared_ptr<pipeline::ArticleAnalyzer>> analyzers;
  pipeline::AnalyzerOptions full;
  const char* no_syntax = std::getenv("VIGIE_EVAL_NO_SYNTAX");
  full.want_syntax = no_syntax == nullptr || std::string(no_syntax) != "1";
  if (auto loaded = pipeline::ArticleAnalyzer::load(full); loaded) {
    if (!loaded.value()->syntax_warning().empty())
      sink.report(make_error(ErrorKind::kIo, "models/syntax", loaded.value()->syntax_warning()));
    analyzers.push_back(std::move(loaded.value()));
  } else {
    sink.report(loaded.error());
    pipeline::AnalyzerOptions without_events;
    without_events.want_events = false;
    if (auto partial = pipeline::ArticleAnalyzer::load(without_events); partial) {
      analyzers.push_back(std::move(partial.value()));
    } else {
      for (bool is_entities : {true, false}) {
        pipeline::AnalyzerOptions options;
        options.want_entities = is_entities;
        options.want_facts = !is_entities;
        if (auto alone = pipeline::ArticleAnalyzer::load(options); alone) {
          analyzers.push_back(std::move(alone.value()));
        } else {
          sink.report(alone.error());
        }
      }
    }
  }
  return [processor, analyzers](Article& article) {
    processor->process(article);
    Annotations predicted;
    predicted.lang = article.lang;
    predicted.published = article.published;
    for (const auto& analyzer : analyzers) {
      const pipeline::ArticleAnalysis analysis = analyzer->analyze(article);
      const pipeline::AnalyzerOptions& options = analyzer->options();
      if (options.want_entities) {
        predicted.entities.emplace();
        for (const auto& mention : analysis.mentions) {
          predicted.entities->push_back({std::string(mention.span.in(article.text)),
                                         entities::entity_type_name(mention.type), mention.ref});
        }
      }
      // An analyzer asked for events with entities and facts loaded its coder (load()
      // fails otherwise), so its empty list means "no events", not "not coded".
      if (options.want_events && options.want_entities && options.want_facts) {
        nlohmann::json shaped = {{"id", article.id}, {"events", events::events_to_json(article, analysis.events)}};
        if (auto annotations = parse_annotations(shaped, article.source_file); annotations)
          predicted.events = std::move(annotations->events);
      }
      if (analyzer->options().want_facts) {
        // facts_to_json gives the FORMAT.md shape of quotes, quantities and times.
        nlohmann::json shaped = facts::facts_to_json(article, analysis.facts);
        shaped["id"] = article.id;
        auto parsed = parse_annotations(shaped, article.source_file);
        if (parsed) {
          predicted.quotes = std::move(parsed->quotes);
          predicted.quantities = std::move(parsed->quantities);
          predicted.times = std::move(parsed->times);
        }
      }
    }
    return predicted;
  };
}

}  // namespace vigie::eval
