#pragma once
/// Workspaces and environment profiles (docs/profiles.md): a `stackctl.yaml` at the root of a repository
/// names its stacks; `profiles/<name>.yaml` says, per stack, which compose files, env files, compose
/// profiles and project name `--profile <name>` stands for. Resolving turns the command line (and the
/// environment) into the plain ProjectOptions the loader reads; without a workspace, or with -f /
/// COMPOSE_FILE / --project-directory, the options pass through untouched (Docker Compose semantics).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/core/source_loc.hpp"
#include "stackctl/load/environment.hpp"
#include "stackctl/load/project_files.hpp"

namespace stackctl::load {

/// The workspace file's name, looked for in the working directory and its parents.
inline constexpr const char* kWorkspaceFileName = "stackctl.yaml";

struct WorkspaceStack {
    std::string name;
    std::string directory;  ///< absolute
    core::SourceLoc loc;    ///< where the stack is declared
};

struct Workspace {
    std::string file;                ///< absolute path of stackctl.yaml
    std::string root;                ///< its directory
    std::optional<std::string> default_stack;
    std::vector<WorkspaceStack> stacks;  ///< in file order
    std::string profiles_directory;      ///< absolute

    [[nodiscard]] const WorkspaceStack* stack(std::string_view name) const;
    /// "a, b, c": the stack names, for messages.
    [[nodiscard]] std::string stack_names() const;
};

/// What one profile file says about one stack. Paths are absolute (resolved against the stack directory).
struct ProfileStack {
    std::string stack;
    std::vector<std::string> files;
    std::vector<std::string> env_files;
    std::vector<std::string> compose_profiles;
    std::optional<std::string> project_name;
    core::SourceLoc project_name_loc;
};

struct Profile {
    std::string name;
    std::string file;  ///< absolute path of profiles/<name>.yaml
    std::string description;
    std::vector<ProfileStack> stacks;  ///< in file order

    [[nodiscard]] const ProfileStack* stack(std::string_view name) const;
};

/// The workspace file in `start_dir` or its parents (up to /), if any.
std::optional<std::string> find_workspace_file(const std::string& start_dir);

/// Reads and checks a workspace file: unknown keys, missing or non-existent stack directories and an
/// unknown default_stack are errors with file:line:col.
core::Result<Workspace> load_workspace(const std::string& file);

/// The file profile `name` would be read from, or nullopt when `name` cannot name a file (it has a '/',
/// starts with '.', ...) or the file does not exist.
std::optional<std::string> profile_file(const Workspace& ws, const std::string& name);

/// Reads and checks one profile file: every stack it names must be a workspace stack, every file and env
/// file it names must exist, project names must be valid.
core::Result<Profile> load_profile(const Workspace& ws, const std::string& name, const std::string& file);

/// Every profile of the workspace (profiles_directory/*.yaml), sorted by name.
core::Result<std::vector<Profile>> load_profiles(const Workspace& ws);

/// The command line as it concerns project selection.
struct WorkspaceRequest {
    ProjectOptions project;            ///< -f, -p, --project-directory, --profile, --env-file
    std::optional<std::string> stack;  ///< --stack
};

struct WorkspaceResolution {
    ProjectOptions project;                  ///< what the loader reads
    std::optional<std::string> workspace;    ///< the workspace file, when one was used
    std::optional<std::string> stack;        ///< the selected stack, when one was
    std::vector<std::string> expanded;       ///< profile names expanded from profile files, in order
};

/// Applies the resolution rules of docs/profiles.md. `env` is the process environment (STACKCTL_STACK,
/// COMPOSE_FILE, COMPOSE_PROFILES).
core::Result<WorkspaceResolution> resolve_workspace(const WorkspaceRequest& request, const Environment& env);

}  // namespace stackctl::load
