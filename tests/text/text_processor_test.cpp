// Tokens, sentences and language of the text stage. The tables are the spec: each
// bug adds a row.
#include "text/text_processor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigie::text {
namespace {

std::string join_tokens(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    if (!out.empty()) out += '|';
    out += token.span.in(text);
  }
  return out;
}

std::string join_sentences(std::string_view text, const std::vector<Sentence>& sentences) {
  std::string out;
  for (const auto& sentence : sentences) {
    if (!out.empty()) out += " || ";
    out += sentence.span.in(text);
  }
  return out;
}

// Spans are in order, within the text and their sentence; sentences cover every
// token exactly once.
void expect_valid_spans(std::string_view text, const std::vector<Sentence>& sentences,
                        const std::vector<Token>& tokens) {
  uint32_t previous_end = 0;
  for (const auto& token : tokens) {
    EXPECT_LT(token.span.begin_byte, token.span.end_byte);
    EXPECT_LE(token.span.end_byte, text.size());
    EXPECT_GE(token.span.begin_byte, previous_end);
    previous_end = token.span.end_byte;
  }
  uint32_t next_token = 0;
  uint32_t previous_sentence_end = 0;
  for (const auto& sentence : sentences) {
    EXPECT_EQ(sentence.first_token, next_token);
    ASSERT_GT(sentence.token_count, 0u);
    ASSERT_LE(sentence.first_token + sentence.token_count, tokens.size());
    EXPECT_GE(sentence.span.begin_byte, previous_sentence_end);
    EXPECT_EQ(sentence.span.begin_byte, tokens[sentence.first_token].span.begin_byte);
    EXPECT_EQ(sentence.span.end_byte, tokens[sentence.first_token + sentence.token_count - 1].span.end_byte);
    previous_sentence_end = sentence.span.end_byte;
    next_token = sentence.first_token + sentence.token_count;
  }
  EXPECT_EQ(next_token, tokens.size());
}

struct TokenRow {
  const char* lang;
  const char* text;
  const char* expected;
};

