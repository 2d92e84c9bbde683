#pragma once
// The syntax stage: part of speech (UD UPOS), a compact set of morphological
// features, lemmas and a labelled dependency tree for every token of an article the
// text stage has processed. Runs on vigie's own tokens (Article::tokens), which keep
// French contractions whole: "du", "au", "des" (= "de les") are one token each, tagged
// ADP with lemma "de"/"à" and attached as the preposition would be (case); "l'" is one
// token (DET or PRON, lemma "le"); "a-t-il" is split by the text stage ("a", "-t-il")
// and each piece is tagged on its own.
//
// Models are trained by `vigie train syntax` on the Universal Dependencies treebanks
// (see docs/SYNTAX.md and models/syntax/README.md for format, figures and the rebuild
// command). A SyntaxAnalyzer is immutable once loaded and may be shared between
// threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/error.h"

namespace vigie::syntax {

enum class Upos : uint8_t {
  kAdj, kAdp, kAdv, kAux, kCconj, kDet, kIntj, kNoun, kNum, kPart, kPron, kPropn, kPunct, kSconj, kSym, kVerb, kX
};
inline constexpr int kUposCount = 17;

const char* upos_name(Upos upos);  // "NOUN"
// Upos::kX for an unknown name.
Upos upos_from_name(std::string_view name);

struct TokenSyntax {
  Upos upos = Upos::kX;
  std::string lemma;     // lower case: "retirer" for "retirés", "le" for "les"; "de" for "du"
  std::string feats;     // UD FEATS subset, "Mood=Cnd|Tense=Pres|VerbForm=Fin", empty if none
  int32_t head = -1;     // index into Article::tokens of the head, -1 for the sentence root
  std::string deprel;    // UD relation with subtype: "nsubj", "nsubj:pass", "obl:agent", "root"
};

// Parallel to Article::tokens: tokens[i] describes article.tokens[i]. Heads never
// leave their sentence; each sentence has exactly one token with head -1.
struct ArticleSyntax {
  std::vector<TokenSyntax> tokens;
};

struct SyntaxOptions {
  // The models/ folder holding syntax/fr.syntax and syntax/en.syntax; empty:
  // core/model_files.h find_model_file("syntax/...").
  std::string models_dir;
};

class SyntaxModel;

class SyntaxAnalyzer {
 public:
  // Loads models/syntax/fr.syntax and models/syntax/en.syntax (under
  // options.models_dir when set). Fails with kUnsupportedVersion for a file written by a newer
  // vigie, kInvalidInput for a damaged one, kIo when missing.
  static Result<std::unique_ptr<SyntaxAnalyzer>> load(const SyntaxOptions& options = {});

  SyntaxAnalyzer(std::unique_ptr<SyntaxModel> french, std::unique_ptr<SyntaxModel> english);
  ~SyntaxAnalyzer();
  SyntaxAnalyzer(const SyntaxAnalyzer&) = delete;
  SyntaxAnalyzer& operator=(const SyntaxAnalyzer&) = delete;

  // Tags, lemmatises and parses every sentence of `article` (which the text stage has
  // processed). Model chosen by article.lang ("en" -> English, else French). Thread-safe.
  ArticleSyntax analyze(const Article& article) const;

  // The same for one list of words already split into sentences (no Article): used by
  // the trainer's evaluation and tests. `words` are the surface forms of one sentence.
  std::vector<TokenSyntax> analyze_words(const std::vector<std::string>& words, bool is_english) const;

 private:
  std::unique_ptr<SyntaxModel> french_;
  std::unique_ptr<SyntaxModel> english_;
};

}  // namespace vigie::syntax
