#pragma once
/// The loader's document tree: what YAML parsing produces and every loader stage transforms.
/// Unlike a plain YAML or JSON value, each node keeps where it came from (file, line, column) and its
/// `!reset` / `!override` tag, so errors found in any stage can point at the line the user wrote.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stackctl/core/source_loc.hpp"

namespace stackctl::load {

/// The value kinds of YAML 1.2's core schema (as Go's yaml.v3 resolves plain scalars), plus collections.
enum class Kind : std::uint8_t { null, boolean, integer, floating, string, seq, map };

/// Compose's merge tags: `!reset` drops the inherited value, `!override` replaces it without merging.
enum class Tag : std::uint8_t { none, reset, override_ };

const char* kind_name(Kind kind);

struct MapEntry;

class Node {
public:
    Kind kind = Kind::null;
    Tag tag = Tag::none;
    core::SourceLoc loc;
    /// Scalars: the text. Strings hold their value; integers, floats and booleans hold a canonical
    /// spelling ("31" for 0x1F, "true"), so stages that need a string can use it directly.
    std::string text;
    std::int64_t int_value = 0;
    double float_value = 0;
    std::vector<Node> items;       ///< kind == seq
    std::vector<MapEntry> entries; ///< kind == map, in document order; keys are unique

    Node() = default;
    static Node null(core::SourceLoc loc = {});
    static Node string(std::string value, core::SourceLoc loc = {});
    static Node integer(std::int64_t value, core::SourceLoc loc = {});
    static Node floating(double value, core::SourceLoc loc = {});
    static Node boolean(bool value, core::SourceLoc loc = {});
    static Node seq(core::SourceLoc loc = {});
    static Node map(core::SourceLoc loc = {});

    [[nodiscard]] bool is_null() const { return kind == Kind::null; }
    [[nodiscard]] bool is_string() const { return kind == Kind::string; }
    [[nodiscard]] bool is_map() const { return kind == Kind::map; }
    [[nodiscard]] bool is_seq() const { return kind == Kind::seq; }
    [[nodiscard]] bool is_scalar() const { return kind != Kind::seq && kind != Kind::map; }
    [[nodiscard]] bool is_number() const { return kind == Kind::integer || kind == Kind::floating; }
    [[nodiscard]] bool as_bool() const { return kind == Kind::boolean && int_value != 0; }

    /// Map lookup (linear: maps are small, except `services`; stages that probe large maps build an index).
    [[nodiscard]] const Node* find(std::string_view key) const;
    Node* find(std::string_view key);
    [[nodiscard]] const MapEntry* find_entry(std::string_view key) const;
    MapEntry* find_entry(std::string_view key);
    /// Sets `key` (replacing an existing value in place, else appending) and returns the stored value.
    Node& set(std::string key, Node value, core::SourceLoc key_loc = {});
    /// Removes `key`; returns whether it was there.
    bool erase(std::string_view key);
    /// Number of items or entries (0 for scalars).
    [[nodiscard]] std::size_t size() const;

    /// Deep equality of value and kind (positions and tags are ignored).
    [[nodiscard]] bool same_value(const Node& other) const;
    /// Total number of nodes in this subtree (including this one).
    [[nodiscard]] std::size_t count_nodes() const;
};

struct MapEntry {
    std::string key;
    core::SourceLoc key_loc;
    Node value;
};

/// A path into a document, for error messages and for path-keyed rule tables: services.web.ports[0].
class Path {
public:
    Path() = default;
    void push_key(std::string_view key);
    void push_index(std::size_t index);
    void pop();
    [[nodiscard]] std::string str() const;
    [[nodiscard]] const std::vector<std::string>& segments() const { return segs_; }
    [[nodiscard]] std::size_t depth() const { return segs_.size(); }

private:
    // Keys are stored as written; indexes as "[N]".
    std::vector<std::string> segs_;
};

/// Pushes on construction, pops on destruction: `PathGuard g(path, "ports");`
class PathGuard {
public:
    PathGuard(Path& p, std::string_view key) : p_(p) { p_.push_key(key); }
    PathGuard(Path& p, std::size_t index) : p_(p) { p_.push_index(index); }
    ~PathGuard() { p_.pop(); }
    PathGuard(const PathGuard&) = delete;
    PathGuard& operator=(const PathGuard&) = delete;

private:
    Path& p_;
};

}  // namespace stackctl::load

namespace stackctl::load {

/// Formats a float the way Go's fmt.Sprint does (shortest round-trip digits, exponent form when the
/// decimal exponent is < -4 or >= 6), so numbers turned into strings match the reference:
/// 1234567.0 -> "1.234567e+06", 100000.0 -> "100000", 2.0 -> "2", 0.00001 -> "1e-05".
std::string format_float(double value);

}  // namespace stackctl::load
