#include "stackctl/converge/execute.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "stackctl/converge/create_request.hpp"
#include "stackctl/converge/labels.hpp"
#include "stackctl/converge/watch.hpp"

namespace stackctl::converge {

using nlohmann::json;

namespace {

bool cancelled(const std::atomic<bool>* c) { return c != nullptr && c->load(); }

class Runner {
public:
    Runner(engine::Client& client, const DesiredState& d, const ObservedState& o, const Plan& p, const ProgressSink& progress,
           const ExecuteOptions& opts)
        : client_(client), d_(d), o_(o), plan_(p), progress_(progress), opts_(opts) {
        for (const auto& c : o.containers) containers_[c.service].push_back(c.id);
    }

    core::Result<ExecuteResult> run() {
        for (const auto& r : plan_.resources) {
            if (stopping()) return core::Error(core::Errc::interrupted, "interrupted");
            STACKCTL_TRY(r.action == Action::create_network ? create_network(r) : create_volume(r));
        }
        STACKCTL_TRY(check_external());
        for (const auto& o : plan_.orphans) STACKCTL_TRY(remove(o.name, o.container_id));
        // The one events subscription for every wait opens with the first wait; each wait subscribes before it
        // inspects the container, so no event is missed, and a plan without waits never subscribes.
        // services with nothing to ask the engine take no thread: a no-op `up` walks on this one
        const std::size_t workers = std::max<std::size_t>(1, std::min(opts_.workers, plan_.active_services()));
        auto s = graph::walk(plan_.graph, {.direction = graph::Direction::forward, .workers = workers, .cancel = opts_.cancel},
                             [&](const std::string& svc) {
                                 auto st = converge_service(svc);
                                 if (!st) failed_ = true;  // the services in progress stop too (their waits end)
                                 return st;
                             });
        if (!s) return std::move(s).error();
        if (opts_.wait && plan_.start) STACKCTL_TRY(wait_all());
        ExecuteResult r;
        std::lock_guard l(mu_);
        for (const auto& name : plan_.graph.nodes()) r.containers[name] = containers_[name];
        return r;
    }

    explicit Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

private:
    [[nodiscard]] bool stopping() const { return cancelled(opts_.cancel) || failed_.load(); }

    void emit(std::string_view kind, std::string_view name, std::string text, std::string detail = {}) {
        report(progress_, step_event(kind, name, std::move(text), std::move(detail)));
    }

