#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "stackctl/load/workspace.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

struct ProfilesOptions {
    std::string format = "table";
};

// `stackctl profiles`: the workspace's profiles (docs/profiles.md), with --stack only those defining it.
core::Status run_profiles(Context& ctx, const ProfilesOptions& opt) {
    const std::string cwd = load::absolute_path("/", load::working_directory(ctx.project));
    auto file = load::find_workspace_file(cwd);
    if (!file) {
        return core::Error(core::Errc::io,
                           fmt::format("no {} in {} or its parents (see docs/profiles.md)", load::kWorkspaceFileName, cwd));
    }
    auto ws = load::load_workspace(*file);
    if (!ws) return std::move(ws).error();
    if (ctx.stack && ws->stack(*ctx.stack) == nullptr) {
        return core::Error(core::Errc::usage, fmt::format("--stack {}: no such stack in {} (stacks: {})", *ctx.stack,
                                                          ws->file, ws->stack_names()));
    }
    auto profiles = load::load_profiles(*ws);
    if (!profiles) return std::move(profiles).error();

    std::vector<std::vector<std::string>> rows;
    nlohmann::json doc = nlohmann::json::array();
    for (const auto& p : *profiles) {
        if (ctx.stack && p.stack(*ctx.stack) == nullptr) continue;
        std::string stacks;
        nlohmann::json jstacks = nlohmann::json::object();
        for (const auto& s : p.stacks) {
            stacks += (stacks.empty() ? "" : ", ") + s.stack;
            nlohmann::json js = {{"files", s.files},
                                 {"env_files", s.env_files},
                                 {"compose_profiles", s.compose_profiles}};
            if (s.project_name) js["project_name"] = *s.project_name;
            jstacks[s.stack] = std::move(js);
        }
        rows.push_back({p.name, stacks, p.description});
        doc.push_back({{"name", p.name}, {"file", p.file}, {"description", p.description}, {"stacks", jstacks}});
    }
    if (opt.format == "json") {
        ui::out_json(doc);
        return {};
    }
    ui::out(ui::table({"NAME", "STACKS", "DESCRIPTION"}, rows));
    return {};
}

}  // namespace

void add_profiles(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<ProfilesOptions>();
    auto* cmd = app.add_subcommand("profiles", "List the workspace's environment profiles (docs/profiles.md)");
    cmd->add_option("--format", opt->format, "Output format: table or json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_profiles(ctx, *opt); }; });
}

}  // namespace stackctl::cli
