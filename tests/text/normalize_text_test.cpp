// normalize_text: a table of inputs and expected outputs, and the fast path
// compared with the plain reference on generated input.
#include "text/normalize_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "text/text_processor.h"

namespace vigie::text {
namespace {

struct NormalizeRow {
  std::string raw;
  std::string expected;
};

const NormalizeRow kRows[] = {
    {"", ""},
    {"   ", ""},
    {"Bonjour", "Bonjour"},
    {"  a   b  ", "a b"},
    {"a\tb", "a b"},
    {"13\u00a0000 et 17\u202f557 et 1\u2009200 et 2\u2007000", "13 000 et 17 557 et 1 200 et 2 000"},
    {"a\u200ab\u3000c", "a b c"},
    {"infor\u00admation", "information"},
    {"a\u200bb\u200cc\u200dd\u2060e\ufeff", "abcde"},
    {"\ufeffBOM", "BOM"},
    {"\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06", "fffiflffiffl" "stst"},
    {"e\u0301te\u0301", "\u00e9t\u00e9"},                  // NFC composes
    {"A\u030a", "\u00c5"},                                  // Å
    {"l’ONU « oui » “non”", "l’ONU « oui » “non”"},      // typography kept
    {"un\r\ndeux", "un\n\ndeux"},                           // single newlines: each line a paragraph
    {"un\rdeux", "un\n\ndeux"},
    {"un\ndeux\n\ntrois", "un deux\n\ntrois"},              // blank lines separate, single ones wrap
    {"un  \n  \n\n\n  deux", "un\n\ndeux"},
    {"\n\n  titre  \n\n", "titre"},
    {"un\r\n\r\ndeux\r\n", "un\n\ndeux"},
    {"a\u2029b", "a\n\nb"},
    {"a\u2028b", "a\n\nb"},
    {"a\x01" "b\x7f" "c", "abc"},
    {"\xff", "\ufffd"},
    {"a\xc3", "a\ufffd"},
    {"\xc0\xaf", "\ufffd\ufffd"},
    {"\xed\xa0\x80", "\ufffd\ufffd\ufffd"},                 // a surrogate is not UTF-8
    {"\ufffd", "\ufffd"},
    {std::string("a\0b", 3), "ab"},
};

TEST(NormalizeText, Table) {
  for (const auto& row : kRows) {
    EXPECT_EQ(normalize_text(row.raw), row.expected) << row.raw;
    EXPECT_EQ(normalize_text_reference(row.raw), row.expected) << row.raw;
  }
}

TEST(NormalizeText, IsIdempotent) {
  for (const auto& row : kRows) EXPECT_EQ(normalize_text(row.expected), row.expected) << row.raw;
}

// Random mixes of ASCII, Latin letters, combining marks, special spaces, line breaks
// and invalid bytes: the fast path (ASCII runs, NFC skipped when already NFC) must
// give the reference's output.
TEST(NormalizeText, FastPathMatchesReference) {
  const std::string pieces[] = {"a",      "Z",      " ",      "  ",     "\t",     "\n",     "\n\n",
                                "\r\n",   "\r",     "é",      "e\u0301", "\u0301", "\u00a0", "\u202f",
                                "\u00ad", "\u200b", "\ufb01", "’",      "«",      "\xff",   "\xc3",
                                "\xe2\x80", "1",    ".",      "\u2029", "\u1e9b\u0323", "\ufeff", "\x01"};
  std::mt19937 random(42);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (int round = 0; round < 5000; ++round) {
    std::string raw;
    for (int k = length(random); k > 0; --k) raw += pieces[pick(random)];
    ASSERT_EQ(normalize_text(raw), normalize_text_reference(raw)) << raw;
  }
}

}  // namespace
}  // namespace vigie::text
