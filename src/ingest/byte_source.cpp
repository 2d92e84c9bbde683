// Byte sources and decompression. gzip streams may hold several members one after
// the other (Common Crawl writes one member per WARC record), so inflate is reset at
// each member end instead of stopping at the first.

#include "ingest/byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace vigie::ingest {
namespace {

constexpr size_t kChunkBytes = 1u << 18;

class FileSource : public ByteSource {
 public:
  FileSource(int fd, std::string display_path, bool owns_fd)
      : fd_(fd), display_path_(std::move(display_path)), owns_fd_(owns_fd) {}
  ~FileSource() override {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
  }
  Result<size_t> read(char* buffer, size_t capacity) override {
    while (true) {
      ssize_t n = ::read(fd_, buffer, capacity);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      return make_error(ErrorKind::kIo, display_path_, std::string("read failed: ") + std::strerror(errno));
    }
  }

 private:
  int fd_;
  std::string display_path_;
  bool owns_fd_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<size_t> read(char* buffer, size_t capacity) override {
    size_t n = std::min(capacity, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::string display_path)
      : inner_(std::move(inner)), display_path_(std::move(display_path)), input_(kChunkBytes) {
    std::memset(&stream_, 0, sizeof stream_);
    // 15 + 32: a window of 32 KiB and automatic gzip/zlib header detection.
    is_initialised_ = inflateInit2(&stream_, 15 + 32) == Z_OK;
  }
  ~GzipSource() override {
    if (is_initialised_) inflateEnd(&stream_);
  }

  Result<size_t> read(char* buffer, size_t capacity) override {
    if (!is_initialised_) return make_error(ErrorKind::kIo, display_path_, "cannot initialise zlib");
    if (is_finished_) return size_t{0};
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
    while (true) {
      if (stream_.avail_in == 0) {
        auto n = inner_->read(reinterpret_cast<char*>(input_.data()), input_.size());
        if (!n) return n.error();
        if (n.value() == 0) {
          is_finished_ = true;
          if (is_inside_member_) {
            return make_error(ErrorKind::kInvalidInput, display_path_,
                              "truncated gzip data: the file ends in the middle of a compressed stream");
          }
          return size_t{0};
        }
        stream_.next_in = input_.data();
        stream_.avail_in = static_cast<uInt>(n.value());
      }
      is_inside_member_ = true;
      int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        is_inside_member_ = false;
        inflateReset(&stream_);
      } else if (rc == Z_BUF_ERROR) {
        // No progress possible without more input; loop to read more.
      } else if (rc != Z_OK) {
        is_finished_ = true;
        return make_error(ErrorKind::kInvalidInput, display_path_,
                          std::string("corrupt gzip data: ") + (stream_.msg ? stream_.msg : "inflate failed"),
                          "byte " + std::to_string(stream_.total_in));
      }
      size_t produced = static_cast<size_t>(reinterpret_cast<char*>(stream_.next_out) - buffer);
      if (produced > 0) return produced;
    }
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string display_path_;
  std::vector<Bytef> input_;
  z_stream stream_;
  bool is_initialised_ = false;
  bool is_finished_ = false;
  bool is_inside_member_ = false;
};

class ZstdSource : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> inner, std::string display_path)
      : inner_(std::move(inner)), display_path_(std::move(display_path)), input_(ZSTD_DStreamInSize()) {
    stream_ = ZSTD_createDStream();
    ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }

  Result<size_t> read(char* buffer, size_t capacity) override {
    if (is_finished_) return size_t{0};
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        auto n = inner_->read(input_.data(), input_.size());
        if (!n) return n.error();
        if (n.value() == 0) {
          is_finished_ = true;
          if (last_hint_ != 0) {
            return make_error(ErrorKind::kInvalidInput, display_path_,
                              "truncated zstd data: the file ends in the middle of a frame");
          }
          return size_t{0};
        }
        in_ = ZSTD_inBuffer{input_.data(), n.value(), 0};
      }
      size_t hint = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(hint)) {
        is_finished_ = true;
        return make_error(ErrorKind::kInvalidInput, display_path_,
                          std::string("corrupt zstd data: ") + ZSTD_getErrorName(hint));
      }
      last_hint_ = hint;
    }
    return out.pos;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string display_path_;
  std::vector<char> input_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  size_t last_hint_ = 0;
  bool is_finished_ = false;
};

}  // namespace

Compression detect_compression(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b)
    return Compression::kGzip;
  if (head.size() >= 4 && static_cast<unsigned char>(head[0]) == 0x28 && static_cast<unsigned char>(head[1]) == 0xb5 &&
      static_cast<unsigned char>(head[2]) == 0x2f && static_cast<unsigned char>(head[3]) == 0xfd)
    return Compression::kZstd;
  return Compression::kNone;
}

