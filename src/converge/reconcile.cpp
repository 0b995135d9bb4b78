#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <set>

#include "stackctl/converge/create_request.hpp"
#include "stackctl/converge/labels.hpp"
#include "stackctl/converge/plan.hpp"

namespace stackctl::converge {

using nlohmann::json;

bool ObservedState::has_network(const std::string& name) const {
    return std::any_of(networks.begin(), networks.end(), [&](const auto& n) { return n.name == name; });
}
bool ObservedState::has_volume(const std::string& name) const {
    return std::any_of(volumes.begin(), volumes.end(), [&](const auto& v) { return v.name == name; });
}

namespace {

std::string label(const engine::Labels& l, std::string_view key) {
    auto it = l.find(std::string(key));
    return it == l.end() ? std::string() : it->second;
}

engine::Filters project_filter(const std::string& project) {
    engine::Filters f;
    f["label"].push_back(fmt::format("{}={}", labels::kProject, project));
    return f;
}

/// The volume mounts of a listed container whose names the engine made up (64 hex digits).
std::vector<AnonymousMount> engine_named_volumes(const nlohmann::json& raw) {
    std::vector<AnonymousMount> out;
    const auto mounts = raw.find("Mounts");
    if (mounts == raw.end() || !mounts->is_array()) return out;
    for (const auto& m : *mounts) {
        if (!m.is_object() || m.value("Type", "") != "volume") continue;
        std::string name = m.value("Name", "");
        const bool hex = name.size() == 64 && std::all_of(name.begin(), name.end(), [](char ch) {
            return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
        });
        if (hex) out.push_back({.name = std::move(name), .target = m.value("Destination", "")});
    }
    return out;
}

}  // namespace

std::string health_from_status(std::string_view status) {
    if (status.find("(healthy)") != std::string_view::npos) return "healthy";
    if (status.find("(unhealthy)") != std::string_view::npos) return "unhealthy";
    if (status.find("(health: starting)") != std::string_view::npos) return "starting";
    return {};
}

bool already_satisfied(const Plan& plan, const ObservedState& observed, const std::string& dependency,
                       graph::Condition condition) {
    if (condition != graph::Condition::healthy) return false;
    // nothing may happen to the dependency's containers in this plan...
    if (auto it = plan.services.find(dependency); it != plan.services.end())
        for (const auto& st : it->second)
            if (st.action != Action::keep && st.action != Action::wait) return false;
    // ...and every one of them runs and is healthy
    bool any = false;
    for (const auto& c : observed.containers) {
        if (c.service != dependency) continue;
        if (c.state != "running" || c.health != "healthy") return false;
        any = true;
    }
    return any;
}

core::Result<ObservedState> observe(engine::Client& client, const std::string& project, const std::vector<std::string>& images) {
    // The engine answers these independently: all at once, so a no-op `up` costs one round trip, not five.
    engine::ContainerListOptions lo;
    lo.all = true;
    lo.filters = project_filter(project);
    auto cs_job = std::async(std::launch::async, [&] { return client.list_containers(lo); });
    auto nets_job = std::async(std::launch::async, [&] { return client.list_networks(project_filter(project)); });
    auto vols_job = std::async(std::launch::async, [&] { return client.list_volumes(project_filter(project)); });
    std::set<std::string> refs(images.begin(), images.end());
    std::vector<std::pair<std::string, std::future<core::Result<std::optional<engine::ImageInfo>>>>> img_jobs;
    for (const auto& ref : refs)
        img_jobs.emplace_back(ref, std::async(std::launch::async, [&client, &ref] { return client.inspect_image(ref); }));
    auto cs = cs_job.get();
    auto nets = nets_job.get();
    auto vols = vols_job.get();
    std::vector<std::pair<std::string, core::Result<std::optional<engine::ImageInfo>>>> imgs;
    for (auto& [ref, job] : img_jobs) imgs.emplace_back(ref, job.get());

    ObservedState o;
    if (!cs) return std::move(cs).error();
    for (const auto& c : *cs) {
        if (label(c.labels, labels::kProject) != project) continue;
        ObservedContainer oc;
        oc.id = c.id;
        oc.name = c.name();
        oc.service = label(c.labels, labels::kService);
        try {
            oc.number = std::stoi(label(c.labels, labels::kContainerNumber));
        } catch (...) {
            oc.number = 0;
        }
        oc.state = c.state;
        oc.config_hash = label(c.labels, labels::kConfigHash);
        oc.image_id = label(c.labels, labels::kImage);
        oc.image = c.image;
        oc.health = health_from_status(c.status);
        oc.oneoff = label(c.labels, labels::kOneoff) == "True";
        oc.labels = c.labels;
        oc.anonymous_volumes = engine_named_volumes(c.raw);
        if (oc.oneoff) continue;
        o.containers.push_back(std::move(oc));
    }
    std::sort(o.containers.begin(), o.containers.end(), [](const auto& a, const auto& b) {
        return a.service != b.service ? a.service < b.service : a.number < b.number;
    });
    if (!nets) return std::move(nets).error();
    for (auto& n : *nets)
        if (label(n.labels, labels::kProject) == project) o.networks.push_back(std::move(n));
    if (!vols) return std::move(vols).error();
    for (auto& v : *vols)
        if (label(v.labels, labels::kProject) == project) o.volumes.push_back(std::move(v));
    for (auto& [ref, img] : imgs) {
        if (!img) return std::move(img).error();
        if (img->has_value()) o.image_ids[ref] = (*img)->id;
    }
    return o;
}

const char* action_name(Action a) {
    switch (a) {
    case Action::create_network:
    case Action::create_volume:
    case Action::create: return "create";
    case Action::recreate: return "recreate";
    case Action::start: return "start";
    case Action::keep: return "keep";
    case Action::remove: return "remove";
    case Action::wait: return "wait";
    }
    return "?";
}

bool Plan::changes() const {
    if (!resources.empty() || !orphans.empty()) return true;
    for (const auto& [_, steps] : services)
        for (const auto& s : steps)
            if (s.action != Action::keep && s.action != Action::wait) return true;
    return false;
}

std::size_t Plan::active_services() const {
    std::size_t n = 0;
    for (const auto& [_, steps] : services) {
        bool active = std::any_of(steps.begin(), steps.end(), [&](const Step& s) {
            if (s.action == Action::keep) return false;
            if (s.action == Action::wait) return start && s.condition != graph::Condition::started && !s.satisfied;
            return true;
        });
        if (active) ++n;
    }
    return n;
}

std::string Plan::to_string() const {
    std::string out;
    for (const auto& r : resources)
        out += fmt::format("{} {}: create ({})\n", r.action == Action::create_network ? "network" : "volume", r.name, r.reason);
    for (const auto& o : orphans) out += fmt::format("container {}: remove ({})\n", o.name, o.reason);
    for (const auto& name : graph.order()) {
        auto it = services.find(name);
        if (it == services.end()) continue;
        out += fmt::format("service {}\n", name);
        for (const auto& s : it->second) {
            if (s.action == Action::wait) {
                out += fmt::format("  wait {}: {}{}{}\n", s.dependency, graph::condition_name(s.condition),
                                   s.required ? "" : " (not required)", s.satisfied ? " (already healthy)" : "");
            } else {
                out += fmt::format("  container {}: {}{} ({})\n", s.name, action_name(s.action),
                                   (!start && (s.action == Action::create || s.action == Action::recreate)) ? " (no start)" : "",
                                   s.reason);
            }
        }
    }
    for (const auto& o : orphans_left) out += fmt::format("container {}: orphan, kept (use --remove-orphans)\n", o);
    return out;
}

core::Result<Plan> reconcile(const DesiredState& desired, const ObservedState& observed, const UpOptions& opts) {
    Plan plan;
    plan.start = !opts.no_start;
    for (const auto& s : opts.services)
        if (desired.service(s) == nullptr) return core::Error(core::Errc::not_found, fmt::format("no such service: {}", s));
    for (const auto& [s, _] : opts.scale)
        if (desired.service(s) == nullptr) return core::Error(core::Errc::not_found, fmt::format("no such service: {}", s));
    std::vector<std::string> scope;
    if (opts.services.empty()) scope = desired.graph.nodes();
    else if (opts.no_deps) scope = opts.services;
    else scope = desired.graph.with_dependencies(opts.services);
    plan.graph = desired.graph.subgraph(scope);

    // networks and volumes the services in scope use
    std::set<std::string> net_keys, vol_keys;
    for (const auto& name : scope) {
        const ServiceSpec* s = desired.service(name);
        if (!s->config.contains("network_mode"))
            for (const auto& k : service_networks(*s)) net_keys.insert(k);
        if (auto v = s->config.find("volumes"); v != s->config.end() && v->is_array())
            for (const auto& m : *v)
                if (m.value("type", "") == "volume" && m.contains("source")) vol_keys.insert(m["source"].get<std::string>());
    }
    for (const auto& k : net_keys) {
        const json& def = desired.networks.contains(k) ? desired.networks[k] : json::object();
        if (def.value("external", false)) continue;
        std::string name = desired.network_name(k);
        if (observed.has_network(name)) continue;
        plan.resources.push_back(Step{.action = Action::create_network, .name = name, .reason = "not found", .key = k});
    }
    for (const auto& k : vol_keys) {
        const json& def = desired.volumes.contains(k) ? desired.volumes[k] : json::object();
        if (def.value("external", false)) continue;
        std::string name = desired.volume_name(k);
        if (observed.has_volume(name)) continue;
        plan.resources.push_back(Step{.action = Action::create_volume, .name = name, .reason = "not found", .key = k});
    }

    // orphans: containers of services the model does not have
    for (const auto& c : observed.containers) {
        if (desired.service(c.service) != nullptr) continue;
        if (opts.remove_orphans)
            plan.orphans.push_back(Step{.action = Action::remove, .service = c.service, .number = c.number, .name = c.name,
                                        .container_id = c.id, .reason = "orphan"});
        else
            plan.orphans_left.push_back(c.name);
    }

    std::set<std::string> recreated;
    const std::set<std::string> selected(opts.services.begin(), opts.services.end());
    for (const auto& name : plan.graph.order()) {
        const ServiceSpec& s = *desired.service(name);
        std::vector<Step>& steps = plan.services[name];
        for (const auto& e : plan.graph.dependencies(name)) {
            // the dependency comes earlier in the order: its steps are planned
            steps.push_back(Step{.action = Action::wait, .service = name, .dependency = e.to, .condition = e.condition,
                                 .required = e.required,
                                 .satisfied = already_satisfied(plan, observed, e.to, e.condition)});
        }
        int replicas = s.replicas;
        if (auto it = opts.scale.find(name); it != opts.scale.end()) replicas = it->second;
        // as the reference: --force-recreate applies to the selected services, the dependencies outside the
        // selection have their own policy
        const RecreatePolicy policy =
            !selected.empty() && selected.count(name) == 0 ? opts.recreate_dependencies : opts.recreate;
        std::string dep_recreated;
        for (const auto& e : plan.graph.dependencies(name))
            if (recreated.count(e.to) != 0) dep_recreated = e.to;
        auto img = observed.image_ids.find(s.image);
        std::string image_id = img == observed.image_ids.end() ? std::string() : img->second;

        std::vector<const ObservedContainer*> mine;
        for (const auto& c : observed.containers)
            if (c.service == name) mine.push_back(&c);
        std::set<int> seen;
        for (const ObservedContainer* c : mine) {
            Step st{.service = name, .number = c->number, .name = c->name, .container_id = c->id};
            if (c->number < 1 || c->number > replicas || !seen.insert(c->number).second) {
                st.action = Action::remove;
                st.reason = "scaled down";
                steps.push_back(st);
                continue;
            }
            std::string why;
            if (policy == RecreatePolicy::force) why = "forced";
            else if (policy == RecreatePolicy::diverged) {
                if (c->config_hash != s.hash) why = "config hash changed";
                else if (!image_id.empty() && c->image_id != image_id) why = "image changed";
                else if (!dep_recreated.empty()) why = fmt::format("dependency {} recreated", dep_recreated);
            }
            if (!why.empty()) {
                st.action = Action::recreate;
                st.reason = why;
                recreated.insert(name);
            } else if (c->state == "running" || opts.no_start) {
                st.action = Action::keep;
                st.reason = c->state == "running" ? "running" : c->state;
            } else {
                st.action = Action::start;
                st.reason = c->state;
            }
            steps.push_back(st);
        }
        for (int n = 1; n <= replicas; ++n) {
            if (seen.count(n) != 0) continue;
            steps.push_back(Step{.action = Action::create, .service = name, .number = n,
                                 .name = container_name(desired, s, n), .reason = "not found"});
        }
        // removals first, then replicas in number order
        std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
            auto rank = [](const Step& x) { return x.action == Action::wait ? 0 : x.action == Action::remove ? 1 : 2; };
            if (rank(a) != rank(b)) return rank(a) < rank(b);
            return rank(a) == 2 && a.number < b.number;
        });
    }
    return plan;
}

