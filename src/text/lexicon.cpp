// Lexicon files: "# vigie-lexicon v<N>" on the first line, then one entry a line,
// "#" comments, "!entry" exclusions and an optional "<TAB>final" flag. The CLDR
// suppressions come from ICU's own break-iterator data ("brkitr/<lang>",
// exceptions/SentenceBreak), the list FilteredBreakIteratorBuilder would use.
#include "text/lexicon.h"

#include <unicode/ures.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <charconv>

#include "core/model_files.h"

namespace vigie::text {
namespace {

constexpr std::string_view kMagic = "# vigie-lexicon v";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_all_lower_ascii_letters(std::string_view s) {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') return false;
  return true;
}

// CLDR's suppressions for `lang` (empty when ICU has none for it).
std::vector<LexiconEntry> cldr_suppressions(const std::string& lang) {
  std::vector<LexiconEntry> entries;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_openDirect(U_ICUDATA_NAME "-brkitr", lang.c_str(), &status);
  UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* sentence = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  while (U_SUCCESS(status) && ures_hasNext(sentence)) {
    int32_t length = 0;
    const UChar* s = ures_getNextString(sentence, &length, nullptr, &status);
    if (U_FAILURE(status)) break;
    char utf8[256];
    int32_t utf8_length = 0;
    u_strToUTF8(utf8, sizeof utf8, &utf8_length, s, length, &status);
    if (U_SUCCESS(status) && utf8_length < static_cast<int32_t>(sizeof utf8))
      entries.push_back({std::string(utf8, utf8_length)});
  }
  ures_close(sentence);
  ures_close(exceptions);
  ures_close(bundle);
  return entries;
}

// Reads lexicons/<name>.<lang>.txt; a missing file is an empty list.
Result<std::vector<LexiconEntry>> read_lexicon(const std::string& name, const std::string& lang) {
  std::string relative = "lexicons/" + name + "." + lang + ".txt";
  if (!find_model_file(relative)) return std::vector<LexiconEntry>{};
  auto content = read_model_file(relative);
  if (!content) return content.error();
  return parse_lexicon(content.value(), relative);
}

void sort_longest_first(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void merge_into(LanguageRules& into, const LanguageRules& from) {
  into.abbreviations.insert(from.abbreviations.begin(), from.abbreviations.end());
  into.final_abbreviations.insert(from.final_abbreviations.begin(), from.final_abbreviations.end());
  into.elisions.insert(from.elisions.begin(), from.elisions.end());
  into.elision_exceptions.insert(from.elision_exceptions.begin(), from.elision_exceptions.end());
  into.hyphen_clitics.insert(into.hyphen_clitics.end(), from.hyphen_clitics.begin(), from.hyphen_clitics.end());
  into.clitic_exceptions.insert(from.clitic_exceptions.begin(), from.clitic_exceptions.end());
  into.apostrophe_clitics.insert(into.apostrophe_clitics.end(), from.apostrophe_clitics.begin(),
                                 from.apostrophe_clitics.end());
}

}  // namespace

std::string fold_for_lexicon(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' && text[i + 2] == '\x99') {
      out += '\'';  // ’
      i += 2;
    } else if (c == 0xCA && i + 1 < text.size() && text[i + 1] == '\xBC') {
      out += '\'';  // ʼ
      i += 1;
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
    }
  }
  return out;
}

Result<std::vector<LexiconEntry>> parse_lexicon(std::string_view content, const std::string& file) {
  size_t first_end = content.find('\n');
  std::string_view first = trim(content.substr(0, first_end));
  if (first.substr(0, kMagic.size()) != kMagic)
    return make_error(ErrorKind::kInvalidInput, file,
                      "not a vigie lexicon: the first line must be \"# vigie-lexicon v1\"", "1");
  std::string_view version_text = first.substr(kMagic.size());
  int version = 0;
  auto [ptr, ec] = std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
  if (ec != std::errc() || version < 1)
    return make_error(ErrorKind::kInvalidInput, file, "unreadable lexicon version \"" + std::string(version_text) + "\"",
                      "1");
  if (version > kLexiconFormatVersion)
    return make_error(ErrorKind::kUnsupportedVersion, file,
                      "lexicon format v" + std::to_string(version) + " is newer than this build (reads v" +
                          std::to_string(kLexiconFormatVersion) + "); rebuild vigie from the same checkout as models/",
                      "1");

  std::vector<LexiconEntry> entries;
  size_t pos = first_end == std::string_view::npos ? content.size() : first_end + 1;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line).front() == '#') continue;
    LexiconEntry entry;
    size_t tab = line.find('\t');
    if (tab != std::string_view::npos) {
      entry.is_final = trim(line.substr(tab + 1)) == "final";
      line = line.substr(0, tab);
    }
    line = trim(line);
    if (line.front() == '!') {
      entry.is_exclusion = true;
      line.remove_prefix(1);
    }
    entry.text = std::string(line);
    if (!entry.text.empty()) entries.push_back(std::move(entry));
  }
  return entries;
}

