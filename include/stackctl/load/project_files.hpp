#pragma once
/// Before any YAML is read: which compose files, which project directory, which env files, which
/// project name. The rules are Docker Compose's (docs/compat/loader-rules.md §1-§3).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/environment.hpp"

namespace stackctl::load {

/// What the user asked for on the command line; the loader fills in the rest from the environment.
struct ProjectOptions {
    std::vector<std::string> files;                ///< -f/--file, in order; "-" is standard input
    std::optional<std::string> project_name;       ///< -p/--project-name
    std::optional<std::string> project_directory;  ///< --project-directory
    std::vector<std::string> profiles;             ///< --profile (replaces COMPOSE_PROFILES when given)
    /// `profiles` is the active set even when empty (a stackctl profile expanded to no compose profile).
    bool profiles_given = false;
    std::vector<std::string> env_files;            ///< --env-file (replaces .env when given)
    std::string working_dir;                       ///< the current directory (absolute); empty: getcwd()
};

/// The compose files to load and the directory everything relative is resolved against.
struct ConfigFiles {
    std::vector<std::string> files;  ///< absolute paths, or "-"
    std::string project_dir;         ///< absolute
    std::vector<std::string> warnings;
};

/// Finds the compose files: -f, else COMPOSE_FILE (split on COMPOSE_PATH_SEPARATOR, default ':'),
/// else compose.yaml / compose.yml / docker-compose.yml / docker-compose.yaml in the start directory or
/// its parents, with the matching override file next to it.
core::Result<ConfigFiles> find_config_files(const ProjectOptions& opts, const Environment& env);

/// The env files for the project environment: --env-file, else COMPOSE_ENV_FILES, else <project_dir>/.env
/// when it exists (and COMPOSE_DISABLE_ENV_FILE is not true). Absolute paths; the explicit ones must exist.
core::Result<std::vector<std::string>> find_env_files(const ProjectOptions& opts, const Environment& os_env,
                                                      const std::string& project_dir);

/// The working directory of `opts`: its working_dir, else $PWD when it names the current directory, else
/// getcwd().
std::string working_directory(const ProjectOptions& opts);

/// Whether `dir` holds a compose file with one of the names the discovery looks for.
bool has_compose_file(const std::string& dir);

/// Lowercases, keeps [a-z0-9_-], strips leading '_' and '-': the reference's project name normalisation.
std::string normalize_project_name(std::string_view name);

/// Checks a name given with -p or COMPOSE_PROJECT_NAME: it must already be normalised and not empty.
core::Status check_project_name(std::string_view name);

/// Active profiles: --profile when given (or profiles_given), else COMPOSE_PROFILES split on ',' and trimmed.
std::vector<std::string> active_profiles(const ProjectOptions& opts, const Environment& env);

/// `path` made absolute against `base` and cleaned lexically (".", "..", duplicate '/'), as Go's
/// filepath.Join / filepath.Abs do.
std::string absolute_path(std::string_view base, std::string_view path);

/// The directory part of an absolute path ("/a/b/c.yaml" -> "/a/b").
std::string parent_dir(std::string_view path);

}  // namespace stackctl::load
