#pragma once
// Chooses a reader from the first bytes of the (decompressed) input, then from the
// file extension (after stripping .gz/.zst) when the content is ambiguous.

#include <string_view>

#include "ingest/article_reader.h"

namespace vigie::ingest {

Format detect_format(std::string_view path, std::string_view head);

}  // namespace vigie::ingest
