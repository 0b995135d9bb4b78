#include "stackctl/load/project_files.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdlib>

#include "stage_util.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

using detail::is_dir;
using detail::is_file;

namespace {

bool exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

std::string current_dir_impl(const ProjectOptions& opts) {
    if (!opts.working_dir.empty()) return opts.working_dir;
    // Like Go's os.Getwd (and so the reference): $PWD when it names the current directory, so paths and
    // the default project name keep the symbolic links the user went through.
    if (const char* pwd = std::getenv("PWD"); pwd != nullptr && pwd[0] == '/') {
        struct stat a {};
        struct stat b {};
        if (::stat(pwd, &a) == 0 && ::stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) return pwd;
    }
    std::array<char, 4096> buf{};
    if (::getcwd(buf.data(), buf.size()) == nullptr) return "/";
    return buf.data();
}

std::vector<std::string> split(std::string_view s, std::string_view sep) {
    std::vector<std::string> out;
    if (sep.empty()) {
        out.emplace_back(s);
        return out;
    }
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + sep.size();
    }
    return out;
}

// Go's strconv.ParseBool.
std::optional<bool> parse_go_bool(std::string_view v) {
    if (v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True") return true;
    if (v == "0" || v == "f" || v == "F" || v == "FALSE" || v == "false" || v == "False") return false;
    return std::nullopt;
}

constexpr std::array<std::string_view, 4> kMainNames = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                                        "docker-compose.yaml"};
constexpr std::array<std::string_view, 4> kOverrideNames = {"compose.override.yml", "compose.override.yaml",
                                                            "docker-compose.override.yml",
                                                            "docker-compose.override.yaml"};

// The first existing candidate in `dir`, with a warning when several exist.
std::optional<std::string> pick(const std::string& dir, const std::array<std::string_view, 4>& names,
                                std::string_view what, std::vector<std::string>& warnings) {
    std::vector<std::string> found;
    for (auto n : names) {
        std::string p = absolute_path(dir, n);
        if (is_file(p)) found.push_back(p);
    }
    if (found.empty()) return std::nullopt;
    if (found.size() > 1) {
        std::string all;
        for (const auto& f : found) all += (all.empty() ? "" : ", ") + f;
        warnings.push_back(fmt::format("found multiple {} with supported names: {}; using {}", what, all, found[0]));
    }
    return found[0];
}

}  // namespace

std::string working_directory(const ProjectOptions& opts) { return current_dir_impl(opts); }

bool has_compose_file(const std::string& dir) {
    for (auto n : kMainNames) {
        if (is_file(absolute_path(dir, n))) return true;
    }
    return false;
}

