// Event coding, sentence by sentence (docs/EVENTS.md).
//
// 1. Every token gets its folded form (and its lemma when the syntax stage ran) and
//    the cue kinds of the context lexicon it starts (negation, future, prepositions...).
// 2. Actor phrases are built from entity mentions, country cues and sector nouns:
//    "les troupes françaises" (sector noun + demonym), "l'ambassade de France"
//    (sector noun + de + name), "la junte" (definite sector noun: the article's focus
//    country), "ses militaires" (possessive: the clause subject), "elle" (pronoun: the
//    previous subject).
// 3. Triggers are matched with the lexicon's patterns; the longest match wins and its
//    words cannot start another trigger.
// 4. Each trigger takes its participants from the dependency tree when there is one,
//    else from the clause window: the nearest subject-like phrase before it is the
//    actor, the first phrase after it the recipient; passives ("ont été critiqués
//    par X") and nominalisations ("le retrait de ses troupes", "l'arrestation d'un
//    diplomate par X") swap or redirect them.
// 5. Context, date, location and counts come from cues and facts inside the clause.

#include "events/event_coder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <filesystem>
#include <map>
#include <set>

#include "core/model_files.h"
#include "entities/text_fold.h"
#include "events/event_lexicon.h"

namespace vigie::events {
namespace {

namespace fs = std::filesystem;

constexpr int kNone = -1;

// One participant candidate of a sentence.
struct ActorPhrase {
  int first = 0;  // token indices, inclusive
  int last = 0;
  std::vector<EventActor> refs;  // resolved participants (ref may be empty: unknown actor)
  std::string sector;
  bool is_prepositional = false;  // after "à", "avec", "de"...: not a subject
  bool is_locative = false;       // a place after "au", "en", "à": where, not who
  bool is_agent = false;          // after "par": the agent of a passive or nominalisation
  bool is_of = false;             // after "de": complement of a noun
  bool is_possessive = false;     // "ses militaires": owner is the subject
  bool is_pronoun = false;        // "il", "elle": the previous subject
  bool is_object_pronoun = false; // "leur", "lui"
  bool is_relative = false;       // "qui": the antecedent
  bool is_region = false;         // a place that is no country ("Afrique de l'Ouest", "Sahel"): where, not who
  bool has_ref() const {
    for (const auto& a : refs)
      if (!a.ref.empty()) return true;
    return false;
  }
};

struct TokenView {
  std::string form;   // folded surface form
  std::string lemma;  // folded lemma from syntax; empty without syntax
  uint32_t cues = 0;  // bit per CueKind that starts here (multi-word cues mark their first token)
  int cue_end = 0;    // one past the last token of the longest cue starting here
  bool is_inside_cue = false;
  bool is_verb_a = false;  // French "a" (avoir), not "à"  // covered by a multi-word cue that starts earlier ("que" of "ainsi que")
  int mention = kNone;
  int country_cue = kNone;
};

bool has_cue(const TokenView& t, CueKind kind) {
  if (kind == CueKind::kClauseBreak && t.is_inside_cue) return false;
  // Folding makes the French verb "a" look like the preposition "à".
  if ((kind == CueKind::kPreposition || kind == CueKind::kLocativePrep) && t.is_verb_a) return false;
  return (t.cues >> static_cast<int>(kind)) & 1u;
}

struct SentenceState {
  std::vector<ActorPhrase> phrases;
  std::vector<EventActor> subject;  // first subject-like phrase with a ref
};

// Is `word` one of the phrase word's forms (surface or lemma)?
bool word_matches(const PatternWord& word, const TokenView& t) {
  return word.forms.count(t.form) || (!t.lemma.empty() && word.forms.count(t.lemma));
}

// Matches `phrase` starting at token `start` (which matched the first word) and
// ending before `end`; fills `matched` with the token of each word. False when no match.
bool match_phrase(const Phrase& phrase, const std::vector<TokenView>& tokens, int start, int end,
                  std::vector<int>& matched) {
  matched.assign(1, start);
  // Depth-first over gaps; phrases are short, so the search is small.
  std::function<bool(size_t, int)> step = [&](size_t w, int after) -> bool {
    if (w == phrase.words.size()) return true;
    const PatternWord& word = phrase.words[w];
    for (int gap = 0; gap <= word.max_gap_before; ++gap) {
      int pos = after + 1 + gap;
      if (pos >= end) return false;
      // A gap does not cross the end of a clause.
      if (gap > 0 && (has_cue(tokens[pos - 1], CueKind::kClauseBreak))) return false;
      if (word_matches(word, tokens[pos])) {
        matched.push_back(pos);
        if (step(w + 1, pos)) return true;
        matched.pop_back();
      }
    }
    return false;
  };
  return step(1, start);
}

bool is_country_code(const std::string& ref) {
  return ref.size() == 3 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// TIMEX3 value -> months since year 0 (first month of the period); -1 when not a date.
int month_index(const std::string& value) {
  if (value.size() < 4 || !std::isdigit(static_cast<unsigned char>(value[0]))) return -1;
  int year = std::atoi(value.substr(0, 4).c_str());
  int month = 1;
  if (value.size() >= 7 && value[4] == '-' && std::isdigit(static_cast<unsigned char>(value[5])))
    month = std::atoi(value.substr(5, 2).c_str());
  else if (value.size() >= 7 && value[4] == '-' && value[5] == 'W')
    month = 1 + std::atoi(value.substr(6, 2).c_str()) * 12 / 53;
  else if (value.size() >= 7 && value[4] == '-') {  // seasons: "2022-SU"
    std::string season = value.substr(5, 2);
    month = season == "SP" ? 4 : season == "SU" ? 7 : season == "FA" ? 10 : season == "WI" ? 1 : 1;
  }
  return year * 12 + (month - 1);
}

std::vector<std::string> refs_of(const std::vector<EventActor>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.ref);
  std::sort(out.begin(), out.end());
  return out;
}

// French and English future and conditional endings on the trigger itself
// ("retirera", "quitteront"; "retirerait").
bool has_future_ending(const std::string& form, const std::string& lang) {
  if (lang != "fr" || form.size() < 6) return false;
  for (const char* e : {"era", "eront", "dra", "dront"})
    if (form.size() > std::strlen(e) && form.compare(form.size() - std::strlen(e), std::strlen(e), e) == 0) return true;
  return false;
}
bool has_conditional_ending(const std::string& form, const std::string& lang) {
  if (lang != "fr" || form.size() < 7) return false;
  for (const char* e : {"erait", "eraient", "drait", "draient"})
    if (form.size() > std::strlen(e) && form.compare(form.size() - std::strlen(e), std::strlen(e), e) == 0) return true;
  return false;
}

class SentenceCoder {
 public:
  SentenceCoder(const EventLexicon& lexicon, const Article& article, const syntax::ArticleSyntax* syntax,
                const std::vector<entities::Mention>& mentions, const std::vector<entities::CountryCue>& cues,
                const facts::ArticleFacts& facts)
      : lex_(lexicon), article_(article), syntax_(syntax), mentions_(mentions), cues_(cues), facts_(facts) {}

  std::vector<Event> run();

 private:
  void build_token_views();
  std::string focus_country() const;
  void build_phrases(const Sentence& sentence, int sentence_index, SentenceState& state);
  void resolve_phrase(ActorPhrase& phrase, const SentenceState& state, int sentence_index);
  int skip_back_determiners(int i, int begin) const;
  void code_sentence(const Sentence& sentence, int sentence_index, SentenceState& state, std::vector<Event>& out);
  std::vector<EventActor> group_of(const SentenceState& state, int phrase_index) const;
  int phrase_at(const SentenceState& state, int token) const;
  bool syntax_participants(const SentenceState& state, int anchor, int begin, int end, int& subject, int& object,
                           int& agent, int& passive_subject) const;

