#pragma once
// The pipeline from input paths to processed articles: walks folders, opens and
// decompresses each file, picks a reader by content, applies sidecar metadata
// (meta.tsv), runs the text stage and then the analysis stages (pipeline/article_analyzer.h)
// on worker threads and hands the processed articles, in input order, to a consumer in
// batches (the store writer, or `vigie extract`).
//
// Memory stays flat whatever the corpus size: at most a few batches are in flight.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/error.h"
#include "ingest/article_reader.h"
#include "pipeline/article_analyzer.h"

namespace vigie::pipeline {

struct PipelineOptions {
  int worker_threads = 0;            // 0: one per core
  size_t batch_max_articles = 256;   // articles handed to the consumer at once
  size_t batch_max_bytes = 4u << 20; // ... or this many bytes of text
  // Runs after the text stage on the worker threads; null: text stage only (the
  // analysis of every article stays empty, analysis_version 0). Not owned; must
  // outlive run_pipeline.
  const ArticleAnalyzer* analyzer = nullptr;
};

// One article as the consumer gets it: the text stage's output and, when the pipeline
// has an analyzer, its analysis (spans into article.text).
struct ProcessedArticle {
  Article article;
  ArticleAnalysis analysis;
  int analysis_version = 0;  // kAnalysisVersion when analysed, 0 for text only
};

// Counters the progress display reads while the pipeline runs.
struct PipelineCounters {
  std::atomic<uint64_t> input_bytes_total{0};  // sizes of the input files (compressed)
  std::atomic<uint64_t> input_bytes_read{0};
  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> files_done{0};
  std::atomic<uint64_t> files_failed{0};
  std::atomic<uint64_t> articles_read{0};
  std::atomic<uint64_t> records_rejected{0};  // errors reported by readers
  std::atomic<uint64_t> text_bytes{0};
};

// Called with each batch, from one thread at a time, in input order. An Error stops
// the run (the store could not be written); what was consumed before stays.
using BatchConsumer = std::function<Status(std::vector<ProcessedArticle>& batch)>;

// Expands `inputs` ("-" is stdin) into files: folders recursively in name order,
// hidden files and meta.tsv sidecars skipped. Missing paths are reported to `sink`.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs, ingest::DiagnosticsSink& sink);

// Runs the whole read -> text -> analysis pipeline. Returns an Error only when the consumer failed.
Status run_pipeline(const std::vector<std::string>& files, const PipelineOptions& options,
                    ingest::DiagnosticsSink& sink, PipelineCounters& counters, const BatchConsumer& consume);

// Reads one file (or "-") into raw articles, with sidecar metadata applied; no text
// processing. For tests and tools.
// `sidecars` caches meta.tsv files across the calls of one run; nullptr reads afresh.
class SidecarMetadata;
Status read_input(const std::string& path, ingest::DiagnosticsSink& sink, const ingest::ArticleCallback& emit,
                  std::atomic<uint64_t>* bytes_read = nullptr, SidecarMetadata* sidecars = nullptr);

}  // namespace vigie::pipeline
