#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "commands.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/labels.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/ui/output.hpp"
#include "stackctl/ui/views.hpp"

namespace stackctl::cli {

namespace {

struct PsOptions {
    bool all = false;
    bool quiet = false;
    bool services = false;
    std::vector<std::string> status;
    std::vector<std::string> filters;  ///< --filter status=STATE (the reference's only filter)
    std::string format = "table";
    bool no_trunc = false;
    bool orphans = true;  ///< false: leave out containers of services the model does not have
    std::vector<std::string> service_args;
};

ui::PsRow to_row(const converge::ContainerState& c, const std::string& project) {
    ui::PsRow r;
    r.id = c.id;
    r.name = c.name;
    r.image = c.image;
    r.command = c.command;
    r.project = project;
    r.service = c.service;
    r.created = c.created;
    r.state = c.state;
    r.status = c.status;
    r.health = c.health;
    r.exit_code = c.exit_code;
    r.ports = converge::format_ports(c.ports);
    for (const auto& p : c.ports) {
        r.publishers.push_back({p.ip, p.private_port, p.public_port, p.protocol});
    }
    std::sort(r.publishers.begin(), r.publishers.end(),
              [](const ui::PsPublisher& a, const ui::PsPublisher& b) {
                  return std::tie(a.url, a.target_port, a.published_port, a.protocol) <
                         std::tie(b.url, b.target_port, b.published_port, b.protocol);
              });
    for (const auto& [k, v] : c.labels) r.labels.emplace_back(k, v);
    r.networks = c.networks;
    r.mounts = c.mounts;
    r.local_volumes = c.local_volumes;
    return r;
}

core::Status run_ps(Context& ctx, PsOptions opt) {
    for (const auto& f : opt.filters) {
        auto eq = f.find('=');
        if (eq == std::string::npos || f.substr(0, eq) != "status") {
            return core::Error(core::Errc::usage,
                               fmt::format("invalid filter \"{}\" (only status=STATE is supported)", f));
        }
        opt.status.push_back(f.substr(eq + 1));
    }
    if (opt.format != "table" && opt.format != "json") {
        return core::Error(core::Errc::usage,
                           fmt::format("unsupported format \"{}\" (use table or json)", opt.format));
    }
    static const std::set<std::string> kStates = {"paused", "restarting", "removing", "running",
                                                  "dead",   "created",    "exited"};
    for (const auto& s : opt.status) {
        if (kStates.count(s) == 0) {
            return core::Error(
                core::Errc::usage,
                fmt::format("invalid filter 'status={}': paused, restarting, removing, running, dead, "
                            "created or exited expected",
                            s));
        }
    }
    auto opened = open_project(ctx, opt.service_args, true,
                               converge::StateQuery{.services = opt.service_args,
                                                    .all = opt.all || !opt.status.empty(),
                                                    .oneoff = true,
                                                    .inspect = !opt.quiet && !opt.services});
    if (!opened) return std::move(opened).error();
    const ProjectRef& ref = opened->ref;
    const auto& containers = opened->containers;
    std::vector<converge::ContainerState> shown;
    for (const auto& c : containers) {
        if (!opt.status.empty() &&
            std::find(opt.status.begin(), opt.status.end(), c.state) == opt.status.end())
            continue;
        if (!opt.orphans && ref.model && ref.service(c.service) == nullptr) continue;
        shown.push_back(c);
    }

    if (opt.quiet) {
        std::string text;
        for (const auto& c : shown) text += c.id + "\n";
        ui::out(text);
        return {};
    }
    if (opt.services) {
        std::vector<std::string> names;
        for (const auto& c : shown) {
            if (std::find(names.begin(), names.end(), c.service) == names.end()) names.push_back(c.service);
        }
        std::string text;
        for (const auto& n : names) text += n + "\n";
        ui::out(text);
        return {};
    }
    std::vector<ui::PsRow> rows;
    for (const auto& c : shown) rows.push_back(to_row(c, ref.name));
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    ui::out(opt.format == "json" ? ui::ps_json_lines(rows, now, !opt.no_trunc) : ui::ps_table(rows, now, !opt.no_trunc));
    return {};
}

}  // namespace

void add_ps(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<PsOptions>();
    auto* cmd = app.add_subcommand("ps", "List the project's containers");
    cmd->add_flag("-a,--all", opt->all, "Show all containers, stopped ones too");
    cmd->add_flag("-q,--quiet", opt->quiet, "Only print container ids");
    cmd->add_flag("--services", opt->services, "Print the services, one per line");
    cmd->add_option(
           "--status", opt->status,
           "Only containers in this state (repeatable): paused, restarting, removing, running, dead, "
           "created, exited")
        ->allow_extra_args(false);
    cmd->add_option("--filter", opt->filters, "Filter the containers: status=STATE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--format", opt->format, "Output format: table or json")->capture_default_str();
    cmd->add_flag("--no-trunc", opt->no_trunc, "Don't truncate output");
    cmd->add_flag("--orphans", opt->orphans,
                  "Include orphaned services (not declared by the project); --orphans=false leaves them out")
        ->default_str("true");
    cmd->add_option("services", opt->service_args, "Services to list");
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_ps(ctx, *opt); }; });
}

}  // namespace stackctl::cli
