#include "stackctl/load/merge.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "load/merge_internal.hpp"
#include "stackctl/load/gotypes.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

// ---------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------

namespace detail {

core::Status collect(std::vector<Error>&& errors) {
    if (errors.empty()) return {};
    Error first = std::move(errors.front());
    for (std::size_t i = 1; i < errors.size(); ++i) first.more.push_back(std::move(errors[i]));
    return first;
}

namespace {

std::string sorted_map_text(const Node& n, std::string (*elem)(const Node&)) {
    std::vector<const MapEntry*> sorted;
    sorted.reserve(n.entries.size());
    for (const auto& e : n.entries) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(),
              [](const MapEntry* a, const MapEntry* b) { return a->key < b->key; });
    std::string out = "map[";
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i != 0) out += ' ';
        out += sorted[i]->key + ":" + elem(sorted[i]->value);
    }
    return out + "]";
}

std::string seq_text(const Node& n, std::string (*elem)(const Node&)) {
    std::string out = "[";
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i != 0) out += ' ';
        out += elem(n.items[i]);
    }
    return out + "]";
}

}  // namespace

std::string go_v(const Node& n) { return go::sprint(n); }

std::string go_type(const Node& n) {
    switch (n.kind) {
        case Kind::null:
            return "<nil>";
        case Kind::boolean:
            return "bool";
        case Kind::integer:
            return "int";
        case Kind::floating:
            return "float64";
        case Kind::string:
            return "string";
        case Kind::seq:
            return "[]interface {}";
        case Kind::map:
            return "map[string]interface {}";
    }
    return {};
}

std::string go_s(const Node& n) {
    switch (n.kind) {
        case Kind::null:
            return "%!s(<nil>)";
        case Kind::string:
            return n.text;
        case Kind::seq:
            return seq_text(n, go_s);
        case Kind::map:
            return sorted_map_text(n, go_s);
        default:
            return "%!s(" + go_type(n) + "=" + go_v(n) + ")";
    }
}

namespace {

/// %d: integers in decimal, anything else flagged the way fmt does.
std::string go_d(const Node& n) {
    switch (n.kind) {
        case Kind::null:
            return "%!d(<nil>)";
        case Kind::integer:
            return std::to_string(n.int_value);
        case Kind::seq:
            return seq_text(n, go_d);
        case Kind::map:
            return sorted_map_text(n, go_d);
        default:
            return "%!d(" + go_type(n) + "=" + go_v(n) + ")";
    }
}

}  // namespace

std::string clean_path(std::string_view path) {
    if (path.empty()) return ".";
    const bool rooted = path.front() == '/';
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        std::string_view part = path.substr(i, j - i);
        i = j + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!rooted) {
                parts.push_back(part);
            }
            continue;
        }
        parts.push_back(part);
    }
    std::string out = rooted ? "/" : "";
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k != 0) out += '/';
        out += parts[k];
    }
    if (out.empty()) return ".";
    return out;
}

std::string join_path(std::string_view dir, std::string_view path) {
    if (is_abs_path(path)) return std::string(path);
    if (dir.empty()) return clean_path(path);
    std::string joined(dir);
    joined += '/';
    joined += path;
    return clean_path(joined);
}

std::string dir_name(std::string_view path) {
    const auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    return clean_path(path.substr(0, slash + 1));
}

// ---------------------------------------------------------------------------------------------------------
// Merge tags
// ---------------------------------------------------------------------------------------------------------

void strip_merge_tags(Node& node) {
    node.tag = Tag::none;
    if (node.kind == Kind::seq) {
        std::erase_if(node.items, [](const Node& n) { return n.tag == Tag::reset; });
        for (auto& item : node.items) strip_merge_tags(item);
    } else if (node.kind == Kind::map) {
        std::erase_if(node.entries, [](const MapEntry& e) { return e.value.tag == Tag::reset; });
        for (auto& e : node.entries) strip_merge_tags(e.value);
    }
}

