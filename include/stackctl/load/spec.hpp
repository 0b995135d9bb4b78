#pragma once
/// The compose model as one declarative table: every object type of the compose file, its fields in Go
/// struct field order (compose-go v2.4.8 `types/`), what input each field accepts (the JSON schema the
/// reference validates with) and how the reference prints it (`docker compose config`).
///
/// Two stages are driven by this table:
///   - validate_schema (schema.hpp): checks a merged, interpolated document, short syntax still present;
///   - encode_output (encode.hpp): turns the normalised long-form project into the printed tree.
/// The table is written by hand from docs/compat/config-output.md and the reference's Go types and schema.

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

namespace stackctl::load::spec {

/// Input kinds a value may have, as a bit set (the JSON schema's "type").
namespace in {
constexpr std::uint8_t null = 1U << 0U;
constexpr std::uint8_t boolean = 1U << 1U;
constexpr std::uint8_t integer = 1U << 2U;   ///< whole numbers (also floats with no fraction, as JSON schema)
constexpr std::uint8_t floating = 1U << 3U;  ///< numbers with a fraction
constexpr std::uint8_t number = integer | floating;
constexpr std::uint8_t string = 1U << 4U;
constexpr std::uint8_t seq = 1U << 5U;
constexpr std::uint8_t map = 1U << 6U;
constexpr std::uint8_t scalar = null | boolean | number | string;
}  // namespace in

/// Extra syntax checks on string values (the schema says "string"; the reference rejects bad values
/// later, when it casts or decodes them, so checking them here only moves the error earlier).
enum class Check : std::uint8_t {
    none,
    duration,  ///< Go duration: "1m30s", "90s", "500ms"
    bytes,     ///< byte size: "512m", "1.5g", "10b", "1024"
    boolean,   ///< compose's boolean cast: true/false (also y/yes/on, n/no/off with a warning upstream)
    integer,   ///< Go strconv.Atoi
    number,    ///< Go strconv.ParseFloat
    port,      ///< short port syntax [host_ip:][published:]target[/protocol]
};

/// Which keys a dictionary (a map with free keys) accepts, and what happens to the others.
enum class Keys : std::uint8_t {
    any,              ///< every key, every value checked
    nonempty,         ///< keys matching `.+` are checked, an empty key is not checked (schema `^.+$`)
    nonempty_strict,  ///< an empty key is an error
    name,             ///< keys matching ^[a-zA-Z0-9._-]+$ are checked, others are not (top-level networks)
    name_strict,      ///< keys must match ^[a-zA-Z0-9._-]+$
    lower,            ///< keys matching ^[a-z]+$ are checked, others are not (ulimits)
};

struct ObjectSpec;

/// What a value may look like in the input. Alternatives of different kinds are combined in one shape
/// (`kinds` holds all of them), which is all the schema's `oneOf`s need: none of them has two
/// alternatives of the same kind.
struct Shape {
    std::uint8_t kinds = 0;                       ///< accepted kinds (in::…)
    const Shape* items = nullptr;                 ///< seq: shape of each item (nullptr: anything)
    bool unique = false;                          ///< seq: items must be pairwise different
    const ObjectSpec* object = nullptr;           ///< map: an object with known fields
    const Shape* values = nullptr;                ///< map without object: each value (nullptr: anything)
    Keys keys = Keys::any;                        ///< map without object: which keys are accepted
    Check check = Check::none;                    ///< string values: syntax check
    std::span<const std::string_view> choices{};  ///< string values: the allowed values (empty: any)
    std::int64_t min = std::numeric_limits<std::int64_t>::min();  ///< integer values: lower bound
    std::int64_t max = std::numeric_limits<std::int64_t>::max();  ///< integer values: upper bound
};

/// How a field's value is printed; each names the Go type that decides it (config-output.md §4).
enum class Enc : std::uint8_t {
    drop,           ///< accepted in input, never printed (version, include, ipam.options)
    string,         ///< Go string; numbers and booleans are turned into their text
    integer,        ///< Go int/int64/uint*; numeric strings are parsed, floats truncated
    boolean,        ///< Go bool; strings go through compose's boolean cast
    float32,        ///< Go float32 / NanoCPUs: number with float32's shortest digits
    bytes,          ///< UnitBytes: decimal string of bytes
    duration,       ///< Duration: Go duration string ("1m30s")
    shell_command,  ///< ShellCommand: list of strings; a string is split like a shell; JSON null if unset
    string_list,    ///< []string / StringList: list of strings; a string becomes a 1-item list
    number_list,    ///< StringOrNumberList ([]string fed with numbers): list of strings
    env_mapping,    ///< MappingWithEquals: map of string or null, keys sorted; list K=V / K accepted
    string_map,     ///< Labels / Mapping / Options / map[string]string: map of strings, keys sorted
    hosts,          ///< HostsList: sorted list of "host=ip"
    external,       ///< External: true, omitted when false; legacy {name: x} means true
    health_test,    ///< HealthCheckTest: a string S becomes ["CMD-SHELL", S]
    ssh,            ///< SSHConfig: list of "id" (JSON cannot print a key with a path)
    env_files,      ///< []EnvFile: "path" when required, else {path, required, format}
    device_count,   ///< DeviceCount: integer, "all" is -1
    ulimits,        ///< map[string]*UlimitsConfig: name -> integer or {soft, hard}, names sorted
    object,         ///< a struct (pointer or value, see Omit)
    object_list,    ///< []struct
    object_map,     ///< map[string]struct, keys sorted; a null value is an empty struct
    nullable_map,   ///< map[string]*struct, keys sorted; a null value prints null (service networks)
    any,            ///< extension values: printed as parsed, map keys sorted
};

/// When a field is left out of the output.
enum class Omit : std::uint8_t {
    empty,   ///< Go omitempty: left out when absent, null or the zero value ("", 0, false, empty list/map)
    set,     ///< pointer with omitempty: printed whenever present and not null, even when zero
    always,  ///< no omitempty: always printed (absent prints the zero value; ShellCommand prints null
             ///< in JSON and is left out of YAML when unset)
    value,  ///< non-pointer struct with omitempty: always printed in JSON (`{}`), left out of YAML when empty
};

/// One field of an object type.
struct Field {
    std::string_view key;                ///< YAML key, and JSON key unless json_key is set
    const Shape* in = nullptr;           ///< accepted input; nullptr: the schema refuses it (output only)
    Enc enc = Enc::string;               ///< output encoding
    Omit omit = Omit::empty;             ///< when it is printed
    const ObjectSpec* object = nullptr;  ///< Enc::object/object_list/object_map/nullable_map: element type
    bool required = false;               ///< the schema requires it
    std::string_view json_key = {};      ///< JSON key when it differs (blkio entries print "Path", "Rate")
};

/// An object type: a Go struct and the schema object it is read from.
struct ObjectSpec {
    std::string_view name;          ///< type name for messages and docs ("service", "build", …)
    std::span<const Field> fields;  ///< in Go struct field order, the output order
    bool extensions = true;         ///< the schema accepts x-* keys here
    bool keeps_extensions = true;   ///< the Go struct keeps x-* (printed in YAML output, never in JSON)
    bool open = false;              ///< the schema accepts any other key too (not checked, not printed)

    /// The field named `key` (exact), or nullptr.
    [[nodiscard]] const Field* find(std::string_view key) const;
};

/// The root: the compose project (name, services, networks, volumes, secrets, configs, include, version).
const ObjectSpec& project();

/// Every object type of the table, root first; for tests and documentation.
std::span<const ObjectSpec* const> all_objects();

}  // namespace stackctl::load::spec
