#include "facts/fact_extractor.h"

#include "facts/fact_lexer.h"
#include "facts/facts_lexicon.h"
#include "facts/quantity_extractor.h"
#include "facts/quote_extractor.h"
#include "facts/time_extractor.h"

namespace vigie::facts {

FactExtractor::FactExtractor(std::unique_ptr<FactLexicons> lexicons, FactOptions options)
    : lexicons_(std::move(lexicons)), options_(options) {}

FactExtractor::~FactExtractor() = default;

Result<std::unique_ptr<FactExtractor>> FactExtractor::create(const std::vector<std::string>& languages,
                                                             FactOptions options) {
  auto lexicons = FactLexicons::load(languages);
  if (!lexicons) return lexicons.error();
  return std::unique_ptr<FactExtractor>(new FactExtractor(std::move(lexicons.value()), options));
}

ArticleFacts FactExtractor::extract(const Article& article) const {
  ArticleFacts facts;
  const LanguageLexicon& lx = lexicons_->for_language(article.lang);
  std::vector<LexToken> tokens = lex(article.text, lx.lexer);
  facts.token_count = tokens.size();
  if (options_.want_quantities) QuantityExtractor(lx).extract(article.text, tokens, facts.quantities);
  if (options_.want_times)
    TimeExtractor(lx).extract(article.text, tokens, parse_iso_date(article.published), facts.times);
  if (options_.want_quotes)
    QuoteExtractor(lx).extract(article.text, tokens, options_.want_indirect_quotes, facts.quotes);
  return facts;
}

nlohmann::json facts_to_json(const Article& article, const ArticleFacts& facts) {
  using nlohmann::json;
  const std::string& text = article.text;
  json quotes = json::array();
  for (const Quote& q : facts.quotes) {
    json item = {{"text", std::string(q.span.in(text))},
                 {"speaker", !q.speaker.ref.empty() ? json(q.speaker.ref)
                                                     : q.speaker.has_speaker() ? json(q.speaker.name) : json(nullptr)},
                 {"kind", q.is_direct ? "direct" : "indirect"},
                 {"begin_byte", q.span.begin_byte},
                 {"end_byte", q.span.end_byte}};
    if (q.speaker.has_speaker()) {
      item["speaker_begin_byte"] = q.speaker.span.begin_byte;
      item["speaker_end_byte"] = q.speaker.span.end_byte;
      item["speaker_is_named"] = q.speaker.is_named;
      if (!q.speaker.ref.empty()) item["speaker_name"] = q.speaker.name;
      if (q.speaker.is_pronoun) item["speaker_pronoun"] = std::string(q.speaker.pronoun_span.in(text));
      if (!q.speaker.title.empty()) item["speaker_title"] = q.speaker.title;
    }
    if (!q.cue_span.empty()) item["cue"] = std::string(q.cue_span.in(text));
    quotes.push_back(std::move(item));
  }
  json quantities = json::array();
  for (const Quantity& q : facts.quantities) {
    json item = {{"text", std::string(q.span.in(text))},
                 {"value", q.value},
                 {"approx", q.is_approx},
                 {"unit", q.unit.empty() ? json(nullptr) : json(q.unit)},
                 {"begin_byte", q.span.begin_byte},
                 {"end_byte", q.span.end_byte}};
    if (q.max_value) item["max"] = *q.max_value;
    if (!q.currency.empty()) item["currency"] = q.currency;
    if (!q.bound.empty()) item["bound"] = q.bound;
    quantities.push_back(std::move(item));
  }
  json times = json::array();
  for (const TimeExpression& t : facts.times) {
    json item = {{"text", std::string(t.span.in(text))},
                 {"value", t.value.empty() ? json(nullptr) : json(t.value)},
                 {"type", t.type},
                 {"begin_byte", t.span.begin_byte},
                 {"end_byte", t.span.end_byte}};
    if (!t.is_resolved) item["resolved"] = false;
    times.push_back(std::move(item));
  }
  return {{"quotes", std::move(quotes)}, {"quantities", std::move(quantities)}, {"times", std::move(times)}};
}

}  // namespace vigie::facts
