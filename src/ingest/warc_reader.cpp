// WARC 1.0 / 1.1 (ISO 28500): a sequence of records, each a "WARC/1.x" version line,
// "Name: value" headers, a blank line, Content-Length bytes of block and "\r\n\r\n".
//
// Approach: records are streamed through a small buffer (WarcInput), never the whole
// file. Only records that can hold an article are loaded: "response" records, whose
// block is an HTTP response (status line, headers, body), and "resource" records,
// whose block is the document itself. For a response only the first bytes are read to
// see the HTTP status and Content-Type; redirects, images, PDFs and the like are
// skipped without being buffered. An HTML body is de-chunked and decompressed
// (Content-Encoding gzip/deflate) here and handed to the HTML extractor with the HTTP
// charset and the target URI. Decompression of the file itself (.warc.gz) happens
// below, in the byte source.
//
// A record that cannot be parsed (no version line, bad Content-Length) is reported and
// reading resynchronises on the next line starting with "WARC/"; a record cut short
// by the end of the input ends the read with an Error, keeping the articles before it.

#include "ingest/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/html_reader.h"

namespace vigie::ingest {
namespace {

constexpr size_t kReadChunkBytes = 64u << 10;
// A WARC or HTTP header line longer than this is not a header; garbage is read past
// in pieces of this size while resynchronising.
constexpr size_t kMaxHeaderLineBytes = 64u << 10;
constexpr size_t kMaxHeaderBlockBytes = 1u << 20;
// How much of a response block is read to find its HTTP status line and headers.
constexpr size_t kHttpHeadBytes = 64u << 10;

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = to_lower(c);
  return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Shows a line of garbage in an error message without flooding the terminal.
std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  if (text.size() > 40) out += "...";
  return out;
}

// "WARC/1.0", "WARC/1.1" and the older "WARC/0.18" drafts that Heritrix wrote.
bool is_version_line(std::string_view line) {
  return line.size() > 5 && line.starts_with("WARC/") && line[5] >= '0' && line[5] <= '9';
}

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string_view header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return value;
  }
  return {};
}

// Adds "Name: value" to `headers`; a line starting with a space or tab continues the
// previous value (RFC 2616 folding, which WARC inherits).
void add_header_line(std::string_view line, Headers& headers) {
  if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
    headers.back().second += ' ';
    headers.back().second += trim(line);
    return;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
}

// "text/html; charset=ISO-8859-1" -> media type "text/html", charset "ISO-8859-1".
struct ContentType {
  std::string media_type;
  std::string charset;
};

ContentType parse_content_type(std::string_view value) {
  ContentType parsed;
  size_t semicolon = value.find(';');
  parsed.media_type = lowercase(trim(value.substr(0, semicolon)));
  while (semicolon != std::string_view::npos) {
    value.remove_prefix(semicolon + 1);
    semicolon = value.find(';');
    std::string_view parameter = trim(value.substr(0, semicolon));
    size_t equals = parameter.find('=');
    if (equals == std::string_view::npos || lowercase(trim(parameter.substr(0, equals))) != "charset") continue;
    std::string_view charset = trim(parameter.substr(equals + 1));
    if (charset.size() >= 2 && (charset.front() == '"' || charset.front() == '\'')) {
      charset = charset.substr(1, charset.size() - 2);
    }
    parsed.charset = std::string(trim(charset));
  }
  return parsed;
}

bool is_html_media_type(std::string_view media_type) {
  return media_type == "text/html" || media_type == "application/xhtml+xml";
}

// Pulls bytes from a ByteSource through one buffer and keeps the absolute offset of
// the next unread byte, which error messages give.
class WarcInput {
 public:
  explicit WarcInput(ByteSource& source) : source_(source) {}

  uint64_t offset() const { return consumed_; }

