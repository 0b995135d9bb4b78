#pragma once
/// State shared by all commands: the global options and the lazily created engine client.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/client.hpp"
#include "stackctl/load/project_files.hpp"
#include "stackctl/ui/progress.hpp"

namespace stackctl::cli {

struct GlobalOptions {
    std::string log_level = "warn";
    std::string progress;  ///< --progress; empty: COMPOSE_PROGRESS, else auto
    std::string ansi;      ///< --ansi never|always|auto; empty: COMPOSE_ANSI, else auto
    int parallel = 0;      ///< --parallel N (COMPOSE_PARALLEL_LIMIT): engine operations at once; 0 or -1: no limit
    bool dry_run = false;  ///< --dry-run before the command (up and down)
};

class Context {
public:
    GlobalOptions global;
    load::ProjectOptions project;  ///< -f, -p, --project-directory, --profile, --env-file, as given
    std::optional<std::string> stack;  ///< --stack
    /// The chosen command's work, set by its CLI11 callback.
    std::function<core::Status()> action;
    /// Set on Ctrl-C: every engine call in progress (and later) ends with Errc::interrupted.
    std::atomic<bool> cancel{false};
    /// The process's exit status when the action succeeds (`up --exit-code-from`), 1 for a "no"
    /// answer (`status`), the command's own status for `exec`.
    int exit_status = 0;

    /// The project options after the workspace and its profiles are applied (docs/profiles.md); what every
    /// command hands to the loader.
    [[nodiscard]] core::Result<load::ProjectOptions> project_options() const;
    Context() = default;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    ~Context();

    /// The engine client for DOCKER_HOST (or the default socket); created on first use.
    core::Result<engine::Client*> engine();
    /// Loads libcurl and negotiates the API version (/_ping) on a background thread, so both overlap loading
    /// the project; an error there is left for the first real call to report.
    void warm_engine();
    /// The progress display chosen by --progress / COMPOSE_PROGRESS (auto: tty on a terminal, else plain);
    /// `quiet` (a command's own -q) overrides both.
    core::Result<std::unique_ptr<ui::ProgressWriter>> progress_writer(bool quiet = false) const;

private:
    std::unique_ptr<engine::Client> client_;
    std::thread warm_;
};

}  // namespace stackctl::cli
