// The syntax stage's entry point: picks the language's model and runs it sentence by
// sentence over the text stage's tokens; see syntax_analyzer.h.

#include "syntax/syntax_analyzer.h"

#include <filesystem>

#include "core/model_files.h"
#include "syntax/syntax_model.h"

namespace vigie::syntax {
namespace {

constexpr const char* kUposNames[kUposCount] = {"ADJ",  "ADP",   "ADV",   "AUX",   "CCONJ", "DET",
                                                "INTJ", "NOUN",  "NUM",   "PART",  "PRON",  "PROPN",
                                                "PUNCT", "SCONJ", "SYM",  "VERB",  "X"};

Result<std::unique_ptr<SyntaxModel>> load_language(const SyntaxOptions& options, const std::string& lang) {
  std::string relative = "syntax/" + lang + ".syntax";
  std::string path;
  if (!options.models_dir.empty()) {
    path = (std::filesystem::path(options.models_dir) / relative).string();
  } else {
    auto found = find_model_file(relative);
    if (!found) return found.error();
    path = found.value();
  }
  return SyntaxModel::load_file(path);
}

}  // namespace

const char* upos_name(Upos upos) {
  auto index = static_cast<size_t>(upos);
  return index < kUposCount ? kUposNames[index] : "X";
}

Upos upos_from_name(std::string_view name) {
  for (size_t i = 0; i < kUposCount; ++i)
    if (name == kUposNames[i]) return static_cast<Upos>(i);
  return Upos::kX;
}

SyntaxAnalyzer::SyntaxAnalyzer(std::unique_ptr<SyntaxModel> french, std::unique_ptr<SyntaxModel> english)
    : french_(std::move(french)), english_(std::move(english)) {}

SyntaxAnalyzer::~SyntaxAnalyzer() = default;

Result<std::unique_ptr<SyntaxAnalyzer>> SyntaxAnalyzer::load(const SyntaxOptions& options) {
  auto french = load_language(options, "fr");
  if (!french) return french.error();
  auto english = load_language(options, "en");
  if (!english) return english.error();
  return std::make_unique<SyntaxAnalyzer>(std::move(french.value()), std::move(english.value()));
}

ArticleSyntax SyntaxAnalyzer::analyze(const Article& article) const {
  const SyntaxModel& model = article.lang == "en" ? *english_ : *french_;
  ArticleSyntax syntax;
  syntax.tokens.resize(article.tokens.size());
  std::vector<std::string_view> forms;
  for (const Sentence& sentence : article.sentences) {
    if (sentence.token_count == 0) continue;
    forms.clear();
    for (uint32_t k = 0; k < sentence.token_count; ++k)
      forms.push_back(article.tokens[sentence.first_token + k].span.in(article.text));
    std::vector<TokenSyntax> tokens = model.analyze(forms);
    for (uint32_t k = 0; k < sentence.token_count; ++k) {
      TokenSyntax& token = tokens[k];
      if (token.head >= 0) token.head += static_cast<int32_t>(sentence.first_token);
      syntax.tokens[sentence.first_token + k] = std::move(token);
    }
  }
  return syntax;
}

std::vector<TokenSyntax> SyntaxAnalyzer::analyze_words(const std::vector<std::string>& words, bool is_english) const {
  std::vector<std::string_view> forms(words.begin(), words.end());
  return (is_english ? *english_ : *french_).analyze(forms);
}

}  // namespace vigie::syntax
