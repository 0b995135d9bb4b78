#include "stackctl/load/loader.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

#include "stackctl/load/canonical.hpp"
#include "stackctl/load/dotenv.hpp"
#include "stackctl/load/extends.hpp"
#include "stackctl/load/include.hpp"
#include "stackctl/load/interpolate.hpp"
#include "stackctl/load/interpolate_tree.hpp"
#include "stackctl/load/merge.hpp"
#include "stackctl/load/project_checks.hpp"
#include "stackctl/load/schema.hpp"
#include "stackctl/load/yaml.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

namespace {

/// Reads one dotenv file; `lookup` resolves references the file makes to variables it does not define.
core::Result<std::vector<DotenvEntry>> read_dotenv(const std::string& path, const Lookup& lookup) {
    auto text = read_file(path);
    if (!text) return std::move(text).error();
    return parse_dotenv(*text, path, lookup);
}

/// The project environment: the env files in order (later wins), under the OS environment (OS wins).
/// References inside a file see the OS first, then earlier files, then earlier lines of the same file.
core::Result<Environment> project_environment(const Environment& os_env, const std::vector<std::string>& files) {
    Environment from_files;
    for (const auto& f : files) {
        auto entries = read_dotenv(f, [&](std::string_view name) -> std::optional<std::string> {
            if (auto v = os_env.get(name)) return v;
            return from_files.get(name);
        });
        if (!entries) return std::move(entries).error();
        for (auto& e : *entries)
            if (e.value) from_files.set(e.key, std::move(*e.value));
    }
    Environment env = os_env;
    for (const auto& [k, v] : from_files.vars()) env.set_default(k, v);
    return env;
}

struct ParsedFile {
    std::string path;
    std::vector<Node> documents;
};

class Loader {
public:
    Loader(const LoadOptions& opts, std::vector<std::string>& warnings) : opts_(opts), warnings_(warnings) {}

    core::Result<std::vector<ParsedFile>> parse_files(const std::vector<std::string>& files) {
        std::vector<ParsedFile> out;
        for (const auto& f : files) {
            auto docs = parse_yaml_file(f);
            if (!docs) return std::move(docs).error();
            for (const auto& d : *docs) {
                if (!d.is_map() && !d.is_null()) {
                    return Error(Errc::validate,
                                 fmt::format("a compose file must be a mapping at the top level, not {}", kind_name(d.kind)),
                                 d.loc);
                }
            }
            if (docs->empty() || (docs->size() == 1 && docs->front().is_null())) {
                return Error(Errc::validate, fmt::format("{} is empty: a compose file needs at least `services`", f),
                             core::SourceLoc{core::intern_path(f), 1, 1});
            }
            out.push_back(ParsedFile{f, std::move(*docs)});
        }
        return out;
    }

