#pragma once
// The events stage: who did what to whom, coded in PLOVER (the Political Language
// Ontology for Verifiable Event Records, ../shared/data/events/PLOVER_MANUAL.tex).
// Start reading here; docs/EVENTS.md describes the approach and the lexicon formats.
//
// An EventCoder loads the trigger, context and sector lexicons of models/events/
// (one set per language, plus user files) once and is then read-only: one coder may
// serve every thread, each call to `code` keeps its state on the stack.
//
// Triggers are verbs and nominalisations matched by lemma and frame ("retirer",
// "le retrait de", "ordonner à ... de quitter"); the actor and recipient come from the
// dependency tree when the syntax stage ran, else from a clause window around the
// trigger; actor phrases combine entity mentions, country cues and sector nouns
// ("les troupes françaises" -> FRA MIL). The context (negation, future, hypothetical,
// historical), date, location and counts come from the words around the trigger and
// from the facts stage.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "core/error.h"
#include "core/span.h"
#include "entities/entity_tagger.h"
#include "facts/fact_extractor.h"
#include "syntax/syntax_analyzer.h"

namespace vigie::events {

// First line of every events lexicon: "#vigie-events <kind> <version>".
inline constexpr int kEventsLexiconFormatVersion = 1;

// One participant of an event: a canonical ref (ISO alpha-3 country or English
// Wikipedia title; empty when unknown, as for "des hommes armés"), a PLOVER sector
// (GOV, MIL, DIP, REB, MER, IGO, NGO, CVL, MED, JUD, POL, BUS; empty when none) and
// the words as written.
struct EventActor {
  std::string ref;
  std::string sector;
  Span span;  // the actor phrase in article.text ("les troupes françaises")
};

struct Event {
  std::string category;                // PLOVER category: "RETREAT"
  std::string mode;                    // PLOVER mode ("withdraw"); empty when none fits
  std::vector<EventActor> actor;       // empty: unknown perpetrator
  std::vector<EventActor> recipient;   // empty: none or unknown
  std::string location;                // country code or place ref; empty when unknown
  std::string date;                    // TIMEX3 value; empty when undated
  std::optional<double> size, dead, injured;
  std::vector<std::string> context;    // "historical", "future", "hypothetical", "negation"
  Span evidence;                       // the clause that states the event
  Span trigger;                        // the trigger words ("a ordonné ... de quitter")
  uint32_t sentence_index = 0;
  float confidence = 0;                // in [0, 1]
  double score = 0;                    // PLOVER conflict-cooperation score of category + mode
  std::string reporter;                // who reported it when inside reported speech; else empty
  Span reporter_span;
};

struct EventOptions {
  std::string models_dir;                     // empty: find_model_file("events/...")
  std::vector<std::string> extra_files;       // user lexicons (any kind, tag says which), loaded last
  std::vector<std::string> languages = {"fr", "en"};
  float min_confidence = 0.3f;                // events below are dropped
  bool merge_repeats = true;                  // code a repeated event once per article
  bool keep_hypothetical = false;             // keep events whose context is "hypothetical"
  // PLOVER manual (AGREE): CONSULT, SUPPORT, COOPERATE and AID in the future are AGREE.
  // Off by default because ../shared/gold/GUIDELINES.md keeps the category + future.
  bool future_cooperation_as_agree = false;
};

class EventLexicon;  // event_lexicon.h

class EventCoder {
 public:
  // Loads models/events/*.<lang>.txt for each language plus `extra_files`. Fails with
  // kIo when a file is missing, kUnsupportedVersion when a file is newer than this
  // build, kInvalidInput (file and line) when a line cannot be read.
  static Result<std::unique_ptr<EventCoder>> load(const EventOptions& options = {});
  ~EventCoder();
  EventCoder(const EventCoder&) = delete;
  EventCoder& operator=(const EventCoder&) = delete;

  // The events of `article` (processed by the text stage) in text order. `syntax` may
  // be null (clause-window fallback). `mentions` and `cues` come from the entities
  // stage, `facts` from the facts stage; all spans point into article.text, which must
  // outlive the result. Empty when nothing was coded. Thread-safe.
  std::vector<Event> code(const Article& article, const syntax::ArticleSyntax* syntax,
                          const std::vector<entities::Mention>& mentions,
                          const std::vector<entities::CountryCue>& cues, const facts::ArticleFacts& facts) const;

  const EventLexicon& lexicon(std::string_view lang) const;

 private:
  EventCoder(EventOptions options, std::vector<std::unique_ptr<EventLexicon>> lexicons);
  EventOptions options_;
  std::vector<std::unique_ptr<EventLexicon>> lexicons_;  // one per language, options_.languages order
};

// PLOVER conflict-cooperation score (manual, table "PLOVER conflict--cooperation
// scores") of a category and mode; the category's own score when the mode has none.
double plover_score(std::string_view category, std::string_view mode);
// PLOVER quad code: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
// 4 material conflict; 0 for an unknown category.
int plover_quad(std::string_view category);
// True for the 16 PLOVER categories.
bool is_plover_category(std::string_view category);

// One event as a PLOVER JSON record with the manual's standard field names (id, date,
// actor [{code, sector, entity_text, identifier_text}], recipient, event, mode,
// context, event_loc, event_text, event_scale, quad_code, text_info {start, end,
// sequence}, size, dead, injured, coder...). `id` must be unique in the data set.
nlohmann::json event_to_plover_json(const Article& article, const Event& event, const std::string& id);

// FORMAT.md-shaped events of one article: [{"event", "mode", "actor":[{"ref","sector"}],
// "recipient", "location", "date", "size", "dead", "injured", "context", "text"}] plus
// "begin_byte"/"end_byte", "trigger", "confidence", "score" and "reporter".
nlohmann::json events_to_json(const Article& article, const std::vector<Event>& events);

}  // namespace vigie::events
