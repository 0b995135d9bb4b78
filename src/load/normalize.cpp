// Steps 11-13 of the load: relative paths, environment references, and normalisation (compose-go paths/,
// loader/environment.go, loader/normalize.go).

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/canonical.hpp"
#include "stage_util.hpp"

namespace stackctl::load {

using core::Errc;
using detail::Errors;
using detail::map_at;
using detail::str_at;

namespace {

// ---- paths ----

// filepath.VolumeName-based test of compose-go's isWindowsAbs: `C:\x`, `C:/x`, `\\server\share\x`.
bool is_windows_abs(std::string_view p) {
    auto slash = [](char c) { return c == '\\' || c == '/'; };
    std::size_t l = 0;
    if (p.size() >= 2) {
        const char c = p[0];
        if (p[1] == ':' && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            l = 2;
        } else if (p.size() >= 5 && slash(p[0]) && slash(p[1]) && !slash(p[2]) && p[2] != '.') {
            for (std::size_t n = 3; n < p.size() - 1; ++n) {
                if (!slash(p[n])) continue;
                ++n;
                if (!slash(p[n])) {
                    if (p[n] == '.') break;
                    for (; n < p.size(); ++n)
                        if (slash(p[n])) break;
                    l = n;
                }
                break;
            }
        }
    }
    if (l == 0) return false;
    p.remove_prefix(l);
    return !p.empty() && slash(p[0]);
}

class PathResolver {
  public:
    explicit PathResolver(const PathOptions& o) : opt_(o) {}

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
            } else if (e.key == "configs" || e.key == "secrets") {
                for (MapEntry& r : e.value.entries) {
                    if (!r.value.is_map()) continue;
                    if (Node* f = r.value.find("file"); f != nullptr && f->is_string())
                        f->text = maybe_unix_path(f->text);
                }
            } else if (e.key == "volumes") {
                for (MapEntry& r : e.value.entries) volume_driver_opts(r.value);
            }
        }
        return errs_.finish();
    }

  private:
    const PathOptions& opt_;
    Path path_;
    Errors errs_;

    [[nodiscard]] std::string expand_user(const std::string& p) const {
        if (!p.starts_with('~') || !opt_.home) return p;
        return go::join_path(*opt_.home, std::string_view(p).substr(1));
    }

    [[nodiscard]] std::string abs_path(const std::string& v) const {
        std::string p = expand_user(v);
        if (p.starts_with('/')) return p;
        if (!p.empty()) return go::join_path(opt_.base_dir, p);
        return p;
    }

    [[nodiscard]] std::string maybe_unix_path(const std::string& v) const {
        std::string p = expand_user(v);
        if (!p.starts_with('/') && !is_windows_abs(p)) return go::join_path(opt_.base_dir, p);
        return p;
    }

    [[nodiscard]] std::string abs_context_path(const std::string& v) const {
        if (v.find("://") != std::string::npos || v.starts_with("service:")) return v;
        for (const char* prefix : {"https://", "http://", "git://", "ssh://", "github.com/", "git@"})
            if (v.starts_with(prefix)) return v;
        return abs_path(v);
    }

    // compose-go utils.ResolveSymbolicLink: the first component that is a symbolic link is replaced by its
    // fully resolved target.
    [[nodiscard]] static std::string resolve_symlink(const std::string& p) {
        namespace fs = std::filesystem;
        std::string current = p.starts_with('/') ? "/" : "";
        std::size_t i = 0;
        while (i < p.size()) {
            const std::size_t j = p.find('/', i);
            const std::string part = p.substr(i, j == std::string::npos ? std::string::npos : j - i);
            i = j == std::string::npos ? p.size() : j + 1;
            if (part.empty()) continue;
            current = go::join_path(current, part);
            std::error_code ec;
            if (!fs::is_symlink(fs::symlink_status(current, ec))) continue;
            const fs::path target = fs::canonical(current, ec);
            if (ec) return p;
            std::string out = p;
            const auto at = out.find(current);
            if (at != std::string::npos) out.replace(at, current.size(), target.string());
            return out;
        }
        return p;
    }

    void service(Node& svc) {
        for (MapEntry& e : svc.entries) {
            PathGuard g(path_, e.key);
            Node& v = e.value;
            if (e.key == "build" && v.is_map()) {
                for (MapEntry& b : v.entries) {
                    if (b.key == "context" && b.value.is_string()) {
                        b.value.text = abs_context_path(b.value.text);
                    } else if (b.key == "additional_contexts" && b.value.is_map()) {
                        for (MapEntry& c : b.value.entries)
                            if (c.value.is_string()) c.value.text = abs_context_path(c.value.text);
                    } else if (b.key == "ssh" && b.value.is_map()) {
                        for (MapEntry& k : b.value.entries)
                            if (k.value.is_string()) k.value.text = maybe_unix_path(k.value.text);
                    }
                }
            } else if (e.key == "env_file" && v.is_seq()) {
                for (Node& item : v.items) {
                    if (!item.is_map()) continue;
                    if (Node* p = item.find("path"); p != nullptr && p->is_string())
                        p->text = abs_path(p->text);
                }
            } else if (e.key == "label_file" && v.is_seq()) {
                for (Node& item : v.items)
                    if (item.is_string()) item.text = abs_path(item.text);
            } else if (e.key == "extends" && v.is_map()) {
                if (Node* f = v.find("file"); f != nullptr && f->is_string()) {
                    if (!(opt_.is_remote && opt_.is_remote(f->text))) f->text = abs_path(f->text);
                }
            } else if (e.key == "develop" && v.is_map()) {
                Node* watch = v.find("watch");
                if (watch == nullptr || !watch->is_seq()) continue;
                for (Node& w : watch->items) {
                    if (!w.is_map()) continue;
                    Node* p = w.find("path");
                    if (p == nullptr || !p->is_string()) continue;
                    p->text = abs_path(p->text);
                    if (opt_.resolve_symlinks) p->text = resolve_symlink(p->text);
                }
            } else if (e.key == "volumes" && v.is_seq()) {
                for (std::size_t i = 0; i < v.items.size(); ++i) {
                    PathGuard gi(path_, i);
                    Node& vol = v.items[i];
                    const std::string* type = detail::string_of(vol, "type");
                    if (!vol.is_map() || type == nullptr || *type != "bind") continue;
                    Node* src = vol.find("source");
                    if (src == nullptr) {
                        errs_.add(Errc::validate,
                                  "invalid mount config for type \"bind\": field Source must not be empty",
                                  vol.loc, path_);
                        continue;
                    }
                    if (src->is_string()) src->text = maybe_unix_path(src->text);
                }
            }
        }
    }

    void volume_driver_opts(Node& vol) {
        if (!vol.is_map()) return;
        const std::string* driver = detail::string_of(vol, "driver");
        if (driver == nullptr || *driver != "local") return;
        Node* opts = vol.find("driver_opts");
        if (opts == nullptr || !opts->is_map()) return;
        const std::string* o = detail::string_of(*opts, "o");
        Node* device = opts->find("device");
        if (o != nullptr && *o == "bind" && device != nullptr && device->is_string()) {
            device->text = maybe_unix_path(device->text);
        }
    }
};

