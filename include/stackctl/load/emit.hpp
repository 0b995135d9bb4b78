#pragma once
/// Text output of the model, byte for byte as the reference prints it: JSON as Go's encoding/json
/// (json.MarshalIndent / json.Marshal) and YAML as gopkg.in/yaml.v3 with indent 2.
///
/// Both print the Node exactly as given: map entries in the Node's entry order (the encoder that builds the
/// output tree puts struct fields in Go order and sorts map keys), every entry, every kind as it is. Deciding
/// what to omit (`x-*` in JSON, zero values, `command: null` in YAML) is the encoder's job, not the
/// emitters'.

#include <string>
#include <string_view>

#include "stackctl/load/tree.hpp"

namespace stackctl::load {

struct JsonOptions {
    /// Spaces per level as json.MarshalIndent(v, "", "  ") with indent 2; 0 = compact as json.Marshal (no
    /// whitespace at all, what the config hash is computed over).
    int indent = 2;
    /// Escape `<`, `>`, `&` as \u003c, \u003e, \u0026 (Go's default HTML escaping; the reference keeps it
    /// on).
    bool escape_html = true;
    /// Double every `$` of the finished text (`config` does this unless --no-interpolate).
    bool double_dollars = false;
};

/// JSON text as Go prints it: no trailing newline; strings escaped as encoding/json does (\b \f \n \r \t,
/// \u00XX for other control bytes, U+2028/2029 as \u2028/\u2029, invalid UTF-8 as \ufffd); integers in
/// decimal; floats in Go's shortest form (exponent only below 1e-6 or from 1e21: 1e-7, 1e+21).
/// Non-finite floats (which Go refuses to marshal) print as null.
std::string to_json(const Node& value, const JsonOptions& options = {});

/// Convenience: to_json with the given indent and no `$` doubling.
std::string to_json(const Node& value, int indent);

struct YamlOptions {
    /// Double every `$` of the finished text (`config` does this unless --no-interpolate).
    bool double_dollars = false;
};

/// YAML text as yaml.v3's Encoder with SetIndent(2) prints it: block style, sequences indented under their
/// key, `{}` / `[]` for empty collections, strings quoted exactly when yaml.v3 quotes them (values that would
/// read back as another type, YAML 1.1 booleans such as `yes`/`n`, indicators, leading or trailing blanks),
/// literal blocks (`|`, `|-`, `|+`) for multi-line strings. Ends with a newline.
std::string to_yaml(const Node& value, const YamlOptions& options = {});

/// Doubles every `$` (the reference's escapeDollarSign over its whole output).
std::string double_dollars(std::string_view text);

}  // namespace stackctl::load