std::string DownPlan::to_string() const {
    std::string out;
    for (const auto& o : orphans) out += fmt::format("container {}: remove (orphan)\n", o.name);
    auto order = graph.order();
    std::reverse(order.begin(), order.end());
    for (const auto& name : order) {
        auto it = containers.find(name);
        if (it == containers.end()) continue;
        for (const auto& c : it->second) {
            out += fmt::format("container {}: stop, remove", c.name);
            for (const auto& v : c.anonymous_volumes)
                out += fmt::format(", anonymous volume {} (when unused)", v.name.substr(0, 12));
            out += '\n';
        }
    }
    for (const auto& n : networks) out += fmt::format("network {}: remove\n", n);
    for (const auto& v : volumes) out += fmt::format("volume {}: remove\n", v);
    for (const auto& o : orphans_left) out += fmt::format("container {}: orphan, kept (use --remove-orphans)\n", o);
    return out;
}

DownPlan plan_down(const DesiredState& desired, const ObservedState& observed, const DownOptions& opts) {
    DownPlan p;
    p.graph = desired.graph;
    std::set<std::string> declared;
    for (const auto& [key, def] : desired.volumes.items()) declared.insert(desired.volume_name(key));
    for (ObservedContainer c : observed.containers) {
        // An engine-named volume is this container's anonymous one when the service declares an anonymous
        // volume at its target, or declares nothing there (then the image's VOLUME must, checked when
        // removing). A volume declared with a source (an external one may have any name) never is; nor is
        // anything of an orphan or of a project known only by its labels.
        const ServiceSpec* svc = desired.service(c.service);
        if (!opts.volumes || !opts.model || svc == nullptr) c.anonymous_volumes.clear();
        std::erase_if(c.anonymous_volumes, [&](AnonymousMount& m) {
            if (declared.count(m.name) != 0) return true;
            const json& vols = svc->config.value("volumes", json::array());
            for (const auto& v : vols) {
                if (!v.is_object() || v.value("target", "") != m.target) continue;
                return v.value("type", "volume") != "volume" || !v.value("source", "").empty();
            }
            m.image_volume = true;
            return false;
        });
        if (svc != nullptr) {
            p.containers[c.service].push_back(std::move(c));
        } else if (opts.remove_orphans) {
            p.orphans.push_back(std::move(c));
        } else {
            p.orphans_left.push_back(c.name);
        }
    }
    // networks: the declared, non-external ones that exist with the project's label
    for (const auto& [key, def] : desired.networks.items()) {
        if (def.value("external", false)) continue;
        std::string name = desired.network_name(key);
        if (observed.has_network(name)) p.networks.push_back(name);
    }
    if (opts.volumes) {
        for (const auto& [key, def] : desired.volumes.items()) {
            if (def.value("external", false)) continue;
            std::string name = desired.volume_name(key);
            if (observed.has_volume(name)) p.volumes.push_back(name);
        }
    }
    return p;
}