// ---- normalize ----

Node depends_entry(const Node& at, bool restart) {
    Node d = map_at(at);
    d.set("condition", str_at("service_started", at));
    d.set("restart", Node::boolean(restart, at.loc));
    d.set("required", Node::boolean(true, at.loc));
    return d;
}

// compose-go normalize.go resolve(): entries without a value are looked up; `keep_empty` decides whether an
// unset variable keeps the entry (environment) or drops it (build args).
void resolve_mapping(Node& v, const Environment& env, bool keep_empty) {
    if (v.is_seq()) {
        std::vector<Node> kept;
        kept.reserve(v.items.size());
        for (Node& item : v.items) {
            if (!item.is_string()) continue;  // not a string: dropped, as the reference does
            if (item.text.find('=') == std::string::npos) {
                if (auto val = env.get(item.text)) {
                    item.text += "=" + *val;
                } else if (!keep_empty) {
                    continue;
                }
            }
            kept.push_back(std::move(item));
        }
        v.items = std::move(kept);
        return;
    }
    if (!v.is_map()) return;
    std::vector<MapEntry> kept;
    kept.reserve(v.entries.size());
    for (MapEntry& e : v.entries) {
        if (e.value.is_null()) {
            if (auto val = env.get(e.key)) {
                e.value = str_at(*val, e.value);
            } else if (!keep_empty) {
                continue;
            }
        }
        kept.push_back(std::move(e));
    }
    v.entries = std::move(kept);
}

