// Step 7-9 of the load: short syntax to long syntax (compose-go transform/), the dns clean-up, and defaults.

#include "stackctl/load/canonical.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "stackctl/core/utf8.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stage_util.hpp"

namespace stackctl::load {

using core::Errc;
using detail::Errors;
using detail::map_at;
using detail::seq_at;
using detail::str_at;

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

// ---- ports: docker/go-connections nat.ParsePortSpec (the version the reference links) ----

struct PortMapping {
    std::string host_ip;
    std::uint64_t target = 0;
    std::string published;
    std::string protocol;
};

// strconv.ParseUint(s, 10, 16)
bool parse_port_number(std::string_view s, std::uint64_t& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 10);
    return ec == std::errc() && p == s.data() + s.size() && out <= 65535;
}

// nat.ParsePortRange: "80" or "80-90" (only the first two dash-separated parts are read).
bool parse_port_range(std::string_view s, std::uint64_t& start, std::uint64_t& end) {
    if (s.empty()) return false;
    if (s.find('-') == std::string_view::npos) {
        if (!parse_port_number(s, start)) return false;
        end = start;
        return true;
    }
    const auto parts = split(s, '-');
    if (!parse_port_number(parts[0], start) || !parse_port_number(parts[1], end)) return false;
    return end >= start;
}

// net.SplitHostPort(raw + ":") as nat uses it to strip the brackets of an IPv6 address.
bool split_host(const std::string& raw, std::string& host, std::string& why) {
    const std::string hostport = raw + ":";
    const std::size_t i = hostport.rfind(':');
    std::size_t j = 0;
    std::size_t k = 0;
    if (hostport[0] == '[') {
        const std::size_t end = hostport.find(']');
        if (end == std::string::npos) {
            why = "missing ']' in address";
            return false;
        }
        if (end + 1 == hostport.size()) {
            why = "missing port in address";
            return false;
        }
        if (end + 1 != i) {
            why = hostport[end + 1] == ':' ? "too many colons in address" : "missing port in address";
            return false;
        }
        host = hostport.substr(1, end - 1);
        j = 1;
        k = end + 1;
    } else {
        host = hostport.substr(0, i);
        if (host.find(':') != std::string::npos) {
            why = "too many colons in address";
            return false;
        }
    }
    if (hostport.find('[', j) != std::string::npos) {
        why = "unexpected '[' in address";
        return false;
    }
    if (hostport.find(']', k) != std::string::npos) {
        why = "unexpected ']' in address";
        return false;
    }
    return true;
}

// Returns the mappings of one short-syntax port, or an error message.
std::vector<PortMapping> parse_port_spec(std::string_view raw, std::string& error) {
    const auto parts = split(raw, ':');
    const std::size_t n = parts.size();
    std::string raw_ip;
    std::string host_port;
    std::string container(parts[n - 1]);
    if (n == 2) {
        host_port = parts[0];
    } else if (n == 3) {
        raw_ip = parts[0];
        host_port = parts[1];
    } else if (n > 3) {
        for (std::size_t i = 0; i + 2 < n; ++i) {
            if (i > 0) raw_ip += ':';
            raw_ip += parts[i];
        }
        host_port = parts[n - 2];
    }
    // SplitProtoPort
    std::string proto;
    {
        const auto pp = split(container, '/');
        if (container.empty() || pp[0].empty()) {
            proto.clear();
            container.clear();
        } else if (pp.size() == 1) {
            proto = "tcp";
        } else if (pp[1].empty()) {
            proto = "tcp";
            container = std::string(pp[0]);
        } else {
            proto = std::string(pp[1]);
            container = std::string(pp[0]);
        }
    }
    std::string ip;
    std::string why;
    if (!split_host(raw_ip, ip, why)) {
        error = fmt::format("invalid IP address {}: address {}:: {}", raw_ip, raw_ip, why);
        return {};
    }
    if (!ip.empty() && !go::parse_ip(ip)) {
        error = fmt::format("invalid IP address: {}", ip);
        return {};
    }
    if (container.empty()) {
        error = fmt::format("no port specified: {}<empty>", raw);
        return {};
    }
    std::uint64_t start = 0, end = 0;
    if (!parse_port_range(container, start, end)) {
        error = fmt::format("invalid container port: {}", container);
        return {};
    }
    std::uint64_t host_start = 0, host_end = 0;
    if (!host_port.empty() && !parse_port_range(host_port, host_start, host_end)) {
        error = fmt::format("invalid host port: {}", host_port);
        return {};
    }
    if (!host_port.empty() && (end - start) != (host_end - host_start) && end != start) {
        error = fmt::format("invalid ranges specified for container and host ports: {} and {}", container,
                            host_port);
        return {};
    }
    std::string lower_proto;
    for (char c : proto) lower_proto += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower_proto != "tcp" && lower_proto != "udp" && lower_proto != "sctp") {
        error = fmt::format("invalid protocol: {}", proto);
        return {};
    }
    std::vector<PortMapping> out;
    for (std::uint64_t i = 0; i <= end - start; ++i) {
        PortMapping m;
        m.host_ip = ip;
        m.target = start + i;
        m.protocol = lower_proto;
        if (!host_port.empty()) {
            m.published = std::to_string(host_start + i);
            if (start == end && host_start != host_end) m.published += "-" + std::to_string(host_end);
        }
        out.push_back(std::move(m));
    }
    // The reference sorts the ports by their "port/proto" text: 10 comes before 8 and 9.
    std::stable_sort(out.begin(), out.end(), [](const PortMapping& a, const PortMapping& b) {
        return std::to_string(a.target) < std::to_string(b.target);
    });
    return out;
}

