// Threads: the calling thread reads inputs and cuts the raw articles into chunks;
// worker threads run the text stage on whole chunks (one TextProcessor each, since
// ICU iterators are not shareable), then the analyzer (one shared by all workers); one consumer thread takes the chunks back in their
// original order, so "the first copy" of a near-duplicate is the same on every run.
// Queues are bounded, which keeps memory flat on corpora of any size.

#include "pipeline/article_pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "ingest/format_detector.h"
#include "pipeline/sidecar_metadata.h"
#include "text/text_processor.h"

namespace vigie::pipeline {
namespace {

constexpr size_t kFormatPeekBytes = 64u << 10;

class CountingSource : public ingest::ByteSource {
 public:
  CountingSource(std::unique_ptr<ingest::ByteSource> inner, std::atomic<uint64_t>* counter)
      : inner_(std::move(inner)), counter_(counter) {}
  Result<size_t> read(char* buffer, size_t capacity) override {
    auto n = inner_->read(buffer, capacity);
    if (n && counter_ != nullptr) counter_->fetch_add(n.value(), std::memory_order_relaxed);
    return n;
  }

 private:
  std::unique_ptr<ingest::ByteSource> inner_;
  std::atomic<uint64_t>* counter_;
};

struct Chunk {
  uint64_t sequence = 0;
  std::vector<Article> articles;              // read, waiting for the workers
  std::vector<ProcessedArticle> processed;    // what the workers made of them
};

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  bool push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || is_closed_; });
    if (is_closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || is_closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void close() {
    std::lock_guard lock(mutex_);
    is_closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> items_;
  bool is_closed_ = false;
};

// Reorders processed chunks by sequence number for the consumer, and bounds how many
// chunks are in flight: when the consumer (the store writer) is the slowest stage,
// the reader waits here instead of filling memory with processed chunks.
class ReorderBuffer {
 public:
  explicit ReorderBuffer(uint64_t max_in_flight) : max_in_flight_(max_in_flight) {}
  // Blocks the producer until chunk `sequence` may enter; false once aborted.
  bool wait_for_room(uint64_t sequence) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return sequence < next_ + max_in_flight_ || is_aborted_; });
    return !is_aborted_;
  }
  void abort() {
    std::lock_guard lock(mutex_);
    is_aborted_ = true;
    changed_.notify_all();
  }
  void put(Chunk chunk) {
    std::lock_guard lock(mutex_);
    ready_.emplace(chunk.sequence, std::move(chunk));
    changed_.notify_all();
  }
  // The next chunk in order, or nullopt when all chunks up to `final_count` were taken.
  std::optional<Chunk> take_next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return ready_.count(next_) > 0 || (has_final_count_ && next_ >= final_count_) || is_aborted_;
    });
    if (is_aborted_) return std::nullopt;
    auto it = ready_.find(next_);
    if (it == ready_.end()) return std::nullopt;
    Chunk chunk = std::move(it->second);
    ready_.erase(it);
    ++next_;
    changed_.notify_all();
    return chunk;
  }
  void finish(uint64_t final_count) {
    std::lock_guard lock(mutex_);
    has_final_count_ = true;
    final_count_ = final_count;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Chunk> ready_;
  uint64_t next_ = 0;
  uint64_t max_in_flight_;
  bool is_aborted_ = false;
  bool has_final_count_ = false;
  uint64_t final_count_ = 0;
};

