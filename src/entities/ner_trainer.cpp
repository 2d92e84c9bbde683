// Corpus readers and the averaged structured perceptron (Collins 2002) behind
// `vigie train ner`. See ner_trainer.h for the formats and docs/ENTITIES.md for the
// model file.
#include "entities/ner_trainer.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/model_files.h"
#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  while (true) {
    size_t pos = line.find('\t', start);
    cols.push_back(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return cols;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, path, "cannot open the corpus file");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool map_type(std::string name, EntityType& type) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  if (name == "PER" || name == "PERS") type = EntityType::kPer;
  else if (name == "ORG") type = EntityType::kOrg;
  else if (name == "LOC" || name == "GPE") type = EntityType::kLoc;
  // MEANTIME's FIN are indices and deals ("Dow Jones Industrial Average"): other names.
  else if (name == "PROD" || name == "EVE" || name == "HUMANPROD" || name == "PRO" || name == "MIX" || name == "MISC" ||
           name == "FIN")
    type = EntityType::kMisc;
  else return false;
  return true;
}

// Marks tokens [first, last] with type when none of them is labelled yet.
bool label_span(LabeledSentence& s, size_t first, size_t last, EntityType type) {
  for (size_t i = first; i <= last; ++i) {
    if (s.labels[i] != 0) return false;
  }
  s.labels[first] = begin_label(type);
  for (size_t i = first + 1; i <= last; ++i) s.labels[i] = inside_label(type);
  return true;
}

// Sequoia CoNLL-U with PARSEME-FR column 11: "k:PROPN|NE-LOC.final|_" opens
// annotation k on a word, "k" continues it. Range lines ("3-4 au") are the surface
// tokens; their words' annotations move to them. ".prim" readings (the literal type
// of a metonymy) give way to an overlapping ".final" one; discontinuous names are dropped.
std::vector<LabeledSentence> read_sequoia(std::string_view content) {
  std::vector<LabeledSentence> out;
  LabeledSentence s;
  struct Annotation {
    EntityType type;
    bool is_final;
    std::set<size_t> surface;
  };
  std::map<int, Annotation> annotations;
  std::map<int, bool> is_ne;
  int range_end = 0;
  auto flush = [&]() {
    if (!s.words.empty()) {
      s.labels.assign(s.words.size(), 0);
      std::vector<const Annotation*> list;
      for (auto& [k, a] : annotations) {
        if (!is_ne[k] || a.surface.empty()) continue;
        size_t first = *a.surface.begin(), last = *a.surface.rbegin();
        if (last - first + 1 != a.surface.size()) continue;  // discontinuous
        list.push_back(&a);
      }
      // Finals first, then longer first.
      std::stable_sort(list.begin(), list.end(), [](const Annotation* a, const Annotation* b) {
        if (a->is_final != b->is_final) return a->is_final;
        return a->surface.size() > b->surface.size();
      });
      for (const Annotation* a : list) label_span(s, *a->surface.begin(), *a->surface.rbegin(), a->type);
      out.push_back(std::move(s));
    }
    s = {};
    annotations.clear();
    is_ne.clear();
    range_end = 0;
  };
  size_t pos = 0;
  while (pos <= content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) {
      flush();
      if (end == content.size()) break;
      continue;
    }
    if (line[0] == '#') continue;
    auto cols = split_tabs(line);
    if (cols.size() < 11) continue;
    std::string id(cols[0]);
    if (id.find('.') != std::string::npos) continue;  // empty nodes
    bool no_space_before_next = cols[9].find("SpaceAfter=No") != std::string_view::npos;
    size_t dash = id.find('-');
    int word_id = std::atoi(id.c_str());
    if (dash != std::string::npos) range_end = std::atoi(id.c_str() + dash + 1);
    // Words inside a range token ("à" "le" of "au") are not surface tokens; their
    // annotations go to the range's token.
    bool is_surface = dash != std::string::npos || word_id > range_end;
    if (is_surface) {
      s.words.emplace_back(cols[1]);
      s.gap_before.push_back(1);
    }
    if (is_surface && no_space_before_next) s.gap_before.back() = 2;  // marker: no space after this one
    if (dash != std::string::npos) continue;
    size_t surface = s.words.size() - 1;
    std::string_view mwe = cols[10];
    if (mwe == "*" || mwe == "_") continue;
    size_t start = 0;
    while (start <= mwe.size()) {
      size_t semi = mwe.find(';', start);
      std::string_view part = mwe.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
      start = semi == std::string_view::npos ? mwe.size() + 1 : semi + 1;
      int k = std::atoi(std::string(part).c_str());
      size_t colon = part.find(':');
      auto& a = annotations[k];
      if (colon != std::string_view::npos) {
        std::string_view cat = part.substr(colon + 1);
        size_t ne = cat.find("NE-");
        if (ne != std::string_view::npos) {
          std::string_view rest = cat.substr(ne + 3);
          size_t dot = rest.find_first_of(".|");
          EntityType type;
          if (map_type(std::string(rest.substr(0, dot)), type)) {
            a.type = type;
            a.is_final = rest.substr(dot, 6) == ".final";
            is_ne[k] = true;
          }
        }
      }
      a.surface.insert(surface);
    }
  }
  flush();
  // Convert the "no space after" markers into gap_before flags.
  for (auto& sentence : out) {
    std::vector<uint8_t> gaps(sentence.words.size(), 1);
    for (size_t i = 0; i + 1 < sentence.words.size(); ++i) {
      if (sentence.gap_before[i] == 2) gaps[i + 1] = 0;
    }
    sentence.gap_before = gaps;
  }
  return out;
}