std::unique_ptr<ByteSource> make_memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorKind::kIo, path, std::string("cannot open: ") + std::strerror(errno));
  std::unique_ptr<ByteSource> source = std::make_unique<FileSource>(fd, path, true);
  return source;
}

std::unique_ptr<ByteSource> make_stdin_source() { return std::make_unique<FileSource>(0, "-", false); }

std::unique_ptr<ByteSource> make_decompressing_source(std::unique_ptr<ByteSource> inner, Compression compression,
                                                      std::string display_path) {
  switch (compression) {
    case Compression::kGzip: return std::make_unique<GzipSource>(std::move(inner), std::move(display_path));
    case Compression::kZstd: return std::make_unique<ZstdSource>(std::move(inner), std::move(display_path));
    case Compression::kNone: return inner;
  }
  return inner;
}

Result<std::string_view> PeekableSource::peek(size_t size) {
  while (head_.size() < size) {
    size_t old_size = head_.size();
    head_.resize(size);
    auto n = inner_->read(head_.data() + old_size, size - old_size);
    if (!n) {
      head_.resize(old_size);
      return n.error();
    }
    head_.resize(old_size + n.value());
    if (n.value() == 0) break;
  }
  return std::string_view(head_).substr(0, std::min(size, head_.size()));
}

Result<size_t> PeekableSource::read(char* buffer, size_t capacity) {
  if (head_pos_ < head_.size()) {
    size_t n = std::min(capacity, head_.size() - head_pos_);
    std::memcpy(buffer, head_.data() + head_pos_, n);
    head_pos_ += n;
    if (head_pos_ == head_.size()) {
      head_.clear();
      head_.shrink_to_fit();
      head_pos_ = 0;
    }
    return n;
  }
  return inner_->read(buffer, capacity);
}

Result<std::string> read_all(ByteSource& source, size_t max_bytes, const std::string& display_path) {
  std::string out;
  size_t chunk = 1u << 16;
  while (true) {
    size_t old_size = out.size();
    if (old_size > max_bytes) {
      return make_error(ErrorKind::kInvalidInput, display_path,
                        "larger than " + std::to_string(max_bytes >> 20) + " MiB; not read");
    }
    out.resize(old_size + chunk);
    auto n = source.read(out.data() + old_size, chunk);
    if (!n) return n.error();
    out.resize(old_size + n.value());
    if (n.value() == 0) break;
    if (chunk < (1u << 22)) chunk *= 2;
  }
  return out;
}

LineReader::LineReader(ByteSource& source, size_t max_line_bytes, std::string display_path)
    : source_(source), max_line_bytes_(max_line_bytes), display_path_(std::move(display_path)) {}

Result<bool> LineReader::fill() {
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old_size = buffer_.size();
  buffer_.resize(old_size + kChunkBytes);
  auto n = source_.read(buffer_.data() + old_size, kChunkBytes);
  if (!n) {
    buffer_.resize(old_size);
    return n.error();
  }
  buffer_.resize(old_size + n.value());
  if (n.value() == 0) at_end_ = true;
  return n.value() > 0;
}

Result<bool> LineReader::next(std::string_view& line) {
  was_long_line_skipped_ = false;
  size_t search_from = pos_;
  bool is_too_long = false;
  while (true) {
    size_t newline = buffer_.find('\n', search_from);
    if (newline != std::string::npos) {
      size_t begin = pos_;
      size_t end = newline;
      pos_ = newline + 1;
      ++line_number_;
      if (is_too_long) {
        was_long_line_skipped_ = true;
        return make_error(ErrorKind::kInvalidInput, display_path_,
                          "line longer than " + std::to_string(max_line_bytes_ >> 20) + " MiB; skipped",
                          std::to_string(line_number_));
      }
      if (end > begin && buffer_[end - 1] == '\r') --end;
      line = std::string_view(buffer_).substr(begin, end - begin);
      return true;
    }
    if (buffer_.size() - pos_ > max_line_bytes_) {
      // Drop what we have of the long line and keep scanning for its end.
      is_too_long = true;
      buffer_.clear();
      pos_ = 0;
    }
    if (at_end_) {
      if (pos_ >= buffer_.size() && !is_too_long) return false;
      ++line_number_;
      if (is_too_long) {
        buffer_.clear();
        pos_ = 0;
        was_long_line_skipped_ = true;
        return make_error(ErrorKind::kInvalidInput, display_path_,
                          "line longer than " + std::to_string(max_line_bytes_ >> 20) + " MiB; skipped",
                          std::to_string(line_number_));
      }
      line = std::string_view(buffer_).substr(pos_);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      pos_ = buffer_.size();
      return true;
    }
    // fill() moves the unconsumed bytes to the front; only the new bytes need a scan.
    size_t scanned = buffer_.size() - pos_;
    auto filled = fill();
    if (!filled) return filled.error();
    search_from = scanned;
  }
}

}  // namespace vigie::ingest