    core::Status create_network(const Step& r) {
        json def = d_.networks.contains(r.key) ? d_.networks[r.key] : json::object();
        json body = {{"Name", r.name}, {"CheckDuplicate", true}};
        body["Driver"] = def.value("driver", "bridge");
        engine::Labels l;
        if (def.contains("labels") && def["labels"].is_object())
            for (const auto& [k, v] : def["labels"].items()) l[k] = v.is_string() ? v.get<std::string>() : v.dump();
        l[std::string(labels::kNetwork)] = r.key;
        l[std::string(labels::kProject)] = d_.project.name;
        l[std::string(labels::kVersion)] = "2.26.1";
        body["Labels"] = l;
        if (def.value("internal", false)) body["Internal"] = true;
        if (def.value("attachable", false)) body["Attachable"] = true;
        if (def.contains("enable_ipv6") && def["enable_ipv6"].is_boolean()) body["EnableIPv6"] = def["enable_ipv6"];
        if (def.contains("driver_opts") && def["driver_opts"].is_object()) {
            json opts = json::object();
            for (const auto& [k, v] : def["driver_opts"].items()) opts[k] = v.is_string() ? v.get<std::string>() : v.dump();
            body["Options"] = opts;
        }
        if (def.contains("ipam") && def["ipam"].is_object()) {
            const json& ipam = def["ipam"];
            json ei = json::object();
            if (ipam.contains("driver")) ei["Driver"] = ipam["driver"];
            if (ipam.contains("config") && ipam["config"].is_array()) {
                json cfgs = json::array();
                for (const auto& c : ipam["config"]) {
                    json ec = json::object();
                    if (c.contains("subnet")) ec["Subnet"] = c["subnet"];
                    if (c.contains("gateway")) ec["Gateway"] = c["gateway"];
                    if (c.contains("ip_range")) ec["IPRange"] = c["ip_range"];
                    if (c.contains("aux_addresses")) ec["AuxiliaryAddresses"] = c["aux_addresses"];
                    cfgs.push_back(ec);
                }
                ei["Config"] = cfgs;
            }
            if (!ei.empty()) body["IPAM"] = ei;
        }
        emit("Network", r.name, "Creating");
        auto res = client_.create_network(body);
        if (!res) {
            if (res.error().code == core::Errc::conflict) {
                emit("Network", r.name, "Warning",
                     fmt::format("a network named {} exists but was not created for project \"{}\"; using it", r.name,
                                 d_.project.name));
                return {};
            }
            emit("Network", r.name, "Error", res.error().message);
            core::Error err(res.error().code, fmt::format("cannot create network {}: {}", r.name, res.error().message));
            if (res.error().message.find("overlaps") != std::string::npos && body.contains("IPAM")) {
                std::string subnets;
                for (const auto& c : body["IPAM"].value("Config", json::array()))
                    if (c.contains("Subnet")) subnets += (subnets.empty() ? "" : ", ") + c["Subnet"].get<std::string>();
                err.note(fmt::format("another network on this engine already uses {} (see the engine's network list)",
                                     subnets.empty() ? std::string("the requested address range") : subnets));
            }
            return err;
        }
        emit("Network", r.name, "Created");
        return {};
    }

    core::Status create_volume(const Step& r) {
        json def = d_.volumes.contains(r.key) ? d_.volumes[r.key] : json::object();
        // a volume of that name without the project's label: used, never adopted or changed
        auto existing = client_.inspect_volume(r.name);
        if (existing) {
            emit("Volume", r.name, "Warning",
                 fmt::format("volume \"{}\" already exists but was not created for project \"{}\"; use `external: true` "
                             "to use an existing volume",
                             r.name, d_.project.name));
            return {};
        }
        engine::VolumeCreate vc;
        vc.name = r.name;
        vc.driver = def.value("driver", "");
        if (def.contains("driver_opts") && def["driver_opts"].is_object())
            for (const auto& [k, v] : def["driver_opts"].items()) vc.driver_opts[k] = v.is_string() ? v.get<std::string>() : v.dump();
        if (def.contains("labels") && def["labels"].is_object())
            for (const auto& [k, v] : def["labels"].items()) vc.labels[k] = v.is_string() ? v.get<std::string>() : v.dump();
        vc.labels[std::string(labels::kProject)] = d_.project.name;
        vc.labels[std::string(labels::kVolume)] = r.key;
        vc.labels[std::string(labels::kVersion)] = "2.26.1";
        emit("Volume", r.name, "Creating");
        auto res = client_.create_volume(vc);
        if (!res) {
            emit("Volume", r.name, "Error", res.error().message);
            return std::move(res).error();
        }
        emit("Volume", r.name, "Created");
        return {};
    }

    core::Status check_external() {
        std::set<std::string> nets;
        for (const auto& name : plan_.graph.nodes()) {
            const ServiceSpec* s = d_.service(name);
            if (s->config.contains("network_mode")) continue;
            for (const auto& k : service_networks(*s))
                if (d_.networks.contains(k) && d_.networks[k].value("external", false)) nets.insert(d_.network_name(k));
        }
        for (const auto& n : nets) {
            auto r = client_.inspect_network(n);
            if (!r) {
                if (r.error().code == core::Errc::not_found)
                    return core::Error(core::Errc::not_found,
                                       fmt::format("network {} declared as external, but could not be found", n));
                return std::move(r).error();
            }
        }
        return {};
    }