bool is_hidden(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs, ingest::DiagnosticsSink& sink) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    if (input == "-") {
      files.push_back(input);
      continue;
    }
    std::error_code ec;
    std::filesystem::file_status status = std::filesystem::status(input, ec);
    if (ec || !std::filesystem::exists(status)) {
      sink.report(make_error(ErrorKind::kIo, input, "no such file or folder"));
      continue;
    }
    if (!std::filesystem::is_directory(status)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    auto options = std::filesystem::directory_options::skip_permission_denied;
    for (auto it = std::filesystem::recursive_directory_iterator(input, options, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (is_hidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      if (it->path().filename() == "meta.tsv") continue;
      found.push_back(it->path().string());
    }
    if (ec) sink.report(make_error(ErrorKind::kIo, input, "cannot list folder: " + ec.message()));
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Status read_input(const std::string& path, ingest::DiagnosticsSink& sink, const ingest::ArticleCallback& emit,
                  std::atomic<uint64_t>* bytes_read, SidecarMetadata* sidecars) {
  std::unique_ptr<ingest::ByteSource> raw;
  if (path == "-") {
    raw = ingest::make_stdin_source();
  } else {
    auto opened = ingest::open_file_source(path);
    if (!opened) return opened.error();
    raw = std::move(opened.value());
  }
  auto counted = std::make_unique<ingest::PeekableSource>(std::make_unique<CountingSource>(std::move(raw), bytes_read));
  auto magic = counted->peek(4);
  if (!magic) return magic.error();
  ingest::Compression compression = ingest::detect_compression(magic.value());
  ingest::PeekableSource source(ingest::make_decompressing_source(std::move(counted), compression, path));
  auto head = source.peek(kFormatPeekBytes);
  if (!head) return head.error();
  if (head.value().empty()) return make_error(ErrorKind::kInvalidInput, path, "empty file; nothing read");
  ingest::Format format = ingest::detect_format(path, head.value());
  if (format == ingest::Format::kUnknown) {
    return make_error(ErrorKind::kInvalidInput, path,
                      "binary content (NUL bytes), not text, HTML, JSON Lines, a feed or WARC; skipped");
  }
  auto reader = ingest::make_reader(format);
  const SidecarRow* sidecar = nullptr;
  bool is_single_article = format == ingest::Format::kText || format == ingest::Format::kHtml;
  SidecarMetadata local_sidecars;
  if (is_single_article && path != "-") sidecar = (sidecars ? sidecars : &local_sidecars)->find(path, sink);
  ingest::ReadContext context{path};
  return reader->read(
      source, context,
      [&](Article&& article) {
        if (sidecar != nullptr) SidecarMetadata::apply(*sidecar, article, sink);
        // A file holding one article is known by its name ("vigie show 002_cc9a...").
        if (is_single_article && article.source_id.empty() && path != "-") {
          std::string name = std::filesystem::path(path).filename().string();
          article.source_id = name.substr(0, name.find('.'));
        }
        emit(std::move(article));
      },
      sink);
}

Status run_pipeline(const std::vector<std::string>& files, const PipelineOptions& options,
                    ingest::DiagnosticsSink& sink, PipelineCounters& counters, const BatchConsumer& consume) {
  int workers = options.worker_threads > 0 ? options.worker_threads
                                           : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  counters.files_total = files.size();
  for (const auto& file : files) {
    std::error_code ec;
    if (file != "-") counters.input_bytes_total += std::filesystem::file_size(file, ec);
  }

  BoundedQueue<Chunk> work(static_cast<size_t>(workers) * 2);
  ReorderBuffer done(static_cast<uint64_t>(workers) * 4);
  std::atomic<bool> should_stop{false};
  Status consumer_status;

  // Counts what readers report so the summary can say how many records were rejected.
  class CountingSink : public ingest::DiagnosticsSink {
   public:
    CountingSink(ingest::DiagnosticsSink& inner, std::atomic<uint64_t>& count) : inner_(inner), count_(count) {}
    void report(const Error& error) override {
      count_.fetch_add(1);
      inner_.report(error);
    }

   private:
    ingest::DiagnosticsSink& inner_;
    std::atomic<uint64_t>& count_;
  } counting_sink(sink, counters.records_rejected);

  std::mutex setup_mutex;
  std::string setup_error;
  std::vector<std::thread> worker_threads;
  for (int i = 0; i < workers; ++i) {
    worker_threads.emplace_back([&] {
      std::unique_ptr<text::TextProcessor> owned;
      try {
        owned = std::make_unique<text::TextProcessor>();
      } catch (const std::exception& e) {
        // A missing or too-new lexicon: nothing can be processed, so stop the run.
        std::lock_guard lock(setup_mutex);
        if (setup_error.empty()) setup_error = e.what();
        should_stop = true;
        work.close();
        done.abort();
        return;
      }
      text::TextProcessor& processor = *owned;
      while (auto chunk = work.pop()) {
        std::vector<ProcessedArticle>& kept = chunk->processed;
        kept.reserve(chunk->articles.size());
        for (Article& article : chunk->articles) {
          processor.process(article);
          if (article.text.empty()) {
            counting_sink.report(make_error(ErrorKind::kInvalidInput, article.source_file,
                                            "no text left after normalisation; skipped"));
            continue;
          }
          counters.text_bytes.fetch_add(article.text.size(), std::memory_order_relaxed);
          ProcessedArticle& processed = kept.emplace_back();
          processed.article = std::move(article);
          if (options.analyzer != nullptr) {
            processed.analysis = options.analyzer->analyze(processed.article);
            processed.analysis_version = kAnalysisVersion;
          }
        }
        chunk->articles.clear();
        done.put(std::move(*chunk));
      }
    });
  }

  std::thread consumer([&] {
    while (auto chunk = done.take_next()) {
      if (chunk->processed.empty()) continue;
      Status status = consume(chunk->processed);
      if (!status) {
        // Aborting wakes the reader waiting for room; workers still put their last
        // chunks into the buffer, which nobody takes any more.
        consumer_status = status;
        should_stop = true;
        work.close();
        done.abort();
        break;
      }
    }
  });

  SidecarMetadata sidecars;
  uint64_t sequence = 0;
  Chunk current;
  size_t current_bytes = 0;
  auto flush = [&] {
    if (current.articles.empty()) return;
    current.sequence = sequence;
    current_bytes = 0;
    if (done.wait_for_room(sequence) && work.push(std::move(current))) {
      ++sequence;
    } else {
      should_stop = true;
    }
    current = Chunk{};
  };
  for (const std::string& file : files) {
    if (should_stop) break;
    Status status = read_input(
        file, counting_sink,
        [&](Article&& article) {
          counters.articles_read.fetch_add(1, std::memory_order_relaxed);
          current_bytes += article.text.size();
          current.articles.push_back(std::move(article));
          if (current.articles.size() >= options.batch_max_articles || current_bytes >= options.batch_max_bytes) flush();
        },
        &counters.input_bytes_read, &sidecars);
    if (!status) {
      counting_sink.report(status.error());
      counters.files_failed.fetch_add(1);
    }
    counters.files_done.fetch_add(1);
  }
  flush();
  work.close();
  for (auto& thread : worker_threads) thread.join();
  done.finish(sequence);
  consumer.join();
  if (!setup_error.empty()) return make_error(ErrorKind::kUnsupportedVersion, "", "text stage: " + setup_error);
  return consumer_status;
}

}  // namespace vigie::pipeline
