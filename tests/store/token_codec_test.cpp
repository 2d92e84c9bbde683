#include "store/token_codec.h"

#include <gtest/gtest.h>

#include <random>

namespace vigie::store {
namespace {

TEST(TokenCodecTest, RoundTrips) {
  const std::vector<Token> tokens = {
      {{10, 13}, TokenKind::kWord}, {{13, 14}, TokenKind::kPunctuation}, {{15, 22}, TokenKind::kNumber},
      {{22, 23}, TokenKind::kSymbol}, {{30, 300}, TokenKind::kUrl},     {{301, 320}, TokenKind::kDate},
      {{318, 325}, TokenKind::kEmail},  // overlapping spans survive too
  };
  std::string blob;
  encode_tokens(tokens, 10, blob);
  std::vector<Token> decoded;
  ASSERT_TRUE(decode_tokens(blob, 10, 400, "test", decoded).ok());
  EXPECT_EQ(decoded.size(), tokens.size());
  for (size_t i = 0; i < tokens.size() && i < decoded.size(); ++i) {
    EXPECT_EQ(decoded[i].span, tokens[i].span) << i;
    EXPECT_EQ(decoded[i].kind, tokens[i].kind) << i;
  }
  EXPECT_LE(blob.size(), 1 + 2 * tokens.size() + 2);  // compact: ~2 bytes a token
}

TEST(TokenCodecTest, RoundTripsGeneratedSentences) {
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<Token> tokens;
    uint32_t position = random() % 100000;
    const uint32_t begin = position;
    for (int i = random() % 60; i > 0; --i) {
      position += random() % 3;
      const uint32_t length = 1 + random() % 40;
      tokens.push_back({{position, position + length}, static_cast<TokenKind>(random() % 7)});
      position += length;
    }
    std::string blob;
    encode_tokens(tokens, begin, blob);
    std::vector<Token> decoded;
    ASSERT_TRUE(decode_tokens(blob, begin, position, "test", decoded).ok());
    ASSERT_EQ(decoded.size(), tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) ASSERT_EQ(decoded[i].span, tokens[i].span);
  }
}

TEST(TokenCodecTest, EmptySentence) {
  std::string blob;
  encode_tokens({}, 5, blob);
  std::vector<Token> decoded;
  EXPECT_TRUE(decode_tokens(blob, 5, 10, "test", decoded).ok());
  EXPECT_TRUE(decoded.empty());
}

TEST(TokenCodecTest, RejectsDamagedBlobs) {
  std::string blob;
  encode_tokens(std::vector<Token>{{{0, 4}, TokenKind::kWord}, {{5, 9}, TokenKind::kWord}}, 0, blob);
  struct Row {
    std::string blob;
    uint32_t text_bytes;
    const char* message;
  } rows[] = {
      {blob.substr(0, blob.size() - 1), 100, "truncated"},
      {blob + "x", 100, "trailing"},
      {blob, 6, "outside the text"},
      {std::string("\x01\x00\x27", 3), 100, "unknown token kind"},
  };
  for (const Row& row : rows) {
    std::vector<Token> decoded;
    Status status = decode_tokens(row.blob, 0, row.text_bytes, "store.db", decoded);
    ASSERT_FALSE(status.ok()) << row.message;
    EXPECT_EQ(status.error().kind, ErrorKind::kCorruptStore);
    EXPECT_NE(status.error().message.find(row.message), std::string::npos) << status.error().message;
  }
}

}  // namespace
}  // namespace vigie::store
