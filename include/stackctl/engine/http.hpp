#pragma once
/// HTTP/1.1 to the engine with libcurl, over a unix socket or TCP. One Http per thread: a libcurl easy
/// handle is reused across requests (keep-alive) but is not safe to share between threads.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/endpoint.hpp"

namespace stackctl::engine {

struct HttpRequest {
    std::string method = "GET";
    std::string target;  ///< path and query, e.g. "/v1.41/containers/json?all=1"
    std::string body;
    std::string content_type;  ///< set when body is not empty
    long timeout_ms = 0;       ///< 0: no overall limit (streams)
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  ///< names lower-cased

    [[nodiscard]] std::string header(std::string_view name) const;
};

/// Called with each chunk of a streamed body; return false to stop reading.
using ChunkFn = std::function<bool(std::string_view)>;

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

    [[nodiscard]] const Endpoint& endpoint() const { return ep_; }

private:
    core::Result<HttpResponse> perform(const HttpRequest& req, const ChunkFn* on_chunk);
    Endpoint ep_;
    void* curl_ = nullptr;  // CURL*, kept out of the header
};

}  // namespace stackctl::engine
