// Reading the events lexicons (docs/EVENTS.md). Each file opens with
// "#vigie-events <kind> <version>"; the rest is one entry per line, fields separated
// by tabs, several phrases in one field separated by ", ". Pattern words are expanded
// to their inflected forms here, once, so that matching is a hash lookup per token.

#include "events/event_lexicon.h"

#include <fstream>
#include <sstream>

#include "entities/text_fold.h"
#include "events/event_coder.h"

namespace vigie::events {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    parts.push_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + sep.size();
  }
  return parts;
}

// Tab-separated fields; runs of tabs count as one separator.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  for (std::string_view part : split(line, "\t")) {
    part = trim(part);
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void add_all(std::unordered_set<std::string>& out, std::string_view base, std::initializer_list<const char*> endings) {
  for (const char* e : endings) out.insert(std::string(base) + e);
}

const struct {
  const char* name;
  CueKind kind;
} kCueNames[] = {
    {"negator", CueKind::kNegator},
    {"negation", CueKind::kNegation},
    {"negation-marker", CueKind::kNegationMarker},
    {"future", CueKind::kFuture},
    {"hypothetical", CueKind::kHypothetical},
    {"historical", CueKind::kHistorical},
    {"passive-aux", CueKind::kPassiveAux},
    {"agent-prep", CueKind::kAgentPrep},
    {"of-prep", CueKind::kOfPrep},
    {"preposition", CueKind::kPreposition},
    {"locative-prep", CueKind::kLocativePrep},
    {"possessive", CueKind::kPossessive},
    {"subject-pronoun", CueKind::kSubjectPronoun},
    {"object-pronoun", CueKind::kObjectPronoun},
    {"coordination", CueKind::kCoordination},
    {"clause-break", CueKind::kClauseBreak},
    {"relative", CueKind::kRelative},
    {"size-unit", CueKind::kSizeUnit},
    {"dead-unit", CueKind::kDeadUnit},
    {"injured-unit", CueKind::kInjuredUnit},
    {"definite", CueKind::kDefinite},
    {"announce", CueKind::kAnnounce},
};

const char* const kSectors[] = {"GOV", "MIL", "DIP", "REB", "MER", "IGO", "NGO", "CVL", "MED", "JUD", "POL", "BUS",
                                "OPP", "LEG", "EDU", "REL", "LAB", "HLH", "ELI", "REF", "SPY", "CRM", "UAF", "AGR"};

}  // namespace

const char* cue_kind_name(CueKind kind) {
  for (const auto& entry : kCueNames)
    if (entry.kind == kind) return entry.name;
  return "?";
}

std::string fold_word(std::string_view word) { return entities::fold_key(word); }