Node port_node(const PortMapping& m, const Node& at) {
    Node n = map_at(at);
    n.set("mode", str_at("ingress", at));
    if (!m.host_ip.empty()) n.set("host_ip", str_at(m.host_ip, at));
    n.set("target", Node::integer(static_cast<std::int64_t>(m.target), at.loc));
    if (!m.published.empty()) n.set("published", str_at(m.published, at));
    n.set("protocol", str_at(m.protocol, at));
    return n;
}

// ---- volumes: compose-go format.ParseVolume ----

struct VolumeSpec {
    std::string type;
    std::string source;
    std::string target;
    bool read_only = false;
    bool has_bind = false;
    std::string selinux;
    std::string propagation;
    bool create_host_path = false;
    bool has_volume = false;
    bool nocopy = false;
};

bool is_letter_rune(std::string_view rune) {
    if (rune.size() == 1) {
        const char c = rune[0];
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    // Latin-1 letters (U+00C0-U+00FF except × and ÷) are the non-ASCII letters likely in a path.
    if (rune.size() == 2 && static_cast<unsigned char>(rune[0]) == 0xC3) {
        const auto c = static_cast<unsigned char>(rune[1]);
        return c != 0x97 && c != 0xB7;
    }
    return false;
}

bool is_file_path(std::string_view source) {
    if (source.empty()) return false;
    if (source[0] == '.' || source[0] == '/' || source[0] == '~') return true;
    if (detail::starts_with(source, "\\\\")) return true;
    std::size_t w = 1;
    const auto c = static_cast<unsigned char>(source[0]);
    if (c >= 0xF0)
        w = 4;
    else if (c >= 0xE0)
        w = 3;
    else if (c >= 0xC0)
        w = 2;
    if (source.size() <= w) return false;
    return source[w] == ':' && is_letter_rune(source.substr(0, w));
}

void populate_type(VolumeSpec& v) {
    if (is_file_path(v.source)) {
        v.type = "bind";
        v.has_bind = true;
        v.create_host_path = true;
    } else {
        v.type = "volume";
        v.has_volume = true;
    }
}

bool parse_volume(std::string_view spec, VolumeSpec& v, std::string& error) {
    if (spec.empty()) {
        error = "invalid empty volume spec";
        return false;
    }
    if (spec.size() <= 2) {
        v.target = std::string(spec);
        v.type = "volume";
        return true;
    }
    std::vector<std::string_view> buffer;  // runes
    auto buffer_text = [&] {
        std::string s;
        for (auto r : buffer) s += r;
        return s;
    };
    auto populate = [&](bool end_of_spec) -> bool {
        const std::string text = buffer_text();
        if (buffer.empty()) {
            error = fmt::format("invalid spec: {}: empty section between colons", spec);
            return false;
        }
        if (v.source.empty() && end_of_spec) {
            v.target = text;
            return true;
        }
        if (v.source.empty()) {
            v.source = text;
            return true;
        }
        if (v.target.empty()) {
            v.target = text;
            return true;
        }
        if (!end_of_spec) {
            error = fmt::format("invalid spec: {}: too many colons", spec);
            return false;
        }
        for (auto option : split(text, ',')) {
            if (option == "ro") {
                v.read_only = true;
            } else if (option == "rw") {
                v.read_only = false;
            } else if (option == "nocopy") {
                v.has_volume = true;
                v.nocopy = true;
            } else if (option == "z" || option == "Z") {
                v.has_bind = true;
                v.selinux = std::string(option);
            } else if (option == "rprivate" || option == "private" || option == "rshared" ||
                       option == "shared" || option == "rslave" || option == "slave") {
                v.has_bind = true;
                v.propagation = std::string(option);
            }
            // Other options are ignored, as the reference does.
        }
        return true;
    };
    std::size_t i = 0;
    while (true) {
        const bool end = i >= spec.size();
        std::string_view rune;
        if (!end) {
            std::size_t w = 1;
            const auto c = static_cast<unsigned char>(spec[i]);
            if (c >= 0xF0)
                w = 4;
            else if (c >= 0xE0)
                w = 3;
            else if (c >= 0xC0)
                w = 2;
            rune = spec.substr(i, std::min(w, spec.size() - i));
            i += rune.size();
        }
        const bool colon = !end && rune == ":";
        if (colon && buffer.size() == 1 && is_letter_rune(buffer[0])) {
            buffer.push_back(rune);  // a Windows drive letter: C:
        } else if (colon || end) {
            if (!populate(end)) return false;
            buffer.clear();
        } else {
            buffer.push_back(rune);
        }
        if (end) break;
    }
    populate_type(v);
    return true;
}

Node volume_node(const VolumeSpec& v, const Node& at) {
    Node n = map_at(at);
    n.set("type", str_at(v.type, at));
    if (!v.source.empty()) n.set("source", str_at(v.source, at));
    if (!v.target.empty()) n.set("target", str_at(go::clean_path(v.target), at));
    if (v.read_only) n.set("read_only", Node::boolean(true, at.loc));
    if (v.has_bind) {
        Node b = map_at(at);
        if (!v.selinux.empty()) b.set("selinux", str_at(v.selinux, at));
        if (!v.propagation.empty()) b.set("propagation", str_at(v.propagation, at));
        if (v.create_host_path) b.set("create_host_path", Node::boolean(true, at.loc));
        n.set("bind", std::move(b));
    }
    if (v.has_volume) {
        Node b = map_at(at);
        if (v.nocopy) b.set("nocopy", Node::boolean(true, at.loc));
        n.set("volume", std::move(b));
    }
    return n;
}

// ---------------------------------------------------------------------------------------------------------

class Canonicalizer {
  public:
    explicit Canonicalizer(const CanonicalOptions& o) : opt_(o) {}

    core::Status run(Node& root) {
        if (!root.is_map()) return {};
        for (MapEntry& e : root.entries) {
            PathGuard g(path_, e.key);
            if (e.key == "services" && e.value.is_map()) {
                for (MapEntry& s : e.value.entries) {
                    PathGuard gs(path_, s.key);
                    if (s.value.is_map()) service(s.value);
                }
            } else if ((e.key == "volumes" || e.key == "networks" || e.key == "secrets" ||
                        e.key == "configs") &&
                       e.value.is_map()) {
                for (MapEntry& r : e.value.entries) {
                    PathGuard gr(path_, r.key);
                    resource(r.value);
                }
            }
        }
        return errs_.finish();
    }

  private:
    const CanonicalOptions& opt_;
    Path path_;
    Errors errs_;

    void error(const Node& at, std::string message) {
        errs_.add(Errc::validate, std::move(message), at.loc, path_);
    }

    void type_error(const Node& at, std::string_view what) {
        error(at, fmt::format("invalid type {} for {}", kind_name(at.kind), what));
    }

    void service(Node& svc) {
        for (MapEntry& e : svc.entries) {
            PathGuard g(path_, e.key);
            Node& v = e.value;
            const std::string& k = e.key;
            if (k == "build")
                build(v);
            else if (k == "depends_on")
                depends_on(v);
            else if (k == "env_file")
                env_file(v);
            else if (k == "label_file" || k == "dns")
                string_to_list(v);
            else if (k == "extends")
                extends(v);
            else if (k == "gpus")
                gpus(v);
            else if (k == "networks")
                service_networks(v);
            else if (k == "volumes")
                each_item(v, [&](Node& item) { volume(item); });
            else if (k == "devices")
                each_item(v, [&](Node& item) { device(item); });
            else if (k == "secrets" || k == "configs")
                each_item(v, [&](Node& item) { file_mount(item); });
            else if (k == "ports")
                ports(v);
            else if (k == "ulimits")
                ulimits(v);
        }
        // OmitEmpty: null and "" entries of dns are dropped.
        if (Node* dns = svc.find("dns"); dns != nullptr && dns->is_seq()) {
            std::erase_if(dns->items,
                          [](const Node& n) { return n.is_null() || (n.is_string() && n.text.empty()); });
        }
    }

    template <class F>
    void each_item(Node& seq, F&& f) {
        if (!seq.is_seq()) return;
        for (std::size_t i = 0; i < seq.items.size(); ++i) {
            PathGuard g(path_, i);
            f(seq.items[i]);
        }
    }

    void string_to_list(Node& v) {
        if (!v.is_string()) return;
        Node list = seq_at(v);
        list.items.push_back(std::move(v));
        v = std::move(list);
    }

    void build(Node& v) {
        if (v.is_string()) {
            Node m = map_at(v);
            m.set("context", std::move(v));
            v = std::move(m);
            return;
        }
        if (!v.is_map()) {
            type_error(v, "build");
            return;
        }
        for (MapEntry& e : v.entries) {
            PathGuard g(path_, e.key);
            if (e.key == "secrets")
                each_item(e.value, [&](Node& item) { file_mount(item); });
            else if (e.key == "additional_contexts")
                key_value_list(e.value);
            else if (e.key == "ssh")
                ssh(e.value);
            else if (e.key == "ulimits")
                ulimits(e.value);
        }
    }

    void file_mount(Node& v) {
        if (v.is_map()) return;
        if (v.is_string()) {
            Node m = map_at(v);
            m.set("source", std::move(v));
            v = std::move(m);
            return;
        }
        error(v, fmt::format("unsupported type {}: expected a name or a mapping", kind_name(v.kind)));
    }

    void key_value_list(Node& v) {
        if (v.is_map()) return;
        if (!v.is_seq()) {
            type_error(v, "a mapping");
            return;
        }
        Node m = map_at(v);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            PathGuard g(path_, i);
            const Node& item = v.items[i];
            const std::string text = go::sprint(item);
            const auto eq = text.find('=');
            if (eq == std::string::npos) {
                if (opt_.keep_unparsed) return;
                error(item, fmt::format("invalid value {}, expected key=value", text));
                continue;
            }
            m.set(text.substr(0, eq), str_at(text.substr(eq + 1), item), item.loc);
        }
        v = std::move(m);
    }

    void ssh(Node& v) {
        if (v.is_map()) return;
        if (!v.is_seq()) {
            type_error(v, "ssh");
            return;
        }
        Node m = map_at(v);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            PathGuard g(path_, i);
            const Node& item = v.items[i];
            if (!item.is_string()) {
                error(item, fmt::format("invalid ssh key type {}", kind_name(item.kind)));
                continue;
            }
            const auto eq = item.text.find('=');
            if (eq == std::string::npos) {
                if (item.text != "default") {
                    error(item, fmt::format("invalid ssh key {}: expected default or id=path",
                                            core::go_quote(item.text)));
                    continue;
                }
                m.set(item.text, Node::null(item.loc), item.loc);
                continue;
            }
            m.set(item.text.substr(0, eq), str_at(item.text.substr(eq + 1), item), item.loc);
        }
        v = std::move(m);
    }

    void ulimits(Node& v) {
        if (!v.is_map()) return;
        for (MapEntry& e : v.entries) {
            PathGuard g(path_, e.key);
            if (!e.value.is_map() && e.value.kind != Kind::integer) type_error(e.value, "ulimit");
        }
    }

    void depends_on(Node& v) {
        if (v.is_map()) {
            for (MapEntry& e : v.entries) {
                PathGuard g(path_, e.key);
                if (!e.value.is_map()) {
                    error(e.value,
                          fmt::format("unsupported value {} for a dependency", kind_name(e.value.kind)));
                    continue;
                }
                if (e.value.find("condition") == nullptr)
                    e.value.set("condition", str_at("service_started", e.value));
                if (e.value.find("required") == nullptr)
                    e.value.set("required", Node::boolean(true, e.value.loc));
            }
            return;
        }
        if (!v.is_seq()) {
            type_error(v, "depends_on");
            return;
        }
        Node m = map_at(v);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            PathGuard g(path_, i);
            const Node& item = v.items[i];
            if (!item.is_string()) {
                type_error(item, "a service name");
                continue;
            }
            Node dep = map_at(item);
            dep.set("condition", str_at("service_started", item));
            dep.set("required", Node::boolean(true, item.loc));
            m.set(item.text, std::move(dep), item.loc);
        }
        v = std::move(m);
    }

    static Node env_file_entry(Node item) {
        if (item.is_string()) {
            Node m = map_at(item);
            const core::SourceLoc loc = item.loc;
            m.set("path", std::move(item));
            m.set("required", Node::boolean(true, loc));
            return m;
        }
        if (item.is_map()) {
            if (item.find("required") == nullptr) item.set("required", Node::boolean(true, item.loc));
            return item;
        }
        return Node::null(item.loc);
    }

    void env_file(Node& v) {
        if (v.is_string()) {
            Node list = seq_at(v);
            list.items.push_back(env_file_entry(std::move(v)));
            v = std::move(list);
            return;
        }
        if (!v.is_seq()) {
            type_error(v, "env_file");
            return;
        }
        for (Node& item : v.items) item = env_file_entry(std::move(item));
    }

    void extends(Node& v) {
        if (v.is_map()) return;
        if (v.is_string()) {
            Node m = map_at(v);
            m.set("service", std::move(v));
            v = std::move(m);
            return;
        }
        type_error(v, "extends");
    }

    void gpus(Node& v) {
        if (v.is_seq()) return;
        if (v.is_string()) {
            Node list = seq_at(v);
            Node req = map_at(v);
            req.set("count", str_at("all", v));
            list.items.push_back(std::move(req));
            v = std::move(list);
            return;
        }
        type_error(v, "gpus");
    }

    void service_networks(Node& v) {
        if (!v.is_seq()) return;
        Node m = map_at(v);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            PathGuard g(path_, i);
            const Node& item = v.items[i];
            if (!item.is_string()) {
                type_error(item, "a network name");
                continue;
            }
            m.set(item.text, Node::null(item.loc), item.loc);
        }
        v = std::move(m);
    }

    void volume(Node& v) {
        if (v.is_map()) return;
        if (!v.is_string()) {
            type_error(v, "a service volume");
            return;
        }
        VolumeSpec spec;
        std::string why;
        if (!parse_volume(v.text, spec, why)) {
            if (!opt_.keep_unparsed) error(v, why);
            return;
        }
        v = volume_node(spec, v);
    }

    void device(Node& v) {
        if (v.is_map()) return;
        if (!v.is_string()) {
            type_error(v, "a device");
            return;
        }
        const auto parts = split(v.text, ':');
        std::string src, dst, permissions = "rwm";
        if (parts.size() > 3) {
            if (!opt_.keep_unparsed) {
                error(v, fmt::format("confusing device mapping, please use long syntax: {}", v.text));
                return;
            }
        } else {
            src = parts[0];
            if (parts.size() >= 2) dst = parts[1];
            if (parts.size() == 3) permissions = parts[2];
        }
        if (dst.empty()) dst = src;
        Node m = map_at(v);
        m.set("source", str_at(src, v));
        m.set("target", str_at(dst, v));
        m.set("permissions", str_at(permissions, v));
        v = std::move(m);
    }

    void ports(Node& v) {
        if (!v.is_seq()) {
            type_error(v, "ports");
            return;
        }
        Node out = seq_at(v);
        bool keep_as_written = false;
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            PathGuard g(path_, i);
            Node& item = v.items[i];
            if (item.is_map()) {
                out.items.push_back(item);  // copied: the list stays as written if an entry cannot be parsed
                continue;
            }
            if (item.kind != Kind::integer && !item.is_string()) {
                type_error(item, "a port");
                continue;
            }
            std::string why;
            const auto mappings = parse_port_spec(item.text, why);
            if (!why.empty()) {
                // Strings that do not parse yet are kept when interpolation is off; numbers never are.
                if (opt_.keep_unparsed && item.is_string()) {
                    keep_as_written = true;
                    continue;
                }
                error(item, why);
                continue;
            }
            for (const PortMapping& m : mappings) out.items.push_back(port_node(m, item));
        }
        if (!keep_as_written) v = std::move(out);
    }

    void resource(Node& v) {
        if (v.is_null()) return;
        if (!v.is_map()) {
            type_error(v, "a resource");
            return;
        }
        Node* ext = v.find("external");
        if (ext == nullptr || !ext->is_map()) return;
        const Node* ext_name = ext->find("name");
        Node ext_name_copy = ext_name != nullptr ? *ext_name : Node();
        const bool has_ext_name = ext_name != nullptr;
        *ext = Node::boolean(true, ext->loc);
        if (!has_ext_name) return;
        if (opt_.warnings != nullptr) {
            opt_.warnings->push_back(fmt::format(
                "{}: external.name is deprecated. Please set name and external: true", path_.str()));
        }
        if (const Node* name = v.find("name")) {
            PathGuard g(path_, "name");
            if (!name->same_value(ext_name_copy))
                error(*name, "name and external.name conflict; only use name");
            return;
        }
        v.set("name", std::move(ext_name_copy));
    }
};

