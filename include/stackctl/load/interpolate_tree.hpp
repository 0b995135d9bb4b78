#pragma once
/// Interpolation of a whole compose document: every string value (never a key), then the reference's
/// type casts at known paths (docs/compat/loader-rules.md §4).

#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/environment.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

/// Interpolates `doc` in place with `lookup`. Warnings (unset variables, YAML 1.1 booleans) are appended
/// to `warnings`. Every malformed template and failed cast in the document is reported, with positions.
core::Status interpolate_document(Node& doc, const Lookup& lookup, std::vector<std::string>& warnings);

}  // namespace stackctl::load
