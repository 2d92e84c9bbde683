// The entities stage at run time: model decoding per sentence, then rules that the
// gold guidelines ask for (titles apart, nationality words out), the knowledge-base
// safety net, linking and within-article grouping. docs/ENTITIES.md explains each step
// and the files read here (entities/ner.fr.bin, ner.en.bin, clusters.fr.tsv, kb.tsv).
#include "entities/entity_tagger.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/model_files.h"
#include "entities/fallback_tokenizer.h"
#include "entities/knowledge_base.h"
#include "entities/ner_model.h"
#include "entities/text_fold.h"
#include "entities/word_clusters.h"

namespace vigie::entities {

const char* entity_type_name(EntityType type) {
  switch (type) {
    case EntityType::kPer: return "PER";
    case EntityType::kOrg: return "ORG";
    case EntityType::kLoc: return "LOC";
    case EntityType::kMisc: return "MISC";
  }
  return "MISC";
}

bool parse_entity_type(std::string_view name, EntityType& type) {
  if (name == "PER" || name == "PERS") type = EntityType::kPer;
  else if (name == "ORG") type = EntityType::kOrg;
  else if (name == "LOC" || name == "GPE") type = EntityType::kLoc;
  else if (name == "MISC") type = EntityType::kMisc;
  else return false;
  return true;
}

struct EntityTagger::Impl {
  TaggerOptions options;
  KnowledgeBase kb;
  WordClusters clusters;
  bool has_clusters = false;
  NerModel french;
  NerModel english;
  bool has_english = false;

  const NerModel& model_for(std::string_view lang) const { return lang == "en" && has_english ? english : french; }
  const WordClusters* clusters_for(const NerModel& model) const {
    return has_clusters && !model.clusters_file().empty() ? &clusters : nullptr;
  }
};

namespace {

constexpr const char* kRebuild = "scripts/train-ner.sh";

Result<std::string> read_entities_file(const TaggerOptions& options, const std::string& relative) {
  if (options.models_dir.empty()) return read_model_file(relative);
  std::string path = options.models_dir + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, path, "model file not found; rebuild it with " + std::string(kRebuild));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// A sentence's tokens as model input, plus each token's span.
struct SentenceView {
  NerInput input;
  std::vector<Span> spans;
  uint32_t sentence_index = 0;
};

// Leading articles the model sometimes includes ("la France" at a sentence start).
bool is_determiner(std::string_view folded) {
  return folded == "le" || folded == "la" || folded == "les" || folded == "l'" || folded == "the";
}

struct Candidate {
  uint32_t first = 0, end = 0;  // token range within the sentence
  EntityType type = EntityType::kMisc;
  float confidence = 0;
  std::string role;
};

}  // namespace

EntityTagger::EntityTagger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityTagger::~EntityTagger() = default;

Result<std::unique_ptr<EntityTagger>> EntityTagger::load(const TaggerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto kb_bytes = read_entities_file(options, "entities/kb.tsv");
  if (!kb_bytes) return kb_bytes.error();
  if (Status st = impl->kb.add_file(kb_bytes.value(), "entities/kb.tsv", false); !st) return st.error();
  for (const auto& path : options.extra_kb_files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorKind::kIo, path, "cannot open the knowledge-base file");
    std::ostringstream content;
    content << in.rdbuf();
    if (Status st = impl->kb.add_file(content.str(), path, true); !st) return st.error();
  }
  auto french = read_entities_file(options, "entities/ner.fr.bin");
  if (!french) return french.error();
  auto parsed = NerModel::parse(french.value(), "entities/ner.fr.bin");
  if (!parsed) return parsed.error();
  impl->french = std::move(parsed.value());
  if (auto english = read_entities_file(options, "entities/ner.en.bin"); english) {
    auto parsed_en = NerModel::parse(english.value(), "entities/ner.en.bin");
    if (!parsed_en) return parsed_en.error();
    impl->english = std::move(parsed_en.value());
    impl->has_english = true;
  }
  if (!impl->french.clusters_file().empty()) {
    auto bytes = read_entities_file(options, impl->french.clusters_file());
    if (!bytes) return bytes.error();
    auto clusters = WordClusters::parse(bytes.value(), impl->french.clusters_file());
    if (!clusters) return clusters.error();
    impl->clusters = std::move(clusters.value());
    impl->has_clusters = true;
  }
  return std::unique_ptr<EntityTagger>(new EntityTagger(std::move(impl)));
}