namespace {

/// The reference does not look inside an `!override` node: tags below it are ignored and values kept.
void clear_tags(Node& node) {
    node.tag = Tag::none;
    for (auto& item : node.items) clear_tags(item);
    for (auto& e : node.entries) clear_tags(e.value);
}

void take_tags(Node& map, std::vector<std::string>& prefix, MergeTags& out) {
    bool any_reset = false;
    for (auto& e : map.entries) {
        if (e.value.tag == Tag::reset) {
            prefix.push_back(e.key);
            out.paths.push_back(prefix);
            prefix.pop_back();
            any_reset = true;
        } else if (e.value.tag == Tag::override_) {
            prefix.push_back(e.key);
            out.paths.push_back(prefix);
            prefix.pop_back();
            clear_tags(e.value);
        } else if (e.value.is_map()) {
            prefix.push_back(e.key);
            take_tags(e.value, prefix, out);
            prefix.pop_back();
        } else if (e.value.is_seq()) {
            // Paths below sequence items never match anything in the reference: items only get dropped.
            strip_merge_tags(e.value);
        }
    }
    if (any_reset) std::erase_if(map.entries, [](const MapEntry& e) { return e.value.tag == Tag::reset; });
}

}  // namespace

TagTree::TagTree(const MergeTags& tags) : nodes_(1) {
    for (const auto& path : tags.paths) {
        int at = 0;
        for (const auto& key : path) {
            auto it = nodes_[static_cast<std::size_t>(at)].kids.find(key);
            if (it == nodes_[static_cast<std::size_t>(at)].kids.end()) {
                nodes_.emplace_back();
                const int next = static_cast<int>(nodes_.size() - 1);
                nodes_[static_cast<std::size_t>(at)].kids.emplace(key, next);
                at = next;
            } else {
                at = it->second;
            }
        }
        nodes_[static_cast<std::size_t>(at)].terminal = true;
    }
}

int TagTree::child(int at, std::string_view key) const {
    if (at < 0) return -1;
    const auto& kids = nodes_[static_cast<std::size_t>(at)].kids;
    auto it = kids.find(std::string(key));
    return it == kids.end() ? -1 : it->second;
}

void TagTree::apply(Node& target, int at) const {
    if (at < 0 || !target.is_map()) return;
    const auto& kids = nodes_[static_cast<std::size_t>(at)].kids;
    if (kids.empty()) return;
    bool any = false;
    std::vector<bool> drop(target.entries.size(), false);
    auto visit = [&](std::size_t i, int kid) {
        if (nodes_[static_cast<std::size_t>(kid)].terminal) {
            drop[i] = true;
            any = true;
        } else {
            apply(target.entries[i].value, kid);
        }
    };
    if (kids.size() <= 4) {
        // A few paths into a possibly large map: probe the map for each.
        for (const auto& [key, kid] : kids)
            for (std::size_t i = 0; i < target.entries.size(); ++i)
                if (target.entries[i].key == key) {
                    visit(i, kid);
                    break;
                }
    } else {
        for (std::size_t i = 0; i < target.entries.size(); ++i) {
            auto it = kids.find(target.entries[i].key);
            if (it != kids.end()) visit(i, it->second);
        }
    }
    if (!any) return;
    std::size_t out = 0;
    for (std::size_t i = 0; i < target.entries.size(); ++i)
        if (!drop[i]) {
            if (out != i) target.entries[out] = std::move(target.entries[i]);
            ++out;
        }
    target.entries.resize(out);
}

}  // namespace detail

MergeTags take_merge_tags(Node& doc) {
    MergeTags out;
    if (doc.is_map()) {
        std::vector<std::string> prefix;
        detail::take_tags(doc, prefix, out);
    } else {
        detail::strip_merge_tags(doc);
    }
    return out;
}

void apply_merge_tags(Node& target, const MergeTags& tags) {
    if (tags.empty()) return;
    detail::TagTree(tags).apply(target);
}

// ---------------------------------------------------------------------------------------------------------
// Merge
// ---------------------------------------------------------------------------------------------------------

