#include "eval/annotations.h"

namespace vigie::eval {
namespace {

std::string string_or_empty(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::optional<double> number_or_null(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::vector<ActorAnnotation> actors(const nlohmann::json& object, const char* key) {
  std::vector<ActorAnnotation> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& item : *it) {
    if (!item.is_object()) continue;
    out.push_back({string_or_empty(item, "ref"), string_or_empty(item, "sector")});
  }
  return out;
}

nlohmann::json null_if_empty(const std::string& value) { return value.empty() ? nlohmann::json() : nlohmann::json(value); }
nlohmann::json null_if_absent(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

template <typename T, typename Parse>
Status parse_list(const nlohmann::json& json, const char* key, std::optional<std::vector<T>>& out,
                  const std::string& display_path, Parse parse) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return Status::success();
  if (!it->is_array()) {
    return make_error(ErrorKind::kInvalidInput, display_path, std::string("\"") + key + "\" is not a list");
  }
  out.emplace();
  size_t index = 0;
  for (const auto& item : *it) {
    ++index;
    if (!item.is_object()) {
      return make_error(ErrorKind::kInvalidInput, display_path,
                        std::string("\"") + key + "\" item " + std::to_string(index) + " is not an object");
    }
    out->push_back(parse(item));
  }
  return Status::success();
}

}  // namespace

Result<Annotations> parse_annotations(const nlohmann::json& json, const std::string& display_path) {
  if (!json.is_object()) return make_error(ErrorKind::kInvalidInput, display_path, "not a JSON object");
  Annotations out;
  out.id = string_or_empty(json, "id");
  out.source = string_or_empty(json, "source");
  out.lang = string_or_empty(json, "lang");
  out.published = string_or_empty(json, "published");
  Status status = parse_list<EntityAnnotation>(json, "entities", out.entities, display_path, [](const nlohmann::json& item) {
    return EntityAnnotation{string_or_empty(item, "text"), string_or_empty(item, "type"), string_or_empty(item, "ref")};
  });
  if (!status) return status.error();
  status = parse_list<QuoteAnnotation>(json, "quotes", out.quotes, display_path, [](const nlohmann::json& item) {
    return QuoteAnnotation{string_or_empty(item, "text"), string_or_empty(item, "speaker"), string_or_empty(item, "kind")};
  });
  if (!status) return status.error();
  status = parse_list<QuantityAnnotation>(json, "quantities", out.quantities, display_path, [](const nlohmann::json& item) {
    QuantityAnnotation quantity;
    quantity.text = string_or_empty(item, "text");
    quantity.value = number_or_null(item, "value");
    quantity.max = number_or_null(item, "max");
    quantity.is_approx = item.value("approx", false);
    quantity.unit = string_or_empty(item, "unit");
    return quantity;
  });
  if (!status) return status.error();
  status = parse_list<TimeAnnotation>(json, "times", out.times, display_path, [](const nlohmann::json& item) {
    TimeAnnotation time{string_or_empty(item, "text"), string_or_empty(item, "value"), std::nullopt};
    if (item.contains("begin_byte") && item.contains("end_byte") && item["begin_byte"].is_number_unsigned()) {
      time.span = Span{item["begin_byte"].get<uint32_t>(), item["end_byte"].get<uint32_t>()};
    }
    return time;
  });
  if (!status) return status.error();
  status = parse_list<EventAnnotation>(json, "events", out.events, display_path, [](const nlohmann::json& item) {
    EventAnnotation event;
    event.event = string_or_empty(item, "event");
    event.mode = string_or_empty(item, "mode");
    event.actor = actors(item, "actor");
    event.recipient = actors(item, "recipient");
    event.location = string_or_empty(item, "location");
    event.date = string_or_empty(item, "date");
    event.size = number_or_null(item, "size");
    event.dead = number_or_null(item, "dead");
    event.injured = number_or_null(item, "injured");
    if (auto it = item.find("context"); it != item.end() && it->is_array()) {
      for (const auto& value : *it)
        if (value.is_string()) event.context.push_back(value.get<std::string>());
    }
    event.text = string_or_empty(item, "text");
    return event;
  });
  if (!status) return status.error();
  return out;
}

nlohmann::json annotations_to_json(const Annotations& a) {
  nlohmann::json out = {{"id", a.id}, {"source", a.source}, {"lang", a.lang}, {"published", null_if_empty(a.published)}};
  if (a.entities) {
    out["entities"] = nlohmann::json::array();
    for (const auto& e : *a.entities) out["entities"].push_back({{"text", e.text}, {"type", e.type}, {"ref", null_if_empty(e.ref)}});
  }
  if (a.quotes) {
    out["quotes"] = nlohmann::json::array();
    for (const auto& q : *a.quotes)
      out["quotes"].push_back({{"text", q.text}, {"speaker", null_if_empty(q.speaker)}, {"kind", q.kind}});
  }
  if (a.quantities) {
    out["quantities"] = nlohmann::json::array();
    for (const auto& q : *a.quantities) {
      nlohmann::json item = {{"text", q.text}, {"value", null_if_absent(q.value)}, {"approx", q.is_approx}, {"unit", q.unit}};
      if (q.max) item["max"] = *q.max;
      out["quantities"].push_back(item);
    }
  }
  if (a.times) {
    out["times"] = nlohmann::json::array();
    for (const auto& t : *a.times) {
      nlohmann::json item = {{"text", t.text}, {"value", null_if_empty(t.value)}};
      if (t.span) {
        item["begin_byte"] = t.span->begin_byte;
        item["end_byte"] = t.span->end_byte;
      }
      out["times"].push_back(item);
    }
  }
  if (a.events) {
    auto actors_json = [](const std::vector<ActorAnnotation>& list) {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& actor : list) {
        nlohmann::json item = {{"ref", null_if_empty(actor.ref)}};
        if (!actor.sector.empty()) item["sector"] = actor.sector;
        array.push_back(item);
      }
      return array;
    };
    out["events"] = nlohmann::json::array();
    for (const auto& e : *a.events) {
      out["events"].push_back({{"event", e.event},
                               {"mode", null_if_empty(e.mode)},
                               {"actor", actors_json(e.actor)},
                               {"recipient", actors_json(e.recipient)},
                               {"location", null_if_empty(e.location)},
                               {"date", null_if_empty(e.date)},
                               {"size", null_if_absent(e.size)},
                               {"dead", null_if_absent(e.dead)},
                               {"injured", null_if_absent(e.injured)},
                               {"context", e.context},
                               {"text", e.text}});
    }
  }
  return out;
}

}  // namespace vigie::eval
