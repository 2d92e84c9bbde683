#include "eval/scorer.h"

#include <libstemmer.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <unicode/unistr.h>
#include <unicode/locid.h>

namespace vigie::eval {
namespace {

bool same_number(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return !a && !b;
  return std::fabs(*a - *b) <= 1e-6 * std::max(1.0, std::fabs(*a));
}

std::string lowercase(std::string_view text) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

const char* stemmer_language(const std::string& lang) {
  if (lang == "fr") return "french";
  if (lang == "en") return "english";
  if (lang == "de") return "german";
  if (lang == "es") return "spanish";
  if (lang == "it") return "italian";
  if (lang == "pt") return "portuguese";
  if (lang == "nl") return "dutch";
  return nullptr;
}

// "Soldats britanniques" -> "soldat britann": lower-cased, each word stemmed.
std::string stemmed_unit(std::string_view unit, const std::string& lang) {
  std::string lower = lowercase(unit);
  const char* language = stemmer_language(lang);
  std::unique_ptr<sb_stemmer, void (*)(sb_stemmer*)> stemmer(
      language ? sb_stemmer_new(language, "UTF_8") : nullptr, [](sb_stemmer* s) { if (s) sb_stemmer_delete(s); });
  std::string out;
  size_t pos = 0;
  while (pos < lower.size()) {
    size_t end = lower.find_first_of(" \t\n'’-", pos);
    if (end == std::string::npos) end = lower.size();
    if (end > pos) {
      std::string word = lower.substr(pos, end - pos);
      if (stemmer) {
        const sb_symbol* stem = sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                                                static_cast<int>(word.size()));
        word.assign(reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer.get())));
      }
      if (!out.empty()) out += ' ';
      out += word;
    }
    pos = end + 1;
  }
  return out;
}

bool lists_agree(const std::vector<ActorAnnotation>& a, const std::vector<ActorAnnotation>& b) {
  std::set<std::string> refs_a;
  for (const auto& actor : a)
    if (!actor.ref.empty()) refs_a.insert(actor.ref);
  bool b_has_ref = false;
  for (const auto& actor : b) {
    if (actor.ref.empty()) continue;
    b_has_ref = true;
    if (refs_a.count(actor.ref)) return true;
  }
  return refs_a.empty() && !b_has_ref;
}

// Byte ranges of each gold time in the text: the k-th gold item with a given text is
// taken to be the k-th occurrence of that text, since gold annotates every occurrence.
std::vector<std::optional<Span>> locate_times(const std::vector<TimeAnnotation>& times, std::string_view text) {
  std::vector<std::optional<Span>> spans;
  std::map<std::string, size_t> next_search;
  for (const auto& time : times) {
    if (time.span) {
      spans.push_back(time.span);
      continue;
    }
    size_t& from = next_search[time.text];
    size_t found = time.text.empty() ? std::string_view::npos : text.find(time.text, from);
    if (found == std::string_view::npos && from > 0) found = text.find(time.text);
    if (found == std::string_view::npos) {
      spans.push_back(std::nullopt);
      continue;
    }
    from = found + time.text.size();
    spans.push_back(Span{static_cast<uint32_t>(found), static_cast<uint32_t>(found + time.text.size())});
  }
  return spans;
}

FieldScore score_entities(const std::vector<EntityAnnotation>& gold, const std::vector<EntityAnnotation>& predicted) {
  // Distinct (text, type) pairs; the ref of the first occurrence is the pair's ref.
  std::map<std::pair<std::string, std::string>, std::string> gold_pairs, predicted_pairs;
  for (const auto& e : gold) gold_pairs.emplace(std::make_pair(e.text, e.type), e.ref);
  for (const auto& e : predicted) predicted_pairs.emplace(std::make_pair(e.text, e.type), e.ref);
  FieldScore score;
  Ratio& linking = score.ratios["linking"];
  for (const auto& [key, ref] : predicted_pairs) {
    auto it = gold_pairs.find(key);
    if (it == gold_pairs.end()) {
      ++score.fp;
      continue;
    }
    ++score.tp;
    ++linking.total;
    if (it->second == ref) ++linking.correct;
  }
  score.fn = static_cast<int64_t>(gold_pairs.size()) - score.tp;
  return score;
}

