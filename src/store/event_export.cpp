// CSV and JSON shapes of stored events. The CSV is derived from the PLOVER record, so
// both exports always agree; the JSON Lines record is events::event_to_plover_json.

#include "store/event_export.h"

#include <cmath>
#include <cstdio>

namespace vigie::store {
namespace {

// 2500 -> "2500", 2.5 -> "2.5", null -> "".
std::string number_text(const nlohmann::json& value) {
  if (!value.is_number()) return "";
  const double number = value.get<double>();
  char buffer[64];
  if (std::floor(number) == number && std::fabs(number) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", number);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6g", number);
  }
  return buffer;
}

std::string text_or_empty(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : ""; }

std::string joined(const nlohmann::json& list) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (!out.empty()) out += ';';
    out += item.is_string() ? item.get<std::string>() : item.dump();
  }
  return out;
}

// The actor phrases as written, ";" between them.
std::string entity_texts(const nlohmann::json& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ';';
    out += text_or_empty(item.value("entity_text", nlohmann::json()));
  }
  return out;
}

}  // namespace

std::string plover_event_id(const EventHit& hit) { return hit.article->id + "-" + std::to_string(hit.event_index); }

nlohmann::json event_hit_json(const EventHit& hit) {
  nlohmann::json out = events::events_to_json(*hit.article, {hit.event}).at(0);
  out["article_id"] = hit.article->id;
  out["event_index"] = hit.event_index;
  out["event_date"] = hit.event_date;
  out["published"] = hit.article->published;
  out["title"] = hit.article->title;
  return out;
}

nlohmann::json event_hit_plover_json(const EventHit& hit) {
  return events::event_to_plover_json(*hit.article, hit.event, plover_event_id(hit));
}

std::string participants_text(const std::vector<events::EventActor>& participants) {
  std::string out;
  for (const events::EventActor& a : participants) {
    if (!out.empty()) out += ';';
    out += a.ref;
    if (!a.sector.empty()) out += ":" + a.sector;
  }
  return out;
}

std::string csv_field(std::string_view value) {
  const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!needs_quotes) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

const std::vector<std::string>& plover_csv_columns() {
  static const std::vector<std::string> columns = {
      "id",         "date",       "date_timex", "event",      "mode",        "context",    "actor",
      "recipient",  "actor_text", "recipient_text", "event_loc", "size",     "dead",       "injured",
      "event_scale", "quad_code", "confidence", "reporter",   "event_text",  "text",       "article_id",
      "published",  "url",        "title",      "source_file"};
  return columns;
}

std::string plover_csv_header() {
  std::string out;
  for (const std::string& column : plover_csv_columns()) {
    if (!out.empty()) out += ',';
    out += column;
  }
  return out + "\r\n";
}

std::string plover_csv_row(const EventHit& hit) {
  const nlohmann::json record = event_hit_plover_json(hit);
  const nlohmann::json& location = record["event_loc"];
  const std::vector<std::string> fields = {
      record["id"].get<std::string>(),
      text_or_empty(record["date"]),
      text_or_empty(record["date_timex"]),
      joined(record["event"]),
      joined(record["mode"]),
      joined(record["context"]),
      participants_text(hit.event.actor),
      participants_text(hit.event.recipient),
      entity_texts(record["actor"]),
      entity_texts(record["recipient"]),
      location.is_object() ? text_or_empty(location.value("name", nlohmann::json())) : "",
      number_text(record["size"]),
      number_text(record["dead"]),
      number_text(record["injured"]),
      number_text(record["event_scale"]),
      number_text(record["quad_code"]),
      number_text(record["confidence"]),
      text_or_empty(record.value("reporter", nlohmann::json())),
      joined(record["event_text"]),
      text_or_empty(record["text"]),
      hit.article->id,
      hit.article->published,
      hit.article->url,
      hit.article->title,
      hit.article->source_file};
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\r\n";
}

}  // namespace vigie::store
