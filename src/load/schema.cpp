#include "stackctl/load/schema.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "stackctl/core/utf8.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/spec.hpp"

namespace stackctl::load {

namespace {

using spec::Check;
using spec::Field;
using spec::Keys;
using spec::ObjectSpec;
using spec::Shape;

// ---- messages ------------------------------------------------------------------------------------

std::string quote(std::string_view s) { return core::go_quote(s, 60); }

// "a string, an integer or a mapping", in a fixed order.
std::string describe_kinds(std::uint8_t kinds) {
    std::vector<const char*> names;
    if ((kinds & spec::in::string) != 0) names.push_back("a string");
    if ((kinds & spec::in::number) == spec::in::number)
        names.push_back("a number");
    else if ((kinds & spec::in::integer) != 0)
        names.push_back("an integer");
    if ((kinds & spec::in::boolean) != 0) names.push_back("a boolean");
    if ((kinds & spec::in::seq) != 0) names.push_back("a list");
    if ((kinds & spec::in::map) != 0) names.push_back("a mapping");
    if ((kinds & spec::in::null) != 0) names.push_back("null");
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

std::string describe_value(const Node& v) {
    switch (v.kind) {
        case Kind::null:
            return "null";
        case Kind::boolean:
            return fmt::format("a boolean ({})", v.text);
        case Kind::integer:
            return fmt::format("an integer ({})", v.text);
        case Kind::floating:
            return fmt::format("a number ({})", v.text);
        case Kind::string:
            return fmt::format("a string ({})", quote(v.text));
        case Kind::seq:
            return "a list";
        case Kind::map:
            return "a mapping";
    }
    return "a value";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; };
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
            diag = up;
        }
    }
    return row[b.size()];
}

// The accepted field closest to `key`, if it is close enough to be a likely typo.
std::string_view suggest(const ObjectSpec& obj, std::string_view key) {
    std::string_view best;
    std::size_t best_d = 3;
    for (const Field& f : obj.fields) {
        if (f.in == nullptr) continue;
        const std::size_t d = edit_distance(key, f.key);
        if (d < best_d && d < std::max<std::size_t>(key.size() / 2, 1)) {
            best = f.key;
            best_d = d;
        }
    }
    return best;
}

// ---- string syntax checks ------------------------------------------------------------------------

bool valid_ip(const std::string& ip) {
    unsigned char buf[16];
    return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

// strconv.ParseUint(s, 10, 16)
std::optional<std::uint64_t> parse_port_number(std::string_view s) {
    if (s.empty() || s.size() > 5) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > 65535) return std::nullopt;
    return v;
}

// nat.ParsePortRange: "80" or "8000-8010" (anything after a second '-' is ignored, as upstream).
bool parse_port_range(std::string_view s, std::uint64_t& start, std::uint64_t& end) {
    auto dash = s.find('-');
    if (dash == std::string_view::npos) {
        auto v = parse_port_number(s);
        if (!v) return false;
        start = end = *v;
        return true;
    }
    std::string_view second = s.substr(dash + 1);
    second = second.substr(0, second.find('-'));
    auto a = parse_port_number(s.substr(0, dash));
    auto b = parse_port_number(second);
    if (!a || !b || *b < *a) return false;
    start = *a;
    end = *b;
    return true;
}

