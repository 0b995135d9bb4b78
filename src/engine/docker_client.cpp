#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <mutex>

#include "stackctl/engine/client.hpp"
#include "stackctl/engine/http.hpp"

namespace stackctl::engine {

using core::Errc;
using core::Error;
using json = nlohmann::json;

namespace {

/// The engine's own message from an error response ({"message": "..."}), or the raw body.
std::string engine_message(const HttpResponse& resp) {
    auto doc = json::parse(resp.body, nullptr, false);
    if (doc.is_object() && doc.contains("message") && doc["message"].is_string()) {
        return doc["message"].get<std::string>();
    }
    std::string body = resp.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    return body.empty() ? fmt::format("HTTP {}", resp.status) : body;
}

Error status_error(const HttpResponse& resp) {
    const Errc code = resp.status == 404 ? Errc::not_found : resp.status == 409 ? Errc::conflict : Errc::engine;
    return Error(code, engine_message(resp));
}

Error unreachable_hint(Error err, const Endpoint& ep) {
    if (err.code != Errc::unreachable) return err;
    err.message = fmt::format("cannot reach the Docker engine at {}: {}", ep.display,
                              ep.kind == Endpoint::Kind::unix_socket
                                  ? "no engine listens on that socket; start one with 'sudo scripts/setup' "
                                    "(or 'dockerd &'), or point DOCKER_HOST at a running engine"
                                  : "no engine answers at that address; start it, or fix DOCKER_HOST");
    return err;
}

std::string str_field(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class DockerClient final : public Client {
public:
    explicit DockerClient(Endpoint ep) : http_(std::move(ep)) {}

    core::Result<ApiVersion> ping() override {
        std::lock_guard lock(mu_);
        return ping_locked();
    }

    core::Result<EngineVersion> version() override {
        std::lock_guard lock(mu_);
        auto api = ping_locked();
        if (!api) return std::move(api).error();
        auto resp = http_.send({.method = "GET", .target = "/v" + api->str() + "/version", .timeout_ms = 10000});
        if (!resp) return unreachable_hint(std::move(resp).error(), http_.endpoint());
        if (resp->status != 200) return status_error(*resp);
        auto doc = json::parse(resp->body, nullptr, false);
        if (!doc.is_object()) return Error(Errc::engine, "the engine's /version answer is not a JSON object");
        EngineVersion v;
        v.version = str_field(doc, "Version");
        v.api_version = str_field(doc, "ApiVersion");
        v.min_api_version = str_field(doc, "MinAPIVersion");
        v.os = str_field(doc, "Os");
        v.arch = str_field(doc, "Arch");
        v.kernel_version = str_field(doc, "KernelVersion");
        v.negotiated_api = api->str();
        return v;
    }

    [[nodiscard]] const Endpoint& endpoint() const override { return http_.endpoint(); }

private:
    core::Result<ApiVersion> ping_locked() {
        if (api_) return *api_;
        auto resp = http_.send({.method = "GET", .target = "/_ping", .timeout_ms = 10000});
        if (!resp) return unreachable_hint(std::move(resp).error(), http_.endpoint());
        if (resp->status != 200) {
            return Error(Errc::unreachable, fmt::format("the Docker engine at {} is not ready: {}",
                                                        http_.endpoint().display, engine_message(*resp)));
        }
        const std::string reported = resp->header("api-version");
        auto server = ApiVersion::parse(reported);
        if (!server) {
            return Error(Errc::engine, fmt::format("the engine at {} did not report an API version on /_ping",
                                                   http_.endpoint().display));
        }
        auto use = negotiate(*server);
        if (!use) {
            return Error(Errc::engine, fmt::format("the engine at {} speaks API {}; stackctl needs {} or newer",
                                                   http_.endpoint().display, server->str(), kMinApi.str()));
        }
        api_ = *use;
        return *use;
    }

    std::mutex mu_;
    Http http_;
    std::optional<ApiVersion> api_;
};

}  // namespace

std::unique_ptr<Client> make_docker_client(Endpoint ep) { return std::make_unique<DockerClient>(std::move(ep)); }

}  // namespace stackctl::engine