namespace {

using detail::go_v;

/// The reference's special merge rules, by path (override/merge.go's mergeSpecials in compose-go v2.4.8).
enum class Rule { generic, replace, to_seq, extra_hosts, build, depends_on, networks, logging, ulimit, ipam };

Rule rule_for(const std::vector<std::string>& s) {
    const std::size_t n = s.size();
    if (n < 3) return Rule::generic;
    if (s[0] == "networks" || s[0] == "volumes") {
        if (n == 3 && s[2] == "labels") return Rule::to_seq;
        if (n == 4 && s[0] == "networks" && s[2] == "ipam" && s[3] == "config") return Rule::ipam;
        return Rule::generic;
    }
    if (s[0] != "services") return Rule::generic;
    const std::string& k = s[2];
    if (n == 3) {
        if (k == "command" || k == "entrypoint") return Rule::replace;
        if (k == "environment" || k == "labels" || k == "annotations" || k == "sysctls" || k == "tmpfs" ||
            k == "dns" || k == "dns_opt" || k == "dns_search" || k == "env_file" || k == "label_file")
            return Rule::to_seq;
        if (k == "extra_hosts") return Rule::extra_hosts;
        if (k == "build") return Rule::build;
        if (k == "depends_on") return Rule::depends_on;
        if (k == "networks") return Rule::networks;
        if (k == "logging") return Rule::logging;
        return Rule::generic;
    }
    if (n == 4) {
        const std::string& k2 = s[3];
        if (k == "healthcheck" && k2 == "test") return Rule::replace;
        if (k == "deploy" && k2 == "labels") return Rule::to_seq;
        if (k == "build") {
            if (k2 == "args" || k2 == "labels" || k2 == "additional_contexts") return Rule::to_seq;
            if (k2 == "extra_hosts") return Rule::extra_hosts;
        }
        if (k == "ulimits") return Rule::ulimit;
    }
    return Rule::generic;
}

/// Go's == on two interface values holding decoded YAML (absent and null are both nil).
bool go_equal(const Node* a, const Node* b) {
    const bool a_nil = a == nullptr || a->is_null();
    const bool b_nil = b == nullptr || b->is_null();
    if (a_nil || b_nil) return a_nil && b_nil;
    return a->same_value(*b);
}

/// Turns a value into the sequence the reference's convertIntoSequence makes of it: a list as is, a string
/// as a one-item list, a map as sorted "k=v" strings ("k" for null, one "k=item" per item of a list).
void append_as_sequence(std::vector<Node>& out, Node&& v) {
    switch (v.kind) {
        case Kind::seq:
            for (auto& item : v.items) out.push_back(std::move(item));
            break;
        case Kind::string:
            out.push_back(std::move(v));
            break;
        case Kind::map: {
            std::vector<Node> made;
            made.reserve(v.entries.size());
            for (auto& e : v.entries) {
                if (e.value.is_null()) {
                    made.push_back(Node::string(e.key, e.key_loc));
                } else if (e.value.is_seq()) {
                    for (const auto& item : e.value.items)
                        made.push_back(Node::string(e.key + "=" + go_v(item), item.loc));
                } else {
                    made.push_back(Node::string(e.key + "=" + go_v(e.value), e.value.loc));
                }
            }
            std::stable_sort(made.begin(), made.end(),
                             [](const Node& a, const Node& b) { return a.text < b.text; });
            for (auto& m : made) out.push_back(std::move(m));
            break;
        }
        default:
            break;  // anything else converts to nothing
    }
}

class Merger {
  public:
    explicit Merger(Path start = {}) : path_(std::move(start)) {}

    void merge_value(Node& base, Node&& over) {
        switch (rule_for(path_.segments())) {
            case Rule::replace:
            case Rule::ulimit:
                // Replaced outright, even by null (`command: null` unsets the command).
                base = std::move(over);
                return;
            case Rule::to_seq:
                return to_seq(base, std::move(over));
            case Rule::extra_hosts:
                return extra_hosts(base, std::move(over));
            case Rule::build:
                return build(base, std::move(over));
            case Rule::depends_on:
                return as_mappings(base, std::move(over), true);
            case Rule::networks:
                return as_mappings(base, std::move(over), false);
            case Rule::logging:
                return logging(base, std::move(over));
            case Rule::ipam:
                return ipam(base, std::move(over));
            case Rule::generic:
                break;
        }
        if (over.is_null()) return;
        if (base.is_map()) {
            if (!over.is_map()) return clash(base, over);
            merge_maps(base, std::move(over));
        } else if (base.is_seq()) {
            if (!over.is_seq()) return clash(base, over);
            base.items.reserve(base.items.size() + over.items.size());
            for (auto& item : over.items) base.items.push_back(std::move(item));
        } else {
            base = std::move(over);
        }
    }