std::unordered_set<std::string> EventLexicon::expand_forms(std::string_view word, std::string_view lang) {
  std::unordered_set<std::string> out;
  if (!word.empty() && word.front() == '=') {  // "=word": that form only
    out.insert(fold_word(word.substr(1)));
    return out;
  }
  std::string w = fold_word(word);
  out.insert(w);
  if (lang == "fr" && (w == "se" || w == "s'")) {
    add_all(out, "", {"se", "s'", "me", "m'", "te", "t'", "nous", "vous"});
    return out;
  }
  // Function words and elided forms stand for themselves: "à" must not become "as".
  if (w.size() <= 3 || w.back() == '\'') return out;
  if (lang == "fr") {
    add_all(out, w, {"s", "e", "es"});
    if (ends_with(w, "al")) out.insert(w.substr(0, w.size() - 2) + "aux");
    if (ends_with(w, "eau")) out.insert(w + "x");
    if (ends_with(w, "er")) {
      std::string stem = w.substr(0, w.size() - 2);
      add_all(out, stem, {"e", "es", "ent", "ee", "ees", "ons", "ez", "ait", "aient", "ais", "a", "ant", "era",
                          "eront", "erait", "eraient", "erent", "at", "ai", "erons", "erez", "eras", "erai",
                          "eriez", "erions", "aiton"});
      if (ends_with(stem, "g")) add_all(out, stem, {"eons", "eait", "eaient", "eant", "ea", "eais"});
      if (ends_with(stem, "y")) {
        std::string i_stem = stem.substr(0, stem.size() - 1) + "i";
        add_all(out, i_stem, {"e", "es", "ent", "era", "eront", "erait", "eraient"});
      }
    } else if (ends_with(w, "enir")) {  // soutenir, détenir, obtenir, intervenir
      std::string base = w.substr(0, w.size() - 4);
      add_all(out, base, {"iens", "ient", "iennent", "enu", "enue", "enus", "enues", "enait", "enaient", "iendra",
                          "iendront", "iendrait", "iendraient", "int", "inrent", "enant", "enons", "enez"});
    } else if (ends_with(w, "rir") && (ends_with(w, "frir") || ends_with(w, "vrir"))) {  // offrir, ouvrir
      std::string stem = w.substr(0, w.size() - 2);
      add_all(out, stem, {"e", "es", "ent", "ait", "aient", "ira", "iront", "irait", "iraient", "ant", "ons"});
      add_all(out, w.substr(0, w.size() - 3), {"ert", "erte", "erts", "ertes"});
    } else if (ends_with(w, "ir")) {  // finir-type: saisir, envahir, bannir, réunir
      std::string stem = w.substr(0, w.size() - 2);
      add_all(out, stem, {"is", "it", "issent", "i", "ie", "ies", "issons", "issez", "issait", "issaient", "ira",
                          "iront", "irait", "iraient", "issant", "irent"});
    } else if (ends_with(w, "prendre")) {  // prendre, reprendre, entreprendre
      std::string base = w.substr(0, w.size() - 5);
      add_all(out, base, {"ends", "end", "enons", "enez", "ennent", "is", "ise", "ises", "enait", "enaient", "endra",
                          "endront", "endrait", "endraient", "enant", "irent", "it"});
    } else if (ends_with(w, "mettre")) {  // mettre, promettre, soumettre
      std::string base = w.substr(0, w.size() - 6);
      add_all(out, base, {"met", "mets", "mettons", "mettez", "mettent", "mis", "mise", "mises", "mettait",
                          "mettaient", "mettra", "mettront", "mettrait", "mettraient", "mettant", "mirent", "mit"});
    } else if (ends_with(w, "uire")) {  // détruire, conduire
      std::string base = w.substr(0, w.size() - 2);
      add_all(out, base, {"s", "t", "sons", "sez", "sent", "te", "ts", "tes", "sait", "saient", "ra", "ront", "rait",
                          "raient", "sant", "sit", "sirent"});
    } else if (ends_with(w, "indre")) {  // contraindre, atteindre, rejoindre
      std::string base = w.substr(0, w.size() - 4);
      add_all(out, base, {"ns", "nt", "gnons", "gnez", "gnent", "gnait", "gnaient", "ndra", "ndront", "ndrait",
                          "ndraient", "gnant", "nte", "nts", "ntes", "gnit", "gnirent"});
    } else if (ends_with(w, "dre")) {  // suspendre, rendre, défendre
      std::string stem = w.substr(0, w.size() - 2);
      add_all(out, stem, {"s", "", "ons", "ez", "ent", "u", "ue", "us", "ues", "ait", "aient", "ra", "ront", "rait",
                          "raient", "ant", "it", "irent"});
    }
  } else if (lang == "en") {
    add_all(out, w, {"s", "es"});
    bool ends_e = w.back() == 'e';
    if (ends_e) {
      add_all(out, w, {"d"});
      out.insert(w.substr(0, w.size() - 1) + "ing");
    } else {
      add_all(out, w, {"ed", "ing"});
    }
    auto is_vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    size_t n = w.size();
    if (w.back() == 'y' && !is_vowel(w[n - 2])) {
      std::string stem = w.substr(0, n - 1);
      add_all(out, stem, {"ies", "ied"});
    }
    // stop -> stopped, ban -> banned (one vowel before a final consonant).
    char last = w.back();
    if (!is_vowel(last) && last != 'w' && last != 'x' && last != 'y' && is_vowel(w[n - 2]) && !is_vowel(w[n - 3]) &&
        n <= 6) {
      add_all(out, w + last, {"ed", "ing"});
    }
  }
  return out;
}

