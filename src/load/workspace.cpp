#include "stackctl/load/workspace.hpp"

#include <dirent.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <string_view>

#include "stackctl/load/yaml.hpp"
#include "stage_util.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

using detail::is_dir;
using detail::is_file;

namespace {

// A profile name that can name a file: [A-Za-z0-9][A-Za-z0-9_.-]* (compose's profile name syntax).
bool valid_profile_name(std::string_view name) {
    if (name.empty()) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (!alnum(name.front())) return false;
    return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '_' || c == '.' || c == '-'; });
}

// "an integer", "a list": a value's kind in YAML words, for messages.
const char* a_kind(Kind kind) {
    switch (kind) {
        case Kind::null: return "null";
        case Kind::boolean: return "a boolean";
        case Kind::integer: return "an integer";
        case Kind::floating: return "a number";
        case Kind::string: return "a string";
        case Kind::seq: return "a list";
        case Kind::map: return "a mapping";
    }
    return "a value";
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string join_path(const std::string& prefix, std::string_view key) {
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

// The single mapping document of a workspace or profile file.
core::Result<Node> read_document(const std::string& file, std::string_view what) {
    auto docs = parse_yaml_file(file);
    if (!docs) return std::move(docs).error();
    const core::SourceLoc top{core::intern_path(file), 1, 1};
    if (docs->empty() || (docs->size() == 1 && (*docs)[0].is_null())) {
        return Error(Errc::validate, fmt::format("the {} is empty", what), top);
    }
    if (docs->size() > 1) {
        return Error(Errc::validate, fmt::format("the {} must hold one YAML document, not {}", what, docs->size()),
                     (*docs)[1].loc);
    }
    Node doc = std::move((*docs)[0]);
    if (!doc.is_map()) {
        return Error(Errc::validate, fmt::format("the {} must be a mapping, not {}", what, a_kind(doc.kind)),
                     doc.loc);
    }
    return doc;
}

core::Status check_keys(const Node& map, std::initializer_list<std::string_view> allowed, const std::string& path) {
    for (const auto& e : map.entries) {
        if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            return Error(Errc::validate, fmt::format("unknown key \"{}\" (allowed: {})", e.key, list), e.key_loc, path);
        }
    }
    return {};
}

core::Result<std::string> get_string(const Node& value, const std::string& path) {
    if (!value.is_string()) {
        return Error(Errc::validate, fmt::format("must be a string, not {}", a_kind(value.kind)), value.loc, path);
    }
    if (value.text.empty()) return Error(Errc::validate, "must not be empty", value.loc, path);
    return value.text;
}

// A list of non-empty strings; a single string stands for a list of one.
core::Result<std::vector<Node>> get_string_list(const Node& value, const std::string& path) {
    std::vector<Node> out;
    if (value.is_string()) {
        out.push_back(value);
    } else if (value.is_seq()) {
        out = value.items;
    } else if (!value.is_null()) {
        return Error(Errc::validate, fmt::format("must be a list of strings, not {}", a_kind(value.kind)),
                     value.loc, path);
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto s = get_string(out[i], fmt::format("{}[{}]", path, i));
        if (!s) return std::move(s).error();
    }
    return out;
}

}  // namespace

