#pragma once
// A fake engine::Client for the executor's tests: records the calls that change state, in order, and
// answers inspections from what it was told. Calls the executor does not make fail loudly.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "stackctl/engine/client.hpp"

namespace converge_test {

using namespace stackctl;

class FakeClient final : public engine::Client {
public:
    /// Container name -> the engine's error message for start_container.
    std::map<std::string, std::string> fail_start;
    /// Container name -> the engine's error message for put_archive.
    std::map<std::string, std::string> fail_put_archive;
    /// Service -> the health an inspection reports once its container runs ("healthy", "unhealthy").
    std::map<std::string, std::string> health;
    /// Volumes the engine has, by name (their labels); a name in `volumes_in_use` is refused with 409.
    std::map<std::string, engine::Labels> volumes;
    std::vector<std::string> volumes_in_use;

    /// "create demo-web-1", "start demo-web-1", "put_archive demo-web-1 /", "network demo_default", ...
    std::vector<std::string> calls() const {
        std::lock_guard l(mu_);
        return calls_;
    }
    /// The archive uploaded to a container, by name.
    std::string archive(const std::string& name) const {
        std::lock_guard l(mu_);
        auto it = archives_.find(name);
        return it == archives_.end() ? std::string() : it->second;
    }

    core::Result<engine::ApiVersion> ping() override { return unsupported("ping"); }
    core::Result<engine::EngineVersion> version() override { return unsupported("version"); }
    [[nodiscard]] const engine::Endpoint& endpoint() const override { return endpoint_; }

    core::Result<std::vector<engine::ContainerSummary>> list_containers(const engine::ContainerListOptions&) override {
        return std::vector<engine::ContainerSummary>{};
    }
    core::Result<engine::ContainerInfo> inspect_container(const std::string& id) override {
        std::lock_guard l(mu_);
        auto it = containers_.find(id);
        if (it == containers_.end()) return core::Error(core::Errc::not_found, "No such container: " + id);
        const Container& c = it->second;
        engine::ContainerInfo info;
        info.id = id;
        info.name = c.name;
        info.state.running = c.running;
        info.state.status = c.running ? "running" : "created";
        info.raw = nlohmann::json::object();
        if (auto h = health.find(c.service); h != health.end()) {
            info.raw["Config"]["Healthcheck"] = {{"Test", {"CMD", "true"}}};
            if (c.running) info.state.health = h->second;
        }
        return info;
    }
    core::Result<engine::ContainerCreated> create_container(const engine::ContainerCreate& req) override {
        std::lock_guard l(mu_);
        std::string id = "id-" + req.name;
        Container c;
        c.name = req.name;
        c.service = req.body["Labels"].value("com.docker.compose.service", "");
        containers_[id] = c;
        calls_.push_back("create " + req.name);
        return engine::ContainerCreated{id, {}};
    }
    core::Status start_container(const std::string& id) override {
        std::string name;
        {
            std::lock_guard l(mu_);
            name = containers_.at(id).name;
        }
        std::lock_guard l(mu_);
        if (auto f = fail_start.find(name); f != fail_start.end()) {
            calls_.push_back("start-failed " + name);
            return core::Error(core::Errc::engine, f->second);
        }
        containers_.at(id).running = true;
        calls_.push_back("start " + name);
        return {};
    }
    core::Status stop_container(const std::string& id, const engine::StopOptions&) override { return record("stop", id); }
    core::Status restart_container(const std::string&, const engine::StopOptions&) override { return unsupported("restart"); }
    core::Status kill_container(const std::string&, const std::string&) override { return unsupported("kill"); }
    core::Status remove_container(const std::string& id, const engine::RemoveOptions&) override { return record("remove", id); }
    core::Result<engine::WaitResult> wait_container(const std::string&, const engine::WaitOptions&) override {
        return unsupported("wait");
    }
    core::Status rename_container(const std::string& id, const std::string& new_name) override {
        std::lock_guard l(mu_);
        Container& c = containers_.at(id);
        calls_.push_back("rename " + c.name + " " + new_name);
        c.name = new_name;
        return {};
    }
    core::Result<engine::ContainerTop> top_container(const std::string&, const std::string&) override { return unsupported("top"); }
    core::Result<nlohmann::json> container_stats(const std::string&) override { return unsupported("stats"); }
    core::Status resize_container_tty(const std::string&, int, int) override { return unsupported("resize"); }
    core::Status container_logs(const std::string&, const engine::LogsOptions&, const engine::OutputFn&) override {
        return unsupported("logs");
    }
    core::Status attach_container(const std::string&, const engine::AttachOptions&, const engine::StreamIo&) override {
        return unsupported("attach");
    }
    core::Status put_archive(const std::string& id, const std::string& path, engine::BodySource tar) override {
        std::string bytes;
        if (auto* impl = tar.impl(); impl != nullptr) {
            STACKCTL_TRY(impl->open());
            char buf[4096];
            for (;;) {
                auto n = impl->read(buf, sizeof buf);
                if (!n) return std::move(n).error();
                if (*n == 0) break;
                bytes.append(buf, *n);
            }
            STACKCTL_TRY(impl->close());
        }
        std::lock_guard l(mu_);
        const std::string& name = containers_.at(id).name;
        if (auto f = fail_put_archive.find(name); f != fail_put_archive.end()) {
            calls_.push_back("put_archive-failed " + name);
            return core::Error(core::Errc::engine, f->second);
        }
        archives_[name] = bytes;
        calls_.push_back("put_archive " + name + " " + path);
        return {};
    }
    core::Status get_archive(const std::string&, const std::string&, const engine::ChunkFn&) override {
        return unsupported("get_archive");
    }

