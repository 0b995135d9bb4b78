#include "json_mapping.hpp"

#include "stackctl/engine/query.hpp"

namespace stackctl::engine {

std::string ContainerSummary::name() const {
    if (names.empty()) return {};
    const std::string& n = names.front();
    return !n.empty() && n.front() == '/' ? n.substr(1) : n;
}

}  // namespace stackctl::engine

namespace stackctl::engine::detail {

std::string str(const json& doc, const char* key) {
    if (!doc.is_object()) return {};
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t i64(const json& doc, const char* key) {
    if (!doc.is_object()) return 0;
    auto it = doc.find(key);
    return it != doc.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

bool boolean(const json& doc, const char* key) {
    if (!doc.is_object()) return false;
    auto it = doc.find(key);
    return it != doc.end() && it->is_boolean() && it->get<bool>();
}

std::map<std::string, std::string> string_map(const json& doc, const char* key) {
    std::map<std::string, std::string> out;
    if (!doc.is_object()) return out;
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_object()) return out;
    for (const auto& [k, v] : it->items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
    return out;
}

std::vector<std::string> strings(const json& doc, const char* key) {
    std::vector<std::string> out;
    if (!doc.is_object()) return out;
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_array()) return out;
    for (const auto& v : *it) {
        if (v.is_string()) out.push_back(v.get<std::string>());
    }
    return out;
}

namespace {

const json& member(const json& doc, const char* key) {
    static const json null_doc;
    if (!doc.is_object()) return null_doc;
    auto it = doc.find(key);
    return it == doc.end() ? null_doc : *it;
}

}  // namespace

ContainerSummary container_summary_from_json(json doc) {
    ContainerSummary c;
    c.id = str(doc, "Id");
    c.names = strings(doc, "Names");
    c.image = str(doc, "Image");
    c.image_id = str(doc, "ImageID");
    c.command = str(doc, "Command");
    c.created = i64(doc, "Created");
    c.state = str(doc, "State");
    c.status = str(doc, "Status");
    c.labels = string_map(doc, "Labels");
    c.raw = std::move(doc);
    return c;
}

ContainerInfo container_info_from_json(json doc) {
    ContainerInfo c;
    c.id = str(doc, "Id");
    c.name = str(doc, "Name");
    if (!c.name.empty() && c.name.front() == '/') c.name.erase(0, 1);
    c.image_id = str(doc, "Image");
    c.created = str(doc, "Created");
    c.restart_count = static_cast<int>(i64(doc, "RestartCount"));
    const json& st = member(doc, "State");
    c.state.status = str(st, "Status");
    c.state.running = boolean(st, "Running");
    c.state.paused = boolean(st, "Paused");
    c.state.restarting = boolean(st, "Restarting");
    c.state.oom_killed = boolean(st, "OOMKilled");
    c.state.dead = boolean(st, "Dead");
    c.state.pid = static_cast<int>(i64(st, "Pid"));
    c.state.exit_code = static_cast<int>(i64(st, "ExitCode"));
    c.state.error = str(st, "Error");
    c.state.started_at = str(st, "StartedAt");
    c.state.finished_at = str(st, "FinishedAt");
    c.state.health = str(member(st, "Health"), "Status");
    const json& cfg = member(doc, "Config");
    c.image = str(cfg, "Image");
    c.labels = string_map(cfg, "Labels");
    c.tty = boolean(cfg, "Tty");
    c.open_stdin = boolean(cfg, "OpenStdin");
    c.raw = std::move(doc);
    return c;
}

NetworkInfo network_from_json(json doc) {
    NetworkInfo n;
    n.id = str(doc, "Id");
    n.name = str(doc, "Name");
    n.driver = str(doc, "Driver");
    n.scope = str(doc, "Scope");
    n.internal = boolean(doc, "Internal");
    n.attachable = boolean(doc, "Attachable");
    n.enable_ipv6 = boolean(doc, "EnableIPv6");
    n.labels = string_map(doc, "Labels");
    n.raw = std::move(doc);
    return n;
}

VolumeInfo volume_from_json(json doc) {
    VolumeInfo v;
    v.name = str(doc, "Name");
    v.driver = str(doc, "Driver");
    v.mountpoint = str(doc, "Mountpoint");
    v.scope = str(doc, "Scope");
    v.created_at = str(doc, "CreatedAt");
    v.labels = string_map(doc, "Labels");
    v.options = string_map(doc, "Options");
    v.raw = std::move(doc);
    return v;
}

ImageInfo image_info_from_json(json doc) {
    ImageInfo i;
    i.id = str(doc, "Id");
    i.repo_tags = strings(doc, "RepoTags");
    i.repo_digests = strings(doc, "RepoDigests");
    i.created = str(doc, "Created");
    i.size = i64(doc, "Size");
    i.os = str(doc, "Os");
    i.architecture = str(doc, "Architecture");
    i.labels = string_map(member(doc, "Config"), "Labels");
    i.raw = std::move(doc);
    return i;
}

ImageSummary image_summary_from_json(json doc) {
    ImageSummary i;
    i.id = str(doc, "Id");
    i.repo_tags = strings(doc, "RepoTags");
    i.repo_digests = strings(doc, "RepoDigests");
    i.created = i64(doc, "Created");
    i.size = i64(doc, "Size");
    i.labels = string_map(doc, "Labels");
    i.raw = std::move(doc);
    return i;
}

ExecInfo exec_info_from_json(json doc) {
    ExecInfo e;
    e.id = str(doc, "ID");
    e.container_id = str(doc, "ContainerID");
    e.running = boolean(doc, "Running");
    e.pid = static_cast<int>(i64(doc, "Pid"));
    // ExitCode is null until the process has run; a finished exec is not running and has a number.
    if (auto it = doc.find("ExitCode"); it != doc.end() && it->is_number() && !e.running) {
        e.exit_code = it->get<int>();
    }
    e.raw = std::move(doc);
    return e;
}

Event event_from_json(json doc) {
    Event e;
    e.type = str(doc, "Type");
    e.action = str(doc, "Action");
    e.scope = str(doc, "scope");
    e.time = i64(doc, "time");
    e.time_nano = i64(doc, "timeNano");
    const json& actor = member(doc, "Actor");
    e.actor_id = str(actor, "ID");
    e.attributes = string_map(actor, "Attributes");
    // Engines before 1.22 only had these; keep them usable.
    if (e.action.empty()) e.action = str(doc, "status");
    if (e.actor_id.empty()) e.actor_id = str(doc, "id");
    e.raw = std::move(doc);
    return e;
}

json exec_config_body(const ExecConfig& cfg) {
    json body = {{"AttachStdin", cfg.attach_stdin}, {"AttachStdout", cfg.attach_stdout},
                 {"AttachStderr", cfg.attach_stderr}, {"Tty", cfg.tty},
                 {"Cmd", cfg.cmd}, {"Privileged", cfg.privileged}};
    if (!cfg.env.empty()) body["Env"] = cfg.env;
    if (!cfg.user.empty()) body["User"] = cfg.user;
    if (!cfg.workdir.empty()) body["WorkingDir"] = cfg.workdir;
    if (!cfg.detach_keys.empty()) body["DetachKeys"] = cfg.detach_keys;
    return body;
}

json network_connect_body(const NetworkConnect& req) {
    json body = {{"Container", req.container}};
    if (req.endpoint_config) {
        body["EndpointConfig"] = *req.endpoint_config;
        return body;
    }
    json ep = json::object();
    if (!req.aliases.empty()) ep["Aliases"] = req.aliases;
    if (!req.links.empty()) ep["Links"] = req.links;
    if (!req.driver_opts.empty()) ep["DriverOpts"] = req.driver_opts;
    if (!req.ipv4_address.empty() || !req.ipv6_address.empty()) {
        json ipam = json::object();
        if (!req.ipv4_address.empty()) ipam["IPv4Address"] = req.ipv4_address;
        if (!req.ipv6_address.empty()) ipam["IPv6Address"] = req.ipv6_address;
        ep["IPAMConfig"] = ipam;
    }
    body["EndpointConfig"] = ep;
    return body;
}

json volume_create_body(const VolumeCreate& req) {
    json body = json::object();
    if (!req.name.empty()) body["Name"] = req.name;
    if (!req.driver.empty()) body["Driver"] = req.driver;
    if (!req.driver_opts.empty()) body["DriverOpts"] = req.driver_opts;
    if (!req.labels.empty()) body["Labels"] = req.labels;
    return body;
}

std::string build_query(const BuildOptions& opts) {
    Query q;
    for (const auto& t : opts.tags) q.add("t", t);
    q.add_if("dockerfile", opts.dockerfile);
    if (!opts.build_args.empty()) q.add("buildargs", json(opts.build_args).dump());
    q.add_if("target", opts.target);
    if (!opts.labels.empty()) q.add("labels", json(opts.labels).dump());
    q.add_if("networkmode", opts.network_mode);
    q.add_flag("nocache", opts.no_cache);
    q.add_flag("pull", opts.pull);
    q.add_if("platform", opts.platform);
    q.add("rm", opts.remove_intermediate);
    q.add_flag("forcerm", opts.force_remove_intermediate);
    if (!opts.cache_from.empty()) q.add("cachefrom", json(opts.cache_from).dump());
    for (const auto& h : opts.extra_hosts) q.add("extrahosts", h);
    if (opts.shm_size > 0) q.add("shmsize", static_cast<long long>(opts.shm_size));
    q.add_flag("q", opts.quiet);
    return q.str();
}

std::pair<std::string, std::string> split_image_ref(const std::string& ref) {
    if (ref.find('@') != std::string::npos) return {ref, ""};
    const auto slash = ref.rfind('/');
    const auto colon = ref.rfind(':');
    // A ':' before the last '/' belongs to a registry port, not a tag.
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        return {ref.substr(0, colon), ref.substr(colon + 1)};
    }
    return {ref, "latest"};
}

const char* wait_condition_name(WaitCondition c) {
    switch (c) {
        case WaitCondition::not_running: return "not-running";
        case WaitCondition::next_exit: return "next-exit";
        case WaitCondition::removed: return "removed";
    }
    return "not-running";
}

}  // namespace stackctl::engine::detail
