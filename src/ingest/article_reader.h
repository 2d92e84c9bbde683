#pragma once
// The ingest stage: one Reader per input format turns bytes into Articles (metadata
// plus raw text with paragraphs separated by "\n\n"); the text stage normalises them
// afterwards. Readers are chosen by content first, extension second (format_detector.h).
//
// A reader reports a problem with one record (a bad JSON line, a WARC record without
// HTML) to the DiagnosticsSink and goes on; it returns an Error only when the rest of
// the input cannot be read. Readers are not shared between threads.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/article.h"
#include "core/error.h"
#include "ingest/byte_source.h"

namespace vigie::ingest {

// Receives problems with input; implementations count and print them.
// Must be safe to call from several threads.
class DiagnosticsSink {
 public:
  virtual ~DiagnosticsSink() = default;
  virtual void report(const Error& error) = 0;
};

// Keeps every error; for tests and for callers that print at the end.
class CollectingSink : public DiagnosticsSink {
 public:
  void report(const Error& error) override;
  std::vector<Error> errors;
};

using ArticleCallback = std::function<void(Article&&)>;

enum class Format { kUnknown, kText, kHtml, kJsonLines, kRss, kAtom, kWarc };
const char* format_name(Format format);

// The largest single document (HTML page, text file, feed) read into memory. News
// pages weigh kilobytes to a few megabytes; anything past this is not an article and
// is refused before it is loaded.
inline constexpr size_t kMaxDocumentBytes = 32u << 20;
// The longest JSON line or WARC record accepted; longer ones are skipped with a message.
inline constexpr size_t kMaxRecordBytes = 16u << 20;

struct ReadContext {
  std::string display_path;  // names the input in errors and in Article::source_file
};

class Reader {
 public:
  virtual ~Reader() = default;
  virtual Format format() const = 0;
  virtual Status read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
                      DiagnosticsSink& sink) = 0;
};

std::unique_ptr<Reader> make_reader(Format format);

}  // namespace vigie::ingest