bool EntityTagger::describe(std::string_view ref, RefInfo& info) const {
  const KbEntry* entry = impl_->kb.find_ref(ref);
  if (entry == nullptr) return false;
  info.type = entry->type;
  info.country = entry->country;
  info.sector = entry->sector;
  info.has_coordinates = entry->has_coordinates;
  info.latitude = entry->latitude;
  info.longitude = entry->longitude;
  return true;
}

namespace {

// Sentences of `article` as token views; tokenises on its own when the text stage did not.
std::vector<SentenceView> sentence_views(const Article& article) {
  std::vector<Sentence> own_sentences;
  std::vector<Token> own_tokens;
  const std::vector<Sentence>* sentences = &article.sentences;
  const std::vector<Token>* tokens = &article.tokens;
  if (article.tokens.empty()) {
    fallback_segment(article.text, own_sentences, own_tokens);
    sentences = &own_sentences;
    tokens = &own_tokens;
  }
  std::vector<SentenceView> views;
  views.reserve(sentences->size());
  std::string_view text = article.text;
  for (uint32_t si = 0; si < sentences->size(); ++si) {
    const Sentence& s = (*sentences)[si];
    SentenceView view;
    view.sentence_index = si;
    for (uint32_t t = s.first_token; t < s.first_token + s.token_count && t < tokens->size(); ++t) {
      const Span span = (*tokens)[t].span;
      view.spans.push_back(span);
      view.input.words.push_back(span.in(text));
      bool gap = t == s.first_token || (*tokens)[t - 1].span.end_byte < span.begin_byte;
      view.input.gap_before.push_back(gap ? 1 : 0);
    }
    if (!view.spans.empty()) views.push_back(std::move(view));
  }
  return views;
}

}  // namespace

