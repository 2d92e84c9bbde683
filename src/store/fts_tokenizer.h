#pragma once
// The `vigie` FTS5 tokenizer: TermNormalizer's terms, with byte offsets into the
// original text so snippet() and highlight() mark the words as written. The argument
// is the language: tokenize='vigie french' stems with Snowball French,
// tokenize='vigie none' only folds. Each FTS5 table instance gets its own
// TermNormalizer (hence its own stemmer), so a connection never shares one.

#include <sqlite3.h>

#include <string>

#include "core/error.h"

namespace vigie::store {

inline constexpr const char* kTokenizerName = "vigie";

// Registers the tokenizer on `db`; needed on every connection before an fts_* table is
// read or written. `path` names the store in the error.
Status register_fts_tokenizer(sqlite3* db, const std::string& path);

}  // namespace vigie::store
