#pragma once
// Errors caused by input are values, not exceptions: every stage returns them to
// its caller, which hands them to a DiagnosticsSink. Broken invariants are asserted.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace vigie {

enum class ErrorKind {
  kInvalidInput,        // the bytes are not what the format promises
  kIo,                  // the file could not be opened, read or written
  kUnsupportedVersion,  // a model, lexicon or store newer than this build
  kCorruptStore,        // the database is damaged or not a vigie store
  kUsage,               // the caller asked for something impossible (bad query, bad flag)
};

const char* error_kind_name(ErrorKind kind);

// One problem a user can act on. `file` and `position` locate it ("feeds/sahel.xml",
// "212" or "record 3"); `message` says what is wrong and what was done about it.
struct Error {
  ErrorKind kind = ErrorKind::kInvalidInput;
  std::string file;
  std::string position;
  std::string message;

  // "feeds/sahel.xml:212: pubDate "31/02/2023" is not a date; article kept undated"
  std::string to_string() const;
};

Error make_error(ErrorKind kind, std::string file, std::string message, std::string position = {});

// Either a value or an Error. Small on purpose: `ok()`, `value()`, `error()`.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const { return std::get<Error>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), has_error_(true) {}  // NOLINT
  static Status success() { return {}; }
  bool ok() const { return !has_error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool has_error_ = false;
};

}  // namespace vigie
