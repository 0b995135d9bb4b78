#pragma once
/// Value parsers and formatters that must behave exactly like the Go libraries the reference uses:
/// time.ParseDuration / Duration.String, go-units RAMInBytes (v0.4), go-shellwords Parse, float32 rounding,
/// fmt.Sprint of scalars, path.Clean / filepath.Join, net.ParseIP. Internal to the loader.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/load/tree.hpp"

namespace stackctl::load::go {

/// A parse result: the value, or the reason it failed (a sentence without position).
template <class T>
struct Parsed {
    std::optional<T> value;
    std::string error;
    [[nodiscard]] bool ok() const { return value.has_value(); }
};

/// time.ParseDuration: nanoseconds. Errors are Go's texts: `time: unknown unit "x" in duration "10x"`.
Parsed<std::int64_t> parse_duration(std::string_view text);

/// time.Duration.String(): 90s -> "1m30s", 0 -> "0s", 1.5ms -> "1.5ms".
std::string format_duration(std::int64_t nanos);

/// go-units v0.4 RAMInBytes: `<digits>[.<digits>]* ?[kmgtp]?i?b?`, binary multiples, truncated to an integer.
/// Errors: `invalid size: '10q'`.
Parsed<std::int64_t> parse_ram_bytes(std::string_view text);

/// go-shellwords Parse (no environment or backtick expansion): splits at blanks, honours quotes and
/// backslashes, and stops at an unquoted `;`, `&`, `|`, `<` or `>` as the reference does.
Parsed<std::vector<std::string>> shell_split(std::string_view line);

/// Rounds to float32 and returns the double whose shortest spelling is the float32's shortest spelling, so
/// that printing it with double rules gives what Go prints for the float32 (0.1 stays 0.1).
double round_float32(double value);

/// fmt.Sprint of a scalar node: integers in decimal, floats as format_float, true/false, strings as is,
/// null as "<nil>".
std::string sprint(const Node& scalar);

/// Go's path.Clean (slash-separated, lexical).
std::string clean_path(std::string_view path);

/// Go's filepath.Join on Unix: joins the non-empty elements with '/' and cleans; "" when all are empty.
std::string join_path(std::string_view a, std::string_view b);

/// net.ParseIP: a dotted-quad IPv4 or an IPv6 address (no zone).
bool parse_ip(std::string_view text);

/// Go's strconv.ParseFloat(s, 64) syntax (decimal, optional exponent, inf/nan, hex floats, underscores only
/// with a base prefix are not accepted here). Returns nullopt on syntax errors or out of range.
std::optional<double> parse_float(std::string_view text);

/// strconv.ParseInt(s, 10, 64).
std::optional<std::int64_t> parse_int(std::string_view text);

/// strconv.ParseBool.
std::optional<bool> parse_bool(std::string_view text);

/// Go's strconv.Quote for ASCII-printable text (what `%q` prints); other bytes escaped as \xNN or \uNNNN.
std::string quote(std::string_view text);

}  // namespace stackctl::load::go
