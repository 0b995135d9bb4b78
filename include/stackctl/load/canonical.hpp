#pragma once
/// The loader stages between "merged and schema-valid document" and "the reference's normalised model":
/// short syntax to long syntax, defaults, relative paths, environment lookups, normalisation, the value
/// forms of the typed model, and the service environment from env_file. All work in place on the document
/// tree, keep positions on every node they keep or create, and report every problem they find (first error
/// in the Error, the others in Error::more), each with its position and YAML path.
///
/// Order of the calls (docs/compat/config-output.md §1; the step numbers are that page's):
///
///   for each compose file and each YAML document, after interpolation, extends, include, merge, unicity
///   and schema validation:
///     canonicalize(model)                          step 7-8  (then enforce unicity again: ranges expand)
///   once, on the merged model:
///     apply_defaults(model)                        step 9
///     check_semantics(model)                       step 10
///     resolve_paths(model, paths)                  step 11   skipped with --no-path-resolution
///     resolve_environment_references(model, env)  step 12
///     normalize(model, {project name, env})        step 13   skipped with --no-normalize
///     decode_values(model)                         step 14   the value forms of the typed model
///       --no-interpolate prints the model as it is before this call (the reference's raw model)
///     (encoder, profiles, consistency checks: steps 14-16)
///     resolve_service_environment(model, ...)      step 17   `config`: resolve_environment on;
///                                                            `--hash`/`--images`: off (labels still done)
///     (pruning of unused resources, selected services: step 18)
///
///   An included file is loaded as a project of its own first: canonicalize, apply_defaults, resolve_paths
///   (base_dir = its directory) and resolve_environment_references (its own environment) run on it before
///   its resources are imported; they are idempotent, so the parent's calls do not change them again.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/environment.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

struct CanonicalOptions {
    /// Keep a short-syntax port, volume or additional-context entry that does not parse, as written, instead
    /// of failing. The reference does this when interpolation is off (`${PORT}:80` cannot be parsed yet).
    bool keep_unparsed = false;
    /// Receives warnings the reference prints (deprecated `external: {name: x}`); may be null.
    std::vector<std::string>* warnings = nullptr;
};

/// Step 7-8: short syntax -> long syntax, as compose-go's transform package does on the raw model:
/// - `build: ./dir` -> `{context: ./dir}`; `build.secrets[]`, service `secrets[]`/`configs[]` strings ->
///   `{source}`; `build.additional_contexts` list `k=v` -> map; `build.ssh` list -> map `id: path|null`;
/// - `depends_on` list -> map `{condition: service_started, required: true}` (missing condition/required
///   filled in the map form too); `env_file` string/list -> `[{path, required: true}]`; `label_file` and
///   `dns` strings -> one-element lists; `extends: svc` -> `{service: svc}`; `gpus: all` -> `[{count: all}]`;
///   service `networks` list -> map with null values;
/// - `volumes[]` short strings -> `{type, source, target, read_only, bind: {create_host_path, selinux,
///   propagation}, volume: {nocopy}}` (target cleaned);
/// - `ports` numbers and strings -> one `{mode: ingress, host_ip, target, published, protocol}` per port
///   (ranges expanded; the expanded ports are in the reference's string order: 10, 8, 9);
/// - `devices[]` strings -> `{source, target, permissions}`;
/// - top-level volumes/networks/secrets/configs: legacy `external: {name: x}` -> `external: true, name: x`;
/// - null and "" entries removed from `dns`.
/// Errors: unparsable ports, volumes, devices, additional contexts and ssh keys, wrong types.
core::Status canonicalize(Node& project, const CanonicalOptions& options = {});

/// Step 10: the reference's semantic checks of the merged model, all reported: a config needs exactly one
/// of `file`/`environment`/`content` and a secret one of `file`/`environment` (unless `external` or
/// `driver`); an external volume has no other attribute than `name`; a device request has not both `count`
/// and `device_ids`; a `develop.watch[].path` is not blank.
core::Status check_semantics(const Node& project);

/// Step 9: `build.context: "."` when missing, service `secrets[].target: /run/secrets/<source>`, ports
/// `protocol: tcp` and `mode: ingress`, device requests (`gpus[]`, reservations `devices[]`) without
/// `count` and `device_ids` get `count: all`.
core::Status apply_defaults(Node& project);

struct PathOptions {
    /// Absolute directory relative paths are resolved against (the project directory, or for an included
    /// file its own directory).
    std::string base_dir;
    /// $HOME for a leading `~`; nullopt leaves `~` as written (the reference warns and keeps it).
    std::optional<std::string> home;
    /// Tells whether an `extends.file` is a remote resource (kept as written); may be empty.
    std::function<bool(std::string_view)> is_remote;
    /// Replace a symbolic link in `develop.watch[].path` by its target, as the reference does.
    bool resolve_symlinks = true;
};

