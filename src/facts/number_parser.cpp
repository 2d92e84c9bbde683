#include "facts/number_parser.h"

#include <cmath>
#include <string_view>

namespace vigie::facts {
namespace {

const NumberWord* lookup(const LanguageLexicon& lx, std::string_view word) {
  auto it = lx.number_words.find(word);
  return it == lx.number_words.end() ? nullptr : &it->second;
}

// Splits "quatre-vingt-dix" into its parts; "vingt-et-un" keeps "et" as a part.
void split_hyphens(std::string_view word, std::vector<std::string_view>& parts) {
  size_t start = 0;
  while (true) {
    size_t dash = word.find('-', start);
    parts.push_back(word.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
}

bool is_linker_at(const LanguageLexicon& lx, const std::vector<LexToken>& tokens, size_t k, size_t end) {
  return k < end && lx.linkers.count(tokens[k].folded) > 0;
}

}  // namespace

std::optional<ParsedNumber> parse_number(const LanguageLexicon& lx, const std::vector<LexToken>& tokens, size_t i,
                                         size_t end, bool allow_article_one) {
  if (i >= end) return std::nullopt;
  const LexToken& first = tokens[i];
  ParsedNumber out;

  if (first.kind == LexKind::kNumber) {
    out.value = first.number;
    out.end = i + 1;
    out.is_plain_digits = true;
    // "2,5 millions", "3.5 million", "10 mille".
    if (out.end < end) {
      const NumberWord* w = lookup(lx, tokens[out.end].folded);
      if (w != nullptr && (w->kind == NumberWordKind::kScale || w->kind == NumberWordKind::kThousand ||
                           (w->kind == NumberWordKind::kVague && w->value >= 1e6))) {
        out.value *= w->value;
        out.end += 1;
        out.is_plain_digits = false;
        out.needs_linker = w->kind != NumberWordKind::kThousand;
      }
    }
    return out;
  }
  if (first.kind != LexKind::kWord) return std::nullopt;

  // Vague plurals: "dizaines (de milliers)", "hundreds", "thousands".
  if (const NumberWord* w = lookup(lx, first.folded); w != nullptr && w->kind == NumberWordKind::kVague) {
    out.value = w->value;
    out.max_value = w->max_value;
    out.is_approx = true;
    out.is_words = true;
    out.needs_linker = true;
    out.end = i + 1;
    // "des dizaines de milliers de": the second plural multiplies the first.
    if (is_linker_at(lx, tokens, i + 1, end) && i + 2 < end) {
      const NumberWord* w2 = lookup(lx, tokens[i + 2].folded);
      if (w2 != nullptr && (w2->kind == NumberWordKind::kVague || w2->kind == NumberWordKind::kScale) &&
          w2->value >= 1000) {
        out.value = w->value * w2->value;
        out.max_value = (w->max_value + 1) * w2->value - 1;
        out.end = i + 3;
      }
    }
    // English "tens of thousands" is written with "tens" as a unit word; see below.
    return out;
  }

  // Compound word numbers.
  double total = 0;
  double current = 0;
  bool any = false;
  bool only_article = true;
  bool saw_article = false;
  double last_unit = 0;
  size_t k = i;
  size_t last_good_end = i;
  double last_good_value = 0;
  bool approx = false;
  bool needs_linker = false;
  std::vector<std::string_view> parts;
  bool after_joiner = false;
  while (k < end && tokens[k].kind == LexKind::kWord) {
    parts.clear();
    split_hyphens(tokens[k].folded, parts);
    bool token_ok = true;
    bool pending_joiner = false;
    double t_total = total, t_current = current, t_last_unit = last_unit;
    bool t_any = any, t_only_article = only_article, t_saw_article = saw_article;
    bool t_approx = approx, t_needs_linker = needs_linker;
    bool stop_after = false;
    for (std::string_view part : parts) {
      if (lx.number_joiners.count(part)) {
        if (!t_any) { token_ok = false; break; }
        pending_joiner = true;
        after_joiner = true;
        continue;
      }
      const NumberWord* w = lookup(lx, part);
      if (w == nullptr || w->kind == NumberWordKind::kVague) { token_ok = false; break; }
      pending_joiner = false;
      bool was_after_joiner = after_joiner;
      after_joiner = false;
      (void)was_after_joiner;
      switch (w->kind) {
        case NumberWordKind::kArticle:
          if (t_any && was_after_joiner) {  // "vingt et un", "vingt-et-une"
            t_current += 1;
            t_only_article = false;
            break;
          }
          if (t_any) { token_ok = false; break; }
          t_current = 1;
          t_saw_article = true;
          t_any = true;
          break;
        case NumberWordKind::kUnit:
          // "quatre-vingt(s)": 4 x 20.
          if (w->value == 20 && t_last_unit == 4) {
            t_current += 76;
          } else if (t_current > 0 && std::fmod(t_current, 100) != 0 && w->value >= 10 && t_last_unit < 10 &&
                     !t_saw_article) {
            token_ok = false;  // "six quarante" is not a number
            break;
          } else {
            t_current += w->value;
          }
          t_last_unit = w->value;
          t_any = true;
          t_only_article = false;
          break;
        case NumberWordKind::kMultiplier:
          t_current = (t_current == 0 ? 1 : t_current) * w->value;
          t_any = true;
          t_only_article = false;
          t_last_unit = 0;
          break;
        case NumberWordKind::kThousand:
          t_total += (t_current == 0 ? 1 : t_current) * w->value;
          t_current = 0;
          t_any = true;
          t_only_article = false;
          t_last_unit = 0;
          break;
        case NumberWordKind::kScale:
          t_total = (t_total + (t_current == 0 ? 1 : t_current)) * w->value;
          t_current = 0;
          t_any = true;
          t_only_article = false;
          t_needs_linker = true;
          stop_after = true;
          break;
        case NumberWordKind::kApproxNoun:
          if (t_any && !t_saw_article && t_current != 1) {
            t_current = (t_current == 0 ? 1 : t_current) * w->value;  // "deux centaines"
          } else {
            t_current = w->value;
          }
          t_any = true;
          t_only_article = false;
          t_approx = true;
          t_needs_linker = true;
          stop_after = true;
          break;
        case NumberWordKind::kVague:
          break;
      }
      if (!token_ok) break;
    }
    if (!token_ok || pending_joiner) {
      // A joiner between tokens ("vingt et un", "hundred and five") is its own token.
      if (token_ok && pending_joiner && parts.size() == 1) {
        ++k;
        continue;
      }
      break;
    }
    total = t_total, current = t_current, last_unit = t_last_unit;
    any = t_any, only_article = t_only_article, saw_article = t_saw_article;
    approx = t_approx, needs_linker = t_needs_linker;
    ++k;
    last_good_end = k;
    last_good_value = total + current;
    if (stop_after) break;
  }
  if (!any || last_good_end == i) return std::nullopt;
  if (only_article && !allow_article_one) return std::nullopt;
  out.end = last_good_end;
  out.value = last_good_value;
  out.is_words = true;
  out.is_approx = approx;
  out.needs_linker = needs_linker;
  // English "tens of thousands": a unit word ("tens" is not listed) is not handled;
  // "dozens of" and "hundreds of" come through the vague plurals above.
  return out;
}

}  // namespace vigie::facts