    core::Status stop(const std::string& name, const std::string& id) {
        emit("Container", name, "Stopping");
        engine::StopOptions so;
        so.timeout = opts_.timeout;
        auto s = client_.stop_container(id, so);
        if (!s && s.error().code != core::Errc::not_found) {
            emit("Container", name, "Error", s.error().message);
            return s;
        }
        emit("Container", name, "Stopped");
        return {};
    }

    core::Status remove(const std::string& name, const std::string& id) {
        STACKCTL_TRY(stop(name, id));
        emit("Container", name, "Removing");
        auto s = client_.remove_container(id, {.force = true, .volumes = false});
        if (!s && s.error().code != core::Errc::not_found) {
            emit("Container", name, "Error", s.error().message);
            return s;
        }
        emit("Container", name, "Removed");
        return {};
    }

    std::map<std::string, std::string> first_containers() {
        std::lock_guard l(mu_);
        std::map<std::string, std::string> out;
        for (const auto& [svc, ids] : containers_)
            if (!ids.empty()) out[svc] = ids.front();
        return out;
    }

    /// `temporary_name`: created under that name (a replacement made while the old container still exists).
    core::Result<std::string> create(const ServiceSpec& s, const Step& st, std::map<std::string, std::string> inherited = {},
                                     const std::string& temporary_name = {}) {
        CreateInputs in;
        if (!inherited.empty()) {
            // the image's VOLUMEs: their anonymous volumes are inherited too
            auto img = client_.inspect_image(s.image);
            if (img && *img && (*img)->raw.contains("Config") && (*img)->raw["Config"].is_object()) {
                const auto& vols = (*img)->raw["Config"].value("Volumes", nlohmann::json::object());
                if (vols.is_object())
                    for (const auto& [path, _] : vols.items()) in.image_volumes.insert(path);
            }
        }
        in.inherited_volumes = std::move(inherited);
        in.number = st.number;
        if (auto it = o_.image_ids.find(s.image); it != o_.image_ids.end()) in.image_id = it->second;
        in.service_containers = first_containers();
        auto req = create_request(d_, s, in);
        if (!req) return std::move(req).error();
        if (!temporary_name.empty()) req->create.name = temporary_name;
        auto created = client_.create_container(req->create);
        if (!created) {
            if (created.error().code == core::Errc::conflict) {
                return core::Error(core::Errc::conflict,
                                   fmt::format("container name \"{}\" is already in use by a container that is not part of "
                                               "project \"{}\"; remove or rename it",
                                               req->create.name, d_.project.name));
            }
            return std::move(created).error();
        }
        // A container left without its other networks or its secret files would look complete to the next
        // `up` (its config hash is right): one that cannot be finished is removed.
        auto finish = [&]() -> core::Status {
            for (auto& [net, nc] : req->connect) {
                nc.container = created->id;
                STACKCTL_TRY(client_.connect_network(net, nc));
            }
            if (!req->files.empty()) {
                auto tar = injected_files_tar(req->files);
                if (!tar) return std::move(tar).error();
                STACKCTL_TRY(client_.put_archive(created->id, "/", engine::BodySource::from_string(std::move(*tar))));
            }
            return {};
        };
        if (auto done = finish(); !done) {
            (void)client_.remove_container(created->id, {.force = true, .volumes = true, .despite_cancel = true});
            return std::move(done).error();
        }
        return created->id;
    }

    core::Status start(const std::string& name, const std::string& id) {
        emit("Container", name, "Starting");
        auto s = client_.start_container(id);
        if (!s) {
            emit("Container", name, "Error", s.error().message);
            return s;
        }
        emit("Container", name, "Started");
        return {};
    }

