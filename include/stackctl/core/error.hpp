#pragma once
/// The one error type of stackctl: a code that decides the exit status, a message a user can act on,
/// and where in the input the problem is.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/source_loc.hpp"

namespace stackctl::core {

/// What went wrong, coarsely; each code maps to one documented exit status (docs/exit-codes.md).
enum class Errc {
    usage,        ///< bad command line
    io,           ///< a file could not be read or written
    parse,        ///< not valid YAML / JSON / dotenv, or hostile input refused
    interpolate,  ///< a ${VAR} expression is malformed or a required variable is missing
    merge,        ///< files, extends or include cannot be combined
    validate,     ///< the model breaks the compose schema or a consistency rule
    cycle,        ///< a dependency or extends cycle
    engine,       ///< the engine answered with an error
    unreachable,  ///< no engine answers on the configured endpoint
    not_found,    ///< a named resource does not exist
    conflict,     ///< a resource exists but does not belong to this project
    timeout,      ///< a wait ran out of time
    unhealthy,    ///< a service failed its health check or exited unexpectedly
    interrupted,  ///< Ctrl-C
    internal,     ///< a bug in stackctl
};

/// Short lowercase name of a code, used in JSON output and logs.
const char* errc_name(Errc code);

/// Process exit status for a code; see docs/exit-codes.md.
int exit_code(Errc code);

struct Error {
    Errc code = Errc::internal;
    std::string message;
    std::optional<SourceLoc> where;  ///< position in an input file, when there is one
    std::string path;                ///< YAML path such as services.web.ports[0], when there is one
    std::vector<std::string> notes;  ///< extra lines: context, hints
    std::vector<Error> more;         ///< further errors found in the same pass (all reported at once)

    Error() = default;
    Error(Errc c, std::string msg) : code(c), message(std::move(msg)) {}
    Error(Errc c, std::string msg, SourceLoc loc, std::string yaml_path = {})
        : code(c), message(std::move(msg)), where(loc), path(std::move(yaml_path)) {}

    /// Adds a line of context, innermost first (e.g. "while loading extends of service web").
    Error& note(std::string line) {
        notes.push_back(std::move(line));
        return *this;
    }

    /// One line: "file:line:col: path: message" (parts omitted when unknown).
    [[nodiscard]] std::string headline() const;
};

/// Renders an error for a terminal: `prefix` and the headline, then the offending source line with a caret
/// under the column (read back from the file when it is still readable), then the notes; then the same for
/// `more`, up to 50 errors in all and a count of the rest.
std::string render(const Error& err, bool with_snippet = true, std::string_view prefix = {});

}  // namespace stackctl::core
