#pragma once
// Thin RAII over sqlite3 handles for the store's own files, and the one place SQLite
// return codes become vigie Errors (so no raw SQLite message reaches the CLI unlabelled).

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace vigie::store {

// kCorruptStore for damaged files, kIo for locks, full disks and I/O, kInvalidInput for
// constraint violations; the message names what was being done.
inline Error sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view doing) {
  ErrorKind kind = ErrorKind::kIo;
  std::string hint;
  switch (rc & 0xFF) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      kind = ErrorKind::kCorruptStore;
      hint = "; the file is damaged or not a vigie store";
      break;
    case SQLITE_CONSTRAINT:
      kind = ErrorKind::kInvalidInput;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      hint = "; another process is writing to the store, retry when it is done";
      break;
    case SQLITE_READONLY:
      hint = "; the store is read-only here";
      break;
    case SQLITE_FULL:
      hint = "; the disk is full";
      break;
    default:
      break;
  }
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return make_error(kind, path, std::string(doing) + " failed: " + detail + hint);
}

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept {
    if (this != &other) {
      sqlite3_finalize(statement_);
      statement_ = std::exchange(other.statement_, nullptr);
    }
    return *this;
  }
  ~Statement() { sqlite3_finalize(statement_); }

  int prepare(sqlite3* db, std::string_view sql) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
    return sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement_,
                              nullptr);
  }
  bool is_prepared() const { return statement_ != nullptr; }
  sqlite3_stmt* get() const { return statement_; }

  // Binding does not copy: the bound text must outlive the statement's next step().
  void bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  }
  void bind(int index, int64_t value) { sqlite3_bind_int64(statement_, index, value); }
  void bind_null(int index) { sqlite3_bind_null(statement_, index); }

  int step() { return sqlite3_step(statement_); }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  int64_t column_int64(int index) const { return sqlite3_column_int64(statement_, index); }
  double column_double(int index) const { return sqlite3_column_double(statement_, index); }
  bool column_is_null(int index) const { return sqlite3_column_type(statement_, index) == SQLITE_NULL; }
  std::string_view column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
    return text == nullptr ? std::string_view() : std::string_view(text, sqlite3_column_bytes(statement_, index));
  }
  std::string_view column_blob(int index) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, index));
    return bytes == nullptr ? std::string_view() : std::string_view(bytes, sqlite3_column_bytes(statement_, index));
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace vigie::store
