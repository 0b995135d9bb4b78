#pragma once
/// How engine answers become core::Error: the engine's own message, with a code that tells callers what
/// kind of failure it is (missing resource, conflict, anything else).

#include <string>
#include <string_view>

#include "stackctl/core/error.hpp"

namespace stackctl::engine {

/// The engine's message from an error body ({"message": "..."}), else the body's text without trailing
/// newlines, else "HTTP <status>".
std::string engine_message(long status, std::string_view body);

/// An error for an unsuccessful HTTP status: 404 -> not_found, 409 -> conflict, anything else -> engine;
/// the message is the engine's own (see engine_message).
core::Error error_from_status(long status, std::string_view body);

/// An error for a failure reported inside a progress stream (build, pull, import).
core::Error error_from_stream(std::string_view message);

}  // namespace stackctl::engine
