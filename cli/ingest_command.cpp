// vigie ingest / vigie extract: the same pipeline, into the store or to stdout. Both
// run the analysis stages (entities, facts) unless told not to: ingest stores them with
// the article, extract prints them with --analysis.

#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "article_json.h"
#include "commands.h"
#include "pipeline/article_pipeline.h"
#include "printing_sink.h"
#include "progress_bar.h"
#include "store/article_store.h"
#include "terminal.h"

namespace vigie::cli {
namespace {

struct IngestFlags {
  std::vector<std::string> inputs;
  int threads = 0;
  bool is_json = false;
  bool is_verbose = false;
  bool is_text_only = false;     // ingest: store text and sentences only (analysis_version 0)
  bool has_analysis = false;     // extract: print entities and facts too
  std::vector<std::string> kb_files;
};

// The analyzer, or nullptr after printing why it could not be loaded.
std::unique_ptr<pipeline::ArticleAnalyzer> load_analyzer(const IngestFlags& flags) {
  pipeline::AnalyzerOptions options;
  options.extra_kb_files = flags.kb_files;
  auto loaded = pipeline::ArticleAnalyzer::load(options);
  if (!loaded) {
    std::fprintf(stderr, "error: %s\n", loaded.error().to_string().c_str());
    return nullptr;
  }
  // Once per run: without the syntax model, events are still coded (clause windows).
  if (!loaded.value()->syntax_warning().empty())
    std::fprintf(stderr, "warning: %s\n", loaded.value()->syntax_warning().c_str());
  return std::move(loaded.value());
}

int run_ingest(const GlobalOptions& global, const IngestFlags& flags) {
  PrintingSink sink;
  auto store = store::ArticleStore::open({global.db_path, false});
  if (!store) {
    std::fprintf(stderr, "error: %s\n", store.error().to_string().c_str());
    return kExitSomeInputsFailed;
  }
  std::unique_ptr<pipeline::ArticleAnalyzer> analyzer;
  if (!flags.is_text_only) {
    analyzer = load_analyzer(flags);
    if (!analyzer) return kExitSomeInputsFailed;
  }
  std::vector<std::string> files = pipeline::expand_inputs(flags.inputs, sink);
  pipeline::PipelineCounters counters;
  std::atomic<uint64_t> stored{0};
  uint64_t near_duplicates = 0, duplicates = 0;
  auto start = std::chrono::steady_clock::now();
  Status status;
  {
    ProgressBar progress(counters, stored, !global.is_quiet && !flags.is_verbose);
    pipeline::PipelineOptions options;
    options.worker_threads = flags.threads;
    options.analyzer = analyzer.get();
    std::vector<store::ArticleWrite> writes;
    status = pipeline::run_pipeline(files, options, sink, counters, [&](std::vector<pipeline::ProcessedArticle>& batch) -> Status {
      writes.clear();
      for (const pipeline::ProcessedArticle& processed : batch) {
        store::ArticleWrite& write = writes.emplace_back();
        write.article = &processed.article;
        write.analysis_version = processed.analysis_version;
        if (processed.analysis_version != 0) {
          write.mentions = &processed.analysis.mentions;
          write.entities = &processed.analysis.entities;
          write.facts = &processed.analysis.facts;
          write.events = &processed.analysis.events;
        }
      }
      auto results = store.value()->write_analysed_batch(writes);
      if (!results) return results.error();
      for (size_t i = 0; i < batch.size(); ++i) {
        const store::WriteResult& result = results.value()[i];
        const char* verb = "stored";
        if (result.outcome == store::WriteOutcome::kStored) {
          ++stored;
        } else if (result.outcome == store::WriteOutcome::kNearDuplicate) {
          ++stored;
          ++near_duplicates;
          verb = "near-duplicate";
        } else {
          ++duplicates;
          verb = "duplicate";
        }
        if (flags.is_verbose && !global.is_quiet) {
          const Article& article = batch[i].article;
          std::string note = result.duplicate_of.empty() || result.duplicate_of == article.id
                                 ? std::string()
                                 : " (of " + result.duplicate_of + ")";
          std::fprintf(stderr, "%-14s %s %-3s %-10s %s%s%s\n", verb, article.id.c_str(), article.lang.c_str(),
                       article.published.empty() ? "undated" : article.published.substr(0, 10).c_str(),
                       article.source_file.c_str(), article.title.empty() ? "" : ("  " + article.title).c_str(),
                       note.c_str());
        }
      }
      return Status::success();
    });
    progress.stop();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t rejected = sink.count();
  if (!status) std::fprintf(stderr, "error: %s; the articles stored before this are kept\n", status.error().to_string().c_str());

  if (flags.is_json) {
    nlohmann::json summary = {{"files", files.size()},
                              {"articles_read", counters.articles_read.load()},
                              {"stored", stored.load()},
                              {"near_duplicates", near_duplicates},
                              {"duplicates", duplicates},
                              {"rejected", rejected},
                              {"input_bytes", counters.input_bytes_read.load()},
                              {"text_bytes", counters.text_bytes.load()},
                              {"seconds", seconds},
                              {"db", global.db_path}};
    std::cout << summary.dump() << "\n";
  } else if (!global.is_quiet) {
    double rate = seconds > 0 ? static_cast<double>(counters.text_bytes.load()) / seconds : 0;
    std::fprintf(stderr, "%lu stored (%lu near-duplicates), %lu duplicates, %zu rejected; %zu files, %s of text in %.1f s (%s/s) into %s\n",
                 static_cast<unsigned long>(stored.load()), static_cast<unsigned long>(near_duplicates),
                 static_cast<unsigned long>(duplicates), rejected, files.size(),
                 human_bytes(static_cast<double>(counters.text_bytes.load())).c_str(), seconds,
                 human_bytes(rate).c_str(), global.db_path.c_str());
  }
  return (!status || rejected > 0) ? kExitSomeInputsFailed : kExitOk;
}

int run_extract(const GlobalOptions& global, const IngestFlags& flags) {
  PrintingSink sink;
  std::vector<std::string> files = pipeline::expand_inputs(flags.inputs, sink);
  pipeline::PipelineCounters counters;
  std::unique_ptr<pipeline::ArticleAnalyzer> analyzer;
  if (flags.has_analysis) {
    analyzer = load_analyzer(flags);
    if (!analyzer) return kExitSomeInputsFailed;
  }
  pipeline::PipelineOptions options;
  options.worker_threads = flags.threads;
  options.analyzer = analyzer.get();
  Status status = pipeline::run_pipeline(files, options, sink, counters, [&](std::vector<pipeline::ProcessedArticle>& batch) -> Status {
    for (const pipeline::ProcessedArticle& processed : batch) {
      nlohmann::json line = article_metadata_json(processed.article);
      if (flags.has_analysis) {
        const pipeline::ArticleAnalysis& a = processed.analysis;
        line.update(analysis_json(processed.article, processed.analysis_version, a.mentions, a.entities, a.facts, &a.events));
      }
      std::cout << line.dump() << "\n";
    }
    std::cout.flush();
    return Status::success();
  });
  return sink.count() > 0 || !status ? kExitSomeInputsFailed : kExitOk;
}

void add_input_flags(CLI::App* command, IngestFlags& flags) {
  command->add_option("inputs", flags.inputs, "files or folders (recursively), or - for stdin")->required();
  command->add_option("--threads", flags.threads, "processing threads (default: one per core)");
  command->add_option("--kb", flags.kb_files, "extra knowledge-base file (kb.tsv format) for entity linking; repeatable")
      ->check(CLI::ExistingFile);
  command->fallthrough();
}

}  // namespace

void add_ingest_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* command = app.add_subcommand(
      "ingest",
      "Read articles (text, HTML, JSON Lines, RSS/Atom, WARC; .gz/.zst) and store them with their sentences, "
      "entities, quotes, quantities and times");
  add_input_flags(command, *flags);
  command->add_flag("--text-only", flags->is_text_only,
                    "store text and sentences only, without entities and facts (faster; analysis_version 0)");
  command->add_flag("--json", flags->is_json, "print the summary as one JSON object");
  command->add_flag("-v,--verbose", flags->is_verbose, "print a line for each article");
  command->callback([&global, &exit_code, flags] { exit_code = run_ingest(global, *flags); });
}

void add_extract_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* command = app.add_subcommand(
      "extract", "Print each article read as JSON Lines (id, source_file, url, title, published, author, site, lang, text) without storing it");
  add_input_flags(command, *flags);
  command->add_flag("--analysis", flags->has_analysis,
                    "also print analysis_version, entities (with mentions), quotes, quantities and times");
  command->callback([&global, &exit_code, flags] { exit_code = run_extract(global, *flags); });
}

}  // namespace vigie::cli