// ---------------------------------------------------------------------------------------------------------

class Defaults {
  public:
    core::Status run(Node& root) {
        Node* services = root.find("services");
        if (services == nullptr || !services->is_map()) return {};
        PathGuard g(path_, "services");
        for (MapEntry& s : services->entries) {
            PathGuard gs(path_, s.key);
            if (s.value.is_map()) service(s.value);
        }
        return errs_.finish();
    }

  private:
    Path path_;
    Errors errs_;

    void service(Node& svc) {
        if (Node* b = svc.find("build"); b != nullptr && b->is_map() && b->find("context") == nullptr) {
            b->set("context", str_at(".", *b));
        }
        if (Node* secrets = svc.find("secrets"); secrets != nullptr && secrets->is_seq()) {
            PathGuard g(path_, "secrets");
            for (std::size_t i = 0; i < secrets->items.size(); ++i) {
                PathGuard gi(path_, i);
                Node& item = secrets->items[i];
                if (!item.is_map()) {
                    errs_.add(Errc::validate,
                              fmt::format("unsupported type {} for a secret", kind_name(item.kind)), item.loc,
                              path_);
                    continue;
                }
                if (item.find("target") == nullptr) {
                    const Node* source = item.find("source");
                    const std::string name = source != nullptr ? go::sprint(*source) : "%!s(<nil>)";
                    item.set("target", str_at("/run/secrets/" + name, item));
                }
            }
        }
        if (Node* ports = svc.find("ports"); ports != nullptr && ports->is_seq()) {
            for (Node& p : ports->items) {
                if (!p.is_map()) continue;
                if (p.find("protocol") == nullptr) p.set("protocol", str_at("tcp", p));
                if (p.find("mode") == nullptr) p.set("mode", str_at("ingress", p));
            }
        }
        if (Node* gpus = svc.find("gpus"); gpus != nullptr && gpus->is_seq()) {
            PathGuard g(path_, "gpus");
            device_requests(*gpus);
        }
        if (Node* deploy = svc.find("deploy"); deploy != nullptr && deploy->is_map()) {
            Node* res = deploy->find("resources");
            Node* reservations = res != nullptr && res->is_map() ? res->find("reservations") : nullptr;
            Node* devices =
                reservations != nullptr && reservations->is_map() ? reservations->find("devices") : nullptr;
            if (devices != nullptr && devices->is_seq()) {
                PathGuard g1(path_, "deploy");
                PathGuard g2(path_, "resources");
                PathGuard g3(path_, "reservations");
                PathGuard g4(path_, "devices");
                device_requests(*devices);
            }
        }
    }

