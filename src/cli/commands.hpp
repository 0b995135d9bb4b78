#pragma once
/// One function per command: registers its sub-app and options; when the command is chosen, its callback
/// stores the action to run in ctx.action, which run() calls after parsing and logging setup.

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace stackctl::cli {

void add_version(CLI::App& app, Context& ctx);
void add_config(CLI::App& app, Context& ctx);
void add_up(CLI::App& app, Context& ctx);
void add_down(CLI::App& app, Context& ctx);
void add_ps(CLI::App& app, Context& ctx);
void add_status(CLI::App& app, Context& ctx);
void add_logs(CLI::App& app, Context& ctx);
void add_exec(CLI::App& app, Context& ctx);
void add_build(CLI::App& app, Context& ctx);
void add_pull(CLI::App& app, Context& ctx);
void add_profiles(CLI::App& app, Context& ctx);
void add_volume(CLI::App& app, Context& ctx);
void add_stats(CLI::App& app, Context& ctx);

}  // namespace stackctl::cli