    void merge_maps(Node& base, Node&& over) {
        if (base.is_null()) base = Node::map(over.loc);
        base.entries.reserve(base.entries.size() + over.entries.size());
        // Views into base's keys stay valid: the reserve above keeps the entries from moving.
        std::unordered_map<std::string_view, std::size_t> index;
        const bool indexed = base.entries.size() > 8 && over.entries.size() > 1;
        if (indexed) {
            index.reserve(base.entries.size() + over.entries.size());
            for (std::size_t i = 0; i < base.entries.size(); ++i) index.emplace(base.entries[i].key, i);
        }
        auto find = [&](const std::string& key) -> std::optional<std::size_t> {
            if (indexed) {
                auto it = index.find(key);
                if (it == index.end()) return std::nullopt;
                return it->second;
            }
            for (std::size_t i = 0; i < base.entries.size(); ++i)
                if (base.entries[i].key == key) return i;
            return std::nullopt;
        };
        for (auto& e : over.entries) {
            const auto at = find(e.key);
            if (!at) {
                base.entries.push_back(std::move(e));
                if (indexed) index.emplace(base.entries.back().key, base.entries.size() - 1);
            } else if (e.key.starts_with("x-")) {
                // Extensions are replaced whole, at any level.
                base.entries[*at].value = std::move(e.value);
            } else {
                PathGuard g(path_, e.key);
                merge_value(base.entries[*at].value, std::move(e.value));
            }
        }
    }

    std::vector<Error> take_errors() { return std::move(errors_); }

  private:
    Path path_;
    std::vector<Error> errors_;

    void clash(const Node& base, const Node& over) { clash(base, over.kind, over.loc); }
    void clash(const Node& base, Kind over_kind, core::SourceLoc over_loc) {
        const std::string where = path_.depth() == 0 ? std::string("the document") : path_.str();
        Error err(Errc::merge, "cannot override " + where, over_loc, path_.str());
        std::string what = "this " + std::string(kind_name(over_kind)) + " cannot be merged into the " +
                           kind_name(base.kind);
        if (base.loc.known()) what += " defined at " + base.loc.str();
        err.note(std::move(what));
        errors_.push_back(std::move(err));
    }

    void to_seq(Node& base, Node&& over) {
        Node result = Node::seq(base.loc.known() ? base.loc : over.loc);
        append_as_sequence(result.items, std::move(base));
        append_as_sequence(result.items, std::move(over));
        base = std::move(result);
    }

    void extra_hosts(Node& base, Node&& over) {
        Node result = Node::seq(base.loc.known() ? base.loc : over.loc);
        append_as_sequence(result.items, std::move(base));
        std::vector<Node> added;
        append_as_sequence(added, std::move(over));
        // [v2.4.8] override entries equal to a base entry are dropped; there is no unicity by host name.
        std::unordered_set<std::string> strings;
        std::vector<const Node*> others;
        for (const auto& b : result.items) {
            if (b.is_string()) {
                strings.insert(b.text);
            } else {
                others.push_back(&b);
            }
        }
        std::vector<Node> kept;
        for (auto& a : added) {
            bool dup = false;
            if (a.is_string()) {
                dup = strings.count(a.text) != 0;
            } else {
                for (const Node* b : others) dup = dup || b->same_value(a);
            }
            if (!dup) kept.push_back(std::move(a));
        }
        for (auto& k : kept) result.items.push_back(std::move(k));
        base = std::move(result);
    }