    void device_requests(Node& list) {
        for (std::size_t i = 0; i < list.items.size(); ++i) {
            PathGuard g(path_, i);
            Node& req = list.items[i];
            if (!req.is_map()) {
                errs_.add(Errc::validate,
                          fmt::format("invalid type {} for a device request", kind_name(req.kind)), req.loc,
                          path_);
                continue;
            }
            if (req.find("count") == nullptr && req.find("device_ids") == nullptr)
                req.set("count", str_at("all", req));
        }
    }
};

// compose-go validation/: checks on the merged raw model.
class Semantics {
  public:
    core::Status run(const Node& root) {
        if (!root.is_map()) return {};
        for (const MapEntry& e : root.entries) {
            if (!e.value.is_map()) continue;
            PathGuard g(path_, e.key);
            if (e.key == "volumes") {
                for (const MapEntry& r : e.value.entries) {
                    PathGuard gr(path_, r.key);
                    external_volume(r.value);
                }
            } else if (e.key == "configs" || e.key == "secrets") {
                const bool config = e.key == "configs";
                for (const MapEntry& r : e.value.entries) {
                    PathGuard gr(path_, r.key);
                    file_object(r.value, config);
                }
            } else if (e.key == "services") {
                for (const MapEntry& s : e.value.entries) {
                    PathGuard gs(path_, s.key);
                    if (s.value.is_map()) service(s.value);
                }
            }
        }
        return errs_.finish();
    }

