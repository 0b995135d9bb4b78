#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "stackctl/core/version.hpp"
#include "stackctl/engine/api_version.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

struct VersionOptions {
    std::string format = "text";
};

core::Status run_version(Context& ctx, const VersionOptions& opt) {
    auto client = ctx.engine();
    if (!client) return std::move(client).error();
    auto v = (*client)->version();
    if (!v) return std::move(v).error();

    if (opt.format == "json") {
        nlohmann::json doc = {
            {"client",
             {{"version", core::kVersion},
              {"api_version", v->negotiated_api},
              {"min_api_version", engine::kMinApi.str()},
              {"max_api_version", engine::kMaxApi.str()}}},
            {"engine",
             {{"endpoint", (*client)->endpoint().display},
              {"version", v->version},
              {"api_version", v->api_version},
              {"min_api_version", v->min_api_version},
              {"os", v->os},
              {"arch", v->arch},
              {"kernel_version", v->kernel_version}}},
        };
        ui::out_json(doc);
        return {};
    }
    std::string text;
    text += "Client:\n";
    text += std::string(" Version:      ") + core::kVersion + "\n";
    text += " API version:  " + v->negotiated_api + " (negotiated; supports " + engine::kMinApi.str() + " to " +
            engine::kMaxApi.str() + ")\n";
    text += "Engine:\n";
    text += " Endpoint:     " + (*client)->endpoint().display + "\n";
    text += " Version:      " + v->version + "\n";
    text += " API version:  " + v->api_version + " (minimum " + v->min_api_version + ")\n";
    text += " OS/Arch:      " + v->os + "/" + v->arch + "\n";
    text += " Kernel:       " + v->kernel_version + "\n";
    ui::out(text);
    return {};
}

}  // namespace

void add_version(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<VersionOptions>();
    auto* cmd = app.add_subcommand("version", "Show the stackctl and Docker engine versions");
    cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_version(ctx, *opt); }; });
}

}  // namespace stackctl::cli
