#include "stackctl/load/project_checks.hpp"

#include "load/stage_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace stackctl::load {

using core::Errc;
using core::Error;

namespace {

const Node* services_of(const Node& project) {
    const Node* s = project.find("services");
    return s != nullptr && s->is_map() ? s : nullptr;
}

std::string str_of(const Node* n) { return n != nullptr && n->is_scalar() && !n->is_null() ? n->text : std::string(); }

// Every problem of the pass is collected; the first becomes the error, the rest its `more`.
struct Collector : detail::Errors {
    void add(Errc code, std::string msg, const core::SourceLoc& loc, std::string path) {
        detail::Errors::add(Error(code, std::move(msg), loc, std::move(path)));
    }
    using detail::Errors::add;
};

std::set<std::string> top_level_keys(const Node& project, std::string_view section) {
    std::set<std::string> keys;
    if (const Node* s = project.find(section); s != nullptr && s->is_map())
        for (const auto& e : s->entries) keys.insert(e.key);
    return keys;
}

double number_of(const Node* n, bool& ok) {
    ok = n != nullptr && (n->is_number() || n->is_string());
    if (!ok) return 0;
    if (n->is_number()) return n->float_value;
    char* end = nullptr;
    double d = std::strtod(n->text.c_str(), &end);
    ok = end != nullptr && *end == '\0' && !n->text.empty();
    return d;
}

void check_same(Collector& c, const std::string& svc, const Node& service, const char* a, const Node* b_node,
                const char* b_path) {
    const Node* a_node = service.find(a);
    if (a_node == nullptr || b_node == nullptr || a_node->is_null() || b_node->is_null()) return;
    bool oka = false;
    bool okb = false;
    const double x = number_of(a_node, oka);
    const double y = number_of(b_node, okb);
    const bool same = (oka && okb) ? x == y : a_node->text == b_node->text;
    if (!same) {
        c.add(Errc::validate,
              fmt::format("service \"{}\": {} ({}) and {} ({}) must not differ", svc, a, a_node->text, b_path, b_node->text),
              a_node->loc, fmt::format("services.{}.{}", svc, a));
    }
}

}  // namespace

bool service_enabled(const Node& service, const std::vector<std::string>& active) {
    const Node* profiles = service.find("profiles");
    if (profiles == nullptr || !profiles->is_seq() || profiles->items.empty()) return true;
    for (const auto& a : active) {
        if (a == "*") return true;
        for (const auto& p : profiles->items)
            if (p.text == a) return true;
    }
    return false;
}

std::vector<std::string> apply_profiles(Node& project, const std::vector<std::string>& active) {
    std::vector<std::string> disabled;
    Node* services = project.find("services");
    if (services == nullptr || !services->is_map()) return disabled;
    auto& entries = services->entries;
    auto keep = std::stable_partition(entries.begin(), entries.end(), [&](const MapEntry& e) {
        return service_enabled(e.value, active);
    });
    for (auto it = keep; it != entries.end(); ++it) disabled.push_back(it->key);
    entries.erase(keep, entries.end());
    return disabled;
}

core::Status enable_named_services(const Node& project, const std::vector<std::string>& names,
                                   std::vector<std::string>& active) {
    const Node* services = services_of(project);
    for (const auto& name : names) {
        const Node* svc = services != nullptr ? services->find(name) : nullptr;
        if (svc == nullptr) return Error(Errc::not_found, fmt::format("no such service: {}", name));
        if (const Node* profiles = svc->find("profiles"); profiles != nullptr && profiles->is_seq()) {
            for (const auto& p : profiles->items)
                if (std::find(active.begin(), active.end(), p.text) == active.end()) active.push_back(p.text);
        }
    }
    return {};
}

