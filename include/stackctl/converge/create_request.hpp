#pragma once
/// One service replica -> the Engine API's container-create request, as the reference builds it.

#include <map>
#include <string>
#include <vector>

#include "stackctl/converge/desired.hpp"
#include "stackctl/core/result.hpp"
#include "stackctl/engine/types.hpp"

namespace stackctl::converge {

/// What only the engine knows when a container is created.
struct CreateInputs {
    int number = 1;           ///< the replica number (com.docker.compose.container-number)
    std::string image_id;     ///< the image's id (label com.docker.compose.image)
    /// service -> the id of its (first) container, for network_mode/ipc/pid `service:x` and volumes_from.
    std::map<std::string, std::string> service_containers;
    /// Anonymous volumes of the container being replaced: target path -> volume name. A recreated container
    /// mounts them again, so its data survives (the reference does the same).
    std::map<std::string, std::string> inherited_volumes;
    std::string version = "2.26.1";  ///< com.docker.compose.version: the reference's, so it does not differ
};

struct CreateRequest {
    engine::ContainerCreate create;
    /// Networks after the first: connected after create and before start, as the reference does.
    std::vector<std::pair<std::string, engine::NetworkConnect>> connect;
};

/// `<project>-<service>-<n>`, or container_name.
std::string container_name(const DesiredState& d, const ServiceSpec& s, int number);

/// The com.docker.compose.* labels of a container (plus the service's own labels).
engine::Labels container_labels(const DesiredState& d, const ServiceSpec& s, const CreateInputs& in);

/// Networks of a service by priority (higher first), then key, as the reference attaches them.
std::vector<std::string> service_networks(const ServiceSpec& s);

/// The create request. Errors (Errc::validate) for values the engine cannot be given.
core::Result<CreateRequest> create_request(const DesiredState& d, const ServiceSpec& s, const CreateInputs& in);

}  // namespace stackctl::converge
