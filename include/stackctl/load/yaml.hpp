#pragma once
/// YAML text -> Node trees, with positions, and with the guards the reference lacks: bounded input size,
/// nesting depth and alias expansion, and refusal of duplicate keys, control bytes and invalid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

struct YamlLimits {
    std::size_t max_bytes = 64U << 20U;  ///< larger input is refused before parsing
    std::size_t max_depth = 256;         ///< nesting of collections
    std::size_t max_nodes = 8'000'000;   ///< nodes in all, aliases expanded
    /// Nodes that aliases may copy, beyond ten times the nodes written in the text (bounds alias bombs).
    std::size_t max_alias_nodes = 100'000;
};

/// Parses every document of `text`. `file` names the source in positions and errors. Scalars are typed
/// as Go's yaml.v3 does for plain scalars (null, bool, int, float, else string); quoted scalars are
/// strings. Merge keys (`<<`) are applied; anchors and aliases are expanded.
core::Result<std::vector<Node>> parse_yaml(std::string_view text, std::string_view file, const YamlLimits& limits = {});

/// Reads `path` ("-" = standard input) and parses it.
core::Result<std::vector<Node>> parse_yaml_file(const std::string& path, const YamlLimits& limits = {});

/// Reads a whole file ("-" = standard input) into a string; errors name the file.
core::Result<std::string> read_file(const std::string& path, std::size_t max_bytes = 64U << 20U);

}  // namespace stackctl::load
