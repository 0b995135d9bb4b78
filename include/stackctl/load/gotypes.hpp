#pragma once
/// Go value syntaxes the reference uses when it reads and prints a compose model, reimplemented so that
/// stackctl accepts and prints exactly the same values: durations (time.ParseDuration / Duration.String),
/// byte sizes (go-units RAMInBytes), numbers (strconv), compose's boolean cast, shell-word splitting
/// (go-shellwords v1.0.12), float32 printing and yaml.v3's map key order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::load::go {

/// time.ParseDuration: "1m30s", "1.5h", "-2us", "0"; nullopt when invalid or out of range. Nanoseconds.
std::optional<std::int64_t> parse_duration(std::string_view text);

/// time.Duration.String: 90s -> "1m30s", 0 -> "0s", 1.5ms -> "1.5ms", 1µs -> "1µs".
std::string format_duration(std::int64_t nanoseconds);

/// go-units RAMInBytes (binary multiples): "50M" -> 52428800, "1.5g", "512 M", "1KiB", "10b", "1024".
/// nullopt when invalid or negative.
std::optional<std::int64_t> parse_ram_bytes(std::string_view text);

/// strconv.Atoi / ParseInt(s, 10, 64): optional sign, decimal digits only.
std::optional<std::int64_t> parse_int(std::string_view text);

/// strconv.ParseFloat(s, 64): decimal or hexadecimal floats, "inf", "nan"; nullopt when invalid/out of range.
std::optional<double> parse_float(std::string_view text);

/// Compose's boolean cast: true/false, and (deprecated upstream) y/yes/on, n/no/off; case-insensitive.
std::optional<bool> parse_bool(std::string_view text);

/// A float32 value as Go prints it: the value rounded to float32, then the shortest decimal that reads
/// back as that float32, returned as the double of that decimal (0.1f -> 0.1, not 0.10000000149).
double to_float32(double value);

/// go-shellwords v1.0.12 Parse with default options: whitespace separates words, quotes group, a
/// backslash escapes (not inside single quotes), no variable expansion; an unquoted ; & | < or > ends
/// the command (the rest is ignored, as the reference does). nullopt for unbalanced quotes or a bare "(".
std::optional<std::vector<std::string>> split_shell_words(std::string_view line);

/// yaml.v3's map key order for string keys (runs of digits compare as numbers, letters sort after
/// non-letters): "a2" < "a10", "9" < "10". JSON output sorts bytewise instead.
bool yaml_key_less(std::string_view a, std::string_view b);

}  // namespace stackctl::load::go