// The short port syntax as docker/go-connections v0.4.0 nat.ParsePortSpec reads it:
// [host_ip:][published:]target[/protocol]. Returns an explanation, or empty when valid.
std::string check_port_spec(std::string_view raw) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto colon = raw.find(':', start);
        parts.push_back(
            raw.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    const std::size_t n = parts.size();
    std::string_view container = parts[n - 1];
    std::string_view host_port = n >= 2 ? parts[n - 2] : std::string_view{};
    std::string_view raw_ip;
    if (n >= 3) raw_ip = raw.substr(0, static_cast<std::size_t>(host_port.data() - raw.data()) - 1);

    // Protocol after '/'.
    std::string proto = "tcp";
    {
        auto slash = container.find('/');
        if (container.empty() || slash == 0) {
            proto.clear();
            container = {};
        } else if (slash != std::string_view::npos) {
            std::string_view p = container.substr(slash + 1);
            p = p.substr(0, p.find('/'));
            if (!p.empty()) proto = std::string(p);
            container = container.substr(0, slash);
        }
    }
    // Host IP: brackets allowed around it (and needed for IPv6).
    std::string ip(raw_ip);
    if (!raw_ip.empty()) {
        if (raw_ip.front() == '[') {
            auto close = raw_ip.find(']');
            if (close == std::string_view::npos) return "missing ']' in the host IP";
            if (close + 1 != raw_ip.size()) return "unexpected text after ']' in the host IP";
            ip = std::string(raw_ip.substr(1, close - 1));
            if (ip.find_first_of("[]") != std::string::npos) return "unexpected bracket in the host IP";
        } else if (raw_ip.find(':') != std::string_view::npos) {
            if (valid_ip(ip))
                return "an IPv6 host address must be written in brackets, such as [::1]:8080:80";
            return fmt::format("invalid host IP address {}", quote(ip));
        } else if (raw_ip.find_first_of("[]") != std::string_view::npos) {
            return "unexpected bracket in the host IP";
        }
        if (!ip.empty() && !valid_ip(ip)) return fmt::format("invalid host IP address {}", quote(ip));
    }
    if (container.empty()) return "no container port";
    std::uint64_t start = 0, end = 0;
    if (!parse_port_range(container, start, end))
        return fmt::format("invalid container port {}: expected a port (0-65535) or a range",
                           quote(container));
    if (!host_port.empty()) {
        std::uint64_t hstart = 0, hend = 0;
        if (!parse_port_range(host_port, hstart, hend))
            return fmt::format("invalid published port {}: expected a port (0-65535) or a range",
                               quote(host_port));
        if (end - start != hend - hstart && end != start)
            return fmt::format("the published range {} and the container range {} have different sizes",
                               quote(host_port), quote(container));
    }
    std::string lower_proto = proto;
    std::transform(lower_proto.begin(), lower_proto.end(), lower_proto.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    if (lower_proto != "tcp" && lower_proto != "udp" && lower_proto != "sctp")
        return fmt::format("invalid protocol {}: expected tcp, udp or sctp", quote(proto));
    return {};
}

// Returns the problem with `text` for `check`, or empty.
std::string check_string(Check check, const std::string& text) {
    switch (check) {
        case Check::none:
            return {};
        case Check::duration:
            if (go::parse_duration(text)) return {};
            return fmt::format(
                "invalid duration {}: expected a duration such as \"90s\", \"1m30s\" or \"500ms\"",
                quote(text));
        case Check::bytes:
            if (go::parse_ram_bytes(text)) return {};
            return fmt::format(
                "invalid byte size {}: expected a number with an optional unit (b, k, m, g, t, p), such as "
                "\"512m\" or \"1.5g\"",
                quote(text));
        case Check::boolean:
            if (go::parse_bool(text)) return {};
            return fmt::format("invalid boolean {}: expected true or false", quote(text));
        case Check::integer:
            if (go::parse_int(text)) return {};
            return fmt::format("invalid integer {}", quote(text));
        case Check::number:
            if (go::parse_float(text)) return {};
            return fmt::format("invalid number {}", quote(text));
        case Check::port: {
            std::string why = check_port_spec(text);
            if (why.empty()) return {};
            return fmt::format("invalid port {}: {}", quote(text), why);
        }
    }
    return {};
}

bool name_key(std::string_view k) {
    if (k.empty()) return false;
    return std::all_of(k.begin(), k.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    });
}

bool lower_key(std::string_view k) {
    return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool integral(const Node& v) {
    return v.kind == Kind::integer || (v.kind == Kind::floating && std::isfinite(v.float_value) &&
                                       std::floor(v.float_value) == v.float_value);
}

// A canonical text of a value for uniqueness checks: JSON equality (numbers by value, maps unordered).
void unique_key(const Node& v, std::string& out) {
    switch (v.kind) {
        case Kind::null:
            out += 'z';
            break;
        case Kind::boolean:
            out += v.as_bool() ? "t" : "f";
            break;
        case Kind::integer:
            out += 'n' + v.text + ';';
            break;
        case Kind::floating:
            out += 'n';
            if (integral(v) && std::fabs(v.float_value) < 9e18)
                out += std::to_string(static_cast<std::int64_t>(v.float_value));
            else
                out += v.text;
            out += ';';
            break;
        case Kind::string:
            out += 's' + std::to_string(v.text.size()) + ':' + v.text;
            break;
        case Kind::seq:
            out += '[';
            for (const Node& i : v.items) unique_key(i, out);
            out += ']';
            break;
        case Kind::map: {
            std::vector<const MapEntry*> sorted;
            for (const MapEntry& e : v.entries) sorted.push_back(&e);
            std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->key < b->key; });
            out += '{';
            for (const MapEntry* e : sorted) {
                out += std::to_string(e->key.size()) + ':' + e->key;
                unique_key(e->value, out);
            }
            out += '}';
            break;
        }
    }
}

