#include "stackctl/load/encode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "stackctl/core/utf8.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/spec.hpp"

namespace stackctl::load {

namespace {

using spec::Enc;
using spec::Field;
using spec::ObjectSpec;
using spec::Omit;

bool is_extension(std::string_view key) {
    return key.size() >= 2 && key[0] == 'x' && key[1] == '-';
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string quote(std::string_view s) { return core::go_quote(s, 60); }

// A value as Go's fmt.Sprint prints a decoded YAML value: "<nil>", "[a b]", "map[k:v]" (keys sorted).

// An encoded value and whether it is Go's zero value for its type (which omitempty leaves out).
struct Out {
    Node node;
    bool zero = false;
};

class Encoder {
  public:
    explicit Encoder(const EncodeOptions& options) : yaml_(options.format == OutputFormat::yaml) {}

    Node project(const Node& in) {
        Node out = Node::map(in.loc);
        if (!in.is_map()) {
            error(in.loc, "the project must be a mapping");
            return out;
        }
        const ObjectSpec& proj = spec::project();
        std::vector<const MapEntry*> extensions;
        for (const MapEntry& e : in.entries) {
            if (is_extension(e.key)) {
                extensions.push_back(&e);
            } else if (proj.find(e.key) == nullptr) {
                error(e.key_loc, fmt::format("unknown top-level key {}", quote(e.key)));
            }
        }
        for (const Field& f : proj.fields) {
            if (f.enc == Enc::drop) continue;
            const Node* v = in.find(f.key);
            PathGuard g(path_, f.key);
            if (f.key == "name") {
                // JSON builds the top level as a map that always has the name; YAML has omitempty.
                std::string name = v != nullptr && v->is_scalar() && !v->is_null() ? v->text : std::string();
                if (!yaml_ || !name.empty())
                    out.set("name", Node::string(std::move(name), v ? v->loc : in.loc));
                continue;
            }
            std::optional<Out> enc = v != nullptr && !v->is_null() ? encode(*v, f) : std::nullopt;
            if (f.omit == Omit::always && !enc) enc = Out{Node::map(in.loc), true};
            if (enc && (!enc->zero || f.omit == Omit::always))
                out.set(std::string(f.key), std::move(enc->node));
        }
        sort_entries(extensions);
        for (const MapEntry* e : extensions) {
            PathGuard g(path_, e->key);
            out.entries.push_back(MapEntry{e->key, e->key_loc, any(e->value)});
        }
        // The reference marshals the JSON top level from a Go map: keys sorted bytewise.
        if (!yaml_) {
            std::stable_sort(out.entries.begin(), out.entries.end(),
                             [](const MapEntry& a, const MapEntry& b) { return a.key < b.key; });
        }
        return out;
    }

    core::Result<Node> result(Node out) && {
        if (errors_.empty()) return out;
        core::Error first = std::move(errors_.front());
        for (std::size_t i = 1; i < errors_.size(); ++i) first.more.push_back(std::move(errors_[i]));
        return first;
    }

  private:
    void error(core::SourceLoc loc, std::string message) {
        errors_.emplace_back(core::Errc::validate, std::move(message), loc, path_.str());
    }

    bool key_less(std::string_view a, std::string_view b) const {
        return yaml_ ? go::yaml_key_less(a, b) : a < b;
    }

    void sort_entries(std::vector<MapEntry>& entries) const {
        std::stable_sort(entries.begin(), entries.end(),
                         [this](const MapEntry& a, const MapEntry& b) { return key_less(a.key, b.key); });
    }
    void sort_entries(std::vector<const MapEntry*>& entries) const {
        std::stable_sort(entries.begin(), entries.end(),
                         [this](const MapEntry* a, const MapEntry* b) { return key_less(a->key, b->key); });
    }

    // A map built from (key, value) pairs where a later key replaces an earlier one (Go map assignment),
    // sorted for output.
    class MapBuilder {
      public:
        explicit MapBuilder(const Encoder& enc) : enc_(enc) {}
        void put(std::string key, core::SourceLoc key_loc, Node value) {
            // Small maps are searched; large ones (services, big environments) get an index.
            constexpr std::size_t small = 16;
            if (entries_.size() == small)
                for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].key, i);
            if (entries_.size() < small) {
                for (auto& e : entries_) {
                    if (e.key == key) {
                        e.value = std::move(value);
                        return;
                    }
                }
            } else if (auto it = index_.find(key); it != index_.end()) {
                entries_[it->second].value = std::move(value);
                return;
            }
            if (entries_.size() >= small) index_.emplace(key, entries_.size());
            entries_.push_back(MapEntry{std::move(key), key_loc, std::move(value)});
        }
        Out finish(core::SourceLoc loc) && {
            Node out = Node::map(loc);
            out.entries = std::move(entries_);
            enc_.sort_entries(out.entries);
            const bool zero = out.entries.empty();
            return {std::move(out), zero};
        }

      private:
        const Encoder& enc_;
        std::vector<MapEntry> entries_;
        std::unordered_map<std::string, std::size_t> index_;
    };