/// Step 11 (§5): makes relative paths absolute: build context and additional contexts (except URLs,
/// `service:` and `docker-image://`-like values), build ssh paths, env_file paths, label_file, extends.file,
/// develop.watch paths, bind-mount sources, secret and config files, `driver_opts.device` of local bind
/// volumes. A leading `~` becomes $HOME.
core::Status resolve_paths(Node& project, const PathOptions& options);

/// Step 12: list-form `environment` entries naming a set variable (`- KEY`) become `KEY=value`;
/// a secret or config with `environment: VAR` gets `content` from VAR when it is set (a secret's content is
/// never printed; a config's content is not printed when it has `environment` — the encoder's rule).
void resolve_environment_references(Node& project, const Environment& env);

struct NormalizeOptions {
    std::string project_name;
    /// The project environment (OS environment over .env files, plus COMPOSE_PROJECT_NAME).
    const Environment* environment = nullptr;
};

/// Step 13 (§3): sets `name`; default network (`networks: {default: null}` for services with neither
/// `networks` nor `network_mode`, and a top-level `networks.default` when used); `pull_policy:
/// if_not_present` -> `missing`; build `context`/`dockerfile` defaults and `args` resolution (unset args
/// without value dropped); `environment` entries without value looked up (kept null when unset); implicit
/// `depends_on` from links, `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:x` and `volumes_from`;
/// volume targets cleaned; top-level resources named `<project>_<key>` (`<key>` when external).
core::Status normalize(Node& project, const NormalizeOptions& options);

/// Step 14, the value part of decoding into the typed model. After it, every field holds the value form
/// the reference prints, so the encoder only orders fields and omits zero values:
/// - mappings (`environment`, `build.args`, hook `environment`: values string or null; `labels`,
///   `annotations`, `sysctls`, `additional_contexts`, option maps: strings) from their list or map forms,
///   numbers and booleans turned into text as Go's fmt.Sprint does;
/// - `command`, `entrypoint`, hook and watch-exec `command`: strings split as shell words; `healthcheck.test`
///   string -> `[CMD-SHELL, s]`;
/// - string-or-list fields (`dns`, `dns_search`, `tmpfs`, build `cache_from`/`cache_to`/`tags`/`platforms`)
///   -> lists; `expose` -> list of strings; `extra_hosts` -> sorted list of `host=ip`;
/// - byte sizes -> decimal strings (`50M` -> "52428800"; a zero size is removed: the field is omitempty);
/// - durations -> Go duration strings (`90s` -> "1m30s"; zero update_config `delay`/`monitor` removed);
/// - `cpus` and other float32 fields -> numbers rounded as float32; integer fields given as numeric strings
///   -> integers; device-request `count: all` -> -1;
/// - ports `published` -> string;
/// - build `ssh` -> list of strings sorted by id: `id`, or `id: path` for a key with a path. That is the
///   reference's YAML form; its JSON fails on such a key ("invalid character ':' after top-level value"), so
///   the JSON encoder must refuse it or print the string (documented deviation).
/// Errors (all collected): bad sizes, durations, numbers, command lines, extra_hosts entries, device counts.
/// Call it once: a decoded negative size ("-1") would not decode again (as a string input it is an error).
core::Status decode_values(Node& project);

/// The variables of one env_file, in file order; a value of nullopt is a bare `KEY` line that the lookup
/// could not resolve (it is skipped, as the reference does).
using EnvFileEntries = std::vector<std::pair<std::string, std::optional<std::string>>>;

/// Parses a dotenv file (the dotenv module's parser). `lookup` resolves `${VAR}` references and bare `KEY`
/// lines: the variables of the service's earlier env_files first, then the project environment.
using EnvFileParser =
    std::function<core::Result<EnvFileEntries>(const std::string& path, const Lookup& lookup)>;

struct ServiceEnvironmentOptions {
    /// Resolve `environment` from the project environment and env_file (off for `config --hash`,
    /// `--images`: the reference loads those "without environment resolution").
    bool resolve_environment = true;
    /// Remove `env_file` and `label_file` once merged (`config` loads with "discard env files").
    bool discard_files = true;
};

/// Step 17, after decode_values: per service, null `environment` entries are looked up in the project
/// environment; env_files are read in order (later files win; a missing file is skipped when
/// `required: false`, an error otherwise; any `format` is refused as the reference has none registered);
/// `environment` is laid over the files' variables (it wins, nulls included). `label_file`s are merged into
/// `labels` the same way (labels win). Errors name the file: `env file /abs/.env not found: stat /abs/.env:
/// no such file or directory`.
core::Status resolve_service_environment(Node& project, const Environment& env, const EnvFileParser& parse,
                                         const ServiceEnvironmentOptions& options = {});

}  // namespace stackctl::load
