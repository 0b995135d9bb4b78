#pragma once
/// Ctrl-C for long commands (logs -f, exec, build, pull): SIGINT and SIGTERM set a cancel flag that the
/// engine calls watch, so streams end within about 100 ms and the command returns cleanly.

#include <optional>
#include <string>
#include <string_view>

#include "stackctl/engine/streams.hpp"

namespace stackctl::cli {

/// Installs the handlers (once) and returns the flag they set.
const engine::CancelFlag* interrupt_flag();
/// Whether Ctrl-C was pressed.
bool interrupted();

/// A --since/--until value as the engine takes it (unix seconds): unix seconds as given, a Go duration
/// ("10m", "1h30m") before `now`, or an RFC 3339 time / date. Nothing when the value is none of these.
std::optional<std::string> engine_timestamp(std::string_view value, long long now);

}  // namespace stackctl::cli
