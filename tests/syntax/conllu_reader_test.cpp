// CoNLL-U reading, bad input, and the collapsing of multiword tokens into the
// surface tokens the text stage produces ("du" = "de le" -> one ADP token).
#include "syntax/conllu_reader.h"

#include <gtest/gtest.h>

#include "syntax/syntax_trainer.h"

namespace vigie::syntax {
namespace {

// One CoNLL-U line per row: id, form, lemma, upos, feats, head, deprel.
std::string line(const std::string& id, const std::string& form, const std::string& lemma, const std::string& upos,
                 const std::string& feats, const std::string& head, const std::string& deprel) {
  return id + "\t" + form + "\t" + lemma + "\t" + upos + "\t_\t" + feats + "\t" + head + "\t" + deprel + "\t_\t_\n";
}

// "form/UPOS/lemma>head:deprel" per token, "|"-joined; head 1-based, 0 for root.
std::string compact(const std::vector<ConllWord>& tokens) {
  std::string out;
  for (const ConllWord& token : tokens) {
    if (!out.empty()) out += "|";
    out += token.form + "/" + token.upos + "/" + token.lemma + ">" + std::to_string(token.head + 1) + ":" + token.deprel;
  }
  return out;
}

const std::string kFrenchSentence =
    "# sent_id = test-1\n"
    "# text = Le retrait du Mali.\n" +
    line("1", "Le", "le", "DET", "Number=Sing", "2", "det") +
    line("2", "retrait", "retrait", "NOUN", "Number=Sing", "0", "root") +
    "3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n" +
    line("3", "de", "de", "ADP", "_", "5", "case") +
    line("4", "le", "le", "DET", "Number=Sing", "5", "det") +
    line("5", "Mali", "Mali", "PROPN", "_", "2", "nmod") +
    line("6", ".", ".", "PUNCT", "_", "2", "punct") + "\n";

TEST(ConlluReader, ReadsWordsAndMultiwordRanges) {
  auto sentences = parse_conllu(kFrenchSentence, "test.conllu");
  ASSERT_TRUE(sentences.ok()) << sentences.error().to_string();
  ASSERT_EQ(sentences->size(), 1u);
  const ConllSentence& sentence = (*sentences)[0];
  EXPECT_EQ(sentence.sent_id, "test-1");
  EXPECT_EQ(compact(sentence.words), "Le/DET/le>2:det|retrait/NOUN/retrait>0:root|de/ADP/de>5:case|"
                                     "le/DET/le>5:det|Mali/PROPN/Mali>2:nmod|./PUNCT/.>2:punct");
  ASSERT_EQ(sentence.multiword_tokens.size(), 1u);
  EXPECT_EQ(sentence.multiword_tokens[0].form, "du");
  EXPECT_EQ(sentence.multiword_tokens[0].first_word, 2u);
  EXPECT_EQ(sentence.multiword_tokens[0].last_word, 3u);
  EXPECT_EQ(sentence.words[0].feats, "Number=Sing");
  EXPECT_EQ(sentence.words[2].feats, "");
}

TEST(ConlluReader, CollapsesMultiwordTokensOntoTheWordWithTheOutsideHead) {
  auto sentences = parse_conllu(kFrenchSentence, "test.conllu");
  ASSERT_TRUE(sentences.ok());
  EXPECT_EQ(compact(collapse_multiword_tokens((*sentences)[0])),
            "Le/DET/le>2:det|retrait/NOUN/retrait>0:root|du/ADP/de>4:case|Mali/PROPN/Mali>2:nmod|./PUNCT/.>2:punct");
  // Kept split when the caller says the text stage splits it.
  auto keep_all = [](const MultiwordToken&, const std::vector<ConllWord>&) { return true; };
  EXPECT_EQ(collapse_multiword_tokens((*sentences)[0], keep_all).size(), 6u);
}

TEST(ConlluReader, HeadsPointingIntoARangePointToTheSurfaceToken) {
  // "auquel" = "à lequel": "lequel" has the outside head and speaks for the token;
  // "à" pointed to "lequel" and disappears.
  std::string text = line("1", "homme", "homme", "NOUN", "_", "0", "root") +
                     "2-3\tauquel\t_\t_\t_\t_\t_\t_\t_\t_\n" + line("2", "à", "à", "ADP", "_", "3", "case") +
                     line("3", "lequel", "lequel", "PRON", "_", "5", "obl") +
                     line("4", "il", "il", "PRON", "_", "5", "nsubj") +
                     line("5", "pense", "penser", "VERB", "_", "1", "acl:relcl") + "\n";
  auto sentences = parse_conllu(text, "t.conllu");
  ASSERT_TRUE(sentences.ok()) << sentences.error().to_string();
  EXPECT_EQ(compact(collapse_multiword_tokens((*sentences)[0])),
            "homme/NOUN/homme>0:root|auquel/PRON/lequel>4:obl|il/PRON/il>4:nsubj|pense/VERB/penser>1:acl:relcl");
}

TEST(ConlluReader, SkipsEmptyNodesAndToleratesMissingFinalBlankLine) {
  std::string text = line("1", "Il", "il", "PRON", "_", "2", "nsubj") +
                     "1.1\tva\taller\tVERB\t_\t_\t_\t_\t_\t_\n" + line("2", "part", "partir", "VERB", "_", "0", "root");
  auto sentences = parse_conllu(text, "t.conllu");
  ASSERT_TRUE(sentences.ok()) << sentences.error().to_string();
  ASSERT_EQ(sentences->size(), 1u);
  EXPECT_EQ(compact((*sentences)[0].words), "Il/PRON/il>2:nsubj|part/VERB/partir>0:root");
}

struct BadInputRow {
  std::string text;
  std::string expected_message;  // substring of Error::to_string()
};

TEST(ConlluReader, BadInputNamesFileLineAndProblem) {
  const BadInputRow rows[] = {
      {"1\tIl\til\tPRON\t_\t_\t2\tnsubj\n", "t.conllu:1: expected 10 tab-separated fields, found 8"},
      {line("1", "Il", "il", "PRON", "_", "x", "nsubj"), "t.conllu:1: head \"x\" is not a number"},
      {line("2", "Il", "il", "PRON", "_", "0", "root"), "t.conllu:1: word id \"2\" is not 1"},
      {line("1", "Il", "il", "PRON", "_", "7", "nsubj") + "\n", "head 7 of word 1 is outside its sentence"},
      {"2-1\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n", "t.conllu:1: bad multiword token id \"2-1\""},
  };
  for (const BadInputRow& row : rows) {
    auto sentences = parse_conllu(row.text, "t.conllu");
    ASSERT_FALSE(sentences.ok()) << row.text;
    EXPECT_EQ(sentences.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(sentences.error().to_string().find(row.expected_message), std::string::npos)
        << sentences.error().to_string();
  }
}

TEST(ConlluReader, MissingFileIsAnIoError) {
  auto sentences = read_conllu_file("/nonexistent/treebank.conllu");
  ASSERT_FALSE(sentences.ok());
  EXPECT_EQ(sentences.error().kind, ErrorKind::kIo);
}

TEST(ConlluReader, EnglishContractionsStaySplitWhereTheTextStageSplitsThem) {
  // "don't" -> "do" "n't" (the tokenizer splits it); "cannot" -> one token.
  std::string text = line("1", "I", "I", "PRON", "_", "4", "nsubj") + "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
                     line("2", "do", "do", "AUX", "_", "4", "aux") + line("3", "n't", "not", "PART", "_", "4", "advmod") +
                     line("4", "go", "go", "VERB", "_", "0", "root") + "5-6\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n" +
                     line("5", "can", "can", "AUX", "_", "7", "aux") + line("6", "not", "not", "PART", "_", "7", "advmod") +
                     line("7", "stay", "stay", "VERB", "_", "4", "conj") + "\n";
  std::string path = testing::TempDir() + "/contractions.conllu";
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
  auto sentences = read_surface_sentences({path}, "en");
  ASSERT_TRUE(sentences.ok()) << sentences.error().to_string();
  ASSERT_EQ(sentences->size(), 1u);
  EXPECT_EQ(compact((*sentences)[0]), "I/PRON/I>4:nsubj|do/AUX/do>4:aux|n't/PART/not>4:advmod|go/VERB/go>0:root|"
                                      "cannot/AUX/can>6:aux|stay/VERB/stay>4:conj");
}

}  // namespace
}  // namespace vigie::syntax
