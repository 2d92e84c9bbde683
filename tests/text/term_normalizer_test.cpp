#include "text/term_normalizer.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <random>
#include <string>

namespace vigie::text {
namespace {

// "term" per word, joined by "|".
std::string terms(std::string_view lang, std::string_view input) {
  TermNormalizer normalizer(lang);
  std::string out;
  normalizer.for_each_term(input, [&](std::string_view term, uint32_t, uint32_t) {
    if (!out.empty()) out += '|';
    out += term;
  });
  return out;
}

// "word@begin-end" with the original bytes, to check the offsets.
std::string spans(std::string_view lang, std::string_view input) {
  TermNormalizer normalizer(lang);
  std::string out;
  normalizer.for_each_term(input, [&](std::string_view, uint32_t begin_byte, uint32_t end_byte) {
    if (!out.empty()) out += '|';
    out += std::string(input.substr(begin_byte, end_byte - begin_byte)) + "@" + std::to_string(begin_byte) + "-" +
           std::to_string(end_byte);
  });
  return out;
}

struct Row {
  const char* lang;
  const char* input;
  const char* expected;
};

TEST(TermNormalizerTest, FoldsAndSplits) {
  const Row rows[] = {
      {"und", "L'Armée", "l|armee"},
      {"und", "l’armée s'est retirée", "l|armee|s|est|retiree"},
      {"und", "Royaume-Uni", "royaume|uni"},
      {"und", "ÇA ÉTÉ Œuvre cœur Æther", "ca|ete|oeuvre|coeur|aether"},
      {"und", "Straße", "strasse"},
      {"und", "13 000 euros, 2,5 %", "13|000|euros|2|5"},
      {"und", "«Non», dit-il…", "non|dit|il"},
      {"und", "ΣΟΦΙΑ Москва", "σοφια|москва"},
      {"und", "東京都", "東|京|都"},
      {"und", "", ""},
      {"und", " -- ", ""},
      {"und", "e\xcc\x81te\xcc\x81", "ete"},      // decomposed accents
      {"und", "ab\xff" "cd", "ab|cd"},             // invalid UTF-8 separates
  };
  for (const Row& row : rows) EXPECT_EQ(terms(row.lang, row.input), row.expected) << row.input;
}

TEST(TermNormalizerTest, Stems) {
  const Row rows[] = {
      {"fr", "retrait retraits", "retr|retr"},
      {"fr", "portrait portraits", "portr|portr"},
      {"fr", "armée armées armee", "arme|arme|arme"},
      {"fr", "sécurité securite", "securit|securit"},
      {"fr", "gouvernement gouvernements", "gouvern|gouvern"},
      {"fr", "l'armée", "l|arme"},
      {"french", "faits fait", "fait|fait"},
      {"en", "withdrawal withdrawals Withdrawn", "withdraw|withdraw|withdrawn"},
      {"en", "running runs", "run|run"},
      {"fr-CA", "retraits", "retr"},
      {"und", "retraits", "retraits"},
      {"xx", "retraits", "retraits"},
  };
  for (const Row& row : rows) EXPECT_EQ(terms(row.lang, row.input), row.expected) << row.lang << " " << row.input;
}

TEST(TermNormalizerTest, ReportsByteOffsetsOfTheOriginalText) {
  const Row rows[] = {
      {"fr", "L'armée", "L@0-1|armée@2-8"},
      {"fr", "l’État", "l@0-1|État@4-9"},
      {"und", "  Royaume-Uni.", "Royaume@2-9|Uni@10-13"},
      {"und", "東京", "東@0-3|京@3-6"},
  };
  for (const Row& row : rows) EXPECT_EQ(spans(row.lang, row.input), row.expected) << row.input;
}

TEST(TermNormalizerTest, StopsWhenTheCallbackSaysSo) {
  TermNormalizer normalizer("und");
  int seen = 0;
  normalizer.for_each_term("un deux trois", [&](std::string_view, uint32_t, uint32_t) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

TEST(TermNormalizerTest, KnowsWhichLanguagesHaveStemmers) {
  EXPECT_EQ(TermNormalizer::stemmer_for_language("fr"), "french");
  EXPECT_EQ(TermNormalizer::stemmer_for_language("EN"), "english");
  EXPECT_EQ(TermNormalizer::stemmer_for_language("german"), "german");
  EXPECT_EQ(TermNormalizer::stemmer_for_language("und"), "");
  EXPECT_EQ(TermNormalizer::stemmer_for_language("ja"), "");
}

// The table-driven fold must agree with folding the whole word with ICU directly.
std::string reference_fold(const std::string& word) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
  text.foldCase(U_FOLD_CASE_DEFAULT);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = icu::Normalizer2::getNFDInstance(status)->normalize(text, status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 0x300 && c <= 0x36F) continue;
    if (c == 0x153) { kept.append(icu::UnicodeString("oe")); continue; }
    if (c == 0xE6) { kept.append(icu::UnicodeString("ae")); continue; }
    kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  return out;
}

TEST(TermNormalizerTest, FastFoldMatchesIcuOnGeneratedWords) {
  // Letters from Latin-1, Latin Extended-A/B, Greek, Cyrillic and Latin Extended Additional.
  std::vector<UChar32> letters;
  for (UChar32 c = 'A'; c <= 'z'; ++c) if (u_isalpha(c)) letters.push_back(c);
  for (UChar32 c = 0xC0; c < 0x250; ++c) if (u_isalpha(c) && c != 0xD7 && c != 0xF7) letters.push_back(c);
  for (UChar32 c = 0x391; c < 0x450; ++c) if (u_isalpha(c)) letters.push_back(c);
  for (UChar32 c = 0x1E00; c < 0x1F00; ++c) if (u_isalpha(c)) letters.push_back(c);
  std::mt19937 random(42);
  for (int i = 0; i < 2000; ++i) {
    icu::UnicodeString word;
    const int length = 1 + static_cast<int>(random() % 10);
    for (int j = 0; j < length; ++j) word.append(letters[random() % letters.size()]);
    std::string utf8;
    word.toUTF8String(utf8);
    ASSERT_EQ(TermNormalizer::fold(utf8), reference_fold(utf8)) << utf8;
  }
}

}  // namespace
}  // namespace vigie::text