const TokenRow kTokenRows[] = {
    // Elisions
    {"fr", "L'ONU s'est retirée", "L'|ONU|s'|est|retirée"},
    {"fr", "l’ONU", "l’|ONU"},
    {"fr", "d'abord j'ai m'a n'est t'es c'est", "d'|abord|j'|ai|m'|a|n'|est|t'|es|c'|est"},
    {"fr", "qu'il jusqu'à lorsqu'on puisqu'elle quoiqu'il presqu'entier",
     "qu'|il|jusqu'|à|lorsqu'|on|puisqu'|elle|quoiqu'|il|presqu'|entier"},
    {"fr", "Qu’il parte", "Qu’|il|parte"},
    {"fr", "aujourd'hui les prud'hommes et quelqu'un", "aujourd'hui|les|prud'hommes|et|quelqu'un"},
    {"fr", "d'aujourd'hui", "d'|aujourd'hui"},
    {"fr", "la presqu'île de Crozon", "la|presqu'île|de|Crozon"},
    {"fr", "la main-d'œuvre en Côte-d'Ivoire et en Côte d'Ivoire",
     "la|main-d'œuvre|en|Côte-d'Ivoire|et|en|Côte|d'|Ivoire"},
    {"fr", "l' ONU", "l'|ONU"},
    {"fr", "d''évolutions substantielles'", "d'|'|évolutions|substantielles|'"},
    // English clitics
    {"en", "I don't know", "I|do|n't|know"},
    {"en", "Britain's economy can't wait", "Britain|'s|economy|ca|n't|wait"},
    {"en", "they're here, we've seen, I'll go, he'd say, I'm", "they|'re|here|,|we|'ve|seen|,|I|'ll|go|,|he|'d|say|,|I|'m"},
    {"en", "O'Neill's team", "O'Neill|'s|team"},
    {"en", "the parents' cars", "the|parents|'|cars"},
    // Hyphens and clitic inversions
    {"fr", "le Royaume-Uni et le porte-parole", "le|Royaume-Uni|et|le|porte-parole"},
    {"fr", "peut-être à St-Denis", "peut-être|à|St-Denis"},
    {"fr", "a-t-il dit", "a|-t-il|dit"},
    {"fr", "dit-elle", "dit|-elle"},
    {"fr", "pouvons-nous", "pouvons|-nous"},
    {"fr", "donne-le-moi", "donne|-le|-moi"},
    {"fr", "Qu'est-ce que", "Qu'|est|-ce|que"},
    {"fr", "un rendez-vous", "un|rendez-vous"},
    {"fr", "A-t-elle", "A|-t-elle"},
    {"en", "a well-known add-on", "a|well-known|add-on"},
    {"fr", "la covid-19 et le G-20", "la|covid-19|et|le|G-20"},
    // Abbreviations
    {"fr", "M. Macron et Mme Borne", "M.|Macron|et|Mme|Borne"},
    {"fr", "MM. Dupont et Durand, Dr. House", "MM.|Dupont|et|Durand|,|Dr.|House"},
    {"fr", "des fruits, etc., des légumes", "des|fruits|,|etc.|,|des|légumes"},
    {"fr", "en 52 av. J.-C. environ", "en|52|av.|J.-C.|environ"},
    {"fr", "cf. p. 12", "cf.|p.|12"},
    {"fr", "le n° 5", "le|n°|5"},
    {"en", "the U.S. economy, e.g. jobs", "the|U.S.|economy|,|e.g.|jobs"},
    {"en", "Mr. and Mrs. Smith met Dr. Jones in Jan. 2020", "Mr.|and|Mrs.|Smith|met|Dr.|Jones|in|Jan.|2020"},
    {"en", "George W. Bush", "George|W.|Bush"},
    // Numbers
    {"fr", "13 000 manifestants", "13 000|manifestants"},
    {"fr", "17 557 cas et 1 200 000 doses", "17 557|cas|et|1 200 000|doses"},
    {"fr", "2,5 et 3.5 et 1,400", "2,5|et|3.5|et|1,400"},
    {"fr", "de -4,5 à +3", "de|-4,5|à|+3"},
    {"fr", "10 % et 2,5%", "10|%|et|2,5|%"},
    {"fr", "en 2013 300 soldats", "en|2013|300|soldats"},
    {"fr", "13 000,50 euros", "13 000,50|euros"},
    {"fr", "de 2020-2021", "de|2020|-|2021"},
    {"fr", "le 1er et le 3e, XXIe siècle", "le|1er|et|le|3e|,|XXIe|siècle"},
    {"fr", "5km à 130km/h", "5|km|à|130|km|/|h"},
    {"fr", "l'A380 et la 5G", "l'|A380|et|la|5G"},
    {"fr", "943Alpes-de-Haute-Provence", "943|Alpes-de-Haute-Provence"},
    {"fr", "100 €, 20$", "100|€|,|20|$"},
    // Dates and times
    {"fr", "le 29/06/2022 à 14h30", "le|29/06/2022|à|14h30"},
    {"fr", "le 2022-11-14 à 14:30.", "le|2022-11-14|à|14:30|."},
    {"fr", "dès 8h et pendant 48h", "dès|8h|et|pendant|48|h"},
    {"fr", "score 2:1", "score|2|:|1"},
    // URLs and e-mails
    {"fr", "voir https://www.lemonde.fr/a/b?x=1.", "voir|https://www.lemonde.fr/a/b?x=1|."},
    {"fr", "(www.example.org)", "(|www.example.org|)"},
    {"fr", "écrire à jean.dupont@example.fr, merci", "écrire|à|jean.dupont@example.fr|,|merci"},
    {"fr", "sur lemonde.fr hier", "sur|lemonde.fr|hier"},
    // Quotes and punctuation
    {"fr", "« Non », a-t-il dit.", "«|Non|»|,|a|-t-il|dit|."},
    {"fr", "“Oui” ou \"non\" ‹ peut-être ›", "“|Oui|”|ou|\"|non|\"|‹|peut-être|›"},
    {"fr", "Quoi ?! Il hésite... puis…", "Quoi|?!|Il|hésite|...|puis|…"},
    {"fr", "(...) La balle", "(|...|)|La|balle"},
    {"fr", "oui,non", "oui|,|non"},
    {"fr", "AT&T et R&D", "AT&T|et|R&D"},
    // Glued sentences: a period before an upper-case word splits
    {"fr", "France 24.La junte", "France|24|.|La|junte"},
    {"fr", "jeudi.Le gouvernement", "jeudi|.|Le|gouvernement"},
};

class TokenTable : public ::testing::TestWithParam<TokenRow> {};

TEST_P(TokenTable, Tokens) {
  static TextProcessor processor;
  const TokenRow& row = GetParam();
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  processor.segment(row.text, row.lang, sentences, tokens);
  EXPECT_EQ(join_tokens(row.text, tokens), row.expected) << row.text;
  expect_valid_spans(row.text, sentences, tokens);
}

INSTANTIATE_TEST_SUITE_P(Rows, TokenTable, ::testing::ValuesIn(kTokenRows));

