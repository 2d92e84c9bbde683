#include "store/token_codec.h"

namespace vigie::store {
namespace {

constexpr uint32_t kKindBits = 3;
constexpr uint64_t kMaxKind = static_cast<uint64_t>(TokenKind::kDate);
static_assert(static_cast<uint64_t>(TokenKind::kDate) < (1u << kKindBits), "TokenKind needs more bits");

void put_varint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

bool get_varint(std::string_view blob, size_t& pos, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= blob.size()) return false;
    const auto byte = static_cast<unsigned char>(blob[pos++]);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

uint64_t zigzag(int64_t value) { return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63); }
int64_t unzigzag(uint64_t value) { return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1); }

}  // namespace

void encode_tokens(std::span<const Token> tokens, uint32_t sentence_begin_byte, std::string& out) {
  put_varint(tokens.size(), out);
  int64_t previous_end = sentence_begin_byte;
  for (const Token& token : tokens) {
    put_varint(zigzag(static_cast<int64_t>(token.span.begin_byte) - previous_end), out);
    put_varint((static_cast<uint64_t>(token.span.size()) << kKindBits) | static_cast<uint64_t>(token.kind), out);
    previous_end = token.span.end_byte;
  }
}

Status decode_tokens(std::string_view blob, uint32_t sentence_begin_byte, uint32_t text_bytes,
                     const std::string& where, std::vector<Token>& tokens) {
  auto corrupt = [&](const char* what) {
    return make_error(ErrorKind::kCorruptStore, where, std::string("tokens BLOB ") + what +
                                                           "; the store is damaged: re-ingest the article");
  };
  size_t pos = 0;
  uint64_t count = 0;
  if (blob.empty()) return Status::success();  // a sentence stored without tokens
  if (!get_varint(blob, pos, count)) return corrupt("is truncated");
  if (count > blob.size()) return corrupt("announces more tokens than it holds");
  int64_t previous_end = sentence_begin_byte;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t gap = 0;
    uint64_t length_and_kind = 0;
    if (!get_varint(blob, pos, gap) || !get_varint(blob, pos, length_and_kind)) return corrupt("is truncated");
    const int64_t begin = previous_end + unzigzag(gap);
    const uint64_t kind = length_and_kind & ((1u << kKindBits) - 1);
    const int64_t end = begin + static_cast<int64_t>(length_and_kind >> kKindBits);
    if (begin < 0 || end > static_cast<int64_t>(text_bytes)) return corrupt("has a span outside the text");
    if (kind > kMaxKind) return corrupt("has an unknown token kind");
    tokens.push_back(Token{Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}, static_cast<TokenKind>(kind)});
    previous_end = end;
  }
  if (pos != blob.size()) return corrupt("has trailing bytes");
  return Status::success();
}

}  // namespace vigie::store