  private:
    Path path_;
    Errors errs_;

    void error(const Node& at, std::string message) {
        errs_.add(Errc::validate, std::move(message), at.loc, path_);
    }

    void external_volume(const Node& v) {
        if (!v.is_map()) return;
        const Node* ext = v.find("external");
        if (ext == nullptr || !ext->as_bool()) return;
        for (const MapEntry& e : v.entries) {
            if (e.key == "name" || e.key == "external" || detail::is_extension(e.key)) continue;
            PathGuard g(path_, e.key);
            error(e.value, fmt::format("conflicting parameters \"external\" and \"{}\" specified", e.key));
        }
    }

    void file_object(const Node& v, bool config) {
        if (!v.is_map()) return;
        const std::vector<std::string_view> keys =
            config ? std::vector<std::string_view>{"file", "environment", "content"}
                   : std::vector<std::string_view>{"file", "environment"};
        const std::string names = config ? "file|environment|content" : "file|environment";
        int count = 0;
        for (auto k : keys)
            if (v.find(k) != nullptr) ++count;
        if (count > 1) {
            error(v, fmt::format("{} attributes are mutually exclusive", names));
        } else if (count == 0 && v.find("driver") == nullptr && v.find("external") == nullptr) {
            error(v, fmt::format("one of {} must be set", names));
        }
    }

