#pragma once
// Internal to the syntax stage: one language's tagger, lemmatiser and parser, and the
// binary model file that holds them (format in docs/SYNTAX.md). A file starts with
// the magic "VIGIESYN" and a format version and ends with an XXH3-64 checksum of
// everything before it. Immutable once loaded; safe to share between threads.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "syntax/lemmatizer.h"
#include "syntax/parser.h"
#include "syntax/syntax_analyzer.h"
#include "syntax/tagger.h"

namespace vigie::syntax {

inline constexpr char kModelMagic[8] = {'V', 'I', 'G', 'I', 'E', 'S', 'Y', 'N'};
inline constexpr uint32_t kModelFormatVersion = 1;
inline constexpr const char* kRebuildCommand = "scripts/train-syntax.sh";

class SyntaxModel {
 public:
  SyntaxModel(std::string lang, Tagger tagger, Lemmatizer lemmatizer, Parser parser)
      : lang_(std::move(lang)), tagger_(std::move(tagger)), lemmatizer_(std::move(lemmatizer)),
        parser_(std::move(parser)) {}

  const std::string& lang() const { return lang_; }
  const Tagger& tagger() const { return tagger_; }
  const Lemmatizer& lemmatizer() const { return lemmatizer_; }
  const Parser& parser() const { return parser_; }

  // Tags, lemmatises and parses one sentence; heads are 0-based within `forms`.
  std::vector<TokenSyntax> analyze(const std::vector<std::string_view>& forms) const;

  std::string serialize() const;
  // `file` names the source in errors.
  static Result<std::unique_ptr<SyntaxModel>> deserialize(std::string_view bytes, const std::string& file);
  static Result<std::unique_ptr<SyntaxModel>> load_file(const std::string& path);

 private:
  std::string lang_;
  Tagger tagger_;
  Lemmatizer lemmatizer_;
  Parser parser_;
};

}  // namespace vigie::syntax