    // ---- scalars ---------------------------------------------------------------------------------

    // The text of a scalar, as Go's fmt.Sprint prints it (the tree keeps that spelling).
    std::optional<std::string> scalar_text(const Node& v, std::string_view what) {
        if (v.is_scalar() && !v.is_null()) return v.text;
        error(v.loc, fmt::format("expected {}, got {}", what, v.is_null() ? "null" : kind_name(v.kind)));
        return std::nullopt;
    }

    std::optional<std::int64_t> to_int(const Node& v) {
        switch (v.kind) {
            case Kind::integer:
                return v.int_value;
            case Kind::floating:
                if (v.float_value > -9.2e18 && v.float_value < 9.2e18)
                    return static_cast<std::int64_t>(v.float_value);
                break;
            case Kind::string:
                if (auto i = go::parse_int(v.text)) return i;
                error(v.loc, fmt::format("invalid integer {}", quote(v.text)));
                return std::nullopt;
            default:
                break;
        }
        error(v.loc, fmt::format("expected an integer, got {}", v.is_null() ? "null" : kind_name(v.kind)));
        return std::nullopt;
    }

    std::optional<Out> encode_string(const Node& v) {
        auto t = scalar_text(v, "a string");
        if (!t) return std::nullopt;
        const bool zero = t->empty();
        return Out{Node::string(std::move(*t), v.loc), zero};
    }

    std::optional<Out> encode_integer(const Node& v) {
        auto i = to_int(v);
        if (!i) return std::nullopt;
        return Out{Node::integer(*i, v.loc), *i == 0};
    }

    std::optional<Out> encode_boolean(const Node& v) {
        std::optional<bool> b;
        if (v.kind == Kind::boolean)
            b = v.as_bool();
        else if (v.kind == Kind::string)
            b = go::parse_bool(v.text);
        if (!b) {
            error(v.loc,
                  fmt::format("invalid boolean {}", v.is_scalar() ? quote(v.text) : kind_name(v.kind)));
            return std::nullopt;
        }
        return Out{Node::boolean(*b, v.loc), !*b};
    }

    std::optional<Out> encode_float32(const Node& v) {
        std::optional<double> d;
        if (v.kind == Kind::integer)
            d = static_cast<double>(v.int_value);
        else if (v.kind == Kind::floating)
            d = v.float_value;
        else if (v.kind == Kind::string)
            d = go::parse_float(v.text);
        if (!d) {
            error(v.loc, fmt::format("invalid number {}", v.is_scalar() ? quote(v.text) : kind_name(v.kind)));
            return std::nullopt;
        }
        const double f = go::to_float32(*d);
        return Out{Node::floating(f, v.loc), f == 0};
    }

    std::optional<Out> encode_bytes(const Node& v) {
        std::optional<std::int64_t> n;
        switch (v.kind) {
            case Kind::integer:
                n = v.int_value;
                break;
            // UnitBytes decodes ints and strings only: a float leaves the value at zero upstream.
            case Kind::floating:
                n = 0;
                break;
            case Kind::string:
                n = go::parse_ram_bytes(v.text).value;
                // Our own output ("-1" for an unlimited swap) must read back.
                if (!n && !v.text.empty() && v.text[0] == '-') n = go::parse_int(v.text);
                if (!n) error(v.loc, fmt::format("invalid byte size {}", quote(v.text)));
                break;
            default:
                error(v.loc, fmt::format("expected a byte size, got {}", kind_name(v.kind)));
                break;
        }
        if (!n) return std::nullopt;
        return Out{Node::string(std::to_string(*n), v.loc), *n == 0};
    }

