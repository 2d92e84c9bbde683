// Events stage: English quality on PLOVER-coded sentences and coding speed.
//
//   events_bench [--gsr FILE.json] [--corpus DIR] [--repeat R] [--errors]
//   events_bench --show GOLD_DIR     print coded and gold events side by side (development)
//   events_bench --eval GOLD_DIR     the events member of `vigie eval --json` (same engine
//                                    annotator and scorer), without the CLI
//
// --gsr (default ../shared/data/events/plover-gsr-dev/plover-gsr-dev.json): each record
// is one English sentence with a PLOVER 0.5b1 event; its older category names are
// mapped as the file's SOURCE.txt says (DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
// INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT; CRIME records are skipped). The sentence is
// coded with the full pipeline (text, entities, facts, events; no syntax; the manual's
// future-cooperation-as-AGREE rule on) and the main event (the first one with
// confidence >= 0.5, else the most confident) is compared: category accuracy, macro F1 over categories, and the
// share where the actor (and the recipient, when gold has one) agree by country code.
// --corpus DIR: the .txt articles of DIR (default ../shared/corpus/seeds) coded R times
// after the other stages ran, to time the event coder alone (tokens/s, articles/s).
#include <sys/resource.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "entities/entity_tagger.h"
#include "eval/evaluator.h"
#include "events/event_coder.h"
#include "facts/fact_extractor.h"
#include "text/text_processor.h"

namespace {

using vigie::Article;
namespace fs = std::filesystem;

std::string map_category(const std::string& old) {
  if (old == "DEMAND") return "REQUEST";
  if (old == "DISAPPROVE" || old == "INVESTIGATE") return "ACCUSE";
  if (old == "FIGHT") return "ASSAULT";
  if (old == "CRIME") return "";
  return old;
}

std::set<std::string> gold_codes(const nlohmann::json& list) {
  std::set<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& item : list)
    if (item.is_object() && item.contains("code") && item["code"].is_string()) out.insert(item["code"].get<std::string>());
  return out;
}

bool agrees(const std::set<std::string>& gold, const std::vector<vigie::events::EventActor>& predicted) {
  for (const auto& a : predicted) {
    if (gold.count(a.ref)) return true;
    if (a.sector == "IGO" && gold.count("IGO")) return true;
  }
  return false;
}

