#pragma once
/// Observed state, the pure reconcile step, and the Plan it produces.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/converge/desired.hpp"
#include "stackctl/core/result.hpp"
#include "stackctl/engine/client.hpp"

namespace stackctl::converge {

struct AnonymousMount {
    std::string name;    ///< the volume (64 hex digits)
    std::string target;  ///< where the container mounts it
    /// Not declared by the service: kept only when the container's image declares a VOLUME at `target`.
    bool image_volume = false;
    bool operator==(const AnonymousMount&) const = default;
};

struct ObservedContainer {
    std::string id;
    std::string name;
    std::string service;
    int number = 0;
    std::string state;  ///< created, running, exited, ...
    std::string config_hash;
    std::string image_id;  ///< com.docker.compose.image
    std::string image;     ///< the image reference the container was created from
    std::string health;    ///< healthy, unhealthy, starting; empty without a health check (the list's Status)
    bool oneoff = false;
    engine::Labels labels;
    /// The engine-named (64 hex digits) volumes mounted in it: its anonymous volumes, including those a
    /// recreation carried over by name, which the engine's own `v=1` removal no longer counts as anonymous.
    /// In a DownPlan: only those `down -v` removes (see plan_down).
    std::vector<AnonymousMount> anonymous_volumes;
};

struct ObservedState {
    std::vector<ObservedContainer> containers;  ///< by service, then number
    std::vector<engine::NetworkInfo> networks;
    std::vector<engine::VolumeInfo> volumes;
    /// image reference -> its id, for the images the desired services run (absent: the engine lacks it).
    std::map<std::string, std::string> image_ids;

    [[nodiscard]] bool has_network(const std::string& name) const;
    [[nodiscard]] bool has_volume(const std::string& name) const;
};

/// Lists the project's containers (all, stopped too; one-offs excluded), networks and volumes by the project
/// label, and the ids of `images`.
core::Result<ObservedState> observe(engine::Client& client, const std::string& project, const std::vector<std::string>& images);

enum class Action : std::uint8_t {
    create_network,
    create_volume,
    create,    ///< a new container (then started unless no_start)
    recreate,  ///< stop + remove the old one, create a new one
    start,     ///< a stopped container
    keep,      ///< up to date and running
    remove,    ///< stop + remove (orphans, replicas above the scale)
    wait,      ///< wait for a dependency's condition before the service's containers start
};

const char* action_name(Action a);

struct Step {
    Action action = Action::keep;
    std::string service;  ///< empty for networks, volumes
    int number = 0;
    std::string name;          ///< container, network or volume name
    std::string container_id;  ///< the existing container (recreate, start, keep, remove)
    std::string reason;
    std::string key;  ///< network / volume key in the model
    /// wait: the dependency and its condition.
    std::string dependency;
    graph::Condition condition = graph::Condition::started;
    bool required = true;
    /// wait: the dependency meets the condition already (service_healthy: every container of it is kept,
    /// running and healthy as observed), so the executor does not ask the engine.
    bool satisfied = false;
};

struct Plan {
    std::vector<Step> resources;                       ///< networks and volumes, created first
    std::map<std::string, std::vector<Step>> services;  ///< per service: waits, then container steps
    std::vector<Step> orphans;                          ///< removed when remove_orphans
    std::vector<std::string> orphans_left;              ///< found but kept (no --remove-orphans)
    graph::Graph graph;                                 ///< the services the plan covers
    bool start = true;

    /// Whether running it would change anything.
    [[nodiscard]] bool changes() const;
    /// How many services have steps that call the engine (all but keep, service_started waits and waits
    /// already satisfied): the executor needs no more threads than that, none for a no-op `up`.
    [[nodiscard]] std::size_t active_services() const;
    /// One line per step, in execution order: `container demo-web-1: recreate (config hash changed)`.
    [[nodiscard]] std::string to_string() const;
};

/// The health in a container list's Status ("Up 3 seconds (healthy)"): healthy, unhealthy, starting or empty.
std::string health_from_status(std::string_view status);

/// Whether a wait on `dependency` for `condition` is met before anything runs: service_healthy, every observed
/// container of the dependency running and healthy, and `plan` doing nothing to them but keep them.
bool already_satisfied(const Plan& plan, const ObservedState& observed, const std::string& dependency,
                       graph::Condition condition);

enum class RecreatePolicy : std::uint8_t { diverged, force, never };

struct UpOptions {
    RecreatePolicy recreate = RecreatePolicy::diverged;
    /// For the services started only as dependencies of the selected ones (`up SERVICE...`): diverged,
    /// force with --always-recreate-deps, never with --no-recreate (as the reference).
    RecreatePolicy recreate_dependencies = RecreatePolicy::diverged;
    bool remove_orphans = false;
    bool no_deps = false;
    bool no_start = false;
    std::map<std::string, int> scale;   ///< --scale overrides
    std::vector<std::string> services;  ///< selected services; empty: all
};

/// The pure reconcile step: desired + observed -> Plan. Errc::not_found for an unknown selected service.
core::Result<Plan> reconcile(const DesiredState& desired, const ObservedState& observed, const UpOptions& opts);

struct DownOptions {
    bool volumes = false;
    bool remove_orphans = false;
    /// The project comes from compose files (false: from labels only, `down -p NAME`): only then are the
    /// containers' engine-named volumes known to be anonymous, and removed with `volumes`.
    bool model = true;
};

/// What `down` removes, in order: containers (reverse dependency order), networks, volumes.
struct DownPlan {
    std::map<std::string, std::vector<ObservedContainer>> containers;  ///< per service
    std::vector<ObservedContainer> orphans;
    std::vector<std::string> orphans_left;
    graph::Graph graph;
    std::vector<std::string> networks;
    std::vector<std::string> volumes;
    [[nodiscard]] std::string to_string() const;
};

/// The project as its resources' labels describe it, for `down -p NAME` without a compose file (the reference
/// does the same): one service per service label of `observed`'s containers (depends_on from their
/// com.docker.compose.depends_on label; `image` only when it is not the default `<project>-<service>`), every
/// labelled network and volume as declared (keyed by com.docker.compose.network / .volume).
DesiredState desired_from_labels(const std::string& project, const ObservedState& observed);

/// Only resources that carry the project's label (those `observed` holds) are ever in it; declared
/// external networks and volumes never are.
DownPlan plan_down(const DesiredState& desired, const ObservedState& observed, const DownOptions& opts);

}  // namespace stackctl::converge
