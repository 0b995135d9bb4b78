#pragma once
/// Progress of long operations (build, pull, and up/down's steps on containers, networks, volumes) as a
/// stream of events: converge emits them through a `ProgressSink` without knowing how (or whether) they
/// are shown; the renderers are in ui (include/stackctl/ui/progress.hpp).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace stackctl::converge {

enum class ProgressStatus { working, done, warning, error };

/// One step of a task. Tasks are identified by `id` ("Service web", "Image busybox", "Container demo-web-1",
/// "Network demo_default"); the first event of an id opens the task, `done`/`error` close it. Events with
/// a `parent` are sub-tasks (pull layers) shown under it.
struct ProgressEvent {
    std::string id;
    std::string parent;
    ProgressStatus status = ProgressStatus::working;
    /// The step: Creating, Created, Starting, Started, Waiting, Healthy, Exited, Recreate, Recreated, Running,
    /// Stopping, Stopped, Removing, Removed, Building, Built, Pulling, Pulled, Warning, Error.
    std::string text;
    std::string detail;        ///< more about it: a message, the engine's error, a size, an image id
    std::int64_t current = 0;  ///< bytes or steps done, when known
    std::int64_t total = 0;
    /// A line of the parent task's output (a build step) in `detail`, rather than a step of a task.
    bool output = false;
};

/// Where converge code reports progress (may be empty: nothing is reported). Called from several
/// threads; the renderers serialise.
using ProgressSink = std::function<void(const ProgressEvent&)>;

/// Sends `ev` to `sink` when there is one.
inline void report(const ProgressSink& sink, const ProgressEvent& ev) {
    if (sink) sink(ev);
}

/// The event of a step of the task "<kind> <name>" (Container, Network, Volume, Image): `text` "Error" is
/// an error, "Warning" a warning, the steps that end in -ing (but Running) and Recreate are at work, the
/// others are done.
ProgressEvent step_event(std::string_view kind, std::string_view name, std::string text, std::string detail = {});

}  // namespace stackctl::converge
