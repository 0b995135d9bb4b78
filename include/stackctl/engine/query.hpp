#pragma once
/// Building request targets: URL escaping, query strings, and the engine's `filters` parameter.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::engine {

/// Engine list/event filters: name -> accepted values, e.g. {"label", {"com.example.project=web"}}.
/// Values of one name are OR-ed by the engine, different names are AND-ed.
using Filters = std::map<std::string, std::vector<std::string>>;

/// The `filters` query value as the docker CLI sends it: {"label":{"a=b":true}} (sorted, compact);
/// empty filters encode as "" so the parameter can be left out.
std::string encode_filters(const Filters& filters);

/// Percent-encodes everything but RFC 3986 unreserved characters (for query keys and values).
std::string url_escape(std::string_view text);

/// Percent-encodes a path segment such as a container name or an image reference; keeps '/', ':' and
/// '@', which image references contain and the engine's router expects verbatim.
std::string path_escape(std::string_view text);

/// A query string built in order: Query().add("all", true).add_if("filters", f).str() -> "?all=1&filters=...".
class Query {
public:
    Query& add(std::string_view key, std::string_view value);
    Query& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    Query& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
    Query& add(std::string_view key, bool value) { return add(key, std::string_view(value ? "1" : "0")); }
    Query& add(std::string_view key, long long value) { return add(key, std::string_view(std::to_string(value))); }
    Query& add(std::string_view key, int value) { return add(key, static_cast<long long>(value)); }
    /// Adds the parameter only when `value` is not empty.
    Query& add_if(std::string_view key, std::string_view value) { return value.empty() ? *this : add(key, value); }
    /// Adds the parameter only when `value` is true (as "1").
    Query& add_flag(std::string_view key, bool value) { return value ? add(key, true) : *this; }
    /// "" when nothing was added, else "?k=v&...".
    [[nodiscard]] std::string str() const { return text_; }

private:
    std::string text_;
};

}  // namespace stackctl::engine
