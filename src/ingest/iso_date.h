#pragma once
// Publication dates given as ISO 8601 (JSON Lines, sidecars, header blocks, HTML
// meta tags) are checked and brought to one shape, so the store can sort and filter
// them as strings.

#include <optional>
#include <string>
#include <string_view>

namespace vigie::ingest {

// "2022-11-15" -> "2022-11-15"; "2022-11-15T10:31:00Z" and "2022-11-15 10:31:00+01:00"
// -> "2022-11-15T10:31:00Z" / "2022-11-15T10:31:00+01:00"; "2022-11" and "2022" are
// kept. Anything else, or an impossible date (2023-02-31), gives nullopt.
std::optional<std::string> normalize_iso_date(std::string_view text);

bool is_valid_calendar_date(int year, int month, int day);

}  // namespace vigie::ingest
