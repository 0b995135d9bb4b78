#pragma once
/// The whole loader: compose files + env files + options -> the normalised project document.
/// Runs the stages in the reference's order (docs/compat/loader-rules.md §0) and keeps positions, so an
/// error from any stage names the file, line, column and YAML path.

#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/environment.hpp"
#include "stackctl/load/project_files.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

struct LoadOptions {
    ProjectOptions project;
    bool interpolate = true;           ///< false: `config --no-interpolate`
    bool normalize = true;             ///< false: `config --no-normalize`
    bool resolve_paths = true;         ///< false: `config --no-path-resolution`
    bool consistency = true;           ///< false: `config --no-consistency`
    bool resolve_service_env = true;   ///< read env_file into environment (and drop env_file)
    std::vector<std::string> services; ///< SERVICE arguments: their profiles are enabled
    bool select_services = true;       ///< keep only `services` and their dependencies (when given)
    bool prune = true;                 ///< drop networks/volumes/secrets/configs no service uses
};

/// A loaded project.
struct Project {
    std::string name;
    std::string project_dir;
    std::vector<std::string> files;      ///< compose files, in load order
    std::vector<std::string> env_files;  ///< env files that made the environment
    Environment environment;             ///< OS environment over the env files, plus COMPOSE_PROJECT_NAME
    std::vector<std::string> profiles;   ///< active profiles, after SERVICE arguments enabled theirs
    std::vector<std::string> all_profiles;  ///< every profile any service names
    Node document;                       ///< the normalised model (long syntax)
    std::vector<std::string> warnings;   ///< for the user, in order
};

/// Loads the project. `os_env` is the process environment (tests pass their own).
core::Result<Project> load_project(const LoadOptions& options, const Environment& os_env);

}  // namespace stackctl::load
