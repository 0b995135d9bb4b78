#pragma once
/// Time values of the command line.

#include <optional>
#include <string>
#include <string_view>

namespace stackctl::cli {

/// A --since/--until value as the engine takes it (unix seconds): unix seconds as given, a Go duration
/// ("10m", "1h30m") before `now`, or an RFC 3339 time / date. Nothing when the value is none of these.
std::optional<std::string> engine_timestamp(std::string_view value, long long now);

}  // namespace stackctl::cli
