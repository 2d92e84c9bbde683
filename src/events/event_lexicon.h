#pragma once
// The word lists of the events stage for one language, read from models/events/
// (format in docs/EVENTS.md). Three kinds of file, told apart by their first line:
//   #vigie-events triggers 1   CATEGORY[:mode] <TAB> pattern [<TAB> options]
//   #vigie-events context 1    KIND <TAB> phrase        (negation, future, units, ...)
//   #vigie-events sectors 1    SECTOR <TAB> phrase|@Ref
// A pattern is a sequence of words; "a|b" are alternatives, "..." a gap of up to eight
// words; consecutive words may have up to two words between them. Each word stands for
// its inflected forms: a French "-er" verb its conjugation, a noun its plural, an
// English verb its -s/-ed/-ing forms; irregular forms are listed as alternatives.
// Matching compares accent-folded lower-case forms (entities::fold_key) and, when the
// syntax stage ran, lemmas. Immutable once loaded: share between threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace vigie::events {

// One word of a pattern: its accepted forms, or a gap.
struct PatternWord {
  std::unordered_set<std::string> forms;  // folded
  int max_gap_before = 2;                 // words allowed between the previous word and this one
};

struct Phrase {
  std::vector<PatternWord> words;
};

// How the "de X" after a nominalisation relates to the event: "le retrait de ses
// troupes" (X acts) or "l'arrestation d'un diplomate" (X undergoes).
enum class OfRole : uint8_t { kRecipient, kActor };

struct TriggerEntry {
  std::string category;  // PLOVER category
  std::string mode;      // empty when none
  Phrase phrase;
  bool is_noun = false;           // nominalisation: "de X" and "par X" give the participants
  OfRole of_role = OfRole::kRecipient;
  bool has_recipient = true;      // false: the words after it are not a recipient ("manifester")
  bool is_self_negating = false;  // "refuser de", "renoncer à": the complement did not happen
  bool is_planned = false;        // "a annoncé le retrait": an announcement of it means it is to come
  float weight = 1.0f;            // prior confidence of the trigger
  std::string file;               // where it was defined, for diagnostics
  int line = 0;
};

// Words that shape the context of a trigger or the reading of the words around it.
enum class CueKind : uint8_t {
  kNegator,          // "nier", "démentir": negates the event in its complement
  kNegation,         // "pas", "jamais", "not", "never"
  kNegationMarker,   // "ne", "n'": first half of a French negation
  kFuture,           // "annoncer", "prévoir", "va", "will": announced or planned
  kHypothetical,     // "pourrait", "si", "could", "if"
  kHistorical,       // "autrefois", "à l'époque"
  kPassiveAux,       // "été", "est", "was", "been"
  kAgentPrep,        // "par", "by"
  kOfPrep,           // "de", "d'", "du", "of"
  kPreposition,      // any preposition: a noun after it is not a subject
  kLocativePrep,     // "à", "au", "en", "in": a place after it is where it happened
  kPossessive,       // "ses", "leurs", "its": the owner is the clause subject
  kSubjectPronoun,   // "il", "elle", "they": the previous subject
  kObjectPronoun,    // "leur", "lui", "them": an earlier participant
  kCoordination,     // "et", "ainsi que", "and": joins actors
  kClauseBreak,      // ";", "mais", "tandis que": actors do not cross it
  kRelative,         // "qui", "which", "who": the antecedent is the subject
  kSizeUnit,         // "soldats": the count is the event's size
  kDeadUnit,         // "morts", "tués"
  kInjuredUnit,      // "blessés"
  kDefinite,         // "le", "la", "les", "the": a definite sector noun names a known actor
  kAnnounce,         // "annoncer", "décider": the announced event is future when the entry is `planned`
  kCount
};
inline constexpr int kCueKindCount = static_cast<int>(CueKind::kCount);

const char* cue_kind_name(CueKind kind);

struct SectorEntry {
  std::string sector;
  Phrase phrase;
  bool needs_determiner = false;  // "~militaire": also an adjective ("coopération militaire")
};

class EventLexicon {
 public:
  explicit EventLexicon(std::string lang) : lang_(std::move(lang)) {}

  // Reads one lexicon file (any kind); `display_path` names it in errors.
  Status add_file(const std::string& path, const std::string& display_path);
  // Reads lexicon text already in memory (tests).
  Status add_text(std::string_view text, const std::string& display_path);

  const std::string& lang() const { return lang_; }
  const std::vector<TriggerEntry>& triggers() const { return triggers_; }
  const std::vector<SectorEntry>& sectors() const { return sectors_; }
  const std::vector<Phrase>& cues(CueKind kind) const { return cues_[static_cast<int>(kind)]; }

  // Trigger entries whose first word has the folded form `form`.
  const std::vector<uint32_t>* triggers_starting_with(const std::string& form) const;
  const std::vector<uint32_t>* sectors_starting_with(const std::string& form) const;
  // Cue phrases (kind, index) whose first word has the folded form `form`.
  const std::vector<std::pair<CueKind, uint32_t>>* cues_starting_with(const std::string& form) const;
  // Sector of a canonical ref ("MINUSMA" -> IGO); empty when unknown.
  std::string sector_of_ref(const std::string& ref) const;

  // The inflected forms one pattern word stands for (folded), see the header comment.
  static std::unordered_set<std::string> expand_forms(std::string_view word, std::string_view lang);

 private:
  Status parse_phrase(std::string_view text, Phrase& phrase, bool allow_gaps, const std::string& where) const;
  void index_phrase(const Phrase& phrase, uint32_t id, std::unordered_map<std::string, std::vector<uint32_t>>& index);

  std::string lang_;
  std::vector<TriggerEntry> triggers_;
  std::vector<SectorEntry> sectors_;
  std::vector<Phrase> cues_[kCueKindCount];
  std::unordered_map<std::string, std::vector<uint32_t>> trigger_index_;
  std::unordered_map<std::string, std::vector<uint32_t>> sector_index_;
  std::unordered_map<std::string, std::vector<std::pair<CueKind, uint32_t>>> cue_index_;
  std::unordered_map<std::string, std::string> ref_sectors_;
};

// Accent-folded lower-case form of a word, typographic apostrophes unified ("L’Armée"
// -> "l'armee"): the key every lexicon lookup uses.
std::string fold_word(std::string_view word);

}  // namespace vigie::events