std::vector<Mention> EntityTagger::tag(const Article& article) const {
  const Impl& im = *impl_;
  const KnowledgeBase& kb = im.kb;
  const NerModel& model = im.model_for(article.lang);
  const WordClusters* clusters = im.clusters_for(model);
  thread_local NerScratch scratch;
  thread_local std::vector<uint8_t> labels;
  thread_local std::vector<float> confidence;
  std::vector<Mention> mentions;
  std::string_view text = article.text;

  for (const SentenceView& view : sentence_views(article)) {
    const auto& words = view.input.words;
    const uint32_t n = static_cast<uint32_t>(words.size());
    extract_features(view.input, clusters, &kb, scratch);
    model.decode(scratch, n, labels, confidence);
    const auto& folded = scratch.folded;

    std::vector<Candidate> candidates;
    for (uint32_t i = 0; i < n;) {
      if (labels[i] == 0) {
        ++i;
        continue;
      }
      Candidate c;
      c.first = i;
      c.type = label_type(labels[i]);
      c.confidence = confidence[i];
      uint32_t j = i + 1;
      while (j < n && labels[j] == inside_label(c.type)) {
        c.confidence = std::min(c.confidence, confidence[j]);
        ++j;
      }
      c.end = j;
      candidates.push_back(c);
      i = j;
    }

    // Knowledge-base safety net: high-precision names (flag s) the model left out,
    // written with a capital letter (a lower-case "paris" is a bet, not Paris).
    if (im.options.use_kb_safety_net) {
      // A longer knowledge-base name replaces the model's pieces of it ("Casques" ->
      // "Casques bleus", "Human" + "Rights Watch" -> "Human Rights Watch") when every
      // piece lies inside it; a name the model missed entirely is added.
      std::vector<int> owner(n, -1);
      for (size_t k = 0; k < candidates.size(); ++k) {
        for (uint32_t t = candidates[k].first; t < candidates[k].end; ++t) owner[t] = static_cast<int>(k);
      }
      std::vector<uint8_t> dropped(candidates.size(), 0);
      std::vector<Candidate> added;
      for (uint32_t i = 0; i < n;) {
        uint32_t value = 0;
        uint32_t len = kb.aliases().longest_match(folded, view.input.gap_before, i, n, 8, value);
        const KbEntry* entry = len > 0 ? &kb.entries()[value] : nullptr;
        bool is_usable = entry != nullptr && entry->is_safety_net && starts_upper(words[i]) &&
                         kb.demonym(folded[i]) == nullptr;
        if (is_usable && len == 1 && kb.is_acronym_only(folded[i]) && !is_all_upper(words[i])) is_usable = false;
        // Pieces must lie inside [i, i + len) and be shorter than it.
        bool is_inside = is_usable;
        for (uint32_t t = i; t < i + len && is_inside; ++t) {
          if (owner[t] < 0) continue;
          const Candidate& c = candidates[owner[t]];
          if (c.first < i || c.end > i + len || c.end - c.first == len) is_inside = false;
        }
        if (is_inside) {
          for (uint32_t t = i; t < i + len; ++t) {
            if (owner[t] >= 0) dropped[owner[t]] = 1;
          }
          added.push_back({i, i + len, entry->type, 0.5f, {}});
          i += len;
        } else {
          ++i;
        }
      }
      std::vector<Candidate> kept;
      for (size_t k = 0; k < candidates.size(); ++k) {
        if (!dropped[k]) kept.push_back(candidates[k]);
      }
      kept.insert(kept.end(), added.begin(), added.end());
      std::sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) { return a.first < b.first; });
      candidates = std::move(kept);
    }

    for (Candidate& c : candidates) {
      // A title inside the name ("président Macron", "M. Heappey") becomes the role.
      while (c.end - c.first > 1) {
        uint32_t value = 0;
        uint32_t len = kb.roles().longest_match(folded, view.input.gap_before, c.first, c.end, 5, value);
        if (len == 0 && is_determiner(folded[c.first])) len = 1;
        else if (len > 0) c.role = std::string(text.substr(view.spans[c.first].begin_byte,
                                                            view.spans[c.first + len - 1].end_byte - view.spans[c.first].begin_byte));
        if (len == 0 || len >= c.end - c.first) break;
        c.first += len;
      }
      // A title just before the name ("le président français Emmanuel Macron"): skip one
      // demonym, then take the longest title that ends there.
      if (c.role.empty() && c.type == EntityType::kPer) {
        uint32_t j = c.first;
        if (j > 0 && kb.demonym(folded[j - 1]) != nullptr) --j;
        for (uint32_t k = j >= 5 ? j - 5 : 0; k < j; ++k) {
          uint32_t value = 0;
          if (kb.roles().longest_match(folded, view.input.gap_before, k, j, 5, value) == j - k) {
            c.role = std::string(text.substr(view.spans[k].begin_byte, view.spans[j - 1].end_byte - view.spans[k].begin_byte));
            break;
          }
        }
      }
      // Nationality words are not entities (FORMAT.md): "les Français", "Malien".
      if (c.end - c.first == 1 && kb.demonym(folded[c.first]) != nullptr && kb.find_alias(folded[c.first]) == nullptr) {
        continue;
      }
      // A sentence-initial word the unlabelled news writes in lower case mid-sentence
      // ("Un", "Selon") is capitalised by position only; a known name is kept.
      if (c.first == 0 && c.end == 1 && scratch.clusters[0] != nullptr && scratch.clusters[0]->capital_bucket == 0 &&
          (kb.find_alias(folded[0]) == nullptr || kb.is_acronym_only(folded[0]))) {
        continue;
      }
      // A lone title is not a name.
      uint32_t role_value = 0;
      if (kb.roles().longest_match(folded, view.input.gap_before, c.first, c.end, 5, role_value) == c.end - c.first) {
        continue;
      }
      Mention m;
      m.span = {view.spans[c.first].begin_byte, view.spans[c.end - 1].end_byte};
      m.type = c.type;
      m.role = c.role;
      m.sentence_index = view.sentence_index;
      m.confidence = c.confidence;
      // Linking: the folded name, else without a leading article.
      std::string key = fold_key(m.span.in(text));
      const KbEntry* entry = kb.find_alias(key);
      if (entry != nullptr && kb.is_acronym_only(key) && !is_all_upper(m.span.in(text))) entry = nullptr;
      if (entry != nullptr) {
        bool is_compatible = entry->type == m.type || entry->is_country || entry->is_safety_net ||
                             (entry->type != EntityType::kPer && m.type != EntityType::kPer);
        if (is_compatible) {
          if (entry->is_country || entry->is_safety_net) m.type = entry->type;
          // A ref guessed from an upper-case dictionary name: the article's spelling
          // keeps the accents and case ("François Hollande", not "Francois Hollande").
          m.ref = entry->is_derived_ref && entry->type == EntityType::kPer ? std::string(m.span.in(text)) : entry->ref;
          m.country = entry->country;
        }
      }
      mentions.push_back(std::move(m));
    }
  }

  std::vector<Entity> entities = group_mentions(text, mentions);
  if (im.options.guess_person_refs) {
    for (Entity& e : entities) {
      if (!e.ref.empty() || e.type != EntityType::kPer || e.name.find(' ') == std::string::npos) continue;
      if (std::any_of(e.name.begin(), e.name.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) continue;
      // An unknown full name is its own best guess at an English Wikipedia title.
      for (uint32_t k : e.mentions) mentions[k].ref = e.name;
    }
  }
  return mentions;
}

