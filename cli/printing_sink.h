#pragma once
// Prints each input problem as it happens ("error: corpus/a.jsonl:12: ...") and keeps
// count for the summary. Safe to call from the pipeline's threads.

#include <cstdio>
#include <mutex>

#include "ingest/article_reader.h"

namespace vigie::cli {

class PrintingSink : public ingest::DiagnosticsSink {
 public:
  void report(const Error& error) override {
    std::lock_guard lock(mutex_);
    ++count_;
    std::fprintf(stderr, "\rerror: %s\n", error.to_string().c_str());
  }
  size_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  mutable std::mutex mutex_;
  size_t count_ = 0;
};

}  // namespace vigie::cli
