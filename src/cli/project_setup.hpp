#pragma once
/// Loading a project for the commands that talk to the engine (up, down).

#include <string>
#include <vector>

#include "context.hpp"
#include "stackctl/converge/desired.hpp"
#include "stackctl/load/loader.hpp"

namespace stackctl::cli {

struct LoadedProject {
    load::Project project;
    converge::DesiredState desired;
};

/// The desired state of a loaded project (and its environment, for secrets and configs from `environment`).
core::Result<converge::DesiredState> desired_from_model(const load::Project& project);

/// The whole project (SERVICE arguments enable their profiles but do not drop the other services, so they are
/// never taken for orphans), its warnings printed, and the desired state.
core::Result<LoadedProject> load_for_engine(Context& ctx, const std::vector<std::string>& services);

}  // namespace stackctl::cli
