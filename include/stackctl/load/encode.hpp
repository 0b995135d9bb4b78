#pragma once
/// The last loader stage before printing: the normalised project in, the tree `config` prints out,
/// encoded as the reference prints it (keys in Go struct field order, byte sizes as decimal strings,
/// Go durations, float32 digits, sorted maps and host lists, null commands, empty structs, …).

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

/// The two output forms differ in a few places (config-output.md §10); the tree is built for one.
enum class OutputFormat : std::uint8_t {
    /// `config --format json` and the config hash: nested x-* dropped, `command: null` when unset,
    /// empty value structs printed (`"ipam": {}`), blkio entries with Go field names ("Path"), maps and
    /// top-level keys sorted bytewise.
    json,
    /// `config` (YAML): x-* kept at the end of every object that keeps them, unset commands and empty
    /// structs left out, ulimits print both soft and hard, maps sorted in yaml.v3's order, top level in
    /// the order name, services, networks, volumes, secrets, configs, x-*.
    yaml,
};

struct EncodeOptions {
    OutputFormat format = OutputFormat::json;
};

/// Encodes a fully normalised project (long syntax everywhere, defaults applied, as the reference's
/// model is just before it is printed) into the output tree. Map entries come out in print order.
/// Values are decoded as the reference decodes its model (a byte-size string, a duration string, a
/// numeric string for a number, a command string split into words, a list-form environment, …), so
/// the reference's own output encodes to itself. Keys the model does not know, and values that do not
/// decode, are errors (Errc::validate, with position and path; all of them are reported).
core::Result<Node> encode_output(const Node& normalized_project, const EncodeOptions& options = {});

}  // namespace stackctl::load