struct KindRow {
  const char* text;
  const char* token;
  TokenKind kind;
};

const KindRow kKindRows[] = {
    {"13 000 euros", "13 000", TokenKind::kNumber},
    {"à 14h30", "14h30", TokenKind::kDate},
    {"le 29/06/2022", "29/06/2022", TokenKind::kDate},
    {"le 2022-11-14", "2022-11-14", TokenKind::kDate},
    {"voir https://x.org/a", "https://x.org/a", TokenKind::kUrl},
    {"sur lemonde.fr", "lemonde.fr", TokenKind::kUrl},
    {"a@b.com", "a@b.com", TokenKind::kEmail},
    {"10 %", "%", TokenKind::kSymbol},
    {"« oui »", "«", TokenKind::kPunctuation},
    {"\"oui\"", "\"", TokenKind::kPunctuation},
    {"M. Macron", "M.", TokenKind::kWord},
    {"-4,5", "-4,5", TokenKind::kNumber},
    {"2013", "2013", TokenKind::kNumber},
};

TEST(TextProcessor, TokenKinds) {
  TextProcessor processor;
  for (const auto& row : kKindRows) {
    std::vector<Sentence> sentences;
    std::vector<Token> tokens;
    processor.segment(row.text, "fr", sentences, tokens);
    bool is_found = false;
    for (const auto& token : tokens) {
      if (token.span.in(row.text) != row.token) continue;
      is_found = true;
      EXPECT_EQ(static_cast<int>(token.kind), static_cast<int>(row.kind)) << row.text;
    }
    EXPECT_TRUE(is_found) << row.text << ": no token " << row.token;
  }
}

struct SentenceRow {
  const char* lang;
  const char* text;
  const char* expected;  // sentences joined by " || "
};

const SentenceRow kSentenceRows[] = {
    {"fr", "Il pleut. Il neige.", "Il pleut. || Il neige."},
    {"fr", "M. Macron est arrivé. Mme Borne aussi.", "M. Macron est arrivé. || Mme Borne aussi."},
    {"fr", "Des pommes, des poires, etc.", "Des pommes, des poires, etc."},
    {"fr", "Des pommes, etc. Le marché ferme.", "Des pommes, etc. || Le marché ferme."},
    {"fr", "Des pommes, etc. et des poires.", "Des pommes, etc. et des poires."},
    {"fr", "Des fruits, etc.\n\nLa suite.", "Des fruits, etc. || La suite."},
    {"fr", "selon France 24.La junte a parlé.", "selon France 24. || La junte a parlé."},
    {"fr", "dans la nuit de jeudi.Le gouvernement avait", "dans la nuit de jeudi. || Le gouvernement avait"},
    {"fr", "Il lit lemonde.fr chaque jour. Il a 3.5 ans.", "Il lit lemonde.fr chaque jour. || Il a 3.5 ans."},
    {"en", "The U.S. economy grew. Prices rose.", "The U.S. economy grew. || Prices rose."},
    {"fr", "Premier paragraphe sans point\n\nDeuxième", "Premier paragraphe sans point || Deuxième"},
    {"fr", "« C'est fini. » Le ministre est parti.", "« C'est fini. » || Le ministre est parti."},
    {"fr", "Il a dit « c'est fini ». Puis il est parti.", "Il a dit « c'est fini ». || Puis il est parti."},
    {"fr", "« Vraiment ? » a-t-il dit.", "« Vraiment ? » a-t-il dit."},
    {"fr", "« Vraiment ! » Elle rit.", "« Vraiment ! » || Elle rit."},
    {"fr", "Pourquoi ? Parce que.", "Pourquoi ? || Parce que."},
    {"fr", "Il hésite... puis part.", "Il hésite... puis part."},
    {"fr", "réunion.\"Malgré l'annonce\", a dit FO.", "réunion. || \"Malgré l'annonce\", a dit FO."},
    {"fr", "c'est \"insuffisant\".\"Le montant\" reste.", "c'est \"insuffisant\". || \"Le montant\" reste."},
    {"fr", "Il est parti (en 2013.) Puis revenu.", "Il est parti (en 2013.) || Puis revenu."},
    {"fr", "en 52 av. J.-C. Rome domine.", "en 52 av. J.-C. || Rome domine."},
    {"en", "It was 3 p.m. The end.", "It was 3 p.m. || The end."},
    {"en", "Mr. Smith met Dr. Jones. They talked.", "Mr. Smith met Dr. Jones. || They talked."},
    {"fr", "Voir www.site.org. Ensuite lire.", "Voir www.site.org. || Ensuite lire."},
    {"fr", "", ""},
    {"fr", "   ", ""},
};

