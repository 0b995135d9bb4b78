#include "context.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "stackctl/load/workspace.hpp"

namespace stackctl::cli {

core::Result<load::ProjectOptions> Context::project_options() const {
    load::WorkspaceRequest request{project, stack};
    auto resolved = load::resolve_workspace(request, load::Environment::from_process());
    if (!resolved) return std::move(resolved).error();
    return std::move(resolved->project);
}

Context::~Context() {
    if (warm_.joinable()) {
        cancel = true;  // a /_ping still in flight (the command failed before it needed the engine) ends now
        warm_.join();
    }
}

void Context::warm_engine() {
    if (warm_.joinable() || client_) return;
    auto c = engine();
    if (!c) return;
    warm_ = std::thread([client = *c] { (void)client->ping(); });
}

core::Result<engine::Client*> Context::engine() {
    if (!client_) {
        auto ep = engine::endpoint_from_env();
        if (!ep) return std::move(ep).error();
        engine::ClientOptions opts;
        opts.cancel = &cancel;
        client_ = engine::make_docker_client(std::move(*ep), opts);
    }
    return client_.get();
}

core::Result<std::unique_ptr<ui::ProgressWriter>> Context::progress_writer(bool quiet) const {
    if (quiet) return ui::make_progress_writer(ui::ProgressMode::quiet);
    std::string name = global.progress;
    if (name.empty()) {
        const char* env = std::getenv("COMPOSE_PROGRESS");
        name = env != nullptr && *env != '\0' ? env : "auto";
    }
    auto mode = ui::parse_progress_mode(name);
    if (!mode) {
        return core::Error(core::Errc::usage,
                           fmt::format("unsupported progress mode \"{}\" (use auto, tty, plain, json or quiet)", name));
    }
    return ui::make_progress_writer(*mode);
}

}  // namespace stackctl::cli
