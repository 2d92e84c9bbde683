// TextProcessor: normalise, identify the language, segment. The rules of each
// language are loaded from models/lexicons/ the first time the language is seen
// and kept for the processor's lifetime; see text/lexicon.h and text/tokenizer.cpp.
#include "text/text_processor.h"

#include <map>
#include <stdexcept>

#include "text/lexicon.h"
#include "text/tokenizer.h"

namespace vigie::text {

struct TextProcessor::Impl {
  std::map<std::string, LanguageRules, std::less<>> rules_by_lang;
  std::vector<uint8_t> flags;  // reused across articles

  // A malformed or too new lexicon is a broken installation, not bad input: it would
  // change every article, so it stops the run with the file and versions.
  const LanguageRules& rules_for(std::string_view lang) {
    // Metadata may carry anything; only a plain language code names lexicon files.
    bool is_code = lang.size() >= 2 && lang.size() <= 3;
    for (char c : lang) is_code = is_code && c >= 'a' && c <= 'z';
    std::string key = is_code ? std::string(lang) : "und";
    auto it = rules_by_lang.find(key);
    if (it != rules_by_lang.end()) return it->second;
    auto loaded = load_language_rules(key);
    if (!loaded) throw std::runtime_error(loaded.error().to_string());
    return rules_by_lang.emplace(key, std::move(loaded.value())).first->second;
  }
};

TextProcessor::TextProcessor() : impl_(std::make_unique<Impl>()) {
  // Load the two languages we ship now, so a broken lexicon fails at start-up.
  impl_->rules_for("fr");
  impl_->rules_for("en");
}

TextProcessor::~TextProcessor() = default;

void TextProcessor::process(Article& article) {
  article.text = normalize_text(article.text);
  article.id = content_id(article.text);
  if (!article.is_lang_from_metadata || article.lang.empty()) {
    article.lang = identify_language(article.text, article.title).code;
    article.is_lang_from_metadata = false;
  }
  article.sentences.clear();
  article.tokens.clear();
  segment(article.text, article.lang, article.sentences, article.tokens);
}

void TextProcessor::segment(std::string_view text, std::string_view lang, std::vector<Sentence>& sentences,
                            std::vector<Token>& tokens) {
  const LanguageRules& rules = impl_->rules_for(lang);
  size_t first_token = tokens.size();
  tokens.reserve(first_token + text.size() / 5);
  impl_->flags.clear();
  impl_->flags.reserve(text.size() / 5);
  tokenize(text, rules, tokens, impl_->flags);
  // split_sentences indexes flags from 0: hand it this call's tokens only.
  if (first_token == 0) {
    split_sentences(text, tokens, impl_->flags, sentences);
    return;
  }
  std::vector<Token> own(tokens.begin() + static_cast<std::ptrdiff_t>(first_token), tokens.end());
  size_t first_sentence = sentences.size();
  split_sentences(text, own, impl_->flags, sentences);
  for (size_t s = first_sentence; s < sentences.size(); ++s) sentences[s].first_token += static_cast<uint32_t>(first_token);
}

}  // namespace vigie::text