  const EventLexicon& lex_;
  const Article& article_;
  const syntax::ArticleSyntax* syntax_;
  const std::vector<entities::Mention>& mentions_;
  const std::vector<entities::CountryCue>& cues_;
  const facts::ArticleFacts& facts_;
  std::vector<TokenView> tokens_;
  std::string focus_;
  std::vector<std::vector<EventActor>> previous_subjects_;
};

void SentenceCoder::build_token_views() {
  const auto& tokens = article_.tokens;
  tokens_.resize(tokens.size());
  bool has_syntax = syntax_ && syntax_->tokens.size() == tokens.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    tokens_[i].form = fold_word(tokens[i].span.in(article_.text));
    tokens_[i].is_verb_a = tokens[i].span.in(article_.text) == "a" && lex_.lang() == "fr";
    if (has_syntax) tokens_[i].lemma = fold_word(syntax_->tokens[i].lemma);
  }
  // Mentions and country cues by first token (spans are aligned to tokens by the
  // entities stage; a mention that starts mid-token is looked up by overlap).
  size_t m = 0;
  for (size_t i = 0; i < tokens.size() && m < mentions_.size(); ++i) {
    while (m < mentions_.size() && mentions_[m].span.end_byte <= tokens[i].span.begin_byte) ++m;
    if (m < mentions_.size() && mentions_[m].span.begin_byte < tokens[i].span.end_byte) {
      tokens_[i].mention = static_cast<int>(m);
    }
  }
  size_t c = 0;
  for (size_t i = 0; i < tokens.size() && c < cues_.size(); ++i) {
    while (c < cues_.size() && cues_[c].span.end_byte <= tokens[i].span.begin_byte) ++c;
    if (c < cues_.size() && cues_[c].span.begin_byte < tokens[i].span.end_byte) tokens_[i].country_cue = static_cast<int>(c);
  }
  // Cues, per sentence so that a multi-word cue does not cross a sentence end.
  std::vector<int> matched;
  for (const Sentence& sentence : article_.sentences) {
    int end = static_cast<int>(sentence.first_token + sentence.token_count);
    for (int i = static_cast<int>(sentence.first_token); i < end; ++i) {
      auto check = [&](const std::string& form) {
        const auto* list = lex_.cues_starting_with(form);
        if (!list) return;
        for (auto [kind, id] : *list) {
          if (match_phrase(lex_.cues(kind)[id], tokens_, i, end, matched)) {
            tokens_[i].cues |= 1u << static_cast<int>(kind);
            tokens_[i].cue_end = std::max(tokens_[i].cue_end, matched.back() + 1);
          }
        }
      };
      check(tokens_[i].form);
      if (!tokens_[i].lemma.empty() && tokens_[i].lemma != tokens_[i].form) check(tokens_[i].lemma);
    }
    for (int i = static_cast<int>(sentence.first_token); i < end; ++i)
      for (int k = i + 1; k < tokens_[i].cue_end; ++k) tokens_[k].is_inside_cue = true;
  }
}

// The country the article is mostly about: the most mentioned country (ties: the
// first). Definite sector nouns without a country ("la junte", "le gouvernement")
// default to it, as a reader would.
std::string SentenceCoder::focus_country() const {
  std::map<std::string, int> counts;
  std::map<std::string, size_t> first_seen;
  // A country named as a place ("au Mali", "à Bamako") counts three times: it is
  // where the events happen, not only who acts.
  std::vector<int> weight(mentions_.size(), 1);
  for (size_t i = 1; i < tokens_.size(); ++i)
    if (tokens_[i].mention != kNone && tokens_[i - 1].mention != tokens_[i].mention &&
        has_cue(tokens_[i - 1], CueKind::kLocativePrep))
      weight[tokens_[i].mention] = 3;
  for (size_t i = 0; i < mentions_.size(); ++i) {
    const auto& m = mentions_[i];
    std::string country = m.type == entities::EntityType::kLoc && !m.country.empty() ? m.country
                          : (m.type == entities::EntityType::kLoc && is_country_code(m.ref) ? m.ref : "");
    if (country.empty()) continue;
    if (!counts.count(country)) first_seen[country] = i;
    counts[country] += weight[i];
  }
  std::string best;
  for (const auto& [country, n] : counts) {
    if (best.empty() || n > counts.at(best) || (n == counts.at(best) && first_seen.at(country) < first_seen.at(best)))
      best = country;
  }
  return best;
}

int SentenceCoder::skip_back_determiners(int i, int begin) const {
  // Returns the index of the word before the determiners/numbers preceding token i.
  // A count before "de" is part of the noun phrase: "des milliers de soldats",
  // "thousands of troops".
  int j = i - 1;
  static const std::set<std::string> kCountNouns = {"millier", "milliers", "centaine", "centaines", "dizaine",
                                                    "dizaines", "million", "millions", "douzaine", "plupart",
                                                    "nombre", "majorite", "thousands", "hundreds", "dozens",
                                                    "millions", "scores"};
  if (j - 1 >= begin && has_cue(tokens_[j], CueKind::kOfPrep) &&
      (kCountNouns.count(tokens_[j - 1].form) || article_.tokens[j - 1].kind == TokenKind::kNumber))
    j -= 2;
  while (j >= begin && (has_cue(tokens_[j], CueKind::kDefinite) || has_cue(tokens_[j], CueKind::kPossessive) ||
                        article_.tokens[j].kind == TokenKind::kNumber || tokens_[j].form == "un" ||
                        tokens_[j].form == "une" || tokens_[j].form == "des" || tokens_[j].form == "ces" ||
                        tokens_[j].form == "cette" || tokens_[j].form == "ce" || tokens_[j].form == "cet" ||
                        tokens_[j].form == "a" && lex_.lang() == "en" || tokens_[j].form == "an" ||
                        tokens_[j].form == "these" || tokens_[j].form == "those" || tokens_[j].form == "some"))
    --j;
  return j;
}

void SentenceCoder::build_phrases(const Sentence& sentence, int sentence_index, SentenceState& state) {
  int begin = static_cast<int>(sentence.first_token);
  int end = begin + static_cast<int>(sentence.token_count);
  std::vector<int> matched;
  int i = begin;
  auto mention_actor = [&](const entities::Mention& m, std::vector<EventActor>& out) {
    Span span = m.span;
    if (m.type == entities::EntityType::kLoc) {
      std::string ref = !m.country.empty() ? m.country : m.ref;
      out.push_back({ref, "", span});
    } else if (m.type == entities::EntityType::kPer) {
      out.push_back({m.ref, "", span});
      if (!m.country.empty() && m.country != m.ref) out.push_back({m.country, "", span});
    } else {
      std::string sector = lex_.sector_of_ref(m.ref);
      out.push_back({m.ref, sector, span});
      // "la Bundeswehr" acts for DEU; an international body acts for none.
      if (!m.country.empty() && m.country != m.ref && sector != "IGO" && sector != "NGO" && sector != "REB" &&
          sector != "MER")
        out.push_back({m.country, sector, span});
    }
  };
  while (i < end) {
    ActorPhrase phrase;
    phrase.first = i;
    const TokenView& t = tokens_[i];
    // Sector nouns: the longest sector phrase starting here.
    int sector_end = kNone;
    std::string sector;
    for (const std::string* form : {&t.form, &t.lemma}) {
      if (form->empty()) continue;
      if (const auto* list = lex_.sectors_starting_with(*form)) {
        for (uint32_t id : *list) {
          const SectorEntry& candidate = lex_.sectors()[id];
          if (candidate.needs_determiner) {
            // "les militaires", "300 militaires", but not "coopération militaire".
            bool has_determiner = i == begin || has_cue(tokens_[i - 1], CueKind::kDefinite) ||
                                  has_cue(tokens_[i - 1], CueKind::kPossessive) ||
                                  has_cue(tokens_[i - 1], CueKind::kPreposition) ||
                                  article_.tokens[i - 1].kind == TokenKind::kNumber || tokens_[i - 1].form == "des" ||
                                  tokens_[i - 1].form == "ces" || tokens_[i - 1].form == "un" ||
                                  tokens_[i - 1].form == "une";
            if (!has_determiner) continue;
          }
          if (match_phrase(candidate.phrase, tokens_, i, end, matched) && matched.back() + 1 > sector_end) {
            sector_end = matched.back() + 1;
            sector = lex_.sectors()[id].sector;
          }
        }
      }
    }
    if (t.mention != kNone && (sector_end == kNone || mentions_[t.mention].type != entities::EntityType::kMisc)) {
      const auto& m = mentions_[t.mention];
      int last = i;
      while (last + 1 < end && tokens_[last + 1].mention == t.mention) ++last;
      if (m.type == entities::EntityType::kMisc) {
        i = last + 1;
        continue;
      }
      phrase.last = last;
      mention_actor(m, phrase.refs);
      phrase.is_region = m.type == entities::EntityType::kLoc && m.country.empty() && !is_country_code(m.ref);
      // English "French troops", "Malian government": a sector noun right after.
      i = last + 1;
    } else if (sector_end != kNone) {
      phrase.last = sector_end - 1;
      phrase.sector = sector;
      int j = sector_end;
      // An adjective or two may sit between the noun and the demonym: "forces armées maliennes".
      std::string country;
      for (int k = i + 1; k < std::min(end, j + 3); ++k) {
        if (tokens_[k].country_cue != kNone) {
          country = cues_[tokens_[k].country_cue].country;
          phrase.last = k;
          break;
        }
        if (k >= j && (tokens_[k].mention != kNone || has_cue(tokens_[k], CueKind::kClauseBreak) ||
                       article_.tokens[k].kind == TokenKind::kPunctuation))
          break;
      }
      std::vector<EventActor> owner;
      // A name inside the sector phrase: "forces de la Minusma" written as one entry.
      for (int k = i; k < sector_end && owner.empty(); ++k)
        if (tokens_[k].mention != kNone && mentions_[tokens_[k].mention].type != entities::EntityType::kMisc)
          mention_actor(mentions_[tokens_[k].mention], owner);
      // "président Assimi Goïta", "le ministre X": a title before a person's name.
      if (country.empty() && owner.empty() && j < end && tokens_[j].mention != kNone &&
          mentions_[tokens_[j].mention].type == entities::EntityType::kPer) {
        int last = j;
        while (last + 1 < end && tokens_[last + 1].mention == tokens_[j].mention) ++last;
        mention_actor(mentions_[tokens_[j].mention], owner);
        phrase.last = last;
      }
      // "l'ambassade de France", "la junte de Bamako", "les forces de la Minusma".
      // Not after a possessive: in "ses soldats du Mali" the owner is the subject.
      bool has_possessive = i > begin && has_cue(tokens_[i - 1], CueKind::kPossessive);
      if (country.empty() && owner.empty() && !has_possessive && j + 1 < end && has_cue(tokens_[j], CueKind::kOfPrep)) {
        int k = j + 1;
        while (k < end && (has_cue(tokens_[k], CueKind::kDefinite))) ++k;
        if (k < end && tokens_[k].mention != kNone && mentions_[tokens_[k].mention].type != entities::EntityType::kPer &&
            mentions_[tokens_[k].mention].type != entities::EntityType::kMisc) {
          int last = k;
          while (last + 1 < end && tokens_[last + 1].mention == tokens_[k].mention) ++last;
          mention_actor(mentions_[tokens_[k].mention], owner);
          phrase.last = last;
        }
      }
      // English demonym or name before the noun: "French troops", "US forces".
      if (country.empty() && owner.empty() && i > begin) {
        if (tokens_[i - 1].country_cue != kNone) {
          country = cues_[tokens_[i - 1].country_cue].country;
          phrase.first = i - 1;
        } else if (lex_.lang() == "en" && tokens_[i - 1].mention != kNone &&
                   !state.phrases.empty() && state.phrases.back().last == i - 1) {
          // Fold the name into this phrase: "Israeli army" -> one actor.
          ActorPhrase previous = state.phrases.back();
          state.phrases.pop_back();
          owner = previous.refs;
          phrase.first = previous.first;
        }
      }
      int before = skip_back_determiners(phrase.first, begin);
      if (phrase.first > begin && has_cue(tokens_[phrase.first - 1], CueKind::kPossessive)) phrase.is_possessive = true;
      bool is_definite = phrase.first > begin && has_cue(tokens_[phrase.first - 1], CueKind::kDefinite);
      (void)before;
      Span span{article_.tokens[phrase.first].span.begin_byte, article_.tokens[phrase.last].span.end_byte};
      if (!country.empty()) {
        phrase.refs.push_back({country, sector, span});
      } else if (!owner.empty()) {
        for (auto& o : owner) {
          o.sector = sector;
          o.span = span;
          phrase.refs.push_back(o);
        }
      } else if (phrase.is_possessive) {
        // Resolved later to the clause subject.
      } else if (sector == "GOV" || sector == "MIL" || sector == "JUD" || sector == "POL") {
        // A state body belongs to some state: the last country named before it in the
        // sentence ("au Niger, où le gouvernement a été renversé"), else the country
        // the article is about ("la junte", "des officiers").
        std::string nearest;
        for (int k = phrase.first - 1; k >= begin && nearest.empty(); --k) {
          if (tokens_[k].mention == kNone) continue;
          const auto& m = mentions_[tokens_[k].mention];
          if (m.type == entities::EntityType::kLoc) nearest = !m.country.empty() ? m.country : (is_country_code(m.ref) ? m.ref : "");
        }
        (void)is_definite;
        std::string country = nearest.empty() ? focus_ : nearest;
        phrase.refs.push_back({country, sector, span});
      } else {
        phrase.refs.push_back({"", sector, span});
      }
      i = phrase.last + 1;
    } else if (t.country_cue != kNone && lex_.lang() == "fr" &&
               entities::starts_upper(article_.tokens[i].span.in(article_.text)) &&
               (i == begin || !entities::starts_upper(article_.tokens[i - 1].span.in(article_.text)))) {
      // French nationality nouns are capitalised, adjectives are not: "aux Russes" is
      // an actor, "les troupes russes" is handled with its noun above.
      phrase.last = i;
      phrase.refs.push_back({cues_[t.country_cue].country, "",
                             Span{article_.tokens[i].span.begin_byte, article_.tokens[i].span.end_byte}});
      ++i;
    } else if (has_cue(t, CueKind::kSubjectPronoun) || has_cue(t, CueKind::kObjectPronoun) ||
               has_cue(t, CueKind::kRelative)) {
      phrase.last = i;
      phrase.is_pronoun = has_cue(t, CueKind::kSubjectPronoun);
      phrase.is_object_pronoun = has_cue(t, CueKind::kObjectPronoun) && !phrase.is_pronoun;
      phrase.is_relative = has_cue(t, CueKind::kRelative) && !phrase.is_pronoun && !phrase.is_object_pronoun;
      if (phrase.is_object_pronoun)
        phrase.refs.push_back({"", "", Span{article_.tokens[i].span.begin_byte, article_.tokens[i].span.end_byte}});
      ++i;
    } else {
      ++i;
      continue;
    }
    // What precedes the phrase decides whether it can be a subject.
    int j = skip_back_determiners(phrase.first, begin);
    // "y compris la France": the cue's first word carries the flags.
    while (j > begin && tokens_[j].is_inside_cue) --j;
    if (j >= begin) {
      const TokenView& p = tokens_[j];
      phrase.is_prepositional = has_cue(p, CueKind::kPreposition);
      phrase.is_agent = has_cue(p, CueKind::kAgentPrep);
      phrase.is_of = has_cue(p, CueKind::kOfPrep);
      phrase.is_locative = has_cue(p, CueKind::kLocativePrep) && phrase.first < static_cast<int>(tokens_.size()) &&
                           tokens_[phrase.first].mention != kNone &&
                           mentions_[tokens_[phrase.first].mention].type == entities::EntityType::kLoc;
    }
    state.phrases.push_back(std::move(phrase));
  }
  // Resolve possessives and pronouns now that the sentence's phrases are known.
  for (auto& phrase : state.phrases) resolve_phrase(phrase, state, sentence_index);
  for (const auto& phrase : state.phrases) {
    if (!phrase.is_prepositional && !phrase.is_locative && !phrase.is_object_pronoun && phrase.has_ref()) {
      state.subject = phrase.refs;
      break;
    }
  }
}

void SentenceCoder::resolve_phrase(ActorPhrase& phrase, const SentenceState& state, int /*sentence_index*/) {
  if (!phrase.is_possessive && !phrase.is_pronoun) return;
  if (!phrase.refs.empty() && phrase.has_ref()) return;
  // The nearest subject-like phrase before it in the sentence, else the last subject.
  std::vector<EventActor> owner;
  for (const auto& other : state.phrases) {
    if (other.first >= phrase.first) break;
    if (!other.is_prepositional && !other.is_locative && !other.is_object_pronoun && !other.is_relative &&
        other.has_ref())
      owner = other.refs;
  }
  if (owner.empty() && !previous_subjects_.empty()) {
    for (auto it = previous_subjects_.rbegin(); it != previous_subjects_.rend() && owner.empty(); ++it) owner = *it;
  }
  Span span{article_.tokens[phrase.first].span.begin_byte, article_.tokens[phrase.last].span.end_byte};
  std::string sector = phrase.sector;
  phrase.refs.clear();
  for (auto o : owner) {
    if (!sector.empty()) o.sector = sector;
    o.span = span;
    phrase.refs.push_back(o);
  }
  if (phrase.refs.empty()) phrase.refs.push_back({"", sector, span});
}

int SentenceCoder::phrase_at(const SentenceState& state, int token) const {
  for (size_t p = 0; p < state.phrases.size(); ++p)
    if (state.phrases[p].first <= token && token <= state.phrases[p].last) return static_cast<int>(p);
  return kNone;
}

// Coordinated phrases act together: "la France ainsi que ses partenaires européens",
// "the United States and Jordan".
std::vector<EventActor> SentenceCoder::group_of(const SentenceState& state, int p) const {
  std::vector<EventActor> out = state.phrases[p].refs;
  auto joined = [&](int a, int b) {  // phrases a < b separated only by coordination or commas
    int k = state.phrases[a].last + 1;
    bool has_coordination = false;
    while (k < state.phrases[b].first) {
      if (has_cue(tokens_[k], CueKind::kCoordination)) {
        has_coordination = true;
        k = std::max(k + 1, tokens_[k].cue_end);
        continue;
      }
      if (tokens_[k].form == "," || has_cue(tokens_[k], CueKind::kDefinite) || has_cue(tokens_[k], CueKind::kPossessive)) {
        ++k;
        continue;
      }
      return false;
    }
    return has_coordination;
  };
  for (int q = p + 1; q < static_cast<int>(state.phrases.size()) && joined(q - 1, q); ++q)
    out.insert(out.end(), state.phrases[q].refs.begin(), state.phrases[q].refs.end());
  for (int q = p - 1; q >= 0 && joined(q, q + 1); --q)
    out.insert(out.begin(), state.phrases[q].refs.begin(), state.phrases[q].refs.end());
  // One entry per ref.
  std::vector<EventActor> unique;
  for (const auto& a : out) {
    bool seen = false;
    for (const auto& u : unique) seen = seen || (u.ref == a.ref && (!a.ref.empty() || u.sector == a.sector));
    if (!seen) unique.push_back(a);
  }
  return unique;
}

// Participants from the dependency tree: the phrase holding the trigger's subject,
// object, agent ("obl:agent") and passive subject. Climbs from an infinitive or
// nominalisation to the verb that governs it when the trigger has no subject of its
// own ("a annoncé le retrait", "a ordonné ... de quitter"). False without syntax.
bool SentenceCoder::syntax_participants(const SentenceState& state, int anchor, int begin, int end, int& subject,
                                        int& object, int& agent, int& passive_subject) const {
  if (!syntax_ || syntax_->tokens.size() != article_.tokens.size()) return false;
  const auto& tree = syntax_->tokens;
  auto child_phrase = [&](int head, std::initializer_list<const char*> relations) {
    for (int k = begin; k < end; ++k) {
      if (tree[k].head != head) continue;
      for (const char* r : relations) {
        if (tree[k].deprel == r) {
          int p = phrase_at(state, k);
          if (p != kNone) return p;
        }
      }
    }
    return kNone;
  };
  subject = child_phrase(anchor, {"nsubj"});
  passive_subject = child_phrase(anchor, {"nsubj:pass"});
  agent = child_phrase(anchor, {"obl:agent"});
  object = child_phrase(anchor, {"obj", "iobj", "obl:arg", "nmod"});
  int node = anchor;
  for (int hops = 0; subject == kNone && passive_subject == kNone && hops < 3; ++hops) {
    int head = tree[node].head;
    if (head < begin || head >= end) break;
    const std::string& rel = tree[node].deprel;
    if (rel != "xcomp" && rel != "conj" && rel != "obj" && rel != "ccomp" && rel != "advcl" && rel != "acl") break;
    subject = child_phrase(head, {"nsubj"});
    node = head;
  }
  return subject != kNone || object != kNone || agent != kNone || passive_subject != kNone;
}

void SentenceCoder::code_sentence(const Sentence& sentence, int sentence_index, SentenceState& state,
                                  std::vector<Event>& out) {
  int begin = static_cast<int>(sentence.first_token);
  int end = begin + static_cast<int>(sentence.token_count);
  const std::string& lang = lex_.lang();
  // Triggers: longest match at each token; matched words are used up.
  struct Match {
    uint32_t entry;
    std::vector<int> tokens;
  };
  std::vector<Match> matches;
  std::vector<bool> is_used(static_cast<size_t>(end - begin), false);
  std::vector<int> matched;
  for (int i = begin; i < end; ++i) {
    if (is_used[i - begin]) continue;
    // Words of a name are not triggers: "Groupe de soutien à l'islam".
    if (tokens_[i].mention != kNone) continue;
    Match best{0, {}};
    for (const std::string* form : {&tokens_[i].form, &tokens_[i].lemma}) {
      if (form->empty()) continue;
      const auto* list = lex_.triggers_starting_with(*form);
      if (!list) continue;
      for (uint32_t id : *list) {
        if (!match_phrase(lex_.triggers()[id].phrase, tokens_, i, end, matched)) continue;
        bool is_free = std::none_of(matched.begin(), matched.end(), [&](int k) { return is_used[k - begin]; });
        if (!is_free) continue;
        // Longest match first; then the tighter one; then the higher prior weight
        // (hand-written entries over generated ones).
        bool is_better = matched.size() > best.tokens.size();
        if (!is_better && matched.size() == best.tokens.size() && !best.tokens.empty()) {
          if (matched.back() < best.tokens.back()) is_better = true;
          else if (matched.back() == best.tokens.back() &&
                   lex_.triggers()[id].weight > lex_.triggers()[best.entry].weight)
            is_better = true;
        }
        if (is_better) best = {id, matched};
      }
    }
    if (best.tokens.empty()) continue;
    for (int k : best.tokens) is_used[k - begin] = true;
    matches.push_back(std::move(best));
  }

  // A determiner before the trigger makes it a nominalisation whatever the entry
  // says: "le retrait de", "l'arrestation d'", "sa suspension".
  auto is_determiner_before = [&](int t0) {
    if (t0 <= begin) return false;
    const TokenView& before = tokens_[t0 - 1];
    return has_cue(before, CueKind::kDefinite) || has_cue(before, CueKind::kPossessive) || before.form == "un" ||
           before.form == "une" || before.form == "cette" || before.form == "ce" || before.form == "cet" ||
           before.form == "ces" || before.form == "du" || before.form == "au" || before.form == "aux" ||
           before.form == "des" || (lang == "en" && (before.form == "a" || before.form == "an"));
  };
  // The object of a sanction, refusal or request is its content, not an event of its
  // own: "a suspendu sa coopération", "a nié ces accusations", "réclame la libération".
  std::vector<bool> is_absorbed(matches.size(), false);
  for (size_t mi = 0; mi + 1 < matches.size(); ++mi) {
    const TriggerEntry& entry = lex_.triggers()[matches[mi].entry];
    bool is_governing = entry.category == "SANCTION" || entry.category == "REJECT" || entry.category == "REQUEST" ||
                        has_cue(tokens_[matches[mi].tokens.front()], CueKind::kNegator);
    int next = matches[mi + 1].tokens.front();
    if (is_governing && next - matches[mi].tokens.back() <= 3 && is_determiner_before(next)) is_absorbed[mi + 1] = true;
  }

  for (size_t mi = 0; mi < matches.size(); ++mi) {
    if (is_absorbed[mi]) continue;
    const Match& match = matches[mi];
    const TriggerEntry& entry = lex_.triggers()[match.entry];
    int t0 = match.tokens.front();
    int tn = match.tokens.back();
    // Clause bounds: actors do not cross ";" or a clause-breaking conjunction.
    int left = begin;
    for (int k = t0 - 1; k >= begin; --k)
      if (has_cue(tokens_[k], CueKind::kClauseBreak)) {
        left = k + 1;
        break;
      }
    int right = end;
    for (int k = tn + 1; k < end; ++k)
      if (has_cue(tokens_[k], CueKind::kClauseBreak)) {
        right = k;
        break;
      }
    // A negating verb that governs another trigger ("a nié s'être tourné vers")
    // negates it instead of being an event of its own.
    bool is_negator = has_cue(tokens_[t0], CueKind::kNegator);
    if (is_negator && mi + 1 < matches.size() && !is_absorbed[mi + 1] && matches[mi + 1].tokens.front() - tn <= 6 &&
        matches[mi + 1].tokens.front() < right)
      continue;

    // A determiner before the trigger makes it a nominalisation whatever the entry
    // says: "le retrait de", "l'arrestation d'", "sa suspension".
    bool is_noun = entry.is_noun || (t0 > left && is_determiner_before(t0));
    // A nominalisation inside a prepositional phrase ("après l'arrestation de") is not
    // done by the clause subject.
    bool is_noun_after_preposition = false;
    if (is_noun) {
      int j = skip_back_determiners(t0, left);
      is_noun_after_preposition = j >= left && has_cue(tokens_[j], CueKind::kPreposition) &&
                                  !has_cue(tokens_[j], CueKind::kOfPrep);
    }
    // A bare past participle after a noun phrase is a reduced passive: "un diplomate
    // français accusé d'espionnage", "des civils tués". Only for acts done to people.
    bool is_reduced_passive = false;
    if (!is_noun && lang == "fr" && (entry.category == "ACCUSE" || entry.category == "COERCE" ||
                                     entry.category == "ASSAULT" || entry.category == "SANCTION")) {
      std::string_view raw = article_.tokens[t0].span.in(article_.text);
      auto ends = [&](std::string_view e) { return raw.size() >= e.size() && raw.substr(raw.size() - e.size()) == e; };
      bool is_participle = ends("\xC3\xA9") || ends("\xC3\xA9" "e") || ends("\xC3\xA9" "s") || ends("\xC3\xA9" "es");
      bool has_auxiliary = false;
      for (int k = std::max(left, t0 - 3); k < t0; ++k) {
        const std::string& f = tokens_[k].form;
        has_auxiliary = has_auxiliary || has_cue(tokens_[k], CueKind::kPassiveAux) || f == "a" || f == "ont" ||
                        f == "avait" || f == "avaient" || f == "ayant" || f == "avoir" || f == "aurait" || f == "eu";
      }
      int p = phrase_at(state, t0 - 1);
      is_reduced_passive = is_participle && !has_auxiliary && p != kNone && !state.phrases[p].is_prepositional;
    }
    // Passive: "ont été critiqués", "a été renversé par", "were attacked by".
    bool is_passive = false;
    if (!is_noun && entry.has_recipient) {
      for (int k = t0 - 1; k >= std::max(left, t0 - 3); --k) {
        if (has_cue(tokens_[k], CueKind::kPassiveAux)) {
          is_passive = true;
          break;
        }
        if (!has_cue(tokens_[k], CueKind::kNegation) && !has_cue(tokens_[k], CueKind::kNegationMarker) &&
            tokens_[k].form != "deja" && tokens_[k].form != "already" && tokens_[k].form != "also" &&
            tokens_[k].form != "egalement")
          break;
      }
      // A reflexive pronoun makes "s'est retiré" active.
      for (int k = t0 - 1; k >= std::max(left, t0 - 3) && is_passive; --k)
        if (tokens_[k].form == "s'" || tokens_[k].form == "se") is_passive = false;
    }

    // Participants.
    int subject = kNone, object = kNone, agent = kNone, of_phrase = kNone, passive_subject = kNone;
    bool used_syntax = syntax_participants(state, t0, begin, end, subject, object, agent, passive_subject);
    if (used_syntax && passive_subject != kNone) is_passive = true;
    if (!used_syntax || (subject == kNone && passive_subject == kNone)) {
      // Nearest subject-like phrase before the trigger within the clause.
      for (int p = static_cast<int>(state.phrases.size()) - 1; p >= 0; --p) {
        const ActorPhrase& ph = state.phrases[p];
        if (ph.last >= t0 || ph.first < left) continue;
        if (ph.is_prepositional || ph.is_locative || ph.is_object_pronoun || ph.is_region) continue;
        if (ph.is_relative) continue;  // "qui": the antecedent before it is the subject
        subject = p;
        break;
      }
      if (is_passive || is_reduced_passive) {
        passive_subject = subject;
        subject = kNone;
        is_passive = true;
      }
      if (is_noun_after_preposition) subject = kNone;
    }
    if (agent == kNone) {
      for (int p = 0; p < static_cast<int>(state.phrases.size()); ++p) {
        const ActorPhrase& ph = state.phrases[p];
        if (ph.first <= tn || ph.first >= right || ph.first > tn + 8) continue;
        if (ph.is_agent) {
          agent = p;
          break;
        }
      }
    }
    if (is_noun) {
      for (int p = 0; p < static_cast<int>(state.phrases.size()); ++p) {
        const ActorPhrase& ph = state.phrases[p];
        if (ph.first <= tn || ph.first > tn + 4 || ph.first >= right) continue;
        if (ph.is_of) of_phrase = p;
        break;
      }
    }
    if (object == kNone && entry.has_recipient) {
      // First phrase after the trigger, not a place, not the agent.
      for (int p = 0; p < static_cast<int>(state.phrases.size()); ++p) {
        const ActorPhrase& ph = state.phrases[p];
        // From the first trigger word: "ordonner à des diplomates de quitter".
        if (ph.first <= t0 || ph.first >= right || ph.first > tn + 12) continue;
        if (p == agent || p == of_phrase || ph.is_locative || ph.is_relative || ph.is_pronoun || ph.is_region ||
            ph.is_object_pronoun)
          continue;
        // "retire ses troupes", "suspendu sa coopération": the actor's own people or
        // things are what moves, not who receives.
        if (ph.is_possessive) continue;
        object = p;
        break;
      }
      // An object pronoun before the verb: "leur a demandé de partir".
      if (object == kNone) {
        for (int p = 0; p < static_cast<int>(state.phrases.size()); ++p) {
          const ActorPhrase& ph = state.phrases[p];
          if (ph.is_object_pronoun && ph.first < t0 && ph.first >= t0 - 3 && ph.first >= left) object = p;
        }
      }
    }

    std::vector<EventActor> actor, recipient;
    if (is_noun) {
      if (entry.of_role == OfRole::kActor && of_phrase != kNone) {
        actor = group_of(state, of_phrase);
      } else if (agent != kNone) {
        actor = group_of(state, agent);
      } else if (subject != kNone) {
        actor = group_of(state, subject);
      }
      if (entry.of_role == OfRole::kRecipient && of_phrase != kNone) {
        recipient = group_of(state, of_phrase);
      } else if (object != kNone && object != of_phrase) {
        recipient = group_of(state, object);
      }
      if (entry.of_role == OfRole::kRecipient && of_phrase != kNone && agent == kNone && subject != kNone)
        actor = group_of(state, subject);
      if (is_noun_after_preposition && agent == kNone && !(entry.of_role == OfRole::kActor && of_phrase != kNone))
        actor.clear();
    } else if (is_passive) {
      if (agent != kNone) actor = group_of(state, agent);
      if (passive_subject != kNone) recipient = group_of(state, passive_subject);
    } else {
      if (subject != kNone) actor = group_of(state, subject);
      if (object != kNone && entry.has_recipient) recipient = group_of(state, object);
    }
    // "attaques djihadistes", "frappes russes": an armed group or a demonym right after
    // the noun is who did it.
    if (is_noun && actor.empty() && tn + 1 < right) {
      int p = phrase_at(state, tn + 1);
      if (p != kNone && state.phrases[p].first == tn + 1 &&
          (state.phrases[p].sector == "REB" || state.phrases[p].sector == "MIL" || state.phrases[p].sector == "MER" ||
           tokens_[tn + 1].country_cue != kNone)) {
        actor = group_of(state, p);
        if (recipient.size() == 1 && object == p) recipient.clear();
      }
    }
    // An object pronoun stands for an earlier participant other than the actor.
    auto resolve_object_pronoun = [&](std::vector<EventActor>& list) {
      if (list.size() != 1 || !list[0].ref.empty()) return;
      if (object == kNone || !state.phrases[object].is_object_pronoun) return;
      std::set<std::string> actor_refs;
      for (const auto& a : actor) actor_refs.insert(a.ref);
      std::vector<EventActor> found;
      for (int p = static_cast<int>(state.phrases.size()) - 1; p >= 0 && found.empty(); --p) {
        const ActorPhrase& ph = state.phrases[p];
        if (ph.first >= t0 || p == object) continue;
        for (const auto& a : ph.refs)
          if (!a.ref.empty() && !actor_refs.count(a.ref)) found.push_back(a);
      }
      for (auto it = previous_subjects_.rbegin(); it != previous_subjects_.rend() && found.empty(); ++it)
        for (const auto& a : *it)
          if (!a.ref.empty() && !actor_refs.count(a.ref)) found.push_back(a);
      if (!found.empty()) list = found;
    };
    resolve_object_pronoun(recipient);
    // Without any subject in the sentence ("Cette décision ..."), a finite verb at the
    // start of a coordinated clause keeps the sentence subject.
    if (actor.empty() && !is_noun && !is_passive && !state.subject.empty() && subject == kNone) {
      for (int k = t0 - 1; k >= std::max(left, t0 - 3); --k)
        if (has_cue(tokens_[k], CueKind::kCoordination)) actor = state.subject;
    }

    Event event;
    event.category = entry.category;
    event.mode = entry.mode;
    // FORMAT.md: a withdrawal of diplomats or staff is SANCTION/withdraw, not RETREAT.
    if (event.category == "RETREAT" && event.mode == "withdraw") {
      bool is_diplomatic = false;
      for (const auto& a : actor) is_diplomatic = is_diplomatic || a.sector == "DIP";
      if (of_phrase != kNone && state.phrases[of_phrase].sector == "DIP") is_diplomatic = true;
      if (is_diplomatic) event.category = "SANCTION";
    }
    event.actor = actor;
    event.recipient = recipient;
    event.sentence_index = static_cast<uint32_t>(sentence_index);
    event.trigger = {article_.tokens[t0].span.begin_byte, article_.tokens[tn].span.end_byte};

    // Context.
    std::set<std::string> context;
    bool is_negated = false;
    for (int k = std::max(left, t0 - 4); k < t0; ++k) {
      if (has_cue(tokens_[k], CueKind::kNegation)) {
        bool has_marker = lang != "fr";
        for (int q = std::max(left, k - 4); q < k && !has_marker; ++q)
          has_marker = has_cue(tokens_[q], CueKind::kNegationMarker);
        if (has_marker) is_negated = true;
      }
    }
    // "ne ... pas" around a simple tense: "ne quitte pas".
    if (lang == "fr" && t0 > left && has_cue(tokens_[t0 - 1], CueKind::kNegationMarker) && tn + 1 < right &&
        has_cue(tokens_[tn + 1], CueKind::kNegation))
      is_negated = true;
    for (int k = std::max(left, t0 - 7); k < t0; ++k)
      if (has_cue(tokens_[k], CueKind::kNegator)) is_negated = true;
    if (is_negated) context.insert("negation");
    bool is_future = false, is_hypothetical = false;
    for (int k = std::max(left, t0 - 6); k < t0; ++k) {
      if (has_cue(tokens_[k], CueKind::kAnnounce) && entry.is_planned) is_future = true;
      if (has_cue(tokens_[k], CueKind::kFuture)) is_future = true;
      if (has_cue(tokens_[k], CueKind::kHypothetical)) is_hypothetical = true;
    }
    if (has_future_ending(tokens_[t0].form, lang)) is_future = true;
    if (has_conditional_ending(tokens_[t0].form, lang)) {
      // In reported speech the conditional is a future in the past: "a déclaré que les
      // soldats reviendraient plus tôt".
      bool is_reported = false;
      for (int k = begin; k < t0; ++k) is_reported = is_reported || tokens_[k].form == "que" || tokens_[k].form == "qu'";
      for (const auto& quote : facts_.quotes)
        if (quote.span.begin_byte <= article_.tokens[t0].span.begin_byte &&
            article_.tokens[t0].span.end_byte <= quote.span.end_byte)
          is_reported = true;
      if (is_reported) is_future = true;
      else is_hypothetical = true;
    }

    // Date: the nearest time expression in the clause; durations only say how long.
    Span clause{article_.tokens[left].span.begin_byte, article_.tokens[right - 1].span.end_byte};
    Span sentence_span = sentence.span;
    const facts::TimeExpression* best_time = nullptr;
    uint32_t best_distance = UINT32_MAX;
    for (const auto& time : facts_.times) {
      if (time.span.begin_byte < sentence_span.begin_byte || time.span.end_byte > sentence_span.end_byte) continue;
      if (time.value.empty() || time.value[0] == 'P' || time.type == "DURATION" || time.type == "SET") continue;
      uint32_t distance = time.span.begin_byte >= event.trigger.end_byte
                              ? time.span.begin_byte - event.trigger.end_byte
                              : (event.trigger.begin_byte >= time.span.end_byte ? event.trigger.begin_byte - time.span.end_byte : 0);
      bool is_in_clause = time.span.begin_byte >= clause.begin_byte && time.span.end_byte <= clause.end_byte;
      if (!is_in_clause) distance += 1000;  // prefer the clause, allow the sentence
      if (distance < best_distance) {
        best_distance = distance;
        best_time = &time;
      }
    }
    if (best_time && best_distance < 1000 + 400) event.date = best_time->value;
    if (event.date == "PRESENT_REF" && !article_.published.empty()) event.date = article_.published.substr(0, 10);
    if (event.date == "FUTURE_REF") is_future = true;
    int published_month = month_index(article_.published);
    int event_month = month_index(event.date);
    if (event_month >= 0 && published_month >= 0) {
      if (published_month - event_month >= 6) context.insert("historical");
      if (event_month > published_month) is_future = true;
    }
    for (int k = left; k < right; ++k)
      if (has_cue(tokens_[k], CueKind::kHistorical)) context.insert("historical");
    if (event.date.empty() && !article_.published.empty() && sentence_index <= 1 && !is_future && !is_hypothetical &&
        !is_negated)
      event.date = article_.published.substr(0, 10);
    if (is_future) context.insert("future");
    if (is_hypothetical) context.insert("hypothetical");
    event.context.assign(context.begin(), context.end());

    // Location: a place after a locative preposition in the clause, else the sentence.
    for (int pass = 0; pass < 2 && event.location.empty(); ++pass) {
      for (const auto& ph : state.phrases) {
        if (!ph.is_locative || ph.refs.empty()) continue;
        bool in_clause = ph.first >= left && ph.last < right;
        if (pass == 0 && !in_clause) continue;
        event.location = ph.refs.front().ref;
        break;
      }
    }
    if (event.location.empty()) {
      // An actor or recipient that is the focus country locates a domestic event.
      for (const auto* list : {&event.recipient, &event.actor})
        for (const auto& a : *list)
          if (event.location.empty() && a.ref == focus_) event.location = focus_;
      // Material events without a place happen where the article is about.
      int quad = plover_quad(event.category);
      if (event.location.empty() && (quad == 2 || quad == 4)) event.location = focus_;
    }

    // A withdrawal with no named recipient is from the place it happens in; an attack
    // with no named target is against the country it happens in.
    bool has_recipient_now = std::any_of(event.recipient.begin(), event.recipient.end(),
                                         [](const EventActor& a) { return !a.ref.empty(); });
    if (((event.category == "RETREAT" && event.mode == "withdraw") || event.category == "ASSAULT") &&
        !has_recipient_now && is_country_code(event.location)) {
      event.recipient.clear();
      bool is_own = false;
      for (const auto& a : event.actor) is_own = is_own || a.ref == event.location;
      if (!is_own) event.recipient.push_back({event.location, "", Span{}});
    }

    // Counts in the clause: "un millier de soldats" -> size, "12 morts" -> dead.
    for (const auto& q : facts_.quantities) {
      if (q.span.begin_byte < clause.begin_byte || q.span.end_byte > clause.end_byte) continue;
      std::string unit = fold_word(q.unit);
      std::string head = unit.substr(0, unit.find(' '));
      TokenView probe;
      probe.form = head;
      auto is_unit = [&](CueKind kind) {
        for (const auto& phrase : lex_.cues(kind))
          if (word_matches(phrase.words.front(), probe)) return true;
        return false;
      };
      if (is_unit(CueKind::kDeadUnit) && !event.dead) event.dead = q.value;
      else if (is_unit(CueKind::kInjuredUnit) && !event.injured) event.injured = q.value;
      else if (is_unit(CueKind::kSizeUnit) && !event.size) event.size = q.value;
    }

    // Reported speech: the event stays, the speaker is recorded.
    for (const auto& quote : facts_.quotes) {
      if (quote.span.begin_byte <= event.trigger.begin_byte && event.trigger.end_byte <= quote.span.end_byte &&
          quote.speaker.has_speaker()) {
        event.reporter = quote.speaker.name;
        event.reporter_span = quote.speaker.span;
        for (const auto& m : mentions_)
          if (!m.ref.empty() && m.span.begin_byte < quote.speaker.span.end_byte &&
              quote.speaker.span.begin_byte < m.span.end_byte)
            event.reporter = m.ref;
        break;
      }
    }

    // Evidence: from the actor phrase (when before the trigger) to the recipient.
    uint32_t ev_begin = event.trigger.begin_byte, ev_end = event.trigger.end_byte;
    for (const auto* list : {&event.actor, &event.recipient})
      for (const auto& a : *list) {
        if (a.span.empty() || a.span.begin_byte < sentence_span.begin_byte || a.span.end_byte > sentence_span.end_byte)
          continue;
        ev_begin = std::min(ev_begin, a.span.begin_byte);
        ev_end = std::max(ev_end, a.span.end_byte);
      }
    event.evidence = {ev_begin, ev_end};

    bool has_actor_ref = std::any_of(actor.begin(), actor.end(), [](const EventActor& a) { return !a.ref.empty(); });
    bool has_recipient_ref =
        std::any_of(recipient.begin(), recipient.end(), [](const EventActor& a) { return !a.ref.empty(); });
    float confidence = entry.weight;
    if (!has_actor_ref) confidence *= entry.category == "ASSAULT" || entry.category == "PROTEST" ? 0.6f : 0.35f;
    if (!has_recipient_ref && entry.has_recipient) confidence *= 0.85f;
    if (used_syntax) confidence = std::min(1.0f, confidence * 1.1f);
    event.confidence = confidence;
    event.score = plover_score(event.category, event.mode);
    out.push_back(std::move(event));
  }
}

// Two triggers of one category close together state one event ("a été renversé par
// un coup d'État", "attaqué et massacré"): the first keeps the participants the other
// found when it has none.
void merge_close_triggers(std::vector<Event>& events, size_t first) {
  constexpr uint32_t kMaxBytesApart = 60;
  for (size_t i = first; i < events.size(); ++i) {
    for (size_t j = i + 1; j < events.size();) {
      bool is_close = events[j].trigger.begin_byte >= events[i].trigger.end_byte &&
                      events[j].trigger.begin_byte - events[i].trigger.end_byte <= kMaxBytesApart;
      if (events[j].category != events[i].category || !is_close) {
        ++j;
        continue;
      }
      auto has_ref = [](const std::vector<EventActor>& list) {
        return std::any_of(list.begin(), list.end(), [](const EventActor& a) { return !a.ref.empty(); });
      };
      if (!has_ref(events[i].actor) && has_ref(events[j].actor)) events[i].actor = events[j].actor;
      if (!has_ref(events[i].recipient) && has_ref(events[j].recipient)) events[i].recipient = events[j].recipient;
      if (events[i].mode.empty()) events[i].mode = events[j].mode;
      events[i].evidence.end_byte = std::max(events[i].evidence.end_byte, events[j].evidence.end_byte);
      events[i].confidence = std::max(events[i].confidence, events[j].confidence);
      events.erase(events.begin() + static_cast<long>(j));
    }
  }
}

std::vector<Event> SentenceCoder::run() {
  build_token_views();
  focus_ = focus_country();
  std::vector<Event> events;
  for (size_t s = 0; s < article_.sentences.size(); ++s) {
    SentenceState state;
    build_phrases(article_.sentences[s], static_cast<int>(s), state);
    size_t first = events.size();
    code_sentence(article_.sentences[s], static_cast<int>(s), state, events);
    merge_close_triggers(events, first);
    if (!state.subject.empty()) previous_subjects_.push_back(state.subject);
    if (previous_subjects_.size() > 3) previous_subjects_.erase(previous_subjects_.begin());
  }
  return events;
}

const struct {
  const char* category;
  const char* mode;
  double score;
} kScores[] = {
    {"AGREE", "", 2.5},          {"CONSULT", "", 2.5},           {"CONSULT", "visit", 4},
    {"CONSULT", "third-party", 1}, {"CONSULT", "multilateral", 4}, {"CONSULT", "phone", 1.5},
    {"SUPPORT", "", 5},          {"CONCEDE", "", 4.5},           {"COOPERATE", "", 9.5},
    {"AID", "", 10},             {"RETREAT", "", 6.5},           {"RETREAT", "withdraw", 8},
    {"RETREAT", "release", 6.5}, {"RETREAT", "disarm", 10},      {"RETREAT", "ceasefire", 7.5},
    {"RETREAT", "access", 6.5},  {"RETREAT", "resign", 4.5},     {"REQUEST", "", 0},
    {"REQUEST", "assist", 0.5},  {"REQUEST", "change", -1},      {"REQUEST", "yield", -1},
    {"REQUEST", "meet", 0},      {"ACCUSE", "", 3},              {"ACCUSE", "disapprove", -2},
    {"ACCUSE", "investigate", -3.5}, {"ACCUSE", "allege", -3.5}, {"REJECT", "", -2},
    {"REJECT", "assist", -1.5},  {"REJECT", "change", -2},       {"REJECT", "yield", -2},
    {"REJECT", "meet", -2},      {"THREATEN", "", -3.5},         {"THREATEN", "restrict", -3},
    {"THREATEN", "arrest", -3.5}, {"THREATEN", "relations", -3.5}, {"THREATEN", "expel", -3.5},
    {"THREATEN", "territory", -4}, {"THREATEN", "violence", -3.5}, {"PROTEST", "", -5},
    {"PROTEST", "demo", -5},     {"PROTEST", "riot", -7},        {"PROTEST", "strike", -5},
    {"PROTEST", "hunger", -4.5}, {"PROTEST", "boycott", -4.5},   {"PROTEST", "obstruct", -4.5},
    {"SANCTION", "", -6},        {"SANCTION", "convict", -6},    {"SANCTION", "expel", -5.5},
    {"SANCTION", "withdraw", -6}, {"SANCTION", "discontinue", -6}, {"MOBILIZE", "", -5.5},
    {"MOBILIZE", "troops", -6.5}, {"MOBILIZE", "weapons", -6.5}, {"MOBILIZE", "police", -5.5},
    {"MOBILIZE", "militia", -6}, {"COERCE", "", -7},             {"COERCE", "seize", -7},
    {"COERCE", "restrict", -7},  {"COERCE", "censor", -6.5},     {"COERCE", "curfew", -6.5},
    {"COERCE", "martial-law", -7.5}, {"COERCE", "arrest", -7},   {"COERCE", "deport", -7},
    {"COERCE", "withhold", -7},  {"COERCE", "misinformation", -6.5}, {"COERCE", "cyber", -7},
    {"ASSAULT", "", -9},         {"ASSAULT", "abduct", -8.5},    {"ASSAULT", "beat", -7.5},
    {"ASSAULT", "torture", -8.5}, {"ASSAULT", "sexual", -8.5},   {"ASSAULT", "targeted", -9.5},
    {"ASSAULT", "destroy", -8.5}, {"ASSAULT", "primitive", -8},  {"ASSAULT", "firearms", -9},
    {"ASSAULT", "explosives", -9}, {"ASSAULT", "suicide-attack", -9.5}, {"ASSAULT", "aerial", -9.5},
    {"ASSAULT", "drone", -9.5},  {"ASSAULT", "heavy-weapons", -9.5}, {"ASSAULT", "crowd-control", -7.5},
    {"ASSAULT", "unconventional", -10},
};

}  // namespace