std::string machine() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model;
  int cores = 0;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0 && model.empty()) model = line.substr(line.find(':') + 2);
    if (line.rfind("processor", 0) == 0) ++cores;
  }
  utsname u{};
  uname(&u);
  return model + ", " + std::to_string(cores) + " cores, " + u.sysname + " " + u.release;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gsr_path = "../shared/data/events/plover-gsr-dev/plover-gsr-dev.json";
  std::string corpus_dir = "../shared/corpus/seeds";
  std::string show_dir;
  std::string show_text;
  std::string eval_dir;
  int repeat = 20;
  bool with_errors = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--gsr" && i + 1 < argc) gsr_path = argv[++i];
    else if (arg == "--corpus" && i + 1 < argc) corpus_dir = argv[++i];
    else if (arg == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else if (arg == "--errors") with_errors = true;
    else if (arg == "--show" && i + 1 < argc) show_dir = argv[++i];
    else if (arg == "--text" && i + 1 < argc) show_text = argv[++i];
    else if (arg == "--eval" && i + 1 < argc) eval_dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: events_bench [--gsr FILE.json] [--corpus DIR] [--repeat R] [--errors]\n");
      return 2;
    }
  }
  if (!eval_dir.empty()) {
    struct StderrSink : vigie::ingest::DiagnosticsSink {
      void report(const vigie::Error& error) override { std::fprintf(stderr, "%s\n", error.to_string().c_str()); }
    } sink;
    auto report = vigie::eval::evaluate_gold_folder(eval_dir, vigie::eval::make_engine_annotator(sink), sink);
    nlohmann::json out = vigie::eval::eval_report_json(report);
    nlohmann::json events = out.contains("events") ? out["events"] : nlohmann::json();
    std::printf("%s\n", events.dump(1).c_str());
    for (const auto& article : out["articles"])
      if (article.contains("events"))
        std::printf("%s tp=%d fp=%d fn=%d\n", article["id"].get<std::string>().c_str(), article["events"]["tp"].get<int>(),
                    article["events"]["fp"].get<int>(), article["events"]["fn"].get<int>());
    return 0;
  }
  vigie::text::TextProcessor processor;
  auto tagger = vigie::entities::EntityTagger::load();
  auto extractor = vigie::facts::FactExtractor::create();
  vigie::events::EventOptions event_options;
  event_options.future_cooperation_as_agree = true;  // the GSR follows the manual's AGREE rule
  auto coder = vigie::events::EventCoder::load(event_options);
  for (const vigie::Error* error : {tagger ? nullptr : &tagger.error(), extractor ? nullptr : &extractor.error(),
                                    coder ? nullptr : &coder.error()}) {
    if (error) {
      std::fprintf(stderr, "%s\n", error->to_string().c_str());
      return 1;
    }
  }
  if (!show_text.empty()) {  // one French text, coded with its mentions (development)
    Article article;
    article.text = show_text;
    article.lang = "fr";
    article.is_lang_from_metadata = true;
    article.published = "2024-01-01";
    processor.process(article);
    auto mentions = tagger.value()->tag(article);
    auto cues = tagger.value()->country_cues(article);
    for (const auto& m : mentions)
      std::printf("mention %s ref=%s country=%s\n", std::string(m.span.in(article.text)).c_str(), m.ref.c_str(),
                  m.country.c_str());
    for (const auto& c : cues) std::printf("cue %s %s\n", std::string(c.span.in(article.text)).c_str(), c.country.c_str());
    auto facts = extractor.value()->extract(article);
    auto events = coder.value()->code(article, nullptr, mentions, cues, facts);
    std::printf("%s\n", vigie::events::events_to_json(article, events).dump(1).c_str());
    return 0;
  }
  if (!show_dir.empty()) {
    auto compact = [](const nlohmann::json& e) {
      auto refs = [](const nlohmann::json& list) {
        std::string out;
        for (const auto& a : list) out += (out.empty() ? "" : "+") + (a["ref"].is_string() ? a["ref"].get<std::string>() : "?");
        return out.empty() ? std::string("-") : out;
      };
      std::string out = e["event"].get<std::string>() + (e["mode"].is_string() ? ":" + e["mode"].get<std::string>() : "") +
                        " " + refs(e["actor"]) + " > " + refs(e["recipient"]) + " @" +
                        (e["location"].is_string() ? e["location"].get<std::string>() : "-") + " " +
                        (e["date"].is_string() ? e["date"].get<std::string>() : "-") + " " + e["context"].dump() +
                        " | " + e["text"].get<std::string>().substr(0, 90);
      return out;
    };
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(show_dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::ifstream gold_in(path);
      nlohmann::json gold = nlohmann::json::parse(gold_in);
      fs::path source = fs::path(show_dir) / ".." / ".." / gold["source"].get<std::string>();
      std::ifstream text_in(source);
      std::stringstream content;
      content << text_in.rdbuf();
      Article article;
      article.text = content.str();
      article.lang = gold.value("lang", "fr");
      article.is_lang_from_metadata = true;
      article.published = gold["published"].is_string() ? gold["published"].get<std::string>() : "";
      processor.process(article);
      auto mentions = tagger.value()->tag(article);
      auto cues = tagger.value()->country_cues(article);
      auto facts = extractor.value()->extract(article);
      auto events = coder.value()->code(article, nullptr, mentions, cues, facts);
      std::printf("== %s\n", path.filename().c_str());
      for (const auto& e : gold["events"]) std::printf("  G %s\n", compact(e).c_str());
      for (const auto& e : vigie::events::events_to_json(article, events))
        std::printf("  P %s  {%s}\n", compact(e).c_str(), e["trigger"].get<std::string>().c_str());
    }
    return 0;
  }
  std::printf("machine: %s\n", machine().c_str());

  // English PLOVER sentences.
  std::ifstream in(gsr_path);
  nlohmann::json records = nlohmann::json::parse(in, nullptr, false);
  if (records.is_discarded() || !records.is_array()) {
    std::fprintf(stderr, "%s: not a JSON array of PLOVER records\n", gsr_path.c_str());
    return 1;
  }
  int total = 0, correct = 0, with_event = 0, actor_ok = 0, full_ok = 0;
  std::map<std::string, int> tp, fp, fn;
  size_t gsr_tokens = 0;
  double gsr_seconds = 0;
  for (const auto& record : records) {
    std::string gold = map_category(record.value("event", ""));
    if (gold.empty()) continue;
    ++total;
    Article article;
    article.text = record.value("text", "");
    article.lang = "en";
    article.is_lang_from_metadata = true;
    article.published = record.value("date", "");
    processor.process(article);
    auto start = std::chrono::steady_clock::now();
    auto mentions = tagger.value()->tag(article);
    auto cues = tagger.value()->country_cues(article);
    auto facts = extractor.value()->extract(article);
    auto events = coder.value()->code(article, nullptr, mentions, cues, facts);
    gsr_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    gsr_tokens += article.tokens.size();
    // The sentence's main event is its first confident one: the governing verb comes
    // before its complement ("agreed ... to cooperate", "demanded ... support").
    const vigie::events::Event* best = nullptr;
    for (const auto& e : events)
      if (e.confidence >= 0.5f && (!best || e.trigger.begin_byte < best->trigger.begin_byte)) best = &e;
    for (const auto& e : events)
      if (!best || (best->confidence < 0.5f && e.confidence > best->confidence)) best = &e;
    std::string predicted = best ? best->category : "NONE";
    if (best) ++with_event;
    if (predicted == gold) {
      ++correct;
      ++tp[gold];
      auto source = gold_codes(record.value("source", nlohmann::json()));
      auto target = gold_codes(record.value("target", nlohmann::json()));
      bool is_actor_ok = source.empty() ? best->actor.empty() : agrees(source, best->actor);
      bool is_target_ok = target.empty() || agrees(target, best->recipient);
      if (is_actor_ok) ++actor_ok;
      if (is_actor_ok && is_target_ok) ++full_ok;
    } else {
      ++fn[gold];
      if (best) ++fp[predicted];
      if (with_errors)
        std::printf("  %-10s -> %-10s %s\n", gold.c_str(), predicted.c_str(), record.value("text", "").substr(0, 110).c_str());
    }
  }
  double f1_sum = 0;
  int categories = 0;
  std::set<std::string> names;
  for (const auto* m : {&tp, &fp, &fn})
    for (const auto& [name, n] : *m) names.insert(name);
  for (const auto& name : names) {
    if (name == "NONE") continue;
    double p = tp[name] + fp[name] ? double(tp[name]) / (tp[name] + fp[name]) : 0;
    double r = tp[name] + fn[name] ? double(tp[name]) / (tp[name] + fn[name]) : 0;
    f1_sum += p + r > 0 ? 2 * p * r / (p + r) : 0;
    ++categories;
  }
  std::printf("plover-gsr-dev: %d sentences, %d with an event; category accuracy %.3f, macro F1 %.3f, "
              "actor right %.3f, category+actor+recipient right %.3f\n",
              total, with_event, total ? double(correct) / total : 0, categories ? f1_sum / categories : 0,
              total ? double(actor_ok) / total : 0, total ? double(full_ok) / total : 0);
  std::printf("plover-gsr-dev speed (entities+facts+events, 1 thread): %.0f tokens/s\n",
              gsr_seconds > 0 ? gsr_tokens / gsr_seconds : 0);

  // Event coder alone on whole articles.
  struct Prepared {
    Article article;
    std::vector<vigie::entities::Mention> mentions;
    std::vector<vigie::entities::CountryCue> cues;
    vigie::facts::ArticleFacts facts;
  };
  std::vector<Prepared> prepared;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus_dir, ec)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream file(entry.path());
    std::stringstream content;
    content << file.rdbuf();
    Prepared p;
    p.article.text = content.str();
    p.article.lang = "fr";
    p.article.is_lang_from_metadata = true;
    processor.process(p.article);
    p.mentions = tagger.value()->tag(p.article);
    p.cues = tagger.value()->country_cues(p.article);
    p.facts = extractor.value()->extract(p.article);
    prepared.push_back(std::move(p));
  }
  if (!prepared.empty()) {
    size_t tokens = 0, events = 0;
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeat; ++r) {
      for (const auto& p : prepared) {
        events += coder.value()->code(p.article, nullptr, p.mentions, p.cues, p.facts).size();
        tokens += p.article.tokens.size();
      }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("event coder alone on %zu articles x %d: %.0f tokens/s, %.0f articles/s, %zu events, peak RSS %ld MB\n",
                prepared.size(), repeat, tokens / seconds, prepared.size() * repeat / seconds, events / repeat,
                usage.ru_maxrss / 1024);
  }
  return 0;
}
