#pragma once
/// Go value syntaxes the reference uses when it reads and prints a compose model, reimplemented so that
/// stackctl accepts and prints exactly the same values: durations (time.ParseDuration / Duration.String),
/// byte sizes (go-units RAMInBytes), numbers and booleans (strconv, compose's boolean cast), shell-word
/// splitting (go-shellwords v1.0.12), float32 printing, fmt.Sprint of scalars, paths (path.Clean,
/// filepath.Join), net.ParseIP, strconv.Quote and yaml.v3's map key order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/load/tree.hpp"

namespace stackctl::load::go {

/// A parse result: the value, or the reason it failed (Go's sentence, without position). Reads like an
/// optional: `if (auto d = parse_duration(s)) use(*d);`.
template <class T>
struct Parsed {
    std::optional<T> value;
    std::string error;
    [[nodiscard]] bool ok() const { return value.has_value(); }
    explicit operator bool() const { return value.has_value(); }
    const T& operator*() const { return *value; }
    friend bool operator==(const Parsed& p, const T& v) { return p.value && *p.value == v; }
};

/// time.ParseDuration: "1m30s", "1.5h", "-2us", "0" -> nanoseconds. Errors are Go's texts:
/// `time: unknown unit "x" in duration "10x"`.
Parsed<std::int64_t> parse_duration(std::string_view text);

/// time.Duration.String: 90s -> "1m30s", 0 -> "0s", 1.5ms -> "1.5ms", 1µs -> "1µs".
std::string format_duration(std::int64_t nanoseconds);

/// go-units RAMInBytes (binary multiples): "50M" -> 52428800, "1.5g", "512 M", "1KiB", "10b", "1024".
/// Errors: `invalid size: '10q'`.
Parsed<std::int64_t> parse_ram_bytes(std::string_view text);

/// strconv.Atoi / ParseInt(s, 10, 64): optional sign, decimal digits only.
std::optional<std::int64_t> parse_int(std::string_view text);

/// strconv.ParseFloat(s, 64): decimal or hexadecimal floats, "inf", "nan"; nullopt when invalid/out of range.
std::optional<double> parse_float(std::string_view text);

/// Compose's boolean cast: true/false, and (deprecated upstream) y/yes/on, n/no/off; case-insensitive.
std::optional<bool> parse_bool(std::string_view text);

/// yaml.v3's float syntax for plain scalars: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool is_yaml_float(std::string_view text);

/// strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False.
std::optional<bool> parse_strconv_bool(std::string_view text);

/// A float32 value as Go prints it: the value rounded to float32, then the shortest decimal that reads
/// back as that float32, returned as the double of that decimal (0.1f -> 0.1, not 0.10000000149).
double to_float32(double value);

/// go-shellwords v1.0.12 Parse with default options: whitespace separates words, quotes group, a
/// backslash escapes (not inside single quotes), no variable expansion; an unquoted ; & | < or > ends
/// the command (the rest is ignored, as the reference does). Fails on unbalanced quotes or a bare "(".
Parsed<std::vector<std::string>> split_shell_words(std::string_view line);

/// yaml.v3's map key order for string keys (runs of digits compare as numbers, letters sort after
/// non-letters): "a2" < "a10", "9" < "10". JSON output sorts bytewise instead.
bool yaml_key_less(std::string_view a, std::string_view b);

/// fmt.Sprint (%v) of a decoded value: integers in decimal, floats as format_float, true/false, strings as
/// is, null as "<nil>", lists as "[a b]", maps as "map[k:v ...]" with sorted keys.
std::string sprint(const Node& value);

/// Go's path.Clean (slash-separated, lexical).
std::string clean_path(std::string_view path);

/// Go's filepath.Join on Unix: joins the non-empty elements with '/' and cleans; "" when all are empty.
std::string join_path(std::string_view a, std::string_view b);

/// net.ParseIP: a dotted-quad IPv4 or an IPv6 address (no zone).
bool parse_ip(std::string_view text);

}  // namespace stackctl::load::go