    std::optional<Out> encode_duration(const Node& v) {
        std::optional<std::int64_t> ns;
        if (v.is_scalar() && !v.is_null()) ns = go::parse_duration(v.text).value;
        if (!ns) {
            error(v.loc,
                  fmt::format("invalid duration {}", v.is_scalar() ? quote(v.text) : kind_name(v.kind)));
            return std::nullopt;
        }
        return Out{Node::string(go::format_duration(*ns), v.loc), *ns == 0};
    }

    // ---- lists -----------------------------------------------------------------------------------

    std::optional<Out> string_items(const Node& v, bool split_string) {
        Node out = Node::seq(v.loc);
        if (v.is_string()) {
            if (split_string) {
                auto words = go::split_shell_words(v.text);
                if (!words) {
                    error(v.loc, fmt::format("invalid command line {}: unbalanced quotes or parentheses",
                                             quote(v.text)));
                    return std::nullopt;
                }
                for (auto& w : *words) out.items.push_back(Node::string(std::move(w), v.loc));
            } else {
                out.items.push_back(Node::string(v.text, v.loc));
            }
        } else if (v.is_seq()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                PathGuard g(path_, i);
                auto t = scalar_text(v.items[i], "a string");
                if (t) out.items.push_back(Node::string(std::move(*t), v.items[i].loc));
            }
        } else {
            error(v.loc, fmt::format("expected a string or a list, got {}", kind_name(v.kind)));
            return std::nullopt;
        }
        const bool zero = out.items.empty();
        return Out{std::move(out), zero};
    }

    std::optional<Out> encode_health_test(const Node& v) {
        if (v.is_string()) {
            Node out = Node::seq(v.loc);
            out.items.push_back(Node::string("CMD-SHELL", v.loc));
            out.items.push_back(Node::string(v.text, v.loc));
            return Out{std::move(out), false};
        }
        return string_items(v, false);
    }

    std::optional<Out> encode_hosts(const Node& v) {
        std::vector<std::pair<std::string, std::vector<std::string>>> hosts;
        std::unordered_map<std::string, std::size_t> index;
        auto add = [&](std::string host, std::vector<std::string> ips, core::SourceLoc loc) {
            if (host.empty() || host.find_first_of(":=") != std::string::npos) {
                error(loc, fmt::format("bad host name {}", quote(host)));
                return;
            }
            for (auto& ip : ips)
                if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
            auto [it, fresh] = index.emplace(host, hosts.size());
            if (fresh)
                hosts.emplace_back(std::move(host), std::move(ips));
            else
                hosts[it->second].second.insert(hosts[it->second].second.end(), ips.begin(), ips.end());
        };
        if (v.is_map()) {
            for (const MapEntry& e : v.entries) {
                PathGuard g(path_, e.key);
                std::vector<std::string> ips;
                if (e.value.is_seq()) {
                    for (const Node& i : e.value.items)
                        if (auto t = scalar_text(i, "an IP address")) ips.push_back(*t);
                } else if (e.value.is_null()) {
                    ips.emplace_back();
                } else if (auto t = scalar_text(e.value, "an IP address")) {
                    ips.push_back(*t);
                }
                // The map form replaces (Go map assignment), the list form appends.
                if (auto it = index.find(e.key); it != index.end()) hosts[it->second].second.clear();
                add(e.key, std::move(ips), e.key_loc);
            }
        } else if (v.is_seq()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                PathGuard g(path_, i);
                auto t = scalar_text(v.items[i], "a host entry");
                if (!t) continue;
                auto sep = t->find('=');
                if (sep == std::string::npos) sep = t->find(':');
                if (sep == std::string::npos) {
                    error(v.items[i].loc, fmt::format("invalid extra host {}: expected host=ip", quote(*t)));
                    continue;
                }
                std::vector<std::string> ips;
                std::string rest = t->substr(sep + 1);
                for (std::size_t start = 0;;) {
                    auto comma = rest.find(',', start);
                    ips.push_back(
                        rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
                    if (comma == std::string::npos) break;
                    start = comma + 1;
                }
                add(t->substr(0, sep), std::move(ips), v.items[i].loc);
            }
        } else {
            error(v.loc, fmt::format("expected a list or a mapping, got {}", kind_name(v.kind)));
            return std::nullopt;
        }
        std::vector<std::string> lines;
        for (auto& [host, ips] : hosts)
            for (auto& ip : ips) lines.push_back(host + "=" + ip);
        std::sort(lines.begin(), lines.end());
        Node out = Node::seq(v.loc);
        for (auto& l : lines) out.items.push_back(Node::string(std::move(l), v.loc));
        const bool zero = out.items.empty();
        return Out{std::move(out), zero};
    }