// ---- the walk ------------------------------------------------------------------------------------

class Validator {
  public:
    explicit Validator(const SchemaOptions& options) : options_(options) {}

    void root(const Node& doc) {
        if (!doc.is_map()) {
            error(doc.loc, fmt::format("a compose file must be a mapping, got {}", describe_value(doc)));
            return;
        }
        object(doc, spec::project());
    }

    core::Status result() && {
        if (errors_.empty()) return {};
        core::Error first = std::move(errors_.front());
        for (std::size_t i = 1; i < errors_.size(); ++i) first.more.push_back(std::move(errors_[i]));
        return first;
    }

  private:
    void error(core::SourceLoc loc, std::string message, std::vector<std::string> notes = {}) {
        core::Error e(core::Errc::validate, std::move(message), loc, path_.str());
        e.notes = std::move(notes);
        errors_.push_back(std::move(e));
    }

    bool unresolved(const Node& v) const {
        return options_.allow_unresolved && v.kind == Kind::string && v.text.find("${") != std::string::npos;
    }

    void value(const Node& v, const Shape& shape) {
        if (unresolved(v) && (shape.kinds & spec::in::scalar) != 0) return;
        std::uint8_t kind = 0;
        switch (v.kind) {
            case Kind::null:
                kind = spec::in::null;
                break;
            case Kind::boolean:
                kind = spec::in::boolean;
                break;
            case Kind::integer:
                kind = spec::in::integer;
                break;
            case Kind::floating:
                kind = integral(v) ? spec::in::integer : spec::in::floating;
                break;
            case Kind::string:
                kind = spec::in::string;
                break;
            case Kind::seq:
                kind = spec::in::seq;
                break;
            case Kind::map:
                kind = spec::in::map;
                break;
        }
        if ((shape.kinds & kind) == 0) {
            error(v.loc, fmt::format("expected {}, got {}", describe_kinds(shape.kinds), describe_value(v)));
            return;
        }
        switch (v.kind) {
            case Kind::string:
                if (!shape.choices.empty() &&
                    std::find(shape.choices.begin(), shape.choices.end(), v.text) == shape.choices.end()) {
                    std::string list;
                    for (std::string_view c : shape.choices) list += (list.empty() ? "" : ", ") + quote(c);
                    error(v.loc, fmt::format("invalid value {}: expected {}{}", quote(v.text),
                                             shape.choices.size() > 1 ? "one of " : "", list));
                } else if (std::string why = check_string(shape.check, v.text); !why.empty()) {
                    error(v.loc, std::move(why));
                } else if (shape.check == Check::integer || shape.check == Check::number) {
                    // After interpolation the reference casts such strings to numbers, which then meet
                    // the schema's bounds.
                    if (auto d = go::parse_float(v.text)) bounds(Node::floating(*d, v.loc), shape, v.text);
                }
                break;
            case Kind::integer:
            case Kind::floating:
                if (kind == spec::in::integer) bounds(v, shape, v.text);
                if (shape.check == Check::port &&
                    !(v.kind == Kind::integer && v.int_value >= 0 && v.int_value <= 65535))
                    error(v.loc, fmt::format("invalid port {}: expected a port number (0-65535)", v.text));
                break;
            case Kind::seq:
                sequence(v, shape);
                break;
            case Kind::map:
                if (shape.object != nullptr)
                    object(v, *shape.object);
                else
                    dictionary(v, shape);
                break;
            default:
                break;
        }
    }

