#pragma once
// The `sentences.tokens` BLOB: a sentence's token spans and kinds, compact enough to
// store for every article so later stages (entities, quotes) reuse the text stage's
// tokens instead of re-tokenising. Format (docs/STORE.md, "tokens BLOB"):
//
//   varint token_count, then per token:
//     zigzag varint  gap    = begin_byte - previous end_byte (the sentence's begin_byte
//                             for the first token); zigzag so overlapping spans survive
//     varint         length_and_kind = (end_byte - begin_byte) << 3 | kind
//
// Offsets are relative, so most tokens take 2 bytes.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/error.h"

namespace vigie::store {

// Appends the encoding of `tokens` (those of one sentence starting at
// `sentence_begin_byte`) to `out`.
void encode_tokens(std::span<const Token> tokens, uint32_t sentence_begin_byte, std::string& out);

// Decodes a BLOB written by encode_tokens, appending to `tokens`. A truncated or
// malformed BLOB, or a span past `text_bytes`, is kCorruptStore naming `where`.
Status decode_tokens(std::string_view blob, uint32_t sentence_begin_byte, uint32_t text_bytes,
                     const std::string& where, std::vector<Token>& tokens);

}  // namespace vigie::store
