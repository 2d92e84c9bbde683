#include "store/fts_tokenizer.h"

#include <new>

#include "text/term_normalizer.h"

namespace vigie::store {
namespace {

struct Tokenizer {
  explicit Tokenizer(const char* lang) : normalizer(lang) {}
  text::TermNormalizer normalizer;
};

int create_tokenizer(void*, const char** args, int arg_count, Fts5Tokenizer** out) {
  // No argument: fold only, like 'vigie none'.
  const char* lang = arg_count > 0 ? args[0] : "none";
  auto* tokenizer = new (std::nothrow) Tokenizer(lang);
  if (tokenizer == nullptr) return SQLITE_NOMEM;
  *out = reinterpret_cast<Fts5Tokenizer*>(tokenizer);
  return SQLITE_OK;
}

void delete_tokenizer(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

// Query and document text go through the same terms, so a query word matches its
// indexed forms. Prefix queries ("retrai*") are stemmed too: a prefix that is a whole
// word must find the word's stem ("gouvernement*" -> "gouvern"); a truncated prefix
// longer than the stem it should reach misses (docs/STORE.md, "Search").
int tokenize(Fts5Tokenizer* handle, void* context, int, const char* text, int text_bytes,
             int (*on_token)(void*, int, const char*, int, int, int)) {
  auto* tokenizer = reinterpret_cast<Tokenizer*>(handle);
  int rc = SQLITE_OK;
  tokenizer->normalizer.for_each_term(
      std::string_view(text, text_bytes < 0 ? 0 : static_cast<size_t>(text_bytes)),
      [&](std::string_view term, uint32_t begin_byte, uint32_t end_byte) {
        rc = on_token(context, 0, term.data(), static_cast<int>(term.size()), static_cast<int>(begin_byte),
                      static_cast<int>(end_byte));
        return rc == SQLITE_OK;
      });
  return rc;
}

}  // namespace

Status register_fts_tokenizer(sqlite3* db, const std::string& path) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK) {
    return make_error(ErrorKind::kIo, path,
                      std::string("this SQLite has no FTS5 (") + sqlite3_errmsg(db) + "); vigie needs SQLite built with FTS5");
  }
  sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(statement);
  sqlite3_finalize(statement);
  if (api == nullptr) return make_error(ErrorKind::kIo, path, "could not reach the FTS5 API of this SQLite");
  fts5_tokenizer tokenizer{create_tokenizer, delete_tokenizer, tokenize};
  if (api->xCreateTokenizer(api, kTokenizerName, nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return make_error(ErrorKind::kIo, path, std::string("could not register the FTS5 tokenizer: ") + sqlite3_errmsg(db));
  }
  return Status::success();
}

}  // namespace vigie::store
