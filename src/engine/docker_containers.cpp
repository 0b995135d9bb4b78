// Containers and exec over the Engine API.

#include <fmt/format.h>

#include "docker_client.hpp"
#include "json_mapping.hpp"
#include "stackctl/engine/errors.hpp"

namespace stackctl::engine::detail {

using core::Errc;
using core::Error;
using core::Status;

namespace {

std::string cpath(const std::string& id, std::string_view rest = {}) {
    return "/containers/" + path_escape(id) + std::string(rest);
}

HttpRequest get(std::string target) { return HttpRequest{.method = "GET", .target = std::move(target)}; }
HttpRequest post(std::string target) { return HttpRequest{.method = "POST", .target = std::move(target)}; }
HttpRequest post_json(std::string target, const nlohmann::json& body) {
    return HttpRequest{.method = "POST", .target = std::move(target), .body = body.dump(), .content_type = "application/json"};
}

}  // namespace

core::Result<std::vector<ContainerSummary>> DockerClient::list_containers(const ContainerListOptions& opts) {
    Query q;
    q.add_flag("all", opts.all);
    if (opts.limit > 0) q.add("limit", opts.limit);
    q.add_flag("size", opts.size);
    q.add_if("filters", encode_filters(opts.filters));
    auto doc = call_json(get("/containers/json" + q.str()), {200});
    if (!doc) return std::move(doc).error();
    std::vector<ContainerSummary> out;
    if (doc->is_array()) {
        for (auto& c : *doc) out.push_back(container_summary_from_json(std::move(c)));
    }
    return out;
}

core::Result<ContainerInfo> DockerClient::inspect_container(const std::string& id) {
    auto doc = call_json(get(cpath(id, "/json")), {200});
    if (!doc) return std::move(doc).error();
    return container_info_from_json(std::move(*doc));
}

core::Result<ContainerCreated> DockerClient::create_container(const ContainerCreate& req) {
    Query q;
    q.add_if("name", req.name);
    q.add_if("platform", req.platform);
    auto doc = call_json(post_json("/containers/create" + q.str(), req.body.is_null() ? nlohmann::json::object() : req.body),
                         {201, 200});
    if (!doc) return std::move(doc).error();
    ContainerCreated out;
    out.id = str(*doc, "Id");
    out.warnings = strings(*doc, "Warnings");
    if (out.id.empty()) return Error(Errc::engine, "the engine created a container but did not say its id");
    return out;
}

Status DockerClient::start_container(const std::string& id) { return call(post(cpath(id, "/start")), {204, 304}); }

namespace {

core::Result<Query> stop_query(const StopOptions& opts, ApiVersion api) {
    Query q;
    if (opts.timeout) q.add("t", *opts.timeout);
    if (!opts.signal.empty()) {
        if (api < ApiVersion{1, 42}) {
            return Error(Errc::engine, fmt::format("stopping with signal {} needs Docker Engine API 1.42; this engine "
                                                   "speaks {}",
                                                   opts.signal, api.str()));
        }
        q.add("signal", opts.signal);
    }
    return q;
}

}  // namespace

Status DockerClient::stop_container(const std::string& id, const StopOptions& opts) {
    auto api = negotiated();
    if (!api) return std::move(api).error();
    auto q = stop_query(opts, *api);
    if (!q) return std::move(q).error();
    return call(post(cpath(id, "/stop") + q->str()), {204, 304});
}

Status DockerClient::restart_container(const std::string& id, const StopOptions& opts) {
    auto api = negotiated();
    if (!api) return std::move(api).error();
    auto q = stop_query(opts, *api);
    if (!q) return std::move(q).error();
    return call(post(cpath(id, "/restart") + q->str()), {204});
}

Status DockerClient::kill_container(const std::string& id, const std::string& signal) {
    return call(post(cpath(id, "/kill") + Query().add_if("signal", signal).str()), {204});
}

Status DockerClient::remove_container(const std::string& id, const RemoveOptions& opts) {
    Query q;
    q.add_flag("v", opts.volumes);
    q.add_flag("force", opts.force);
    q.add_flag("link", opts.link);
    return call(HttpRequest{.method = "DELETE", .target = cpath(id) + q.str(), .despite_global_cancel = opts.despite_cancel},
                {204});
}

core::Result<WaitResult> DockerClient::wait_container(const std::string& id, const WaitOptions& opts) {
    HttpRequest req = post(cpath(id, "/wait") + Query().add("condition", wait_condition_name(opts.condition)).str());
    req.cancel = opts.cancel;
    if (opts.on_ready) {
        req.on_headers = [&opts](long status) {
            if (status == 200) opts.on_ready();
        };
    }
    auto doc = call_json(std::move(req), {200});
    if (!doc) return std::move(doc).error();
    WaitResult out;
    out.status_code = i64(*doc, "StatusCode");
    if (auto it = doc->find("Error"); it != doc->end() && it->is_object()) out.error = str(*it, "Message");
    return out;
}

Status DockerClient::rename_container(const std::string& id, const std::string& new_name) {
    return call(post(cpath(id, "/rename") + Query().add("name", new_name).str()), {204});
}

core::Result<ContainerTop> DockerClient::top_container(const std::string& id, const std::string& ps_args) {
    auto doc = call_json(get(cpath(id, "/top") + Query().add_if("ps_args", ps_args).str()), {200});
    if (!doc) return std::move(doc).error();
    ContainerTop top;
    top.titles = strings(*doc, "Titles");
    if (auto it = doc->find("Processes"); it != doc->end() && it->is_array()) {
        for (const auto& row : *it) {
            std::vector<std::string> cells;
            if (row.is_array()) {
                for (const auto& c : row) cells.push_back(c.is_string() ? c.get<std::string>() : c.dump());
            }
            top.processes.push_back(std::move(cells));
        }
    }
    return top;
}

core::Result<nlohmann::json> DockerClient::container_stats(const std::string& id) {
    return call_json(get(cpath(id, "/stats") + Query().add("stream", false).add("one-shot", true).str()), {200});
}

Status DockerClient::resize_container_tty(const std::string& id, int height, int width) {
    return call(post(cpath(id, "/resize") + Query().add("h", height).add("w", width).str()), {200, 201, 204});
}

Status DockerClient::container_logs(const std::string& id, const LogsOptions& opts, const OutputFn& output) {
    auto has_tty = container_tty(id, opts.tty);
    if (!has_tty) return std::move(has_tty).error();
    const bool tty = *has_tty;
    Query q;
    q.add("stdout", opts.out);
    q.add("stderr", opts.err);
    q.add_flag("follow", opts.follow);
    q.add_flag("timestamps", opts.timestamps);
    q.add_if("since", opts.since);
    q.add_if("until", opts.until);
    q.add_if("tail", opts.tail);
    HttpRequest req = get(cpath(id, "/logs") + q.str());
    req.cancel = opts.cancel;
    FrameDemuxer demux;
    std::optional<Error> failure;
    const ChunkFn on_chunk = [&](std::string_view chunk) {
        if (tty) return output(StreamId::out, chunk);
        auto r = demux.feed(chunk, output);
        if (!r) {
            failure = std::move(r).error();
            return false;
        }
        return *r == FrameDemuxer::Outcome::more;
    };
    auto resp = roundtrip(std::move(req), &on_chunk);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return error_from_status(resp->status, resp->body);
    if (failure) return std::move(*failure);
    return {};
}

Status DockerClient::attach_container(const std::string& id, const AttachOptions& opts, const StreamIo& io) {
    auto has_tty = container_tty(id, opts.tty);
    if (!has_tty) return std::move(has_tty).error();
    const bool tty = *has_tty;
    Query q;
    q.add("stream", true);
    q.add("stdin", opts.attach_stdin);
    q.add("stdout", opts.attach_stdout);
    q.add("stderr", opts.attach_stderr);
    q.add_flag("logs", opts.logs);
    q.add_if("detachKeys", opts.detach_keys);
    HttpRequest req = post(cpath(id, "/attach") + q.str());
    req.cancel = io.cancel;
    auto conn = hijack(std::move(req));
    if (!conn) return std::move(conn).error();
    StreamIo effective = io;
    if (!opts.attach_stdin) effective.in_fd = -1;
    return pump(**conn, tty, effective);
}

Status DockerClient::put_archive(const std::string& id, const std::string& path, BodySource tar) {
    HttpRequest req{.method = "PUT", .target = cpath(id, "/archive") + Query().add("path", path).str(),
                    .content_type = "application/x-tar"};
    req.upload = &tar;
    return call(std::move(req), {200});
}

Status DockerClient::get_archive(const std::string& id, const std::string& path, const ChunkFn& on_chunk) {
    auto resp = roundtrip(get(cpath(id, "/archive") + Query().add("path", path).str()), &on_chunk);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return error_from_status(resp->status, resp->body);
    return {};
}

// ---- exec ------------------------------------------------------------------------------------------------

core::Result<std::string> DockerClient::exec_create(const std::string& container, const ExecConfig& cfg) {
    if (cfg.cmd.empty()) return Error(Errc::usage, "exec needs a command");
    auto doc = call_json(post_json(cpath(container, "/exec"), exec_config_body(cfg)), {201, 200});
    if (!doc) return std::move(doc).error();
    std::string id = str(*doc, "Id");
    if (id.empty()) return Error(Errc::engine, "the engine created an exec but did not say its id");
    return id;
}

Status DockerClient::exec_start(const std::string& exec_id, const ExecStartOptions& opts, const StreamIo& io) {
    if (opts.detach) {
        return call(post_json("/exec/" + path_escape(exec_id) + "/start",
                              nlohmann::json{{"Detach", true}, {"Tty", opts.tty}}),
                    {200, 204});
    }
    HttpRequest req = post_json("/exec/" + path_escape(exec_id) + "/start",
                                nlohmann::json{{"Detach", false}, {"Tty", opts.tty}});
    req.cancel = io.cancel;
    auto conn = hijack(std::move(req));
    if (!conn) return std::move(conn).error();
    return pump(**conn, opts.tty, io);
}

core::Result<ExecInfo> DockerClient::exec_inspect(const std::string& exec_id) {
    auto doc = call_json(get("/exec/" + path_escape(exec_id) + "/json"), {200});
    if (!doc) return std::move(doc).error();
    return exec_info_from_json(std::move(*doc));
}

Status DockerClient::exec_resize(const std::string& exec_id, int height, int width) {
    return call(post("/exec/" + path_escape(exec_id) + "/resize" + Query().add("h", height).add("w", width).str()),
                {200, 201, 204});
}

}  // namespace stackctl::engine::detail
