#include "ingest/html_charset.h"

#include <unicode/ucnv.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace vigie::ingest::html {
namespace {

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (is_space(text.front()) || text.front() == '"' || text.front() == '\''))
    text.remove_prefix(1);
  while (!text.empty() && (is_space(text.back()) || text.back() == '"' || text.back() == '\''))
    text.remove_suffix(1);
  return text;
}

// Length of the valid UTF-8 sequence at `pos`, or 0 when it is invalid (overlong forms,
// surrogates and code points past U+10FFFF are invalid, as in the WHATWG decoder).
size_t utf8_sequence_length(std::string_view bytes, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (pos + length > bytes.size()) return 0;
  if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(pos + i) < 0x80 || byte(pos + i) > 0xBF) return 0;
  }
  return length;
}

// The value of attribute `name` inside one tag's text (`<meta ...>`), lowercased
// name match; empty when absent.
std::string attribute_in_tag(std::string_view tag, std::string_view name) {
  const std::string lowered = to_lower_ascii(tag);
  size_t from = 0;
  while (true) {
    const size_t at = lowered.find(name, from);
    if (at == std::string::npos) return {};
    from = at + name.size();
    // The name must stand alone: "charset" must not match inside "data-charset".
    if (at > 0 && !is_space(lowered[at - 1]) && lowered[at - 1] != '"' && lowered[at - 1] != '\'' &&
        lowered[at - 1] != '/')
      continue;
    size_t pos = from;
    while (pos < tag.size() && is_space(tag[pos])) ++pos;
    if (pos >= tag.size() || tag[pos] != '=') continue;
    ++pos;
    while (pos < tag.size() && is_space(tag[pos])) ++pos;
    if (pos >= tag.size()) return {};
    if (tag[pos] == '"' || tag[pos] == '\'') {
      const char quote = tag[pos];
      const size_t end = tag.find(quote, pos + 1);
      return std::string(tag.substr(pos + 1, end == std::string_view::npos ? std::string_view::npos
                                                                             : end - pos - 1));
    }
    size_t end = pos;
    while (end < tag.size() && !is_space(tag[end]) && tag[end] != '>' && tag[end] != '/') ++end;
    return std::string(tag.substr(pos, end - pos));
  }
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// Converts with ICU; unmappable bytes become U+FFFD (ICU's default substitution for
// toUnicode), so a page with a few stray bytes is still read.
Result<std::string> convert_with_icu(std::string_view bytes, const std::string& charset,
                                     const std::string& display_path) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> source(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) {
    return make_error(ErrorKind::kInvalidInput, display_path,
                      "charset \"" + charset + "\" is unknown to ICU");
  }
  status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> target(ucnv_open("utf-8", &status));
  if (U_FAILURE(status)) {
    return make_error(ErrorKind::kInvalidInput, display_path,
                      std::string("ICU cannot open the UTF-8 converter: ") + u_errorName(status));
  }
  // A single-byte page grows at most 3x in UTF-8; multi-byte ones grow less.
  std::string out(bytes.size() * 3 + 16, '\0');
  char* target_pos = out.data();
  const char* source_pos = bytes.data();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  status = U_ZERO_ERROR;
  ucnv_convertEx(target.get(), source.get(), &target_pos, out.data() + out.size(), &source_pos,
                 bytes.data() + bytes.size(), pivot, &pivot_source, &pivot_target, pivot + 1024,
                 true, true, &status);
  if (U_FAILURE(status)) {
    return make_error(ErrorKind::kInvalidInput, display_path,
                      "cannot convert from " + charset + ": " + u_errorName(status));
  }
  out.resize(static_cast<size_t>(target_pos - out.data()));
  return out;
}

