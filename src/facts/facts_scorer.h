#pragma once
// Scores quotes, quantities and times against gold files in the format of
// ../shared/gold/FORMAT.md, with its rules:
//  - quotes match when one text contains the other after folding case, quote marks,
//    apostrophes and whitespace; attribution = matched quotes with the same speaker
//    (case and accents folded);
//  - quantities match on value (and max) and on unit after lower-casing and Snowball
//    stemming; a unit also matches when its first word does ("17 557 soldats,
//    policiers, civils et volontaires": GUIDELINES.md allows the head noun);
//  - times match when their texts overlap in the article (each gold text is found in
//    the article; an occurrence serves one match); value accuracy over matched pairs.
// Each gold item matches at most one prediction. Counts are summed over articles
// (micro-average). A gold file without a field is not scored on that field.
// Not thread-safe; one scorer per run.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "core/error.h"

namespace vigie::facts {

struct FieldScore {
  size_t tp = 0, fp = 0, fn = 0;
  size_t attribute_total = 0;    // matched pairs whose attribute is checked
  size_t attribute_correct = 0;  // of those, with the right speaker / value
  double precision() const { return tp + fp == 0 ? 0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 0 : double(tp) / double(tp + fn); }
  double f1() const {
    double p = precision(), r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
  double attribute_accuracy() const {
    return attribute_total == 0 ? 0 : double(attribute_correct) / double(attribute_total);
  }
  void add(const FieldScore& other);
};

// One gold file and its article text.
struct GoldArticle {
  std::string path;
  nlohmann::json gold;
  Article article;  // text, lang and published from the gold file; id from "id"
};

// Reads DIR/*.json (sorted by name); `source` is resolved relative to DIR, then to
// each parent of DIR in turn. A file that cannot be read or parsed is an error naming it.
Result<std::vector<GoldArticle>> load_gold_dir(const std::string& dir);

class FactsScorer {
 public:
  // Adds one article: `gold` and `predicted` in FORMAT.md shape (predicted items may
  // carry "begin_byte"/"end_byte"; without them their text is searched for).
  void add(const std::string& id, const std::string& article_text, const std::string& lang,
           const nlohmann::json& gold, const nlohmann::json& predicted);

  const FieldScore& quotes() const { return quotes_; }
  const FieldScore& quantities() const { return quantities_; }
  const FieldScore& times() const { return times_; }
  bool has_quotes() const { return has_quotes_; }
  bool has_quantities() const { return has_quantities_; }
  bool has_times() const { return has_times_; }

  // {"quotes": {...,"attribution"}, "quantities": {...}, "times": {...,"value_accuracy"},
  //  "articles": [{"id", ...}]} as FORMAT.md's scorer output; when `with_errors`,
  // each article also lists its unmatched gold and predicted items.
  nlohmann::json to_json(bool with_errors = false) const;

 private:
  FieldScore quotes_, quantities_, times_;
  bool has_quotes_ = false, has_quantities_ = false, has_times_ = false;
  nlohmann::json articles_ = nlohmann::json::array();
};

// Text folded for quote matching: lower case, no quote marks, ’ as ', single spaces,
// no leading or trailing punctuation.
std::string normalize_quote_text(std::string_view text);

// Lower-cased, stemmed words of a unit ("Soldats britanniques" -> "soldat britann").
std::vector<std::string> stem_unit(std::string_view unit, const std::string& lang);

}  // namespace vigie::facts
