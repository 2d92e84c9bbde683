#pragma once
// The word lists behind the three extractors, one set per language, read from
// models/facts/<name>.<lang>.txt (format: docs/FACTS.md). Each file starts with
// "# vigie-facts v<N>"; "[section]" lines open a section; other lines are entries of
// TAB-separated fields whose first field is a word or a phrase. Phrases are split with
// the facts lexer, so "jusqu'à" and "a-t-il" match exactly as text tokens do.
//
// Built once, read-only afterwards: safe to share between threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "facts/fact_lexer.h"

namespace vigie::facts {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  size_t operator()(const std::string& s) const noexcept { return std::hash<std::string_view>{}(s); }
  size_t operator()(const FoldedWord& s) const noexcept { return s.hash; }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
template <typename V>
using WordMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// A lexicon file parsed into sections; each entry is its TAB-separated fields.
struct LexiconFile {
  std::string name;  // "facts/numbers.fr.txt"
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> sections;
  const std::vector<std::vector<std::string>>& section(const std::string& name) const;
};

Result<LexiconFile> parse_facts_lexicon(std::string_view content, const std::string& file);

// Multi-token phrases, looked up by their first folded token.
class PhraseTable {
 public:
  struct Phrase {
    std::vector<std::string> words;  // folded tokens
    std::vector<std::string> fields;  // the entry's other fields
  };
  void add(std::vector<std::string> words, std::vector<std::string> fields);
  // The longest phrase starting at tokens[i] (nullptr when none); sets `length`.
  const Phrase* match(const std::vector<LexToken>& tokens, size_t i, size_t end, size_t& length) const;
  bool empty() const { return by_first_.empty(); }

 private:
  WordMap<std::vector<Phrase>> by_first_;  // longest first
};

enum class NumberWordKind : uint8_t {
  kUnit,        // "six", "quarante", "forty"
  kMultiplier,  // "cent", "hundred"
  kThousand,    // "mille", "thousand"
  kScale,       // "million", "milliard", "billion": "2,5 millions de"
  kApproxNoun,  // "millier", "soixantaine", "dozen": "un millier de"
  kVague,       // "milliers", "dizaines", "hundreds": value..max, needs "de"/"of"
  kArticle,     // "un", "une", "a": 1 only before a multiplier, scale or noun above
};

struct NumberWord {
  NumberWordKind kind = NumberWordKind::kUnit;
  double value = 0;
  double max_value = 0;  // kVague
};

struct LanguageLexicon {
  std::string lang;
  LexerConfig lexer;

  // numbers.<lang>.txt
  WordMap<NumberWord> number_words;
  WordSet number_joiners;  // "et", "and" inside "vingt et un", "one hundred and five"
  PhraseTable bounds;      // "près de" -> approx, "plus de" -> min, "jusqu'à" -> max
  WordSet range_openers;   // "entre", "between", "de", "from"
  WordSet range_joiners;   // "et", "à", "and", "to", "-"
  WordSet linkers;         // "de", "d'", "des", "of"
  WordSet function_words;  // never a counted noun
  WordSet unit_modifiers;  // skipped before the counted noun ("other", "local")
  PhraseTable percent;     // "%", "pour cent", "percent"
  WordSet time_units;      // "ans", "mois", "h": a count of them is a duration, not a quantity
  PhraseTable currencies;  // "euros" -> EUR, "€" -> EUR euros, "francs CFA" -> XOF

  // times.<lang>.txt
  WordMap<int> months;       // 1..12
  WordMap<int> weekdays;     // ISO: 1 = Monday
  WordMap<std::string> seasons;  // "été" -> SU
  PhraseTable day_offsets;   // "hier" -> -1, "aujourd'hui" -> 0
  PhraseTable day_parts;     // "soir" -> EV, "matin" -> MO, "midi" -> T12:00
  WordMap<std::vector<std::string>> duration_units;  // "ans" -> {Y, 1}, "décennie" -> {Y, 10}
  WordSet past_modifiers;    // "dernier", "last", "passé"
  WordSet next_modifiers;    // "prochain", "next"
  WordSet this_modifiers;    // "ce", "cet", "cette", "this"
  PhraseTable refs;          // "désormais" -> PRESENT_REF, "ces derniers mois" -> PAST_REF
  PhraseTable point_preps;   // "en", "depuis", "jusqu'à", "le", "in", "since", "on"
  PhraseTable duration_preps;  // "pendant", "pour", "depuis", "for", "during"
  PhraseTable ago_before;    // "il y a"
  WordSet ago_after;         // "ago"
  PhraseTable earlier_later; // "plus tôt", "earlier": kept in the span
  PhraseTable coming;        // "prochains", "coming", "next": "dans les six prochains mois"
  PhraseTable part_of;       // "début", "fin", "mi-", "early", "late": "fin 2020" -> 2020
  WordSet clock_hours;       // "h", "heures" after a number: "22 h"
  WordSet future_words;      // "va", "vont", "will": future context for weekdays
  std::vector<std::string> future_suffixes;  // "ra", "ront", "rons"
  WordSet vague_quantifiers; // "des", "plusieurs", "quelques", "several": "depuis des mois" -> PXM
  WordSet year_words;        // "année", "an": "l'année 2001"
  PhraseTable decade_words;  // "les années", "the": "les années 60" -> 196X
  WordSet century_words;     // "siècle", "century"

  // speech.<lang>.txt
  WordMap<std::string> speech_verbs;  // form -> lemma ("déclaré" -> déclarer)
  WordSet clause_verbs;               // lemmas whose complement may be an infinitive or a bare clause
  PhraseTable according;              // "selon", "d'après", "according to"
  PhraseTable according_relative;     // "selon laquelle": the speaker is the noun before
  WordSet complementizers;            // "que", "qu'", "that"
  WordMap<std::string> pronouns;      // "il" -> m, "-t-elle" -> f, "ils" -> p, "he" -> m
  WordSet auxiliaries;                // "a", "ont", "avait", "has", "had"
  WordSet adverbs;                    // skipped between auxiliary and participle ("également")
  WordSet determiners;                // start of a description: "le", "une", "the"
  WordSet honorifics;                 // "m", "mme", "mr", "dr": before a name, not part of it
  WordSet title_nouns;                // "ministre", "porte-parole": an apposition is a title
  WordSet name_particles;             // "de", "van", "al", "ben": inside a name
  WordSet speaker_stops;              // "devant", "lors", "à": end a speaker after its verb
  WordSet non_name_capitals;          // sentence-initial words that are never names
};

// All languages' lexicons plus the shared currency list.
class FactLexicons {
 public:
  static Result<std::unique_ptr<FactLexicons>> load(const std::vector<std::string>& languages);
  // Test hook: builds one language from file contents (`files` maps "numbers", "times",
  // "speech" to text).
  static Result<LanguageLexicon> build_language(const std::string& lang,
                                                const std::unordered_map<std::string, std::string>& files);

  const LanguageLexicon& for_language(std::string_view lang) const;

 private:
  std::vector<LanguageLexicon> languages_;
};

}  // namespace vigie::facts
