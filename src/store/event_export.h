#pragma once
// Shapes of stored events for people and other programs: FORMAT.md-shaped JSON with the
// article id (`vigie events --json`), PLOVER JSON records with the manual's field names
// (`vigie export plover`, built by events::event_to_plover_json) and an RFC 4180 CSV of
// the same records for spreadsheets. Pure functions over store::EventHit; safe to call
// from any thread.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/article_store.h"

namespace vigie::store {

// "<article id>-<event index>": unique across a store, stable across exports.
std::string plover_event_id(const EventHit& hit);

// events::events_to_json's object for the event, plus "article_id", "event_index",
// "event_date" (what the date filters compare), "published" and "title".
nlohmann::json event_hit_json(const EventHit& hit);

// The PLOVER record (events::event_to_plover_json) with plover_event_id as its id.
nlohmann::json event_hit_plover_json(const EventHit& hit);

// Participants as "FRA:MIL;MLI:GOV": ref, then ":" and the sector when there is one
// (":REB" for an unknown armed group), ";" between participants.
std::string participants_text(const std::vector<events::EventActor>& participants);

// One CSV field: quoted (with '"' doubled) when it holds a comma, a quote, a line break
// or leading/trailing spaces, as RFC 4180 says; else as is.
std::string csv_field(std::string_view value);

// The CSV columns, one per PLOVER field a spreadsheet can hold: id, date, date_timex,
// event, mode, context, actor, recipient, actor_text, recipient_text, event_loc, size,
// dead, injured, event_scale, quad_code, confidence, reporter, event_text, text,
// article_id, published, url, title, source_file.
const std::vector<std::string>& plover_csv_columns();

// The header row and one row per hit, each ending with CRLF (RFC 4180). Lists inside a
// field (context, actors, triggers) are joined with ";".
std::string plover_csv_header();
std::string plover_csv_row(const EventHit& hit);

}  // namespace vigie::store