// "word TAG" lines (Europeana: IOB1 tags, no sentence breaks; a sentence ends after
// . ! ? and at 60 words).
std::vector<LabeledSentence> read_bio(std::string_view content) {
  std::vector<LabeledSentence> out;
  LabeledSentence s;
  uint8_t previous = 0;
  auto flush = [&]() {
    if (!s.words.empty()) out.push_back(std::move(s));
    s = {};
    previous = 0;
  };
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    size_t space = line.rfind(' ');
    if (line.empty() || space == std::string_view::npos) {
      flush();
      continue;
    }
    std::string_view word = line.substr(0, space), tag = line.substr(space + 1);
    uint8_t label = 0;
    EntityType type;
    if (tag.size() > 2 && map_type(std::string(tag.substr(2)), type)) {
      bool continues = previous != 0 && label_type(previous) == type;
      label = (tag[0] == 'B' || !continues) ? begin_label(type) : inside_label(type);
    }
    s.words.emplace_back(word);
    s.gap_before.push_back(1);
    s.labels.push_back(label);
    previous = label;
    if ((word == "." || word == "!" || word == "?" || s.words.size() >= 60) && label == 0) flush();
  }
  flush();
  return out;
}

// HIPE-2022 TSV: TOKEN, NE-COARSE-LIT ... MISC; sentences end at EndOfSentence.
std::vector<LabeledSentence> read_hipe(std::string_view content) {
  std::vector<LabeledSentence> out;
  LabeledSentence s;
  bool no_space = false;
  auto flush = [&]() {
    if (!s.words.empty()) out.push_back(std::move(s));
    s = {};
  };
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') {
      if (line.starts_with("# hipe2022:document_id")) flush();
      continue;
    }
    auto cols = split_tabs(line);
    if (cols.size() < 10 || cols[0] == "TOKEN") continue;
    uint8_t label = 0;
    EntityType type;
    if (cols[1].size() > 2 && map_type(std::string(cols[1].substr(2)), type)) {
      label = cols[1][0] == 'B' ? begin_label(type) : inside_label(type);
      if (!is_begin(label) && (s.labels.empty() || !is_allowed(s.labels.back(), label))) label = begin_label(type);
    }
    s.words.emplace_back(cols[0]);
    s.gap_before.push_back(no_space ? 0 : 1);
    s.labels.push_back(label);
    no_space = cols[9].find("NoSpaceAfter") != std::string_view::npos;
    if (cols[9].find("EndOfSentence") != std::string_view::npos) flush();
  }
  flush();
  return out;
}

std::string attribute(std::string_view tag, std::string_view name) {
  std::string key = " " + std::string(name) + "=\"";
  size_t p = tag.find(key);
  if (p == std::string_view::npos) return {};
  p += key.size();
  size_t q = tag.find('"', p);
  return std::string(tag.substr(p, q - p));
}

