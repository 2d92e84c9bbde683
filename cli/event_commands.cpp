// `vigie events` (stored PLOVER events as a table or JSON Lines), `vigie export plover`
// (PLOVER JSON Lines or CSV, shaped by store/event_export.h) and the events part of
// `vigie show` (print_article_events).

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "analysis_printing.h"
#include "commands.h"
#include "store/article_store.h"
#include "store/event_export.h"

namespace vigie::cli {
namespace {

// The store must exist for reading commands (see store_commands.cpp).
Result<std::unique_ptr<store::ArticleStore>> open_existing_store(const GlobalOptions& global) {
  if (access(global.db_path.c_str(), F_OK) != 0) {
    return make_error(ErrorKind::kIo, global.db_path, "no store here; run `vigie ingest PATH` first or pass --db");
  }
  return store::ArticleStore::open({global.db_path, true});
}

int fail(const Error& error) {
  std::fprintf(stderr, "error: %s\n", error.to_string().c_str());
  return error.kind == ErrorKind::kUsage ? kExitUsage : kExitSomeInputsFailed;
}

// At most `max_bytes` of `text` on one line, cut at a UTF-8 character boundary.
std::string one_line(std::string_view text, size_t max_bytes) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (out.size() <= max_bytes) return out;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "…";
}

std::string participants_or_dash(const std::vector<events::EventActor>& list) {
  std::string text = store::participants_text(list);
  return text.empty() ? "-" : text;
}

// "size 2400 dead 3 injured 12", empty when no count is known.
std::string counts_text(const events::Event& e) {
  std::string out;
  auto add = [&](const char* name, const std::optional<double>& value) {
    if (!value) return;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s%s %g", out.empty() ? "" : " ", name, *value);
    out += buffer;
  };
  add("size", e.size);
  add("dead", e.dead);
  add("injured", e.injured);
  return out;
}

std::string context_text(const events::Event& e) {
  std::string out;
  for (const std::string& c : e.context) out += (out.empty() ? "" : ", ") + c;
  return out.empty() ? "" : "(" + out + ")";
}

std::string category_text(const events::Event& e) { return e.mode.empty() ? e.category : e.category + "/" + e.mode; }

// Shared by `events` and `export plover`.
struct EventFilterFlags {
  store::EventQuery query;
};

void add_filter_options(CLI::App& command, EventFilterFlags& flags) {
  command.add_option("--event", flags.query.categories, "PLOVER categories, comma-separated (PROTEST,SANCTION)")
      ->delimiter(',');
  command.add_option("--mode", flags.query.mode, "PLOVER mode (withdraw, expel, ...)");
  command.add_option("--actor", flags.query.actor, "an actor's ref (FRA, \"Emmanuel Macron\"), sector (MIL) or both (FRA:MIL)");
  command.add_option("--recipient", flags.query.recipient, "a recipient, as for --actor");
  command.add_option("--since", flags.query.since, "events dated on or after this ISO date (the event's date, else the article's)");
  command.add_option("--until", flags.query.until, "events dated on or before this ISO date (2022, 2022-02, 2022-02-17)");
  command.add_option("--article", flags.query.article_key, "one article (id, unique id prefix, or source id)");
}

// --since / --until must start with a year: "2022", "2022-02", "2022-02-17".
bool is_date_filter(const std::string& value) {
  if (value.empty()) return true;
  if (value.size() < 4) return false;
  for (int i = 0; i < 4; ++i) {
    if (value[i] < '0' || value[i] > '9') return false;
  }
  return true;
}

Result<std::vector<store::EventHit>> find_events(const GlobalOptions& global, const store::EventQuery& query) {
  for (const std::string* date : {&query.since, &query.until}) {
    if (!is_date_filter(*date)) {
      return make_error(ErrorKind::kUsage, "", "\"" + *date + "\" is not an ISO date (2022, 2022-02 or 2022-02-17)");
    }
  }
  auto opened = open_existing_store(global);
  if (!opened) return opened.error();
  return opened.value()->find_events(query);
}

struct EventsFlags : EventFilterFlags {
  bool is_json = false;
};

int run_events(const GlobalOptions& global, const EventsFlags& flags) {
  auto hits = find_events(global, flags.query);
  if (!hits) return fail(hits.error());
  if (flags.is_json) {
    for (const store::EventHit& hit : hits.value()) std::cout << store::event_hit_json(hit).dump() << "\n";
    return kExitOk;
  }
  if (hits.value().empty()) {
    if (!global.is_quiet) std::fprintf(stderr, "no events match\n");
    return kExitOk;
  }
  for (const store::EventHit& hit : hits.value()) {
    const events::Event& e = hit.event;
    const Article& article = *hit.article;
    std::string who = participants_or_dash(e.actor) + " -> " + participants_or_dash(e.recipient);
    std::string extra = e.location.empty() ? "" : "at " + e.location;
    for (const std::string& part : {counts_text(e), context_text(e)}) {
      if (!part.empty()) extra += (extra.empty() ? "" : "  ") + part;
    }
    std::printf("%-10s  %-22s  %-28s  %s%sarticle %s\n", hit.event_date.empty() ? "undated" : hit.event_date.c_str(),
                category_text(e).c_str(), who.c_str(), extra.c_str(), extra.empty() ? "" : "  ", article.id.c_str());
    std::printf("            \"%s\"\n", one_line(e.evidence.in(article.text), 140).c_str());
  }
  if (!global.is_quiet) std::fprintf(stderr, "%zu events\n", hits.value().size());
  return kExitOk;
}

struct ExportFlags : EventFilterFlags {
  std::string out_path;        // empty or "-": stdout
  std::string format = "jsonl";
  bool has_bom = false;        // CSV: start with a UTF-8 byte order mark (for Excel)
};

int run_export_plover(const GlobalOptions& global, const ExportFlags& flags) {
  auto hits = find_events(global, flags.query);
  if (!hits) return fail(hits.error());
  std::ofstream file;
  std::ostream* out = &std::cout;
  const bool is_stdout = flags.out_path.empty() || flags.out_path == "-";
  if (!is_stdout) {
    file.open(flags.out_path, std::ios::binary | std::ios::trunc);
    if (!file) return fail(make_error(ErrorKind::kIo, flags.out_path, "cannot open for writing"));
    out = &file;
  }
  if (flags.format == "csv") {
    if (flags.has_bom) *out << "\xEF\xBB\xBF";
    *out << store::plover_csv_header();
    for (const store::EventHit& hit : hits.value()) *out << store::plover_csv_row(hit);
  } else {
    for (const store::EventHit& hit : hits.value()) *out << store::event_hit_plover_json(hit).dump() << "\n";
  }
  out->flush();
  if (!*out) return fail(make_error(ErrorKind::kIo, is_stdout ? "stdout" : flags.out_path, "write failed (disk full?)"));
  if (!global.is_quiet) {
    std::fprintf(stderr, "%zu events written as PLOVER %s to %s\n", hits.value().size(),
                 flags.format == "csv" ? "CSV" : "JSON Lines", is_stdout ? "stdout" : flags.out_path.c_str());
  }
  return kExitOk;
}

}  // namespace

