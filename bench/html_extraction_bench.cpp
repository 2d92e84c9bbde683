// Article-extraction quality and speed of the HTML reader, next to Readability.js.
//
// Reads the pages of the scrapinghub article-extraction-benchmark (html/<id>.html.gz
// and ground-truth.json, see ../shared/data/article-extraction-dev/SOURCE.txt), runs
// vigie's extractor on each, and scores it exactly as that benchmark's evaluate.py
// does: words are \w+ runs (Unicode letters, digits, "_"), shingles are word 4-grams
// counted with multiplicity; per page tp/fp/fn are normalised to sum 1; precision is
// averaged over pages with tp+fp > 0, recall over pages with tp+fn > 0, and F1 is the
// harmonic mean of those two averages. Speed: the whole set is extracted --repeat
// times from memory (decompression excluded); pages/s and peak RSS are printed.
//
// With --peer-results FILE (written by bench/peers/readability/extract.js on the same
// pages) the peer's texts are scored by this same code and shown side by side, with
// the speed ratio. bench/run_html_extraction.sh runs both in one go.
//
//   html_extraction_bench [--data DIR] [--peer-results FILE] [--repeat N] [--json]
//                         [--per-page] [--dump-dir DIR]

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ingest/html_reader.h"

namespace {

namespace fs = std::filesystem;

struct Page {
  std::string id;
  std::string html;
  std::string expected;
};

struct Counts {
  double tp = 0, fp = 0, fn = 0;
};

struct Scores {
  double precision = 0, recall = 0, f1 = 0;
};

// Python's \w on str: letters, digits and other numerics, and "_".
bool is_word_char(UChar32 c) {
  if (c == '_') return true;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

std::vector<std::string> tokenize(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  int32_t pos = 0;
  const auto length = static_cast<int32_t>(text.size());
  while (pos < length) {
    const int32_t start = pos;
    UChar32 c;
    U8_NEXT(text.data(), pos, length, c);
    if (c >= 0 && is_word_char(c)) {
      current.append(text, static_cast<size_t>(start), static_cast<size_t>(pos - start));
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::unordered_map<std::string, int> shingles(const std::string& text) {
  constexpr size_t kN = 4;
  const std::vector<std::string> tokens = tokenize(text);
  std::unordered_map<std::string, int> counts;
  // As evaluate.py: a text shorter than 4 words is one shingle; no words, none.
  const size_t count = tokens.size() >= kN ? tokens.size() - kN + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    std::string key;
    for (size_t j = i; j < std::min(i + kN, tokens.size()); ++j) {
      key += tokens[j];
      key += '\x1f';
    }
    if (!key.empty()) ++counts[key];
  }
  return counts;
}

Counts match(const std::string& expected, const std::string& predicted) {
  const auto truth = shingles(expected);
  const auto guess = shingles(predicted);
  Counts counts;
  for (const auto& [key, true_count] : truth) {
    const auto found = guess.find(key);
    const int pred_count = found == guess.end() ? 0 : found->second;
    counts.tp += std::min(true_count, pred_count);
    counts.fn += std::max(0, true_count - pred_count);
  }
  for (const auto& [key, pred_count] : guess) {
    const auto found = truth.find(key);
    const int true_count = found == truth.end() ? 0 : found->second;
    counts.fp += std::max(0, pred_count - true_count);
  }
  const double sum = counts.tp + counts.fp + counts.fn;
  if (sum > 0) {
    counts.tp /= sum;
    counts.fp /= sum;
    counts.fn /= sum;
  }
  return counts;
}

double precision_score(const Counts& c) {
  if (c.fp == 0 && c.fn == 0) return 1;
  if (c.tp == 0 && c.fp == 0) return 0;
  return c.tp / (c.tp + c.fp);
}

double recall_score(const Counts& c) {
  if (c.fp == 0 && c.fn == 0) return 1;
  if (c.tp == 0 && c.fn == 0) return 0;
  return c.tp / (c.tp + c.fn);
}

Scores average(const std::vector<Counts>& pages) {
  double precision = 0, recall = 0;
  int precision_pages = 0, recall_pages = 0;
  for (const Counts& c : pages) {
    if (c.tp + c.fp > 0) {
      precision += precision_score(c);
      ++precision_pages;
    }
    if (c.tp + c.fn > 0) {
      recall += recall_score(c);
      ++recall_pages;
    }
  }
  Scores scores;
  scores.precision = precision_pages > 0 ? precision / precision_pages : 0;
  scores.recall = recall_pages > 0 ? recall / recall_pages : 0;
  const double sum = scores.precision + scores.recall;
  scores.f1 = sum > 0 ? 2 * scores.precision * scores.recall / sum : 0;
  return scores;
}

bool read_gzip(const fs::path& path, std::string& out) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(read));
  const bool is_ok = read == 0;
  gzclose(file);
  return is_ok;
}

std::string machine_description() {
  std::string cpu;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname name{};
  uname(&name);
  return cpu + ", " + std::to_string(std::thread::hardware_concurrency()) + " threads, " + name.sysname + " " +
         name.release;
}

long peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024L;  // Linux reports KiB
}

int usage_error(const std::string& message) {
  std::cerr << "html_extraction_bench: " << message
            << "\nusage: html_extraction_bench [--data DIR] [--peer-results FILE] [--repeat N] [--json] "
               "[--per-page] [--dump-dir DIR]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // Default data: ../shared/data/... next to the repository this file belongs to.
  fs::path data_dir = fs::path(__FILE__).parent_path().parent_path() / ".." / "shared" / "data" /
                      "article-extraction-dev";
  std::string peer_path, dump_dir;
  int repeat = 5;
  bool is_json = false, is_per_page = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--data") data_dir = next();
    else if (arg == "--peer-results") peer_path = next();
    else if (arg == "--repeat") repeat = std::max(1, std::atoi(next().c_str()));
    else if (arg == "--json") is_json = true;
    else if (arg == "--per-page") is_per_page = true;
    else if (arg == "--dump-dir") dump_dir = next();
    else return usage_error("unknown argument " + arg);
  }