bool go_is_true(const Node& n) {
    const auto b = go::parse_strconv_bool(go::sprint(n));
    return b.value_or(false);
}

class Normalizer {
  public:
    explicit Normalizer(const NormalizeOptions& o) : opt_(o) {}

    core::Status run(Node& root) {
        if (!root.is_map()) return {};
        root.set("name", Node::string(opt_.project_name));
        networks(root);
        if (Node* services = root.find("services"); services != nullptr && services->is_map()) {
            PathGuard g(path_, "services");
            for (MapEntry& s : services->entries) {
                PathGuard gs(path_, s.key);
                if (s.value.is_map()) service(s.value);
            }
        }
        names(root);
        return errs_.finish();
    }

  private:
    const NormalizeOptions& opt_;
    Environment empty_env_;
    Path path_;
    Errors errs_;

    [[nodiscard]] const Environment& env() const {
        return opt_.environment != nullptr ? *opt_.environment : empty_env_;
    }

    static void networks(Node& root) {
        bool uses_default = false;
        if (Node* services = root.find("services"); services != nullptr && services->is_map()) {
            for (MapEntry& s : services->entries) {
                Node& svc = s.value;
                if (!svc.is_map() || svc.find("network_mode") != nullptr) continue;
                Node* nets = svc.find("networks");
                if (nets == nullptr || nets->is_null() || (nets->is_map() && nets->entries.empty())) {
                    const core::SourceLoc loc = nets != nullptr ? nets->loc : svc.loc;
                    Node m = Node::map(loc);
                    m.set("default", Node::null(loc));
                    svc.set("networks", std::move(m));
                    uses_default = true;
                } else if (nets->is_map() && nets->find("default") != nullptr) {
                    uses_default = true;
                }
            }
        }
        if (!uses_default) return;
        Node* top = root.find("networks");
        if (top == nullptr || !top->is_map()) {
            root.set("networks", Node::map());
            top = root.find("networks");
        }
        if (top->find("default") == nullptr) top->set("default", Node::null());
    }

