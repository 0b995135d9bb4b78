// Step 14, the value half of decoding into compose-go's typed model: each field gets the form its Go type
// gives it (MappingWithEquals, Labels, ShellCommand, UnitBytes, Duration, float32, HostsList, ...), so the
// encoder only has to order fields and leave out zero values.

#include <fmt/format.h>

#include <algorithm>

#include "stackctl/core/utf8.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/canonical.hpp"
#include "stage_util.hpp"

namespace stackctl::load {

using core::Errc;
using detail::Errors;
using detail::map_at;
using detail::seq_at;
using detail::str_at;

namespace {

class Decoder {
  public:
    core::Status run(Node& root) {
        if (!root.is_map()) return {};
        for (MapEntry& e : root.entries) {
            PathGuard g(path_, e.key);
            if (!e.value.is_map()) continue;
            if (e.key == "services") {
                for (MapEntry& s : e.value.entries) {
                    PathGuard gs(path_, s.key);
                    if (s.value.is_map()) service(s.value);
                }
            } else if (e.key == "networks") {
                for (MapEntry& r : e.value.entries) {
                    PathGuard gr(path_, r.key);
                    if (r.value.is_map()) network(r.value);
                }
            } else if (e.key == "volumes") {
                for (MapEntry& r : e.value.entries) {
                    PathGuard gr(path_, r.key);
                    if (r.value.is_map())
                        fields(r.value, {{"driver_opts", &Decoder::options}, {"labels", &Decoder::labels}});
                }
            } else if (e.key == "secrets" || e.key == "configs") {
                for (MapEntry& r : e.value.entries) {
                    PathGuard gr(path_, r.key);
                    if (r.value.is_map()) {
                        fields(r.value,
                               {{"driver_opts", &Decoder::string_map}, {"labels", &Decoder::labels}});
                    }
                }
            }
        }
        return errs_.finish();
    }

  private:
    using Handler = void (Decoder::*)(MapEntry&, Node&);
    struct Field {
        std::string_view key;
        Handler handler;
    };

    Path path_;
    Errors errs_;

    void error(const Node& at, std::string message) {
        errs_.add(Errc::validate, std::move(message), at.loc, path_);
    }

    // Applies the handler of each known key of `m` (a struct in the Go model); other keys are left alone.
    void fields(Node& m, std::initializer_list<Field> table) {
        std::vector<const MapEntry*> outer;  // marks of the enclosing struct, restored below
        outer.swap(remove_);
        for (std::size_t i = 0; i < m.entries.size(); ++i) {
            MapEntry& e = m.entries[i];
            if (detail::is_extension(e.key)) continue;
            for (const Field& f : table) {
                if (f.key != e.key) continue;
                PathGuard g(path_, e.key);
                (this->*f.handler)(e, m);
                break;
            }
        }
        // Handlers mark fields whose value is the zero value of an omitempty Go field with the `remove_`
        // flag.
        if (!remove_.empty()) {
            std::erase_if(m.entries, [&](const MapEntry& e) {
                return std::find(remove_.begin(), remove_.end(), &e) != remove_.end();
            });
        }
        remove_ = std::move(outer);
    }
    std::vector<const MapEntry*> remove_;

    void drop(MapEntry& e) { remove_.push_back(&e); }

    // A list of strings as Go decodes one: numbers and booleans among the items become their text.
    static void stringify_items(Node& seq) {
        for (Node& item : seq.items)
            if (item.is_scalar() && !item.is_string()) item = str_at(go::sprint(item), item);
    }

    template <class F>
    void each_item(Node& seq, F&& f) {
        if (!seq.is_seq()) return;
        for (std::size_t i = 0; i < seq.items.size(); ++i) {
            PathGuard g(path_, i);
            f(seq.items[i]);
        }
    }

    // ---- the service ----