class SentenceTable : public ::testing::TestWithParam<SentenceRow> {};

TEST_P(SentenceTable, Sentences) {
  static TextProcessor processor;
  const SentenceRow& row = GetParam();
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  processor.segment(row.text, row.lang, sentences, tokens);
  EXPECT_EQ(join_sentences(row.text, sentences), row.expected) << row.text;
  expect_valid_spans(row.text, sentences, tokens);
}

INSTANTIATE_TEST_SUITE_P(Rows, SentenceTable, ::testing::ValuesIn(kSentenceRows));

TEST(TextProcessor, IdentifiesFrenchAndEnglish) {
  LanguageGuess french = identify_language(
      "Le gouvernement a annoncé jeudi une nouvelle enveloppe de 400 millions d'euros pour les soignants, "
      "une somme jugée insuffisante par les syndicats de la fonction publique hospitalière.");
  EXPECT_EQ(french.code, "fr");
  EXPECT_TRUE(french.is_reliable);
  LanguageGuess english = identify_language(
      "The government announced on Thursday a new package of 400 million euros for health workers, an amount "
      "the public hospital unions consider insufficient.");
  EXPECT_EQ(english.code, "en");
  EXPECT_EQ(identify_language("OK").code, "und");
  EXPECT_EQ(identify_language("").code, "und");
  EXPECT_EQ(identify_language("\xff\xfe invalid \xc3").code, "und");
}

TEST(TextProcessor, ContentIdIsSixteenLowerHexDigits) {
  std::string id = content_id("Bonjour");
  ASSERT_EQ(id.size(), 16u);
  for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
  EXPECT_EQ(id, content_id("Bonjour"));
  EXPECT_NE(id, content_id("Bonjour."));
  EXPECT_EQ(content_id(""), "2d06800538d394c2");  // XXH3-64 of nothing
}

TEST(TextProcessor, ProcessFillsArticle) {
  TextProcessor processor;
  Article article;
  article.text = "  Le\u00a0ministre a parlé.\r\n\r\nL'ONU s'est retirée.  ";
  processor.process(article);
  EXPECT_EQ(article.text, "Le ministre a parlé.\n\nL'ONU s'est retirée.");
  EXPECT_EQ(article.id, content_id(article.text));
  EXPECT_EQ(join_sentences(article.text, article.sentences), "Le ministre a parlé. || L'ONU s'est retirée.");
  expect_valid_spans(article.text, article.sentences, article.tokens);
  EXPECT_FALSE(article.lang.empty());

  Article tagged;
  tagged.text = "The minister spoke at length about the budget and the unions.";
  tagged.lang = "fr";
  tagged.is_lang_from_metadata = true;
  processor.process(tagged);
  EXPECT_EQ(tagged.lang, "fr");  // metadata wins
}

TEST(TextProcessor, SurvivesInvalidUtf8AndEmptyInput) {
  TextProcessor processor;
  const std::string inputs[] = {"", "\xff", "a\xc3", "\xe2\x80", "\xf0\x9f\x98", "l'\xff" "ONU. \xc0\xaf Fin.",
                                std::string("a\0b", 3), "\n\n\n", "'", "-", "1 ", " 000", ".", "...",
                                "https://", "www.", "@", "a@", "n\xc2"};
  for (const auto& raw : inputs) {
    std::vector<Sentence> sentences;
    std::vector<Token> tokens;
    processor.segment(raw, "fr", sentences, tokens);
    expect_valid_spans(raw, sentences, tokens);

    Article article;
    article.text = raw;
    processor.process(article);
    expect_valid_spans(article.text, article.sentences, article.tokens);
  }
}

TEST(TextProcessor, SegmentAppendsAfterExistingTokens) {
  TextProcessor processor;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  processor.segment("Un. Deux.", "fr", sentences, tokens);
  processor.segment("Trois. Quatre.", "fr", sentences, tokens);
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[2].first_token, 4u);
  EXPECT_EQ(sentences[3].first_token, 6u);
}

TEST(TextProcessor, UnknownLanguageUsesFrenchAndEnglishRules) {
  TextProcessor processor;
  for (const char* lang : {"und", "de", "", "../x"}) {
    std::vector<Sentence> sentences;
    std::vector<Token> tokens;
    processor.segment("M. Weber l'a vu. Dr. Jones don't.", lang, sentences, tokens);
    EXPECT_EQ(sentences.size(), 2u) << lang;
  }
}

}  // namespace
}  // namespace vigie::text