bool is_plover_category(std::string_view category) {
  return plover_quad(category) != 0;
}

int plover_quad(std::string_view c) {
  if (c == "AGREE" || c == "CONSULT" || c == "SUPPORT" || c == "CONCEDE") return 1;
  if (c == "COOPERATE" || c == "AID" || c == "RETREAT") return 2;
  if (c == "REQUEST" || c == "ACCUSE" || c == "REJECT" || c == "THREATEN") return 3;
  if (c == "PROTEST" || c == "SANCTION" || c == "MOBILIZE" || c == "COERCE" || c == "ASSAULT") return 4;
  return 0;
}

double plover_score(std::string_view category, std::string_view mode) {
  double fallback = 0;
  for (const auto& s : kScores) {
    if (category != s.category) continue;
    if (mode == s.mode) return s.score;
    if (*s.mode == '\0') fallback = s.score;
  }
  return fallback;
}

EventCoder::EventCoder(EventOptions options, std::vector<std::unique_ptr<EventLexicon>> lexicons)
    : options_(std::move(options)), lexicons_(std::move(lexicons)) {}

EventCoder::~EventCoder() = default;

Result<std::unique_ptr<EventCoder>> EventCoder::load(const EventOptions& options) {
  fs::path dir;
  if (!options.models_dir.empty()) {
    dir = fs::path(options.models_dir);
  } else {
    auto found = find_model_file("events/triggers.fr.txt");
    if (!found) return found.error();
    dir = fs::path(found.value()).parent_path();
  }
  std::vector<std::unique_ptr<EventLexicon>> lexicons;
  for (const std::string& lang : options.languages) {
    auto lexicon = std::make_unique<EventLexicon>(lang);
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      std::string suffix = "." + lang + ".txt";
      if (entry.is_regular_file() && name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        files.push_back(entry.path());
    }
    if (ec) return make_error(ErrorKind::kIo, dir.string(), "cannot list events lexicons: " + ec.message());
    if (files.empty())
      return make_error(ErrorKind::kIo, dir.string(), "no events lexicon for language \"" + lang + "\" (*." + lang + ".txt)");
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      Status status = lexicon->add_file(file.string(), file.string());
      if (!status) return status.error();
    }
    // User files: "name.fr.txt" go to French, "name.en.txt" to English, others to all.
    for (const std::string& file : options.extra_files) {
      std::string name = fs::path(file).filename().string();
      bool is_other_lang = false;
      for (const std::string& other : options.languages) {
        std::string suffix = "." + other + ".txt";
        if (other != lang && name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
          is_other_lang = true;
      }
      if (is_other_lang) continue;
      Status status = lexicon->add_file(file, file);
      if (!status) return status.error();
    }
    lexicons.push_back(std::move(lexicon));
  }
  if (lexicons.empty()) return make_error(ErrorKind::kUsage, "", "no language asked for");
  return std::unique_ptr<EventCoder>(new EventCoder(options, std::move(lexicons)));
}

