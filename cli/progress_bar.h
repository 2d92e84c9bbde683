#pragma once
// A progress display for long ingests: a redrawn bar with rate and ETA on a
// terminal, a plain line every few seconds otherwise (logs, CI), nothing when quiet.
// Reads the pipeline's atomic counters from its own thread.

#include <atomic>
#include <chrono>
#include <thread>

#include "pipeline/article_pipeline.h"

namespace vigie::cli {

class ProgressBar {
 public:
  ProgressBar(const pipeline::PipelineCounters& counters, std::atomic<uint64_t>& stored, bool is_enabled);
  ~ProgressBar();
  void stop();

 private:
  void run();
  void draw(bool is_final);
  const pipeline::PipelineCounters& counters_;
  std::atomic<uint64_t>& stored_;
  bool is_enabled_;
  bool is_tty_;
  std::atomic<bool> should_stop_{false};
  std::chrono::steady_clock::time_point start_;
  std::thread thread_;
};

}  // namespace vigie::cli