core::Status check_consistency(const Node& project, const std::vector<std::string>& disabled) {
    Collector c;
    const Node* services = services_of(project);
    if (services == nullptr) return {};
    const auto networks = top_level_keys(project, "networks");
    const auto volumes = top_level_keys(project, "volumes");
    const auto secrets = top_level_keys(project, "secrets");
    const auto configs = top_level_keys(project, "configs");
    std::unordered_set<std::string_view> defined;
    for (const auto& e : services->entries) defined.insert(e.key);
    const std::unordered_set<std::string> off(disabled.begin(), disabled.end());
    std::map<std::string, std::string> container_names;  // name -> service

    for (const auto& entry : services->entries) {
        const std::string& name = entry.key;
        const Node& svc = entry.value;
        const std::string base = "services." + name;
        if (!svc.is_map()) continue;

        const Node* build = svc.find("build");
        if (svc.find("image") == nullptr && (build == nullptr || build->is_null())) {
            c.add(Errc::validate, fmt::format("service \"{}\" has neither an image nor a build context specified", name),
                  entry.key_loc, base);
        }
        if (build != nullptr && build->is_map()) {
            if (build->find("dockerfile") != nullptr && build->find("dockerfile_inline") != nullptr &&
                !build->find("dockerfile_inline")->is_null() && build->find("dockerfile")->text != "Dockerfile") {
                c.add(Errc::validate, fmt::format("service \"{}\": build.dockerfile and build.dockerfile_inline are mutually exclusive", name),
                      build->loc, base + ".build");
            }
            const Node* platforms = build->find("platforms");
            const Node* platform = svc.find("platform");
            if (platform != nullptr && platforms != nullptr && platforms->is_seq() && !platforms->items.empty()) {
                bool found = false;
                for (const auto& p : platforms->items) found = found || p.text == platform->text;
                if (!found) {
                    c.add(Errc::validate,
                          fmt::format("service \"{}\": platform \"{}\" is not in build.platforms", name, platform->text),
                          platform->loc, base + ".platform");
                }
            }
            if (const Node* bs = build->find("secrets"); bs != nullptr && bs->is_seq()) {
                for (std::size_t i = 0; i < bs->items.size(); ++i) {
                    const std::string src = str_of(bs->items[i].find("source"));
                    if (!src.empty() && secrets.count(src) == 0) {
                        c.add(Errc::validate, fmt::format("service \"{}\" refers to undefined build secret {}", name, src),
                              bs->items[i].loc, fmt::format("{}.build.secrets[{}]", base, i));
                    }
                }
            }
        }

        const Node* svc_networks = svc.find("networks");
        const Node* network_mode = svc.find("network_mode");
        if (network_mode != nullptr && !network_mode->is_null() && svc_networks != nullptr &&
            svc_networks->is_map() && !svc_networks->entries.empty()) {
            c.add(Errc::validate,
                  fmt::format("service \"{}\" declares mutually exclusive network_mode and networks", name),
                  network_mode->loc, base + ".network_mode");
        }
        if (svc_networks != nullptr && svc_networks->is_map()) {
            for (const auto& n : svc_networks->entries) {
                if (networks.count(n.key) == 0) {
                    c.add(Errc::validate, fmt::format("service \"{}\" refers to undefined network {}", name, n.key),
                          n.key_loc, base + ".networks." + n.key);
                }
            }
        }
        if (const Node* vols = svc.find("volumes"); vols != nullptr && vols->is_seq()) {
            for (std::size_t i = 0; i < vols->items.size(); ++i) {
                const Node& v = vols->items[i];
                if (str_of(v.find("type")) != "volume") continue;
                const std::string src = str_of(v.find("source"));
                if (!src.empty() && volumes.count(src) == 0) {
                    c.add(Errc::validate, fmt::format("service \"{}\" refers to undefined volume {}", name, src), v.loc,
                          fmt::format("{}.volumes[{}]", base, i));
                }
            }
        }
        auto check_refs = [&](const char* key, const std::set<std::string>& defined_set, const char* what) {
            const Node* refs = svc.find(key);
            if (refs == nullptr || !refs->is_seq()) return;
            for (std::size_t i = 0; i < refs->items.size(); ++i) {
                const std::string src = str_of(refs->items[i].find("source"));
                if (!src.empty() && defined_set.count(src) == 0) {
                    c.add(Errc::validate, fmt::format("service \"{}\" refers to undefined {} {}", name, what, src),
                          refs->items[i].loc, fmt::format("{}.{}[{}]", base, key, i));
                }
            }
        };
        check_refs("secrets", secrets, "secret");
        check_refs("configs", configs, "config");

        if (const Node* hc = svc.find("healthcheck"); hc != nullptr && hc->is_map()) {
            if (const Node* test = hc->find("test"); test != nullptr && test->is_seq() && !test->items.empty()) {
                const std::string& first = test->items[0].text;
                if (first != "CMD" && first != "CMD-SHELL" && first != "NONE") {
                    c.add(Errc::validate,
                          fmt::format("service \"{}\": healthcheck.test must start with CMD, CMD-SHELL or NONE, not \"{}\"",
                                      name, first),
                          test->items[0].loc, base + ".healthcheck.test[0]");
                }
            }
        }

        if (const Node* deps = svc.find("depends_on"); deps != nullptr && deps->is_map()) {
            for (const auto& d : deps->entries) {
                if (defined.count(d.key) != 0) continue;
                const Node* required = d.value.find("required");
                if (required != nullptr && required->kind == Kind::boolean && !required->as_bool()) continue;
                Error e(Errc::validate, fmt::format("service \"{}\" depends on undefined service \"{}\"", name, d.key),
                        d.key_loc, base + ".depends_on." + d.key);
                if (off.count(d.key) != 0) {
                    e.note(fmt::format("service \"{}\" exists but its profiles are not active; enable one with --profile "
                                       "or COMPOSE_PROFILES, or mark the dependency `required: false`",
                                       d.key));
                }
                c.add(std::move(e));
            }
        }

        // scale / deploy.replicas and the resource shorthands must agree with their deploy forms.
        const Node* deploy = svc.find("deploy");
        if (deploy != nullptr && deploy->is_map()) {
            check_same(c, name, svc, "scale", deploy->find("replicas"), "deploy.replicas");
            if (const Node* res = deploy->find("resources"); res != nullptr && res->is_map()) {
                if (const Node* lim = res->find("limits"); lim != nullptr && lim->is_map()) {
                    check_same(c, name, svc, "cpus", lim->find("cpus"), "deploy.resources.limits.cpus");
                    check_same(c, name, svc, "mem_limit", lim->find("memory"), "deploy.resources.limits.memory");
                    check_same(c, name, svc, "pids_limit", lim->find("pids"), "deploy.resources.limits.pids");
                }
                if (const Node* rsv = res->find("reservations"); rsv != nullptr && rsv->is_map()) {
                    check_same(c, name, svc, "mem_reservation", rsv->find("memory"),
                               "deploy.resources.reservations.memory");
                }
            }
        }

        if (const Node* cn = svc.find("container_name"); cn != nullptr && cn->is_string()) {
            auto [it, fresh] = container_names.emplace(cn->text, name);
            if (!fresh) {
                c.add(Errc::validate,
                      fmt::format("services \"{}\" and \"{}\" have the same container_name \"{}\"", it->second, name,
                                  cn->text),
                      cn->loc, base + ".container_name");
            }
            const Node* scale = svc.find("scale");
            const Node* replicas = deploy != nullptr && deploy->is_map() ? deploy->find("replicas") : nullptr;
            const Node* n = scale != nullptr ? scale : replicas;
            if (n != nullptr && n->kind == Kind::integer && n->int_value > 1) {
                c.add(Errc::validate,
                      fmt::format("service \"{}\" sets container_name \"{}\" and runs {} replicas; a container name must "
                                  "be unique",
                                  name, cn->text, n->int_value),
                      cn->loc, base + ".container_name");
            }
        }
    }

    // A secret must say where its value comes from, unless it is external.
    if (const Node* top = project.find("secrets"); top != nullptr && top->is_map()) {
        for (const auto& e : top->entries) {
            const Node* ext = e.value.find("external");
            if (ext != nullptr && ext->as_bool()) continue;
            if (e.value.find("file") == nullptr && e.value.find("environment") == nullptr) {
                c.add(Errc::validate, fmt::format("secret \"{}\" must declare either `file` or `environment`", e.key),
                      e.key_loc, "secrets." + e.key);
            }
        }
    }

    // Dependency cycles (depends_on, including what normalisation implied from links etc.).
    if (c.empty()) {
        std::unordered_map<std::string_view, int> state;  // 0 new, 1 on stack, 2 done
        std::unordered_map<std::string_view, const MapEntry*> index;
        for (const auto& e : services->entries) index[e.key] = &e;
        for (const auto& start : services->entries) {
            if (state[start.key] != 0) continue;
            // Iterative DFS keeping the path for the message.
            std::vector<std::pair<const MapEntry*, std::size_t>> stack{{&start, 0}};
            state[start.key] = 1;
            while (!stack.empty()) {
                auto& [svc, next] = stack.back();
                const Node* deps = svc->value.find("depends_on");
                if (deps == nullptr || !deps->is_map() || next >= deps->entries.size()) {
                    state[svc->key] = 2;
                    stack.pop_back();
                    continue;
                }
                const MapEntry& dep = deps->entries[next++];
                auto target = index.find(dep.key);
                if (target == index.end()) continue;
                int& st = state[dep.key];
                if (st == 1) {
                    std::string chain;
                    bool in_cycle = false;
                    for (const auto& [s, _] : stack) {
                        in_cycle = in_cycle || s->key == dep.key;
                        if (in_cycle) chain += s->key + " -> ";
                    }
                    chain += dep.key;
                    return Error(Errc::cycle, fmt::format("dependency cycle between services: {}", chain), dep.key_loc,
                                 "services." + svc->key + ".depends_on." + dep.key);
                }
                if (st == 0) {
                    st = 1;
                    stack.emplace_back(target->second, 0);
                }
            }
        }
    }
    return c.finish();
}