    /// The per-file pipeline over a set of files sharing one project directory and environment:
    /// interpolate, extends, include, merge, unicity, schema, canonical form, defaults, paths.
    core::Result<Node> load_model(std::vector<ParsedFile> files, const std::string& project_dir, const Environment& env,
                                  const std::vector<std::string>& chain) {
        Node model = Node::map();
        const Lookup lookup = env.lookup();
        for (auto& file : files) {
            for (auto& doc : file.documents) {
                if (doc.is_null()) continue;
                if (opts_.interpolate) STACKCTL_TRY(interpolate_document(doc, lookup, warnings_));
                MergeTags tags = take_merge_tags(doc);
                ExtendsContext ectx;
                ectx.file = file.path;
                ectx.base_dir = project_dir;
                ectx.tags = &tags;
                ectx.load_file = [&](const std::string& path) { return load_extended(path, env); };
                STACKCTL_TRY(apply_extends(doc, ectx));
                apply_merge_tags(model, tags);
                IncludeContext ictx;
                ictx.file = file.path;
                ictx.working_dir = project_dir;
                ictx.chain = chain;
                ictx.load_project = [&](const IncludeRequest& req) { return load_included(req, env); };
                STACKCTL_TRY(apply_include(doc, ictx));
                STACKCTL_TRY(merge_documents(model, std::move(doc)));
                STACKCTL_TRY(enforce_unicity(model));
            }
        }
        if (Node* version = model.find("version")) {
            warnings_.push_back(fmt::format("{}: the top-level `version` is obsolete and ignored; remove it",
                                            version->loc.str()));
            model.erase("version");
        }
        SchemaOptions schema;
        schema.allow_unresolved = !opts_.interpolate;
        STACKCTL_TRY(validate_schema(model, schema));
        CanonicalOptions copts;
        copts.keep_unparsed = !opts_.interpolate;
        copts.warnings = &warnings_;
        STACKCTL_TRY(canonicalize(model, copts));
        STACKCTL_TRY(enforce_unicity(model));
        STACKCTL_TRY(apply_defaults(model));
        STACKCTL_TRY(check_semantics(model));
        if (opts_.resolve_paths) {
            PathOptions popts;
            popts.base_dir = project_dir;
            popts.home = env.get("HOME");
            STACKCTL_TRY(resolve_paths(model, popts));
        }
        return model;
    }

private:
    /// A file named by `extends.file`: parsed, interpolated with the referring file's environment, its
    /// documents merged, in canonical form, relative paths resolved against its own directory.
    core::Result<const Node*> load_extended(const std::string& path, const Environment& env) {
        if (auto it = extended_.find(path); it != extended_.end()) return it->second.get();
        auto docs = parse_yaml_file(path);
        if (!docs) return std::move(docs).error();
        Node merged = Node::map();
        for (auto& d : *docs) {
            if (d.is_null()) continue;
            if (opts_.interpolate) STACKCTL_TRY(interpolate_document(d, env.lookup(), warnings_));
            STACKCTL_TRY(merge_documents(merged, std::move(d)));
            STACKCTL_TRY(enforce_unicity(merged));
        }
        CanonicalOptions copts;
        copts.keep_unparsed = !opts_.interpolate;
        STACKCTL_TRY(canonicalize(merged, copts));
        if (opts_.resolve_paths) {
            PathOptions popts;
            popts.base_dir = parent_dir(path);
            popts.home = env.get("HOME");
            STACKCTL_TRY(resolve_paths(merged, popts));
        }
        auto stored = std::make_unique<Node>(std::move(merged));
        const Node* raw = stored.get();
        extended_.emplace(path, std::move(stored));
        return raw;
    }

    /// An included sub-project: its own directory and env files (parent variables win), same pipeline.
    core::Result<Node> load_included(const IncludeRequest& req, const Environment& parent_env) {
        Environment env = parent_env;
        if (!req.env_files.empty()) {
            auto sub = project_environment(parent_env, req.env_files);
            if (!sub) return std::move(sub).error();
            env = std::move(*sub);
        }
        auto files = parse_files(req.paths);
        if (!files) return std::move(files).error();
        return load_model(std::move(*files), req.project_directory, env, req.chain);
    }

    const LoadOptions& opts_;
    std::vector<std::string>& warnings_;
    std::map<std::string, std::unique_ptr<Node>> extended_;
};

/// The top-level `name:` of the files: the last non-empty one, interpolated, normalised.
core::Result<std::optional<std::string>> name_from_files(const std::vector<ParsedFile>& files, const Environment& env,
                                                         bool interpolate) {
    std::optional<std::string> name;
    for (const auto& f : files) {
        for (const auto& d : f.documents) {
            const Node* n = d.is_map() ? d.find("name") : nullptr;
            if (n == nullptr || n->is_null() || (n->is_string() && n->text.empty())) continue;
            if (!n->is_string()) {
                return Error(Errc::validate, "the project name must be a string", n->loc, "name");
            }
            std::string value = n->text;
            if (interpolate) {
                SubstituteOptions so;
                so.origin = n->loc;
                auto r = substitute(value, env.lookup(), so);
                if (!r) {
                    Error e = std::move(r).error();
                    e.path = "name";
                    return e;
                }
                value = std::move(*r);
            }
            name = normalize_project_name(value);
        }
    }
    return name;
}

}  // namespace

