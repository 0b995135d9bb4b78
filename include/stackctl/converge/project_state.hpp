#pragma once
/// What the engine has of a project: its containers, found by the label com.docker.compose.project=<name>,
/// as a typed view (service, container number, state, health, ports ...). Read-only; used by ps, status,
/// logs, exec and by up/down to observe the current state.

#include <cstdint>
#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/client.hpp"

namespace stackctl::converge {

/// A port as the engine lists it for a container (GET /containers/json Ports).
struct PortBinding {
    std::string ip;        ///< host address; empty when not published
    int private_port = 0;  ///< container port
    int public_port = 0;   ///< host port; 0 when not published
    std::string protocol;  ///< tcp, udp, sctp
};

struct ContainerState {
    std::string service;  ///< com.docker.compose.service
    int number = 0;       ///< com.docker.compose.container-number (0 when missing)
    bool oneoff = false;  ///< com.docker.compose.oneoff=True (`run` containers)
    std::string name;     ///< without the leading '/'
    std::string id;       ///< full id
    std::string image;    ///< the image reference the container was created from
    std::string command;  ///< the engine's command line
    std::string state;    ///< created, running, paused, restarting, removing, exited, dead
    std::string status;   ///< the engine's text: "Up 2 minutes (healthy)"
    std::string health;   ///< starting, healthy, unhealthy; empty without a health check
    int exit_code = 0;
    std::int64_t created = 0;  ///< unix seconds
    std::string started_at;    ///< RFC 3339 (from inspect), empty when never started
    std::string finished_at;
    bool tty = false;
    std::vector<PortBinding> ports;
    std::vector<std::string> networks;
    std::vector<std::string> mounts;  ///< volume names, or the sources of bind mounts
    int local_volumes = 0;            ///< mounts of the local volume driver
    engine::Labels labels;
};

struct StateQuery {
    std::string project;
    std::vector<std::string> services;  ///< empty: all
    bool all = true;                    ///< false: running containers only (as `docker ps`)
    bool oneoff = false;                ///< include one-off (`run`) containers
    bool inspect = true;                ///< inspect each container for health, exit code and start time
};

/// The project's containers, sorted by name. Inspections run in parallel; a container that disappears
/// between listing and inspection is left out.
core::Result<std::vector<ContainerState>> list_project_containers(engine::Client& client,
                                                                  const StateQuery& q);

/// "web-1": the service and container number, as log prefixes and status lines show them.
std::string display_name(const ContainerState& c);

/// The ports column of `docker ps` / `docker compose ps`: sorted, consecutive ports grouped into ranges,
/// "127.0.0.1:8080->80/tcp, 443/tcp".
std::string format_ports(std::vector<PortBinding> ports);

}  // namespace stackctl::converge
