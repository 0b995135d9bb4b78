#include "stackctl/engine/endpoint.hpp"

#include <cstdlib>

namespace stackctl::engine {

using core::Errc;
using core::Error;

core::Result<Endpoint> parse_endpoint(std::string_view host) {
    Endpoint ep;
    if (host.empty()) {
        ep.socket_path = std::string(kDefaultSocket);
        ep.base_url = "http://localhost";
        ep.display = "unix://" + ep.socket_path;
        return ep;
    }
    ep.display = std::string(host);
    constexpr std::string_view unix_scheme = "unix://";
    if (host.starts_with(unix_scheme)) {
        ep.socket_path = std::string(host.substr(unix_scheme.size()));
        if (ep.socket_path.empty() || ep.socket_path.front() != '/') {
            return Error(Errc::usage, "DOCKER_HOST \"" + ep.display + "\": a unix socket needs an absolute path");
        }
        ep.base_url = "http://localhost";
        return ep;
    }
    std::string_view rest;
    if (host.starts_with("tcp://")) {
        rest = host.substr(6);
    } else if (host.starts_with("http://")) {
        rest = host.substr(7);
    } else if (host.starts_with("https://") || host.starts_with("ssh://") || host.starts_with("npipe://")) {
        return Error(Errc::usage, "DOCKER_HOST \"" + ep.display +
                                      "\": only unix:// and plain tcp:// endpoints are supported");
    } else {
        return Error(Errc::usage, "DOCKER_HOST \"" + ep.display +
                                      "\": expected unix:///path/to/socket or tcp://host:port");
    }
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.empty()) return Error(Errc::usage, "DOCKER_HOST \"" + ep.display + "\": missing host");
    if (rest.find('/') != std::string_view::npos) {
        return Error(Errc::usage, "DOCKER_HOST \"" + ep.display + "\": a path after host:port is not supported");
    }
    ep.kind = Endpoint::Kind::tcp;
    std::string hostport(rest);
    // Docker's convention: tcp:// without a port means 2375.
    const bool bracketed_v6 = hostport.front() == '[';
    const auto colon = hostport.rfind(':');
    const bool has_port = colon != std::string::npos && (!bracketed_v6 || colon > hostport.find(']'));
    if (!has_port) hostport += ":2375";
    ep.base_url = "http://" + hostport;
    return ep;
}

core::Result<Endpoint> endpoint_from_env() {
    if (const char* tls = std::getenv("DOCKER_TLS_VERIFY"); tls != nullptr && *tls != '\0') {
        return Error(Errc::usage, "DOCKER_TLS_VERIFY is set, but stackctl does not speak TLS to the engine yet");
    }
    const char* host = std::getenv("DOCKER_HOST");
    return parse_endpoint(host != nullptr ? host : "");
}

}  // namespace stackctl::engine
