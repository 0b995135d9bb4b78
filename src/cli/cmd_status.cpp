#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "commands.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/output.hpp"
#include "stackctl/ui/views.hpp"

namespace stackctl::cli {

namespace {

struct StatusOptions {
    std::string format = "table";
    std::vector<std::string> service_args;
};

// Replicas the model asks for: deploy.replicas, else scale, else 1.
std::int64_t wanted_replicas(const load::Node& svc) {
    if (const load::Node* d = svc.find("deploy"); d != nullptr && d->is_map()) {
        if (const load::Node* r = d->find("replicas"); r != nullptr && r->kind == load::Kind::integer)
            return r->int_value;
    }
    if (const load::Node* s = svc.find("scale"); s != nullptr && s->kind == load::Kind::integer)
        return s->int_value;
    return 1;
}

ui::StatusRow container_row(const converge::ContainerState& c, bool required) {
    ui::StatusRow r;
    r.service = c.service;
    r.container = c.name;
    r.state = c.state;
    r.health = c.health;
    r.ports = converge::format_ports(c.ports);
    if (c.state == "running" || c.state == "restarting" || c.state == "paused")
        r.started = ui::parse_rfc3339(c.started_at);
    if (c.state == "exited" || c.state == "dead") r.exit_code = c.exit_code;
    r.required = required;
    const bool running_fine = c.state == "running" && c.health != "unhealthy";
    const bool finished_fine = c.state == "exited" && c.exit_code == 0;  // a one-shot that did its job
    r.ok = !required || running_fine || finished_fine;
    return r;
}

core::Status run_status(Context& ctx, const StatusOptions& opt) {
    if (opt.format != "table" && opt.format != "json") {
        return core::Error(core::Errc::usage,
                           fmt::format("unsupported format \"{}\" (use table or json)", opt.format));
    }
    // Without compose files (`-p NAME status`), the project is what the labels say: the services of its
    // containers, each required.
    auto opened = open_project(ctx, opt.service_args, true, converge::StateQuery{.services = opt.service_args});
    if (!opened) return std::move(opened).error();
    const ProjectRef& ref = opened->ref;
    const auto& containers = opened->containers;

    std::vector<std::string> services = opt.service_args;
    if (services.empty()) services = ref.service_names();
    if (services.empty() && !ref.model) {
        for (const auto& c : containers)
            if (std::find(services.begin(), services.end(), c.service) == services.end()) services.push_back(c.service);
    }
    std::vector<ui::StatusRow> rows;
    for (const auto& name : services) {
        const load::Node* svc = ref.service(name);
        const bool required = ref.model ? svc != nullptr && wanted_replicas(*svc) > 0 : true;
        bool any = false;
        for (const auto& c : containers) {
            if (c.service != name) continue;
            any = true;
            rows.push_back(container_row(c, required));
        }
        if (!any) {
            ui::StatusRow r;
            r.service = name;
            r.state = "not created";
            r.required = required;
            r.ok = !required;
            rows.push_back(std::move(r));
        }
    }
    // Containers of services the model no longer has: shown, never required.
    for (const auto& c : containers) {
        if (std::find(services.begin(), services.end(), c.service) == services.end()) {
            rows.push_back(container_row(c, false));
        }
    }

    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    if (opt.format == "json") {
        ui::out(ui::status_json(ref.name, rows, now));
    } else {
        ui::out(ui::status_table(rows, now, ui::color_enabled(STDOUT_FILENO)));
    }
    const bool ok = std::all_of(rows.begin(), rows.end(), [](const ui::StatusRow& r) { return r.ok; });
    ctx.exit_status = ok ? 0 : 1;
    return {};
}

}  // namespace

void add_status(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<StatusOptions>();
    auto* cmd = app.add_subcommand("status",
                                   "Show each service's state, health, ports, uptime and exit code; exit 1 "
                                   "when a required service is not "
                                   "running or is unhealthy");
    cmd->add_option("--format", opt->format, "Output format: table or json")->capture_default_str();
    cmd->add_option("services", opt->service_args, "Services to check (default: all)");
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_status(ctx, *opt); }; });
}

}  // namespace stackctl::cli