    core::Status wait_dependency(const Step& w) {
        std::vector<std::string> ids;
        {
            std::lock_guard l(mu_);
            ids = containers_[w.dependency];
        }
        if (w.condition == graph::Condition::started) return {};
        for (const auto& id : ids) {
            std::string name = container_display(w.dependency, id);
            emit("Container", name, "Waiting");
            if (w.satisfied) {  // seen healthy by observe and kept: no subscription, no inspect
                emit("Container", name, "Healthy");
                continue;
            }
            // no deadline: --wait-timeout is for the final --wait only, as the reference's
            auto s = watch_.wait(id, name, w.condition, std::nullopt);
            if (!s && failed_.load()) return s;  // another service failed: not this dependency's fault
            if (!s) {
                if (!w.required) {
                    emit("Container", name, "Warning",
                         fmt::format("optional dependency {} of {} failed: {}", w.dependency, w.service, s.error().message));
                    continue;
                }
                emit("Container", name, "Error", s.error().message);
                return s;
            }
            emit("Container", name, w.condition == graph::Condition::healthy ? "Healthy" : "Exited");
        }
        return {};
    }

    std::string container_display(const std::string& service, const std::string& id) {
        std::lock_guard l(mu_);
        auto it = names_.find(id);
        if (it != names_.end()) return it->second;
        for (const auto& c : o_.containers)
            if (c.id == id) return c.name;
        return service;
    }

    /// --wait-timeout counts from the start of the final wait (after every start), as the reference's.
    std::optional<std::chrono::steady_clock::time_point> wait_deadline() const {
        if (!opts_.wait_timeout) return std::nullopt;
        return std::chrono::steady_clock::now() + *opts_.wait_timeout;
    }

    core::Status converge_service(const std::string& svc) {
        const ServiceSpec& s = *d_.service(svc);
        const auto& steps = plan_.services.at(svc);
        // New containers are created before the dependency waits (the dependencies' containers exist by now)
        // and started after them, as the reference does: a health-gated chain then only waits for starts.
        std::map<std::size_t, std::string> created;
        if (plan_.start && std::any_of(steps.begin(), steps.end(), [&](const Step& st) { return needs_wait(st); })) {
            for (std::size_t i = 0; i < steps.size(); ++i) {
                if (steps[i].action != Action::create) continue;
                if (stopping()) return core::Error(core::Errc::interrupted, "interrupted");
                auto id = create_new(s, steps[i]);
                if (!id) return std::move(id).error();
                created[i] = *id;
            }
        }
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const Step& st = steps[i];
            if (stopping()) return core::Error(core::Errc::interrupted, "interrupted");
            switch (st.action) {
            case Action::wait:
                if (plan_.start) STACKCTL_TRY(wait_dependency(st));
                break;
            case Action::remove: STACKCTL_TRY(remove(st.name, st.container_id)); break;
            case Action::keep:
                ids.push_back(st.container_id);
                emit("Container", st.name, "Running");
                break;
            case Action::start:
                ids.push_back(st.container_id);
                if (plan_.start) STACKCTL_TRY(start(st.name, st.container_id));
                break;
            case Action::recreate: {
                emit("Container", st.name, "Recreate");
                // anonymous volumes of the old container are mounted again in the new one (not with -V)
                std::map<std::string, std::string> inherited;
                auto old = opts_.renew_anon_volumes ? std::nullopt : std::optional(client_.inspect_container(st.container_id));
                if (old && *old && (*old)->raw.contains("Mounts")) {
                    for (const auto& m : (*old)->raw["Mounts"]) {
                        if (m.value("Type", "") != "volume" || !m.contains("Name") || !m.contains("Destination")) continue;
                        inherited[m["Destination"].get<std::string>()] = m["Name"].get<std::string>();
                    }
                }
                // As the reference: the new container is made first, under "<old id>_<name>", so a failed
                // create leaves the old one in place; then the old one goes and the new one takes its name.
                auto id = create(s, st, std::move(inherited), st.container_id.substr(0, 12) + "_" + st.name);
                if (!id) {
                    emit("Container", st.name, "Error", id.error().message);
                    return std::move(id).error();
                }
                STACKCTL_TRY(stop(st.name, st.container_id));
                auto rm = client_.remove_container(st.container_id, {.force = true, .volumes = false});
                if (!rm && rm.error().code != core::Errc::not_found) return rm;
                if (auto rn = client_.rename_container(*id, st.name); !rn) {
                    emit("Container", st.name, "Error", rn.error().message);
                    return rn;
                }
                remember(st.name, *id);
                emit("Container", st.name, "Recreated");
                ids.push_back(*id);
                if (plan_.start) STACKCTL_TRY(start(st.name, *id));
                break;
            }
            case Action::create: {
                std::string id;
                if (auto it = created.find(i); it != created.end()) {
                    id = it->second;
                } else {
                    auto made = create_new(s, st);
                    if (!made) return std::move(made).error();
                    id = *made;
                }
                ids.push_back(id);
                if (plan_.start) STACKCTL_TRY(start(st.name, id));
                break;
            }
            case Action::create_network:
            case Action::create_volume: break;
            }
            // network_mode: service:x of a later service needs this one's id as soon as it exists
            std::lock_guard l(mu_);
            containers_[svc] = ids;
        }
        std::lock_guard l(mu_);
        containers_[svc] = ids;
        return {};
    }

