#pragma once
/// Waits on containers' health and exits through one events subscription (no polling).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/client.hpp"
#include "stackctl/graph/graph.hpp"

namespace stackctl::converge {

class ContainerWatch {
public:
    /// Events of the project's containers; `cancel` (Ctrl-C) ends every wait with Errc::interrupted.
    /// `cancel` (Ctrl-C) ends the waits as interrupted; `stop` (set when another step failed) ends them too.
    ContainerWatch(engine::Client& client, std::string project, const std::atomic<bool>* cancel,
                   const std::atomic<bool>* stop = nullptr);
    ~ContainerWatch();
    ContainerWatch(const ContainerWatch&) = delete;
    ContainerWatch& operator=(const ContainerWatch&) = delete;

    /// Subscribes (returns once the engine has registered the subscription). Idempotent.
    core::Status start();
    void stop();

    using Deadline = std::optional<std::chrono::steady_clock::time_point>;
    /// service_healthy: healthy; service_completed_successfully: exited with 0. Errc::unhealthy when the
    /// container turns unhealthy, exits (or exits non-zero), or has no health check; Errc::timeout.
    core::Status wait(const std::string& id, const std::string& name, graph::Condition cond, Deadline deadline);
    /// `up --wait`: running and healthy (with a health check) or running (without), or exited with 0 (a
    /// one-shot service that did its work). Returns the status to show: "Healthy", "Running", "Exited".
    core::Result<std::string> wait_ready(const std::string& id, const std::string& name, Deadline deadline);

private:
    struct State {
        std::uint64_t seq = 0;  ///< of the last event that changed it
        std::string health;
        bool running = false;
        bool exited = false;
        int exit_code = 0;
    };
    enum class Goal { healthy, completed, ready };
    core::Result<std::string> wait_for(const std::string& id, const std::string& name, Goal goal, Deadline deadline);

    engine::Client& client_;
    std::string project_;
    const std::atomic<bool>* outer_cancel_;
    const std::atomic<bool>* stop_;
    std::atomic<bool> cancel_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::map<std::string, State> states_;
    std::uint64_t seq_ = 0;
    bool started_ = false;
    bool ready_ = false;  ///< the engine answered the subscription
    bool ended_ = false;
    std::optional<core::Error> error_;
    std::thread thread_;
};

}  // namespace stackctl::converge