    // ---- maps of scalars -------------------------------------------------------------------------

    // MappingWithEquals (nullable values) and Labels/Mapping/Options (a null becomes "").
    std::optional<Out> encode_string_map(const Node& v, bool nullable) {
        MapBuilder b(*this);
        auto value_of = [&](const Node& x) -> std::optional<Node> {
            if (x.is_null()) return nullable ? Node::null(x.loc) : Node::string("", x.loc);
            auto t = scalar_text(x, "a string");
            if (!t) return std::nullopt;
            return Node::string(std::move(*t), x.loc);
        };
        if (v.is_map()) {
            std::vector<const MapEntry*> extensions;
            for (const MapEntry& e : v.entries) {
                if (is_extension(e.key)) {
                    extensions.push_back(&e);
                    continue;
                }
                PathGuard g(path_, e.key);
                if (auto x = value_of(e.value)) b.put(e.key, e.key_loc, std::move(*x));
            }
            // Quirk kept for compatibility: the reference moves x-* keys of every map into an
            // "#extensions" map, which these types then print as one entry in Go's %v format.
            if (!extensions.empty()) {
                std::stable_sort(extensions.begin(), extensions.end(),
                                 [](const MapEntry* a, const MapEntry* c) { return a->key < c->key; });
                std::string text = "map[";
                for (const MapEntry* e : extensions) {
                    if (e != extensions.front()) text += ' ';
                    text += e->key + ':' + go::sprint(e->value);
                }
                text += ']';
                b.put("#extensions", extensions.front()->key_loc, Node::string(std::move(text), v.loc));
            }
        } else if (v.is_seq()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                PathGuard g(path_, i);
                const Node& item = v.items[i];
                auto t = scalar_text(item, "a KEY=VALUE string");
                if (!t) continue;
                auto eq = t->find('=');
                if (eq == std::string::npos)
                    b.put(*t, item.loc, nullable ? Node::null(item.loc) : Node::string("", item.loc));
                else
                    b.put(t->substr(0, eq), item.loc, Node::string(t->substr(eq + 1), item.loc));
            }
        } else {
            error(v.loc, fmt::format("expected a mapping or a list, got {}", kind_name(v.kind)));
            return std::nullopt;
        }
        return std::move(b).finish(v.loc);
    }

    std::optional<Out> encode_ssh(const Node& v) {
        struct Key {
            std::string id;
            std::optional<std::string> path;
            core::SourceLoc loc;
        };
        std::vector<Key> keys;
        if (v.is_map()) {
            for (const MapEntry& e : v.entries) {
                std::optional<std::string> p;
                if (!e.value.is_null()) {
                    PathGuard g(path_, e.key);
                    p = scalar_text(e.value, "a path");
                }
                keys.push_back({e.key, std::move(p), e.key_loc});
            }
        } else if (v.is_seq()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                PathGuard g(path_, i);
                auto t = scalar_text(v.items[i], "an SSH key");
                if (!t) continue;
                auto eq = t->find('=');
                if (eq == std::string::npos)
                    keys.push_back({*t, std::nullopt, v.items[i].loc});
                else
                    keys.push_back({t->substr(0, eq), t->substr(eq + 1), v.items[i].loc});
            }
        } else {
            error(v.loc, fmt::format("expected a mapping or a list, got {}", kind_name(v.kind)));
            return std::nullopt;
        }
        Node out = Node::seq(v.loc);
        for (auto& [id, p, loc] : keys) {
            if (!p || p->empty()) {
                out.items.push_back(Node::string(id, loc));
            } else if (yaml_) {
                out.items.push_back(Node::string(id + ": " + *p, loc));
            } else {
                // The reference writes `"id": path` here, which is not JSON, and fails.
                error(loc,
                      fmt::format("cannot print the SSH key {} with a path as JSON (docker compose fails "
                                  "here too); use the YAML output",
                                  quote(id)));
            }
        }
        const bool zero = out.items.empty();
        return Out{std::move(out), zero};
    }

    std::optional<Out> encode_env_files(const Node& v) {
        Node out = Node::seq(v.loc);
        auto one = [&](const Node& item) {
            std::string p;
            bool required = true;
            std::string format;
            if (item.is_string()) {
                p = item.text;
            } else if (item.is_map()) {
                for (const MapEntry& e : item.entries) {
                    PathGuard g(path_, e.key);
                    if (e.key == "path") {
                        if (auto t = scalar_text(e.value, "a path")) p = *t;
                    } else if (e.key == "required") {
                        if (auto b = encode_boolean(e.value)) required = b->node.as_bool();
                    } else if (e.key == "format") {
                        if (auto t = scalar_text(e.value, "a format")) format = *t;
                    } else {
                        error(e.key_loc, fmt::format("unknown key {}", quote(e.key)));
                    }
                }
            } else {
                error(item.loc, fmt::format("expected a string or a mapping, got {}", kind_name(item.kind)));
                return;
            }
            if (required) {
                out.items.push_back(Node::string(std::move(p), item.loc));
                return;
            }
            Node m = Node::map(item.loc);
            if (yaml_ || !p.empty()) m.set("path", Node::string(std::move(p), item.loc));
            m.set("required", Node::boolean(false, item.loc));
            if (!yaml_ && !format.empty()) m.set("format", Node::string(std::move(format), item.loc));
            out.items.push_back(std::move(m));
        };
        if (v.is_seq()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                PathGuard g(path_, i);
                one(v.items[i]);
            }
        } else {
            one(v);
        }
        const bool zero = out.items.empty();
        return Out{std::move(out), zero};
    }

    std::optional<Out> encode_device_count(const Node& v) {
        if (v.is_string() && iequals(v.text, "all")) return Out{Node::integer(-1, v.loc), false};
        if (v.is_string() && !go::parse_int(v.text)) {
            error(v.loc, fmt::format("invalid device count {}: expected \"all\" or a number", quote(v.text)));
            return std::nullopt;
        }
        return encode_integer(v);
    }

    std::optional<Out> encode_ulimits(const Node& v, const ObjectSpec& obj) {
        if (!v.is_map()) {
            error(v.loc, fmt::format("expected a mapping, got {}", kind_name(v.kind)));
            return std::nullopt;
        }
        MapBuilder b(*this);
        for (const MapEntry& e : v.entries) {
            PathGuard g(path_, e.key);
            const Node& x = e.value;
            std::int64_t single = 0, soft = 0, hard = 0;
            if (x.is_map()) {
                for (const MapEntry& le : x.entries) {
                    if (is_extension(le.key)) continue;
                    PathGuard lg(path_, le.key);
                    const Field* f = obj.find(le.key);
                    if (f == nullptr) {
                        error(le.key_loc, fmt::format("unknown key {}", quote(le.key)));
                        continue;
                    }
                    if (auto i = to_int(le.value)) (f->key == "soft" ? soft : hard) = *i;
                }
            } else if (auto i = to_int(x)) {
                single = *i;
            } else {
                continue;
            }
            Node out;
            if (single != 0) {
                out = Node::integer(single, x.loc);
            } else {
                out = Node::map(x.loc);
                // JSON marshals the struct with omitempty; YAML marshals {Soft, Hard} without it.
                if (yaml_ || soft != 0) out.set("soft", Node::integer(soft, x.loc));
                if (yaml_ || hard != 0) out.set("hard", Node::integer(hard, x.loc));
            }
            b.put(e.key, e.key_loc, std::move(out));
        }
        return std::move(b).finish(v.loc);
    }

    // ---- objects ---------------------------------------------------------------------------------

    std::optional<Out> encode_object_list(const Node& v, const ObjectSpec& obj) {
        if (!v.is_seq()) {
            error(v.loc, fmt::format("expected a list of {} objects, got {}", obj.name, kind_name(v.kind)));
            return std::nullopt;
        }
        Node out = Node::seq(v.loc);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            PathGuard g(path_, i);
            out.items.push_back(object(v.items[i], obj));
        }
        const bool zero = out.items.empty();
        return Out{std::move(out), zero};
    }

    std::optional<Out> encode_object_map(const Node& v, const ObjectSpec& obj, bool nullable) {
        MapBuilder b(*this);
        if (v.is_seq() && nullable) {
            // A list of names is the short form of service networks.
            for (const Node& item : v.items)
                if (auto t = scalar_text(item, "a name")) b.put(*t, item.loc, Node::null(item.loc));
            return std::move(b).finish(v.loc);
        }
        if (!v.is_map()) {
            error(v.loc, fmt::format("expected a mapping, got {}", kind_name(v.kind)));
            return std::nullopt;
        }
        for (const MapEntry& e : v.entries) {
            PathGuard g(path_, e.key);
            if (nullable && e.value.is_null())
                b.put(e.key, e.key_loc, Node::null(e.value.loc));
            else
                b.put(e.key, e.key_loc, object(e.value, obj));
        }
        return std::move(b).finish(v.loc);
    }

    // The field of `obj` an input key feeds: exact key, else the JSON key or any case (the reference
    // decodes struct fields case-insensitively, so its own `"Path"` reads back).
    static const Field* match(const ObjectSpec& obj, std::string_view key) {
        if (const Field* f = obj.find(key)) return f;
        for (const Field& f : obj.fields)
            if (f.json_key == key || iequals(f.key, key)) return &f;
        return nullptr;
    }

    Node object(const Node& in, const ObjectSpec& obj) {
        Node out = Node::map(in.loc);
        if (!in.is_map() && !in.is_null()) {
            error(in.loc, fmt::format("expected a mapping ({} in long syntax), got {}", obj.name,
                                      kind_name(in.kind)));
            return out;
        }
        // Values are decoded in document order (so are the errors), then printed in field order.
        std::vector<std::pair<std::size_t, std::optional<Out>>> present;
        std::vector<const MapEntry*> extensions;
        for (const MapEntry& e : in.entries) {
            if (is_extension(e.key)) {
                extensions.push_back(&e);
                continue;
            }
            const Field* f = match(obj, e.key);
            if (f == nullptr) {
                if (!obj.open) error(e.key_loc, fmt::format("unknown key {} in {}", quote(e.key), obj.name));
                continue;
            }
            PathGuard g(path_, f->key);
            present.emplace_back(static_cast<std::size_t>(f - obj.fields.data()),
                                 e.value.is_null() ? std::nullopt : encode(e.value, *f));
        }
        std::stable_sort(present.begin(), present.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        // A config whose content comes from an environment variable prints its source, not the content.
        bool skip_content = false;
        if (obj.name == "config") {
            const Node* env = in.find("environment");
            skip_content = env != nullptr && env->is_scalar() && !env->is_null() && !env->text.empty();
        }
        out.entries.reserve(present.size() + 2);
        auto next = present.begin();
        for (std::size_t i = 0; i < obj.fields.size(); ++i) {
            const Field& f = obj.fields[i];
            std::optional<Out> enc;
            // With a key given twice (case variants), the last one wins, as in a Go map.
            while (next != present.end() && next->first == i) enc = std::move((next++)->second);
            if (f.enc == Enc::drop || (skip_content && f.key == "content")) continue;
            if (!enc && (f.omit == Omit::empty || f.omit == Omit::set)) continue;
            const std::string_view key = !yaml_ && !f.json_key.empty() ? f.json_key : f.key;
            auto put = [&](Node n) {
                out.entries.push_back(MapEntry{std::string(key), n.loc, std::move(n)});
            };
            switch (f.omit) {
                case Omit::empty:
                    if (!enc->zero) put(std::move(enc->node));
                    break;
                case Omit::set:
                    put(std::move(enc->node));
                    break;
                case Omit::always:
                    if (!enc) {
                        if (f.enc == Enc::shell_command && yaml_) break;
                        enc = zero_value(f, in.loc);
                    }
                    put(std::move(enc->node));
                    break;
                case Omit::value:
                    if (!enc) enc = Out{object(Node::null(in.loc), *f.object), false};
                    if (!yaml_ || !enc->node.entries.empty()) put(std::move(enc->node));
                    break;
            }
        }
        if (yaml_ && obj.keeps_extensions && !extensions.empty()) {
            sort_entries(extensions);
            for (const MapEntry* e : extensions) {
                PathGuard g(path_, e->key);
                out.entries.push_back(MapEntry{e->key, e->key_loc, any(e->value)});
            }
        }
        return out;
    }

    Out zero_value(const Field& f, core::SourceLoc loc) const {
        switch (f.enc) {
            case Enc::integer:
            case Enc::device_count:
                return {Node::integer(0, loc), true};
            case Enc::boolean:
                return {Node::boolean(false, loc), true};
            case Enc::float32:
                return {Node::floating(0, loc), true};
            case Enc::bytes:
                return {Node::string("0", loc), true};
            case Enc::duration:
                return {Node::string("0s", loc), true};
            case Enc::shell_command:
                return {Node::null(loc), true};
            case Enc::object:
            case Enc::object_map:
            case Enc::nullable_map:
            case Enc::env_mapping:
            case Enc::string_map:
            case Enc::ulimits:
                return {Node::map(loc), true};
            case Enc::string_list:
            case Enc::number_list:
            case Enc::hosts:
            case Enc::health_test:
            case Enc::ssh:
            case Enc::env_files:
            case Enc::object_list:
                return {Node::seq(loc), true};
            default:
                return {Node::string("", loc), true};
        }
    }

    // Extension values: printed as parsed, with map keys sorted as the reference's generic maps are.
    Node any(const Node& v) {
        Node out = v;
        out.tag = Tag::none;
        sort_deep(out);
        return out;
    }
    void sort_deep(Node& n) const {
        if (n.is_map()) {
            sort_entries(n.entries);
            for (auto& e : n.entries) sort_deep(e.value);
        } else if (n.is_seq()) {
            for (auto& i : n.items) sort_deep(i);
        }
    }

    std::optional<Out> encode(const Node& v, const Field& f) {
        switch (f.enc) {
            case Enc::drop:
                return std::nullopt;
            case Enc::string:
                return encode_string(v);
            case Enc::integer:
                return encode_integer(v);
            case Enc::boolean:
                return encode_boolean(v);
            case Enc::float32:
                return encode_float32(v);
            case Enc::bytes:
                return encode_bytes(v);
            case Enc::duration:
                return encode_duration(v);
            case Enc::shell_command: {
                auto out = string_items(v, true);
                // A command set to "" or [] is printed as [], unlike an unset one.
                if (out) out->zero = false;
                return out;
            }
            case Enc::string_list:
            case Enc::number_list:
                return string_items(v, false);
            case Enc::env_mapping:
                return encode_string_map(v, true);
            case Enc::string_map:
                return encode_string_map(v, false);
            case Enc::hosts:
                return encode_hosts(v);
            case Enc::external: {
                if (v.is_map()) return Out{Node::boolean(true, v.loc), false};
                auto b = encode_boolean(v);
                if (b && b->zero) return std::nullopt;
                return b;
            }
            case Enc::health_test:
                return encode_health_test(v);
            case Enc::ssh:
                return encode_ssh(v);
            case Enc::env_files:
                return encode_env_files(v);
            case Enc::device_count:
                return encode_device_count(v);
            case Enc::ulimits:
                return encode_ulimits(v, *f.object);
            case Enc::object:
                return Out{object(v, *f.object), false};
            case Enc::object_list:
                return encode_object_list(v, *f.object);
            case Enc::object_map:
                return encode_object_map(v, *f.object, false);
            case Enc::nullable_map:
                return encode_object_map(v, *f.object, true);
            case Enc::any:
                return Out{any(v), false};
        }
        return std::nullopt;
    }

    bool yaml_;
    Path path_;
    std::vector<core::Error> errors_;
};

}  // namespace

core::Result<Node> encode_output(const Node& normalized_project, const EncodeOptions& options) {
    Encoder enc(options);
    Node out = enc.project(normalized_project);
    return std::move(enc).result(std::move(out));
}

}  // namespace stackctl::load
