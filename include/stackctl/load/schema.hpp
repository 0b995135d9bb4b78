#pragma once
/// Schema validation of a compose document, driven by the model table (spec.hpp): what the reference
/// checks with its JSON schema, with every problem reported at once, each with its position and path.

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

struct SchemaOptions {
    /// Accept a string that still contains "${" wherever a scalar is expected, and skip its syntax
    /// checks: for documents that are not interpolated (`--no-interpolate`, tests on raw files).
    bool allow_unresolved = false;
};

/// Checks a merged, interpolated document, short syntax still present (the reference validates at the
/// same point): unknown keys (x-* are accepted where the schema accepts them), value kinds, enums, name
/// patterns, required keys, unique list items, integer bounds, and the syntax of strings the reference
/// parses later (durations, byte sizes, booleans and numbers given as strings, short port specs).
/// Errors are Errc::validate, e.g. `services.web: unknown key "imagee" (did you mean "image"?)`, at the
/// offending key or value; all of them are returned (the first in the Error, the others in `more`).
core::Status validate_schema(const Node& project, const SchemaOptions& options = {});

}  // namespace stackctl::load
