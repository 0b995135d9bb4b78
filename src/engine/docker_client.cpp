#include "docker_client.hpp"

#include <poll.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "json_mapping.hpp"
#include "stackctl/engine/errors.hpp"

namespace stackctl::engine {

using core::Errc;
using core::Error;
using core::Status;
using json = nlohmann::json;

namespace detail {

namespace {

Error unreachable_hint(Error err, const Endpoint& ep) {
    // a refused permission already says what to do
    if (err.code != Errc::unreachable || !err.notes.empty()) return err;
    err.message = fmt::format("cannot reach the Docker engine at {}: {}", ep.display,
                              ep.kind == Endpoint::Kind::unix_socket
                                  ? "no engine listens on that socket; start one with 'sudo scripts/setup' "
                                    "(or 'dockerd &'), or point DOCKER_HOST at a running engine"
                                  : "no engine answers at that address; start it, or fix DOCKER_HOST");
    return err;
}

}  // namespace

// ---- pool ------------------------------------------------------------------------------------------------

HttpPool::Lease HttpPool::acquire() {
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            Http* h = idle_.back().release();
            idle_.pop_back();
            return Lease(h, Return{this});
        }
    }
    auto h = std::make_unique<Http>(ep_);
    h->set_cancel(cancel_);
    return Lease(h.release(), Return{this});
}

void HttpPool::release(Http* h) {
    std::unique_ptr<Http> owned(h);
    std::lock_guard lock(mu_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(owned));
}

// ---- session ---------------------------------------------------------------------------------------------

bool DockerClient::cancelled(const CancelFlag* call_flag) const {
    return (call_flag != nullptr && call_flag->load()) || (opts_.cancel != nullptr && opts_.cancel->load());
}

core::Result<ApiVersion> DockerClient::negotiated() {
    std::lock_guard lock(api_mu_);
    if (api_) return *api_;
    auto http = pool_.acquire();
    auto resp = http->send({.method = "GET", .target = "/_ping", .timeout_ms = 10000});
    if (!resp) return unreachable_hint(std::move(resp).error(), pool_.endpoint());
    if (resp->status != 200) {
        return Error(Errc::unreachable, fmt::format("the Docker engine at {} is not ready: {}", pool_.endpoint().display,
                                                    engine_message(resp->status, resp->body)));
    }
    const std::string reported = resp->header("api-version");
    auto server = ApiVersion::parse(reported);
    if (!server) {
        return Error(Errc::engine, fmt::format("the engine at {} did not report an API version on /_ping",
                                               pool_.endpoint().display));
    }
    auto use = negotiate(*server);
    if (!use) {
        return Error(Errc::engine, fmt::format("the engine at {} speaks API {}; stackctl needs {} or newer",
                                               pool_.endpoint().display, server->str(), kMinApi.str()));
    }
    spdlog::debug("engine: API {} (engine reports {})", use->str(), server->str());
    api_ = *use;
    return *use;
}

core::Result<ApiVersion> DockerClient::ping() { return negotiated(); }

core::Result<EngineVersion> DockerClient::version() {
    auto api = negotiated();
    if (!api) return std::move(api).error();
    HttpRequest req{.method = "GET", .target = "/version", .timeout_ms = 10000};
    auto doc = call_json(std::move(req), {200});
    if (!doc) return std::move(doc).error();
    if (!doc->is_object()) return Error(Errc::engine, "the engine's /version answer is not a JSON object");
    EngineVersion v;
    v.version = str(*doc, "Version");
    v.api_version = str(*doc, "ApiVersion");
    v.min_api_version = str(*doc, "MinAPIVersion");
    v.os = str(*doc, "Os");
    v.arch = str(*doc, "Arch");
    v.kernel_version = str(*doc, "KernelVersion");
    v.negotiated_api = api->str();
    return v;
}

// ---- request helpers -------------------------------------------------------------------------------------

core::Result<HttpResponse> DockerClient::roundtrip(HttpRequest req, const ChunkFn* on_chunk) {
    auto api = negotiated();
    if (!api) return std::move(api).error();
    req.target = "/v" + api->str() + req.target;
    auto http = pool_.acquire();
    auto resp = on_chunk != nullptr ? http->stream(req, *on_chunk) : http->send(req);
    if (!resp) return unreachable_hint(std::move(resp).error(), pool_.endpoint());
    return resp;
}

core::Result<json> DockerClient::call_json(HttpRequest req, std::initializer_list<long> ok) {
    const std::string what = req.method + " " + req.target;
    auto resp = roundtrip(std::move(req));
    if (!resp) return std::move(resp).error();
    if (std::find(ok.begin(), ok.end(), resp->status) == ok.end()) return error_from_status(resp->status, resp->body);
    if (resp->body.empty()) return json();
    auto doc = json::parse(resp->body, nullptr, false);
    if (doc.is_discarded()) return Error(Errc::engine, fmt::format("the engine's answer to {} is not JSON", what));
    return doc;
}

Status DockerClient::call(HttpRequest req, std::initializer_list<long> ok) {
    auto resp = roundtrip(std::move(req));
    if (!resp) return std::move(resp).error();
    if (std::find(ok.begin(), ok.end(), resp->status) == ok.end()) return error_from_status(resp->status, resp->body);
    return {};
}

Status DockerClient::json_stream(HttpRequest req, const std::function<bool(json&&)>& on_doc) {
    JsonStreamDecoder decoder;
    std::optional<Error> failure;
    const ChunkFn on_chunk = [&](std::string_view chunk) {
        auto r = decoder.feed(chunk, on_doc);
        if (!r) {
            failure = std::move(r).error();
            return false;
        }
        return *r == JsonStreamDecoder::Outcome::more;
    };
    auto resp = roundtrip(std::move(req), &on_chunk);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return error_from_status(resp->status, resp->body);
    if (failure) return std::move(*failure);
    return {};
}

