#pragma once
// The facts stage: quantities ("près de 300 soldats britanniques"), time expressions
// ("hier lundi" -> 2022-11-14) and quotes (« ... », a-t-il déclaré) found in one
// article, each as a byte span into `article.text` plus its normalised value.
//
// Start here. A FactExtractor loads the per-language lexicons of models/facts/
// (format in docs/FACTS.md) once and is then read-only: one extractor may be shared
// by any number of threads, each call to `extract` keeps its state on the stack.
// Adding a language means adding its lexicon files; no code names a language except
// for the few number conventions in fact_lexer.cpp ("2,5" vs "2.5").
//
// The extractors work on their own light token view of the text (fact_lexer.h), so
// they only need `article.text`, `article.lang` and `article.published`; the text
// stage's tokens are only counted for throughput figures.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "core/error.h"
#include "core/span.h"

namespace vigie::facts {

inline constexpr int kFactsLexiconFormatVersion = 1;

// A count of people, things or money. `value` is the low end of a range or the bound
// of a bounded form ("plus de 8 000" -> 8000, approx); `max_value` is set for ranges
// ("entre 200 et 300", "des dizaines de" -> 10..99).
struct Quantity {
  Span span;                        // the whole phrase, bound and counted noun included
  double value = 0;
  std::optional<double> max_value;  // high end of a range
  bool is_approx = false;           // "près de", "environ", "un millier", bounds, vague plurals
  std::string bound;                // "", "approx", "min", "max" (plus de = min, jusqu'à = max)
  Span unit_span;                   // the counted noun as written; empty when none was found
  std::string unit;                 // unit_span's text, or the unit borrowed from a coordinated count
  std::string currency;             // ISO 4217 code when the quantity is money ("EUR", "USD")
};

// A date or time expression normalised TIMEX3-style against the publication date:
// "2022-11-14", "2022-11", "2022", "2022-W46", "2022-SU", "2022-11-14TEV",
// "2022-11-14T22:00", "P3Y", "PXM", "PAST_REF", "PRESENT_REF", "FUTURE_REF".
struct TimeExpression {
  Span span;
  std::string value;         // empty when the expression needs a publication date and there is none
  std::string type;          // "DATE", "TIME", "DURATION" or "SET"
  bool is_resolved = true;   // false when `value` would need `published` and it was unknown
};

// Who said a quote. `span` points at the name or description as written, so the
// entities stage can later link it (`ref`); `name` is the canonical form vigie could
// build without an entity linker (the fullest form of the name seen in the article,
// or the description as written).
struct Speaker {
  Span span;                // empty when no speaker was found
  std::string name;         // "James Heappey", "une porte-parole du ministère de la défense"
  std::string ref;          // the entity's canonical ref (FORMAT.md) when the speaker is a linked
                            // entity ("James Heappey", "MLI" for "Bamako"); empty otherwise.
                            // Set by facts/speaker_linker.h, not by the extractor.
  std::string title;        // "secrétaire d’Etat aux forces armées", when given
  Span title_span;
  bool is_named = false;    // a capitalised name rather than a description
  bool is_pronoun = false;  // "a-t-il déclaré": resolved to the last compatible speaker
  Span pronoun_span;        // the pronoun itself when `is_pronoun`

  bool has_speaker() const { return !name.empty(); }
};

struct Quote {
  Span span;             // the quoted words, without the marks
  bool is_direct = true;  // between quote marks; false for reported speech
  Span cue_span;         // the speech verb or "selon" that attributes it; empty if none
  Speaker speaker;
};

struct ArticleFacts {
  std::vector<Quantity> quantities;  // text order
  std::vector<TimeExpression> times;  // text order
  std::vector<Quote> quotes;          // text order of their beginnings
  size_t token_count = 0;             // tokens the extractors looked at
};

struct FactOptions {
  bool want_quantities = true;
  bool want_times = true;
  bool want_quotes = true;
  bool want_indirect_quotes = true;  // reported speech as well as quote marks
};

class FactLexicons;  // facts_lexicon.h

class FactExtractor {
 public:
  // Loads lexicons for `languages` (each must have models/facts/*.<lang>.txt) and the
  // shared files. Fails on a missing, malformed or too-new lexicon file.
  static Result<std::unique_ptr<FactExtractor>> create(const std::vector<std::string>& languages = {"fr", "en"},
                                                       FactOptions options = {});
  ~FactExtractor();
  FactExtractor(const FactExtractor&) = delete;
  FactExtractor& operator=(const FactExtractor&) = delete;

  // The facts of `article`, spans into `article.text`, which must outlive them. An
  // article in a language without lexicons ("und", "de") uses the French lexicons if
  // loaded, else the first loaded language. Empty vectors mean nothing was found.
  ArticleFacts extract(const Article& article) const;

 private:
  FactExtractor(std::unique_ptr<FactLexicons> lexicons, FactOptions options);
  std::unique_ptr<FactLexicons> lexicons_;
  FactOptions options_;
};

// FORMAT.md-shaped members for one article: {"quotes": [...], "quantities": [...],
// "times": [...]}; each item has the FORMAT fields plus "begin_byte"/"end_byte" and,
// for quotes, the speaker's span and title. `speaker` is Speaker::ref when set (the
// name as written then goes to "speaker_name"), else Speaker::name.
nlohmann::json facts_to_json(const Article& article, const ArticleFacts& facts);

}  // namespace vigie::facts
