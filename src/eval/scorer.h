#pragma once
// Scores predicted annotations against gold with the rules of
// ../shared/gold/FORMAT.md ("Scoring"), article by article; totals are micro-averaged
// (tp/fp/fn summed, then precision/recall/F1). See docs/EVAL.md.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "eval/annotations.h"

namespace vigie::eval {

struct Ratio {
  int64_t correct = 0;
  int64_t total = 0;
  double value() const { return total == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(total); }
  Ratio& operator+=(const Ratio& other) {
    correct += other.correct;
    total += other.total;
    return *this;
  }
};

struct FieldScore {
  int64_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fp); }
  double recall() const { return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fn); }
  double f1() const {
    double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
  // linking (entities), attribution (quotes), value_accuracy (times), or the event
  // attributes mode/location/date/size/context, by name.
  std::map<std::string, Ratio> ratios;
  FieldScore& operator+=(const FieldScore& other);
};

// Field name ("entities", ...) -> score; only fields that both gold and prediction have.
using ArticleScores = std::map<std::string, FieldScore>;

// `article_text` locates time expressions, which gold gives by text only; `lang`
// chooses the stemmer for quantity units.
ArticleScores score_article(const Annotations& gold, const Annotations& predicted, std::string_view article_text,
                            const std::string& lang);

// {"precision", "recall", "f1", "tp", "fp", "fn", and the ratios as FORMAT.md names them}
nlohmann::json field_score_json(const std::string& field, const FieldScore& score);

// Quote text as compared: whitespace collapsed, quote marks removed, apostrophes unified.
std::string normalize_quote_text(std::string_view text);

}  // namespace vigie::eval