Status DockerClient::progress_stream(HttpRequest req, const ProgressFn& progress,
                                     const std::function<void(const JsonMessage&)>& last) {
    std::optional<Error> failure;
    bool stopped_by_caller = false;
    auto st = json_stream(std::move(req), [&](json&& doc) {
        JsonMessage msg = parse_json_message(std::move(doc));
        if (!msg.error.empty()) {
            failure = error_from_stream(msg.error);
            return false;
        }
        if (last) last(msg);
        if (progress && !progress(msg)) {
            stopped_by_caller = true;
            return false;
        }
        return true;
    });
    if (!st) return st;
    if (failure) return std::move(*failure);
    if (stopped_by_caller) return Error(Errc::interrupted, "cancelled");
    return {};
}

core::Result<std::unique_ptr<RawConnection>> DockerClient::hijack(HttpRequest req) {
    auto api = negotiated();
    if (!api) return std::move(api).error();
    req.target = "/v" + api->str() + req.target;
    auto http = pool_.acquire();
    auto conn = http->hijack(req);
    if (!conn) return unreachable_hint(std::move(conn).error(), pool_.endpoint());
    return conn;
}

Status DockerClient::pump(RawConnection& conn, bool tty, const StreamIo& io) {
    if (io.on_attached) io.on_attached();
    FrameDemuxer demux;
    const OutputFn discard = [](StreamId, std::string_view) { return true; };
    const OutputFn& output = io.output ? io.output : discard;
    bool in_open = io.in_fd >= 0;
    bool close_after_flush = false;
    // Input read but not yet sent. Sending never blocks: a process that echoes its input (cat) would
    // otherwise fill the socket both ways and deadlock.
    std::string outbound;
    std::size_t sent = 0;
    std::vector<char> buf(64 * 1024);
    for (;;) {
        if (cancelled(io.cancel)) return Error(Errc::interrupted, "cancelled");
        bool readable = conn.has_pending();
        if (!readable) {
            const bool flushing = sent < outbound.size();
            pollfd fds[2] = {{conn.fd(), static_cast<short>(POLLIN | (flushing ? POLLOUT : 0)), 0},
                             {in_open && !flushing ? io.in_fd : -1, POLLIN, 0}};
            const int r = ::poll(fds, 2, 100);
            if (r < 0 && errno != EINTR) return Error(Errc::engine, fmt::format("poll: {}", std::strerror(errno)));
            if (r <= 0) continue;
            readable = (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
            if ((fds[0].revents & POLLOUT) != 0 && flushing) {
                auto n = conn.write_some(std::string_view(outbound).substr(sent));
                if (!n) return std::move(n).error();
                sent += *n;
                if (sent == outbound.size()) {
                    outbound.clear();
                    sent = 0;
                    if (close_after_flush) conn.close_write();
                }
            }
            if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                const ssize_t n = ::read(io.in_fd, buf.data(), buf.size());
                if (n > 0) {
                    outbound.assign(buf.data(), static_cast<std::size_t>(n));
                    sent = 0;
                } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                    in_open = false;  // end of input: the process reads EOF once what is queued is sent
                    if (outbound.empty()) {
                        conn.close_write();
                    } else {
                        close_after_flush = true;
                    }
                }
            }
        }
        if (!readable) continue;
        for (;;) {  // drain what the socket has
            auto n = conn.read_some(buf.data(), buf.size());
            if (!n) return std::move(n).error();
            if (*n < 0) break;
            if (*n == 0) return {};  // the process's output ended
            const std::string_view data(buf.data(), static_cast<std::size_t>(*n));
            if (tty) {
                if (!output(StreamId::out, data)) return {};
            } else {
                auto r = demux.feed(data, output);
                if (!r) return std::move(r).error();
                if (*r == FrameDemuxer::Outcome::stopped) return {};
            }
        }
    }
}

core::Result<bool> DockerClient::container_tty(const std::string& id, std::optional<bool> given) {
    if (given) return *given;
    auto info = inspect_container(id);
    if (!info) return std::move(info).error();
    return info->tty;
}

}  // namespace detail

// ---- free functions --------------------------------------------------------------------------------------

std::unique_ptr<Client> make_docker_client(Endpoint ep, ClientOptions opts) {
    return std::make_unique<detail::DockerClient>(std::move(ep), opts);
}

OutputFn fd_output(int out_fd, int err_fd) {
    return [out_fd, err_fd](StreamId id, std::string_view data) {
        const int fd = id == StreamId::err ? err_fd : out_fd;
        if (fd < 0) return true;
        while (!data.empty()) {
            const ssize_t n = ::write(fd, data.data(), data.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    };
}

core::Result<int> exec_run(Client& client, const std::string& container, const ExecConfig& cfg, const OutputFn& output,
                           const CancelFlag* cancel) {
    auto id = client.exec_create(container, cfg);
    if (!id) return std::move(id).error();
    StreamIo io;
    io.output = output;
    io.cancel = cancel;
    STACKCTL_TRY(client.exec_start(*id, ExecStartOptions{.tty = cfg.tty}, io));
    auto info = client.exec_inspect(*id);
    if (!info) return std::move(info).error();
    if (!info->exit_code) return Error(Errc::engine, "the engine reports the exec " + *id + " as still running");
    return *info->exit_code;
}

}  // namespace stackctl::engine
