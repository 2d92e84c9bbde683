#pragma once
// Byte sources: a file, stdin, or a memory buffer, with gzip and zstd decompression
// chosen by magic bytes (never by extension alone, since mislabelled files are common).
// Readers pull from a ByteSource, so a 200 MB JSON Lines file or WARC is streamed
// instead of loaded whole. Not thread-safe; one source per input.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigie::ingest {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; 0 means the end. An Error means the
  // rest is unreadable (truncated gzip, corrupt zstd frame, read failure).
  virtual Result<size_t> read(char* buffer, size_t capacity) = 0;
};

enum class Compression { kNone, kGzip, kZstd };
Compression detect_compression(std::string_view head);

std::unique_ptr<ByteSource> make_memory_source(std::string bytes);
// `display_path` names the input in errors ("-" for stdin).
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);
std::unique_ptr<ByteSource> make_stdin_source();
// Wraps `inner` in a decompressor; `display_path` is used in error messages.
std::unique_ptr<ByteSource> make_decompressing_source(std::unique_ptr<ByteSource> inner,
                                                      Compression compression,
                                                      std::string display_path);

// A source that can show its first bytes before they are consumed, so the format can
// be detected from content. Decompression happens below it.
class PeekableSource : public ByteSource {
 public:
  explicit PeekableSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}
  // Returns up to `size` first bytes (fewer at the end of input). Only valid before
  // the first read() past the peeked bytes.
  Result<std::string_view> peek(size_t size);
  Result<size_t> read(char* buffer, size_t capacity) override;

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string head_;
  size_t head_pos_ = 0;
};

// Reads everything, up to `max_bytes`; more than that is an Error naming the limit.
Result<std::string> read_all(ByteSource& source, size_t max_bytes, const std::string& display_path);

// Splits a source into lines without loading it whole. A line longer than
// `max_line_bytes` is skipped and reported through `next()`'s Error, after which
// reading can go on with the following line.
class LineReader {
 public:
  LineReader(ByteSource& source, size_t max_line_bytes, std::string display_path);
  // Sets `line` (without "\n" or "\r\n") and returns true, or false at the end.
  Result<bool> next(std::string_view& line);
  size_t line_number() const { return line_number_; }
  // True when the last Error from next() was a skipped long line (reading can go on),
  // false when it was a read or decompression failure (the rest is lost).
  bool was_long_line_skipped() const { return was_long_line_skipped_; }

 private:
  Result<bool> fill();
  ByteSource& source_;
  size_t max_line_bytes_;
  std::string display_path_;
  std::string buffer_;
  size_t pos_ = 0;
  bool at_end_ = false;
  size_t line_number_ = 0;
  bool was_long_line_skipped_ = false;
};

}  // namespace vigie::ingest
