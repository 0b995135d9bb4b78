#pragma once
/// The engine as stackctl sees it: an interface, so the executor can be unit-tested with a fake, and a
/// DockerClient that speaks the Docker Engine REST API.

#include <memory>
#include <string>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/api_version.hpp"
#include "stackctl/engine/endpoint.hpp"

namespace stackctl::engine {

/// What GET /version reports, plus the version negotiated for this session.
struct EngineVersion {
    std::string version;          ///< "20.10.24+dfsg1"
    std::string api_version;      ///< the engine's newest API, "1.41"
    std::string min_api_version;  ///< the engine's oldest API
    std::string os;
    std::string arch;
    std::string kernel_version;
    std::string negotiated_api;   ///< the API version stackctl uses with it
};

class Client {
public:
    virtual ~Client() = default;
    /// GET /_ping: checks the engine answers and negotiates the API version.
    virtual core::Result<ApiVersion> ping() = 0;
    /// GET /version.
    virtual core::Result<EngineVersion> version() = 0;
    [[nodiscard]] virtual const Endpoint& endpoint() const = 0;
};

/// A client for the engine at `ep`. It does not connect until the first call.
std::unique_ptr<Client> make_docker_client(Endpoint ep);

}  // namespace stackctl::engine
