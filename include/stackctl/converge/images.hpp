#pragma once
/// The images a project's services run: used when present, built (`build:`) or pulled when missing.

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stackctl/converge/desired.hpp"
#include "stackctl/converge/progress.hpp"
#include "stackctl/engine/client.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::converge {

struct ImageOptions {
    bool build = false;     ///< --build: build every service that has a build section
    bool no_build = false;  ///< --no-build: never build
    const std::atomic<bool>* cancel = nullptr;
    /// Resolves build args written without a value (see BuildSettings::lookup_env).
    std::function<std::optional<std::string>(const std::string&)> lookup_env;
};

/// Makes sure the images of `services` exist: built as `<project>-<service>` (or the service's `image`)
/// when missing or forced (with build_service; `document` is the loaded project's), pulled when missing
/// without a build section. `image_ids` (reference -> id) holds the images `observe` found present, so they
/// are not asked for again; the ids of those built or pulled here are added to it.
core::Status ensure_images(engine::Client& client, const DesiredState& d, const load::Node& document,
                           const std::vector<std::string>& services, const ImageOptions& opts,
                           const ProgressSink& progress, std::map<std::string, std::string>& image_ids);

}  // namespace stackctl::converge
