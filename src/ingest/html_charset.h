#pragma once
// Charset handling for HTML pages: find the declared charset, decide the encoding and
// convert to UTF-8 with ICU. The order follows what browsers do (WHATWG "encoding
// sniffing"), simplified: byte order mark, then the charset announced by the transport
// (HTTP header in a WARC record), then <meta charset> / <meta http-equiv> in the first
// bytes, then UTF-8 when the bytes are valid UTF-8, else Windows-1252.
// Internal to the HTML reader; not thread-hostile (no shared state).

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigie::ingest::html {

// How many leading bytes are searched for a <meta> charset declaration. Browsers look
// at 1024; real pages often put a long <script> first, so we look further.
inline constexpr size_t kCharsetPrescanBytes = 16 * 1024;

// The charset named by a <meta charset="..."> or <meta http-equiv="Content-Type"
// content="text/html; charset=..."> in `head`, lowercased; empty when none.
std::string find_meta_charset(std::string_view head);

// The charset label of a Content-Type value ("text/html; charset=ISO-8859-1"), lowercased.
std::string charset_from_content_type(std::string_view content_type);

// Maps a label to the encoding a browser would use: "iso-8859-1", "latin1", "ascii"
// -> "windows-1252", "utf8" -> "utf-8"; other labels are returned lowercased for ICU.
std::string canonical_charset(std::string_view label);

bool is_valid_utf8(std::string_view bytes);

// Copies `bytes`, replacing each invalid UTF-8 sequence with U+FFFD.
std::string repair_utf8(std::string_view bytes);

// Decodes a page to UTF-8. `transport_charset` may be empty. Never fails on bad bytes
// (they become U+FFFD); returns an Error only when ICU cannot convert at all.
Result<std::string> decode_html_bytes(std::string_view bytes, std::string_view transport_charset,
                                      const std::string& display_path);

}  // namespace vigie::ingest::html