  // Sets `line` to the next line without "\n" or "\r\n"; false at the end of input.
  // A line longer than `max_bytes` is cut there, the rest of it is read past and
  // `is_cut` is set.
  Result<bool> read_line(std::string& line, size_t max_bytes, bool& is_cut) {
    line.clear();
    is_cut = false;
    bool has_any = false;
    while (true) {
      std::string_view available(buffer_.data() + pos_, buffer_.size() - pos_);
      size_t newline = available.find('\n');
      std::string_view piece = available.substr(0, newline);
      if (!piece.empty()) has_any = true;
      size_t room = max_bytes > line.size() ? max_bytes - line.size() : 0;
      if (piece.size() > room) is_cut = true;
      line.append(piece.substr(0, std::min(piece.size(), room)));
      if (newline != std::string_view::npos) {
        consume(newline + 1);
        break;
      }
      consume(available.size());
      Result<bool> filled = fill();
      if (!filled.ok()) return filled.error();
      if (!*filled) {
        if (!has_any) return false;
        break;
      }
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

  // Appends up to `count` bytes to `out`; returns how many (fewer only at the end).
  Result<size_t> read_into(std::string& out, size_t count) {
    size_t copied = take_buffered(&out, count);
    if (copied == count) return copied;
    // The rest goes straight from the source into `out`, not through buffer_; `out` is
    // sized once so a source returning small pieces does not make this quadratic.
    size_t start = out.size();
    out.resize(start + (count - copied));
    size_t filled = 0;
    while (copied < count) {
      Result<size_t> got = source_.read(out.data() + start + filled, count - copied);
      if (!got.ok()) {
        out.resize(start + filled);
        return got.error();
      }
      if (*got == 0) break;
      filled += *got;
      copied += *got;
      consumed_ += *got;
    }
    out.resize(start + filled);
    return copied;
  }

  // Reads past `count` bytes; returns how many were there.
  Result<size_t> skip(size_t count) {
    size_t skipped = take_buffered(nullptr, count);
    std::vector<char> scratch;
    while (skipped < count) {
      if (scratch.empty()) scratch.resize(kReadChunkBytes);
      Result<size_t> got = source_.read(scratch.data(), std::min(scratch.size(), count - skipped));
      if (!got.ok()) return got.error();
      if (*got == 0) break;
      skipped += *got;
      consumed_ += *got;
    }
    return skipped;
  }

 private:
  void consume(size_t count) {
    pos_ += count;
    consumed_ += count;
  }

  size_t take_buffered(std::string* out, size_t count) {
    size_t taken = std::min(count, buffer_.size() - pos_);
    if (out != nullptr) out->append(buffer_.data() + pos_, taken);
    consume(taken);
    return taken;
  }

  // Replaces the consumed part of the buffer with fresh bytes; false at the end.
  Result<bool> fill() {
    if (at_end_) return false;
    buffer_.erase(0, pos_);
    pos_ = 0;
    size_t old_size = buffer_.size();
    buffer_.resize(old_size + kReadChunkBytes);
    Result<size_t> got = source_.read(buffer_.data() + old_size, kReadChunkBytes);
    if (!got.ok()) {
      buffer_.resize(old_size);
      return got.error();
    }
    buffer_.resize(old_size + *got);
    if (*got == 0) at_end_ = true;
    return *got > 0;
  }

  ByteSource& source_;
  std::string buffer_;
  size_t pos_ = 0;
  uint64_t consumed_ = 0;
  bool at_end_ = false;
};

// Decodes a "Transfer-Encoding: chunked" body. False when `body` does not start with
// a chunk size: Common Crawl stores bodies already de-chunked (and renames the header,
// but not every crawler does), so the caller then uses the bytes as they are. A body
// cut inside a chunk keeps what was decoded.
bool dechunk(std::string_view body, std::string& out) {
  out.clear();
  size_t pos = 0;
  bool is_first = true;
  while (pos < body.size()) {
    size_t newline = body.find('\n', pos);
    if (newline == std::string_view::npos) break;
    std::string_view size_line = trim(body.substr(pos, newline - pos));
    size_line = size_line.substr(0, size_line.find(';'));  // chunk extensions
    size_t size = 0;
    size_t digits = 0;
    for (char c : size_line) {
      int digit = (c >= '0' && c <= '9') ? c - '0' : (to_lower(c) >= 'a' && to_lower(c) <= 'f') ? to_lower(c) - 'a' + 10 : -1;
      if (digit < 0 || ++digits > 15) {
        if (is_first) return false;
        return true;
      }
      size = size * 16 + static_cast<size_t>(digit);
    }
    if (digits == 0) {
      if (is_first) return false;
      return true;
    }
    is_first = false;
    if (size == 0) break;
    pos = newline + 1;
    size_t available = std::min(size, body.size() - pos);
    out.append(body.substr(pos, available));
    pos += available;
    // The CRLF after the chunk data.
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
  }
  return !is_first;
}

// Inflates `compressed` with zlib; `window_bits` 15+32 reads gzip or zlib headers,
// -15 raw deflate. Output beyond `max_bytes` is refused (a decompression bomb). A
// stream cut short keeps what was inflated, since crawlers truncate long bodies.
bool inflate_body(std::string_view compressed, int window_bits, size_t max_bytes, std::string& out) {
  out.clear();
  z_stream stream;
  std::memset(&stream, 0, sizeof stream);
  if (inflateInit2(&stream, window_bits) != Z_OK) return false;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(std::min<size_t>(compressed.size(), UINT32_MAX));
  char chunk[kReadChunkBytes];
  bool is_ok = true;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    int status = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
    if (out.size() > max_bytes) {
      is_ok = false;
      break;
    }
    if (status == Z_STREAM_END) {
      // A second gzip member follows now and then; read it too.
      if (stream.avail_in > 0 && window_bits > 15 && inflateReset(&stream) == Z_OK) continue;
      break;
    }
    if (status == Z_BUF_ERROR || (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0)) break;
    if (status != Z_OK) break;  // corrupt after some output: keep what was inflated
  }
  inflateEnd(&stream);
  // Nothing inflated (a bad or cut header) is a failure even when zlib only asked for
  // more input.
  return is_ok && !out.empty();
}

// The parts of a record's WARC headers the reader uses.
struct RecordHeaders {
  std::string type;
  std::string target_uri;
  std::string record_id;
  ContentType content_type;
  std::string identified_payload_type;  // Common Crawl's sniffed media type of the payload
  uint64_t content_length = 0;
};

struct HttpHead {
  int status = 0;
  Headers headers;
  size_t body_offset = 0;  // where the body starts in the block
};

enum class HttpHeadStatus { kNotHttp, kUnterminated, kComplete };

// Parses "HTTP/1.1 200 OK" and the headers after it. kUnterminated (with the status
// set) when the headers do not end inside `block`.
HttpHeadStatus parse_http_head(std::string_view block, HttpHead& head) {
  size_t pos = 0;
  bool is_status_line = true;
  while (true) {
    size_t newline = block.find('\n', pos);
    if (newline == std::string_view::npos) {
      return is_status_line ? HttpHeadStatus::kNotHttp : HttpHeadStatus::kUnterminated;
    }
    std::string_view line = block.substr(pos, newline - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = newline + 1;
    if (is_status_line) {
      // "HTTP/1.1 200 OK", "HTTP/2 200".
      if (!line.starts_with("HTTP/")) return HttpHeadStatus::kNotHttp;
      size_t space = line.find(' ');
      if (space == std::string_view::npos) return HttpHeadStatus::kNotHttp;
      std::string_view code = trim(line.substr(space + 1)).substr(0, 3);
      if (code.size() != 3) return HttpHeadStatus::kNotHttp;
      for (char c : code) {
        if (c < '0' || c > '9') return HttpHeadStatus::kNotHttp;
        head.status = head.status * 10 + (c - '0');
      }
      is_status_line = false;
      continue;
    }
    if (line.empty()) break;
    add_header_line(line, head.headers);
  }
  head.body_offset = pos;
  return HttpHeadStatus::kComplete;
}

enum class RecordOutcome { kDone, kResynchronise };

class WarcRecordReader {
 public:
  WarcRecordReader(WarcInput& input, const ReadContext& context, const ArticleCallback& emit,
                   DiagnosticsSink& sink)
      : input_(input), context_(context), emit_(emit), sink_(sink) {}

  Status read_all() {
    std::string line;
    bool is_resynchronising = false;
    while (true) {
      uint64_t line_offset = input_.offset();
      bool is_cut = false;
      Result<bool> got = input_.read_line(line, kMaxHeaderLineBytes, is_cut);
      if (!got.ok()) return got.error();
      if (!*got) return Status::success();
      // The "\r\n\r\n" closing each record, and stray blank lines, come here.
      if (!is_cut && trim(line).empty()) continue;
      if (!is_version_line(line)) {
        if (!is_resynchronising) {
          sink_.report(make_error(ErrorKind::kInvalidInput, context_.display_path,
                                  "expected a WARC/1.x version line, found \"" + excerpt(line) +
                                      "\"; skipping to the next record",
                                  "offset " + std::to_string(line_offset)));
        }
        is_resynchronising = true;
        continue;
      }
      is_resynchronising = false;
      ++record_number_;
      record_offset_ = line_offset;
      Result<RecordOutcome> outcome = read_record();
      if (!outcome.ok()) return outcome.error();
      if (*outcome == RecordOutcome::kResynchronise) is_resynchronising = true;
    }
  }

 private:
  std::string position() const {
    return "record " + std::to_string(record_number_) + " (offset " + std::to_string(record_offset_) + ")";
  }

  Error record_error(std::string message) const {
    return make_error(ErrorKind::kInvalidInput, context_.display_path, std::move(message), position());
  }

  void report(std::string message) { sink_.report(record_error(std::move(message))); }

  Error truncated(uint64_t expected, uint64_t got) const {
    return record_error("truncated record: expected " + std::to_string(expected) + " bytes, got " +
                        std::to_string(got));
  }

  // Reads the headers and block of the record whose version line was just read.
  Result<RecordOutcome> read_record() {
    Headers headers;
    size_t header_bytes = 0;
    std::string line;
    while (true) {
      bool is_cut = false;
      Result<bool> got = input_.read_line(line, kMaxHeaderLineBytes, is_cut);
      if (!got.ok()) return got.error();
      if (!*got) return record_error("truncated record: the input ends inside the WARC headers");
      if (line.empty()) break;
      header_bytes += line.size();
      if (is_cut || header_bytes > kMaxHeaderBlockBytes) {
        report("WARC headers longer than 1 MiB; skipping to the next record");
        return RecordOutcome::kResynchronise;
      }
      add_header_line(line, headers);
    }

    RecordHeaders record;
    record.type = lowercase(header(headers, "WARC-Type"));
    record.target_uri = std::string(header(headers, "WARC-Target-URI"));
    // WARC 1.0's grammar showed the URI in angle brackets and some tools still write it so.
    if (record.target_uri.size() >= 2 && record.target_uri.front() == '<' && record.target_uri.back() == '>') {
      record.target_uri = record.target_uri.substr(1, record.target_uri.size() - 2);
    }
    record.record_id = std::string(header(headers, "WARC-Record-ID"));
    record.content_type = parse_content_type(header(headers, "Content-Type"));
    record.identified_payload_type = parse_content_type(header(headers, "WARC-Identified-Payload-Type")).media_type;
    std::string_view length_text = header(headers, "Content-Length");
    if (length_text.empty() || length_text.size() > 18 ||
        !std::all_of(length_text.begin(), length_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      report(length_text.empty() ? std::string("no Content-Length; skipping to the next record")
                                 : "bad Content-Length \"" + excerpt(length_text) + "\"; skipping to the next record");
      return RecordOutcome::kResynchronise;
    }
    record.content_length = std::stoull(std::string(length_text));

    if (record.type == "response") return read_response(record);
    if (record.type == "resource" && is_html_media_type(record.content_type.media_type)) {
      return read_resource(record);
    }
    // warcinfo, request, metadata, revisit, conversion, and resources that are not
    // HTML: nothing to read.
    return skip_block(record.content_length, 0);
  }

  Result<RecordOutcome> skip_block(uint64_t length, uint64_t already_read) {
    Result<size_t> skipped = input_.skip(length - already_read);
    if (!skipped.ok()) return skipped.error();
    if (*skipped < length - already_read) return truncated(length, already_read + *skipped);
    return RecordOutcome::kDone;
  }

  // Reads the rest of the block into `block`; false after reporting when too big.
  Result<bool> read_block(uint64_t length, std::string& block) {
    if (length > kMaxRecordBytes) {
      report("record of " + std::to_string(length) + " bytes is larger than the " +
             std::to_string(kMaxRecordBytes >> 20) + " MiB limit; skipped");
      Result<RecordOutcome> skipped = skip_block(length, block.size());
      if (!skipped.ok()) return skipped.error();
      return false;
    }
    size_t before = block.size();
    Result<size_t> got = input_.read_into(block, static_cast<size_t>(length) - before);
    if (!got.ok()) return got.error();
    if (block.size() < length) return truncated(length, block.size());
    return true;
  }

  Result<RecordOutcome> read_response(const RecordHeaders& record) {
    std::string block;
    Result<size_t> got = input_.read_into(block, static_cast<size_t>(std::min<uint64_t>(record.content_length, kHttpHeadBytes)));
    if (!got.ok()) return got.error();
    if (block.size() < std::min<uint64_t>(record.content_length, kHttpHeadBytes)) {
      return truncated(record.content_length, block.size());
    }
    HttpHead head;
    HttpHeadStatus head_status = parse_http_head(block, head);
    // DNS records (Heritrix "dns:" responses) and FTP listings are responses too, and
    // a redirect with odd headers is no loss.
    if (head_status == HttpHeadStatus::kNotHttp || (head_status == HttpHeadStatus::kUnterminated && head.status != 200)) {
      return skip_block(record.content_length, block.size());
    }
    if (head_status == HttpHeadStatus::kUnterminated) {
      report(block.size() < kHttpHeadBytes ? std::string("HTTP headers do not end before the record does; record skipped")
                                           : std::string("HTTP headers do not end within the first 64 KiB; record skipped"));
      return skip_block(record.content_length, block.size());
    }
    ContentType content_type = parse_content_type(header(head.headers, "Content-Type"));
    // Without an HTTP Content-Type, Common Crawl's payload sniffing is the next best.
    if (content_type.media_type.empty()) {
      content_type.media_type = record.identified_payload_type;
    }
    if (head.status != 200 || !is_html_media_type(content_type.media_type)) {
      return skip_block(record.content_length, block.size());
    }
    Result<bool> is_read = read_block(record.content_length, block);
    if (!is_read.ok()) return is_read.error();
    if (!*is_read) return RecordOutcome::kDone;

    std::string_view body = std::string_view(block).substr(head.body_offset);
    std::string dechunked;
    if (lowercase(header(head.headers, "Transfer-Encoding")).find("chunked") != std::string::npos &&
        dechunk(body, dechunked)) {
      body = dechunked;
    }
    std::string inflated;
    std::string encoding = lowercase(header(head.headers, "Content-Encoding"));
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
      bool looks_gzip = body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
                        static_cast<unsigned char>(body[1]) == 0x8b;
      // "deflate" is zlib-wrapped by the RFC but raw deflate from some servers.
      bool looks_compressed = looks_gzip || encoding == "deflate";
      if (looks_compressed) {
        bool is_inflated = inflate_body(body, 15 + 32, kMaxDocumentBytes, inflated);
        if (!is_inflated && !looks_gzip) is_inflated = inflate_body(body, -15, kMaxDocumentBytes, inflated);
        if (!is_inflated) {
          report("Content-Encoding " + encoding + " body does not decompress; record skipped");
          return RecordOutcome::kDone;
        }
        body = inflated;
      }
      // Otherwise the crawler stored the body already decoded and kept the header.
    } else if (!encoding.empty() && encoding != "identity") {
      report("Content-Encoding \"" + excerpt(encoding) + "\" is not supported; record skipped");
      return RecordOutcome::kDone;
    }
    extract(body, content_type.charset, record);
    return RecordOutcome::kDone;
  }

  Result<RecordOutcome> read_resource(const RecordHeaders& record) {
    std::string block;
    Result<bool> is_read = read_block(record.content_length, block);
    if (!is_read.ok()) return is_read.error();
    if (*is_read) extract(block, record.content_type.charset, record);
    return RecordOutcome::kDone;
  }

  void extract(std::string_view html, const std::string& charset, const RecordHeaders& record) {
    std::string display = context_.display_path + "#record" + std::to_string(record_number_);
    HtmlExtractionOptions options;
    options.transport_charset = charset;
    options.fetched_url = record.target_uri;
    Result<Article> extracted = extract_article_from_html(html, display, options);
    if (!extracted.ok()) {
      sink_.report(extracted.error());
      return;
    }
    Article article = std::move(extracted.value());
    article.source_file = display;
    article.format = "warc";
    if (article.url.empty()) article.url = record.target_uri;
    if (article.source_id.empty()) article.source_id = record.record_id;
    // WARC-Date is when the page was crawled, not published: it is never used as the
    // article date.
    emit_(std::move(article));
  }

  WarcInput& input_;
  const ReadContext& context_;
  const ArticleCallback& emit_;
  DiagnosticsSink& sink_;
  size_t record_number_ = 0;
  uint64_t record_offset_ = 0;
};

}  // namespace

Status WarcReader::read(ByteSource& input, const ReadContext& context, const ArticleCallback& emit,
                        DiagnosticsSink& sink) {
  WarcInput warc_input(input);
  return WarcRecordReader(warc_input, context, emit, sink).read_all();
}

}  // namespace vigie::ingest
