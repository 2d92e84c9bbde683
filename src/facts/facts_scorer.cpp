// Scoring rules: see facts_scorer.h and ../shared/gold/FORMAT.md ("Scoring").
#include "facts/facts_scorer.h"

#include <libstemmer.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "facts/fact_lexer.h"

namespace vigie::facts {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json field_json(const FieldScore& s, const char* attribute_name) {
  nlohmann::json j = {{"precision", s.precision()}, {"recall", s.recall()}, {"f1", s.f1()},
                      {"tp", s.tp},                {"fp", s.fp},         {"fn", s.fn}};
  if (attribute_name != nullptr) j[attribute_name] = s.attribute_accuracy();
  return j;
}

std::string fold_speaker(const nlohmann::json& v) {
  if (!v.is_string()) return "";
  std::string s = strip_accents(fold_text(v.get<std::string>()));
  // Trim and single spaces.
  std::string out;
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool same_number(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_null() && b.is_null()) return true;
  if (!a.is_number() || !b.is_number()) return false;
  double x = a.get<double>(), y = b.get<double>();
  return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::fabs(x));
}

// Byte ranges where `needle` occurs in `text`.
std::vector<std::pair<size_t, size_t>> occurrences(const std::string& text, const std::string& needle) {
  std::vector<std::pair<size_t, size_t>> out;
  if (needle.empty()) return out;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1))
    out.emplace_back(p, p + needle.size());
  return out;
}

std::pair<size_t, size_t> predicted_span(const nlohmann::json& item, const std::string& text) {
  if (item.contains("begin_byte") && item.contains("end_byte"))
    return {item["begin_byte"].get<size_t>(), item["end_byte"].get<size_t>()};
  auto occ = occurrences(text, item.value("text", ""));
  return occ.empty() ? std::pair<size_t, size_t>{0, 0} : occ.front();
}

}  // namespace

void FieldScore::add(const FieldScore& o) {
  tp += o.tp, fp += o.fp, fn += o.fn;
  attribute_total += o.attribute_total, attribute_correct += o.attribute_correct;
}

std::string normalize_quote_text(std::string_view text) {
  std::string folded = fold_text(text);
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size();) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    std::string_view ch(folded.data() + i, std::min(len, folded.size() - i));
    i += ch.size();
    if (is_quote_mark(ch)) continue;
    if (ch == " " || ch == "\n" || ch == "\t") {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out.append(ch);
  }
  auto is_edge_punct = [](char c) {
    return c == ' ' || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
  };
  size_t b = 0, e = out.size();
  while (b < e && is_edge_punct(out[b])) ++b;
  while (e > b && is_edge_punct(out[e - 1])) --e;
  return out.substr(b, e - b);
}

std::vector<std::string> stem_unit(std::string_view unit, const std::string& lang) {
  std::vector<std::string> words;
  std::string folded = fold_text(unit);
  std::string current;
  auto flush = [&]() {
    if (!current.empty()) words.push_back(current);
    current.clear();
  };
  for (char c : folded) {
    if (c == ' ' || c == ',' || c == '\'' || c == '-') {
      if (c == '\'') current += c;
      flush();
    } else {
      current += c;
    }
  }
  flush();
  const char* algorithm = lang == "en" ? "english" : lang == "fr" ? "french" : "french";
  sb_stemmer* stemmer = sb_stemmer_new(algorithm, "UTF_8");
  if (stemmer != nullptr) {
    for (auto& w : words) {
      const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(w.data()),
                                           static_cast<int>(w.size()));
      if (s != nullptr) w.assign(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer));
    }
    sb_stemmer_delete(stemmer);
  }
  return words;
}

