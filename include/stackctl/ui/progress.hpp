#pragma once
/// Progress of long operations (build, pull, and up/down's container steps) as a stream of events, and
/// the renderers that show them on standard error: `plain` (one line per event), `json` (one object per
/// line), `quiet` (nothing) and `tty` (a redrawn list of tasks with spinners and timings).
///
/// The event types are plain data with no dependency, so converge code can emit them through a
/// `ProgressSink` without knowing how (or whether) they are shown.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace stackctl::ui {

enum class ProgressStatus { working, done, warning, error };

/// One step of a task. Tasks are identified by `id` ("Image demo-web", "Container demo-web-1",
/// "Network demo_default"); the first event of an id opens the task, `done`/`error` close it. Events with
/// a `parent` are sub-tasks (pull layers) shown under it.
struct ProgressEvent {
    std::string id;
    std::string parent;
    ProgressStatus status = ProgressStatus::working;
    std::string text;  ///< the step: "Building", "Built", "Pulling", "Pulled", "Creating", "Started", "Error"
    std::string detail;        ///< more about it: a message, the engine's error, a size
    std::int64_t current = 0;  ///< bytes or steps done, when known
    std::int64_t total = 0;
    /// A line of the parent task's output (a build step) in `detail`, rather than a step of a task.
    bool output = false;
};

/// Where events go. Implementations are thread-safe.
class ProgressWriter {
  public:
    virtual ~ProgressWriter() = default;
    /// Output events (ev.output) go to output(ev.parent, ev.detail).
    virtual void event(const ProgressEvent& ev) = 0;
    /// A line of output that belongs to a task (build steps): plain/tty print it, json wraps it.
    virtual void output(std::string_view id, std::string_view line) = 0;
    /// Ends the display (the tty view prints its final state); later events are ignored.
    virtual void stop() = 0;
};

/// What converge code receives to report progress (may be empty: nothing is reported).
using ProgressSink = std::function<void(const ProgressEvent&)>;

enum class ProgressMode { auto_, tty, plain, json, quiet };

/// "auto", "tty", "plain", "json", "quiet"; nothing for anything else.
std::optional<ProgressMode> parse_progress_mode(std::string_view text);
/// auto -> tty when standard error is a terminal (and TERM is not "dumb"), else plain.
ProgressMode resolve_progress_mode(ProgressMode mode);
/// A writer on standard error. `color` is for tty mode (off with NO_COLOR).
std::unique_ptr<ProgressWriter> make_progress_writer(ProgressMode mode);
/// A writer that appends the lines it would print to `out` (plain or json), for tests.
std::unique_ptr<ProgressWriter> make_progress_writer(ProgressMode mode,
                                                     std::function<void(std::string_view)> out);

/// The plain line of an event, without newline: "Image demo-web Building" + " detail".
std::string plain_line(const ProgressEvent& ev);
/// The JSON line of an event (compact, no newline).
std::string json_line(const ProgressEvent& ev);

}  // namespace stackctl::ui