Status EventLexicon::parse_phrase(std::string_view text, Phrase& phrase, bool allow_gaps,
                                  const std::string& where) const {
  int pending_gap = 2;
  bool is_first = true;
  for (std::string_view token : split(text, " ")) {
    token = trim(token);
    if (token.empty()) continue;
    if (token == "...") {
      if (!allow_gaps || is_first)
        return make_error(ErrorKind::kInvalidInput, where, "\"...\" is only allowed between words of a trigger");
      pending_gap = 8;
      continue;
    }
    // "d'État" is two words for the tokenizer: "d'" and "État".
    std::vector<std::string> pieces;
    std::string piece;
    std::string folded_token(token);
    for (size_t i = 0; i < folded_token.size(); ++i) {
      piece += folded_token[i];
      bool is_apostrophe = folded_token[i] == '\'';
      if (!is_apostrophe && folded_token.compare(i, 3, "\xE2\x80\x99") == 0) {
        piece += folded_token.substr(i + 1, 2);
        i += 2;
        is_apostrophe = true;
      }
      if (is_apostrophe && i + 1 < folded_token.size() && folded_token.find('|') == std::string::npos) {
        pieces.push_back(piece);
        piece.clear();
      }
    }
    if (!piece.empty()) pieces.push_back(piece);
    for (const std::string& p : pieces) {
      PatternWord word;
      word.max_gap_before = is_first ? 0 : (allow_gaps ? pending_gap : 0);
      for (std::string_view alternative : split(p, "|")) {
        if (alternative.empty()) continue;
        auto forms = expand_forms(alternative, lang_);
        word.forms.insert(forms.begin(), forms.end());
      }
      if (word.forms.empty()) return make_error(ErrorKind::kInvalidInput, where, "empty word in \"" + std::string(text) + "\"");
      phrase.words.push_back(std::move(word));
      pending_gap = 2;
      is_first = false;
    }
  }
  if (phrase.words.empty()) return make_error(ErrorKind::kInvalidInput, where, "empty phrase");
  return Status::success();
}

void EventLexicon::index_phrase(const Phrase& phrase, uint32_t id,
                                std::unordered_map<std::string, std::vector<uint32_t>>& index) {
  for (const std::string& form : phrase.words.front().forms) index[form].push_back(id);
}

Status EventLexicon::add_file(const std::string& path, const std::string& display_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, display_path, "cannot open events lexicon");
  std::ostringstream content;
  content << in.rdbuf();
  return add_text(content.str(), display_path);
}

