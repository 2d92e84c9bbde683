// The lemmatiser: suffix rules learned from a small table generalise to unseen words,
// dictionary entries win, and the committed French and English models give the
// lemmas the events stage relies on.
#include "syntax/lemmatizer.h"

#include <gtest/gtest.h>

#include "syntax/syntax_model.h"

namespace vigie::syntax {
namespace {

struct LemmaRow {
  std::string form;
  Upos upos;
  std::string expected;
};

TEST(Lemmatizer, LearnsSuffixRulesAndDictionary) {
  const std::vector<LemmaExample> examples = {
      {"adoptés", Upos::kVerb, "adopter"},  {"arrivés", Upos::kVerb, "arriver"},
      {"signés", Upos::kVerb, "signer"},    {"annonce", Upos::kVerb, "annoncer"},
      {"condamne", Upos::kVerb, "condamner"}, {"est", Upos::kAux, "être"},
      {"soldats", Upos::kNoun, "soldat"},   {"accords", Upos::kNoun, "accord"},
      {"Mais", Upos::kCconj, "mais"},       {"mais", Upos::kCconj, "mais"},
      {"pays", Upos::kNoun, "pays"},
  };
  Lemmatizer lemmatizer = Lemmatizer::train(examples);
  const LemmaRow rows[] = {
      {"retirés", Upos::kVerb, "retirer"},    // unseen: rule "-és" -> "-er"
      {"Retirés", Upos::kVerb, "retirer"},    // lower-cased first
      {"est", Upos::kAux, "être"},            // dictionary
      {"militaires", Upos::kAdj, "militaires"},  // no rule for ADJ: the form itself
      {"pays", Upos::kNoun, "pays"},          // seen identity beats the "-s" rule
      {"missiles", Upos::kNoun, "missile"},   // rule "-s" -> ""
      {"13 000", Upos::kNum, "13 000"},
  };
  for (const LemmaRow& row : rows) EXPECT_EQ(lemmatizer.lemmatize(row.form, row.upos), row.expected) << row.form;
}

TEST(Lemmatizer, RoundTripsThroughItsBinaryForm) {
  Lemmatizer lemmatizer = Lemmatizer::train({{"adoptés", Upos::kVerb, "adopter"}, {"arrivés", Upos::kVerb, "arriver"},
                                             {"est", Upos::kAux, "être"}});
  std::string bytes;
  lemmatizer.write(bytes);
  Lemmatizer read;
  size_t pos = 0;
  ASSERT_TRUE(read.read(bytes, pos));
  EXPECT_EQ(pos, bytes.size());
  EXPECT_EQ(read.lemmatize("retirés", Upos::kVerb), "retirer");
  EXPECT_EQ(read.lemmatize("est", Upos::kAux), "être");
  std::string truncated = bytes.substr(0, bytes.size() - 3);
  pos = 0;
  Lemmatizer broken;
  EXPECT_FALSE(broken.read(truncated, pos));
}

const SyntaxModel& committed(const std::string& lang) {
  static std::unique_ptr<SyntaxModel> french;
  static std::unique_ptr<SyntaxModel> english;
  std::unique_ptr<SyntaxModel>& slot = lang == "en" ? english : french;
  if (!slot) {
    auto loaded = SyntaxModel::load_file(std::string(VIGIE_SOURCE_DIR) + "/models/syntax/" + lang + ".syntax");
    EXPECT_TRUE(loaded.ok()) << loaded.error().to_string();
    slot = std::move(loaded.value());
  }
  return *slot;
}

TEST(Lemmatizer, CommittedFrenchModel) {
  const LemmaRow rows[] = {
      {"retirés", Upos::kVerb, "retirer"},   {"les", Upos::kDet, "le"},        {"du", Upos::kAdp, "de"},
      {"au", Upos::kAdp, "à"},               {"aux", Upos::kAdp, "à"},         {"a", Upos::kAux, "avoir"},
      {"ont", Upos::kAux, "avoir"},          {"été", Upos::kAux, "être"},      {"annoncé", Upos::kVerb, "annoncer"},
      {"suspendu", Upos::kVerb, "suspendre"}, {"soldats", Upos::kNoun, "soldat"}, {"forces", Upos::kNoun, "force"},
      {"pourrait", Upos::kVerb, "pouvoir"},  {"va", Upos::kVerb, "aller"},     {"L'", Upos::kDet, "le"},
  };
  for (const LemmaRow& row : rows)
    EXPECT_EQ(committed("fr").lemmatizer().lemmatize(row.form, row.upos), row.expected) << row.form;
}

TEST(Lemmatizer, CommittedEnglishModel) {
  const LemmaRow rows[] = {
      {"withdrew", Upos::kVerb, "withdraw"}, {"soldiers", Upos::kNoun, "soldier"}, {"was", Upos::kAux, "be"},
      {"n't", Upos::kPart, "not"},           {"announced", Upos::kVerb, "announce"}, {"The", Upos::kDet, "the"},
  };
  for (const LemmaRow& row : rows)
    EXPECT_EQ(committed("en").lemmatizer().lemmatize(row.form, row.upos), row.expected) << row.form;
}

}  // namespace
}  // namespace vigie::syntax
