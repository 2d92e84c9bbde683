// Reading models/facts/*.txt (docs/FACTS.md) into the per-language tables.
#include "facts/facts_lexicon.h"

#include <algorithm>
#include <charconv>

#include "core/model_files.h"
#include "facts/fact_extractor.h"

namespace vigie::facts {
namespace {

constexpr std::string_view kMagic = "# vigie-facts v";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

double to_double(const std::string& s) {
  try {
    return std::stod(s);
  } catch (...) {
    return 0;
  }
}

// Folded tokens of a lexicon phrase, cut by the same lexer as the text.
std::vector<std::string> phrase_words(const std::string& phrase, const LexerConfig& config) {
  std::vector<std::string> words;
  // A phrase ending in an elision ("près d'", "l'") is cut as it would be before a
  // word: lex it with a letter after and drop that letter's token.
  bool ends_with_elision = !phrase.empty() && (phrase.back() == '\'' || phrase.ends_with("\xE2\x80\x99"));
  std::string input = ends_with_elision ? phrase + "a" : phrase;
  for (const LexToken& t : lex(input, config)) words.push_back(t.folded);
  if (ends_with_elision && !words.empty()) words.pop_back();
  return words;
}

void fill_set(WordSet& set, const LexiconFile& file, const std::string& section) {
  for (const auto& entry : file.section(section)) set.insert(fold_text(entry[0]));
}

void fill_phrases(PhraseTable& table, const LexiconFile& file, const std::string& section,
                  const LexerConfig& config) {
  for (const auto& entry : file.section(section)) {
    auto words = phrase_words(entry[0], config);
    if (words.empty()) continue;
    table.add(std::move(words), std::vector<std::string>(entry.begin() + 1, entry.end()));
  }
}

// French first-group verbs listed by infinitive get their usual forms: "déclarer" ->
// déclare, déclarent, déclaré(e)(s), déclarait, déclaraient, déclarant, déclarera...
void add_regular_er(WordMap<std::string>& verbs, const std::string& infinitive) {
  if (infinitive.size() < 3 || !infinitive.ends_with("er")) return;
  std::string stem = infinitive.substr(0, infinitive.size() - 2);
  static const char* kEndings[] = {"e",   "es",    "ent",  "\xC3\xA9", "\xC3\xA9" "e", "\xC3\xA9" "s",
                                   "\xC3\xA9" "es", "ait", "aient", "ant", "era", "eront", "ai", "a",
                                   "\xC3\xA8rent", "er"};
  for (const char* ending : kEndings) verbs.emplace(stem + ending, infinitive);
}

}  // namespace

const std::vector<std::vector<std::string>>& LexiconFile::section(const std::string& section_name) const {
  static const std::vector<std::vector<std::string>> kEmpty;
  auto it = sections.find(section_name);
  return it == sections.end() ? kEmpty : it->second;
}

Result<LexiconFile> parse_facts_lexicon(std::string_view content, const std::string& file) {
  LexiconFile out;
  out.name = file;
  size_t eol = content.find('\n');
  std::string_view first = trim(content.substr(0, eol));
  if (!first.starts_with(kMagic))
    return make_error(ErrorKind::kInvalidInput, file,
                      "not a vigie facts lexicon: the first line must be \"# vigie-facts v1\"", "1");
  int version = 0;
  std::string_view digits = first.substr(kMagic.size());
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || version <= 0)
    return make_error(ErrorKind::kInvalidInput, file, "unreadable format version \"" + std::string(digits) + "\"",
                      "1");
  if (version > kFactsLexiconFormatVersion)
    return make_error(ErrorKind::kUnsupportedVersion, file,
                      "format version " + std::to_string(version) + " is newer than this build reads (" +
                          std::to_string(kFactsLexiconFormatVersion) +
                          "); update vigie or restore models/facts/ from the same commit as the binary",
                      "1");
  std::string current = "";
  size_t line_number = 1;
  size_t pos = eol == std::string_view::npos ? content.size() : eol + 1;
  while (pos < content.size()) {
    ++line_number;
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = trim(content.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        return make_error(ErrorKind::kInvalidInput, file, "section header \"" + std::string(line) + "\" lacks ']'",
                          std::to_string(line_number));
      current = std::string(line.substr(1, line.size() - 2));
      continue;
    }
    if (current.empty())
      return make_error(ErrorKind::kInvalidInput, file, "entry before the first [section]",
                        std::to_string(line_number));
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.emplace_back(trim(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    out.sections[current].push_back(std::move(fields));
  }
  return out;
}

void PhraseTable::add(std::vector<std::string> words, std::vector<std::string> fields) {
  auto& list = by_first_[words[0]];
  list.push_back({std::move(words), std::move(fields)});
  std::stable_sort(list.begin(), list.end(),
                   [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
}

const PhraseTable::Phrase* PhraseTable::match(const std::vector<LexToken>& tokens, size_t i, size_t end,
                                              size_t& length) const {
  if (i >= end) return nullptr;
  auto it = by_first_.find(tokens[i].folded);
  if (it == by_first_.end()) return nullptr;
  for (const Phrase& phrase : it->second) {
    if (i + phrase.words.size() > end) continue;
    bool ok = true;
    for (size_t k = 1; k < phrase.words.size() && ok; ++k) ok = tokens[i + k].folded == phrase.words[k];
    if (ok) {
      length = phrase.words.size();
      return &phrase;
    }
  }
  return nullptr;
}

Result<LanguageLexicon> FactLexicons::build_language(const std::string& lang,
                                                     const std::unordered_map<std::string, std::string>& files) {
  LanguageLexicon lx;
  lx.lang = lang;
  std::unordered_map<std::string, LexiconFile> parsed;
  for (const auto& [name, content] : files) {
    auto file = parse_facts_lexicon(content, "facts/" + name + "." + lang + ".txt");
    if (!file) return file.error();
    parsed.emplace(name, std::move(file.value()));
  }
  static const LexiconFile kEmpty;
  auto get = [&](const std::string& name) -> const LexiconFile& {
    auto it = parsed.find(name);
    return it == parsed.end() ? kEmpty : it->second;
  };
  const LexiconFile& numbers = get("numbers");
  const LexiconFile& times = get("times");
  const LexiconFile& speech = get("speech");
  const LexiconFile& lexer = get("lexer");

  // The lexer's own lists come first: phrases are cut with them.
  for (const auto& e : lexer.section("settings"))
    if (e.size() >= 2 && e[0] == "decimal_mark") lx.lexer.comma_is_decimal = e[1] == ",";
  for (const auto& e : lexer.section("elisions")) lx.lexer.elisions.insert(fold_text(e[0]));
  for (const auto& e : lexer.section("abbreviations")) lx.lexer.abbreviations.insert(fold_text(e[0]));
  const LexerConfig& cfg = lx.lexer;

  for (const auto& e : numbers.section("number_words")) {
    if (e.size() < 3) continue;
    NumberWord w;
    const std::string& kind = e[2];
    if (kind == "unit") w.kind = NumberWordKind::kUnit;
    else if (kind == "multiplier") w.kind = NumberWordKind::kMultiplier;
    else if (kind == "thousand") w.kind = NumberWordKind::kThousand;
    else if (kind == "scale") w.kind = NumberWordKind::kScale;
    else if (kind == "approx") w.kind = NumberWordKind::kApproxNoun;
    else if (kind == "vague") w.kind = NumberWordKind::kVague;
    else if (kind == "article") w.kind = NumberWordKind::kArticle;
    else
      return make_error(ErrorKind::kInvalidInput, numbers.name, "unknown number word kind \"" + kind + "\"");
    w.value = to_double(e[1]);
    if (e.size() >= 4) w.max_value = to_double(e[3]);
    lx.number_words[fold_text(e[0])] = w;
  }
  fill_set(lx.number_joiners, numbers, "joiners");
  fill_phrases(lx.bounds, numbers, "bounds", cfg);
  fill_set(lx.range_openers, numbers, "range_openers");
  fill_set(lx.range_joiners, numbers, "range_joiners");
  fill_set(lx.linkers, numbers, "linkers");
  fill_set(lx.function_words, numbers, "function_words");
  fill_set(lx.unit_modifiers, numbers, "unit_modifiers");
  fill_phrases(lx.percent, numbers, "percent", cfg);
  fill_set(lx.time_units, numbers, "time_units");
  fill_phrases(lx.currencies, numbers, "currencies", cfg);

  for (const auto& e : times.section("months"))
    if (e.size() >= 2) lx.months[fold_text(e[0])] = static_cast<int>(to_double(e[1]));
  for (const auto& e : times.section("weekdays"))
    if (e.size() >= 2) lx.weekdays[fold_text(e[0])] = static_cast<int>(to_double(e[1]));
  for (const auto& e : times.section("seasons"))
    if (e.size() >= 2) lx.seasons[fold_text(e[0])] = e[1];
  fill_phrases(lx.day_offsets, times, "day_offsets", cfg);
  fill_phrases(lx.day_parts, times, "day_parts", cfg);
  for (const auto& e : times.section("duration_units"))
    lx.duration_units[fold_text(e[0])] = std::vector<std::string>(e.begin() + 1, e.end());
  fill_set(lx.past_modifiers, times, "past_modifiers");
  fill_set(lx.next_modifiers, times, "next_modifiers");
  fill_set(lx.this_modifiers, times, "this_modifiers");
  fill_phrases(lx.refs, times, "refs", cfg);
  fill_phrases(lx.point_preps, times, "point_preps", cfg);
  fill_phrases(lx.duration_preps, times, "duration_preps", cfg);
  fill_phrases(lx.ago_before, times, "ago_before", cfg);
  fill_set(lx.ago_after, times, "ago_after");
  fill_phrases(lx.earlier_later, times, "earlier_later", cfg);
  fill_phrases(lx.coming, times, "coming", cfg);
  fill_phrases(lx.part_of, times, "part_of", cfg);
  fill_set(lx.clock_hours, times, "clock_hours");
  fill_set(lx.future_words, times, "future_words");
  for (const auto& e : times.section("future_suffixes")) lx.future_suffixes.push_back(fold_text(e[0]));
  fill_set(lx.vague_quantifiers, times, "vague_quantifiers");
  fill_set(lx.year_words, times, "year_words");
  fill_phrases(lx.decade_words, times, "decade_words", cfg);
  fill_set(lx.century_words, times, "century_words");

  for (const auto& e : speech.section("regular_er_verbs")) add_regular_er(lx.speech_verbs, fold_text(e[0]));
  for (const auto& e : speech.section("verb_forms"))
    if (e.size() >= 2) lx.speech_verbs[fold_text(e[0])] = fold_text(e[1]);
  fill_set(lx.clause_verbs, speech, "clause_verbs");
  fill_phrases(lx.according, speech, "according", cfg);
  fill_phrases(lx.according_relative, speech, "according_relative", cfg);
  fill_set(lx.complementizers, speech, "complementizers");
  for (const auto& e : speech.section("pronouns"))
    if (e.size() >= 2) lx.pronouns[fold_text(e[0])] = e[1];
  fill_set(lx.auxiliaries, speech, "auxiliaries");
  fill_set(lx.adverbs, speech, "adverbs");
  fill_set(lx.determiners, speech, "determiners");
  fill_set(lx.honorifics, speech, "honorifics");
  fill_set(lx.title_nouns, speech, "title_nouns");
  fill_set(lx.name_particles, speech, "name_particles");
  fill_set(lx.speaker_stops, speech, "speaker_stops");
  fill_set(lx.non_name_capitals, speech, "non_name_capitals");
  return lx;
}

Result<std::unique_ptr<FactLexicons>> FactLexicons::load(const std::vector<std::string>& languages) {
  auto lexicons = std::unique_ptr<FactLexicons>(new FactLexicons());
  for (const std::string& lang : languages) {
    std::unordered_map<std::string, std::string> files;
    for (const char* name : {"lexer", "numbers", "times", "speech"}) {
      std::string relative = std::string("facts/") + name + "." + lang + ".txt";
      auto content = read_model_file(relative);
      if (!content) return content.error();
      files.emplace(name, std::move(content.value()));
    }
    auto language = build_language(lang, files);
    if (!language) return language.error();
    lexicons->languages_.push_back(std::move(language.value()));
  }
  if (lexicons->languages_.empty())
    return make_error(ErrorKind::kUsage, "facts", "no language given to the fact extractor");
  return lexicons;
}

const LanguageLexicon& FactLexicons::for_language(std::string_view lang) const {
  for (const auto& l : languages_)
    if (l.lang == lang) return l;
  for (const auto& l : languages_)
    if (l.lang == "fr") return l;
  return languages_.front();
}

}  // namespace vigie::facts
