#pragma once
/// The images a project's services run: used when present, built (`build:`) or pulled when missing.

#include <atomic>
#include <string>
#include <vector>

#include "stackctl/converge/desired.hpp"
#include "stackctl/converge/progress.hpp"
#include "stackctl/engine/client.hpp"

namespace stackctl::converge {

struct ImageOptions {
    bool build = false;     ///< --build: build every service that has a build section
    bool no_build = false;  ///< --no-build: never build
    const std::atomic<bool>* cancel = nullptr;
};

/// Makes sure the images of `services` exist: built as `<project>-<service>` (or the service's `image`)
/// when missing or forced, pulled when missing without a build section.
core::Status ensure_images(engine::Client& client, const DesiredState& d, const std::vector<std::string>& services,
                           const ImageOptions& opts, ProgressSink& progress);

}  // namespace stackctl::converge