core::Result<Project> load_project(const LoadOptions& options, const Environment& os_env) {
    Project project;
    // Pre-pass: files and project directory from the OS environment, then the env files.
    auto files = find_config_files(options.project, os_env);
    if (!files) return std::move(files).error();
    auto env_files = find_env_files(options.project, os_env, files->project_dir);
    if (!env_files) return std::move(env_files).error();
    auto env = project_environment(os_env, *env_files);
    if (!env) return std::move(env).error();
    // Main pass: COMPOSE_FILE may come from .env.
    if (options.project.files.empty() && !os_env.contains("COMPOSE_FILE") && env->contains("COMPOSE_FILE")) {
        files = find_config_files(options.project, *env);
        if (!files) return std::move(files).error();
    }
    project.files = files->files;
    project.project_dir = files->project_dir;
    project.env_files = *env_files;
    project.warnings = files->warnings;
    project.profiles = active_profiles(options.project, *env);

    Loader loader(options, project.warnings);
    auto parsed = loader.parse_files(project.files);
    if (!parsed) return std::move(parsed).error();

    // Project name: -p, COMPOSE_PROJECT_NAME, the files' `name:`, the directory.
    if (options.project.project_name) {
        STACKCTL_TRY(check_project_name(*options.project.project_name));
        project.name = *options.project.project_name;
    } else if (auto cpn = env->get("COMPOSE_PROJECT_NAME"); cpn && !cpn->empty()) {
        STACKCTL_TRY(check_project_name(*cpn));
        project.name = *cpn;
    } else {
        auto from_files = name_from_files(*parsed, *env, options.interpolate);
        if (!from_files) return std::move(from_files).error();
        project.name = from_files->value_or(normalize_project_name(project.project_dir.substr(
            project.project_dir.rfind('/') + 1)));
        if (project.name.empty()) {
            return Error(Errc::validate,
                         "the project name is empty: set `name:` in the compose file, or use -p or COMPOSE_PROJECT_NAME");
        }
    }
    env->set("COMPOSE_PROJECT_NAME", project.name);

    auto model = loader.load_model(std::move(*parsed), project.project_dir, *env, {});
    if (!model) return std::move(model).error();
    Node& doc = *model;
    doc.set("name", Node::string(project.name));

    // Without interpolation the reference resolves nothing from the environment either.
    const Environment no_env;
    const Environment& resolve_env = options.interpolate ? *env : no_env;
    resolve_environment_references(doc, resolve_env);
    if (options.normalize) {
        NormalizeOptions nopts;
        nopts.project_name = project.name;
        nopts.environment = &resolve_env;
        STACKCTL_TRY(normalize(doc, nopts));
    }
    if (options.interpolate) STACKCTL_TRY(decode_values(doc));
    project.all_profiles = all_profiles(doc);

    // Profiles and consistency on the services the profiles enable; SERVICE arguments then enable theirs.
    Node enabled = options.services.empty() ? std::move(doc) : doc;
    const auto disabled = apply_profiles(enabled, project.profiles);
    if (options.consistency) STACKCTL_TRY(check_consistency(enabled, disabled));
    if (!options.services.empty()) {
        STACKCTL_TRY(enable_named_services(doc, options.services, project.profiles));
        enabled = std::move(doc);
        apply_profiles(enabled, project.profiles);
        if (options.select_services) STACKCTL_TRY(select_services(enabled, options.services));
    }
    ServiceEnvironmentOptions sopts;
    sopts.resolve_environment = options.resolve_service_env;
    sopts.discard_files = options.resolve_service_env;
    STACKCTL_TRY(resolve_service_environment(
        enabled, resolve_env, [](const std::string& path, const Lookup& lookup) -> core::Result<EnvFileEntries> {
            auto entries = read_dotenv(path, lookup);
            if (!entries) return std::move(entries).error();
            EnvFileEntries out;
            out.reserve(entries->size());
            for (auto& e : *entries) out.emplace_back(std::move(e.key), std::move(e.value));
            return out;
        },
        sopts));
    if (options.prune) prune_unused_resources(enabled);
    project.document = std::move(enabled);
    project.environment = std::move(*env);
    return project;
}

}  // namespace stackctl::load