const WorkspaceStack* Workspace::stack(std::string_view name) const {
    for (const auto& s : stacks) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

std::string Workspace::stack_names() const {
    std::string out;
    for (const auto& s : stacks) out += (out.empty() ? "" : ", ") + s.name;
    return out;
}

const ProfileStack* Profile::stack(std::string_view stack_name) const {
    for (const auto& s : stacks) {
        if (s.stack == stack_name) return &s;
    }
    return nullptr;
}

std::optional<std::string> find_workspace_file(const std::string& start_dir) {
    std::string dir = start_dir;
    while (true) {
        std::string candidate = absolute_path(dir, kWorkspaceFileName);
        if (is_file(candidate)) return candidate;
        if (dir == "/") return std::nullopt;
        dir = parent_dir(dir);
    }
}

core::Result<Workspace> load_workspace(const std::string& file) {
    auto doc = read_document(file, "workspace file");
    if (!doc) return std::move(doc).error();
    Workspace ws;
    ws.file = file;
    ws.root = parent_dir(file);
    ws.profiles_directory = absolute_path(ws.root, "profiles");
    STACKCTL_TRY(check_keys(*doc, {"default_stack", "stacks", "profiles_directory"}, ""));

    const MapEntry* stacks = doc->find_entry("stacks");
    if (stacks == nullptr) {
        return Error(Errc::validate, "\"stacks\" is required: a mapping of stack names to {directory: DIR}",
                     doc->loc);
    }
    if (!stacks->value.is_map() || stacks->value.entries.empty()) {
        return Error(Errc::validate, "must be a non-empty mapping of stack names to {directory: DIR}",
                     stacks->value.is_null() ? stacks->key_loc : stacks->value.loc, "stacks");
    }
    for (const auto& e : stacks->value.entries) {
        const std::string path = join_path("stacks", e.key);
        if (!e.value.is_map()) {
            return Error(Errc::validate, fmt::format("must be a mapping with \"directory\", not {}", a_kind(e.value.kind)),
                         e.value.is_null() ? e.key_loc : e.value.loc, path);
        }
        STACKCTL_TRY(check_keys(e.value, {"directory"}, path));
        const Node* dir = e.value.find("directory");
        if (dir == nullptr) return Error(Errc::validate, "\"directory\" is required", e.key_loc, path);
        auto text = get_string(*dir, path + ".directory");
        if (!text) return std::move(text).error();
        WorkspaceStack st;
        st.name = e.key;
        st.directory = absolute_path(ws.root, *text);
        st.loc = e.key_loc;
        if (!is_dir(st.directory)) {
            return Error(Errc::io, fmt::format("stack directory {} does not exist", st.directory), dir->loc,
                         path + ".directory");
        }
        ws.stacks.push_back(std::move(st));
    }

    if (const Node* def = doc->find("default_stack")) {
        auto text = get_string(*def, "default_stack");
        if (!text) return std::move(text).error();
        if (ws.stack(*text) == nullptr) {
            return Error(Errc::validate,
                         fmt::format("\"{}\" is not one of the stacks ({})", *text, ws.stack_names()), def->loc,
                         "default_stack");
        }
        ws.default_stack = *text;
    }
    if (const Node* pd = doc->find("profiles_directory")) {
        auto text = get_string(*pd, "profiles_directory");
        if (!text) return std::move(text).error();
        ws.profiles_directory = absolute_path(ws.root, *text);
        if (!is_dir(ws.profiles_directory)) {
            return Error(Errc::io, fmt::format("profiles directory {} does not exist", ws.profiles_directory),
                         pd->loc, "profiles_directory");
        }
    }
    return ws;
}

std::optional<std::string> profile_file(const Workspace& ws, const std::string& name) {
    if (!valid_profile_name(name)) return std::nullopt;
    std::string file = absolute_path(ws.profiles_directory, name + ".yaml");
    if (!is_file(file)) return std::nullopt;
    return file;
}

core::Result<Profile> load_profile(const Workspace& ws, const std::string& name, const std::string& file) {
    auto doc = read_document(file, "profile file");
    if (!doc) return std::move(doc).error();
    Profile prof;
    prof.name = name;
    prof.file = file;
    STACKCTL_TRY(check_keys(*doc, {"description", "stacks"}, ""));
    if (const Node* d = doc->find("description")) {
        auto text = get_string(*d, "description");
        if (!text) return std::move(text).error();
        prof.description = *text;
    }
    const MapEntry* stacks = doc->find_entry("stacks");
    if (stacks == nullptr) {
        return Error(Errc::validate, "\"stacks\" is required: what the profile means for each stack", doc->loc);
    }
    if (!stacks->value.is_map() || stacks->value.entries.empty()) {
        return Error(Errc::validate, "must be a non-empty mapping of stack names to their settings",
                     stacks->value.is_null() ? stacks->key_loc : stacks->value.loc, "stacks");
    }
    for (const auto& e : stacks->value.entries) {
        const std::string path = join_path("stacks", e.key);
        const WorkspaceStack* st = ws.stack(e.key);
        if (st == nullptr) {
            return Error(Errc::validate,
                         fmt::format("no stack \"{}\" in {} (stacks: {})", e.key, ws.file, ws.stack_names()),
                         e.key_loc, path);
        }
        ProfileStack ps;
        ps.stack = e.key;
        if (e.value.is_null()) {  // `stack:` alone: the stack's own defaults
            prof.stacks.push_back(std::move(ps));
            continue;
        }
        if (!e.value.is_map()) {
            return Error(Errc::validate, fmt::format("must be a mapping, not {}", a_kind(e.value.kind)),
                         e.value.loc, path);
        }
        STACKCTL_TRY(check_keys(e.value, {"files", "env_files", "compose_profiles", "project_name"}, path));
        struct PathList {
            std::string_view key;
            std::string_view what;
            std::vector<std::string>* out;
        };
        for (const PathList& pl : {PathList{"files", "compose file", &ps.files},
                                   PathList{"env_files", "env file", &ps.env_files}}) {
            const Node* v = e.value.find(pl.key);
            if (v == nullptr) continue;
            const std::string key_path = join_path(path, pl.key);
            auto items = get_string_list(*v, key_path);
            if (!items) return std::move(items).error();
            for (std::size_t i = 0; i < items->size(); ++i) {
                const Node& item = (*items)[i];
                std::string abs = absolute_path(st->directory, item.text);
                if (!is_file(abs)) {
                    return Error(Errc::io, fmt::format("{} {} does not exist", pl.what, abs), item.loc,
                                 v->is_seq() ? fmt::format("{}[{}]", key_path, i) : key_path);
                }
                add_unique(*pl.out, abs);
            }
        }
        if (const Node* v = e.value.find("compose_profiles")) {
            const std::string key_path = join_path(path, "compose_profiles");
            auto items = get_string_list(*v, key_path);
            if (!items) return std::move(items).error();
            for (const auto& item : *items) add_unique(ps.compose_profiles, item.text);
        }
        if (const Node* v = e.value.find("project_name")) {
            const std::string key_path = join_path(path, "project_name");
            auto text = get_string(*v, key_path);
            if (!text) return std::move(text).error();
            if (auto s = check_project_name(*text); !s) {
                Error err = std::move(s).error();
                return Error(Errc::validate, err.message, v->loc, key_path);
            }
            ps.project_name = *text;
            ps.project_name_loc = v->loc;
        }
        prof.stacks.push_back(std::move(ps));
    }
    return prof;
}

core::Result<std::vector<Profile>> load_profiles(const Workspace& ws) {
    std::vector<std::string> names;
    if (DIR* d = ::opendir(ws.profiles_directory.c_str())) {
        while (const dirent* ent = ::readdir(d)) {
            std::string_view n = ent->d_name;
            if (n.size() <= 5 || n.substr(n.size() - 5) != ".yaml") continue;
            std::string name(n.substr(0, n.size() - 5));
            if (valid_profile_name(name) && is_file(absolute_path(ws.profiles_directory, n))) names.push_back(name);
        }
        ::closedir(d);
    }
    std::sort(names.begin(), names.end());
    std::vector<Profile> out;
    for (const auto& name : names) {
        auto p = load_profile(ws, name, absolute_path(ws.profiles_directory, name + ".yaml"));
        if (!p) return std::move(p).error();
        out.push_back(std::move(*p));
    }
    return out;
}

core::Result<WorkspaceResolution> resolve_workspace(const WorkspaceRequest& request, const Environment& env) {
    WorkspaceResolution out;
    out.project = request.project;
    const ProjectOptions& opts = request.project;
    const bool has_compose_file_env = !env.get("COMPOSE_FILE").value_or("").empty();

    std::optional<std::string> stack_name = request.stack;
    std::string origin = "--stack";
    if (request.stack) {
        if (request.stack->empty()) return Error(Errc::usage, "--stack needs a stack name");
        if (!opts.files.empty()) return Error(Errc::usage, "--stack cannot be combined with -f/--file");
        if (has_compose_file_env) return Error(Errc::usage, "--stack cannot be combined with COMPOSE_FILE");
        if (opts.project_directory) return Error(Errc::usage, "--stack cannot be combined with --project-directory");
    }
    // -f, COMPOSE_FILE or --project-directory: plain Docker Compose semantics.
    if (!opts.files.empty() || has_compose_file_env || opts.project_directory) return out;
    if (!stack_name) {
        if (auto v = env.get("STACKCTL_STACK"); v && !v->empty()) {
            stack_name = *v;
            origin = "STACKCTL_STACK";
        }
    }

    const std::string cwd = absolute_path("/", working_directory(opts));
    auto ws_file = find_workspace_file(cwd);
    if (!ws_file) {
        if (stack_name) {
            return Error(Errc::usage, fmt::format("{} {}: no {} in {} or its parents", origin, *stack_name,
                                                  kWorkspaceFileName, cwd));
        }
        return out;
    }
    auto ws = load_workspace(*ws_file);
    if (!ws) return std::move(ws).error();
    out.workspace = *ws_file;

    const WorkspaceStack* st = nullptr;
    if (stack_name) {
        st = ws->stack(*stack_name);
        if (st == nullptr) {
            return Error(Errc::usage, fmt::format("{} {}: no such stack in {} (stacks: {})", origin, *stack_name,
                                                  ws->file, ws->stack_names()));
        }
    } else {
        // The stack whose directory holds the working directory (the deepest, if they nest).
        for (const auto& s : ws->stacks) {
            const bool inside = cwd == s.directory || (cwd.size() > s.directory.size() &&
                                                       cwd.compare(0, s.directory.size(), s.directory) == 0 &&
                                                       (s.directory == "/" || cwd[s.directory.size()] == '/'));
            if (inside && (st == nullptr || s.directory.size() > st->directory.size())) st = &s;
        }
        if (st == nullptr && ws->default_stack) {
            // Only where the compose discovery would find no file of its own below the workspace root.
            bool own = false;
            for (std::string dir = cwd;; dir = parent_dir(dir)) {
                if (has_compose_file(dir)) {
                    own = true;
                    break;
                }
                if (dir == ws->root || dir == "/") break;
            }
            if (!own) st = ws->stack(*ws->default_stack);
        }
    }
    if (st == nullptr) return out;
    out.stack = st->name;
    ProjectOptions& p = out.project;
    p.project_directory = st->directory;

    const std::vector<std::string> names = active_profiles(opts, env);
    if (names.empty()) return out;
    std::vector<std::string> compose_profiles;
    std::vector<std::string> files;
    std::vector<std::string> env_files;
    std::optional<std::string> project_name;
    std::string project_name_from;
    for (const auto& name : names) {
        if (auto file = profile_file(*ws, name)) {
            auto prof = load_profile(*ws, name, *file);
            if (!prof) return std::move(prof).error();
            if (const ProfileStack* ps = prof->stack(st->name)) {
                for (const auto& f : ps->files) add_unique(files, f);
                for (const auto& f : ps->env_files) add_unique(env_files, f);
                for (const auto& c : ps->compose_profiles) add_unique(compose_profiles, c);
                if (ps->project_name) {
                    if (project_name && *project_name != *ps->project_name) {
                        return Error(Errc::validate,
                                     fmt::format("profile {} sets project name \"{}\" for stack {}, but profile {} "
                                                 "sets \"{}\"; use one of them, or -p",
                                                 name, *ps->project_name, st->name, project_name_from, *project_name),
                                     ps->project_name_loc, fmt::format("stacks.{}.project_name", st->name));
                    }
                    project_name = ps->project_name;
                    project_name_from = name;
                }
                out.expanded.push_back(name);
                continue;
            }
        }
        add_unique(compose_profiles, name);  // no definition for this stack: a plain compose profile
    }
    p.profiles = std::move(compose_profiles);
    p.profiles_given = true;
    if (!files.empty()) p.files = std::move(files);
    if (!env_files.empty()) {
        for (const auto& f : opts.env_files) add_unique(env_files, absolute_path(cwd, f));
        p.env_files = std::move(env_files);
    }
    if (!opts.project_name && project_name) p.project_name = project_name;
    return out;
}

}  // namespace stackctl::load
