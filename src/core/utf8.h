#pragma once
// UTF-8 checks shared by the readers: text and JSON must be valid UTF-8, and a
// rejection names the first bad byte so the user can find it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigie {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when `text` is valid.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// 1-based line number of byte `offset` in `text`.
size_t line_of_offset(std::string_view text, size_t offset);

// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

// Replaces each invalid sequence with U+FFFD.
std::string repair_utf8(std::string_view text);

}  // namespace vigie
