// JSON shapes of events: PLOVER's standard records (manual, table "PLOVER JSON" and
// the entity and text information objects) for export, and FORMAT.md's shape for
// vigie eval and the CLI.

#include <algorithm>

#include "events/event_coder.h"

namespace vigie::events {
namespace {

nlohmann::json null_if_empty(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json number_or_null(const std::optional<double>& n) { return n ? nlohmann::json(*n) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json event_to_plover_json(const Article& article, const Event& event, const std::string& id) {
  auto entities = [&](const std::vector<EventActor>& list) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& a : list) {
      nlohmann::json item = nlohmann::json::object();
      // code: the 3-letter top-level code (a country, or IGO for an international body).
      if (a.ref.size() == 3 && std::all_of(a.ref.begin(), a.ref.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        item["code"] = a.ref;
      else if (a.sector == "IGO")
        item["code"] = "IGO";
      else
        item["code"] = nullptr;
      item["sector"] = null_if_empty(a.sector);
      item["entity_text"] = a.span.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(a.span.in(article.text)));
      item["identifier_text"] = null_if_empty(a.ref);
      array.push_back(item);
    }
    return array;
  };
  nlohmann::json out;
  out["id"] = id;
  out["date"] = event.date.size() >= 10 && event.date[4] == '-' && event.date[7] == '-'
                    ? nlohmann::json(event.date.substr(0, 10))
                    : (article.published.size() >= 10 ? nlohmann::json(article.published.substr(0, 10)) : nlohmann::json(nullptr));
  out["date_timex"] = null_if_empty(event.date);
  out["actor"] = entities(event.actor);
  out["recipient"] = entities(event.recipient);
  out["event"] = nlohmann::json::array({event.category});
  out["mode"] = event.mode.empty() ? nlohmann::json::array() : nlohmann::json::array({event.mode});
  out["context"] = event.context;
  out["event_loc"] = event.location.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"name", event.location}};
  out["event_text"] = nlohmann::json::array({std::string(event.trigger.in(article.text))});
  out["event_scale"] = event.score;
  out["quad_code"] = plover_quad(event.category);
  out["size"] = number_or_null(event.size);
  out["dead"] = number_or_null(event.dead);
  out["injured"] = number_or_null(event.injured);
  out["text"] = std::string(event.evidence.in(article.text));
  out["text_info"] = {{"sequence", event.sentence_index},
                      {"start", event.evidence.begin_byte},
                      {"end", event.evidence.end_byte}};
  nlohmann::json cite = {{"article_id", article.id}};
  if (!article.url.empty()) cite["url"] = article.url;
  if (!article.title.empty()) cite["title"] = article.title;
  if (!article.published.empty()) cite["published"] = article.published;
  out["cite_info"] = cite;
  out["coder"] = "vigie";
  out["confidence"] = event.confidence;
  if (!event.reporter.empty()) out["reporter"] = event.reporter;
  out["has_event"] = true;
  return out;
}

nlohmann::json events_to_json(const Article& article, const std::vector<Event>& events) {
  nlohmann::json array = nlohmann::json::array();
  auto actors = [](const std::vector<EventActor>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : list) {
      nlohmann::json item = {{"ref", null_if_empty(a.ref)}};
      if (!a.sector.empty()) item["sector"] = a.sector;
      out.push_back(item);
    }
    return out;
  };
  for (const auto& e : events) {
    array.push_back({{"event", e.category},
                     {"mode", null_if_empty(e.mode)},
                     {"actor", actors(e.actor)},
                     {"recipient", actors(e.recipient)},
                     {"location", null_if_empty(e.location)},
                     {"date", null_if_empty(e.date)},
                     {"size", number_or_null(e.size)},
                     {"dead", number_or_null(e.dead)},
                     {"injured", number_or_null(e.injured)},
                     {"context", e.context},
                     {"text", std::string(e.evidence.in(article.text))},
                     {"begin_byte", e.evidence.begin_byte},
                     {"end_byte", e.evidence.end_byte},
                     {"trigger", std::string(e.trigger.in(article.text))},
                     {"confidence", e.confidence},
                     {"score", e.score},
                     {"reporter", null_if_empty(e.reporter)}});
  }
  return array;
}

}  // namespace vigie::events
