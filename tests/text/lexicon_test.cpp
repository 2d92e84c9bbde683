// Lexicon files: magic line, version, entries; and the committed files load.
#include "text/lexicon.h"

#include <gtest/gtest.h>

namespace vigie::text {
namespace {

TEST(Lexicon, ParsesEntriesFlagsAndExclusions) {
  auto entries = parse_lexicon("# vigie-lexicon v1\n# comment\n\nM.\netc.\tfinal\n!mer.\r\n  p. ex.  \n", "t.txt");
  ASSERT_TRUE(entries.ok()) << entries.error().to_string();
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].text, "M.");
  EXPECT_TRUE((*entries)[1].is_final);
  EXPECT_TRUE((*entries)[2].is_exclusion);
  EXPECT_EQ((*entries)[2].text, "mer.");
  EXPECT_EQ((*entries)[3].text, "p. ex.");

  LanguageRules rules;
  add_abbreviations(rules, *entries);
  EXPECT_TRUE(rules.is_abbreviation("p."));
  EXPECT_TRUE(rules.is_abbreviation("ex."));
  EXPECT_TRUE(rules.is_abbreviation("Etc."));  // lower-case entry, capitalised word
  EXPECT_FALSE(rules.is_abbreviation("m."));   // "M." does not match lower case
  EXPECT_TRUE(rules.is_final_abbreviation("etc."));
}

TEST(Lexicon, RejectsMissingMagicAndNewerVersion) {
  auto missing = parse_lexicon("M.\n", "abbreviations.fr.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(missing.error().to_string().find("abbreviations.fr.txt"), std::string::npos);

  auto newer = parse_lexicon("# vigie-lexicon v2\nM.\n", "abbreviations.fr.txt");
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().kind, ErrorKind::kUnsupportedVersion);
  EXPECT_NE(newer.error().message.find("v2"), std::string::npos);
  EXPECT_NE(newer.error().message.find("v1"), std::string::npos);
}

TEST(Lexicon, CommittedFilesLoadWithCldrSuppressions) {
  auto french = load_language_rules("fr");
  ASSERT_TRUE(french.ok()) << french.error().to_string();
  EXPECT_TRUE(french->is_abbreviation("M."));
  EXPECT_TRUE(french->is_abbreviation("janv."));   // from CLDR and ours
  EXPECT_TRUE(french->is_abbreviation("encycl."));  // from CLDR only
  EXPECT_FALSE(french->is_abbreviation("mer."));    // removed: "la mer." ends sentences
  EXPECT_TRUE(french->elisions.count("qu'") != 0);
  EXPECT_TRUE(french->elision_exceptions.count("presqu'île") != 0);
  EXPECT_FALSE(french->hyphen_clitics.empty());
  EXPECT_EQ(french->hyphen_clitics.front().size(), std::string("-t-elles").size());  // longest first

  auto english = load_language_rules("en");
  ASSERT_TRUE(english.ok()) << english.error().to_string();
  EXPECT_TRUE(english->is_abbreviation("Mrs."));
  EXPECT_FALSE(english->is_abbreviation("To."));
  EXPECT_TRUE(english->elisions.empty());

  auto unknown = load_language_rules("und");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->is_abbreviation("Mrs."));
  EXPECT_TRUE(unknown->is_abbreviation("Mme."));
}

TEST(Lexicon, FoldsApostrophesAndAsciiCase) {
  EXPECT_EQ(fold_for_lexicon("Qu’Il"), "qu'il");
  EXPECT_EQ(fold_for_lexicon("Presqu'Île"), "presqu'Île");  // only ASCII folds
}

}  // namespace
}  // namespace vigie::text
