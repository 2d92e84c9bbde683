#include "ingest/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

namespace vigie::ingest {
namespace {

std::string gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

Result<std::string> decompress(const std::string& bytes) {
  auto source = make_decompressing_source(make_memory_source(bytes), detect_compression(bytes), "test.gz");
  return read_all(*source, 1u << 30, "test.gz");
}

TEST(ByteSourceTest, DetectsCompressionByMagic) {
  EXPECT_EQ(detect_compression(gzip("x")), Compression::kGzip);
  EXPECT_EQ(detect_compression(zstd("x")), Compression::kZstd);
  EXPECT_EQ(detect_compression("plain"), Compression::kNone);
  EXPECT_EQ(detect_compression(""), Compression::kNone);
}

TEST(ByteSourceTest, GzipRoundTrip) {
  std::string text(300000, 'a');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('a' + i % 26);
  auto out = decompress(gzip(text));
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  EXPECT_EQ(out.value(), text);
}

TEST(ByteSourceTest, ConcatenatedGzipMembersAreAllRead) {
  auto out = decompress(gzip("first record\n") + gzip("second record\n"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value(), "first record\nsecond record\n");
}

TEST(ByteSourceTest, TruncatedGzipIsAnError) {
  std::string compressed = gzip(std::string(100000, 'z') + "end");
  compressed.resize(compressed.size() / 2);
  auto out = decompress(compressed);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("truncated gzip"), std::string::npos) << out.error().to_string();
  EXPECT_EQ(out.error().file, "test.gz");
}

TEST(ByteSourceTest, CorruptGzipIsAnError) {
  std::string compressed = gzip("hello world, hello world, hello world");
  compressed[12] ^= 0x55;
  compressed[13] ^= 0x55;
  auto out = decompress(compressed);
  EXPECT_FALSE(out.ok());
}

TEST(ByteSourceTest, ZstdRoundTripAndTruncation) {
  std::string text = "Le Royaume-Uni a annoncé le retrait de ses troupes.\n";
  auto out = decompress(zstd(text));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value(), text);
  std::string big(200000, 'q');
  for (size_t i = 0; i < big.size(); i += 3) big[i] = static_cast<char>('a' + (i * 7) % 26);
  std::string compressed = zstd(big);
  compressed.resize(compressed.size() - 10);
  auto truncated = decompress(compressed);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("truncated zstd"), std::string::npos);
}

TEST(ByteSourceTest, ReadAllRefusesMoreThanTheLimit) {
  auto source = make_memory_source(std::string(3u << 20, 'x'));
  auto out = read_all(*source, 1u << 20, "big.txt");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("larger than 1 MiB"), std::string::npos);
}

TEST(ByteSourceTest, PeekThenReadGivesEveryByteOnce) {
  PeekableSource source(make_memory_source("0123456789"));
  auto head = source.peek(4);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head.value(), "0123");
  auto all = read_all(source, 100, "x");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value(), "0123456789");
}

TEST(LineReaderTest, SplitsLinesWithCrLfAndLastLineWithoutNewline) {
  auto source = make_memory_source("one\r\ntwo\n\nfour");
  LineReader lines(*source, 1024, "x.jsonl");
  std::vector<std::string> seen;
  std::string_view line;
  while (true) {
    auto next = lines.next(line);
    ASSERT_TRUE(next.ok());
    if (!next.value()) break;
    seen.emplace_back(line);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"one", "two", "", "four"}));
  EXPECT_EQ(lines.line_number(), 4u);
}

TEST(LineReaderTest, TooLongLineIsSkippedAndReadingGoesOn) {
  std::string input = "short\n" + std::string(5000000, 'x') + "\nafter\n";
  auto source = make_memory_source(input);
  LineReader lines(*source, 1u << 20, "big.jsonl");
  std::string_view line;
  auto first = lines.next(line);
  ASSERT_TRUE(first.ok() && first.value());
  EXPECT_EQ(line, "short");
  auto second = lines.next(line);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(lines.was_long_line_skipped());
  EXPECT_EQ(second.error().position, "2");
  auto third = lines.next(line);
  ASSERT_TRUE(third.ok() && third.value());
  EXPECT_EQ(line, "after");
}

}  // namespace
}  // namespace vigie::ingest
