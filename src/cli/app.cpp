#include "stackctl/cli/app.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <set>

#include "commands.hpp"
#include "context.hpp"
#include "project_options.hpp"
#include "stackctl/core/log.hpp"
#include "stackctl/core/version.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

int fail(const core::Error& err) {
    // Ctrl-C is the user's own doing: the status (130) says it, as it does for Docker Compose; no error line.
    if (err.code != core::Errc::interrupted) ui::error(err);
    return core::exit_code(err.code);
}

/// --ansi / COMPOSE_ANSI, --parallel / COMPOSE_PARALLEL_LIMIT, and --dry-run's reach.
core::Status apply_global_options(Context& ctx, CLI::App& app) {
    std::string ansi = ctx.global.ansi;
    if (ansi.empty()) {
        const char* env = std::getenv("COMPOSE_ANSI");
        ansi = env != nullptr ? env : "";
    }
    if (ansi == "never") ui::set_ansi_mode(ui::AnsiMode::never);
    else if (ansi == "always") ui::set_ansi_mode(ui::AnsiMode::always);
    else if (!ansi.empty() && ansi != "auto")
        return core::Error(core::Errc::usage, fmt::format("invalid COMPOSE_ANSI \"{}\" (use never, always or auto)", ansi));
    if (ctx.global.parallel == 0) {
        const char* env = std::getenv("COMPOSE_PARALLEL_LIMIT");
        if (env != nullptr && *env != '\0') {
            try {
                ctx.global.parallel = std::stoi(env);
            } catch (...) {
                return core::Error(core::Errc::usage, fmt::format("invalid COMPOSE_PARALLEL_LIMIT \"{}\"", env));
            }
        }
    }
    if (ctx.global.parallel < -1)
        return core::Error(core::Errc::usage, "--parallel takes a number of 1 or more, or -1 for no limit");
    if (ctx.global.dry_run) {
        for (CLI::App* sub : app.get_subcommands()) {
            const std::string& name = sub->get_name();
            static const std::set<std::string> kReadOnly = {"config", "ps", "status", "logs", "version", "profiles", "stats"};
            if (name != "up" && name != "down" && kReadOnly.count(name) == 0)
                return core::Error(core::Errc::usage, fmt::format("--dry-run is supported by up and down, not by {}", name));
        }
    }
    return {};
}

}  // namespace

int run(int argc, char** argv) {
    Context ctx;

    CLI::App app{"stackctl: run Docker Compose stacks on a Docker Engine", "stackctl"};
    app.set_version_flag("--version", std::string("stackctl version ") + core::kVersion, "Print the version and exit");
    app.require_subcommand(1);
    app.add_option("--log-level", ctx.global.log_level, "Diagnostics on stderr: trace, debug, info, warn, error, off")
        ->capture_default_str();
    app.add_option("--progress", ctx.global.progress,
                   "Progress display: auto, tty, plain, json, quiet (default: COMPOSE_PROGRESS, else auto)")
        ->check(CLI::IsMember({"auto", "tty", "plain", "json", "quiet"}));

    app.add_option("--ansi", ctx.global.ansi,
                   "Control characters (colours, the redrawing progress): never, always, auto (default: COMPOSE_ANSI, "
                   "else auto)")
        ->check(CLI::IsMember({"never", "always", "auto"}));
    app.add_option("--parallel", ctx.global.parallel,
                   "Containers converged at once (default: COMPOSE_PARALLEL_LIMIT, else no limit; -1: no limit)");
    app.add_flag("--dry-run", ctx.global.dry_run, "Show what up or down would do, changing nothing");
    add_project_options(app, ctx.project, ctx.stack);
    // Subcommands (created below, inheriting this) hand the options they do not know to the root, so the
    // project options work after the command name too: `stackctl up --profile development`.
    app.fallthrough();
    add_version(app, ctx);
    add_config(app, ctx);
    add_up(app, ctx);
    add_down(app, ctx);
    add_ps(app, ctx);
    add_status(app, ctx);
    add_logs(app, ctx);
    add_exec(app, ctx);
    add_build(app, ctx);
    add_pull(app, ctx);
    add_volume(app, ctx);
    add_stats(app, ctx);
    add_profiles(app, ctx);
    for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name() == "version") continue;
        sub->footer(
            "Project options (-f, -p, --project-directory, --profile, --env-file, --stack) are accepted here too; "
            "see stackctl --help and docs/profiles.md.");
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "stackctl: error: %s\nRun 'stackctl --help' for usage.\n", e.what());
        return core::exit_code(core::Errc::usage);
    }
    if (auto s = core::setup_logging(ctx.global.log_level); !s) return fail(s.error());
    if (auto s = apply_global_options(ctx, app); !s) return fail(s.error());
    if (!ctx.action) return fail(core::Error(core::Errc::internal, "no command was selected"));
    if (auto s = ctx.action(); !s) return fail(s.error());
    std::fflush(stdout);
    return ctx.exit_status;
}

}  // namespace stackctl::cli
