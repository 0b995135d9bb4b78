#include "stackctl/converge/create_request.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <chrono>
#include <string_view>
#include <cmath>

#include "stackctl/converge/labels.hpp"
#include "stackctl/engine/tar.hpp"
#include "stackctl/load/gotypes.hpp"

namespace stackctl::converge {

using nlohmann::json;

namespace {

const json* field(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string str(const json& obj, const char* key, std::string fallback = {}) {
    const json* v = field(obj, key);
    if (v == nullptr) return fallback;
    if (v->is_string()) return v->get<std::string>();
    return v->dump();
}

bool flag(const json& obj, const char* key) {
    const json* v = field(obj, key);
    return v != nullptr && v->is_boolean() && v->get<bool>();
}

/// Byte sizes are decimal strings in the encoded model; numbers are accepted too.
std::int64_t bytes(const json& v) {
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number()) return static_cast<std::int64_t>(v.get<double>());
    if (v.is_string()) {
        try {
            return std::stoll(v.get<std::string>());
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

core::Result<std::int64_t> duration_ns(const json& v, const std::string& what) {
    if (v.is_number_integer()) return v.get<std::int64_t>();
    auto d = load::go::parse_duration(v.is_string() ? v.get<std::string>() : v.dump());
    if (!d) return core::Error(core::Errc::validate, fmt::format("{}: invalid duration {}", what, v.dump()));
    return *d;
}

json string_list(const json& v) {
    json out = json::array();
    if (v.is_array())
        for (const auto& i : v) out.push_back(i.is_string() ? i.get<std::string>() : i.dump());
    return out;
}

std::string port_key(const json& p, std::int64_t target) {
    return fmt::format("{}/{}", target, p.value("protocol", std::string("tcp")));
}

/// `service:x` / `container:x` for network_mode, ipc, pid.
core::Result<std::string> resolve_mode(const std::string& mode, const CreateInputs& in, const std::string& what) {
    if (mode.rfind("service:", 0) == 0) {
        std::string svc = mode.substr(8);
        auto it = in.service_containers.find(svc);
        if (it == in.service_containers.end())
            return core::Error(core::Errc::not_found, fmt::format("{}: service {} has no container", what, svc));
        return "container:" + it->second;
    }
    return mode;
}

/// A secret from `environment`, a config from `environment` or `content`: copied into the container.
bool copied_in(const json& def, bool is_secret) {
    if (!str(def, "environment").empty()) return true;
    const json* content = is_secret ? nullptr : field(def, "content");
    return content != nullptr && content->is_string();
}

}  // namespace

core::Result<std::vector<InjectedFile>> injected_files(const DesiredState& d, const ServiceSpec& s) {
    std::vector<InjectedFile> out;
    const std::string what = "services." + s.name;
    for (const char* key : {"secrets", "configs"}) {
        const bool is_secret = std::string_view(key) == "secrets";
        const json& table = is_secret ? d.secrets : d.configs;
        const json* list = field(s.config, key);
        if (list == nullptr || !list->is_array()) continue;
        for (const auto& item : *list) {
            std::string src = str(item, "source");
            const json* def = field(table, src.c_str());
            if (def == nullptr || !copied_in(*def, is_secret)) continue;
            InjectedFile f;
            // the reference: secrets under /run/secrets/ unless absolute; configs at /<source> or their target
            std::string target = str(item, "target");
            if (target.empty()) target = (is_secret ? "/run/secrets/" : "/") + src;
            else if (target[0] != '/') target = (is_secret ? "/run/secrets/" : "/") + target;
            f.target = target;
            if (std::string env = str(*def, "environment"); !env.empty()) {
                auto it = d.environment.find(env);
                if (it == d.environment.end())
                    return core::Error(core::Errc::validate,
                                       fmt::format("{}.{}: environment variable \"{}\" required by {} \"{}\" is not set", what,
                                                   key, env, is_secret ? "secret" : "config", str(*def, "name", src)));
                f.content = it->second;
            } else {
                f.content = field(*def, "content")->get<std::string>();
            }
            if (const json* m = field(item, "mode"); m != nullptr && m->is_number_integer())
                f.mode = static_cast<std::uint32_t>(m->get<std::int64_t>());
            for (const char* k : {"uid", "gid"}) {
                std::string v = str(item, k);
                if (v.empty()) continue;
                std::uint32_t n = 0;
                bool ok = v.size() <= 10 && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
                if (ok) {
                    unsigned long long big = std::stoull(v);
                    ok = big <= 0xFFFFFFFFULL;
                    n = static_cast<std::uint32_t>(big);
                }
                if (!ok)
                    return core::Error(core::Errc::validate, fmt::format("{}.{}: {} {}: {} is not a number", what, key, src, k, v));
                (std::string_view(k) == "uid" ? f.uid : f.gid) = n;
            }
            out.push_back(std::move(f));
        }
    }
    return out;
}

std::string container_name(const DesiredState& d, const ServiceSpec& s, int number) {
    std::string explicit_name = str(s.config, "container_name");
    if (!explicit_name.empty()) return explicit_name;
    return fmt::format("{}-{}-{}", d.project.name, s.name, number);
}

engine::Labels container_labels(const DesiredState& d, const ServiceSpec& s, const CreateInputs& in) {
    engine::Labels l;
    if (const json* own = field(s.config, "labels"); own != nullptr && own->is_object())
        for (const auto& [k, v] : own->items()) l[k] = v.is_string() ? v.get<std::string>() : v.dump();
    l[std::string(labels::kProject)] = d.project.name;
    l[std::string(labels::kService)] = s.name;
    l[std::string(labels::kContainerNumber)] = std::to_string(in.number);
    l[std::string(labels::kOneoff)] = "False";
    l[std::string(labels::kConfigHash)] = s.hash;
    l[std::string(labels::kImage)] = in.image_id;
    std::string deps;
    if (const json* dep = field(s.config, "depends_on"); dep != nullptr && dep->is_object()) {
        for (const auto& [k, v] : dep->items()) {
            if (!deps.empty()) deps += ",";
            deps += fmt::format("{}:{}:{}", k, v.value("condition", std::string("service_started")),
                                v.value("restart", false) ? "true" : "false");
        }
    }
    l[std::string(labels::kDependsOn)] = deps;
    l[std::string(labels::kWorkingDir)] = d.project.working_dir;
    std::string files;
    for (const auto& f : d.project.config_files) files += (files.empty() ? "" : ",") + f;
    l[std::string(labels::kConfigFiles)] = files;
    if (!d.project.env_files.empty()) {
        std::string envs;
        for (const auto& f : d.project.env_files) envs += (envs.empty() ? "" : ",") + f;
        l[std::string(labels::kEnvironmentFile)] = envs;
    }
    l[std::string(labels::kVersion)] = in.version;
    return l;
}

std::vector<std::string> service_networks(const ServiceSpec& s) {
    std::vector<std::pair<std::int64_t, std::string>> nets;
    if (const json* n = field(s.config, "networks"); n != nullptr && n->is_object()) {
        for (const auto& [k, v] : n->items()) {
            std::int64_t prio = 0;
            if (v.is_object() && v.contains("priority") && v["priority"].is_number()) prio = v["priority"].get<std::int64_t>();
            nets.emplace_back(prio, k);
        }
    }
    std::stable_sort(nets.begin(), nets.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return a.second < b.second;
    });
    std::vector<std::string> out;
    for (auto& [_, k] : nets) out.push_back(k);
    return out;
}

core::Result<CreateRequest> create_request(const DesiredState& d, const ServiceSpec& s, const CreateInputs& in) {
    const json& c = s.config;
    CreateRequest req;
    req.create.name = container_name(d, s, in.number);
    req.create.platform = str(c, "platform");
    json body = json::object();
    json host = json::object();
    const std::string what = "services." + s.name;

    body["Image"] = s.image;
    if (!str(c, "hostname").empty()) body["Hostname"] = str(c, "hostname");
    if (!str(c, "domainname").empty()) body["Domainname"] = str(c, "domainname");
    if (!str(c, "user").empty()) body["User"] = str(c, "user");
    if (!str(c, "working_dir").empty()) body["WorkingDir"] = str(c, "working_dir");
    if (!str(c, "mac_address").empty()) body["MacAddress"] = str(c, "mac_address");
    body["AttachStdin"] = false;
    body["AttachStdout"] = true;
    body["AttachStderr"] = true;
    body["Tty"] = flag(c, "tty");
    body["OpenStdin"] = flag(c, "stdin_open");
    body["StdinOnce"] = false;
    if (const json* cmd = field(c, "command")) body["Cmd"] = string_list(*cmd);
    if (const json* ep = field(c, "entrypoint")) body["Entrypoint"] = string_list(*ep);
    if (const json* env = field(c, "environment"); env != nullptr && env->is_object()) {
        json list = json::array();
        for (const auto& [k, v] : env->items()) {
            if (v.is_null()) continue;  // unresolved: left out, as the reference does
            list.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
        }
        if (!list.empty()) body["Env"] = list;
    }
    if (!str(c, "stop_signal").empty()) body["StopSignal"] = str(c, "stop_signal");
    if (const json* g = field(c, "stop_grace_period")) {
        auto ns = duration_ns(*g, what + ".stop_grace_period");
        if (!ns) return std::move(ns).error();
        body["StopTimeout"] = static_cast<std::int64_t>(*ns / 1000000000);
    }

    // healthcheck
    if (const json* hc = field(c, "healthcheck"); hc != nullptr && hc->is_object()) {
        json h = json::object();
        if (flag(*hc, "disable")) {
            h["Test"] = json::array({"NONE"});
        } else {
            if (const json* t = field(*hc, "test")) h["Test"] = string_list(*t);
            struct D {
                const char* key;
                const char* engine;
            };
            for (D dd : {D{"interval", "Interval"}, D{"timeout", "Timeout"}, D{"start_period", "StartPeriod"},
                         D{"start_interval", "StartInterval"}}) {
                if (const json* v = field(*hc, dd.key)) {
                    auto ns = duration_ns(*v, what + ".healthcheck." + dd.key);
                    if (!ns) return std::move(ns).error();
                    h[dd.engine] = *ns;
                }
            }
            if (const json* r = field(*hc, "retries"); r != nullptr && r->is_number()) h["Retries"] = r->get<std::int64_t>();
        }
        body["Healthcheck"] = h;
    }

    // ports
    json exposed = json::object();
    json bindings = json::object();
    if (const json* ex = field(c, "expose"); ex != nullptr && ex->is_array()) {
        for (const auto& e : *ex) {
            std::string p = e.is_string() ? e.get<std::string>() : e.dump();
            if (p.find('/') == std::string::npos) p += "/tcp";
            exposed[p] = json::object();
        }
    }
    if (const json* ports = field(c, "ports"); ports != nullptr && ports->is_array()) {
        for (const auto& p : *ports) {
            if (!p.is_object() || !p.contains("target")) continue;
            std::int64_t target = p["target"].get<std::int64_t>();
            std::string key = port_key(p, target);
            exposed[key] = json::object();
            json b = json::object();
            b["HostIp"] = str(p, "host_ip");
            b["HostPort"] = str(p, "published");
            if (!bindings.contains(key)) bindings[key] = json::array();
            bindings[key].push_back(b);
        }
    }
    if (!exposed.empty()) body["ExposedPorts"] = exposed;
    if (!bindings.empty()) host["PortBindings"] = bindings;

    // mounts
    json binds = json::array();
    json mounts = json::array();
    std::set<std::string> mounted;  // the targets the service mounts something at
    if (const json* vols = field(c, "volumes"); vols != nullptr && vols->is_array()) {
        for (const auto& v : *vols) {
            std::string type = str(v, "type", "volume");
            std::string source = str(v, "source");
            std::string target = str(v, "target");
            mounted.insert(target);
            bool ro = flag(v, "read_only");
            if (type == "bind") {
                const json* b = field(v, "bind");
                bool create = b != nullptr && flag(*b, "create_host_path");
                std::string prop = b != nullptr ? str(*b, "propagation") : std::string();
                std::string selinux = b != nullptr ? str(*b, "selinux") : std::string();
                if (create) {
                    // The short syntax: a Bind, which makes the host directory when it is missing.
                    std::string opts;
                    auto add = [&](const std::string& o) { opts += (opts.empty() ? "" : ",") + o; };
                    if (ro) add("ro");
                    if (!selinux.empty()) add(selinux);
                    if (!prop.empty()) add(prop);
                    binds.push_back(source + ":" + target + (opts.empty() ? "" : ":" + opts));
                    continue;
                }
                json m = {{"Type", "bind"}, {"Source", source}, {"Target", target}};
                if (ro) m["ReadOnly"] = true;
                json bo = json::object();
                if (!prop.empty()) bo["Propagation"] = prop;
                if (!bo.empty()) m["BindOptions"] = bo;
                mounts.push_back(m);
            } else if (type == "volume") {
                json m = {{"Type", "volume"}, {"Target", target}};
                if (!source.empty()) m["Source"] = d.volume_name(source);
                else if (auto inh = in.inherited_volumes.find(target); inh != in.inherited_volumes.end()) m["Source"] = inh->second;
                if (ro) m["ReadOnly"] = true;
                json vo = json::object();
                if (const json* vv = field(v, "volume"); vv != nullptr && flag(*vv, "nocopy")) vo["NoCopy"] = true;
                m["VolumeOptions"] = vo;
                mounts.push_back(m);
            } else if (type == "tmpfs") {
                json m = {{"Type", "tmpfs"}, {"Target", target}};
                if (ro) m["ReadOnly"] = true;
                if (const json* t = field(v, "tmpfs")) {
                    json to = json::object();
                    if (const json* sz = field(*t, "size")) to["SizeBytes"] = bytes(*sz);
                    if (const json* mode = field(*t, "mode"); mode != nullptr && mode->is_number()) to["Mode"] = mode->get<std::int64_t>();
                    if (!to.empty()) m["TmpfsOptions"] = to;
                }
                mounts.push_back(m);
            } else if (type == "npipe" || type == "cluster") {
                return core::Error(core::Errc::validate, fmt::format("{}: volume type {} is not supported by this engine", what, type));
            }
        }
    }
    for (const auto& [target, name] : in.inherited_volumes) {
        if (mounted.count(target) == 0 && in.image_volumes.count(target) != 0)
            mounts.push_back({{"Type", "volume"}, {"Source", name}, {"Target", target}});
    }
    // secrets and configs: a `file` is a read-only bind; those from `environment` or `content` are copied in
    // after create (req.files), as the reference does
    auto file_mounts = [&](const char* key, const json& table, const char* default_dir) -> core::Status {
        const bool is_secret = std::string_view(key) == "secrets";
        const json* list = field(c, key);
        if (list == nullptr || !list->is_array()) return {};
        for (const auto& item : *list) {
            std::string src = str(item, "source");
            const json* def = field(table, src.c_str());
            if (def == nullptr)
                return core::Error(core::Errc::validate, fmt::format("{}.{}: {} is not defined", what, key, src));
            if (copied_in(*def, is_secret)) continue;
            std::string file = str(*def, "file");
            if (file.empty())
                return core::Error(core::Errc::validate,
                                   fmt::format("{}.{}: {} has no file, environment{} (external {} are not supported)", what,
                                               key, src, is_secret ? "" : " or content", key));
            std::string target = str(item, "target");
            if (target.empty()) target = std::string(default_dir) + src;
            else if (target[0] != '/') target = std::string(default_dir) + target;
            mounts.push_back({{"Type", "bind"}, {"Source", file}, {"Target", target}, {"ReadOnly", true}});
        }
        return {};
    };
    STACKCTL_TRY(file_mounts("secrets", d.secrets, "/run/secrets/"));
    STACKCTL_TRY(file_mounts("configs", d.configs, "/"));
    auto files = injected_files(d, s);
    if (!files) return std::move(files).error();
    req.files = std::move(*files);
    if (!binds.empty()) host["Binds"] = binds;
    if (!mounts.empty()) host["Mounts"] = mounts;
    if (const json* t = field(c, "tmpfs"); t != nullptr && t->is_array()) {
        json tm = json::object();
        for (const auto& e : *t) {
            std::string spec = e.get<std::string>();
            auto colon = spec.find(':');
            tm[spec.substr(0, colon)] = colon == std::string::npos ? "" : spec.substr(colon + 1);
        }
        host["Tmpfs"] = tm;
    }
    if (const json* vf = field(c, "volumes_from"); vf != nullptr && vf->is_array()) {
        json list = json::array();
        for (const auto& e : *vf) {
            std::string spec = e.get<std::string>();
            std::string mode;
            auto colon = spec.rfind(':');
            if (colon != std::string::npos && (spec.substr(colon + 1) == "ro" || spec.substr(colon + 1) == "rw")) {
                mode = spec.substr(colon);
                spec = spec.substr(0, colon);
            }
            if (spec.rfind("container:", 0) == 0) {
                list.push_back(spec.substr(10) + mode);
            } else {
                auto it = in.service_containers.find(spec);
                if (it == in.service_containers.end())
                    return core::Error(core::Errc::not_found, fmt::format("{}.volumes_from: service {} has no container", what, spec));
                list.push_back(it->second + mode);
            }
        }
        host["VolumesFrom"] = list;
    }

    // resources
    std::int64_t memory = 0, reservation = 0, nano_cpus = 0, pids = 0;
    if (const json* m = field(c, "mem_limit")) memory = bytes(*m);
    if (const json* m = field(c, "mem_reservation")) reservation = bytes(*m);
    if (const json* m = field(c, "cpus"); m != nullptr && m->is_number())
        nano_cpus = static_cast<std::int64_t>(std::llround(m->get<double>() * 1e9));
    if (const json* m = field(c, "pids_limit"); m != nullptr && m->is_number()) pids = m->get<std::int64_t>();
    if (const json* dep = field(c, "deploy")) {
        if (const json* res = field(*dep, "resources")) {
            if (const json* lim = field(*res, "limits")) {
                if (const json* m = field(*lim, "memory")) memory = bytes(*m);
                if (const json* m = field(*lim, "cpus"); m != nullptr && m->is_number())
                    nano_cpus = static_cast<std::int64_t>(std::llround(m->get<double>() * 1e9));
                if (const json* m = field(*lim, "pids"); m != nullptr && m->is_number()) pids = m->get<std::int64_t>();
            }
            if (const json* r = field(*res, "reservations"))
                if (const json* m = field(*r, "memory")) reservation = bytes(*m);
        }
    }
    if (memory != 0) host["Memory"] = memory;
    if (reservation != 0) host["MemoryReservation"] = reservation;
    if (const json* m = field(c, "memswap_limit")) host["MemorySwap"] = bytes(*m);
    if (nano_cpus != 0) host["NanoCpus"] = nano_cpus;
    if (pids != 0) host["PidsLimit"] = pids;
    if (const json* m = field(c, "cpu_shares"); m != nullptr && m->is_number()) host["CpuShares"] = m->get<std::int64_t>();
    if (const json* m = field(c, "cpuset")) host["CpusetCpus"] = m->get<std::string>();
    if (const json* m = field(c, "shm_size")) host["ShmSize"] = bytes(*m);
    if (const json* m = field(c, "oom_score_adj"); m != nullptr && m->is_number()) host["OomScoreAdj"] = m->get<std::int64_t>();

    // restart policy
    std::string restart = str(c, "restart");
    if (!restart.empty()) {
        json rp = {{"Name", restart}, {"MaximumRetryCount", 0}};
        if (auto colon = restart.find(':'); colon != std::string::npos) {
            rp["Name"] = restart.substr(0, colon);
            try {
                rp["MaximumRetryCount"] = std::stoi(restart.substr(colon + 1));
            } catch (...) {
                return core::Error(core::Errc::validate, fmt::format("{}.restart: invalid policy {}", what, restart));
            }
        }
        if (rp["Name"] == "no") rp["Name"] = "";
        host["RestartPolicy"] = rp;
    }
    if (const json* i = field(c, "init"); i != nullptr && i->is_boolean()) host["Init"] = i->get<bool>();
    if (flag(c, "privileged")) host["Privileged"] = true;
    if (flag(c, "read_only")) host["ReadonlyRootfs"] = true;
    for (auto [key, engine_key] : {std::pair{"cap_add", "CapAdd"}, std::pair{"cap_drop", "CapDrop"}, std::pair{"dns", "Dns"},
                                   std::pair{"dns_search", "DnsSearch"}, std::pair{"dns_opt", "DnsOptions"},
                                   std::pair{"security_opt", "SecurityOpt"}, std::pair{"group_add", "GroupAdd"}}) {
        if (const json* v = field(c, key); v != nullptr && v->is_array()) host[engine_key] = string_list(*v);
    }
    if (const json* v = field(c, "extra_hosts")) {
        json list = json::array();
        auto add = [&](const std::string& h, const std::string& ip) { list.push_back(h + ":" + ip); };
        if (v->is_array()) {
            for (const auto& e : *v) {
                std::string s2 = e.get<std::string>();
                auto eq = s2.find('=');
                if (eq == std::string::npos) eq = s2.find(':');
                if (eq == std::string::npos) continue;
                add(s2.substr(0, eq), s2.substr(eq + 1));
            }
        } else if (v->is_object()) {
            for (const auto& [h, ips] : v->items()) {
                if (ips.is_array())
                    for (const auto& ip : ips) add(h, ip.get<std::string>());
                else
                    add(h, ips.get<std::string>());
            }
        }
        host["ExtraHosts"] = list;
    }
    if (const json* v = field(c, "sysctls"); v != nullptr && v->is_object()) {
        json m = json::object();
        for (const auto& [k, x] : v->items()) m[k] = x.is_string() ? x.get<std::string>() : x.dump();
        host["Sysctls"] = m;
    }
    if (const json* v = field(c, "ulimits"); v != nullptr && v->is_object()) {
        json list = json::array();
        for (const auto& [k, x] : v->items()) {
            std::int64_t soft = 0, hard = 0;
            if (x.is_number()) soft = hard = x.get<std::int64_t>();
            else if (x.is_object()) {
                if (x.contains("single") && x["single"].is_number()) soft = hard = x["single"].get<std::int64_t>();
                soft = x.value("soft", soft);
                hard = x.value("hard", hard);
            }
            list.push_back({{"Name", k}, {"Soft", soft}, {"Hard", hard}});
        }
        host["Ulimits"] = list;
    }
    if (const json* v = field(c, "devices"); v != nullptr && v->is_array()) {
        json list = json::array();
        for (const auto& e : *v) {
            if (e.is_object()) {
                std::string src = str(e, "source");
                list.push_back({{"PathOnHost", src}, {"PathInContainer", str(e, "target", src)},
                                {"CgroupPermissions", str(e, "permissions", "rwm")}});
            } else if (e.is_string()) {
                std::string spec = e.get<std::string>();
                auto a = spec.find(':');
                std::string src = spec.substr(0, a);
                std::string dst = src, perm = "rwm";
                if (a != std::string::npos) {
                    auto b = spec.find(':', a + 1);
                    dst = spec.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
                    if (b != std::string::npos) perm = spec.substr(b + 1);
                }
                list.push_back({{"PathOnHost", src}, {"PathInContainer", dst}, {"CgroupPermissions", perm}});
            }
        }
        host["Devices"] = list;
    }
    if (const json* lg = field(c, "logging")) {
        json cfg = json::object();
        if (const json* o = field(*lg, "options"); o != nullptr && o->is_object())
            for (const auto& [k, x] : o->items()) cfg[k] = x.is_string() ? x.get<std::string>() : x.dump();
        host["LogConfig"] = {{"Type", str(*lg, "driver")}, {"Config", cfg}};
    }
    for (auto [key, engine_key] : {std::pair{"pid", "PidMode"}, std::pair{"ipc", "IpcMode"},
                                   std::pair{"userns_mode", "UsernsMode"}, std::pair{"cgroup", "CgroupnsMode"}}) {
        std::string v = str(c, key);
        if (v.empty()) continue;
        auto r = resolve_mode(v, in, what + "." + key);
        if (!r) return std::move(r).error();
        host[engine_key] = *r;
    }

    // networks
    std::string network_mode = str(c, "network_mode");
    json endpoints = json::object();
    if (!network_mode.empty()) {
        auto r = resolve_mode(network_mode, in, what + ".network_mode");
        if (!r) return std::move(r).error();
        host["NetworkMode"] = *r;
    } else {
        auto nets = service_networks(s);
        bool first = true;
        for (const auto& key : nets) {
            std::string net_name = d.network_name(key);
            const json* cfg = field(*field(c, "networks"), key.c_str());
            std::vector<std::string> aliases = {req.create.name, s.name};
            std::string ipv4, ipv6;
            if (cfg != nullptr) {
                if (const json* a = field(*cfg, "aliases"); a != nullptr && a->is_array())
                    for (const auto& x : *a) aliases.push_back(x.get<std::string>());
                ipv4 = str(*cfg, "ipv4_address");
                ipv6 = str(*cfg, "ipv6_address");
            }
            if (first) {
                host["NetworkMode"] = net_name;
                json ep = {{"Aliases", aliases}};
                if (!ipv4.empty() || !ipv6.empty()) {
                    json ipam = json::object();
                    if (!ipv4.empty()) ipam["IPv4Address"] = ipv4;
                    if (!ipv6.empty()) ipam["IPv6Address"] = ipv6;
                    ep["IPAMConfig"] = ipam;
                }
                endpoints[net_name] = ep;
                first = false;
            } else {
                engine::NetworkConnect nc;
                nc.aliases = aliases;
                nc.ipv4_address = ipv4;
                nc.ipv6_address = ipv6;
                req.connect.emplace_back(net_name, std::move(nc));
            }
        }
    }
    if (!endpoints.empty()) body["NetworkingConfig"] = {{"EndpointsConfig", endpoints}};

    engine::Labels lbl = container_labels(d, s, in);
    body["Labels"] = json(lbl);
    body["HostConfig"] = host;
    req.create.body = std::move(body);
    return req;
}

core::Result<std::string> injected_files_tar(const std::vector<InjectedFile>& files) {
    std::string out;
    engine::TarWriter tar(engine::string_sink(out));
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    for (const auto& f : files) {
        engine::TarMeta meta;
        meta.mode = f.mode;
        meta.uid = f.uid;
        meta.gid = f.gid;
        meta.mtime = now.count();
        STACKCTL_TRY(tar.add_file(f.target, f.content, meta));
    }
    STACKCTL_TRY(tar.finish());
    return out;
}

}  // namespace stackctl::converge