    /// A wait that will ask the engine (service_started and already satisfied ones do not).
    static bool needs_wait(const Step& st) {
        return st.action == Action::wait && st.condition != graph::Condition::started && !st.satisfied;
    }

    core::Result<std::string> create_new(const ServiceSpec& s, const Step& st) {
        emit("Container", st.name, "Creating");
        auto id = create(s, st);
        if (!id) {
            emit("Container", st.name, "Error", id.error().message);
            return std::move(id).error();
        }
        remember(st.name, *id);
        emit("Container", st.name, "Created");
        return id;
    }

    void remember(const std::string& name, const std::string& id) {
        std::lock_guard l(mu_);
        names_[id] = name;
    }

    core::Status wait_all() {
        std::vector<std::pair<std::string, std::string>> all;
        {
            std::lock_guard l(mu_);
            for (const auto& svc : plan_.graph.nodes())
                for (const auto& id : containers_[svc]) all.emplace_back(svc, id);
        }
        // in parallel: every container is waited for at once on the one subscription
        const auto deadline = wait_deadline();
        std::vector<std::thread> threads;
        std::mutex emu;
        std::optional<core::Error> first;
        for (const auto& [svc, id] : all) {
            std::string name = container_display(svc, id);
            threads.emplace_back([this, name, id = id, &emu, &first, deadline] {
                emit("Container", name, "Waiting");
                auto r = watch_.wait_ready(id, name, deadline);
                if (!r) {
                    emit("Container", name, "Error", r.error().message);
                    std::lock_guard l(emu);
                    if (!first) first = std::move(r).error();
                    return;
                }
                emit("Container", name, *r);
            });
        }
        for (auto& t : threads) t.join();
        if (first) return std::move(*first);
        return {};
    }

    engine::Client& client_;
    const DesiredState& d_;
    const ObservedState& o_;
    const Plan& plan_;
    const ProgressSink& progress_;
    const ExecuteOptions& opts_;
    std::mutex mu_;
    std::map<std::string, std::vector<std::string>> containers_;
    std::map<std::string, std::string> names_;
    std::atomic<bool> failed_{false};  ///< a service failed: the others stop at their next step or wait
    ContainerWatch watch_{client_, d_.project.name, opts_.cancel, &failed_};
};

}  // namespace

core::Result<ExecuteResult> execute_up(engine::Client& client, const DesiredState& desired, const ObservedState& observed,
                                       const Plan& plan, const ProgressSink& progress, const ExecuteOptions& opts) {
    Runner r(client, desired, observed, plan, progress, opts);
    return r.run();
}