    void service(Node& svc) {
        fields(svc, {
                        {"annotations", &Decoder::mapping},
                        {"build", &Decoder::build},
                        {"develop", &Decoder::develop},
                        {"blkio_config", &Decoder::blkio},
                        {"cpu_count", &Decoder::integer},
                        {"cpu_percent", &Decoder::float32},
                        {"cpu_period", &Decoder::integer},
                        {"cpu_quota", &Decoder::integer},
                        {"cpu_rt_period", &Decoder::integer},
                        {"cpu_rt_runtime", &Decoder::integer},
                        {"cpus", &Decoder::float32},
                        {"cpu_shares", &Decoder::integer},
                        {"command", &Decoder::shell_command},
                        {"configs", &Decoder::file_refs},
                        {"deploy", &Decoder::deploy},
                        {"dns", &Decoder::string_list},
                        {"dns_search", &Decoder::string_list},
                        {"entrypoint", &Decoder::shell_command},
                        {"environment", &Decoder::mapping_with_equals},
                        {"expose", &Decoder::string_or_number_list},
                        {"extra_hosts", &Decoder::hosts_list},
                        {"group_add", &Decoder::string_or_number_list},
                        {"gpus", &Decoder::device_requests},
                        {"healthcheck", &Decoder::healthcheck},
                        {"labels", &Decoder::labels},
                        {"logging", &Decoder::logging},
                        {"log_opt", &Decoder::string_map},
                        {"mem_limit", &Decoder::bytes},
                        {"mem_reservation", &Decoder::bytes},
                        {"memswap_limit", &Decoder::bytes},
                        {"mem_swappiness", &Decoder::bytes},
                        {"networks", &Decoder::service_networks},
                        {"oom_score_adj", &Decoder::integer},
                        {"pids_limit", &Decoder::integer},
                        {"ports", &Decoder::ports},
                        {"scale", &Decoder::integer},
                        {"secrets", &Decoder::file_refs},
                        {"shm_size", &Decoder::bytes},
                        {"stop_grace_period", &Decoder::duration},
                        {"storage_opt", &Decoder::string_map},
                        {"sysctls", &Decoder::mapping},
                        {"tmpfs", &Decoder::string_list},
                        {"ulimits", &Decoder::ulimits},
                        {"volumes", &Decoder::service_volumes},
                        {"post_start", &Decoder::hooks},
                        {"pre_stop", &Decoder::hooks},
                    });
    }

    void build(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {
                            {"args", &Decoder::mapping_with_equals},
                            {"ssh", &Decoder::ssh},
                            {"labels", &Decoder::labels},
                            {"cache_from", &Decoder::string_list},
                            {"cache_to", &Decoder::string_list},
                            {"additional_contexts", &Decoder::mapping},
                            {"extra_hosts", &Decoder::hosts_list},
                            {"secrets", &Decoder::file_refs},
                            {"shm_size", &Decoder::bytes},
                            {"tags", &Decoder::string_list},
                            {"ulimits", &Decoder::ulimits},
                            {"platforms", &Decoder::string_list},
                        });
    }

    void develop(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        Node* watch = e.value.find("watch");
        if (watch == nullptr) return;
        PathGuard g(path_, "watch");
        each_item(*watch, [&](Node& trigger) {
            if (!trigger.is_map()) return;
            fields(trigger, {{"exec", &Decoder::hook}});
        });
    }

