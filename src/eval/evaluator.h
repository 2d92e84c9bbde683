#pragma once
// vigie eval: reads gold files (DIR/*.json, ../shared/gold/FORMAT.md), reads each
// article they name, runs the engine on it with the gold's `published` and `lang` as
// metadata, and scores the prediction field by field (scorer.h).

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "eval/annotations.h"
#include "eval/scorer.h"
#include "ingest/article_reader.h"

namespace vigie::eval {

// Runs the engine on one article (already read, metadata set, text not yet processed).
using Annotator = std::function<Annotations(Article& article)>;

struct ArticleEvaluation {
  std::string id;
  ArticleScores scores;
  Annotations predicted;
};

struct EvalReport {
  std::map<std::string, FieldScore> totals;
  std::vector<ArticleEvaluation> articles;
  size_t gold_files = 0;
};

// Problems with one gold file (unreadable JSON, missing article) go to `sink`; the
// others are still scored.
EvalReport evaluate_gold_folder(const std::string& gold_dir, const Annotator& annotate, ingest::DiagnosticsSink& sink);

// The JSON object FORMAT.md describes: one member per scored field, plus "articles".
nlohmann::json eval_report_json(const EvalReport& report);

// The engine as it stands: text stage, then every extractor vigie has. A model that
// cannot be loaded is reported to `sink` and its fields are left out.
Annotator make_engine_annotator(ingest::DiagnosticsSink& sink);

}  // namespace vigie::eval
