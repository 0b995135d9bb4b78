#include "stackctl/converge/watch.hpp"

#include <fmt/format.h>

#include "stackctl/converge/labels.hpp"

namespace stackctl::converge {

ContainerWatch::ContainerWatch(engine::Client& client, std::string project, const std::atomic<bool>* cancel,
                               const std::atomic<bool>* stop)
    : client_(client), project_(std::move(project)), outer_cancel_(cancel), stop_(stop) {}

ContainerWatch::~ContainerWatch() { stop(); }

void ContainerWatch::stop() {
    cancel_ = true;
    if (thread_.joinable()) thread_.join();
}

core::Status ContainerWatch::start() {
    std::unique_lock lock(mu_);
    if (started_) {
        // another wait opened the subscription: wait with it until the engine has answered
        cv_.wait(lock, [&] { return ready_ || ended_; });
        if (!ready_ && error_) return *error_;
        return {};
    }
    started_ = true;
    thread_ = std::thread([this] {
        engine::EventsOptions eo;
        eo.filters["type"].push_back("container");
        eo.filters["label"].push_back(fmt::format("{}={}", labels::kProject, project_));
        eo.cancel = &cancel_;
        eo.on_ready = [this] {
            std::lock_guard l(mu_);
            ready_ = true;
            cv_.notify_all();
        };
        auto s = client_.events(eo, [this](const engine::Event& ev) {
            std::lock_guard l(mu_);
            State& st = states_[ev.actor_id];
            const std::string& a = ev.action;
            bool changed = true;
            if (a.rfind("health_status: ", 0) == 0) {
                // Only a running container has a health status; its "start" may have come before the
                // subscription, so this event can be the first one seen for it.
                st.health = a.substr(15);
                st.running = true;
                st.exited = false;
            } else if (a == "start" || a == "restart" || a == "unpause") {
                st.running = true;
                st.exited = false;
                st.health = "starting";
            } else if (a == "die") {
                st.running = false;
                st.exited = true;
                st.health.clear();  // a dead container is not healthy, whatever its last check said
                auto it = ev.attributes.find("exitCode");
                try {
                    st.exit_code = it == ev.attributes.end() ? 0 : std::stoi(it->second);
                } catch (...) {
                    st.exit_code = -1;
                }
            } else if (a == "destroy") {
                st.running = false;
                st.exited = true;
                st.health.clear();
                st.exit_code = -1;
            } else {
                changed = false;
            }
            if (changed) {
                st.seq = ++seq_;
                cv_.notify_all();
            }
            return !cancel_.load();
        });
        std::lock_guard l(mu_);
        ended_ = true;
        if (!s && !cancel_.load()) error_ = std::move(s).error();
        cv_.notify_all();
    });
    cv_.wait(lock, [&] { return ready_ || ended_; });
    if (!ready_ && error_) return *error_;
    return {};
}

core::Status ContainerWatch::wait(const std::string& id, const std::string& name, graph::Condition cond, Deadline deadline) {
    auto r = wait_for(id, name, cond == graph::Condition::healthy ? Goal::healthy : Goal::completed, deadline);
    if (!r) return std::move(r).error();
    return {};
}

core::Result<std::string> ContainerWatch::wait_ready(const std::string& id, const std::string& name, Deadline deadline) {
    return wait_for(id, name, Goal::ready, deadline);
}

core::Result<std::string> ContainerWatch::wait_for(const std::string& id, const std::string& name, Goal goal,
                                                    Deadline deadline) {
    STACKCTL_TRY(start());
    std::uint64_t since;
    {
        std::lock_guard l(mu_);
        since = seq_;
    }
    // The subscription is open: whatever happens after this inspection arrives as an event.
    bool has_health = false;
    auto inspect = [&]() -> core::Result<State> {
        auto info = client_.inspect_container(id);
        if (!info) return std::move(info).error();
        State st;
        st.running = info->state.running;
        st.exited = !info->state.running && (info->state.status == "exited" || info->state.status == "dead");
        st.exit_code = info->state.exit_code;
        st.health = info->state.health;
        has_health = !info->state.health.empty();
        if (!has_health) {
            const auto& hc = info->raw["Config"]["Healthcheck"];
            has_health = hc.is_object() && hc.contains("Test") && hc["Test"].is_array() && !hc["Test"].empty() &&
                         hc["Test"][0] != "NONE";
        }
        return st;
    };
    auto first = inspect();
    if (!first) return std::move(first).error();
    State cur = *first;
    // The engine drops events for a subscriber that falls behind (and a subscription registers a moment after
    // its response headers), so a long wait looks at the container itself now and then: a missed
    // health_status event costs a few seconds, not the whole wait.
    constexpr auto kRecheck = std::chrono::seconds(3);
    auto next_check = std::chrono::steady_clock::now() + kRecheck;

    std::unique_lock lock(mu_);
    for (;;) {
        if (auto it = states_.find(id); it != states_.end() && it->second.seq > since) {
            cur = it->second;
            since = it->second.seq;
        }
        switch (goal) {
        case Goal::healthy:
            if (!has_health)
                return core::Error(core::Errc::unhealthy, fmt::format("container {} has no healthcheck configured", name));
            if (cur.health == "healthy") return std::string("Healthy");
            if (cur.health == "unhealthy") return core::Error(core::Errc::unhealthy, fmt::format("container {} is unhealthy", name));
            if (cur.exited)
                return core::Error(core::Errc::unhealthy, fmt::format("container {} exited ({})", name, cur.exit_code));
            break;
        case Goal::completed:
            if (cur.exited) {
                if (cur.exit_code == 0) return std::string("Exited");
                return core::Error(core::Errc::unhealthy, fmt::format("container {} didn't complete successfully: exit {}",
                                                                      name, cur.exit_code));
            }
            break;
        case Goal::ready:
            if (cur.exited) {
                if (cur.exit_code == 0) return std::string("Exited");
                return core::Error(core::Errc::unhealthy, fmt::format("container {} exited ({})", name, cur.exit_code));
            }
            if (cur.running) {
                if (!has_health) return std::string("Running");
                if (cur.health == "healthy") return std::string("Healthy");
                if (cur.health == "unhealthy")
                    return core::Error(core::Errc::unhealthy, fmt::format("container {} is unhealthy", name));
            }
            break;
        }
        if (ended_) {
            if (error_) return *error_;
            if (outer_cancel_ != nullptr && outer_cancel_->load()) return core::Error(core::Errc::interrupted, "interrupted");
            return core::Error(core::Errc::engine,
                               fmt::format("the engine closed its event stream while waiting for container {}", name));
        }
        if (outer_cancel_ != nullptr && outer_cancel_->load()) return core::Error(core::Errc::interrupted, "interrupted");
        if (stop_ != nullptr && stop_->load())
            return core::Error(core::Errc::interrupted, fmt::format("stopped waiting for container {}", name));
        const auto now = std::chrono::steady_clock::now();
        if (deadline && *deadline <= now)
            return core::Error(core::Errc::timeout, fmt::format("timeout waiting for container {}", name));
        if (now >= next_check) {
            since = seq_;
            lock.unlock();
            auto again = inspect();
            lock.lock();
            if (!again) return std::move(again).error();
            auto it = states_.find(id);
            if (it == states_.end() || it->second.seq <= since) cur = *again;  // no newer event meanwhile
            next_check = std::chrono::steady_clock::now() + kRecheck;
            continue;
        }
        auto slice = now + std::chrono::milliseconds(100);
        // The slice only notices Ctrl-C and the deadline; state changes arrive by notification.
        cv_.wait_until(lock, deadline && *deadline < slice ? *deadline : slice);
    }
}

}  // namespace stackctl::converge