FieldScore score_quotes(const std::vector<QuoteAnnotation>& gold, const std::vector<QuoteAnnotation>& predicted) {
  FieldScore score;
  Ratio& attribution = score.ratios["attribution"];
  std::vector<std::string> gold_texts, predicted_texts;
  for (const auto& q : gold) gold_texts.push_back(normalize_quote_text(q.text));
  for (const auto& q : predicted) predicted_texts.push_back(normalize_quote_text(q.text));
  std::vector<bool> is_gold_used(gold.size(), false);
  for (size_t p = 0; p < predicted.size(); ++p) {
    // Prefer the gold quote of closest length among those that contain or are contained.
    size_t best = gold.size();
    size_t best_difference = SIZE_MAX;
    for (size_t g = 0; g < gold.size(); ++g) {
      if (is_gold_used[g] || gold_texts[g].empty() || predicted_texts[p].empty()) continue;
      if (gold_texts[g].find(predicted_texts[p]) == std::string::npos &&
          predicted_texts[p].find(gold_texts[g]) == std::string::npos)
        continue;
      size_t difference = gold_texts[g].size() > predicted_texts[p].size() ? gold_texts[g].size() - predicted_texts[p].size()
                                                                             : predicted_texts[p].size() - gold_texts[g].size();
      if (difference < best_difference) {
        best = g;
        best_difference = difference;
      }
    }
    if (best == gold.size()) {
      ++score.fp;
      continue;
    }
    is_gold_used[best] = true;
    ++score.tp;
    ++attribution.total;
    if (lowercase(gold[best].speaker) == lowercase(predicted[p].speaker)) ++attribution.correct;
  }
  score.fn = static_cast<int64_t>(gold.size()) - score.tp;
  return score;
}

FieldScore score_quantities(const std::vector<QuantityAnnotation>& gold, const std::vector<QuantityAnnotation>& predicted,
                            const std::string& lang) {
  FieldScore score;
  std::vector<bool> is_gold_used(gold.size(), false);
  std::vector<std::string> gold_units;
  for (const auto& q : gold) gold_units.push_back(stemmed_unit(q.unit, lang));
  for (const auto& q : predicted) {
    std::string unit = stemmed_unit(q.unit, lang);
    bool is_matched = false;
    for (size_t g = 0; g < gold.size() && !is_matched; ++g) {
      if (is_gold_used[g] || !same_number(gold[g].value, q.value) || !same_number(gold[g].max, q.max)) continue;
      if (gold_units[g] != unit) continue;
      is_gold_used[g] = true;
      is_matched = true;
    }
    if (is_matched) ++score.tp;
    else ++score.fp;
  }
  score.fn = static_cast<int64_t>(gold.size()) - score.tp;
  return score;
}

FieldScore score_times(const std::vector<TimeAnnotation>& gold, const std::vector<TimeAnnotation>& predicted,
                       std::string_view text) {
  FieldScore score;
  Ratio& value_accuracy = score.ratios["value_accuracy"];
  auto gold_spans = locate_times(gold, text);
  auto predicted_spans = locate_times(predicted, text);
  std::vector<bool> is_gold_used(gold.size(), false);
  for (size_t p = 0; p < predicted.size(); ++p) {
    size_t match = gold.size();
    for (size_t g = 0; g < gold.size(); ++g) {
      if (is_gold_used[g] || !gold_spans[g] || !predicted_spans[p]) continue;
      if (gold_spans[g]->begin_byte < predicted_spans[p]->end_byte && predicted_spans[p]->begin_byte < gold_spans[g]->end_byte) {
        match = g;
        break;
      }
    }
    if (match == gold.size()) {
      ++score.fp;
      continue;
    }
    is_gold_used[match] = true;
    ++score.tp;
    ++value_accuracy.total;
    if (gold[match].value == predicted[p].value) ++value_accuracy.correct;
  }
  score.fn = static_cast<int64_t>(gold.size()) - score.tp;
  return score;
}