    void device_requests(const Node* list) {
        if (list == nullptr || !list->is_seq()) return;
        for (std::size_t i = 0; i < list->items.size(); ++i) {
            const Node& req = list->items[i];
            if (!req.is_map() || req.find("count") == nullptr || req.find("device_ids") == nullptr) continue;
            PathGuard g(path_, i);
            error(req, "\"count\" and \"device_ids\" attributes are exclusive");
        }
    }

    void service(const Node& svc) {
        {
            PathGuard g(path_, "gpus");
            device_requests(svc.find("gpus"));
        }
        if (const Node* deploy = svc.find("deploy"); deploy != nullptr && deploy->is_map()) {
            const Node* res = deploy->find("resources");
            const Node* reservations = res != nullptr && res->is_map() ? res->find("reservations") : nullptr;
            if (reservations != nullptr && reservations->is_map()) {
                PathGuard g(path_, "deploy");
                PathGuard g2(path_, "resources");
                PathGuard g3(path_, "reservations");
                PathGuard g4(path_, "devices");
                device_requests(reservations->find("devices"));
            }
        }
        const Node* develop = svc.find("develop");
        const Node* watch = develop != nullptr && develop->is_map() ? develop->find("watch") : nullptr;
        if (watch == nullptr || !watch->is_seq()) return;
        PathGuard g(path_, "develop");
        PathGuard g2(path_, "watch");
        for (std::size_t i = 0; i < watch->items.size(); ++i) {
            const Node& w = watch->items[i];
            const Node* p = w.is_map() ? w.find("path") : nullptr;
            if (p == nullptr || !p->is_string() || !p->text.empty()) continue;
            PathGuard gi(path_, i);
            PathGuard gp(path_, "path");
            error(*p, "value can't be blank");
        }
    }
};

}  // namespace

core::Status check_semantics(const Node& project) {
    Semantics s;
    return s.run(project);
}

core::Status canonicalize(Node& project, const CanonicalOptions& options) {
    Canonicalizer c(options);
    return c.run(project);
}

core::Status apply_defaults(Node& project) {
    Defaults d;
    return d.run(project);
}

}  // namespace stackctl::load
