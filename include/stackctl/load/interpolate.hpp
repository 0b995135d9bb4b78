#pragma once
/// The `${VAR}` template engine of compose files and dotenv files, the list of variables a template uses
/// (`config --variables`), and the type casts applied to interpolated strings at known YAML paths.
///
/// These are string-level and table-level functions; the walk over a whole document is the caller's.
/// Behaviour follows Docker Compose v2.26.1 as shipped (compose-go v2.4.8), quirks included, see
/// docs/interpolation.md.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/core/source_loc.hpp"
#include "stackctl/load/environment.hpp"  // Lookup

namespace stackctl::load {


/// Told the name of each `$VAR` / `${VAR}` (no operator) whose variable is not set; the reference warns
/// `The "VAR" variable is not set. Defaulting to a blank string.` for each.
using OnUnset = std::function<void(std::string_view name)>;

struct SubstituteOptions {
    /// Where the value's first character is in its file. When known, errors point at the offending `$`
    /// (lines and byte columns counted through the value); otherwise they carry no position.
    core::SourceLoc origin;
    OnUnset on_unset;  ///< optional
};

/// True when `value` has a `$`, i.e. when substitute() can change it or fail.
inline bool has_template(std::string_view value) {
    return value.find('$') != std::string_view::npos;
}

/// Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
/// `${VAR:+alternate}`, `${VAR+alternate}` (defaults, errors and alternates are templates themselves, always
/// expanded, even when unused) and `$$` (a literal `$`). A `$` followed by anything else stays literal.
/// Names are `[A-Za-z_][A-Za-z0-9_]*`. An unset variable without operator becomes "" (and on_unset is told).
/// Errors (Errc::interpolate): a malformed `${...}` ("invalid interpolation format in ...") and a required
/// variable that is missing ("required variable VAR is missing a value: error").
core::Result<std::string> substitute(std::string_view value, const Lookup& lookup,
                                     const SubstituteOptions& options = {});

/// A variable used by a template, as `config --variables` lists it.
struct TemplateVariable {
    std::string name;
    bool required = false;        ///< `${VAR:?...}` or `${VAR?...}`
    std::string default_value;    ///< the raw text after `:-` or `-`
    std::string alternate_value;  ///< the raw text after `:+` or `+`
    friend bool operator==(const TemplateVariable&, const TemplateVariable&) = default;
};

/// The variables `value` uses, including those inside defaults and alternates, in the reference's order:
/// when a name appears more than once, the last entry is the one `config --variables` shows. Never fails:
/// a malformed `${` yields a variable with an empty name, as in the reference.
std::vector<TemplateVariable> template_variables(std::string_view value);

/// The path segment that stands for any item of a sequence in cast_type_for() paths.
inline constexpr std::string_view kListItem = "[]";

/// What an interpolated string becomes at a path the reference casts.
enum class CastType {
    integer,  ///< decimal, optional sign, 64-bit (Go's strconv.Atoi / ParseInt)
    float64,  ///< Go float syntax incl. `1_000.5`, `0x1p-2`, `inf`, `nan` (strconv.ParseFloat, 64 bits)
    float32,  ///< the same, rounded to 32 bits (services.*.cpus)
    boolean,  ///< true/false, and y/yes/on/n/no/off with a warning, any case
};

/// The cast the reference applies to a *string* scalar at `path` (compose-go's interpolation cast table),
/// or nullopt when it stays a string. `path` has one segment per mapping key from the document root and
/// kListItem for each sequence item: {"services", "web", "ports", "[]", "target"}. Values the YAML parser
/// already typed (`replicas: 3`, `tty: true`) are not cast; only strings are, interpolated or not.
std::optional<CastType> cast_type_for(std::span<const std::string_view> path);
std::optional<CastType> cast_type_for(std::span<const std::string> path);

/// A cast value. float32 casts keep the `float` so that it prints as the reference prints it (0.1, not
/// 0.10000000149011612).
using CastValue = std::variant<std::int64_t, double, float, bool>;

/// Converts an interpolated string as the reference does. Errors (Errc::interpolate) say what was expected.
/// `warning`, when given, receives the reference's warning for YAML 1.1 booleans (yes, on, n, ...) and is
/// cleared otherwise.
core::Result<CastValue> cast_scalar(CastType type, std::string_view input, std::string* warning = nullptr);

}  // namespace stackctl::load
