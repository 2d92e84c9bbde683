#pragma once
// Internal to the text stage: the plain reference that normalize_text's fast path is
// tested against (tests/text/normalize_text_test.cpp). normalize_text itself is
// declared in text/text_processor.h.

#include <string>
#include <string_view>

namespace vigie::text {

// Same output as normalize_text, decoding every code point with ICU and always
// running NFC: slow and obviously right.
std::string normalize_text_reference(std::string_view raw);

}  // namespace vigie::text