std::string xml_unescape(std::string_view s) {
  std::string out(s);
  for (auto [from, to] : {std::pair{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}}) {
    size_t p = 0;
    while ((p = out.find(from, p)) != std::string::npos) {
      out.replace(p, std::strlen(from), to);
      p += std::strlen(to);
    }
  }
  return out;
}

// MEANTIME (NewsReader NAF-like XML): tokens, ENTITY_MENTIONs with token anchors,
// ENTITYs with ent_type, REFERS_TO mention -> entity. Only NAM mentions are names.
std::vector<LabeledSentence> read_meantime_file(std::string_view xml) {
  std::map<int, std::pair<int, std::string>> tokens;  // t_id -> (sentence, text)
  std::map<std::string, std::vector<int>> mention_tokens;
  std::set<std::string> named;
  std::map<std::string, std::string> entity_type;
  std::map<std::string, std::string> mention_entity;
  size_t pos = 0;
  while ((pos = xml.find('<', pos)) != std::string_view::npos) {
    size_t close = xml.find('>', pos);
    if (close == std::string_view::npos) break;
    std::string_view tag = xml.substr(pos, close - pos + 1);
    if (tag.starts_with("<token ")) {
      size_t text_end = xml.find("</token>", close);
      tokens[std::atoi(attribute(tag, "t_id").c_str())] = {std::atoi(attribute(tag, "sentence").c_str()),
                                                            xml_unescape(xml.substr(close + 1, text_end - close - 1))};
    } else if (tag.starts_with("<ENTITY_MENTION ")) {
      std::string id = attribute(tag, "m_id");
      if (attribute(tag, "syntactic_type") == "NAM") named.insert(id);
      size_t end_tag = xml.find("</ENTITY_MENTION>", close);
      size_t a = close;
      while ((a = xml.find("<token_anchor", a)) != std::string_view::npos && a < end_tag) {
        size_t ae = xml.find('>', a);
        mention_tokens[id].push_back(std::atoi(attribute(xml.substr(a, ae - a + 1), "t_id").c_str()));
        a = ae;
      }
    } else if (tag.starts_with("<ENTITY ")) {
      entity_type[attribute(tag, "m_id")] = attribute(tag, "ent_type");
    } else if (tag.starts_with("<REFERS_TO")) {
      size_t end_tag = xml.find("</REFERS_TO>", close);
      std::string_view body = xml.substr(close, end_tag - close);
      // One REFERS_TO links every mention of an entity (several <source>s) to it;
      // reading only the first left most names unlabelled.
      size_t t1 = body.find("<target");
      if (t1 != std::string_view::npos) {
        std::string target = attribute(body.substr(t1, body.find('>', t1) - t1 + 1), "m_id");
        for (size_t s1 = body.find("<source"); s1 != std::string_view::npos; s1 = body.find("<source", s1 + 1)) {
          mention_entity[attribute(body.substr(s1, body.find('>', s1) - s1 + 1), "m_id")] = target;
        }
      }
    }
    pos = close + 1;
  }
  std::map<int, LabeledSentence> by_sentence;
  std::map<int, std::pair<int, size_t>> token_index;  // t_id -> (sentence, index)
  for (auto& [t_id, st] : tokens) {
    auto& s = by_sentence[st.first];
    token_index[t_id] = {st.first, s.words.size()};
    s.words.push_back(st.second);
    s.gap_before.push_back(1);
    s.labels.push_back(0);
  }
  for (const auto& id : named) {
    auto it = mention_entity.find(id);
    if (it == mention_entity.end()) continue;
    EntityType type;
    if (!map_type(entity_type[it->second], type)) continue;
    auto& toks = mention_tokens[id];
    if (toks.empty()) continue;
    std::sort(toks.begin(), toks.end());
    auto [sent, first] = token_index[toks.front()];
    auto [sent2, last] = token_index[toks.back()];
    if (sent != sent2 || last - first + 1 != toks.size()) continue;
    // MEANTIME marks the whole noun phrase of a name ("the U.S. Department of Labor",
    // "large insurance firm AIG", "Uralsib analyst Chris Weafer", "Apple 's"); FORMAT.md
    // marks the name only. Keep the last run of capitalised words (numbers and "of",
    // "and", "&", "de" between capitalised words stay: "Bank of England", "FTSE 100").
    const auto& words = by_sentence[sent].words;
    auto is_name_word = [](const std::string& w) { return starts_upper(w) || (!w.empty() && w[0] >= '0' && w[0] <= '9'); };
    auto is_connector = [](const std::string& w) { return w == "of" || w == "and" || w == "&" || w == "de" || w == "for"; };
    size_t end = last + 1;
    while (end > first && !starts_upper(words[end - 1]) && !(end - 1 > first && is_name_word(words[end - 1]) &&
                                                              starts_upper(words[end - 2]))) {
      --end;
    }
    if (end == first) continue;
    size_t begin = end - 1;
    while (begin > first && (is_name_word(words[begin - 1]) ||
                             (is_connector(words[begin - 1]) && begin - 1 > first && starts_upper(words[begin - 2])))) {
      --begin;
    }
    label_span(by_sentence[sent], begin, end - 1, type);
  }
  std::vector<LabeledSentence> out;
  for (auto& [k, s] : by_sentence) out.push_back(std::move(s));
  return out;
}