core::Status select_services(Node& project, const std::vector<std::string>& names) {
    Node* services = project.find("services");
    if (services == nullptr || !services->is_map()) {
        if (!names.empty()) return Error(Errc::not_found, fmt::format("no such service: {}", names.front()));
        return {};
    }
    std::unordered_map<std::string_view, const Node*> index;
    for (const auto& e : services->entries) index[e.key] = &e.value;
    std::unordered_set<std::string> keep;
    std::vector<std::string> work(names.begin(), names.end());
    while (!work.empty()) {
        std::string name = std::move(work.back());
        work.pop_back();
        auto it = index.find(name);
        if (it == index.end()) return Error(Errc::not_found, fmt::format("no such service: {}", name));
        if (!keep.insert(name).second) continue;
        if (const Node* deps = it->second->find("depends_on"); deps != nullptr && deps->is_map()) {
            for (const auto& d : deps->entries) {
                const Node* required = d.value.find("required");
                const bool optional = required != nullptr && required->kind == Kind::boolean && !required->as_bool();
                if (index.count(d.key) == 0 && optional) continue;
                work.push_back(d.key);
            }
        }
    }
    auto& entries = services->entries;
    entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const MapEntry& e) { return keep.count(e.key) == 0; }),
                  entries.end());
    for (auto& e : entries) {
        if (Node* deps = e.value.find("depends_on"); deps != nullptr && deps->is_map()) {
            auto& de = deps->entries;
            de.erase(std::remove_if(de.begin(), de.end(), [&](const MapEntry& d) { return keep.count(d.key) == 0; }),
                     de.end());
        }
    }
    return {};
}