Result<std::vector<GoldArticle>> load_gold_dir(const std::string& dir) {
  std::vector<GoldArticle> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return make_error(ErrorKind::kIo, dir, "not a directory of gold JSON files");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    auto content = read_file(file);
    if (!content) return make_error(ErrorKind::kIo, file.string(), "cannot read gold file");
    GoldArticle g;
    g.path = file.string();
    try {
      g.gold = nlohmann::json::parse(*content);
    } catch (const nlohmann::json::exception& e) {
      return make_error(ErrorKind::kInvalidInput, file.string(), std::string("not JSON: ") + e.what());
    }
    std::string source = g.gold.value("source", "");
    std::optional<std::string> text;
    for (fs::path base = fs::absolute(dir); !text; base = base.parent_path()) {
      fs::path candidate = base / source;
      if (!source.empty() && fs::is_regular_file(candidate, ec)) text = read_file(candidate);
      if (base == base.parent_path()) break;
    }
    if (!text)
      return make_error(ErrorKind::kIo, file.string(),
                        "article \"" + source + "\" not found relative to " + dir + " or its parents");
    g.article.text = *text;
    g.article.id = g.gold.value("id", file.stem().string());
    g.article.source_id = g.article.id;
    g.article.lang = g.gold.value("lang", "und");
    g.article.is_lang_from_metadata = true;
    if (g.gold.contains("published") && g.gold["published"].is_string())
      g.article.published = g.gold["published"].get<std::string>();
    out.push_back(std::move(g));
  }
  return out;
}