uint64_t splitmix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

NerInput as_input(const LabeledSentence& s) {
  NerInput input;
  input.words.reserve(s.words.size());
  for (const auto& w : s.words) input.words.emplace_back(w);
  input.gap_before = s.gap_before;
  return input;
}

std::set<std::tuple<size_t, size_t, int>> spans_of(const std::vector<uint8_t>& labels) {
  std::set<std::tuple<size_t, size_t, int>> out;
  for (size_t i = 0; i < labels.size();) {
    if (labels[i] == 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < labels.size() && !is_begin(labels[j]) && labels[j] != 0 && label_type(labels[j]) == label_type(labels[i])) ++j;
    out.emplace(i, j, static_cast<int>(label_type(labels[i])));
    i = j;
  }
  return out;
}

}  // namespace

Result<std::vector<LabeledSentence>> read_ner_corpus(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<LabeledSentence> out;
    for (const auto& file : files) {
      auto content = read_file(file);
      if (!content) return content.error();
      for (auto& s : read_meantime_file(content.value())) out.push_back(std::move(s));
    }
    if (out.empty()) return make_error(ErrorKind::kInvalidInput, path, "no MEANTIME .xml files with tokens found");
    return out;
  }
  auto content = read_file(path);
  if (!content) return content.error();
  std::string_view text = content.value();
  std::vector<LabeledSentence> out;
  if (path.ends_with(".xml")) {
    out = read_meantime_file(text);
  } else if (path.ends_with(".tsv")) {
    out = read_hipe(text);
  } else {
    std::string_view first = text.substr(0, text.find('\n'));
    bool is_conllu = first.starts_with("# global.columns") || first.starts_with("# sent_id");
    if (!is_conllu) {
      size_t tab_line = text.find('\t');
      if (tab_line != std::string_view::npos) {
        size_t line_start = text.rfind('\n', tab_line);
        line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
        std::string_view line = text.substr(line_start, text.find('\n', tab_line) - line_start);
        is_conllu = split_tabs(line).size() >= 11;
      }
    }
    out = is_conllu ? read_sequoia(text) : read_bio(text);
  }
  if (out.empty()) return make_error(ErrorKind::kInvalidInput, path, "no labelled sentences found");
  return out;
}

double NerScores::precision(int type) const {
  uint64_t t = 0, f = 0;
  for (int k = 0; k < 4; ++k) {
    if (type < 0 || type == k) {
      t += tp[k];
      f += fp[k];
    }
  }
  return t + f == 0 ? 0.0 : static_cast<double>(t) / (t + f);
}
double NerScores::recall(int type) const {
  uint64_t t = 0, f = 0;
  for (int k = 0; k < 4; ++k) {
    if (type < 0 || type == k) {
      t += tp[k];
      f += fn[k];
    }
  }
  return t + f == 0 ? 0.0 : static_cast<double>(t) / (t + f);
}
double NerScores::f1(int type) const {
  double p = precision(type), r = recall(type);
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}
std::string NerScores::to_string() const {
  std::string out;
  char buffer[160];
  for (int k = -1; k < 4; ++k) {
    uint64_t gold = 0;
    for (int j = 0; j < 4; ++j) {
      if (k < 0 || k == j) gold += tp[j] + fn[j];
    }
    std::snprintf(buffer, sizeof buffer, "%-4s P=%.3f R=%.3f F1=%.3f (gold %llu)\n",
                  k < 0 ? "ALL" : entity_type_name(static_cast<EntityType>(k)), precision(k), recall(k), f1(k),
                  static_cast<unsigned long long>(gold));
    out += buffer;
  }
  return out;
}

