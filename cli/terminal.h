#pragma once
// Terminal facts for output: progress bars only on a terminal, plain lines otherwise.

#include <unistd.h>

#include <cstdio>
#include <string>

namespace vigie::cli {

inline bool is_terminal(FILE* stream) { return isatty(fileno(stream)) == 1; }

// "12.3 MB", "456 kB": sizes for people.
std::string human_bytes(double bytes);
// "1:02:03", "4:05"
std::string human_duration(double seconds);

}  // namespace vigie::cli
