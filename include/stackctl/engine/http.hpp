#pragma once
/// HTTP/1.1 to the engine with libcurl, over a unix socket or TCP. One Http per thread: a libcurl easy
/// handle is reused across requests (keep-alive) but is not safe to share between threads; DockerClient
/// keeps a pool of them.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/endpoint.hpp"
#include "stackctl/engine/streams.hpp"

namespace stackctl::engine {

/// Receives bytes in order; an error stops the producer.
using WriteFn = std::function<core::Status(std::string_view)>;

/// A request body read while it is sent, so a large one (a build context, an image tarball) never has to
/// be held in memory. Move-only and single-use.
class BodySource {
public:
    /// What Http needs from a body; the factories below make the common ones.
    class Impl {
    public:
        virtual ~Impl() = default;
        virtual core::Status open() = 0;
        /// Up to `cap` bytes into `buf`; 0 at the end.
        virtual core::Result<std::size_t> read(char* buf, std::size_t cap) = 0;
        /// Ends the body (early, when the transfer stopped); reports a producer's failure.
        virtual core::Status close() = 0;
        /// The length when known up front (then no chunked encoding is needed).
        [[nodiscard]] virtual std::optional<std::uint64_t> size() const = 0;
    };

    BodySource() = default;
    explicit BodySource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

    static BodySource from_string(std::string data);
    /// The file's content, opened when the request is sent.
    static BodySource from_file(std::string path);
    /// Everything read from `fd` up to its end; the descriptor stays open and owned by the caller.
    static BodySource from_fd(int fd);
    /// Bytes written by `produce`, which runs on a thread of its own while the request is sent (e.g. a tar
    /// writer over a build context: TarSink and WriteFn have the same signature). If it fails, the upload
    /// is aborted and its error reported.
    static BodySource from_producer(std::function<core::Status(const WriteFn&)> produce);

    [[nodiscard]] bool empty() const { return impl_ == nullptr; }
    [[nodiscard]] Impl* impl() const { return impl_.get(); }

private:
    std::unique_ptr<Impl> impl_;
};

struct HttpRequest {
    std::string method = "GET";
    std::string target;  ///< path and query, e.g. "/v1.41/containers/json?all=1"
    std::string body;
    std::string content_type;          ///< set when there is a body
    std::vector<std::string> headers;  ///< extra "Name: value" lines (X-Registry-Auth ...)
    BodySource* upload = nullptr;      ///< a streamed body; `body` is ignored when set
    long timeout_ms = 0;               ///< 0: no overall limit (streams, waits)
    const CancelFlag* cancel = nullptr;  ///< set it to end the request with Errc::interrupted
    /// Runs even after the client-wide flag (Ctrl-C) is set: clean-up of what an interrupted step half-made.
    bool despite_global_cancel = false;
    /// Called once the response headers are in (with the status), before any body: lets a caller know a
    /// wait or an event subscription is registered with the engine.
    std::function<void(long)> on_headers;
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  ///< names lower-cased

    [[nodiscard]] std::string header(std::string_view name) const;
};

/// Called with each chunk of a streamed body; return false to stop reading.
using ChunkFn = std::function<bool(std::string_view)>;

/// A connection taken over after an `Upgrade: tcp` handshake (attach, exec start): raw bytes both ways.
/// The socket is non-blocking; poll fd() to wait.
class RawConnection {
public:
    /// Takes over a connected CURLOPT_CONNECT_ONLY handle (Http::hijack makes them).
    explicit RawConnection(void* curl);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    [[nodiscard]] int fd() const { return fd_; }
    [[nodiscard]] long status() const { return status_; }
    [[nodiscard]] const std::map<std::string, std::string>& headers() const { return headers_; }
    /// True when bytes that arrived with the handshake are still to be read (poll would not see them).
    [[nodiscard]] bool has_pending() const { return !pending_.empty(); }
    /// Reads what is there: the count (> 0), 0 at the end of the stream, or -1 when nothing is there yet.
    core::Result<std::ptrdiff_t> read_some(char* buf, std::size_t cap);
    /// Writes what the socket takes now (0 when it is full).
    core::Result<std::size_t> write_some(std::string_view bytes);
    /// Writes all of `bytes`, waiting for the socket when it is full.
    core::Status write_all(std::string_view bytes, const CancelFlag* cancel);
    /// Half-closes: the other side reads the end of its stdin.
    void close_write();

private:
    friend class Http;
    void* curl_;
    int fd_ = -1;
    std::string pending_;
    long status_ = 0;
    std::map<std::string, std::string> headers_;
};

class Http {
public:
    explicit Http(Endpoint ep);
    ~Http();
    Http(const Http&) = delete;
    Http& operator=(const Http&) = delete;

    /// Sends a request and buffers the whole body.
    core::Result<HttpResponse> send(const HttpRequest& req);
    /// Sends a request and hands the body to `on_chunk` as it arrives; the response's body stays empty
    /// unless the status is an error (then it holds the engine's error document).
    core::Result<HttpResponse> stream(const HttpRequest& req, const ChunkFn& on_chunk);
    /// Sends `req` with `Connection: Upgrade` / `Upgrade: tcp` on a connection of its own and hands the
    /// connection over. An error status is an error with the engine's message.
    core::Result<std::unique_ptr<RawConnection>> hijack(const HttpRequest& req);

    /// A flag checked by every transfer of this handle (the client's "cancel everything").
    void set_cancel(const CancelFlag* cancel) { global_cancel_ = cancel; }
    [[nodiscard]] const Endpoint& endpoint() const { return ep_; }

private:
    core::Result<HttpResponse> perform(const HttpRequest& req, const ChunkFn* on_chunk);
    Endpoint ep_;
    void* curl_ = nullptr;   // CURL*, kept out of the header
    void* multi_ = nullptr;  // CURLM*: drives curl_ and keeps its connection alive between requests
    const CancelFlag* global_cancel_ = nullptr;
};

}  // namespace stackctl::engine
