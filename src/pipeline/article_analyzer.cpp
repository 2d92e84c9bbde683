#include "pipeline/article_analyzer.h"

#include "facts/speaker_linker.h"

namespace vigie::pipeline {

// The loaded models; read-only after load(), so analyze() may run on any thread.
struct ArticleAnalyzer::Impl {
  std::unique_ptr<entities::EntityTagger> tagger;   // null unless want_entities
  std::unique_ptr<facts::FactExtractor> extractor;  // null unless want_facts
  std::unique_ptr<events::EventCoder> coder;        // null unless want_events (with entities and facts)
  std::unique_ptr<syntax::SyntaxAnalyzer> parser;   // null unless want_syntax and its model loaded
  std::string syntax_warning;                       // why `parser` is null although asked for
};

ArticleAnalyzer::ArticleAnalyzer(AnalyzerOptions options, std::unique_ptr<Impl> impl)
    : options_(std::move(options)), impl_(std::move(impl)) {}

ArticleAnalyzer::~ArticleAnalyzer() = default;

const std::string& ArticleAnalyzer::syntax_warning() const { return impl_->syntax_warning; }

Result<std::unique_ptr<ArticleAnalyzer>> ArticleAnalyzer::load(const AnalyzerOptions& options) {
  auto impl = std::make_unique<Impl>();
  if (options.want_entities) {
    entities::TaggerOptions tagger_options;
    tagger_options.models_dir = options.models_dir;
    tagger_options.extra_kb_files = options.extra_kb_files;
    auto loaded = entities::EntityTagger::load(tagger_options);
    if (!loaded) return loaded.error();
    impl->tagger = std::move(loaded.value());
  }
  if (options.want_facts) {
    auto created = facts::FactExtractor::create();
    if (!created) return created.error();
    impl->extractor = std::move(created.value());
  }
  if (options.want_events && impl->tagger && impl->extractor) {
    events::EventOptions event_options;
    // EventOptions::models_dir is the lexicon folder itself.
    if (!options.models_dir.empty()) event_options.models_dir = options.models_dir + "/events";
    auto loaded = events::EventCoder::load(event_options);
    if (!loaded) return loaded.error();
    impl->coder = std::move(loaded.value());
    if (options.want_syntax) {
      // The syntax models are trained separately (vigie train syntax) and may be
      // absent from a checkout; the coder then falls back to clause windows.
      syntax::SyntaxOptions syntax_options;
      syntax_options.models_dir = options.models_dir;
      auto parser = syntax::SyntaxAnalyzer::load(syntax_options);
      if (parser) {
        impl->parser = std::move(parser.value());
      } else {
        impl->syntax_warning = parser.error().to_string() + "; events are coded without syntax";
      }
    }
  }
  return std::unique_ptr<ArticleAnalyzer>(new ArticleAnalyzer(options, std::move(impl)));
}

ArticleAnalysis ArticleAnalyzer::analyze(const Article& article) const {
  ArticleAnalysis analysis;
  if (impl_->tagger) {
    analysis.mentions = impl_->tagger->tag(article);
    // tag() already grouped the mentions (entity_index set); grouping again on the
    // same mentions rebuilds the same groups as Entity records.
    analysis.entities = entities::group_mentions(article.text, analysis.mentions);
    analysis.country_cues = impl_->tagger->country_cues(article);
  }
  if (impl_->extractor) {
    analysis.facts = impl_->extractor->extract(article);
    if (impl_->tagger) facts::link_speakers(article.text, analysis.mentions, analysis.entities, analysis.country_cues,
                                              analysis.facts.quotes);
  }
  if (impl_->coder) {
    syntax::ArticleSyntax parsed;
    if (impl_->parser) parsed = impl_->parser->analyze(article);
    analysis.events = impl_->coder->code(article, impl_->parser ? &parsed : nullptr, analysis.mentions,
                                         analysis.country_cues, analysis.facts);
  }
  return analysis;
}

}  // namespace vigie::pipeline
