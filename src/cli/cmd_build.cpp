#include <fmt/format.h>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/build.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

struct BuildCmdOptions {
    bool no_cache = false;
    bool pull = false;
    bool quiet = false;
    std::vector<std::string> build_args;
    bool with_dependencies = false;
    std::vector<std::string> service_args;
};

core::Status run_build(Context& ctx, const BuildCmdOptions& opt) {
    auto interrupts = cancel_on_interrupt(ctx);
    auto ref = resolve_project(ctx, opt.service_args, false);
    if (!ref) return std::move(ref).error();
    print_warnings(*ref);

    converge::BuildSettings settings;
    settings.no_cache = opt.no_cache;
    settings.pull = opt.pull;
    settings.quiet = opt.quiet;
    settings.cancel = &ctx.cancel;
    const load::Environment& env = ref->model->environment;
    settings.lookup_env = [&env](const std::string& name) { return env.get(name); };
    for (const auto& a : opt.build_args) {
        auto eq = a.find('=');
        if (eq != std::string::npos) {
            settings.args[a.substr(0, eq)] = a.substr(eq + 1);
        } else if (auto v = env.get(a)) {
            settings.args[a] = *v;
        }
    }

    std::vector<std::string> targets;
    for (const auto& name : ref->selected(opt.service_args, opt.with_dependencies)) {
        if (converge::has_build(*ref->service(name))) targets.push_back(name);
    }
    if (targets.empty()) return {};

    auto client = ctx.engine();
    if (!client) return std::move(client).error();
    auto w = ctx.progress_writer(opt.quiet);
    if (!w) return std::move(w).error();
    std::unique_ptr<ui::ProgressWriter> writer = std::move(*w);
    const converge::ProgressSink sink = writer->sink();
    for (const auto& name : targets) {
        auto built = converge::build_service(**client, ref->name, name, *ref->service(name), settings, sink);
        if (!built) {
            writer->stop();
            return std::move(built).error();
        }
    }
    writer->stop();
    return {};
}

}  // namespace

void add_build(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<BuildCmdOptions>();
    auto* cmd = app.add_subcommand("build", "Build the images of services that have a build section");
    cmd->add_flag("--no-cache", opt->no_cache, "Do not use the cache when building");
    cmd->add_flag("--pull", opt->pull, "Always try to pull a newer version of the base images");
    cmd->add_flag("-q,--quiet", opt->quiet, "Print nothing but errors");
    cmd->add_flag("--with-dependencies", opt->with_dependencies, "Also build the dependencies of the named services");
    cmd->add_option("--build-arg", opt->build_args,
                    "Set a build argument (KEY=VALUE, or KEY from the environment)")
        ->allow_extra_args(false);
    cmd->add_option("services", opt->service_args, "Services to build (default: all with a build section)");
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_build(ctx, *opt); }; });
}

}  // namespace stackctl::cli