    void service(Node& svc) {
        if (Node* pp = svc.find("pull_policy");
            pp != nullptr && pp->is_string() && pp->text == "if_not_present") {
            pp->text = "missing";
        }
        if (Node* b = svc.find("build"); b != nullptr && b->is_map()) {
            if (const Node* c = b->find("context"); c == nullptr || c->is_null())
                b->set("context", str_at(".", *b));
            const Node* df = b->find("dockerfile");
            const Node* dfi = b->find("dockerfile_inline");
            if ((df == nullptr || df->is_null()) && (dfi == nullptr || dfi->is_null())) {
                b->set("dockerfile", str_at("Dockerfile", *b));
            }
            if (Node* args = b->find("args")) resolve_mapping(*args, env(), false);
        }
        if (Node* envs = svc.find("environment")) resolve_mapping(*envs, env(), true);

        // Implicit dependencies. Explicit entries (already canonical maps) win.
        Node deps = Node::map(svc.loc);
        if (Node* d = svc.find("depends_on"); d != nullptr && d->is_map()) deps = std::move(*d);
        std::vector<std::pair<std::string, Node>> added;
        auto add = [&](const std::string& name, const Node& at, bool restart) {
            if (deps.find(name) != nullptr) return;
            for (const auto& a : added)
                if (a.first == name) return;
            added.emplace_back(name, depends_entry(at, restart));
        };
        if (const Node* links = svc.find("links"); links != nullptr && links->is_seq()) {
            for (const Node& l : links->items) {
                if (!l.is_string()) continue;
                std::string name = l.text;
                // "svc:alias" names svc; any other number of colons keeps the whole string, as the reference.
                const auto c = name.find(':');
                if (c != std::string::npos && name.find(':', c + 1) == std::string::npos)
                    name = name.substr(0, c);
                add(name, l, true);
            }
        }
        for (const char* ns : {"network_mode", "ipc", "pid", "uts", "cgroup"}) {
            const Node* n = svc.find(ns);
            if (n != nullptr && n->is_string() && n->text.starts_with("service:"))
                add(n->text.substr(8), *n, true);
        }
        if (Node* vols = svc.find("volumes"); vols != nullptr && vols->is_seq()) {
            for (Node& vol : vols->items) {
                if (!vol.is_map()) continue;
                if (Node* t = vol.find("target"); t != nullptr && t->is_string())
                    t->text = go::clean_path(t->text);
            }
        }
        if (const Node* vf = svc.find("volumes_from"); vf != nullptr && vf->is_seq()) {
            for (const Node& v : vf->items) {
                if (!v.is_string() || v.text.starts_with("container:")) continue;
                add(v.text.substr(0, v.text.find(':')), v, false);
            }
        }
        for (auto& [name, entry] : added) deps.set(name, std::move(entry));
        if (!deps.entries.empty())
            svc.set("depends_on", std::move(deps));
        else if (svc.find("depends_on") != nullptr)
            svc.set("depends_on", std::move(deps));
    }

    void names(Node& root) {
        for (const char* kind : {"networks", "volumes", "configs", "secrets"}) {
            Node* top = root.find(kind);
            if (top == nullptr || !top->is_map()) continue;
            for (MapEntry& r : top->entries) {
                if (r.value.is_null()) r.value = Node::map(r.value.loc.known() ? r.value.loc : r.key_loc);
                if (!r.value.is_map()) continue;
                const Node* name = r.value.find("name");
                if (name != nullptr && !name->is_null()) continue;
                const Node* ext = r.value.find("external");
                const bool external = ext != nullptr && go_is_true(*ext);
                const std::string value = external ? r.key : fmt::format("{}_{}", opt_.project_name, r.key);
                r.value.set("name", str_at(value, r.value));
            }
        }
    }
};

}  // namespace

core::Status resolve_paths(Node& project, const PathOptions& options) {
    PathResolver r(options);
    return r.run(project);
}

void resolve_environment_references(Node& project, const Environment& env) {
    if (!project.is_map()) return;
    if (Node* services = project.find("services"); services != nullptr && services->is_map()) {
        for (MapEntry& s : services->entries) {
            if (!s.value.is_map()) continue;
            Node* envs = s.value.find("environment");
            if (envs == nullptr || !envs->is_seq()) continue;
            std::vector<Node> kept;
            kept.reserve(envs->items.size());
            for (Node& item : envs->items) {
                if (!item.is_string()) continue;  // dropped, as the reference does
                if (auto val = env.get(item.text)) item.text += "=" + *val;
                kept.push_back(std::move(item));
            }
            envs->items = std::move(kept);
        }
    }
    for (const char* kind : {"secrets", "configs"}) {
        Node* top = project.find(kind);
        if (top == nullptr || !top->is_map()) continue;
        for (MapEntry& r : top->entries) {
            if (!r.value.is_map()) continue;
            const std::string* var = detail::string_of(r.value, "environment");
            if (var == nullptr) continue;
            if (auto val = env.get(*var)) r.value.set("content", str_at(*val, r.value));
        }
    }
}

core::Status normalize(Node& project, const NormalizeOptions& options) {
    Normalizer n(options);
    return n.run(project);
}

}  // namespace stackctl::load
