#include <fmt/format.h>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/build.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

struct PullCmdOptions {
    bool ignore_failures = false;
    bool quiet = false;
    std::string policy;
    bool ignore_buildable = false;
    bool include_deps = false;
    std::vector<std::string> service_args;
};

std::string text_of(const load::Node* n) {
    return n != nullptr && n->is_scalar() && !n->is_null() ? n->text : "";
}

core::Status run_pull(Context& ctx, const PullCmdOptions& opt) {
    auto interrupts = cancel_on_interrupt(ctx);
    if (!opt.policy.empty() && opt.policy != "missing" && opt.policy != "always") {
        return core::Error(core::Errc::usage,
                           fmt::format("invalid --policy \"{}\" (use missing or always)", opt.policy));
    }
    auto ref = resolve_project(ctx, opt.service_args, false);
    if (!ref) return std::move(ref).error();
    print_warnings(*ref);
    auto client = ctx.engine();
    if (!client) return std::move(client).error();
    engine::Client& cl = **client;

    auto w = ctx.progress_writer(opt.quiet);
    if (!w) return std::move(w).error();
    std::unique_ptr<ui::ProgressWriter> writer = std::move(*w);

    std::optional<core::Error> failure;
    for (const auto& name : ref->selected(opt.service_args, opt.include_deps)) {
        const load::Node& svc = *ref->service(name);
        const std::string image = text_of(svc.find("image"));
        if (image.empty()) continue;  // built, not pulled
        if (opt.ignore_buildable && converge::has_build(svc)) continue;
        std::string policy = text_of(svc.find("pull_policy"));
        if (!opt.policy.empty()) policy = opt.policy;
        if (policy == "never" || policy == "build") continue;
        if (policy.empty() && converge::has_build(svc)) policy = "missing";  // an image the build makes
        const std::string task = "Image " + image;
        if (policy == "missing" || policy == "if_not_present") {
            auto present = cl.inspect_image(image);
            if (!present) return std::move(present).error();
            if (*present) {
                writer->event({.id = task,
                               .status = ui::ProgressStatus::done,
                               .text = "Skipped",
                               .detail = "Image is already present locally"});
                continue;
            }
        }
        writer->event({.id = task, .status = ui::ProgressStatus::working, .text = "Pulling"});
        engine::PullOptions po;
        po.cancel = &ctx.cancel;
        if (const load::Node* p = svc.find("platform")) po.platform = text_of(p);
        auto pulled = cl.pull_image(image, po, [&](const engine::JsonMessage& m) {
            if (m.id.empty() || m.status.empty()) return true;
            writer->event({.id = "Layer " + m.id,
                           .parent = task,
                           .status = ui::ProgressStatus::working,
                           .text = m.status,
                           .detail = m.progress,
                           .current = m.current,
                           .total = m.total});
            return true;
        });
        if (!pulled) {
            core::Error err = std::move(pulled).error();
            writer->event(
                {.id = task, .status = ui::ProgressStatus::error, .text = "Error", .detail = err.message});
            if (err.code == core::Errc::interrupted) {
                writer->stop();
                return err;
            }
            err.message = fmt::format("pulling image {} for service \"{}\": {}", image, name, err.message);
            if (opt.ignore_failures) {
                ui::warning(err.message);
                continue;
            }
            if (!failure) failure = std::move(err);
            continue;
        }
        writer->event({.id = task, .status = ui::ProgressStatus::done, .text = "Pulled"});
    }
    writer->stop();
    if (failure) return *failure;
    return {};
}

}  // namespace

void add_pull(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<PullCmdOptions>();
    auto* cmd = app.add_subcommand("pull", "Pull the images of services that name one");
    cmd->add_flag("--ignore-pull-failures", opt->ignore_failures,
                  "Pull what can be pulled and ignore failures");
    cmd->add_flag("-q,--quiet", opt->quiet, "Print nothing but errors");
    cmd->add_flag("--ignore-buildable", opt->ignore_buildable, "Ignore images that can be built");
    cmd->add_flag("--include-deps", opt->include_deps, "Also pull services declared as dependencies");
    cmd->add_option("--policy", opt->policy, "Pull policy: missing (skip images present) or always");
    cmd->add_option("services", opt->service_args, "Services whose images to pull (default: all)");
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_pull(ctx, *opt); }; });
}

}  // namespace stackctl::cli
