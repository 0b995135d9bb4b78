#pragma once
/// One service replica -> the Engine API's container-create request, as the reference builds it.

#include <cstdint>
#include <map>
#include <set>
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
    /// The paths the image declares as VOLUMEs: an inherited volume at one of them that the service does not
    /// mount otherwise is mounted again too (the image's anonymous volume keeps its data, as in the reference).
    std::set<std::string> image_volumes;
    std::string version = "2.26.1";  ///< com.docker.compose.version: the reference's, so it does not differ
};

/// A secret or config from `environment` (or a config's `content`): copied into the container after create and
/// before start (PUT /containers/{id}/archive at "/"), as the reference does. Mode 0444 unless the service's
/// long syntax says otherwise; uid/gid as written there (0 otherwise).
struct InjectedFile {
    std::string target;  ///< absolute path in the container
    std::string content;
    std::uint32_t mode = 0444;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
};

struct CreateRequest {
    engine::ContainerCreate create;
    /// Networks after the first: connected after create and before start, as the reference does.
    std::vector<std::pair<std::string, engine::NetworkConnect>> connect;
    /// Files to copy in after create (and the network connects) and before the first start.
    std::vector<InjectedFile> files;
};

/// `<project>-<service>-<n>`, or container_name.
std::string container_name(const DesiredState& d, const ServiceSpec& s, int number);

/// The com.docker.compose.* labels of a container (plus the service's own labels).
engine::Labels container_labels(const DesiredState& d, const ServiceSpec& s, const CreateInputs& in);

/// Networks of a service by priority (higher first), then key, as the reference attaches them.
std::vector<std::string> service_networks(const ServiceSpec& s);

/// The create request. Errors (Errc::validate) for values the engine cannot be given.
core::Result<CreateRequest> create_request(const DesiredState& d, const ServiceSpec& s, const CreateInputs& in);

/// The service's secrets and configs to copy in. Errc::validate when a variable they come from is not set (so
/// `up` can check every service before it changes anything).
core::Result<std::vector<InjectedFile>> injected_files(const DesiredState& d, const ServiceSpec& s);

/// The tar of `files` (names are their absolute targets, so it is extracted at "/").
core::Result<std::string> injected_files_tar(const std::vector<InjectedFile>& files);

}  // namespace stackctl::converge