    static std::optional<Node> to_build(Node&& v) {
        if (v.is_string()) {
            Node m = Node::map(v.loc);
            const core::SourceLoc at = v.loc;
            m.entries.push_back(MapEntry{"context", at, std::move(v)});
            return m;
        }
        if (v.is_map()) return std::move(v);
        return std::nullopt;
    }

    void build(Node& base, Node&& over) {
        const Kind over_kind = over.kind;
        const core::SourceLoc over_loc = over.loc;
        std::optional<Node> o = to_build(std::move(over));
        if (!o) {
            // The reference ignores an override that is neither a string nor a map.
            if (auto b = to_build(std::move(base))) base = std::move(*b);
            return;
        }
        if (base.is_null()) {
            base = std::move(*o);
            return;
        }
        std::optional<Node> b = to_build(std::move(base));
        if (!b) return clash(base, over_kind, over_loc);
        base = std::move(*b);
        merge_maps(base, std::move(*o));
    }

    /// depends_on (a list means each service with condition service_started, required true) and service
    /// networks (a list means each network with no settings): both sides become maps, then merge by name.
    void as_mappings(Node& base, Node&& over, bool depends_on) {
        const Kind over_kind = over.kind;
        const core::SourceLoc over_loc = over.loc;
        std::optional<Node> o = to_mapping(std::move(over), depends_on);
        if (!o) {
            // A null (or unusable) override keeps the base, turned into a map as the reference does.
            if (auto b = to_mapping(std::move(base), depends_on)) base = std::move(*b);
            return;
        }
        if (base.is_null()) {
            base = std::move(*o);
            return;
        }
        std::optional<Node> b = to_mapping(std::move(base), depends_on);
        if (!b) return clash(base, over_kind, over_loc);
        base = std::move(*b);
        merge_maps(base, std::move(*o));
    }

    std::optional<Node> to_mapping(Node&& v, bool depends_on) {
        if (v.is_map()) return std::move(v);
        if (!v.is_seq()) return std::nullopt;
        Node m = Node::map(v.loc);
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            Node& item = v.items[i];
            if (!item.is_string()) {
                PathGuard g(path_, i);
                errors_.emplace_back(
                    Errc::merge, path_.str() + " must be a string, not " + std::string(kind_name(item.kind)),
                    item.loc, path_.str());
                continue;
            }
            Node value = Node::null(item.loc);
            if (depends_on) {
                value = Node::map(item.loc);
                value.entries.push_back(
                    MapEntry{"condition", item.loc, Node::string("service_started", item.loc)});
                value.entries.push_back(MapEntry{"required", item.loc, Node::boolean(true, item.loc)});
            }
            auto [it, fresh] = seen.emplace(item.text, m.entries.size());
            if (fresh) {
                m.entries.push_back(MapEntry{item.text, item.loc, std::move(value)});
            } else {
                m.entries[it->second].value = std::move(value);
            }
        }
        return m;
    }

    void logging(Node& base, Node&& over) {
        if (over.is_null()) return;  // the reference crashes here; keeping the base is the null rule
        if (base.is_null()) {
            base = std::move(over);
            return;
        }
        if (!base.is_map() || !over.is_map()) return clash(base, over);
        const Node* d_over = over.find("driver");
        const Node* d_base = base.find("driver");
        if (d_over != nullptr && d_base != nullptr && !go_equal(d_over, d_base)) {
            // Different drivers: the override's logging replaces the whole block, options included.
            base = std::move(over);
            return;
        }
        merge_maps(base, std::move(over));
    }

