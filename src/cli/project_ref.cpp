#include "project_ref.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <set>

#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

std::vector<std::string> ProjectRef::service_names() const {
    std::vector<std::string> names;
    if (!model) return names;
    if (const load::Node* s = model->document.find("services"); s != nullptr && s->is_map()) {
        for (const auto& e : s->entries) names.push_back(e.key);
    }
    return names;
}

const load::Node* ProjectRef::service(const std::string& service_name) const {
    if (!model) return nullptr;
    const load::Node* s = model->document.find("services");
    return s == nullptr ? nullptr : s->find(service_name);
}

std::vector<std::string> ProjectRef::selected(const std::vector<std::string>& services, bool with_dependencies) const {
    if (services.empty()) return service_names();
    std::set<std::string> wanted(services.begin(), services.end());
    std::vector<std::string> todo(services.begin(), services.end());
    while (with_dependencies && !todo.empty()) {
        const load::Node* svc = service(todo.back());
        todo.pop_back();
        const load::Node* deps = svc == nullptr ? nullptr : svc->find("depends_on");
        if (deps == nullptr || !deps->is_map()) continue;
        for (const auto& e : deps->entries)
            if (wanted.insert(e.key).second) todo.push_back(e.key);
    }
    std::vector<std::string> out;
    for (const auto& n : service_names())
        if (wanted.count(n) != 0) out.push_back(n);
    return out;
}

core::Result<ProjectRef> resolve_project(Context& ctx, const std::vector<std::string>& services,
                                         bool model_optional) {
    load::LoadOptions lo;
    auto project_options = ctx.project_options();
    if (!project_options) return std::move(project_options).error();
    lo.project = std::move(*project_options);
    lo.services = services;
    lo.select_services = false;
    auto project = load::load_project(lo, load::Environment::from_process());
    ProjectRef ref;
    if (!project) {
        // Only a missing or unreadable compose file may be done without; an invalid one or an unknown
        // service is reported.
        if (!model_optional || project.error().code != core::Errc::io) return std::move(project).error();
        const char* env_name = std::getenv("COMPOSE_PROJECT_NAME");
        if (lo.project.project_name)
            ref.name = *lo.project.project_name;
        else if (env_name != nullptr && *env_name != '\0')
            ref.name = env_name;
        else
            return std::move(project).error();
        return ref;
    }
    ref.name = project->name;
    ref.model = std::move(*project);
    for (const auto& s : services) {
        if (ref.service(s) == nullptr)
            return core::Error(core::Errc::not_found, fmt::format("no such service: {}", s));
    }
    return ref;
}

void print_warnings(const ProjectRef& ref) {
    if (!ref.model) return;
    for (const auto& w : ref.model->warnings) ui::warning(w);
}

core::Result<OpenedProject> open_project(Context& ctx, const std::vector<std::string>& services, bool model_optional,
                                         std::optional<converge::StateQuery> query) {
    auto ref = resolve_project(ctx, services, model_optional);
    if (!ref) return std::move(ref).error();
    print_warnings(*ref);
    auto client = ctx.engine();
    if (!client) return std::move(client).error();
    OpenedProject out{.ref = std::move(*ref), .client = *client, .containers = {}};
    if (query) {
        query->project = out.ref.name;
        auto containers = converge::list_project_containers(*out.client, *query);
        if (!containers) return std::move(containers).error();
        out.containers = std::move(*containers);
    }
    return out;
}

}  // namespace stackctl::cli
