#include "project_setup.hpp"

#include <filesystem>

#include "project_ref.hpp"

namespace stackctl::cli {

core::Result<converge::DesiredState> desired_from_model(const load::Project& project) {
    converge::ProjectInfo info;
    info.name = project.name;
    info.working_dir = project.project_dir;
    info.config_files = project.files;
    for (const auto& f : project.env_files) {
        std::error_code ec;
        if (std::filesystem::exists(f, ec)) info.env_files.push_back(f);
    }
    auto desired = converge::desired_state(std::move(info), project.document);
    if (!desired) return std::move(desired).error();
    desired->environment = project.environment.vars();
    return desired;
}

core::Result<LoadedProject> load_for_engine(Context& ctx, const std::vector<std::string>& services) {
    ctx.warm_engine();  // the engine client gets ready while the project loads
    auto ref = resolve_project(ctx, services, false);
    if (!ref) return std::move(ref).error();
    print_warnings(*ref);
    load::Project& project = *ref->model;
    auto desired = desired_from_model(project);
    if (!desired) return std::move(desired).error();
    return LoadedProject{std::move(project), std::move(*desired)};
}

}  // namespace stackctl::cli
