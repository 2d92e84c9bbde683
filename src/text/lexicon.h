#pragma once
// Word lists the tokeniser and sentence splitter consult, one set per language.
// Files live in models/lexicons/ (abbreviations.<lang>.txt, elisions.<lang>.txt,
// clitics.<lang>.txt); each starts with "# vigie-lexicon v1" and the syntax is
// described at the top of models/lexicons/abbreviations.fr.txt. A language with no
// file simply has an empty list; adding a language means adding its files.

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace vigie::text {

inline constexpr int kLexiconFormatVersion = 1;

struct LexiconEntry {
  std::string text;           // as written, without the leading "!"
  bool is_exclusion = false;  // "!entry": remove it / keep the word whole
  bool is_final = false;      // "<TAB>final": may also end a sentence
};

// Parses a lexicon file's content. `file` names it in errors. Fails when the magic
// line is missing or the version is newer than kLexiconFormatVersion.
Result<std::vector<LexiconEntry>> parse_lexicon(std::string_view content, const std::string& file);

// The rules of one language, built once per TextProcessor and read-only afterwards
// (safe to share between threads). Strings are stored with ’ folded to ' and, for
// elisions and clitics, in lower case: look them up through the helpers below.
struct LanguageRules {
  std::unordered_set<std::string> abbreviations;        // "M.", "etc.", "J.-C."
  std::unordered_set<std::string> final_abbreviations;  // "etc.": may end a sentence
  size_t longest_abbreviation_bytes = 0;
  std::unordered_set<std::string> elisions;             // "l'", "qu'"
  std::unordered_set<std::string> elision_exceptions;   // "presqu'île"
  std::vector<std::string> hyphen_clitics;              // "-t-il", "-moi": longest first
  std::unordered_set<std::string> clitic_exceptions;    // "rendez-vous"
  std::vector<std::string> apostrophe_clitics;          // "n't", "'s": longest first

  bool is_abbreviation(std::string_view token) const;
  bool is_final_abbreviation(std::string_view token) const;
};

// Loads the lexicons of `lang` ("fr", "en", ...) and merges ICU's CLDR sentence-break
// suppressions for that locale into the abbreviations. An "und" or unknown language
// gets the union of the French and English rules. Fails only on a malformed or too
// new lexicon file; a missing file is an empty list.
Result<LanguageRules> load_language_rules(const std::string& lang);

// Builds rules from already-read lexicon entries (tests use this; so does the loader).
void add_abbreviations(LanguageRules& rules, const std::vector<LexiconEntry>& entries);
void add_elisions(LanguageRules& rules, const std::vector<LexiconEntry>& entries);
void add_clitics(LanguageRules& rules, const std::vector<LexiconEntry>& entries);
void finish_rules(LanguageRules& rules);  // sorts the clitic lists longest first

// ’ (U+2019) and ʼ (U+02BC) become ', ASCII letters become lower case; other bytes
// are kept. Enough for matching the lexicon entries, which are ASCII apart from
// accented letters that are already lower case.
std::string fold_for_lexicon(std::string_view text);

}  // namespace vigie::text
