#pragma once
/// The desired state of a project: what `up` converges to, derived from the loader's document.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stackctl/core/result.hpp"
#include "stackctl/graph/graph.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::converge {

/// What the project labels say about where a project came from.
struct ProjectInfo {
    std::string name;
    std::string working_dir;
    std::vector<std::string> config_files;
    std::vector<std::string> env_files;  ///< only those that exist
};

struct ServiceSpec {
    std::string name;
    /// The service as `config --format json` prints it (the reference's typed forms).
    nlohmann::json config;
    /// The reference's config hash of that service (label com.docker.compose.config-hash).
    std::string hash;
    int replicas = 1;
    /// The image reference to run: `image`, or `<project>-<service>` for a build without an image.
    std::string image;
    bool has_build = false;
};

struct DesiredState {
    ProjectInfo project;
    std::vector<ServiceSpec> services;  ///< in dependency order
    nlohmann::json networks = nlohmann::json::object();  ///< key -> encoded network
    nlohmann::json volumes = nlohmann::json::object();
    nlohmann::json secrets = nlohmann::json::object();
    nlohmann::json configs = nlohmann::json::object();
    graph::Graph graph;
    /// The project's environment (OS over the .env files): the values of secrets and configs from `environment`.
    std::map<std::string, std::string, std::less<>> environment;

    [[nodiscard]] const ServiceSpec* service(const std::string& name) const;
    /// The engine name of a network key (its `name`, else `<project>_<key>`).
    [[nodiscard]] std::string network_name(const std::string& key) const;
    [[nodiscard]] std::string volume_name(const std::string& key) const;
};

/// Builds the desired state from the loader's normalised document (encoded as `config --format json`).
core::Result<DesiredState> desired_state(ProjectInfo info, const load::Node& document);

/// The graph of a document's services and their depends_on (conditions, required, restart).
graph::Graph service_graph(const nlohmann::json& services);

}  // namespace stackctl::converge
