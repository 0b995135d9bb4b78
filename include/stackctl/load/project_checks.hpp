#pragma once
/// Stages on the normalised project document (long syntax, defaults applied): profiles, consistency
/// checks, service selection and pruning of unused resources, as `docker compose config` applies them.

#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

/// Whether a service with these `profiles` is enabled: no profiles -> always; else one of them is active,
/// or "*" is active.
bool service_enabled(const Node& service, const std::vector<std::string>& active_profiles);

/// Removes the services that the active profiles do not enable; returns their names.
std::vector<std::string> apply_profiles(Node& project, const std::vector<std::string>& active_profiles);

/// Adds the profiles of each named service to `active_profiles`, so that naming a service enables it.
/// Fails with "no such service: X" for a name the project does not define.
core::Status enable_named_services(const Node& project, const std::vector<std::string>& names,
                                   std::vector<std::string>& active_profiles);

/// The consistency rules of the compose model (undefined references, conflicting settings, cycles ...).
/// `disabled` names services that profiles turned off, for a clearer message when one is depended on.
/// Reports every problem found, first in the Error, the rest in Error::more.
core::Status check_consistency(const Node& project, const std::vector<std::string>& disabled = {});

/// Keeps only the named services and what they depend on (transitively); depends_on entries that point
/// outside that set are removed. Fails with "no such service: X" when a name or a required dependency
/// is missing.
core::Status select_services(Node& project, const std::vector<std::string>& names);

/// Drops top-level networks, volumes, secrets and configs that no remaining service uses.
void prune_unused_resources(Node& project);

/// Every profile named by any service, sorted and unique.
std::vector<std::string> all_profiles(const Node& project);

/// Service names with each service after the services it depends on, ties in name order.
std::vector<std::string> services_in_dependency_order(const Node& project);

}  // namespace stackctl::load
