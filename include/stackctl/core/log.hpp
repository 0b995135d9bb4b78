#pragma once
/// Diagnostic logging (spdlog) to stderr; user-facing output goes through ui/ instead.

#include <string_view>

#include "stackctl/core/result.hpp"

namespace stackctl::core {

/// Configures the process-wide logger; `level` is one of trace, debug, info, warn, error, critical, off.
Status setup_logging(std::string_view level);

}  // namespace stackctl::core