FieldScore score_events(const std::vector<EventAnnotation>& gold, const std::vector<EventAnnotation>& predicted) {
  FieldScore score;
  std::vector<bool> is_gold_used(gold.size(), false);
  for (const auto& p : predicted) {
    size_t match = gold.size();
    for (size_t g = 0; g < gold.size(); ++g) {
      if (is_gold_used[g] || gold[g].event != p.event || !lists_agree(gold[g].actor, p.actor)) continue;
      bool gold_has_recipient_ref = std::any_of(gold[g].recipient.begin(), gold[g].recipient.end(),
                                                [](const ActorAnnotation& a) { return !a.ref.empty(); });
      if (gold_has_recipient_ref && !lists_agree(gold[g].recipient, p.recipient)) continue;
      match = g;
      break;
    }
    if (match == gold.size()) {
      ++score.fp;
      continue;
    }
    is_gold_used[match] = true;
    ++score.tp;
    const EventAnnotation& g = gold[match];
    auto count = [&](const char* name, bool is_correct) {
      Ratio& ratio = score.ratios[name];
      ++ratio.total;
      if (is_correct) ++ratio.correct;
    };
    count("mode", g.mode == p.mode);
    count("location", g.location == p.location);
    count("date", g.date == p.date);
    count("size", same_number(g.size, p.size));
    std::set<std::string> gold_context(g.context.begin(), g.context.end());
    std::set<std::string> predicted_context(p.context.begin(), p.context.end());
    count("context", gold_context == predicted_context);
  }
  score.fn = static_cast<int64_t>(gold.size()) - score.tp;
  return score;
}

}  // namespace

FieldScore& FieldScore::operator+=(const FieldScore& other) {
  tp += other.tp;
  fp += other.fp;
  fn += other.fn;
  for (const auto& [name, ratio] : other.ratios) ratios[name] += ratio;
  return *this;
}

std::string normalize_quote_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool is_pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // Quote marks: " « » “ ” „ ‹ › (the last ones are multi-byte UTF-8).
    static const std::string_view kMarks[] = {"\"", "«", "»", "“", "”", "„", "‹", "›"};
    bool is_mark = false;
    for (std::string_view mark : kMarks) {
      if (text.substr(i, mark.size()) == mark) {
        i += mark.size();
        is_mark = true;
        break;
      }
    }
    if (is_mark) continue;
    if (text.substr(i, 3) == "’") {
      if (is_pending_space && !out.empty()) out += ' ';
      is_pending_space = false;
      out += '\'';
      i += 3;
      continue;
    }
    bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!is_space && text.substr(i, 2) == "\xC2\xA0") {
      is_space = true;
      ++i;
    } else if (!is_space && (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89")) {
      is_space = true;
      i += 2;
    }
    if (is_space) {
      is_pending_space = true;
      ++i;
      continue;
    }
    if (is_pending_space && !out.empty()) out += ' ';
    is_pending_space = false;
    out += text[i++];
  }
  return out;
}

ArticleScores score_article(const Annotations& gold, const Annotations& predicted, std::string_view article_text,
                            const std::string& lang) {
  ArticleScores scores;
  if (gold.entities && predicted.entities) scores["entities"] = score_entities(*gold.entities, *predicted.entities);
  if (gold.quotes && predicted.quotes) scores["quotes"] = score_quotes(*gold.quotes, *predicted.quotes);
  if (gold.quantities && predicted.quantities)
    scores["quantities"] = score_quantities(*gold.quantities, *predicted.quantities, lang);
  if (gold.times && predicted.times) scores["times"] = score_times(*gold.times, *predicted.times, article_text);
  if (gold.events && predicted.events) scores["events"] = score_events(*gold.events, *predicted.events);
  return scores;
}

nlohmann::json field_score_json(const std::string& field, const FieldScore& score) {
  nlohmann::json out = {{"precision", score.precision()}, {"recall", score.recall()}, {"f1", score.f1()},
                        {"tp", score.tp},                 {"fp", score.fp},         {"fn", score.fn}};
  if (field == "events") {
    nlohmann::json attributes = nlohmann::json::object();
    for (const char* name : {"mode", "location", "date", "size", "context"}) {
      auto it = score.ratios.find(name);
      attributes[name] = it == score.ratios.end() ? 0.0 : it->second.value();
    }
    out["attributes"] = attributes;
  } else {
    for (const auto& [name, ratio] : score.ratios) out[name] = ratio.value();
  }
  return out;
}

}  // namespace vigie::eval
