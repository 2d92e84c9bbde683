// The syntax stage end to end on real French and English sentences segmented by the
// text stage: every sentence gets a tree (one root, no cycles, heads inside the
// sentence), contractions and clitic inversions come out as documented, and bad or
// too-new model files fail with the documented error.
#include "syntax/syntax_analyzer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "syntax/syntax_model.h"
#include "text/text_processor.h"

namespace vigie::syntax {
namespace {

const SyntaxAnalyzer& analyzer() {
  static std::unique_ptr<SyntaxAnalyzer> instance = [] {
    SyntaxOptions options;
    options.models_dir = std::string(VIGIE_SOURCE_DIR) + "/models";
    auto loaded = SyntaxAnalyzer::load(options);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().to_string());
    return std::move(loaded.value());
  }();
  return *instance;
}

Article processed(const std::string& text, const std::string& lang) {
  Article article;
  article.text = text;
  article.lang = lang;
  article.is_lang_from_metadata = true;
  text::TextProcessor processor;
  processor.process(article);
  return article;
}

// Empty when every sentence's heads form one tree inside the sentence.
std::string tree_problem(const Article& article, const ArticleSyntax& syntax) {
  if (syntax.tokens.size() != article.tokens.size()) return "not parallel to the tokens";
  for (size_t s = 0; s < article.sentences.size(); ++s) {
    const Sentence& sentence = article.sentences[s];
    const auto first = static_cast<int32_t>(sentence.first_token);
    const auto end = first + static_cast<int32_t>(sentence.token_count);
    int roots = 0;
    for (int32_t t = first; t < end; ++t) {
      const TokenSyntax& token = syntax.tokens[static_cast<size_t>(t)];
      if (token.head == -1) {
        ++roots;
        if (token.deprel != "root") return "root token labelled " + token.deprel;
        continue;
      }
      if (token.head < first || token.head >= end) return "head outside sentence " + std::to_string(s);
      if (token.deprel == "root" || token.deprel.empty()) return "non-root token labelled '" + token.deprel + "'";
      // Walking up from t must reach the root within the sentence length.
      int32_t at = t;
      for (int32_t steps = 0; at != -1; ++steps) {
        if (steps > end - first) return "cycle in sentence " + std::to_string(s);
        at = syntax.tokens[static_cast<size_t>(at)].head;
      }
    }
    if (roots != 1) return std::to_string(roots) + " roots in sentence " + std::to_string(s);
  }
  return "";
}

struct TreeRow {
  std::string lang;
  std::string text;
};

TEST(SyntaxAnalyzer, EverySentenceIsATree) {
  const TreeRow rows[] = {
      {"fr", "Le Royaume-Uni a annoncé hier lundi le retrait anticipé de ses militaires."},
      {"fr", "La France a suspendu sa coopération militaire et sécuritaire avec le Mali et a ordonné à des "
             "diplomates maliens de quitter son territoire."},
      {"fr", "Bamako a précédemment nié s'être tourné vers les paramilitaires de Wagner. Pourquoi l'armée a-t-elle "
             "quitté la ville aujourd'hui ? Les 13 000 soldats du contingent sont rentrés au pays."},
      {"fr", "Oui."},
      {"fr", "« Nous ne partirons pas », a déclaré le ministre, qui devrait être reçu par le président."},
      {"en", "The United Kingdom announced on Monday the early withdrawal of its troops from Mali."},
      {"en", "France didn't suspend its cooperation. The diplomats were expelled by the junta, officials said."},
      {"en", "Why?"},
  };
  for (const TreeRow& row : rows) {
    Article article = processed(row.text, row.lang);
    ArticleSyntax syntax = analyzer().analyze(article);
    EXPECT_EQ(tree_problem(article, syntax), "") << row.text;
  }
}

TEST(SyntaxAnalyzer, EmptyArticleGivesNoTokens) {
  Article article = processed("", "fr");
  EXPECT_TRUE(analyzer().analyze(article).tokens.empty());
}

// "form/UPOS/lemma" of the tokens of `text`, "|"-joined.
std::string tagged(const std::string& text, const std::string& lang) {
  Article article = processed(text, lang);
  ArticleSyntax syntax = analyzer().analyze(article);
  std::string out;
  for (size_t t = 0; t < article.tokens.size(); ++t) {
    if (!out.empty()) out += "|";
    out += std::string(article.tokens[t].span.in(article.text)) + "/" + upos_name(syntax.tokens[t].upos) + "/" +
           syntax.tokens[t].lemma;
  }
  return out;
}

TEST(SyntaxAnalyzer, FrenchContractionsAndInversions) {
  struct Row {
    std::string text;
    std::string expected;
  };
  const Row rows[] = {
      {"Le retrait du Mali.", "Le/DET/le|retrait/NOUN/retrait|du/ADP/de|Mali/PROPN/mali|./PUNCT/."},
      // Sequoia lemmatises plural "ils" as "eux" (the strong form), and the model follows it.
      {"Ils sont arrivés au port.", "Ils/PRON/eux|sont/AUX/être|arrivés/VERB/arriver|au/ADP/à|port/NOUN/port|./PUNCT/."},
  };
  for (const Row& row : rows) EXPECT_EQ(tagged(row.text, "fr"), row.expected);
}

TEST(SyntaxAnalyzer, PassiveAgentAndSubject) {
  // "Les soldats ont été retirés par la France": the subject is nsubj:pass and the
  // agent obl:agent, both attached to "retirés".
  Article article = processed("Les soldats ont été retirés par la France.", "fr");
  ArticleSyntax syntax = analyzer().analyze(article);
  ASSERT_EQ(syntax.tokens.size(), 9u);
  EXPECT_EQ(syntax.tokens[1].deprel, "nsubj:pass");
  EXPECT_EQ(syntax.tokens[1].head, 4);
  EXPECT_EQ(syntax.tokens[4].head, -1);
  EXPECT_EQ(syntax.tokens[4].lemma, "retirer");
  EXPECT_EQ(syntax.tokens[7].deprel, "obl:agent");
  EXPECT_EQ(syntax.tokens[7].head, 4);
}

TEST(SyntaxAnalyzer, VerbFeatures) {
  Article article = processed("La France pourrait retirer ses soldats.", "fr");
  ArticleSyntax syntax = analyzer().analyze(article);
  ASSERT_GE(syntax.tokens.size(), 4u);
  EXPECT_NE(syntax.tokens[2].feats.find("Mood=Cnd"), std::string::npos) << syntax.tokens[2].feats;
  EXPECT_NE(syntax.tokens[3].feats.find("VerbForm=Inf"), std::string::npos) << syntax.tokens[3].feats;
}

std::string write_temp_models(const std::string& name, const std::string& french_bytes) {
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / name;
  std::filesystem::create_directories(dir / "syntax");
  std::ofstream(dir / "syntax" / "fr.syntax", std::ios::binary) << french_bytes;
  std::filesystem::copy_file(std::string(VIGIE_SOURCE_DIR) + "/models/syntax/en.syntax", dir / "syntax" / "en.syntax",
                             std::filesystem::copy_options::overwrite_existing);
  return dir.string();
}

std::string committed_french_bytes() {
  std::ifstream in(std::string(VIGIE_SOURCE_DIR) + "/models/syntax/fr.syntax", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct BadModelRow {
  std::string name;
  std::string bytes;
  ErrorKind kind;
  std::string expected_message;
};

TEST(SyntaxAnalyzer, BadModelFilesFailWithTheDocumentedError) {
  std::string good = committed_french_bytes();
  ASSERT_GT(good.size(), 100u);
  std::string newer = good;
  newer[8] = static_cast<char>(kModelFormatVersion + 1);
  std::string flipped = good;
  flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 0x40);
  const BadModelRow rows[] = {
      {"newer", newer, ErrorKind::kUnsupportedVersion,
       "syntax model format version 2 is newer than version 1 that this vigie reads; update vigie or rebuild the "
       "model with scripts/train-syntax.sh"},
      {"magic", "hello world, not a model at all", ErrorKind::kInvalidInput,
       "not a vigie syntax model (no VIGIESYN header); rebuild it with scripts/train-syntax.sh"},
      {"damaged", flipped, ErrorKind::kInvalidInput, "syntax model is damaged (checksum mismatch)"},
      {"truncated", good.substr(0, good.size() - 100), ErrorKind::kInvalidInput, "syntax model is damaged"},
  };
  for (const BadModelRow& row : rows) {
    SyntaxOptions options;
    options.models_dir = write_temp_models(row.name, row.bytes);
    auto loaded = SyntaxAnalyzer::load(options);
    ASSERT_FALSE(loaded.ok()) << row.name;
    EXPECT_EQ(loaded.error().kind, row.kind) << row.name;
    EXPECT_NE(loaded.error().to_string().find(row.expected_message), std::string::npos)
        << loaded.error().to_string();
    EXPECT_NE(loaded.error().to_string().find("fr.syntax"), std::string::npos) << loaded.error().to_string();
  }
  SyntaxOptions missing;
  missing.models_dir = "/nonexistent";
  auto loaded = SyntaxAnalyzer::load(missing);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().kind, ErrorKind::kIo);
}

TEST(SyntaxAnalyzer, SerializeRoundTripsBitForBit) {
  std::string good = committed_french_bytes();
  auto model = SyntaxModel::deserialize(good, "fr.syntax");
  ASSERT_TRUE(model.ok()) << model.error().to_string();
  EXPECT_TRUE(model.value()->serialize() == good);
}

}  // namespace
}  // namespace vigie::syntax