const EventLexicon& EventCoder::lexicon(std::string_view lang) const {
  for (const auto& lexicon : lexicons_)
    if (lexicon->lang() == lang) return *lexicon;
  for (const auto& lexicon : lexicons_)
    if (lexicon->lang() == "fr") return *lexicon;
  return *lexicons_.front();
}

std::vector<Event> EventCoder::code(const Article& article, const syntax::ArticleSyntax* syntax,
                                    const std::vector<entities::Mention>& mentions,
                                    const std::vector<entities::CountryCue>& cues,
                                    const facts::ArticleFacts& facts) const {
  const EventLexicon& lex = lexicon(article.lang == "en" ? "en" : "fr");
  SentenceCoder coder(lex, article, syntax, mentions, cues, facts);
  std::vector<Event> events = coder.run();
  std::vector<Event> kept;
  for (auto& event : events) {
    if (event.confidence < options_.min_confidence) continue;
    if (options_.future_cooperation_as_agree &&
        (event.category == "CONSULT" || event.category == "SUPPORT" || event.category == "COOPERATE" ||
         event.category == "AID")) {
      auto it = std::find(event.context.begin(), event.context.end(), "future");
      if (it != event.context.end()) {
        event.context.erase(it);
        event.category = "AGREE";
        event.mode.clear();
        event.score = plover_score(event.category, event.mode);
      }
    }
    // GUIDELINES: hypotheticals ("si notre citoyen n'est pas libéré") are not events.
    if (!options_.keep_hypothetical &&
        std::find(event.context.begin(), event.context.end(), "hypothetical") != event.context.end())
      continue;
    if (options_.merge_repeats) {
      bool is_repeat = false;
      for (auto& k : kept) {
        if (k.category == event.category && k.mode == event.mode && refs_of(k.actor) == refs_of(event.actor) &&
            refs_of(k.recipient) == refs_of(event.recipient) &&
            (k.date == event.date || k.date.empty() || event.date.empty()) && k.context == event.context) {
          is_repeat = true;
          if (k.date.empty()) k.date = event.date;
          break;
        }
      }
      if (is_repeat) continue;
    }
    kept.push_back(std::move(event));
  }
  return kept;
}

}  // namespace vigie::events
