// Speaker linking in three steps, each a general rule:
//  1. the mention at the speaker's span: the one overlapping it most. For a pronoun the
//     span is already its antecedent's, so "a-t-il ajouté" gets the ref of the person
//     the extractor resolved it to.
//  2. a description is linked only when it is a name with an article ("le Mali",
//     "l'armée"); "une porte-parole du ministère de la défense" keeps its words even
//     though a mention of the ministry sits inside it.
//  3. no mention at the span that is the name (a description the extractor resolved to a named
//     speaker, "le secrétaire d'Etat" -> "James Heappey"; a name the tagger missed
//     here but found elsewhere): the article's entity of the same name, or the one
//     person whose full name ends with it ("Heappey").
// The ref is the entity's; a place that speaks ("Bamako a dénoncé", "Paris a demandé")
// is its country's government, so a city gives its country code; so is a description
// that is only a government ("les autorités maliennes", "le gouvernement du Mali").

#include "facts/speaker_linker.h"

#include <algorithm>
#include <cctype>

#include "facts/fact_lexer.h"

namespace vigie::facts {
namespace {

using entities::Entity;
using entities::EntityType;
using entities::Mention;

bool is_country_code(std::string_view ref) {
  return ref.size() == 3 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string speaker_ref(const Mention& mention, const std::vector<Entity>& entities) {
  std::string ref = mention.ref;
  if (mention.entity_index < entities.size() && !entities[mention.entity_index].ref.empty()) {
    ref = entities[mention.entity_index].ref;
  }
  if (mention.type == EntityType::kLoc && !mention.country.empty() && !is_country_code(ref)) return mention.country;
  return ref;
}

uint32_t overlap(Span a, Span b) {
  const uint32_t begin = std::max(a.begin_byte, b.begin_byte);
  const uint32_t end = std::min(a.end_byte, b.end_byte);
  return end > begin ? end - begin : 0;
}

// True when the words of `outer` outside `inner` are only definite articles ("le",
// "la", "les", "l'", "the", any case): "le Mali" is the name, while "une porte-parole
// du ministère", "des responsables maliens" are descriptions around or beside a name.
// The articles are a closed class, so they are listed here rather than in a lexicon.
bool is_name_with_article(std::string_view text, Span outer, Span inner) {
  auto only_articles = [&](uint32_t begin, uint32_t end) {
    std::string word;
    auto is_article = [](const std::string& w) {
      return w.empty() || w == "le" || w == "la" || w == "les" || w == "l" || w == "the";
    };
    for (uint32_t i = begin; i < end; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (text.substr(i, 3) == "\u2019") {  // "l’ACLED": the typographic apostrophe ends "l"
        if (!is_article(word)) return false;
        word.clear();
        i += 2;
      } else if (std::isalpha(c) || c >= 0x80) {
        word += static_cast<char>(std::tolower(c));
      } else {
        if (!is_article(word)) return false;
        word.clear();
      }
    }
    return is_article(word);
  };
  if (inner.begin_byte < outer.begin_byte || inner.end_byte > outer.end_byte) return false;
  return only_articles(outer.begin_byte, inner.begin_byte) && only_articles(inner.end_byte, outer.end_byte);
}

std::string folded(std::string_view name) { return strip_accents(fold_text(name)); }

// The words of [begin, end) as folded, accent-free words; apostrophes end a word.
std::vector<std::pair<std::string, Span>> words_of(std::string_view text, Span span) {
  std::vector<std::pair<std::string, Span>> words;
  uint32_t start = span.begin_byte;
  auto flush = [&](uint32_t end) {
    if (end > start) words.push_back({folded(text.substr(start, end - start)), {start, end}});
  };
  for (uint32_t i = span.begin_byte; i < span.end_byte; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (text.substr(i, 3) == "\u2019") {
      flush(i);
      i += 2;
      start = i + 1;
    } else if (!(std::isalnum(c) || c >= 0x80 || c == '-')) {
      flush(i);
      start = i + 1;
    }
  }
  flush(span.end_byte);
  return words;
}

// Nouns that name a state's executive as a whole: "les autorités maliennes" speak for
// Mali as FORMAT.md's actors do, while "un porte-parole du gouvernement malien" is a
// person, described (the noun must open the description, after a definite article).
// TODO: move these to models/facts/speech.*.txt with the facts engineer.
bool is_government_noun(const std::string& word) {
  static const char* const kNouns[] = {"autorites", "gouvernement", "regime", "junte", "executif",
                                       "authorities", "government", "regime", "junta", "administration"};
  for (const char* noun : kNouns) {
    if (word == noun) return true;
  }
  return false;
}

// "les autorités maliennes", "le gouvernement du Mali", "la junte au pouvoir à Bamako" is
// not handled (more words): the country when the description is [definite article]
// government noun + a demonym or "de/du/d'" + a country mention, and nothing else.
std::string government_country(std::string_view text, Span description, const std::vector<Mention>& mentions,
                               const std::vector<entities::CountryCue>& cues) {
  auto words = words_of(text, description);
  size_t k = 0;
  if (k < words.size() && (words[k].first == "le" || words[k].first == "la" || words[k].first == "les" ||
                           words[k].first == "l" || words[k].first == "the")) {
    ++k;
  }
  if (k >= words.size() || !is_government_noun(words[k].first)) return "";
  ++k;
  if (k + 1 == words.size()) {
    for (const auto& cue : cues) {
      if (cue.span.begin_byte == words[k].second.begin_byte) return cue.country;
    }
    return "";
  }
  if (k < words.size() && (words[k].first == "de" || words[k].first == "du" || words[k].first == "d" ||
                           words[k].first == "of")) {
    ++k;
    if (k < words.size() && (words[k].first == "la" || words[k].first == "l" || words[k].first == "the")) ++k;
    if (k >= words.size()) return "";
    for (const Mention& m : mentions) {
      if (m.span.begin_byte == words[k].second.begin_byte && m.span.end_byte == description.end_byte &&
          is_country_code(m.ref)) {
        return m.ref;
      }
    }
  }
  return "";
}

// The entity named `name` in the article: same folded name or surface form, else the
// one person whose name ends with it. -1 when none or ambiguous.
int entity_named(std::string_view text, const std::string& name, const std::vector<Mention>& mentions,
                 const std::vector<Entity>& entities) {
  const std::string key = folded(name);
  if (key.empty()) return -1;
  for (const Mention& mention : mentions) {
    if (folded(mention.span.in(text)) == key && mention.entity_index < entities.size()) {
      return static_cast<int>(mention.entity_index);
    }
  }
  int found = -1;
  for (size_t e = 0; e < entities.size(); ++e) {
    if (entities[e].type != EntityType::kPer) continue;
    const std::string full = folded(entities[e].name);
    if (full == key) return static_cast<int>(e);
    if (full.size() > key.size() && full.ends_with(key) && full[full.size() - key.size() - 1] == ' ') {
      if (found >= 0) return -1;  // two people with this surname: leave it unlinked
      found = static_cast<int>(e);
    }
  }
  return found;
}

}  // namespace

void link_speakers(std::string_view text, const std::vector<Mention>& mentions, const std::vector<Entity>& entities,
                   const std::vector<entities::CountryCue>& country_cues, std::vector<Quote>& quotes) {
  for (Quote& quote : quotes) {
    Speaker& speaker = quote.speaker;
    speaker.ref.clear();
    if (!speaker.has_speaker()) continue;
    const Mention* best = nullptr;
    uint32_t best_overlap = 0;
    if (!speaker.span.empty()) {
      // Mentions are in text order: stop at the first one past the span.
      for (const Mention& mention : mentions) {
        if (mention.span.begin_byte >= speaker.span.end_byte) break;
        const uint32_t shared = overlap(mention.span, speaker.span);
        if (shared > best_overlap) {
          best = &mention;
          best_overlap = shared;
        }
      }
    }
    if (!speaker.is_named && !speaker.span.empty()) {
      speaker.ref = government_country(text, speaker.span, mentions, country_cues);
      if (!speaker.ref.empty()) continue;
    }
    if (best != nullptr && !speaker.is_named && !is_name_with_article(text, speaker.span, best->span)) {
      // A description that merely contains a name keeps its words, unless the
      // extractor resolved it to a named speaker (step 3 below).
      continue;
    }
    if (best != nullptr && speaker.is_named) {
      // The mention must be the name itself, not a name inside a description the
      // extractor resolved to someone else ("le ministre des Armées" -> "James Heappey").
      const std::string name = folded(speaker.name);
      const std::string surface = folded(best->span.in(text));
      if (name.find(surface) == std::string::npos && surface.find(name) == std::string::npos) best = nullptr;
    }
    if (best != nullptr) {
      speaker.ref = speaker_ref(*best, entities);
      continue;
    }
    if (!speaker.is_named) continue;
    const int entity = entity_named(text, speaker.name, mentions, entities);
    if (entity < 0) continue;
    const Entity& e = entities[entity];
    if (!e.mentions.empty() && e.mentions.front() < mentions.size()) {
      speaker.ref = speaker_ref(mentions[e.mentions.front()], entities);
    } else {
      speaker.ref = e.ref;
    }
  }
}

}  // namespace vigie::facts
