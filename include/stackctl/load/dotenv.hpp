#pragma once
/// Dotenv files: the project's `.env`, `--env-file` and a service's `env_file`, parsed as Docker Compose
/// v2.26.1 parses them (compose-go's dotenv package, v2.4.8).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/core/source_loc.hpp"
#include "stackctl/load/interpolate.hpp"

namespace stackctl::load {

/// One variable of a dotenv file.
struct DotenvEntry {
    std::string key;
    /// nullopt for a bare `KEY` line (no `=`) whose variable the lookup does not know: the reference then
    /// leaves the variable out, so callers normally skip such entries.
    std::optional<std::string> value;
    core::SourceLoc where;  ///< where the key of its last assignment starts
    friend bool operator==(const DotenvEntry&, const DotenvEntry&) = default;
};

/// Parses a dotenv file. Each key appears once, where it first appears; a later assignment replaces the
/// value (and `where`). A leading UTF-8 byte order mark is skipped.
///
/// Syntax: `KEY=VALUE` or `KEY: VALUE`, optionally preceded by `export `; blank lines and lines starting
/// with `#` are ignored. Keys are letters, digits (Unicode), `_`, `.`, `-`, `[`, `]`.
/// - Unquoted values run to the end of the line, are cut at the first " #" and trimmed.
/// - '...' is literal (only \' is an escape); "..." knows \a \b \f \n \r \t \v \\ \" \$ and \0NNN (octal),
/// and
///   both may span lines. Text after the closing quote on the same line is read as further statements.
/// - `KEY` alone takes its value from `lookup`, or is left out (value nullopt) when the lookup has none.
/// - Unquoted and double-quoted values are interpolated (interpolate.hpp): a variable's value comes from
///   `lookup` first, then from the variables defined earlier in this file. Single-quoted values are not.
///
/// `file_name` is used for positions only. Errors: Errc::parse for syntax, Errc::interpolate for a bad
/// `${...}` or a missing required variable, each with file, line and byte column.
core::Result<std::vector<DotenvEntry>> parse_dotenv(std::string_view text, std::string_view file_name,
                                                    const Lookup& lookup, const OnUnset& on_unset = {});

}  // namespace stackctl::load
