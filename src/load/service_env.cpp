// Step 17 of the load: each service's environment from the project environment and its env_files, and its
// labels from its label_files (compose-go Project.WithServicesEnvironmentResolved / ...LabelsResolved).

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "stackctl/core/utf8.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/canonical.hpp"
#include "stage_util.hpp"

namespace stackctl::load {

using core::Errc;
using detail::Errors;
using detail::str_at;

namespace {

// os.Stat's answer, for the "not found" rule: nullopt when the file exists (or fails otherwise, which the
// parser then reports), else the message of Go's *PathError.
std::optional<std::string> missing(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) return std::nullopt;
    if (errno != ENOENT) return std::nullopt;
    return fmt::format("stat {}: no such file or directory", path);
}

// Lays `entries` over `target` (a map node): later values win, in place; new keys are appended.
void overlay(Node& target, const EnvFileEntries& entries, const Node& at) {
    for (const auto& [key, value] : entries) {
        if (!value) continue;
        target.set(key, str_at(*value, at));
    }
}

class ServiceEnv {
  public:
    ServiceEnv(const Environment& env, const EnvFileParser& parse, const ServiceEnvironmentOptions& o)
        : env_(env), parse_(parse), opt_(o) {}

    core::Status run(Node& root) {
        Node* services = root.find("services");
        if (services == nullptr || !services->is_map()) return {};
        PathGuard g(path_, "services");
        for (MapEntry& s : services->entries) {
            PathGuard gs(path_, s.key);
            if (!s.value.is_map()) continue;
            service_ = s.key;
            if (opt_.resolve_environment) environment(s.value);
            labels(s.value);
        }
        return errs_.finish();
    }

  private:
    const Environment& env_;
    const EnvFileParser& parse_;
    const ServiceEnvironmentOptions& opt_;
    Path path_;
    Errors errs_;
    std::string service_;

    // Reads one file with the parser; returns false (after recording the error) when it cannot be read.
    bool read(const std::string& path, const Node& at, const Lookup& lookup, EnvFileEntries& out) {
        if (!parse_) {
            errs_.add(Errc::internal, "no dotenv parser was given to read " + path, at.loc, path_);
            return false;
        }
        auto parsed = parse_(path, lookup);
        if (!parsed) {
            core::Error err = std::move(parsed).error();
            if (err.path.empty()) err.path = path_.str();
            err.note(fmt::format("while reading {} for service {}", path, service_));
            errs_.add(std::move(err));
            return false;
        }
        out = std::move(*parsed);
        return true;
    }

    void environment(Node& svc) {
        Node* envs = svc.find("environment");
        if (envs != nullptr && envs->is_map()) {
            for (MapEntry& e : envs->entries) {
                if (!e.value.is_null()) continue;
                if (auto v = env_.get(e.key)) e.value = str_at(*v, e.value);
            }
        }
        Node* files = svc.find("env_file");
        if (files == nullptr) return;
        Node merged = Node::map(files->loc);
        bool ok = true;
        if (files->is_seq()) {
            PathGuard g(path_, "env_file");
            for (std::size_t i = 0; i < files->items.size(); ++i) {
                PathGuard gi(path_, i);
                const Node& f = files->items[i];
                if (!f.is_map()) continue;
                const std::string* file = detail::string_of(f, "path");
                if (file == nullptr) continue;
                const Node* req = f.find("required");
                const bool required =
                    req == nullptr ||
                    (req->kind == Kind::boolean ? req->as_bool()
                                                : go::parse_strconv_bool(go::sprint(*req)).value_or(true));
                if (const std::string* format = detail::string_of(f, "format");
                    format != nullptr && !format->empty()) {
                    errs_.add(Errc::validate,
                              fmt::format("unsupported env_file format {}", core::go_quote(*format)),
                              f.find("format")->loc, path_);
                    ok = false;
                    continue;
                }
                if (auto why = missing(*file)) {
                    if (required) {
                        errs_.add(Errc::io, fmt::format("env file {} not found: {}", *file, *why), f.loc,
                                  path_);
                        ok = false;
                    }
                    continue;
                }
                // References in the file see the earlier files' variables first, then the project
                // environment.
                Lookup lookup = [&](std::string_view name) -> std::optional<std::string> {
                    if (const Node* v = merged.find(name); v != nullptr && v->is_string()) return v->text;
                    return env_.get(name);
                };
                EnvFileEntries entries;
                if (!read(*file, f, lookup, entries)) {
                    ok = false;
                    continue;
                }
                overlay(merged, entries, f);
            }
        }
        if (!ok) return;
        if (envs != nullptr && envs->is_map()) {
            for (MapEntry& e : envs->entries) merged.set(e.key, std::move(e.value), e.key_loc);
            merged.loc = envs->loc;
            *envs = std::move(merged);
        } else if (!merged.entries.empty()) {
            svc.set("environment", std::move(merged));
        }
        if (opt_.discard_files) svc.erase("env_file");
    }

    void labels(Node& svc) {
        Node* files = svc.find("label_file");
        if (files == nullptr) return;
        Node merged = Node::map(files->loc);
        bool ok = true;
        if (files->is_seq()) {
            PathGuard g(path_, "label_file");
            for (std::size_t i = 0; i < files->items.size(); ++i) {
                PathGuard gi(path_, i);
                const Node& f = files->items[i];
                if (!f.is_string()) continue;
                if (auto why = missing(f.text)) {
                    errs_.add(Errc::io, fmt::format("label file {} not found: {}", f.text, *why), f.loc,
                              path_);
                    ok = false;
                    continue;
                }
                // Label files only see the labels of the earlier label files.
                Lookup lookup = [&](std::string_view name) -> std::optional<std::string> {
                    if (const Node* v = merged.find(name); v != nullptr && v->is_string()) return v->text;
                    return std::nullopt;
                };
                EnvFileEntries entries;
                if (!read(f.text, f, lookup, entries)) {
                    ok = false;
                    continue;
                }
                overlay(merged, entries, f);
            }
        }
        if (!ok) return;
        Node* labels = svc.find("labels");
        if (labels != nullptr && labels->is_map()) {
            for (MapEntry& e : labels->entries) merged.set(e.key, std::move(e.value), e.key_loc);
            merged.loc = labels->loc;
            *labels = std::move(merged);
        } else if (!merged.entries.empty()) {
            svc.set("labels", std::move(merged));
        }
        if (opt_.discard_files) svc.erase("label_file");
    }
};

}  // namespace

core::Status resolve_service_environment(Node& project, const Environment& env, const EnvFileParser& parse,
                                         const ServiceEnvironmentOptions& options) {
    ServiceEnv s(env, parse, options);
    return s.run(project);
}

}  // namespace stackctl::load