Status EventLexicon::add_text(std::string_view text, const std::string& display_path) {
  size_t line_end = text.find('\n');
  std::string_view header = trim(text.substr(0, line_end));
  auto header_fields = split(header, " ");
  if (header_fields.size() != 3 || header_fields[0] != "#vigie-events") {
    return make_error(ErrorKind::kInvalidInput, display_path,
                      "not a vigie events lexicon: the first line must be \"#vigie-events <triggers|context|sectors> " +
                          std::to_string(kEventsLexiconFormatVersion) + "\"",
                      "1");
  }
  std::string kind(header_fields[1]);
  int version = 0;
  try {
    version = std::stoi(std::string(header_fields[2]));
  } catch (...) {
    return make_error(ErrorKind::kInvalidInput, display_path, "format version \"" + std::string(header_fields[2]) + "\" is not a number", "1");
  }
  if (version > kEventsLexiconFormatVersion) {
    return make_error(ErrorKind::kUnsupportedVersion, display_path,
                      "events lexicon format version " + std::to_string(version) + " is newer than this build (" +
                          std::to_string(kEventsLexiconFormatVersion) +
                          "); update vigie, or rebuild the file with models/events/build_cameo_triggers.py",
                      "1");
  }
  if (kind != "triggers" && kind != "context" && kind != "sectors") {
    return make_error(ErrorKind::kInvalidInput, display_path, "unknown lexicon kind \"" + kind + "\"", "1");
  }
  int line_number = 1;
  size_t pos = line_end == std::string_view::npos ? text.size() : line_end + 1;
  while (pos < text.size()) {
    ++line_number;
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    auto parts = fields(content);
    std::string where = display_path;
    auto fail = [&](const std::string& message) {
      return make_error(ErrorKind::kInvalidInput, display_path, message, std::to_string(line_number));
    };
    if (parts.size() < 2) return fail("expected at least two tab-separated fields, got \"" + std::string(content) + "\"");
    if (kind == "triggers") {
      TriggerEntry entry;
      std::string_view label = parts[0];
      size_t colon = label.find(':');
      entry.category = std::string(label.substr(0, colon));
      if (colon != std::string_view::npos) entry.mode = std::string(label.substr(colon + 1));
      if (!is_plover_category(entry.category)) return fail("\"" + entry.category + "\" is not a PLOVER category");
      entry.file = display_path;
      entry.line = line_number;
      if (parts.size() > 2) {
        for (std::string_view option : split(parts[2], " ")) {
          option = trim(option);
          if (option.empty()) continue;
          if (option == "noun") entry.is_noun = true;
          else if (option == "of=actor") entry.of_role = OfRole::kActor;
          else if (option == "of=recipient") entry.of_role = OfRole::kRecipient;
          else if (option == "norecipient") entry.has_recipient = false;
          else if (option == "negating") entry.is_self_negating = true;
          else if (option == "planned") entry.is_planned = true;
          else if (option.substr(0, 7) == "weight=") {
            try {
              entry.weight = std::stof(std::string(option.substr(7)));
            } catch (...) {
              return fail("weight \"" + std::string(option.substr(7)) + "\" is not a number");
            }
          } else {
            return fail("unknown trigger option \"" + std::string(option) + "\"");
          }
        }
      }
      for (std::string_view pattern : split(parts[1], ", ")) {
        TriggerEntry copy = entry;
        Status status = parse_phrase(pattern, copy.phrase, true, display_path + ":" + std::to_string(line_number));
        if (!status) return status;
        triggers_.push_back(std::move(copy));
        index_phrase(triggers_.back().phrase, static_cast<uint32_t>(triggers_.size() - 1), trigger_index_);
      }
    } else if (kind == "sectors") {
      std::string sector(parts[0]);
      bool is_known = false;
      for (const char* s : kSectors) is_known = is_known || sector == s;
      if (!is_known) return fail("\"" + sector + "\" is not a sector code");
      for (std::string_view phrase_text : split(parts[1], ", ")) {
        phrase_text = trim(phrase_text);
        if (phrase_text.empty()) continue;
        if (phrase_text.front() == '@') {
          ref_sectors_[std::string(phrase_text.substr(1))] = sector;
          continue;
        }
        SectorEntry entry;
        entry.sector = sector;
        if (phrase_text.front() == '~') {
          entry.needs_determiner = true;
          phrase_text.remove_prefix(1);
        }
        Status status = parse_phrase(phrase_text, entry.phrase, false, display_path + ":" + std::to_string(line_number));
        if (!status) return status;
        sectors_.push_back(std::move(entry));
        index_phrase(sectors_.back().phrase, static_cast<uint32_t>(sectors_.size() - 1), sector_index_);
      }
    } else {
      CueKind cue_kind = CueKind::kCount;
      for (const auto& entry : kCueNames)
        if (parts[0] == entry.name) cue_kind = entry.kind;
      if (cue_kind == CueKind::kCount) return fail("unknown context kind \"" + std::string(parts[0]) + "\"");
      for (std::string_view phrase_text : split(parts[1], ", ")) {
        phrase_text = trim(phrase_text);
        if (phrase_text.empty()) continue;
        Phrase phrase;
        Status status = parse_phrase(phrase_text, phrase, false, display_path + ":" + std::to_string(line_number));
        if (!status) return status;
        auto& list = cues_[static_cast<int>(cue_kind)];
        list.push_back(std::move(phrase));
        uint32_t id = static_cast<uint32_t>(list.size() - 1);
        for (const std::string& form : list.back().words.front().forms) cue_index_[form].emplace_back(cue_kind, id);
      }
    }
  }
  return Status::success();
}

const std::vector<uint32_t>* EventLexicon::triggers_starting_with(const std::string& form) const {
  auto it = trigger_index_.find(form);
  return it == trigger_index_.end() ? nullptr : &it->second;
}

const std::vector<uint32_t>* EventLexicon::sectors_starting_with(const std::string& form) const {
  auto it = sector_index_.find(form);
  return it == sector_index_.end() ? nullptr : &it->second;
}

const std::vector<std::pair<CueKind, uint32_t>>* EventLexicon::cues_starting_with(const std::string& form) const {
  auto it = cue_index_.find(form);
  return it == cue_index_.end() ? nullptr : &it->second;
}

std::string EventLexicon::sector_of_ref(const std::string& ref) const {
  auto it = ref_sectors_.find(ref);
  return it == ref_sectors_.end() ? std::string() : it->second;
}

}  // namespace vigie::events