bool LanguageRules::is_abbreviation(std::string_view token) const {
  if (abbreviations.count(std::string(token)) != 0) return true;
  // "Cf." and "Etc." at the start of a sentence match the lower-case entries.
  if (!token.empty() && token[0] >= 'A' && token[0] <= 'Z') {
    std::string lowered(token);
    lowered[0] = static_cast<char>(lowered[0] + 32);
    return is_all_lower_ascii_letters(lowered) && abbreviations.count(lowered) != 0;
  }
  return false;
}

bool LanguageRules::is_final_abbreviation(std::string_view token) const {
  std::string key(token);
  if (final_abbreviations.count(key) != 0) return true;
  if (!key.empty() && key[0] >= 'A' && key[0] <= 'Z') {
    key[0] = static_cast<char>(key[0] + 32);
    return final_abbreviations.count(key) != 0;
  }
  return false;
}

void add_abbreviations(LanguageRules& rules, const std::vector<LexiconEntry>& entries) {
  for (const auto& entry : entries) {
    // "av. J.-C." and "p. ex." are looked up piece by piece, as the tokeniser sees them.
    std::string_view rest = entry.text;
    while (!rest.empty()) {
      size_t space = rest.find(' ');
      std::string piece(rest.substr(0, space));
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
      if (piece.empty()) continue;
      if (entry.is_exclusion) {
        rules.abbreviations.erase(piece);
        rules.final_abbreviations.erase(piece);
        continue;
      }
      rules.abbreviations.insert(piece);
      if (entry.is_final) rules.final_abbreviations.insert(piece);
      rules.longest_abbreviation_bytes = std::max(rules.longest_abbreviation_bytes, piece.size());
    }
  }
}

void add_elisions(LanguageRules& rules, const std::vector<LexiconEntry>& entries) {
  for (const auto& entry : entries) {
    std::string folded = fold_for_lexicon(entry.text);
    (entry.is_exclusion ? rules.elision_exceptions : rules.elisions).insert(folded);
  }
}

void add_clitics(LanguageRules& rules, const std::vector<LexiconEntry>& entries) {
  for (const auto& entry : entries) {
    std::string folded = fold_for_lexicon(entry.text);
    if (entry.is_exclusion)
      rules.clitic_exceptions.insert(folded);
    else if (folded.front() == '-')
      rules.hyphen_clitics.push_back(folded);
    else
      rules.apostrophe_clitics.push_back(folded);
  }
}

void finish_rules(LanguageRules& rules) {
  sort_longest_first(rules.hyphen_clitics);
  sort_longest_first(rules.apostrophe_clitics);
}

Result<LanguageRules> load_language_rules(const std::string& lang) {
  LanguageRules rules;
  bool has_any_file = false;
  auto abbreviations = read_lexicon("abbreviations", lang);
  if (!abbreviations) return abbreviations.error();
  auto elisions = read_lexicon("elisions", lang);
  if (!elisions) return elisions.error();
  auto clitics = read_lexicon("clitics", lang);
  if (!clitics) return clitics.error();
  has_any_file = !abbreviations->empty() || !elisions->empty() || !clitics->empty();

  if (!has_any_file && lang != "fr" && lang != "en") {
    // No lexicon for this language: French and English lists are the best guess for
    // "und" and for Latin-script text in a language we do not cover yet.
    for (const char* fallback : {"fr", "en"}) {
      auto part = load_language_rules(fallback);
      if (!part) return part.error();
      merge_into(rules, part.value());
    }
    add_abbreviations(rules, cldr_suppressions(lang));
    finish_rules(rules);
    return rules;
  }
  // CLDR first, so that the "!entry" lines of our own file can remove its common words.
  add_abbreviations(rules, cldr_suppressions(lang));
  add_abbreviations(rules, abbreviations.value());
  add_elisions(rules, elisions.value());
  add_clitics(rules, clitics.value());
  finish_rules(rules);
  return rules;
}

}  // namespace vigie::text