    /// networks.*.ipam.config: the reference's algorithm, quirks included (loader-rules.md §6.1, "ipam").
    void ipam(Node& base, Node&& over) {
        if (over.is_null()) return;
        if (base.is_null()) {
            base = std::move(over);
            return;
        }
        if (!base.is_seq() || !over.is_seq()) return clash(base, over);
        auto as_map = [](Node&& item) {
            if (item.is_map()) return std::move(item);
            Node m = Node::map(item.loc);
            if (item.is_seq())
                for (const auto& s : item.items)
                    if (s.is_string() && m.find(s.text) == nullptr)
                        m.entries.push_back(MapEntry{s.text, s.loc, Node::null(s.loc)});
            return m;
        };
        std::vector<Node> b;
        std::vector<Node> o;
        for (auto& item : base.items) b.push_back(as_map(std::move(item)));
        for (auto& item : over.items) o.push_back(as_map(std::move(item)));
        struct Ref {
            bool from_base;
            std::size_t index;
        };
        std::vector<Ref> out;
        auto subnet_of = [&](const Ref& r) { return (r.from_base ? b[r.index] : o[r.index]).find("subnet"); };
        auto find_subnet = [&](const Node* subnet) -> std::optional<std::size_t> {
            for (std::size_t k = 0; k < out.size(); ++k)
                if (go_equal(subnet_of(out[k]), subnet)) return k;
            return std::nullopt;
        };
        for (std::size_t i = 0; i < b.size(); ++i) {
            for (std::size_t j = 0; j < o.size(); ++j) {
                if (!go_equal(o[j].find("subnet"), b[i].find("subnet")) &&
                    !find_subnet(o[j].find("subnet"))) {
                    out.push_back(Ref{false, j});
                    continue;
                }
                // The base item is merged in place and keeps the result for the next override items.
                merge_maps(b[i], Node(o[j]));
                if (auto k = find_subnet(b[i].find("subnet"))) {
                    out[*k] = Ref{true, i};
                } else {
                    out.push_back(Ref{true, i});
                }
            }
        }
        Node result = Node::seq(base.loc);
        for (const auto& r : out) result.items.push_back(r.from_base ? b[r.index] : o[r.index]);
        base = std::move(result);
    }
};

}  // namespace

core::Status merge_documents(Node& base, Node&& override) {
    const MergeTags tags = take_merge_tags(override);
    apply_merge_tags(base, tags);
    if (base.is_null()) {
        base = std::move(override);
        return {};
    }
    Merger m;
    m.merge_value(base, std::move(override));
    return detail::collect(m.take_errors());
}

