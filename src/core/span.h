#pragma once
// A byte range into an article's stored text. Every later stage points back at the
// exact words through spans instead of copying them.

#include <cassert>
#include <cstdint>
#include <string_view>

namespace vigie {

struct Span {
  uint32_t begin_byte = 0;  // UTF-8 offset of the first byte
  uint32_t end_byte = 0;    // one past the last byte

  uint32_t size() const { return end_byte - begin_byte; }
  bool empty() const { return begin_byte == end_byte; }
  std::string_view in(std::string_view text) const {
    assert(end_byte <= text.size() && begin_byte <= end_byte);
    return text.substr(begin_byte, end_byte - begin_byte);
  }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace vigie