void FactsScorer::add(const std::string& id, const std::string& text, const std::string& lang,
                      const nlohmann::json& gold, const nlohmann::json& predicted) {
  using nlohmann::json;
  json article = {{"id", id}};
  static const json kEmpty = json::array();
  auto items = [&](const json& j, const char* field) -> const json& {
    return j.contains(field) && j[field].is_array() ? j[field] : kEmpty;
  };

  if (gold.contains("quotes")) {
    has_quotes_ = true;
    FieldScore s;
    const json& g = items(gold, "quotes");
    const json& p = items(predicted, "quotes");
    std::vector<std::string> pn;
    for (const auto& q : p) pn.push_back(normalize_quote_text(q.value("text", "")));
    std::vector<bool> used(p.size(), false);
    json missed = json::array();
    for (const auto& gq : g) {
      std::string gn = normalize_quote_text(gq.value("text", ""));
      size_t best = SIZE_MAX;
      for (size_t k = 0; k < p.size(); ++k) {
        if (used[k] || pn[k].empty() || gn.empty()) continue;
        if (pn[k].find(gn) != std::string::npos || gn.find(pn[k]) != std::string::npos) {
          // Prefer the prediction of the same kind and speaker when several contain it.
          if (best == SIZE_MAX || (fold_speaker(p[k]["speaker"]) == fold_speaker(gq["speaker"]) &&
                                   fold_speaker(p[best]["speaker"]) != fold_speaker(gq["speaker"])))
            best = k;
        }
      }
      if (best == SIZE_MAX) {
        ++s.fn;
        missed.push_back(gq);
        continue;
      }
      used[best] = true;
      ++s.tp;
      ++s.attribute_total;
      if (fold_speaker(p[best].value("speaker", json())) == fold_speaker(gq.value("speaker", json())))
        ++s.attribute_correct;
      else
        article["quote_speaker_errors"].push_back({{"text", gq["text"]}, {"gold", gq["speaker"]},
                                                   {"predicted", p[best].value("speaker", json())}});
    }
    json spurious = json::array();
    for (size_t k = 0; k < p.size(); ++k)
      if (!used[k]) {
        ++s.fp;
        spurious.push_back(p[k]["text"]);
      }
    quotes_.add(s);
    article["quotes"] = field_json(s, "attribution");
    article["quotes_missed"] = missed;
    article["quotes_spurious"] = spurious;
  }

  if (gold.contains("quantities")) {
    has_quantities_ = true;
    FieldScore s;
    const json& g = items(gold, "quantities");
    const json& p = items(predicted, "quantities");
    std::vector<bool> used(p.size(), false);
    json missed = json::array();
    auto unit_matches = [&](const json& a, const json& b) {
      auto ua = stem_unit(a.is_string() ? a.get<std::string>() : "", lang);
      auto ub = stem_unit(b.is_string() ? b.get<std::string>() : "", lang);
      if (ua.empty() || ub.empty()) return ua.empty() && ub.empty();
      return ua == ub || ua.front() == ub.front();
    };
    for (const auto& gq : g) {
      size_t best = SIZE_MAX;
      for (size_t k = 0; k < p.size() && best == SIZE_MAX; ++k) {
        if (used[k]) continue;
        if (!same_number(p[k].value("value", json()), gq.value("value", json()))) continue;
        if (!same_number(p[k].value("max", json()), gq.value("max", json()))) continue;
        if (!unit_matches(p[k].value("unit", json()), gq.value("unit", json()))) continue;
        best = k;
      }
      if (best == SIZE_MAX) {
        ++s.fn;
        missed.push_back(gq);
        continue;
      }
      used[best] = true;
      ++s.tp;
    }
    json spurious = json::array();
    for (size_t k = 0; k < p.size(); ++k)
      if (!used[k]) {
        ++s.fp;
        spurious.push_back(p[k]);
      }
    quantities_.add(s);
    article["quantities"] = field_json(s, nullptr);
    article["quantities_missed"] = missed;
    article["quantities_spurious"] = spurious;
  }

  if (gold.contains("times")) {
    has_times_ = true;
    FieldScore s;
    const json& g = items(gold, "times");
    const json& p = items(predicted, "times");
    std::vector<std::pair<size_t, size_t>> spans;
    for (const auto& t : p) spans.push_back(predicted_span(t, text));
    std::vector<bool> used(p.size(), false);
    std::vector<std::pair<size_t, size_t>> used_occurrences;
    json missed = json::array();
    json wrong = json::array();
    for (const auto& gt : g) {
      auto occ = occurrences(text, gt.value("text", ""));
      size_t best = SIZE_MAX;
      std::pair<size_t, size_t> best_occ;
      for (const auto& o : occ) {
        if (std::find(used_occurrences.begin(), used_occurrences.end(), o) != used_occurrences.end()) continue;
        for (size_t k = 0; k < p.size(); ++k) {
          if (used[k]) continue;
          if (spans[k].first < o.second && o.first < spans[k].second) {
            best = k;
            best_occ = o;
            break;
          }
        }
        if (best != SIZE_MAX) break;
      }
      if (best == SIZE_MAX) {
        ++s.fn;
        missed.push_back(gt);
        continue;
      }
      used[best] = true;
      used_occurrences.push_back(best_occ);
      ++s.tp;
      ++s.attribute_total;
      if (p[best].value("value", json()) == gt.value("value", json()))
        ++s.attribute_correct;
      else
        wrong.push_back({{"text", gt["text"]}, {"gold", gt["value"]}, {"predicted_text", p[best]["text"]},
                         {"predicted", p[best].value("value", json())}});
    }
    json spurious = json::array();
    for (size_t k = 0; k < p.size(); ++k)
      if (!used[k]) {
        ++s.fp;
        spurious.push_back(p[k]["text"]);
      }
    times_.add(s);
    article["times"] = field_json(s, "value_accuracy");
    article["times_missed"] = missed;
    article["times_spurious"] = spurious;
    article["times_wrong_value"] = wrong;
  }
  articles_.push_back(std::move(article));
}

nlohmann::json FactsScorer::to_json(bool with_errors) const {
  nlohmann::json out;
  if (has_quotes_) out["quotes"] = field_json(quotes_, "attribution");
  if (has_quantities_) out["quantities"] = field_json(quantities_, nullptr);
  if (has_times_) out["times"] = field_json(times_, "value_accuracy");
  nlohmann::json articles = nlohmann::json::array();
  for (const auto& a : articles_) {
    if (with_errors) {
      articles.push_back(a);
      continue;
    }
    nlohmann::json slim = {{"id", a["id"]}};
    for (const char* f : {"quotes", "quantities", "times"})
      if (a.contains(f)) slim[f] = a[f];
    articles.push_back(std::move(slim));
  }
  out["articles"] = std::move(articles);
  return out;
}

}  // namespace vigie::facts