DesiredState desired_from_labels(const std::string& project, const ObservedState& observed) {
    DesiredState d;
    d.project.name = project;
    nlohmann::json services = nlohmann::json::object();
    for (const auto& c : observed.containers) {
        if (c.oneoff || services.contains(c.service)) continue;
        nlohmann::json svc = nlohmann::json::object();
        std::string deps = label(c.labels, labels::kDependsOn);
        nlohmann::json depends = nlohmann::json::object();
        std::size_t pos = 0;
        while (!deps.empty() && pos <= deps.size()) {
            std::size_t comma = deps.find(',', pos);
            std::string item = deps.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            pos = comma == std::string::npos ? deps.size() + 1 : comma + 1;
            std::string dep = item.substr(0, item.find(':'));
            if (dep.empty()) continue;
            depends[dep] = {{"condition", "service_started"}, {"required", true}};
        }
        if (!depends.empty()) svc["depends_on"] = depends;
        if (!c.image.empty() && c.image != project + "-" + c.service) svc["image"] = c.image;
        services[c.service] = svc;
    }
    d.graph = service_graph(services);
    // A dependency whose containers are gone is no node; walking the graph in reverse still works without it.
    for (const auto& name : d.graph.order()) {
        if (!services.contains(name)) continue;
        ServiceSpec s;
        s.name = name;
        s.config = services[name];
        s.image = s.config.value("image", project + "-" + name);
        d.services.push_back(std::move(s));
    }
    for (const auto& n : observed.networks) {
        std::string key = label(n.labels, labels::kNetwork);
        d.networks[key.empty() ? n.name : key] = {{"name", n.name}};
    }
    for (const auto& v : observed.volumes) {
        std::string key = label(v.labels, labels::kVolume);
        d.volumes[key.empty() ? v.name : key] = {{"name", v.name}};
    }
    return d;
}

}  // namespace stackctl::converge