bool has_multibyte_utf8(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    // Skip ASCII runs quickly: most pages are mostly ASCII markup.
    while (pos < bytes.size() && static_cast<unsigned char>(bytes[pos]) < 0x80) ++pos;
    if (pos >= bytes.size()) break;
    const size_t length = utf8_sequence_length(bytes, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t length = utf8_sequence_length(bytes, pos);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
    } else {
      out.append(bytes.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

std::string charset_from_content_type(std::string_view content_type) {
  const std::string lowered = to_lower_ascii(content_type);
  const size_t at = lowered.find("charset");
  if (at == std::string::npos) return {};
  size_t pos = at + 7;
  while (pos < lowered.size() && is_space(lowered[pos])) ++pos;
  if (pos >= lowered.size() || lowered[pos] != '=') return {};
  ++pos;
  size_t end = pos;
  while (end < lowered.size() && lowered[end] != ';' && lowered[end] != ',') ++end;
  return std::string(trim(std::string_view(lowered).substr(pos, end - pos)));
}

std::string find_meta_charset(std::string_view head) {
  head = head.substr(0, kCharsetPrescanBytes);
  size_t from = 0;
  while (true) {
    const size_t open = head.find('<', from);
    if (open == std::string_view::npos || open + 5 >= head.size()) return {};
    from = open + 1;
    if (head.compare(open, 4, "<!--") == 0) {
      const size_t close = head.find("-->", open + 4);
      if (close == std::string_view::npos) return {};
      from = close + 3;
      continue;
    }
    if (lower_ascii(head[open + 1]) != 'm' || lower_ascii(head[open + 2]) != 'e' ||
        lower_ascii(head[open + 3]) != 't' || lower_ascii(head[open + 4]) != 'a')
      continue;
    const size_t close = head.find('>', open);
    if (close == std::string_view::npos) return {};
    const std::string_view tag = head.substr(open + 5, close - open - 5);
    std::string charset = attribute_in_tag(tag, "charset");
    if (!charset.empty()) return to_lower_ascii(trim(charset));
    if (to_lower_ascii(attribute_in_tag(tag, "http-equiv")) == "content-type") {
      charset = charset_from_content_type(attribute_in_tag(tag, "content"));
      if (!charset.empty()) return charset;
    }
    from = close + 1;
  }
}

std::string canonical_charset(std::string_view label) {
  const std::string lowered = to_lower_ascii(trim(label));
  if (lowered == "utf-8" || lowered == "utf8" || lowered == "unicode-1-1-utf-8" ||
      lowered == "x-unicode20utf8")
    return "utf-8";
  // WHATWG maps all of these to windows-1252; pages labelled Latin-1 routinely use
  // the 0x80-0x9F range for curly quotes and dashes.
  static const char* const kWindows1252Labels[] = {
      "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",   "l1",       "us-ascii",
      "ascii",      "cp1252",    "cp819",      "ibm819",   "x-cp1252", "windows-1252",
      "iso-ir-100", "csisolatin1", "iso88591", "iso_8859-1:1987", "ansi_x3.4-1968"};
  for (const char* candidate : kWindows1252Labels) {
    if (lowered == candidate) return "windows-1252";
  }
  if (lowered == "iso-8859-9" || lowered == "latin5") return "windows-1254";
  // A <meta> cannot honestly declare UTF-16 (the meta itself is ASCII), so browsers
  // read such pages as UTF-8.
  if (lowered.rfind("utf-16", 0) == 0) return "utf-8";
  return lowered;
}

Result<std::string> decode_html_bytes(std::string_view bytes, std::string_view transport_charset,
                                      const std::string& display_path) {
  // Byte order marks win over every declaration, as in browsers.
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    bytes.remove_prefix(3);
    return is_valid_utf8(bytes) ? std::string(bytes) : repair_utf8(bytes);
  }
  if (bytes.size() >= 2 && (bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0)) {
    const bool is_little_endian = bytes[0] == '\xFF';
    bytes.remove_prefix(2);
    return convert_with_icu(bytes, is_little_endian ? "utf-16le" : "utf-16be", display_path);
  }

  std::string charset = canonical_charset(transport_charset);
  if (charset.empty()) charset = canonical_charset(find_meta_charset(bytes));
  const bool is_utf8 = is_valid_utf8(bytes);
  if (charset.empty()) charset = is_utf8 ? "utf-8" : "windows-1252";

  if (charset == "utf-8") return is_utf8 ? std::string(bytes) : repair_utf8(bytes);
  // A page declared as a legacy charset whose bytes are valid UTF-8 with non-ASCII
  // sequences was almost surely transcoded by a server or CMS without updating the
  // <meta>: legacy text with accents is very rarely valid UTF-8 by accident. Reading it
  // as declared would turn every "é" into "Ã©".
  if (is_utf8 && has_multibyte_utf8(bytes) && charset.find("utf") == std::string::npos)
    return std::string(bytes);
  auto converted = convert_with_icu(bytes, charset, display_path);
  if (!converted.ok()) {
    // An unknown label (typo, vendor name) must not lose the page: fall back as if
    // nothing had been declared.
    if (is_utf8) return std::string(bytes);
    return convert_with_icu(bytes, "windows-1252", display_path);
  }
  return converted;
}

}  // namespace vigie::ingest::html