    void blkio(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"weight", &Decoder::integer},
                         {"weight_device", &Decoder::weight_devices},
                         {"device_read_bps", &Decoder::throttle_devices},
                         {"device_read_iops", &Decoder::throttle_devices},
                         {"device_write_bps", &Decoder::throttle_devices},
                         {"device_write_iops", &Decoder::throttle_devices}});
    }

    void weight_devices(MapEntry& e, Node&) {
        each_item(e.value, [&](Node& d) {
            if (d.is_map()) fields(d, {{"weight", &Decoder::integer}});
        });
    }

    void throttle_devices(MapEntry& e, Node&) {
        // The rate is a UnitBytes without omitempty: "0" is printed.
        each_item(e.value, [&](Node& d) {
            if (d.is_map()) fields(d, {{"rate", &Decoder::bytes_kept}});
        });
    }

    void deploy(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"replicas", &Decoder::integer},
                         {"labels", &Decoder::labels},
                         {"update_config", &Decoder::update_config},
                         {"rollback_config", &Decoder::update_config},
                         {"resources", &Decoder::resources},
                         {"restart_policy", &Decoder::restart_policy}});
    }

    void update_config(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"parallelism", &Decoder::integer},
                         {"delay", &Decoder::duration_omitempty},
                         {"monitor", &Decoder::duration_omitempty},
                         {"max_failure_ratio", &Decoder::float32}});
    }

    void resources(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"limits", &Decoder::resource}, {"reservations", &Decoder::resource}});
    }

    void resource(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"cpus", &Decoder::nano_cpus},
                         {"memory", &Decoder::bytes},
                         {"pids", &Decoder::integer},
                         {"devices", &Decoder::device_requests}});
    }

    void restart_policy(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"delay", &Decoder::duration},
                         {"max_attempts", &Decoder::integer},
                         {"window", &Decoder::duration}});
    }

    void device_requests(MapEntry& e, Node&) {
        each_item(e.value, [&](Node& req) {
            if (req.is_map())
                fields(req, {{"count", &Decoder::device_count}, {"options", &Decoder::mapping}});
        });
    }

    void device_count(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.kind == Kind::integer) return;
        if (v.is_string()) {
            std::string low;
            for (char c : v.text) low += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (low == "all") {
                v = Node::integer(-1, v.loc);
                return;
            }
            if (auto n = go::parse_int(v.text)) {
                v = Node::integer(*n, v.loc);
                return;
            }
            error(v, fmt::format("invalid value {}, the only value allowed is 'all' or a number",
                                 core::go_quote(v.text)));
            return;
        }
        error(v, fmt::format("invalid type {} for device count", kind_name(v.kind)));
    }

    void healthcheck(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        fields(e.value, {{"test", &Decoder::healthcheck_test},
                         {"timeout", &Decoder::duration},
                         {"interval", &Decoder::duration},
                         {"retries", &Decoder::integer},
                         {"start_period", &Decoder::duration},
                         {"start_interval", &Decoder::duration}});
    }

    void healthcheck_test(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_string()) {
            Node list = seq_at(v);
            list.items.push_back(str_at("CMD-SHELL", v));
            list.items.push_back(std::move(v));
            v = std::move(list);
            return;
        }
        if (v.is_seq()) {
            stringify_items(v);
            return;
        }
        error(v, fmt::format("unexpected value type {} for healthcheck.test", kind_name(v.kind)));
    }

    void logging(MapEntry& e, Node&) {
        if (e.value.is_map()) fields(e.value, {{"options", &Decoder::options}});
    }

    void service_networks(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        for (MapEntry& n : e.value.entries) {
            PathGuard g(path_, n.key);
            if (n.value.is_map())
                fields(n.value, {{"priority", &Decoder::integer}, {"driver_opts", &Decoder::options}});
        }
    }

    void network(Node& net) {
        fields(net,
               {{"driver_opts", &Decoder::options}, {"ipam", &Decoder::ipam}, {"labels", &Decoder::labels}});
    }

    void ipam(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        Node* config = e.value.find("config");
        if (config == nullptr) return;
        PathGuard g(path_, "config");
        each_item(*config, [&](Node& pool) {
            if (pool.is_map()) fields(pool, {{"aux_addresses", &Decoder::mapping}});
        });
    }

    void ports(MapEntry& e, Node&) {
        each_item(e.value, [&](Node& p) {
            if (!p.is_map()) return;
            if (Node* pub = p.find("published"); pub != nullptr && pub->is_number())
                *pub = str_at(go::sprint(*pub), *pub);
            if (Node* t = p.find("target"); t != nullptr && t->is_string()) {
                if (auto n = go::parse_int(t->text)) *t = Node::integer(*n, t->loc);
            }
        });
    }

    void file_refs(MapEntry& e, Node&) {
        // uid and gid are strings in the Go model; numbers become their text.
        each_item(e.value, [&](Node& ref) {
            if (!ref.is_map()) return;
            for (const char* k : {"uid", "gid"}) {
                if (Node* n = ref.find(k); n != nullptr && n->is_number()) *n = str_at(go::sprint(*n), *n);
            }
        });
    }

    void service_volumes(MapEntry& e, Node&) {
        each_item(e.value, [&](Node& vol) {
            if (!vol.is_map()) return;
            Node* tmpfs = vol.find("tmpfs");
            if (tmpfs == nullptr || !tmpfs->is_map()) return;
            PathGuard g(path_, "tmpfs");
            fields(*tmpfs, {{"size", &Decoder::bytes}, {"mode", &Decoder::integer}});
        });
    }

    void ulimits(MapEntry& e, Node&) {
        if (!e.value.is_map()) return;
        for (MapEntry& u : e.value.entries) {
            PathGuard g(path_, u.key);
            if (u.value.is_string()) {
                MapEntry* self = &u;
                integer(*self, e.value);
            } else if (u.value.is_map()) {
                fields(u.value, {{"soft", &Decoder::integer}, {"hard", &Decoder::integer}});
            }
        }
    }

    void hooks(MapEntry& e, Node&) {
        each_item(e.value, [&](Node& h) {
            if (h.is_map()) hook_fields(h);
        });
    }

    void hook(MapEntry& e, Node&) {
        if (e.value.is_map()) hook_fields(e.value);
    }

    void hook_fields(Node& h) {
        fields(h, {{"command", &Decoder::shell_command}, {"environment", &Decoder::mapping_with_equals}});
    }

    // ---- value types ----

    // MappingWithEquals: map values string/null (numbers and booleans as text); list `K=V` / `K` (null).
    void mapping_with_equals(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_map()) {
            for (MapEntry& m : v.entries)
                if (m.value.is_scalar() && !m.value.is_null() && !m.value.is_string())
                    m.value = str_at(go::sprint(m.value), m.value);
            return;
        }
        if (!v.is_seq()) {
            error(v, fmt::format("unexpected value type {} for mapping", kind_name(v.kind)));
            return;
        }
        Node m = map_at(v);
        for (const Node& item : v.items) {
            const std::string text = go::sprint(item);
            const auto eq = text.find('=');
            if (eq == std::string::npos)
                m.set(text, Node::null(item.loc), item.loc);
            else
                m.set(text.substr(0, eq), str_at(text.substr(eq + 1), item), item.loc);
        }
        v = std::move(m);
    }

    // Labels: map values strings (null -> ""); list `k=v` / `k` (-> "").
    void labels(MapEntry& e, Node&) { string_mapping(e.value, "labels"); }

    // Mapping: map values strings (null -> ""); list `k=v` / `k` (-> "").
    void mapping(MapEntry& e, Node&) { string_mapping(e.value, "mapping"); }

    void string_mapping(Node& v, std::string_view what) {
        if (v.is_map()) {
            for (MapEntry& m : v.entries) {
                if (m.value.is_null())
                    m.value = str_at("", m.value);
                else if (m.value.is_scalar() && !m.value.is_string())
                    m.value = str_at(go::sprint(m.value), m.value);
            }
            return;
        }
        if (!v.is_seq()) {
            error(v, fmt::format("unexpected value type {} for {}", kind_name(v.kind), what));
            return;
        }
        Node m = map_at(v);
        for (const Node& item : v.items) {
            const std::string text = go::sprint(item);
            const auto eq = text.find('=');
            if (eq == std::string::npos)
                m.set(text, str_at("", item), item.loc);
            else
                m.set(text.substr(0, eq), str_at(text.substr(eq + 1), item), item.loc);
        }
        v = std::move(m);
    }

    // Options and map[string]string: a map only; values as text, null -> "".
    void options(MapEntry& e, Node&) {
        Node& v = e.value;
        if (!v.is_map()) {
            error(v, fmt::format("invalid type {} for options", kind_name(v.kind)));
            return;
        }
        string_mapping(v, "options");
    }

    void string_map(MapEntry& e, Node& parent) { options(e, parent); }

    // StringList: a string becomes a one-element list; list items must be strings.
    void string_list(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_string()) {
            Node list = seq_at(v);
            list.items.push_back(std::move(v));
            v = std::move(list);
            return;
        }
        if (!v.is_seq()) {
            error(v, fmt::format("invalid type {} for string list", kind_name(v.kind)));
            return;
        }
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            if (!v.items[i].is_string()) {
                PathGuard g(path_, i);
                error(v.items[i], fmt::format("invalid type {} for string list", kind_name(v.items[i].kind)));
            }
        }
    }

    // StringOrNumberList: a string, or a list of strings and numbers, as a list of strings.
    void string_or_number_list(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_string()) {
            Node list = seq_at(v);
            list.items.push_back(std::move(v));
            v = std::move(list);
            return;
        }
        if (!v.is_seq()) {
            error(v, fmt::format("invalid type {} for string list", kind_name(v.kind)));
            return;
        }
        stringify_items(v);
    }

    // ShellCommand: a string is split as shell words; null stays null (unset).
    void shell_command(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_null()) return;
        if (v.is_string()) {
            auto words = go::split_shell_words(v.text);
            if (!words.ok()) {
                error(v,
                      fmt::format(
                          "invalid command line {}: unbalanced quotes, a trailing backslash or an unquoted "
                          "parenthesis",
                          core::go_quote(v.text)));
                return;
            }
            Node list = seq_at(v);
            for (auto& w : *words.value) list.items.push_back(str_at(std::move(w), v));
            v = std::move(list);
            return;
        }
        if (v.is_seq()) {
            stringify_items(v);
            return;
        }
        error(v, fmt::format("invalid type {} for a command", kind_name(v.kind)));
    }

    // HostsList: sorted `host=ip` entries; a host with several addresses gives several entries.
    void hosts_list(MapEntry& e, Node&) {
        Node& v = e.value;
        std::vector<std::pair<std::string, std::vector<std::string>>> hosts;
        auto host_entry = [&](const std::string& host) -> std::vector<std::string>& {
            for (auto& h : hosts)
                if (h.first == host) return h.second;
            hosts.emplace_back(host, std::vector<std::string>{});
            return hosts.back().second;
        };
        if (v.is_map()) {
            for (const MapEntry& m : v.entries) {
                auto& ips = host_entry(m.key);
                if (m.value.is_null()) {
                    ips.emplace_back();
                } else if (m.value.is_string()) {
                    ips.push_back(m.value.text);
                } else if (m.value.is_seq()) {
                    for (const Node& ip : m.value.items) ips.push_back(go::sprint(ip));
                } else {
                    PathGuard g(path_, m.key);
                    error(m.value, fmt::format("unexpected value type {} for extra_hosts entry",
                                               kind_name(m.value.kind)));
                    return;
                }
            }
        } else if (v.is_seq()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                const std::string s = go::sprint(v.items[i]);
                auto sep = s.find('=');
                if (sep == std::string::npos) sep = s.find(':');
                if (sep == std::string::npos) {
                    PathGuard g(path_, i);
                    error(v.items[i], fmt::format("invalid additional host, missing IP: {}", s));
                    return;
                }
                auto& ips = host_entry(s.substr(0, sep));
                const std::string ip = s.substr(sep + 1);
                std::size_t start = 0;
                while (true) {
                    const auto comma = ip.find(',', start);
                    ips.push_back(
                        ip.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
                    if (comma == std::string::npos) break;
                    start = comma + 1;
                }
            }
        } else {
            error(v, fmt::format("unexpected value type {} for extra_hosts", kind_name(v.kind)));
            return;
        }
        std::vector<std::string> list;
        for (auto& [host, ips] : hosts) {
            if (host.empty() || host.find_first_of(":=") != std::string::npos) {
                error(v, fmt::format("bad host name '{}'", host));
                return;
            }
            for (std::string& ip : ips) {
                if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
                list.push_back(host + "=" + ip);
            }
        }
        std::sort(list.begin(), list.end());
        Node out = seq_at(v);
        for (auto& s : list) out.items.push_back(str_at(std::move(s), v));
        v = std::move(out);
    }

    // UnitBytes fields with omitempty: decimal string, removed when zero.
    void bytes(MapEntry& e, Node& parent) {
        bytes_kept(e, parent);
        if (e.value.is_string() && e.value.text == "0") drop(e);
    }

    // UnitBytes: integers as they are, strings parsed as RAM sizes, anything else is 0 (the reference ignores
    // it).
    void bytes_kept(MapEntry& e, Node&) {
        Node& v = e.value;
        std::int64_t n = 0;
        if (v.kind == Kind::integer) {
            n = v.int_value;
        } else if (v.is_string()) {
            auto parsed = go::parse_ram_bytes(v.text);
            if (!parsed.ok()) {
                error(v, parsed.error);
                return;
            }
            n = *parsed.value;
        }
        v = str_at(std::to_string(n), v);
    }

    // *Duration: Go duration text, printed even when zero.
    void duration(MapEntry& e, Node&) {
        Node& v = e.value;
        if (!v.is_scalar()) {
            error(v, fmt::format("invalid type {} for a duration", kind_name(v.kind)));
            return;
        }
        auto parsed = go::parse_duration(go::sprint(v));
        if (!parsed.ok()) {
            error(v, parsed.error);
            return;
        }
        v = str_at(go::format_duration(*parsed.value), v);
    }

    // Duration (not a pointer, omitempty): removed when zero.
    void duration_omitempty(MapEntry& e, Node& parent) {
        duration(e, parent);
        if (e.value.is_string() && e.value.text == "0s") drop(e);
    }

    // float32 fields: numbers or numeric strings, rounded to float32.
    void float32(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_number()) {
            v = Node::floating(go::to_float32(v.float_value), v.loc);
            return;
        }
        if (v.is_string()) {
            auto f = go::parse_float(v.text);
            if (!f) {
                error(v, fmt::format("strconv.ParseFloat: parsing {}: invalid syntax", core::go_quote(v.text)));
                return;
            }
            v = Node::floating(go::to_float32(*f), v.loc);
            return;
        }
        error(v, fmt::format("invalid type {} for a number", kind_name(v.kind)));
    }

    // NanoCPUs (deploy resources): like float32, with the reference's message for other types.
    void nano_cpus(MapEntry& e, Node& parent) {
        if (!e.value.is_number() && !e.value.is_string()) {
            error(e.value, fmt::format("unexpected value type {} for cpus", kind_name(e.value.kind)));
            return;
        }
        float32(e, parent);
    }

    // Integer fields: numeric strings become integers.
    void integer(MapEntry& e, Node&) {
        Node& v = e.value;
        if (!v.is_string()) return;
        if (auto n = go::parse_int(v.text)) {
            v = Node::integer(*n, v.loc);
            return;
        }
        error(v, fmt::format("strconv.ParseInt: parsing {}: invalid syntax", core::go_quote(v.text)));
    }

    // SSHConfig: a list of keys sorted by id (the reference's order is random), each printed as the
    // reference's YAML prints it: `id`, or `id: path` (its JSON refuses such a key; see the header).
    void ssh(MapEntry& e, Node&) {
        Node& v = e.value;
        if (v.is_seq()) return;  // already decoded
        if (!v.is_map()) {
            error(v, fmt::format("invalid ssh config type {}", kind_name(v.kind)));
            return;
        }
        std::vector<const MapEntry*> keys;
        for (const MapEntry& k : v.entries) keys.push_back(&k);
        std::stable_sort(keys.begin(), keys.end(),
                         [](const MapEntry* a, const MapEntry* b) { return a->key < b->key; });
        Node list = seq_at(v);
        for (const MapEntry* k : keys) {
            std::string text = k->key;
            if (!k->value.is_null()) text += ": " + go::sprint(k->value);
            list.items.push_back(Node::string(std::move(text), k->key_loc.known() ? k->key_loc : v.loc));
        }
        v = std::move(list);
    }
};

}  // namespace

core::Status decode_values(Node& project) {
    Decoder d;
    return d.run(project);
}

}  // namespace stackctl::load
