#include "stackctl/engine/http.hpp"

#include "curl_api.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace stackctl::engine {

using core::Errc;
using core::Error;

namespace {

struct Transfer {
    HttpResponse* resp;
    const ChunkFn* on_chunk;
    bool aborted_by_callback = false;
};

size_t on_body(char* data, size_t size, size_t nmemb, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * nmemb;
    // Error statuses always buffer, so the engine's message can be reported.
    if (t->on_chunk == nullptr || t->resp->status >= 400) {
        t->resp->body.append(data, n);
        return n;
    }
    if (!(*t->on_chunk)(std::string_view(data, n))) {
        t->aborted_by_callback = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    return n;
}

size_t on_header(char* data, size_t size, size_t nmemb, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * nmemb;
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        // A new status line (e.g. after 100 Continue): start over.
        t->resp->headers.clear();
        auto sp = line.find(' ');
        if (sp != std::string_view::npos) t->resp->status = std::atol(std::string(line.substr(sp + 1, 3)).c_str());
        return n;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto value = line.substr(colon + 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
    t->resp->headers[name] = std::string(value);
    return n;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string() : it->second;
}

Http::Http(Endpoint ep) : ep_(std::move(ep)) {}

Http::~Http() {
    if (curl_ != nullptr) (*detail::curl_api())->easy_cleanup(static_cast<CURL*>(curl_));
}

core::Result<HttpResponse> Http::send(const HttpRequest& req) { return perform(req, nullptr); }

core::Result<HttpResponse> Http::stream(const HttpRequest& req, const ChunkFn& on_chunk) {
    return perform(req, &on_chunk);
}

core::Result<HttpResponse> Http::perform(const HttpRequest& req, const ChunkFn* on_chunk) {
    auto loaded = detail::curl_api();
    if (!loaded) return loaded.error();
    const detail::CurlApi& api = **loaded;
    if (curl_ == nullptr) curl_ = api.easy_init();
    auto* c = static_cast<CURL*>(curl_);
    if (c == nullptr) return Error(Errc::internal, "libcurl could not create a handle");
    api.easy_reset(c);

    HttpResponse resp;
    Transfer t{&resp, on_chunk};
    const std::string url = ep_.base_url + req.target;
    api.easy_setopt(c, CURLOPT_URL, url.c_str());
    if (ep_.kind == Endpoint::Kind::unix_socket) api.easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, ep_.socket_path.c_str());
    api.easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    if (req.timeout_ms > 0) api.easy_setopt(c, CURLOPT_TIMEOUT_MS, req.timeout_ms);
    api.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    api.easy_setopt(c, CURLOPT_WRITEDATA, &t);
    api.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    api.easy_setopt(c, CURLOPT_HEADERDATA, &t);

    curl_slist* headers = nullptr;
    headers = api.slist_append(headers, "Expect:");  // no 100-continue round trip for uploads
    if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
        api.easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
        api.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
        if (!req.content_type.empty()) {
            headers = api.slist_append(headers, ("Content-Type: " + req.content_type).c_str());
        }
    }
    api.easy_setopt(c, CURLOPT_HTTPHEADER, headers);

    spdlog::debug("engine: {} {}", req.method, req.target);
    const CURLcode rc = api.easy_perform(c);
    api.slist_free_all(headers);

    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && t.aborted_by_callback)) {
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_OPERATION_TIMEDOUT) {
            if (resp.status == 0) {
                return Error(Errc::unreachable,
                             fmt::format("cannot reach the Docker engine at {} ({})", ep_.display, api.easy_strerror(rc)));
            }
        }
        return Error(Errc::engine, fmt::format("{} {}: {}", req.method, req.target, api.easy_strerror(rc)));
    }
    long code = 0;
    api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code != 0) resp.status = code;
    return resp;
}

}  // namespace stackctl::engine
