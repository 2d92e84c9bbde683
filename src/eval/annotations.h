#pragma once
// The gold annotation format of ../shared/gold/FORMAT.md (docs/EVAL.md), used both for
// gold files and for what the engine predicts, so the two can be compared field by
// field. A field that is absent (std::nullopt) is not annotated / not extracted, and is
// not scored; an empty list is annotated and has nothing in it.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/span.h"

namespace vigie::eval {

struct EntityAnnotation {
  std::string text;
  std::string type;  // PER, ORG, LOC, MISC
  std::string ref;   // empty for null
};

struct QuoteAnnotation {
  std::string text;
  std::string speaker;  // canonical ref or the speaker's own description; empty for null
  std::string kind;     // direct, indirect
};

struct QuantityAnnotation {
  std::string text;
  std::optional<double> value;
  std::optional<double> max;
  bool is_approx = false;
  std::string unit;
};

struct TimeAnnotation {
  std::string text;
  std::string value;
  std::optional<Span> span;  // predictions know where they are; gold is located by text
};

struct ActorAnnotation {
  std::string ref;
  std::string sector;
};

struct EventAnnotation {
  std::string event;
  std::string mode;
  std::vector<ActorAnnotation> actor;
  std::vector<ActorAnnotation> recipient;
  std::string location;
  std::string date;
  std::optional<double> size, dead, injured;
  std::vector<std::string> context;
  std::string text;
};

struct Annotations {
  std::string id;
  std::string source;
  std::string lang;
  std::string published;
  std::optional<std::vector<EntityAnnotation>> entities;
  std::optional<std::vector<QuoteAnnotation>> quotes;
  std::optional<std::vector<QuantityAnnotation>> quantities;
  std::optional<std::vector<TimeAnnotation>> times;
  std::optional<std::vector<EventAnnotation>> events;
};

// Parses one gold file's JSON; `display_path` names it in errors.
Result<Annotations> parse_annotations(const nlohmann::json& json, const std::string& display_path);
nlohmann::json annotations_to_json(const Annotations& annotations);

}  // namespace vigie::eval
