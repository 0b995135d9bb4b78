#pragma once
/// Runs plans against the engine: in parallel along the dependency graph, waiting on depends_on conditions
/// through one events subscription, cancelled on the first error or Ctrl-C.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "stackctl/converge/plan.hpp"
#include "stackctl/converge/progress.hpp"
#include "stackctl/engine/client.hpp"

namespace stackctl::converge {

struct ExecuteOptions {
    std::optional<int> timeout;  ///< -t: seconds to stop containers (recreate, remove)
    /// Services converged at once. The engine pipelines creates and starts, so independent services all go
    /// at once, as with the reference (no limit by default); the cap only bounds the threads.
    std::size_t workers = 64;
    const std::atomic<bool>* cancel = nullptr;  ///< Ctrl-C
    /// --wait: after starting, wait until every container of the plan is running and healthy (or has exited 0).
    bool wait = false;
    std::optional<std::chrono::milliseconds> wait_timeout;
    /// -V: a recreated container gets new anonymous volumes instead of the old container's.
    bool renew_anon_volumes = false;
};

struct ExecuteResult {
    /// Containers of the plan's services, by service, ordered by number.
    std::map<std::string, std::vector<std::string>> containers;
};

core::Result<ExecuteResult> execute_up(engine::Client& client, const DesiredState& desired, const ObservedState& observed,
                                       const Plan& plan, const ProgressSink& progress, const ExecuteOptions& opts);

struct DownExecuteOptions {
    std::optional<int> timeout;
    bool volumes = false;  ///< remove anonymous volumes with the containers
    std::size_t workers = 6;
    const std::atomic<bool>* cancel = nullptr;
};

core::Status execute_down(engine::Client& client, const DownPlan& plan, const ProgressSink& progress,
                          const DownExecuteOptions& opts);

}  // namespace stackctl::converge
