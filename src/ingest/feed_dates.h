#pragma once
// Dates as feeds write them, converted to the ISO 8601 form Article::published holds:
// "YYYY-MM-DDTHH:MM:SS+hh:mm" for a moment, "YYYY-MM-DD" for a bare day. The offset the
// feed gave is kept (not converted to UTC), so the local publication day survives;
// a date-time without any zone is returned without an offset.
//
// An empty optional means the string is not a date (including impossible calendar
// dates such as 31 February); callers report it and keep the article undated.
// Pure functions; safe to call from any thread.

#include <optional>
#include <string>
#include <string_view>

namespace vigie::ingest {

// RFC 822 / RFC 2822 as RSS <pubDate> uses it: "Mon, 14 Nov 2022 10:31:00 +0100".
// Tolerates what real feeds do: no weekday, missing seconds, two-digit years, full
// month names, French month abbreviations ("14 nov. 2022"), named zones (GMT, UT,
// UTC, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT, CET/CEST), "+01:00", no zone at all.
std::optional<std::string> parse_rfc822_date(std::string_view text);

// RFC 3339 / W3C-DTF as Atom and dc:date use it: "2022-11-14T10:31:00+01:00",
// "2022-11-14T09:31:00.250Z", "2022-11-14T10:31+01:00", "2022-11-14", and W3C-DTF's
// reduced "2022-11" and "2022" (kept as they are). Accepts a space or lowercase "t" as
// the separator and "+0100" as the offset; "Z" becomes "+00:00".
std::optional<std::string> parse_rfc3339_date(std::string_view text);

// Either form: feeds put RFC 3339 in <pubDate> and RFC 822 in <updated> often enough.
std::optional<std::string> parse_feed_date(std::string_view text);

}  // namespace vigie::ingest
