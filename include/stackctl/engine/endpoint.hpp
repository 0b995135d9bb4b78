#pragma once
/// Where the engine listens: DOCKER_HOST parsed into something libcurl can dial.

#include <string>
#include <string_view>

#include "stackctl/core/result.hpp"

namespace stackctl::engine {

inline constexpr std::string_view kDefaultSocket = "/var/run/docker.sock";

struct Endpoint {
    enum class Kind { unix_socket, tcp };
    Kind kind = Kind::unix_socket;
    std::string socket_path;  ///< for unix_socket
    std::string base_url;     ///< "http://localhost" for a socket, "http://host:port" for tcp
    std::string display;      ///< as the user wrote it: "unix:///var/run/docker.sock"
};

/// Parses a DOCKER_HOST value; empty means the default socket. Accepts unix://PATH, tcp://HOST:PORT,
/// http://HOST:PORT. TLS (DOCKER_TLS_VERIFY) is not supported and is refused with a clear error.
core::Result<Endpoint> parse_endpoint(std::string_view docker_host);

/// The endpoint from the environment (DOCKER_HOST), or the default socket.
core::Result<Endpoint> endpoint_from_env();

}  // namespace stackctl::engine
