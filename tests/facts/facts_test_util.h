#pragma once
// Shared by the facts tests: one extractor for the whole test binary, and an article
// built through the text stage so the tests see what the pipeline gives the facts stage.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "facts/fact_extractor.h"
#include "text/text_processor.h"

namespace vigie::facts::testing {

inline const FactExtractor& extractor() {
  static std::unique_ptr<FactExtractor> instance = [] {
    auto created = FactExtractor::create({"fr", "en"});
    if (!created) ADD_FAILURE() << created.error().to_string();
    return created ? std::move(created.value()) : nullptr;
  }();
  return *instance;
}

inline Article make_article(const std::string& text, const std::string& lang, const std::string& published) {
  Article a;
  a.text = text;
  a.lang = lang;
  a.is_lang_from_metadata = true;
  a.published = published;
  static text::TextProcessor processor;
  processor.process(a);
  a.lang = lang;
  return a;
}

}  // namespace vigie::facts::testing