    void bounds(const Node& v, const Shape& shape, const std::string& text) {
        const double x = v.kind == Kind::integer ? static_cast<double>(v.int_value) : v.float_value;
        const bool low = x < static_cast<double>(shape.min);
        const bool high = x > static_cast<double>(shape.max);
        if (!low && !high) return;
        constexpr auto none_min = std::numeric_limits<std::int64_t>::min();
        constexpr auto none_max = std::numeric_limits<std::int64_t>::max();
        if (shape.min != none_min && shape.max != none_max)
            error(v.loc, fmt::format("{} is out of range: expected {} to {}", text, shape.min, shape.max));
        else if (low)
            error(v.loc, fmt::format("{} is too small: expected at least {}", text, shape.min));
        else
            error(v.loc, fmt::format("{} is too large: expected at most {}", text, shape.max));
    }

    void sequence(const Node& seq, const Shape& shape) {
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < seq.items.size(); ++i) {
            const Node& item = seq.items[i];
            PathGuard g(path_, i);
            if (shape.items != nullptr) value(item, *shape.items);
            if (!shape.unique) continue;
            std::string key;
            unique_key(item, key);
            auto [it, fresh] = seen.emplace(std::move(key), i);
            if (!fresh) {
                error(item.loc, item.is_scalar()
                                    ? fmt::format("duplicate item {} (already at index {})",
                                                  item.is_string() ? quote(item.text) : item.text, it->second)
                                    : fmt::format("duplicate item (same as index {})", it->second));
            }
        }
    }

    void dictionary(const Node& m, const Shape& shape) {
        for (const MapEntry& e : m.entries) {
            bool check = true;
            switch (shape.keys) {
                case Keys::any:
                    break;
                case Keys::nonempty:
                    check = !e.key.empty();
                    break;
                case Keys::nonempty_strict:
                    if (e.key.empty()) {
                        error(e.key_loc, "an empty key is not allowed");
                        check = false;
                    }
                    break;
                case Keys::name:
                    check = name_key(e.key);
                    break;
                case Keys::name_strict:
                    if (!name_key(e.key)) {
                        error(e.key_loc,
                              fmt::format("invalid name {}: only letters, digits, '.', '_' and '-' "
                                          "are allowed",
                                          quote(e.key)));
                        check = false;
                    }
                    break;
                case Keys::lower:
                    check = lower_key(e.key);
                    break;
            }
            if (!check || shape.values == nullptr) continue;
            PathGuard g(path_, e.key);
            value(e.value, *shape.values);
        }
    }

    void object(const Node& m, const ObjectSpec& obj) {
        for (const MapEntry& e : m.entries) {
            const bool extension = e.key.size() >= 2 && e.key[0] == 'x' && e.key[1] == '-';
            if (extension && obj.extensions) continue;
            const Field* f = obj.find(e.key);
            if (f == nullptr || f->in == nullptr) {
                if (obj.open && !extension) continue;
                unknown_key(e, obj, extension);
                continue;
            }
            PathGuard g(path_, e.key);
            value(e.value, *f->in);
        }
        for (const Field& f : obj.fields) {
            if (f.required && f.in != nullptr && m.find(f.key) == nullptr)
                error(m.loc, fmt::format("missing required key {}", quote(f.key)));
        }
    }

    void unknown_key(const MapEntry& e, const ObjectSpec& obj, bool extension) {
        const bool at_root = &obj == &spec::project();
        std::string what = at_root ? "unknown top-level key" : "unknown key";
        if (extension) {
            error(e.key_loc,
                  fmt::format("{} {}: extensions (x-*) are not allowed in {}", what, quote(e.key), obj.name));
            return;
        }
        std::vector<std::string> notes;
        std::string message = fmt::format("{} {}", what, quote(e.key));
        if (std::string_view near = suggest(obj, e.key); !near.empty()) {
            message += fmt::format(" (did you mean {}?)", quote(near));
        } else if (at_root) {
            if (const Field* sf = spec::project().find("services")->object->find(e.key); sf && sf->in)
                notes.push_back(
                    fmt::format("{} is a service attribute: it belongs under services.<name>", quote(e.key)));
        }
        error(e.key_loc, std::move(message), std::move(notes));
    }

    const SchemaOptions& options_;
    Path path_;
    std::vector<core::Error> errors_;
};

}  // namespace

core::Status validate_schema(const Node& project, const SchemaOptions& options) {
    Validator v(options);
    v.root(project);
    return std::move(v).result();
}

}  // namespace stackctl::load