std::vector<CountryCue> EntityTagger::country_cues(const Article& article) const {
  std::vector<CountryCue> cues;
  std::string folded;
  for (const SentenceView& view : sentence_views(article)) {
    for (size_t i = 0; i < view.spans.size(); ++i) {
      folded = fold_key(view.input.words[i]);
      const std::string* country = impl_->kb.demonym(folded);
      if (country != nullptr && *country != "*") cues.push_back({view.spans[i], *country, view.sentence_index});
    }
  }
  return cues;
}

namespace {

std::vector<std::string> folded_words(std::string_view name) {
  std::vector<std::string> out;
  std::string key = fold_key(name);
  size_t start = 0;
  while (start < key.size()) {
    size_t space = key.find(' ', start);
    if (space == std::string::npos) space = key.size();
    out.push_back(key.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

bool ends_with_words(const std::vector<std::string>& longer, const std::vector<std::string>& shorter) {
  if (shorter.empty() || shorter.size() >= longer.size()) return false;
  return std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin());
}

}  // namespace

std::vector<Entity> group_mentions(std::string_view text, std::vector<Mention>& mentions) {
  std::vector<Entity> entities;
  std::vector<std::string> entity_keys;  // folded longest name
  for (uint32_t k = 0; k < mentions.size(); ++k) {
    Mention& m = mentions[k];
    std::string_view surface = m.span.in(text);
    std::string key = fold_key(surface);
    int target = -1;
    for (size_t e = 0; e < entities.size() && target < 0; ++e) {
      if (!m.ref.empty() && entities[e].ref == m.ref) target = static_cast<int>(e);
    }
    for (size_t e = 0; e < entities.size() && target < 0; ++e) {
      if (entities[e].type == m.type && entity_keys[e] == key && (m.ref.empty() || entities[e].ref.empty())) {
        target = static_cast<int>(e);
      }
    }
    // A person's shorter form ("Heappey", "M. Heappey" -> "James Heappey"): join the one
    // earlier person whose name ends with these words; two candidates leave it alone.
    if (target < 0 && m.type == EntityType::kPer) {
      auto words = folded_words(surface);
      int found = -1, count = 0;
      for (size_t e = 0; e < entities.size(); ++e) {
        if (entities[e].type == EntityType::kPer && ends_with_words(folded_words(entities[e].name), words)) {
          found = static_cast<int>(e);
          ++count;
        }
      }
      if (count == 1 && (m.ref.empty() || entities[found].ref.empty() || entities[found].ref == m.ref)) target = found;
    }
    // An acronym in brackets right after a name: "Mission ... (Minusma)".
    if (target < 0 && k > 0) {
      const Mention& previous = mentions[k - 1];
      std::string_view between = text.substr(previous.span.end_byte, m.span.begin_byte - previous.span.end_byte);
      std::string_view after = text.substr(m.span.end_byte, std::min<size_t>(2, text.size() - m.span.end_byte));
      if ((between == " (" || between == "(") && after.starts_with(")") && is_all_upper(surface) == is_all_upper(surface) &&
          previous.type == m.type && (m.ref.empty() || previous.ref.empty() || m.ref == previous.ref)) {
        target = static_cast<int>(previous.entity_index);
      }
    }
    if (target < 0) {
      Entity e;
      e.type = m.type;
      e.ref = m.ref;
      e.name = std::string(surface);
      e.country = m.country;
      entities.push_back(std::move(e));
      entity_keys.push_back(key);
      target = static_cast<int>(entities.size() - 1);
    }
    Entity& e = entities[target];
    m.entity_index = static_cast<uint32_t>(target);
    e.mentions.push_back(k);
    if (e.ref.empty() && !m.ref.empty()) e.ref = m.ref;
    if (e.country.empty()) e.country = m.country;
    if (surface.size() > e.name.size() && m.type == e.type) {
      e.name = std::string(surface);
      entity_keys[target] = key;
    }
  }
  // Share refs within each entity.
  for (Entity& e : entities) {
    for (uint32_t k : e.mentions) {
      if (mentions[k].ref.empty()) mentions[k].ref = e.ref;
      if (mentions[k].country.empty()) mentions[k].country = e.country;
    }
  }
  return entities;
}

}  // namespace vigie::entities