  nlohmann::json truth;
  try {
    std::ifstream in(data_dir / "ground-truth.json");
    if (!in) return usage_error("cannot read " + (data_dir / "ground-truth.json").string());
    truth = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    return usage_error(std::string("ground-truth.json: ") + error.what());
  }
  std::vector<Page> pages;
  size_t total_bytes = 0;
  for (const auto& [id, entry] : truth.items()) {
    Page page;
    page.id = id;
    page.expected = entry.value("articleBody", "");
    if (!read_gzip(data_dir / "html" / (id + ".html.gz"), page.html))
      return usage_error("cannot read html/" + id + ".html.gz");
    total_bytes += page.html.size();
    pages.push_back(std::move(page));
  }
  std::sort(pages.begin(), pages.end(), [](const Page& a, const Page& b) { return a.id < b.id; });

  // Quality, from the first run.
  std::vector<std::string> texts(pages.size());
  size_t failures = 0;
  for (size_t i = 0; i < pages.size(); ++i) {
    auto article = vigie::ingest::extract_article_from_html(pages[i].html, pages[i].id);
    if (article.ok()) {
      texts[i] = article->text;
    } else {
      ++failures;
    }
  }
  // Speed: the whole set, `repeat` times.
  const auto start = std::chrono::steady_clock::now();
  size_t checksum = 0;
  for (int r = 0; r < repeat; ++r) {
    for (const Page& page : pages) {
      auto article = vigie::ingest::extract_article_from_html(page.html, page.id);
      if (article.ok()) checksum += article->text.size();
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double pages_per_second = static_cast<double>(pages.size()) * repeat / seconds;
  const double mb_per_second = static_cast<double>(total_bytes) * repeat / seconds / 1e6;
  const long rss = peak_rss_bytes();

  std::vector<Counts> counts;
  for (size_t i = 0; i < pages.size(); ++i) counts.push_back(match(pages[i].expected, texts[i]));
  const Scores vigie_scores = average(counts);

  if (!dump_dir.empty()) {
    fs::create_directories(dump_dir);
    for (size_t i = 0; i < pages.size(); ++i) std::ofstream(fs::path(dump_dir) / (pages[i].id + ".txt")) << texts[i];
  }

  // Peer.
  bool has_peer = false;
  Scores peer_scores;
  double peer_pages_per_second = 0, peer_mb_per_second = 0;
  long peer_rss = 0;
  std::string peer_name = "peer";
  std::vector<Counts> peer_counts;
  if (!peer_path.empty()) {
    try {
      std::ifstream in(peer_path);
      if (!in) return usage_error("cannot read " + peer_path);
      const nlohmann::json peer = nlohmann::json::parse(in);
      peer_name = peer.value("name", "peer");
      peer_pages_per_second = peer.value("pages_per_second", 0.0);
      peer_mb_per_second = peer.value("mb_per_second", 0.0);
      peer_rss = peer.value("peak_rss_bytes", 0L);
      const auto& peer_texts = peer.at("texts");
      for (const Page& page : pages) {
        const auto found = peer_texts.find(page.id);
        const std::string text = found != peer_texts.end() && found->is_string() ? found->get<std::string>() : "";
        peer_counts.push_back(match(page.expected, text));
      }
      peer_scores = average(peer_counts);
      has_peer = true;
    } catch (const nlohmann::json::exception& error) {
      return usage_error(peer_path + ": " + error.what());
    }
  }

  if (is_json) {
    nlohmann::json out;
    out["machine"] = machine_description();
    out["pages"] = pages.size();
    out["repeat"] = repeat;
    out["vigie"] = {{"f1", vigie_scores.f1}, {"precision", vigie_scores.precision},
                    {"recall", vigie_scores.recall}, {"pages_per_second", pages_per_second},
                    {"mb_per_second", mb_per_second}, {"peak_rss_bytes", rss}, {"failures", failures}};
    if (has_peer) {
      out["peer"] = {{"name", peer_name}, {"f1", peer_scores.f1}, {"precision", peer_scores.precision},
                     {"recall", peer_scores.recall}, {"pages_per_second", peer_pages_per_second},
                     {"mb_per_second", peer_mb_per_second}, {"peak_rss_bytes", peer_rss}};
      out["speed_ratio"] = peer_pages_per_second > 0 ? pages_per_second / peer_pages_per_second : 0;
    }
    if (is_per_page) {
      for (size_t i = 0; i < pages.size(); ++i) {
        out["per_page"][pages[i].id] = {{"precision", precision_score(counts[i])}, {"recall", recall_score(counts[i])}};
      }
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  if (is_per_page) {
    std::vector<size_t> order(pages.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto f1_of = [](const Counts& c) {
      const double p = precision_score(c), r = recall_score(c);
      return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    };
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return f1_of(counts[a]) < f1_of(counts[b]); });
    std::printf("%-66s %6s %6s %6s%s\n", "page", "P", "R", "F1", has_peer ? "  peer F1" : "");
    for (size_t i : order) {
      std::printf("%-66s %6.3f %6.3f %6.3f", pages[i].id.c_str(), precision_score(counts[i]), recall_score(counts[i]),
                  f1_of(counts[i]));
      if (has_peer) std::printf("  %6.3f", f1_of(peer_counts[i]));
      std::printf("\n");
    }
    std::printf("\n");
  }
  std::printf("machine: %s\n", machine_description().c_str());
  std::printf("data: %s (%zu pages, %.1f MB of HTML), speed over %d passes\n", data_dir.c_str(), pages.size(),
              total_bytes / 1e6, repeat);
  std::printf("%-16s %7s %9s %7s %10s %8s %14s\n", "extractor", "F1", "precision", "recall", "pages/s", "MB/s",
              "peak RSS (MB)");
  std::printf("%-16s %7.3f %9.3f %7.3f %10.1f %8.1f %14.1f\n", "vigie", vigie_scores.f1, vigie_scores.precision,
              vigie_scores.recall, pages_per_second, mb_per_second, rss / 1e6);
  if (has_peer) {
    std::printf("%-16s %7.3f %9.3f %7.3f %10.1f %8.1f %14.1f\n", peer_name.c_str(), peer_scores.f1,
                peer_scores.precision, peer_scores.recall, peer_pages_per_second, peer_mb_per_second, peer_rss / 1e6);
    if (peer_pages_per_second > 0)
      std::printf("speed ratio vigie / %s: %.1fx\n", peer_name.c_str(), pages_per_second / peer_pages_per_second);
  }
  if (failures > 0) std::printf("vigie rejected %zu pages\n", failures);
  (void)checksum;
  return 0;
}