namespace detail {

core::Status merge_service(Node& base, Node&& child, std::string_view name) {
    const MergeTags tags = take_merge_tags(child);
    apply_merge_tags(base, tags);
    Path start;
    start.push_key("services");
    start.push_key(name);
    Merger m(std::move(start));
    m.merge_value(base, std::move(child));
    return collect(m.take_errors());
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------------------
// Unicity
// ---------------------------------------------------------------------------------------------------------

namespace {

enum class Indexer { key_value, volume, device, expose, secret, config, port, env_file };

/// The reference's path as it prints it in unicity errors: segments joined by dots, "[0]" included.
std::string go_path(const Path& p) {
    std::string out;
    for (const auto& s : p.segments()) {
        if (!out.empty()) out += '.';
        out += s;
    }
    return out;
}

/// The mount target of a short volume spec, as the reference's format.ParseVolume finds it.
core::Result<std::string> volume_target(const std::string& spec) {
    if (spec.empty()) return Error(Errc::validate, "invalid empty volume spec");
    if (spec.size() <= 2) return spec;
    std::string source;
    std::string target;
    std::string buffer;
    std::size_t runes = 0;
    auto is_letter = [](const std::string& b) {
        const auto c = static_cast<unsigned char>(b.front());
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    };
    for (std::size_t i = 0; i <= spec.size(); ++i) {
        const bool end = i == spec.size();
        const char c = end ? '\0' : spec[i];
        if (!end && c == ':' && runes == 1 && is_letter(buffer)) {
            buffer += c;  // a Windows drive letter, "C:"
            ++runes;
            continue;
        }
        if (end || c == ':') {
            if (buffer.empty())
                return Error(Errc::validate, "invalid spec: " + spec + ": empty section between colons");
            if (source.empty() && end) {
                target = buffer;
            } else if (source.empty()) {
                source = buffer;
            } else if (target.empty()) {
                target = buffer;
            } else if (!end) {
                return Error(Errc::validate, "invalid spec: " + spec + ": too many colons");
            }
            buffer.clear();
            runes = 0;
            continue;
        }
        buffer += c;
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++runes;
    }
    return target;
}

class Unicity {
  public:
    void run(Node& doc) {
        if (!doc.is_map()) return;
        if (Node* services = doc.find("services"); services != nullptr && services->is_map()) {
            PathGuard g(path_, "services");
            for (auto& s : services->entries) {
                if (!s.value.is_map()) continue;
                PathGuard gs(path_, s.key);
                service(s.value);
            }
        }
        if (Node* networks = doc.find("networks"); networks != nullptr && networks->is_map()) {
            PathGuard g(path_, "networks");
            for (auto& n : networks->entries) {
                if (!n.value.is_map()) continue;
                PathGuard gn(path_, n.key);
                list(n.value, "labels", Indexer::key_value);
                if (Node* ipam = n.value.find("ipam"); ipam != nullptr && ipam->is_map()) {
                    PathGuard gi(path_, "ipam");
                    list(*ipam, "options", Indexer::key_value);
                }
            }
        }
    }

    std::vector<Error> take_errors() { return std::move(errors_); }

  private:
    Path path_;
    std::vector<Error> errors_;

    void service(Node& s) {
        static const std::pair<const char*, Indexer> direct[] = {
            {"annotations", Indexer::key_value}, {"cap_add", Indexer::key_value},
            {"cap_drop", Indexer::key_value},    {"devices", Indexer::device},
            {"configs", Indexer::config},        {"dns", Indexer::key_value},
            {"dns_opt", Indexer::key_value},     {"dns_search", Indexer::key_value},
            {"environment", Indexer::key_value}, {"env_file", Indexer::env_file},
            {"expose", Indexer::expose},         {"labels", Indexer::key_value},
            {"links", Indexer::key_value},       {"ports", Indexer::port},
            {"profiles", Indexer::key_value},    {"secrets", Indexer::secret},
            {"sysctls", Indexer::key_value},     {"tmpfs", Indexer::key_value},
            {"volumes", Indexer::volume},
        };
        for (auto& e : s.entries) {
            if (e.value.is_seq()) {
                for (const auto& [key, ix] : direct)
                    if (e.key == key) {
                        PathGuard g(path_, e.key);
                        dedupe(e.value, ix);
                        break;
                    }
                continue;
            }
            if (!e.value.is_map()) continue;
            if (e.key == "build") {
                PathGuard g(path_, "build");
                for (const char* k : {"args", "additional_contexts", "platform", "tags", "labels"})
                    list(e.value, k, Indexer::key_value);
            } else if (e.key == "deploy") {
                PathGuard g(path_, "deploy");
                list(e.value, "labels", Indexer::key_value);
            } else if (e.key == "networks") {
                PathGuard g(path_, "networks");
                for (auto& n : e.value.entries) {
                    if (!n.value.is_map()) continue;
                    PathGuard gn(path_, n.key);
                    list(n.value, "aliases", Indexer::key_value);
                    list(n.value, "link_local_ips", Indexer::key_value);
                }
            }
        }
    }

    void list(Node& parent, std::string_view key, Indexer ix) {
        Node* seq = parent.find(key);
        if (seq == nullptr || !seq->is_seq()) return;
        PathGuard g(path_, key);
        dedupe(*seq, ix);
    }

    void dedupe(Node& seq, Indexer ix) {
        std::unordered_map<std::string, std::size_t> keys;
        keys.reserve(seq.items.size());
        std::size_t out = 0;
        for (std::size_t i = 0; i < seq.items.size(); ++i) {
            std::optional<std::string> key;
            {
                PathGuard g(path_, i);
                key = key_of(seq.items[i], ix);
            }
            if (!key) {
                // Reported; the item stays where it is.
                seq.items[out++] = std::move(seq.items[i]);
                continue;
            }
            auto [it, fresh] = keys.emplace(std::move(*key), out);
            if (fresh) {
                if (out != i) seq.items[out] = std::move(seq.items[i]);
                ++out;
            } else {
                seq.items[it->second] = std::move(seq.items[i]);
            }
        }
        seq.items.resize(out);
    }

    void fail(const Node& item, std::string message) {
        errors_.emplace_back(Errc::merge, std::move(message), item.loc, path_.str());
    }

    std::optional<std::string> key_of(const Node& item, Indexer ix) {
        switch (ix) {
            case Indexer::key_value:
                if (!item.is_string()) {
                    fail(item, go_path(path_) + ": unexpected type " + detail::go_type(item));
                    return std::nullopt;
                }
                return item.text.substr(0, item.text.find('='));
            case Indexer::volume:
                if (item.is_map()) {
                    const Node* t = item.find("target");
                    if (t == nullptr || !t->is_string()) {
                        fail(item, "service volume " + go_path(path_) + " is missing a mount target");
                        return std::nullopt;
                    }
                    return t->text;
                }
                if (item.is_string()) {
                    auto t = volume_target(item.text);
                    if (!t) {
                        fail(item, t.error().message);
                        return std::nullopt;
                    }
                    return *t;
                }
                return std::string();
            case Indexer::device:
                if (item.is_map()) {
                    const Node* t = item.find("target");
                    if (t == nullptr || !t->is_string()) {
                        fail(item, "service device " + go_path(path_) + " is missing a mount target");
                        return std::nullopt;
                    }
                    return t->text;
                }
                if (item.is_string()) {
                    const auto first = item.text.find(':');
                    if (first == std::string::npos) return item.text;
                    const auto second = item.text.find(':', first + 1);
                    return item.text.substr(
                        first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
                }
                return std::string();
            case Indexer::expose:
                if (item.is_string()) return item.text;
                if (item.kind == Kind::integer) return std::to_string(item.int_value);
                fail(item, go_path(path_) + ": unsupported expose value " + detail::go_s(item));
                return std::nullopt;
            case Indexer::secret:
            case Indexer::config: {
                const std::string dir = ix == Indexer::secret ? "/run/secrets" : "";
                if (item.is_string()) return dir + "/" + item.text;
                if (item.is_map()) {
                    if (const Node* t = item.find("target")) {
                        if (!t->is_string()) {
                            fail(item,
                                 go_path(path_) + ": target must be a string, not " + kind_name(t->kind));
                            return std::nullopt;
                        }
                        return t->text;
                    }
                    const Node* source = item.find("source");
                    return dir + "/" +
                           (source != nullptr ? detail::go_s(*source) : std::string("%!s(<nil>)"));
                }
                fail(item, go_path(path_) + ": unsupported expose value " + detail::go_s(item));
                return std::nullopt;
            }
            case Indexer::port:
                if (item.kind == Kind::integer) return std::to_string(item.int_value);
                if (item.is_string()) return item.text;
                if (item.is_map()) {
                    const Node* target = item.find("target");
                    if (target == nullptr) {
                        fail(item, "service ports " + go_path(path_) + " is missing a target port");
                        return std::nullopt;
                    }
                    // The key is what Go's "%s:%s:%d/%s" makes of the values as typed, so that a published
                    // 8080 (integer) and "8080" (string) stay distinct, as in the reference.
                    const Node* host = item.find("host_ip");
                    const Node* published = item.find("published");
                    const Node* protocol = item.find("protocol");
                    const Node nil;
                    return (host != nullptr ? detail::go_s(*host) : std::string("0.0.0.0")) + ":" +
                           detail::go_s(published != nullptr ? *published : nil) + ":" +
                           detail::go_d(*target) + "/" +
                           (protocol != nullptr ? detail::go_s(*protocol) : std::string("tcp"));
                }
                return std::string();
            case Indexer::env_file:
                if (item.is_string()) return item.text;
                if (item.is_map()) {
                    const Node* p = item.find("path");
                    if (p == nullptr) {
                        fail(item, "environment path attribute " + go_path(path_) + " is missing");
                        return std::nullopt;
                    }
                    if (!p->is_string()) {
                        fail(item, go_path(path_) + ": path must be a string, not " + kind_name(p->kind));
                        return std::nullopt;
                    }
                    return p->text;
                }
                return std::string();
        }
        return std::string();
    }
};

}  // namespace

core::Status enforce_unicity(Node& doc) {
    Unicity u;
    u.run(doc);
    return detail::collect(u.take_errors());
}

}  // namespace stackctl::load
