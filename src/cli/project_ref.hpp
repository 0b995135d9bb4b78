#pragma once
/// The project a read command works on: the loaded model when the compose files load, else (for commands
/// that can work from labels alone, with -p given) just its name.

#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/core/result.hpp"
#include "stackctl/load/loader.hpp"

namespace stackctl::cli {

struct ProjectRef {
    std::string name;
    std::optional<load::Project> model;

    /// The services of the model in file order (empty without a model).
    [[nodiscard]] std::vector<std::string> service_names() const;
    /// The service's node in the model, or nullptr.
    [[nodiscard]] const load::Node* service(const std::string& name) const;
    /// The services a command works on, in file order: `services` (every service when empty), with their
    /// `depends_on` services, transitively, when `with_dependencies`.
    [[nodiscard]] std::vector<std::string> selected(const std::vector<std::string>& services,
                                                    bool with_dependencies) const;
};

/// Loads the project. `services` are SERVICE arguments (they enable their profiles; unknown ones are a
/// not_found error when there is a model). With `model_optional`, a project whose files do not load is
/// still usable by name when -p was given (or COMPOSE_PROJECT_NAME is set).
core::Result<ProjectRef> resolve_project(Context& ctx, const std::vector<std::string>& services,
                                         bool model_optional);

/// Prints the loader's warnings.
void print_warnings(const ProjectRef& ref);

/// What a command that reads the project's containers starts with.
struct OpenedProject {
    ProjectRef ref;
    engine::Client* client = nullptr;
    std::vector<converge::ContainerState> containers;  ///< filled when a query was given
};

/// resolve_project, its warnings printed, the engine client, then (with `query`, whose project is set here)
/// the project's containers.
core::Result<OpenedProject> open_project(Context& ctx, const std::vector<std::string>& services, bool model_optional,
                                         std::optional<converge::StateQuery> query);

}  // namespace stackctl::cli