    core::Result<std::string> exec_create(const std::string&, const engine::ExecConfig&) override { return unsupported("exec"); }
    core::Status exec_start(const std::string&, const engine::ExecStartOptions&, const engine::StreamIo&) override {
        return unsupported("exec");
    }
    core::Result<engine::ExecInfo> exec_inspect(const std::string&) override { return unsupported("exec"); }
    core::Status exec_resize(const std::string&, int, int) override { return unsupported("exec"); }

    core::Result<std::vector<engine::NetworkInfo>> list_networks(const engine::Filters&) override {
        return std::vector<engine::NetworkInfo>{};
    }
    core::Result<engine::NetworkInfo> inspect_network(const std::string&) override { return unsupported("inspect network"); }
    core::Result<engine::NetworkCreated> create_network(const nlohmann::json& body) override {
        std::lock_guard l(mu_);
        calls_.push_back("network " + body.value("Name", ""));
        return engine::NetworkCreated{"net-id", {}};
    }
    core::Status remove_network(const std::string&) override { return unsupported("remove network"); }
    core::Status connect_network(const std::string& network, const engine::NetworkConnect&) override {
        std::lock_guard l(mu_);
        calls_.push_back("connect " + network);
        return {};
    }
    core::Status disconnect_network(const std::string&, const std::string&, bool) override { return unsupported("disconnect"); }

    core::Result<std::vector<engine::VolumeInfo>> list_volumes(const engine::Filters&) override {
        return std::vector<engine::VolumeInfo>{};
    }
    core::Result<engine::VolumeInfo> inspect_volume(const std::string& name) override {
        std::lock_guard l(mu_);
        auto it = volumes.find(name);
        if (it == volumes.end()) return core::Error(core::Errc::not_found, "no such volume: " + name);
        return engine::VolumeInfo{.name = name, .labels = it->second};
    }
    core::Result<engine::VolumeInfo> create_volume(const engine::VolumeCreate& req) override {
        std::lock_guard l(mu_);
        calls_.push_back("volume " + req.name);
        return engine::VolumeInfo{.name = req.name};
    }
    core::Status remove_volume(const std::string& name, bool) override {
        std::lock_guard l(mu_);
        if (std::find(volumes_in_use.begin(), volumes_in_use.end(), name) != volumes_in_use.end())
            return core::Error(core::Errc::conflict, "remove " + name + ": volume is in use");
        if (volumes.erase(name) == 0) return core::Error(core::Errc::not_found, "no such volume: " + name);
        calls_.push_back("remove volume " + name);
        return {};
    }

    core::Result<std::optional<engine::ImageInfo>> inspect_image(const std::string&) override { return unsupported("image"); }
    core::Result<std::vector<engine::ImageSummary>> list_images(const engine::ImageListOptions&) override {
        return unsupported("images");
    }
    core::Result<std::vector<engine::ImageDeleted>> remove_image(const std::string&, const engine::ImageRemoveOptions&) override {
        return unsupported("rmi");
    }
    core::Status tag_image(const std::string&, const std::string&, const std::string&) override { return unsupported("tag"); }
    core::Result<std::string> import_image(const engine::ImportOptions&, engine::BodySource, const engine::ProgressFn&) override {
        return unsupported("import");
    }
    core::Status pull_image(const std::string&, const engine::PullOptions&, const engine::ProgressFn&) override {
        return unsupported("pull");
    }
    core::Result<engine::BuildResult> build_image(const engine::BuildOptions&, engine::BodySource, const engine::ProgressFn&) override {
        return unsupported("build");
    }

    /// Registers the subscription, then delivers the events given to push_event (none unless a test pushes
    /// some: inspections carry the state) until cancelled.
    core::Status events(const engine::EventsOptions& opts, const engine::EventFn& on_event) override {
        if (opts.on_ready) opts.on_ready();
        while (opts.cancel == nullptr || !opts.cancel->load()) {
            std::vector<engine::Event> batch;
            {
                std::lock_guard l(mu_);
                batch.swap(pending_events_);
            }
            for (const auto& ev : batch)
                if (!on_event(ev)) return {};
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return core::Error(core::Errc::interrupted, "interrupted");
    }
    /// Queues a container event for the events stream (action such as "health_status: healthy", "die").
    void push_event(const std::string& id, const std::string& action, std::map<std::string, std::string> attributes = {}) {
        engine::Event ev;
        ev.type = "container";
        ev.action = action;
        ev.actor_id = id;
        ev.attributes = std::move(attributes);
        std::lock_guard l(mu_);
        pending_events_.push_back(std::move(ev));
    }

private:
    struct Container {
        std::string name;
        std::string service;
        bool running = false;
    };

    static core::Error unsupported(const char* what) {
        return core::Error(core::Errc::internal, std::string("the fake engine does not do ") + what);
    }
    core::Status record(const char* what, const std::string& id) {
        std::lock_guard l(mu_);
        auto it = containers_.find(id);
        calls_.push_back(std::string(what) + " " + (it == containers_.end() ? id : it->second.name));
        return {};
    }

    mutable std::mutex mu_;
    std::vector<std::string> calls_;
    std::map<std::string, Container> containers_;
    std::map<std::string, std::string> archives_;
    std::vector<engine::Event> pending_events_;
    engine::Endpoint endpoint_;
};

}  // namespace converge_test
