#pragma once
// Turns what a user types into an FTS5 MATCH expression that cannot be a syntax error:
//   armée l'armée Royaume-Uni   barewords -> "armée" "l'armée" "Royaume-Uni" (each a
//                               quoted string, tokenised by the vigie tokenizer, so a
//                               hyphenated word is a phrase of its parts)
//   "cessez le feu"             phrases kept
//   AND OR NOT ( )              uppercase operators and parentheses; lowercase "and" is a word
//   retrai*                     prefix -> "retrai" *
// Adjacent items are ANDed. The output is fully parenthesised, so precedence is the
// usual NOT > AND > OR whatever FTS5's own rules. A query it cannot make sense of is
// kUsage with the position and a fix; a word without letters or digits ("-", "&") is
// dropped. docs/STORE.md, "Search".

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigie::store {

Result<std::string> translate_query(std::string_view query);

}  // namespace vigie::store