core::Status execute_down(engine::Client& client, const DownPlan& plan, const ProgressSink& progress,
                          const DownExecuteOptions& opts) {
    auto emit = [&](std::string_view kind, std::string_view name, std::string text, std::string detail = {}) {
        report(progress, step_event(kind, name, std::move(text), std::move(detail)));
    };
    auto remove_one = [&](const ObservedContainer& c) -> core::Status {
        if (c.state == "running" || c.state == "restarting" || c.state == "paused") {
            emit("Container", c.name, "Stopping");
            engine::StopOptions so;
            so.timeout = opts.timeout;
            auto s = client.stop_container(c.id, so);
            if (!s && s.error().code != core::Errc::not_found) {
                emit("Container", c.name, "Error", s.error().message);
                return s;
            }
            emit("Container", c.name, "Stopped");
        }
        emit("Container", c.name, "Removing");
        auto s = client.remove_container(c.id, {.force = true, .volumes = opts.volumes});
        if (!s && s.error().code != core::Errc::not_found) {
            emit("Container", c.name, "Error", s.error().message);
            return s;
        }
        emit("Container", c.name, "Removed");
        // The engine's v=1 spares an anonymous volume that a recreation passed to this container by name;
        // it is still this container's anonymous volume (plan_down kept only those), so it goes too, silently
        // as the engine's own do. Never one with labels of its own (other than the engine's anonymous
        // marker) or one another container uses (the engine refuses with 409); a failure here is a warning,
        // the container is gone already.
        for (const auto& m : opts.volumes ? c.anonymous_volumes : std::vector<AnonymousMount>{}) {
            if (m.image_volume) {
                auto img = client.inspect_image(c.image_id.empty() ? c.image : c.image_id);
                const bool declared = img && *img && (*img)->raw.contains("Config") && (*img)->raw["Config"].is_object() &&
                                      (*img)->raw["Config"].value("Volumes", nlohmann::json::object()).contains(m.target);
                if (!declared) continue;
            }
            auto info = client.inspect_volume(m.name);
            if (!info) {
                if (info.error().code != core::Errc::not_found) emit("Volume", m.name, "Warning", info.error().message);
                continue;
            }
            const bool unlabelled = std::all_of(info->labels.begin(), info->labels.end(),
                                                [](const auto& l) { return l.first == "com.docker.volume.anonymous"; });
            if (!unlabelled) continue;
            auto rv = client.remove_volume(m.name, false);
            if (!rv && rv.error().code != core::Errc::not_found && rv.error().code != core::Errc::conflict)
                emit("Volume", m.name, "Warning", rv.error().message);
        }
        return {};
    };
    for (const auto& o : plan.orphans) STACKCTL_TRY(remove_one(o));
    // only the services that have containers; the graph keeps their order
    std::vector<std::string> present;
    for (const auto& [svc, _] : plan.containers) present.push_back(svc);
    graph::Graph g = plan.graph.subgraph(present);
    for (const auto& svc : present) g.add_node(svc);
    auto walked = graph::walk(g, {.direction = graph::Direction::reverse, .workers = opts.workers, .cancel = opts.cancel},
                              [&](const std::string& svc) -> core::Status {
                                  auto it = plan.containers.find(svc);
                                  if (it == plan.containers.end()) return {};
                                  for (const auto& c : it->second) STACKCTL_TRY(remove_one(c));
                                  return {};
                              });
    if (!walked) return walked;
    for (const auto& n : plan.networks) {
        emit("Network", n, "Removing");
        auto s = client.remove_network(n);
        if (!s && s.error().code != core::Errc::not_found) {
            emit("Network", n, "Error", s.error().message);
            return s;
        }
        emit("Network", n, "Removed");
    }
    for (const auto& v : plan.volumes) {
        emit("Volume", v, "Removing");
        auto s = client.remove_volume(v, false);
        if (!s && s.error().code != core::Errc::not_found) {
            emit("Volume", v, "Error", s.error().message);
            return s;
        }
        emit("Volume", v, "Removed");
    }
    return {};
}

}  // namespace stackctl::converge
