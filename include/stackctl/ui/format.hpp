#pragma once
/// Small text formatters shared by the commands' renderers, matching what the docker CLI prints.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackctl::ui {

/// go-units' HumanDuration: "Less than a second", "3 seconds", "About a minute", "5 minutes", "2 hours" ...
std::string human_duration(std::chrono::seconds d);
/// The docker CLI's Ellipsis: at most `max_width` characters (code points), the last one "…" when cut.
std::string ellipsis(std::string_view text, std::size_t max_width);
/// Go's time.Time.String() of a unix time in the local zone, without fraction: "2026-11-22 11:57:54 +0000
/// UTC".
std::string go_time_string(std::int64_t unix_seconds);
/// Parses an RFC 3339 time as the engine writes it ("2026-11-22T11:57:54.123456789Z"); 0 when invalid
/// or the zero time.
std::int64_t parse_rfc3339(std::string_view text);
/// go-units' HumanSizeWithPrecision: decimal units ("1.23kB", "0B", "456MB") with `precision` significant digits.
std::string human_size(double bytes, int precision);
/// go-units' BytesSize: binary units with 4 significant digits ("1.5MiB", "7.654GiB").
std::string bytes_size(double bytes);
/// --ansi / COMPOSE_ANSI: control characters (colours, the redrawing progress view) when the output is a
/// terminal (auto), always, or never.
enum class AnsiMode { auto_, never, always };
void set_ansi_mode(AnsiMode mode);
AnsiMode ansi_mode();
/// Whether colour goes to the stream: --ansi always, else not with --ansi never or NO_COLOR set, else when
/// it is a terminal.
bool color_enabled(int fd);
bool is_terminal(int fd);

}  // namespace stackctl::ui