NerScores evaluate_ner(const NerModel& model, const WordClusters* clusters, const KnowledgeBase* kb,
                       const std::vector<LabeledSentence>& sentences) {
  NerScores scores;
  NerScratch scratch;
  std::vector<uint8_t> labels;
  std::vector<float> confidence;
  for (const auto& s : sentences) {
    NerInput input = as_input(s);
    extract_features(input, clusters, kb, scratch);
    model.decode(scratch, s.words.size(), labels, confidence);
    auto gold = spans_of(s.labels);
    auto predicted = spans_of(labels);
    for (const auto& g : gold) {
      if (predicted.contains(g)) ++scores.tp[std::get<2>(g)];
      else ++scores.fn[std::get<2>(g)];
    }
    for (const auto& p : predicted) {
      if (!gold.contains(p)) ++scores.fp[std::get<2>(p)];
    }
  }
  return scores;
}

Result<NerTrainingReport> train_ner(const NerTrainingOptions& options) {
  auto started = std::chrono::steady_clock::now();
  NerTrainingReport report;
  std::vector<LabeledSentence> train;
  for (const auto& path : options.train_paths) {
    auto corpus = read_ner_corpus(path);
    if (!corpus) return corpus.error();
    for (auto& s : corpus.value()) train.push_back(std::move(s));
  }
  if (train.empty()) return make_error(ErrorKind::kUsage, "", "no training corpus given");
  WordClusters clusters;
  const WordClusters* clusters_ptr = nullptr;
  if (!options.clusters_path.empty()) {
    auto content = read_file(options.clusters_path);
    if (!content) return content.error();
    auto parsed = WordClusters::parse(content.value(), options.clusters_path);
    if (!parsed) return parsed.error();
    clusters = std::move(parsed.value());
    clusters_ptr = &clusters;
  }
  KnowledgeBase kb;
  const KnowledgeBase* kb_ptr = nullptr;
  if (!options.kb_path.empty()) {
    auto content = read_file(options.kb_path);
    if (!content) return content.error();
    if (Status st = kb.add_file(content.value(), options.kb_path, false); !st) return st.error();
    kb_ptr = &kb;
  }

  // Features of every training word, as indices into the sorted feature list.
  std::vector<std::vector<uint32_t>> offsets(train.size());
  std::vector<std::vector<uint64_t>> hashes(train.size());
  NerScratch scratch;
  std::vector<uint64_t> all;
  for (size_t k = 0; k < train.size(); ++k) {
    extract_features(as_input(train[k]), clusters_ptr, kb_ptr, scratch);
    hashes[k] = scratch.features;
    offsets[k].assign(scratch.feature_offsets.begin(), scratch.feature_offsets.end());
    all.insert(all.end(), scratch.features.begin(), scratch.features.end());
    report.train_tokens += train[k].words.size();
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::unordered_map<uint64_t, uint32_t> index;
  index.reserve(all.size() * 2);
  for (uint32_t i = 0; i < all.size(); ++i) index.emplace(all[i], i);
  std::vector<std::vector<uint32_t>> features(train.size());
  for (size_t k = 0; k < train.size(); ++k) {
    features[k].reserve(hashes[k].size());
    for (uint64_t h : hashes[k]) features[k].push_back(index[h]);
    hashes[k].clear();
    hashes[k].shrink_to_fit();
  }
  report.train_sentences = train.size();

  const size_t nf = all.size();
  std::vector<float> w(nf * kNumLabels, 0.0f), u(nf * kNumLabels, 0.0f);
  std::vector<float> trans(kNumLabels * kNumLabels, 0.0f), trans_u(trans.size(), 0.0f);
  std::vector<float> start(kNumLabels, 0.0f), start_u(kNumLabels, 0.0f);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t rng = options.seed;
  float c = 1.0f;
  std::vector<float> scores, lattice;
  std::vector<uint8_t> back, predicted;
  std::vector<LabeledSentence> dev;
  for (const auto& path : options.dev_paths) {
    auto corpus = read_ner_corpus(path);
    if (!corpus) return corpus.error();
    for (auto& s : corpus.value()) dev.push_back(std::move(s));
  }
  // Averaged weights after the current epoch: w - u / c.
  auto averaged_model = [&]() {
    std::vector<float> aw(w.size()), at(trans.size()), as(start.size());
    for (size_t i = 0; i < w.size(); ++i) aw[i] = w[i] - u[i] / c;
    for (size_t i = 0; i < trans.size(); ++i) at[i] = trans[i] - trans_u[i] / c;
    for (size_t i = 0; i < start.size(); ++i) as[i] = start[i] - start_u[i] / c;
    return NerModel(options.lang, options.clusters_name, all, aw, at, as, options.min_quantised_weight);
  };
  NerModel best;
  double best_f1 = -1;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix(rng) % i]);
    for (size_t k : order) {
      const auto& s = train[k];
      const size_t n = s.words.size();
      scores.assign(n * kNumLabels, 0.0f);
      for (size_t i = 0; i < n; ++i) {
        for (uint32_t f = offsets[k][i]; f < offsets[k][i + 1]; ++f) {
          const float* row = &w[static_cast<size_t>(features[k][f]) * kNumLabels];
          for (int l = 0; l < kNumLabels; ++l) scores[i * kNumLabels + l] += row[l];
        }
      }
      viterbi_decode(scores.data(), n, trans.data(), start.data(), lattice, back, predicted);
      for (size_t i = 0; i < n; ++i) {
        uint8_t g = s.labels[i], p = predicted[i];
        uint8_t gp = i == 0 ? 0 : s.labels[i - 1], pp = i == 0 ? 0 : predicted[i - 1];
        if (g != p) {
          for (uint32_t f = offsets[k][i]; f < offsets[k][i + 1]; ++f) {
            size_t base = static_cast<size_t>(features[k][f]) * kNumLabels;
            w[base + g] += 1;
            u[base + g] += c;
            w[base + p] -= 1;
            u[base + p] -= c;
          }
        }
        if (g != p || gp != pp) {
          if (i == 0) {
            start[g] += 1;
            start_u[g] += c;
            start[p] -= 1;
            start_u[p] -= c;
          } else {
            trans[gp * kNumLabels + g] += 1;
            trans_u[gp * kNumLabels + g] += c;
            trans[pp * kNumLabels + p] -= 1;
            trans_u[pp * kNumLabels + p] -= c;
          }
        }
      }
      c += 1;
    }
    if (!dev.empty()) {
      NerModel candidate = averaged_model();
      NerScores scores = evaluate_ner(candidate, clusters_ptr, kb_ptr, dev);
      report.dev_f1_by_epoch.push_back(scores.f1());
      // Strictly better only: ties keep the earlier, smaller-step model.
      if (scores.f1() > best_f1) {
        best_f1 = scores.f1();
        best = std::move(candidate);
        report.epochs_run = static_cast<size_t>(epoch + 1);
        report.dev = scores;
      }
    }
  }
  NerModel model = dev.empty() ? averaged_model() : std::move(best);
  if (dev.empty()) report.epochs_run = static_cast<size_t>(options.epochs);
  report.features = model.feature_count();

  for (const auto& path : options.test_paths) {
    auto corpus = read_ner_corpus(path);
    if (!corpus) return corpus.error();
    NerScores s = evaluate_ner(model, clusters_ptr, kb_ptr, corpus.value());
    for (int t = 0; t < 4; ++t) {
      report.test.tp[t] += s.tp[t];
      report.test.fp[t] += s.fp[t];
      report.test.fn[t] += s.fn[t];
    }
  }
  if (!options.output_path.empty()) {
    std::ofstream out(options.output_path, std::ios::binary);
    std::string bytes = model.serialize();
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return make_error(ErrorKind::kIo, options.output_path, "cannot write the model file");
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace vigie::entities