std::string absolute_path(std::string_view base, std::string_view path) {
    std::string joined;
    if (!path.empty() && path.front() == '/') {
        joined = path;
    } else {
        joined = std::string(base) + "/" + std::string(path);
    }
    // Lexical clean, as Go's filepath.Clean.
    std::vector<std::string_view> parts;
    std::string_view rest = joined;
    while (!rest.empty()) {
        auto slash = rest.find('/');
        std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    std::string out;
    for (auto p : parts) {
        out += '/';
        out += p;
    }
    return out.empty() ? "/" : out;
}

std::string parent_dir(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

core::Result<ConfigFiles> find_config_files(const ProjectOptions& opts, const Environment& env) {
    ConfigFiles out;
    const std::string cwd = working_directory(opts);
    std::vector<std::string> files;
    if (!opts.files.empty()) {
        for (const auto& f : opts.files) {
            if (f == "-") {
                files.push_back("-");
                continue;
            }
            std::string p = absolute_path(cwd, f);
            if (!exists(p)) return Error(Errc::io, fmt::format("compose file {} does not exist", p));
            if (is_dir(p)) return Error(Errc::io, fmt::format("compose file {} is a directory", p));
            files.push_back(p);
        }
    } else if (auto cf = env.get("COMPOSE_FILE"); cf && !cf->empty()) {
        const std::string sep = env.get("COMPOSE_PATH_SEPARATOR").value_or(":");
        for (const auto& f : split(*cf, sep)) {
            if (f.empty()) continue;
            std::string p = absolute_path(cwd, f);
            if (!exists(p)) {
                return Error(Errc::io, fmt::format("compose file {} (from COMPOSE_FILE) does not exist", p));
            }
            files.push_back(p);
        }
    } else {
        std::string dir = opts.project_directory ? absolute_path(cwd, *opts.project_directory) : cwd;
        while (true) {
            if (auto main = pick(dir, kMainNames, "config files", out.warnings)) {
                files.push_back(*main);
                if (auto over = pick(dir, kOverrideNames, "override files", out.warnings)) files.push_back(*over);
                break;
            }
            if (dir == "/") {
                return Error(Errc::io,
                             fmt::format("no compose file found in {} or its parents (looked for compose.yaml, "
                                         "compose.yml, docker-compose.yml, docker-compose.yaml); use -f to name one",
                                         opts.project_directory ? absolute_path(cwd, *opts.project_directory) : cwd));
            }
            dir = parent_dir(dir);
        }
    }
    if (opts.project_directory) {
        out.project_dir = absolute_path(cwd, *opts.project_directory);
    } else {
        out.project_dir = cwd;
        for (const auto& f : files) {
            if (f != "-") {
                out.project_dir = parent_dir(f);
                break;
            }
        }
    }
    out.files = std::move(files);
    return out;
}

core::Result<std::vector<std::string>> find_env_files(const ProjectOptions& opts, const Environment& os_env,
                                                      const std::string& project_dir) {
    const std::string cwd = working_directory(opts);
    std::vector<std::string> explicit_files;
    if (!opts.env_files.empty()) {
        explicit_files = opts.env_files;
    } else if (auto list = os_env.get("COMPOSE_ENV_FILES"); list && !list->empty()) {
        explicit_files = split(*list, ",");
    }
    std::vector<std::string> out;
    if (!explicit_files.empty()) {
        for (const auto& f : explicit_files) {
            std::string p = absolute_path(cwd, f);
            if (!exists(p)) return Error(Errc::io, fmt::format("env file {} not found", p));
            if (is_dir(p)) return Error(Errc::io, fmt::format("env file {} is a directory", p));
            out.push_back(p);
        }
        return out;
    }
    if (auto disable = os_env.get("COMPOSE_DISABLE_ENV_FILE"); disable && !disable->empty()) {
        auto b = parse_go_bool(*disable);
        if (!b) {
            return Error(Errc::usage, fmt::format("COMPOSE_DISABLE_ENV_FILE=\"{}\" is not a boolean (use true or false)",
                                                  *disable));
        }
        if (*b) return out;
    }
    std::string dotenv = absolute_path(project_dir, ".env");
    if (is_file(dotenv)) out.push_back(dotenv);
    return out;
}

std::string normalize_project_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        const char lower = static_cast<char>(std::tolower(c));
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_' || lower == '-') {
            out += lower;
        }
    }
    std::size_t lead = 0;
    while (lead < out.size() && (out[lead] == '_' || out[lead] == '-')) ++lead;
    return out.substr(lead);
}

core::Status check_project_name(std::string_view name) {
    if (name.empty()) return Error(Errc::usage, "project name must not be empty");
    if (normalize_project_name(name) != name) {
        return Error(Errc::usage, fmt::format("invalid project name \"{}\": use only lowercase letters, digits, '-' and "
                                              "'_', starting with a letter or digit",
                                              name));
    }
    return {};
}

std::vector<std::string> active_profiles(const ProjectOptions& opts, const Environment& env) {
    if (!opts.profiles.empty() || opts.profiles_given) return opts.profiles;
    std::vector<std::string> out;
    auto v = env.get("COMPOSE_PROFILES");
    if (!v || v->empty()) return out;
    for (auto& p : split(*v, ",")) {
        std::size_t b = 0;
        std::size_t e = p.size();
        while (b < e && std::isspace(static_cast<unsigned char>(p[b]))) ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(p[e - 1]))) --e;
        if (e > b) out.push_back(p.substr(b, e - b));
    }
    return out;
}

}  // namespace stackctl::load
