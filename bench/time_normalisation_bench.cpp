// Date normalisation side by side: vigie's time extractor, python3-dateparser and
// chrono-node on the same expressions with the same reference dates (issue #4).
//
//   time_normalisation_bench --export CASES.tsv GOLD_DIR...
//       writes one case per gold time expression: lang, published, expression, value
//   time_normalisation_bench --cases CASES.tsv [--peer NAME=RESULTS.tsv]... [--repeat N]
//       runs vigie on the cases, reads each peer's results (bench/peers/*/normalise.*),
//       prints accuracy and speed of each system and the speed ratios
//
// bench/run_time_normalisation.sh runs all of it. Each system gets the expression alone
// ("hier lundi", "en août 2021") and the article's publication date; that is all a
// date parser such as dateparser or chrono takes, so no system has context the others
// lack.
//
// Scoring. vigie writes TIMEX3 values and is right when its value equals the gold
// value. The peers return a date-time; it is right when, cut to the gold value's
// granularity, it gives the gold value: "2022-11" is right for any day of November
// 2022, "2022-W46" for any day of that ISO week. Gold values a date-time cannot express
// (durations "P3Y", "PAST_REF", seasons, parts of the day "TEV") count as misses for the
// peers, so accuracy is also printed on the calendar subset (year, month, day, week,
// minute) where every system can be right.

#include <sys/resource.h>
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/annotations.h"
#include "facts/fact_extractor.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
  std::string lang, published, expression, gold;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, '\t')) fields.push_back(field);
  return fields;
}

int export_cases(const std::string& out_path, const std::vector<std::string>& gold_dirs) {
  std::ofstream out(out_path);
  out << "# lang\tpublished\texpression\tgold value (from time_normalisation_bench --export)\n";
  size_t written = 0;
  for (const std::string& dir : gold_dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::ifstream in(path);
      auto json = nlohmann::json::parse(in, nullptr, false);
      if (json.is_discarded()) {
        std::cerr << path.string() << ": not valid JSON; skipped\n";
        continue;
      }
      auto gold = vigie::eval::parse_annotations(json, path.string());
      if (!gold.ok()) {
        std::cerr << gold.error().to_string() << "; skipped\n";
        continue;
      }
      // Without a reference date nothing relative can be resolved by anyone.
      if (!gold->times || gold->published.size() < 10) continue;
      const std::string lang = gold->lang.empty() ? "fr" : gold->lang;
      for (const auto& time : *gold->times) {
        if (time.value.empty() || time.text.find_first_of("\t\n") != std::string::npos) continue;
        out << lang << '\t' << gold->published.substr(0, 10) << '\t' << time.text << '\t' << time.value << '\n';
        ++written;
      }
    }
  }
  std::cerr << "exported " << written << " cases to " << out_path << "\n";
  return written > 0 ? 0 : 1;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// ISO 8601 week "YYYY-Www" of a civil date.
std::string iso_week(int year, int month, int day) {
  const int64_t days = days_from_civil(year, month, day);
  const int weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);  // Monday = 0
  const int64_t thursday = days - weekday + 3;
  // The week belongs to the year of its Thursday.
  int week_year = year;
  if (thursday < days_from_civil(year, 1, 1)) week_year = year - 1;
  if (thursday >= days_from_civil(year + 1, 1, 1)) week_year = year + 1;
  const int64_t week = (thursday - days_from_civil(week_year, 1, 1)) / 7 + 1;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-W%02d", week_year, static_cast<int>(week));
  return buffer;
}

enum class Granularity { kYear, kMonth, kDay, kWeek, kMinute, kOther };

Granularity granularity_of(const std::string& value) {
  static const std::regex year("^\\d{4}$"), month("^\\d{4}-\\d{2}$"), day("^\\d{4}-\\d{2}-\\d{2}$"),
      week("^\\d{4}-W\\d{2}$"), minute("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$");
  if (std::regex_match(value, year)) return Granularity::kYear;
  if (std::regex_match(value, month)) return Granularity::kMonth;
  if (std::regex_match(value, day)) return Granularity::kDay;
  if (std::regex_match(value, week)) return Granularity::kWeek;
  if (std::regex_match(value, minute)) return Granularity::kMinute;
  return Granularity::kOther;
}

// A peer's "YYYY-MM-DDTHH:MM:SS" cut to the gold value's granularity.
bool peer_is_right(const std::string& predicted, const std::string& gold) {
  if (predicted.size() < 19) return false;
  switch (granularity_of(gold)) {
    case Granularity::kYear: return predicted.compare(0, 4, gold) == 0;
    case Granularity::kMonth: return predicted.compare(0, 7, gold) == 0;
    case Granularity::kDay: return predicted.compare(0, 10, gold) == 0;
    case Granularity::kMinute: return predicted.compare(0, 16, gold) == 0;
    case Granularity::kWeek:
      return iso_week(std::stoi(predicted.substr(0, 4)), std::stoi(predicted.substr(5, 2)),
                      std::stoi(predicted.substr(8, 2))) == gold;
    case Granularity::kOther: return false;
  }
  return false;
}

