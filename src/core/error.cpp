#include "core/error.h"

namespace vigie {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return "invalid input";
    case ErrorKind::kIo: return "i/o error";
    case ErrorKind::kUnsupportedVersion: return "unsupported version";
    case ErrorKind::kCorruptStore: return "corrupt store";
    case ErrorKind::kUsage: return "usage error";
  }
  return "error";
}

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (!position.empty()) {
      out += ':';
      out += position;
    }
    out += ": ";
  }
  out += message;
  return out;
}

Error make_error(ErrorKind kind, std::string file, std::string message, std::string position) {
  return Error{kind, std::move(file), std::move(position), std::move(message)};
}

}  // namespace vigie
