#pragma once
/// The renderers of converge's progress events (include/stackctl/converge/progress.hpp) on standard error:
/// `plain` (one line per event), `json` (one object per line), `quiet` (nothing) and `tty` (a redrawn list
/// of tasks with spinners and timings).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "stackctl/converge/progress.hpp"

namespace stackctl::ui {

using converge::ProgressEvent;
using converge::ProgressStatus;

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
    /// The sink converge code emits through: events go to this writer.
    converge::ProgressSink sink() {
        return [this](const ProgressEvent& ev) { event(ev); };
    }
};

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