struct SystemResult {
  std::string name;
  std::vector<std::string> values;  // one per case
  double seconds = 0;               // one pass over the cases
  bool is_timex = false;            // vigie: compared exactly
};

struct Accuracy {
  size_t right = 0, total = 0, calendar_right = 0, calendar_total = 0, answered = 0;
};

Accuracy score(const SystemResult& system, const std::vector<Case>& cases) {
  Accuracy accuracy;
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string& predicted = i < system.values.size() ? system.values[i] : std::string();
    const bool is_right = system.is_timex ? predicted == cases[i].gold : peer_is_right(predicted, cases[i].gold);
    const bool is_calendar = granularity_of(cases[i].gold) != Granularity::kOther;
    accuracy.total++;
    accuracy.right += is_right;
    accuracy.answered += !predicted.empty();
    if (is_calendar) {
      accuracy.calendar_total++;
      accuracy.calendar_right += is_right;
    }
  }
  return accuracy;
}

SystemResult run_vigie(const std::vector<Case>& cases, int repeat) {
  SystemResult result{"vigie", {}, 0, true};
  auto extractor = vigie::facts::FactExtractor::create({"fr", "en"}, {false, true, false, false});
  if (!extractor.ok()) {
    std::cerr << extractor.error().to_string() << "\n";
    std::exit(1);
  }
  std::vector<vigie::Article> articles(cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    articles[i].text = cases[i].expression;
    articles[i].lang = cases[i].lang;
    articles[i].published = cases[i].published;
  }
  const auto start = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    result.values.assign(cases.size(), "");
    for (size_t i = 0; i < cases.size(); ++i) {
      const auto facts = (*extractor)->extract(articles[i]);
      // The longest expression found stands for the whole input ("hier lundi", not "lundi").
      size_t best_length = 0;
      for (const auto& time : facts.times) {
        if (time.span.size() > best_length) {
          best_length = time.span.size();
          result.values[i] = time.value;
        }
      }
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count() / repeat;
  return result;
}

SystemResult read_peer(const std::string& name, const std::string& path) {
  SystemResult result{name, {}, 0, false};
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot read the results of " << name << "\n";
    std::exit(1);
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# seconds ", 0) == 0) {
      result.seconds = std::stod(line.substr(10));
    } else {
      result.values.push_back(line);
    }
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 2 && args[0] == "--export") {
    return export_cases(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
  }
  std::string cases_path;
  std::vector<std::pair<std::string, std::string>> peers;
  int repeat = 20;
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--cases") cases_path = args[i + 1];
    else if (args[i] == "--repeat") repeat = std::max(1, std::stoi(args[i + 1]));
    else if (args[i] == "--peer") {
      const size_t equals = args[i + 1].find('=');
      if (equals == std::string::npos) {
        std::cerr << "--peer wants NAME=RESULTS.tsv\n";
        return 2;
      }
      peers.emplace_back(args[i + 1].substr(0, equals), args[i + 1].substr(equals + 1));
    }
  }
  if (cases_path.empty()) {
    std::cerr << "usage: time_normalisation_bench --export CASES.tsv GOLD_DIR... | --cases CASES.tsv "
                 "[--peer NAME=RESULTS.tsv]... [--repeat N]\n";
    return 2;
  }
  std::vector<Case> cases;
  std::ifstream in(cases_path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_tabs(line);
    if (fields.size() >= 4) cases.push_back({fields[0], fields[1], fields[2], fields[3]});
  }
  if (cases.empty()) {
    std::cerr << cases_path << ": no cases\n";
    return 1;
  }
  std::vector<SystemResult> systems{run_vigie(cases, repeat)};
  for (const auto& [name, path] : peers) {
    systems.push_back(read_peer(name, path));
    if (systems.back().values.size() != cases.size()) {
      std::cerr << path << ": " << systems.back().values.size() << " results for " << cases.size() << " cases\n";
      return 1;
    }
  }
  utsname machine{};
  uname(&machine);
  std::printf("machine: %s %s, %u hardware threads\n", machine.sysname, machine.machine,
              std::thread::hardware_concurrency());
  std::printf("cases: %zu expressions from %s (calendar values: %zu)\n", cases.size(), cases_path.c_str(),
              score(systems[0], cases).calendar_total);
  std::printf("%-12s %10s %10s %10s %14s %12s\n", "system", "accuracy", "calendar", "answered", "expressions/s",
              "vigie speed");
  for (const SystemResult& system : systems) {
    const Accuracy a = score(system, cases);
    const double rate = system.seconds > 0 ? static_cast<double>(cases.size()) / system.seconds : 0;
    const double ratio = system.seconds > 0 ? system.seconds / systems[0].seconds : 0;
    std::printf("%-12s %10.3f %10.3f %10.3f %14.0f %11.0fx\n", system.name.c_str(),
                static_cast<double>(a.right) / static_cast<double>(a.total),
                a.calendar_total ? static_cast<double>(a.calendar_right) / static_cast<double>(a.calendar_total) : 0,
                static_cast<double>(a.answered) / static_cast<double>(a.total), rate, ratio);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("vigie peak RSS: %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