void print_article_events(const Article& article, const std::vector<events::Event>& found) {
  std::printf("\n%zu events:\n", found.size());
  for (const events::Event& e : found) {
    std::printf("  [%u-%u] %s %s -> %s", e.evidence.begin_byte, e.evidence.end_byte, category_text(e).c_str(),
                participants_or_dash(e.actor).c_str(), participants_or_dash(e.recipient).c_str());
    if (!e.location.empty()) std::printf(" at %s", e.location.c_str());
    if (!e.date.empty()) std::printf(" on %s", e.date.c_str());
    if (std::string counts = counts_text(e); !counts.empty()) std::printf(" %s", counts.c_str());
    if (std::string context = context_text(e); !context.empty()) std::printf(" %s", context.c_str());
    if (!e.reporter.empty()) std::printf(" reported by %s", e.reporter.c_str());
    std::printf(" conf %.2f: \"%s\"\n", e.confidence, one_line(e.trigger.in(article.text), 60).c_str());
  }
}

void add_events_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<EventsFlags>();
  CLI::App* command = app.add_subcommand(
      "events", "PLOVER events (who did what to whom) across the store, newest event date first");
  add_filter_options(*command, *flags);
  command->add_option("--limit", flags->query.limit, "number of events (0: all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--json", flags->is_json, "print JSON Lines: one FORMAT.md-shaped event with its article id per line");
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_events(global, *flags); });
}

void add_export_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  CLI::App* exporter = app.add_subcommand("export", "Export stored records for other tools");
  exporter->require_subcommand(1);
  auto flags = std::make_shared<ExportFlags>();
  flags->query.limit = 0;
  CLI::App* command = exporter->add_subcommand(
      "plover", "Events as PLOVER records: JSON Lines with PLOVER's field names, or CSV for spreadsheets");
  add_filter_options(*command, *flags);
  command->add_option("--out", flags->out_path, "file to write (default: stdout)");
  command->add_option("--format", flags->format, "jsonl or csv")->capture_default_str()->check(CLI::IsMember({"jsonl", "csv"}));
  command->add_flag("--bom", flags->has_bom, "CSV: start with a UTF-8 byte order mark, so Excel reads accents right");
  command->add_option("--limit", flags->query.limit, "number of events (0: all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command->fallthrough();
  command->callback([&global, &exit_code, flags] { exit_code = run_export_plover(global, *flags); });
}

}  // namespace vigie::cli
