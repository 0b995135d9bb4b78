#pragma once
/// `include`: sub-projects loaded on their own and imported into the including document
/// (docs/compat/loader-rules.md §8).

#include <functional>
#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

/// One `include` entry, resolved: what the integrator's loader needs to load the sub-project.
struct IncludeRequest {
    /// Absolute compose files, in order: later files override earlier ones.
    std::vector<std::string> paths;
    /// Absolute directory of the included project: `project_directory` if given, else the directory of the
    /// first file. Relative paths inside the included files resolve against it, and so do their own
    /// `include` paths and `extends.file` (IncludeContext::working_dir and ExtendsContext::base_dir of the
    /// sub-load).
    std::string project_directory;
    /// Absolute env files for the included project's environment: `env_file` if given (relative ones
    /// checked to exist), else `<project_directory>/.env` when it is a file, else none. Their variables are
    /// used only where the parent's environment does not define them; COMPOSE_PROJECT_NAME stays the
    /// parent's.
    std::vector<std::string> env_files;
    /// The include chain to give the sub-load (IncludeContext::chain of each included file): the
    /// including files, outermost first, ending with the file that holds this `include`.
    std::vector<std::string> chain;
};

struct IncludeContext {
    /// Absolute path of the including file.
    std::string file;
    /// Directory that relative `path`, `env_file` and `project_directory` resolve against: the project
    /// directory for `-f` files, the included project's directory inside an include.
    std::string working_dir;
    /// Files that include `file`, outermost first (empty for the `-f` files); used to detect cycles.
    std::vector<std::string> chain;
    /// Loads a whole sub-project with the full per-file pipeline (interpolation with the request's
    /// environment, extends, nested includes, merge of its files, unicity, canonical form, relative paths
    /// made absolute against request.project_directory; no normalisation or consistency checks) and returns
    /// its model. Missing files are its errors ("open <abs>: no such file or directory").
    std::function<core::Result<Node>(const IncludeRequest&)> load_project;
};

/// Loads every entry of the document's top-level `include` (short form: a path; long form: path as a
/// string or list, project_directory, env_file as a string or list), imports the included services,
/// volumes, networks, secrets and configs into `doc`, and removes `include`. A resource the document
/// already defines is accepted only when both definitions are equal (`services.x conflicts with imported
/// resource` otherwise, pointing at the document's definition, with a note naming the imported one); later
/// documents may still override it by merging. Errors: `include` not a list, an env_file that does not
/// exist or is a directory, cycles (Errc::cycle, "include cycle detected:"), and the loader's errors.
core::Status apply_include(Node& doc, const IncludeContext& ctx);

}  // namespace stackctl::load
