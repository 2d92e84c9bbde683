#pragma once
// A small rule tokenizer the entities stage uses when an article arrives without
// tokens (the text stage not run, or a caller passing raw text), and to read the
// unlabelled corpus when learning word clusters. It splits on spaces, detaches
// punctuation and quote marks, splits French elisions after the apostrophe
// ("l'ONU" -> "l'|ONU") and keeps abbreviations and acronyms whole ("M.", "U.N.").
// Sentences end at . ! ? … followed by a space and an upper-case letter or a quote.
// Pure function, safe from any thread.

#include <string_view>
#include <vector>

#include "core/article.h"

namespace vigie::entities {

void fallback_segment(std::string_view text, std::vector<Sentence>& sentences, std::vector<Token>& tokens);

}  // namespace vigie::entities
