#include <fmt/format.h>

#include <cstdlib>
#include <set>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_ref.hpp"
#include "project_setup.hpp"
#include "stackctl/converge/execute.hpp"
#include "stackctl/ui/output.hpp"
#include "stackctl/ui/progress.hpp"

namespace stackctl::cli {

namespace {

struct DownFlags {
    bool volumes = false;
    bool remove_orphans = false;
    int timeout = -1;
    std::string rmi;
    bool dry_run = false;
};

core::Status run_down(Context& ctx, DownFlags f) {
    f.dry_run = f.dry_run || ctx.global.dry_run;
    if (!f.rmi.empty() && f.rmi != "local" && f.rmi != "all")
        return core::Error(core::Errc::usage, fmt::format("invalid --rmi {}: use local or all", f.rmi));
    auto interrupts = cancel_on_interrupt(ctx);
    // Without a compose file, `-p NAME` (or COMPOSE_PROJECT_NAME) still works: the project is what its labels
    // say (containers, every labelled network and volume), as the reference does.
    auto ref = resolve_project(ctx, {}, true);
    if (!ref) return std::move(ref).error();
    print_warnings(*ref);
    auto client_r = ctx.engine();
    if (!client_r) return std::move(client_r).error();
    engine::Client& client = **client_r;
    auto observed = converge::observe(client, ref->name, {});
    if (!observed) return std::move(observed).error();
    converge::DesiredState d;
    if (ref->model) {
        auto desired = desired_from_model(*ref->model);
        if (!desired) return std::move(desired).error();
        d = std::move(*desired);
    } else {
        d = converge::desired_from_labels(ref->name, *observed);
    }
    auto plan = converge::plan_down(d, *observed,
                                    {.volumes = f.volumes, .remove_orphans = f.remove_orphans, .model = ref->model.has_value()});
    if (f.dry_run) {
        ui::out(plan.to_string());
        return {};
    }
    if (!plan.orphans_left.empty()) {
        std::string list;
        for (const auto& o : plan.orphans_left) list += (list.empty() ? "" : " ") + o;
        ui::warning(fmt::format("Found orphan containers ([{}]) for this project. If you removed or renamed this service in "
                                "your compose file, you can run this command with the --remove-orphans flag to clean it up.",
                                list));
    }
    if (plan.containers.empty() && plan.orphans.empty() && plan.orphans_left.empty() && plan.networks.empty() &&
        plan.volumes.empty() && f.rmi.empty())
        ui::warning(fmt::format("No resource found to remove for project \"{}\".", d.project.name));
    auto writer = ctx.progress_writer();
    if (!writer) return std::move(writer).error();
    ui::ProgressWriter& progress = **writer;
    converge::DownExecuteOptions o;
    if (f.timeout >= 0) o.timeout = f.timeout;
    o.volumes = f.volumes;
    o.cancel = &ctx.cancel;
    if (ctx.global.parallel > 0) o.workers = static_cast<std::size_t>(ctx.global.parallel);
    auto status = converge::execute_down(client, plan, progress.sink(), o);
    if (!status) {
        progress.stop();
        return status;
    }
    if (!f.rmi.empty()) {
        std::set<std::string> images;
        for (const auto& s : d.services)
            if (f.rmi == "all" || !s.config.contains("image")) images.insert(s.image);
        for (const auto& img : images) {
            auto present = client.inspect_image(img);
            if (!present || !present->has_value()) continue;
            progress.event(converge::step_event("Image", img, "Removing"));
            auto r = client.remove_image(img, {});
            if (!r) {
                progress.event(converge::step_event("Image", img, "Error", r.error().message));
                progress.stop();
                return std::move(r).error();
            }
            progress.event(converge::step_event("Image", img, "Removed"));
        }
    }
    progress.stop();
    return {};
}

}  // namespace

void add_down(CLI::App& app, Context& ctx) {
    auto f = std::make_shared<DownFlags>();
    CLI::App* cmd = app.add_subcommand("down", "Stop and remove containers, networks");
    cmd->add_flag("-v,--volumes", f->volumes, "Remove the project's named volumes and anonymous volumes of its containers");
    cmd->add_flag("--remove-orphans", f->remove_orphans, "Remove containers for services not defined in the Compose file");
    cmd->add_option("-t,--timeout", f->timeout, "Seconds to wait for containers to stop before killing them");
    cmd->add_option("--rmi", f->rmi, "Remove images used by services: \"local\" (those without a custom tag) or \"all\"");
    cmd->add_flag("--dry-run", f->dry_run, "Print what would be removed and change nothing");
    cmd->callback([&ctx, f] { ctx.action = [&ctx, f] { return run_down(ctx, *f); }; });
}

}  // namespace stackctl::cli