void prune_unused_resources(Node& project) {
    std::set<std::string> networks;
    std::set<std::string> volumes;
    std::set<std::string> secrets;
    std::set<std::string> configs;
    if (const Node* services = services_of(project)) {
        for (const auto& e : services->entries) {
            const Node& svc = e.value;
            if (const Node* n = svc.find("networks"); n != nullptr && n->is_map())
                for (const auto& ne : n->entries) networks.insert(ne.key);
            if (const Node* v = svc.find("volumes"); v != nullptr && v->is_seq()) {
                for (const auto& item : v->items)
                    if (str_of(item.find("type")) == "volume") volumes.insert(str_of(item.find("source")));
            }
            auto collect = [](const Node* list, std::set<std::string>& into) {
                if (list == nullptr || !list->is_seq()) return;
                for (const auto& item : list->items) into.insert(str_of(item.find("source")));
            };
            collect(svc.find("secrets"), secrets);
            collect(svc.find("configs"), configs);
            if (const Node* b = svc.find("build"); b != nullptr && b->is_map()) collect(b->find("secrets"), secrets);
        }
    }
    auto prune = [&](const char* section, const std::set<std::string>& used) {
        Node* s = project.find(section);
        if (s == nullptr || !s->is_map()) return;
        auto& en = s->entries;
        en.erase(std::remove_if(en.begin(), en.end(), [&](const MapEntry& e) { return used.count(e.key) == 0; }),
                 en.end());
        if (en.empty()) project.erase(section);
    };
    prune("networks", networks);
    prune("volumes", volumes);
    prune("secrets", secrets);
    prune("configs", configs);
}

std::vector<std::string> all_profiles(const Node& project) {
    std::set<std::string> out;
    if (const Node* services = services_of(project)) {
        for (const auto& e : services->entries) {
            if (const Node* p = e.value.find("profiles"); p != nullptr && p->is_seq())
                for (const auto& item : p->items) out.insert(item.text);
        }
    }
    return {out.begin(), out.end()};
}

std::vector<std::string> services_in_dependency_order(const Node& project) {
    std::vector<std::string> out;
    const Node* services = services_of(project);
    if (services == nullptr) return out;
    std::map<std::string, const Node*> sorted;
    for (const auto& e : services->entries) sorted.emplace(e.key, &e.value);
    std::unordered_set<std::string> done;
    std::unordered_set<std::string> visiting;
    // Recursion depth is bounded by the dependency chain, which cycles checks have made finite.
    auto visit = [&](auto&& self, const std::string& name) -> void {
        if (done.count(name) != 0 || visiting.count(name) != 0) return;
        auto it = sorted.find(name);
        if (it == sorted.end()) return;
        visiting.insert(name);
        if (const Node* deps = it->second->find("depends_on"); deps != nullptr && deps->is_map()) {
            std::vector<std::string> names;
            for (const auto& d : deps->entries) names.push_back(d.key);
            std::sort(names.begin(), names.end());
            for (const auto& d : names) self(self, d);
        }
        visiting.erase(name);
        done.insert(name);
        out.push_back(name);
    };
    for (const auto& [name, _] : sorted) visit(visit, name);
    return out;
}

}  // namespace stackctl::load
