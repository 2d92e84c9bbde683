#pragma once
// The analysis stages run on one article after the text stage: entities (mentions,
// grouped entities, country cues), facts (quantities, times, quotes), the link from
// each quote's speaker to its entity (facts/speaker_linker.h), syntax (tags, lemmas,
// dependency tree) and PLOVER events (events/event_coder.h). `vigie ingest` runs it on
// the pipeline's worker threads and stores the result next to the article; `vigie eval`
// scores it; `vigie extract --analysis` prints it.
//
// Adding a stage (events, syntax): a member in ArticleAnalysis, a want_ flag in
// AnalyzerOptions, the model in Impl (article_analyzer.cpp), a call in analyze(), and a
// bump of kAnalysisVersion so stored articles can be found and re-analysed.

#include <memory>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/error.h"
#include "entities/entity_tagger.h"
#include "events/event_coder.h"
#include "facts/fact_extractor.h"
#include "syntax/syntax_analyzer.h"

namespace vigie::pipeline {

// Stored with each analysed article (docs/STORE.md, `analysis_version`): bump it when a
// model or rule change makes stored analyses worth recomputing. 0 means "not analysed".
inline constexpr int kAnalysisVersion = 2;  // 2: PLOVER events

// What the analysis stages found in one article. Spans point into the article's text,
// which must outlive them. Empty vectors mean nothing was found, or the stage was not
// asked for (AnalyzerOptions).
struct ArticleAnalysis {
  std::vector<entities::Mention> mentions;        // text order; Mention::entity_index into `entities`
  std::vector<entities::Entity> entities;         // one per identity within the article
  std::vector<entities::CountryCue> country_cues;  // demonyms ("troupes françaises" -> FRA)
  facts::ArticleFacts facts;                      // Speaker::ref set when the speaker is a known entity
  std::vector<events::Event> events;              // text order (events/event_coder.h)
};

struct AnalyzerOptions {
  bool want_entities = true;
  bool want_facts = true;
  // PLOVER events (events/event_coder.h). The coder reads the mentions, cues, times,
  // quantities and quotes, so this is ignored unless want_entities and want_facts.
  bool want_events = true;
  // Parse each article for the event coder (subjects, objects, agents); ignored
  // without events, and the tree is not kept in ArticleAnalysis. A missing or
  // unreadable syntax model is not an error: load() keeps the reason in
  // syntax_warning() and events are coded from clause windows (syntax = null).
  bool want_syntax = true;
  std::vector<std::string> extra_kb_files;  // user knowledge-base files (kb.tsv format), see TaggerOptions
  std::string models_dir;                   // empty: the shipped models (find_model_file)
};

class ArticleAnalyzer {
 public:
  // Loads the models the options ask for. Fails with the stage's Error (kIo for a
  // missing file, kUnsupportedVersion for a too-new one, kInvalidInput when damaged).
  static Result<std::unique_ptr<ArticleAnalyzer>> load(const AnalyzerOptions& options = {});
  ~ArticleAnalyzer();
  ArticleAnalyzer(const ArticleAnalyzer&) = delete;
  ArticleAnalyzer& operator=(const ArticleAnalyzer&) = delete;

  // The analysis of `article`, which the text stage has processed (sentences and tokens
  // set; without them the stages tokenise on their own). Thread-safe: one analyzer
  // serves every worker thread; each call keeps its state on the stack.
  ArticleAnalysis analyze(const Article& article) const;

  const AnalyzerOptions& options() const { return options_; }
  // Why the syntax stage is off although asked for (its model failed to load); empty
  // when it runs or was not asked for.
  const std::string& syntax_warning() const;

  struct Impl;

 private:
  ArticleAnalyzer(AnalyzerOptions options, std::unique_ptr<Impl> impl);
  AnalyzerOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigie::pipeline
