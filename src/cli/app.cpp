#include "stackctl/cli/app.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.hpp"
#include "context.hpp"
#include "project_options.hpp"
#include "stackctl/core/log.hpp"
#include "stackctl/core/version.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

int fail(const core::Error& err) {
    // Ctrl-C is the user's own doing: the status (130) says it, as it does for Docker Compose; no error line.
    if (err.code != core::Errc::interrupted) ui::error(err);
    return core::exit_code(err.code);
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
    if (!ctx.action) return fail(core::Error(core::Errc::internal, "no command was selected"));
    if (auto s = ctx.action(); !s) return fail(s.error());
    std::fflush(stdout);
    return ctx.exit_status;
}

}  // namespace stackctl::cli
