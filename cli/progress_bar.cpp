#include "progress_bar.h"

#include <cstdio>
#include <string>

#include "terminal.h"

namespace vigie::cli {

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return buffer;
}

std::string human_duration(double seconds) {
  long total = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

ProgressBar::ProgressBar(const pipeline::PipelineCounters& counters, std::atomic<uint64_t>& stored, bool is_enabled)
    : counters_(counters), stored_(stored), is_enabled_(is_enabled), is_tty_(is_terminal(stderr)),
      start_(std::chrono::steady_clock::now()) {
  if (is_enabled_) thread_ = std::thread([this] { run(); });
}

ProgressBar::~ProgressBar() { stop(); }

void ProgressBar::stop() {
  if (!thread_.joinable()) return;
  should_stop_ = true;
  thread_.join();
  if (is_tty_) draw(true);
}

void ProgressBar::run() {
  auto interval = is_tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  auto next = std::chrono::steady_clock::now() + interval;
  while (!should_stop_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (std::chrono::steady_clock::now() >= next) {
      draw(false);
      next += interval;
    }
  }
}

void ProgressBar::draw(bool is_final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double total = static_cast<double>(counters_.input_bytes_total.load());
  double read = static_cast<double>(counters_.input_bytes_read.load());
  double fraction = total > 0 ? std::min(1.0, read / total) : 0;
  double rate = elapsed > 0 ? read / elapsed : 0;
  double articles_per_second = elapsed > 0 ? static_cast<double>(stored_.load()) / elapsed : 0;
  std::string eta = rate > 0 && total > read ? human_duration((total - read) / rate) : "0:00";
  char line[256];
  if (is_tty_) {
    constexpr int kWidth = 28;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::snprintf(line, sizeof line, "\r[%s] %3.0f%% %s/s %.0f articles/s, %lu stored, ETA %s   ", bar.c_str(),
                  fraction * 100, human_bytes(rate).c_str(), articles_per_second,
                  static_cast<unsigned long>(stored_.load()), eta.c_str());
    std::fputs(line, stderr);
    if (is_final) std::fputs("\n", stderr);
  } else {
    std::snprintf(line, sizeof line, "progress: %.0f%% of %s, %s/s, %lu articles read, %lu stored, ETA %s\n",
                  fraction * 100, human_bytes(total).c_str(), human_bytes(rate).c_str(),
                  static_cast<unsigned long>(counters_.articles_read.load()),
                  static_cast<unsigned long>(stored_.load()), eta.c_str());
    std::fputs(line, stderr);
  }
  std::fflush(stderr);
}

}  // namespace vigie::cli
