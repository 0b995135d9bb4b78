#pragma once
/// Building a service's image from its `build:` section with the engine's builder (POST /build), as
/// `stackctl build` and `up --build` do: the context directory as a tar honouring .dockerignore, the
/// Dockerfile (or dockerfile_inline), args, target, labels, network, extra_hosts, shm_size, cache_from,
/// no_cache, pull and extra tags. The image is named as the reference names it: `image:` when set, else
/// "<project>-<service>".

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/client.hpp"
#include "stackctl/load/tree.hpp"
#include "stackctl/converge/progress.hpp"

namespace stackctl::converge {

struct BuildSettings {
    bool no_cache = false;  ///< --no-cache (or the service's build.no_cache)
    bool pull = false;      ///< --pull (or build.pull)
    bool quiet = false;     ///< no build output lines, only the task events
    /// --build-arg values: they override build.args.
    std::map<std::string, std::string> args;
    /// Resolves args written without a value (`args: [FOO]`); empty: such args are left out.
    std::function<std::optional<std::string>(const std::string&)> lookup_env;
    const engine::CancelFlag* cancel = nullptr;
};

/// Whether the service has a `build:` section.
bool has_build(const load::Node& service);

/// The image a service runs: `image:` when set, else "<project>-<service>".
std::string service_image_name(const std::string& project, const std::string& service_name,
                               const load::Node& service);

/// Builds `service` (its node in the loaded project document; it must have `build:`) and tags the result
/// with service_image_name and build.tags. Emits events with id "Service <name>" ("Building", then
/// "Built" with the image id or "Error" with the engine's message) and each build output line through
/// `sink` as an event with parent "Service <name>" and text "output" (left out when settings.quiet).
/// Returns the image id ("sha256:..."). A failed build is an Errc::engine error carrying the engine's
/// message.
core::Result<std::string> build_service(engine::Client& client, const std::string& project,
                                        const std::string& service_name, const load::Node& service,
                                        const BuildSettings& settings, const ProgressSink& sink);

}  // namespace stackctl::converge
