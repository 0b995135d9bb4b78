#pragma once
/// The images a project's services run: used when present, built (`build:`) or pulled when missing.

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/converge/desired.hpp"
#include "stackctl/converge/progress.hpp"
#include "stackctl/engine/client.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::converge {

/// What to do about one service's image. `pull_then_build`: a service with a build section and its own
/// `image` tries the registry first and builds when the pull fails (as the reference does).
enum class ImageAction { use, pull, build, pull_then_build, missing };

/// The decision for one image: `policy` is `--pull` when given, else the service's `pull_policy` ("" is
/// missing; if_not_present is normalised to missing by the loader); --build turns it into "build" for
/// services with a build section. `missing`: the policy forbids getting an absent image (never, or build
/// for a service without a build section).
ImageAction image_action(std::string_view policy, bool has_build, bool explicit_image, bool present);

/// True for the values `up --pull` accepts: always, missing, never, build, if_not_present.
bool valid_pull_policy(std::string_view policy);

struct ImageOptions {
    bool build = false;     ///< --build: build every service that has a build section
    bool no_build = false;  ///< --no-build: never build
    std::string pull;       ///< --pull: overrides every service's pull_policy when not empty
    bool quiet_pull = false;  ///< --quiet-pull: no per-layer pull progress
    const std::atomic<bool>* cancel = nullptr;
    /// Resolves build args written without a value (see BuildSettings::lookup_env).
    std::function<std::optional<std::string>(const std::string&)> lookup_env;
};

/// Makes sure the images of `services` exist, each as image_action decides: built as `<project>-<service>`
/// (or the service's `image`) with build_service (`document` is the loaded project's), or pulled. `image_ids` (reference -> id) holds the images `observe` found present, so they
/// are not asked for again; the ids of those built or pulled here are added to it.
core::Status ensure_images(engine::Client& client, const DesiredState& d, const load::Node& document,
                           const std::vector<std::string>& services, const ImageOptions& opts,
                           const ProgressSink& progress, std::map<std::string, std::string>& image_ids);

}  // namespace stackctl::converge
