// The compose model table. Read it bottom-up: leaf objects first, the project last.
//
// For each object: the fields in Go struct field order (compose-go v2.4.8 types/), because that order
// is the output order of `config` and of the JSON the config hash is computed on. For each field: the
// shape the schema accepts (nullptr when the schema refuses the key), the output encoding and the omit
// policy. Sources: docs/compat/config-output.md §4, §6, §7 and the reference's Go types and schema.

#include "stackctl/load/spec.hpp"

#include <array>
#include <unordered_map>

namespace stackctl::load::spec {

namespace {

// ---- scalar shapes -------------------------------------------------------------------------------

constexpr Shape s_string{.kinds = in::string};
constexpr Shape s_string_or_null{.kinds = in::string | in::null};
constexpr Shape s_bool_only{.kinds = in::boolean};
// ["boolean", "string"]: the string goes through compose's boolean cast.
constexpr Shape s_bool{.kinds = in::boolean | in::string, .check = Check::boolean};
// ["integer", "string"] into a Go integer.
constexpr Shape s_int{.kinds = in::integer | in::string, .check = Check::integer};
// ["number", "string"] into a Go integer (floats are truncated by the decoder).
constexpr Shape s_num_int{.kinds = in::number | in::string, .check = Check::integer};
// Strings the schema accepts but the reference cannot decode: Go unsigned fields that no interpolation
// cast covers (blkio weights, tmpfs mode, build secret mode, build ulimits) refuse strings, so these
// shapes do too.
constexpr Shape s_int_only{.kinds = in::integer};
// "number" alone into a Go int (service network priorities).
constexpr Shape s_num_only{.kinds = in::number};
// ["number", "string"] into a Go float32.
constexpr Shape s_num_float{.kinds = in::number | in::string, .check = Check::number};
constexpr Shape s_duration{.kinds = in::string, .check = Check::duration};
constexpr Shape s_bytes_num{.kinds = in::number | in::string, .check = Check::bytes};
constexpr Shape s_bytes_int{.kinds = in::integer | in::string, .check = Check::bytes};
constexpr Shape s_bytes_str{.kinds = in::string, .check = Check::bytes};
constexpr Shape s_tmpfs_size{.kinds = in::integer | in::string, .check = Check::bytes, .min = 0};
constexpr Shape s_cpu_count{.kinds = in::integer | in::string, .check = Check::integer, .min = 0};
constexpr Shape s_cpu_percent{
    .kinds = in::integer | in::string, .check = Check::number, .min = 0, .max = 100};
constexpr Shape s_oom_score_adj{
    .kinds = in::integer | in::string, .check = Check::integer, .min = -1000, .max = 1000};
constexpr Shape s_str_or_int{.kinds = in::string | in::integer};
constexpr Shape s_str_or_num{.kinds = in::string | in::number};
constexpr Shape s_dict_value{.kinds = in::string | in::number | in::boolean | in::null};
constexpr Shape s_opts_value{.kinds = in::string | in::number};
constexpr Shape s_log_opts_value{.kinds = in::string | in::number | in::null};

constexpr std::array<std::string_view, 2> ch_cgroup{"host", "private"};
constexpr std::array<std::string_view, 5> ch_pull_policy{"always", "never", "if_not_present", "build",
                                                         "missing"};
constexpr std::array<std::string_view, 3> ch_condition{"service_started", "service_healthy",
                                                       "service_completed_successfully"};
constexpr std::array<std::string_view, 2> ch_order{"start-first", "stop-first"};
constexpr std::array<std::string_view, 5> ch_watch_action{"rebuild", "sync", "restart", "sync+restart",
                                                          "sync+exec"};
constexpr std::array<std::string_view, 4> ch_recursive{"enabled", "disabled", "writable", "readonly"};
constexpr std::array<std::string_view, 2> ch_selinux{"z", "Z"};
constexpr std::array<std::string_view, 1> ch_gpus{"all"};

constexpr Shape s_cgroup{.kinds = in::string, .choices = ch_cgroup};
constexpr Shape s_pull_policy{.kinds = in::string, .choices = ch_pull_policy};
constexpr Shape s_condition{.kinds = in::string, .choices = ch_condition};
constexpr Shape s_order{.kinds = in::string, .choices = ch_order};
constexpr Shape s_watch_action{.kinds = in::string, .choices = ch_watch_action};
constexpr Shape s_recursive{.kinds = in::string, .choices = ch_recursive};
constexpr Shape s_selinux{.kinds = in::string, .choices = ch_selinux};

// ---- list and dictionary shapes ------------------------------------------------------------------

constexpr Shape s_strings{.kinds = in::seq, .items = &s_string};
constexpr Shape s_unique_strings{.kinds = in::seq, .items = &s_string, .unique = true};  // list_of_strings
constexpr Shape s_string_or_list{.kinds = in::string | in::seq, .items = &s_string, .unique = true};
// The reference removes duplicates from some lists before it validates (override/uncity.go, "unicity"),
// so their uniqueItems never fails there: these shapes do not check it either.
constexpr Shape s_deduped_strings{.kinds = in::seq, .items = &s_string};
constexpr Shape s_deduped_string_or_list{.kinds = in::string | in::seq, .items = &s_string};
constexpr Shape s_label_file{.kinds = in::string | in::seq, .items = &s_string};
constexpr Shape s_command{.kinds = in::null | in::string | in::seq, .items = &s_string};
constexpr Shape s_health_test{.kinds = in::string | in::seq, .items = &s_string};
constexpr Shape s_unique_str_nums{.kinds = in::seq, .items = &s_str_or_num, .unique = true};
constexpr Shape s_deduped_str_nums{.kinds = in::seq, .items = &s_str_or_num};
// list_or_dict: {".+": string|number|boolean|null} or a list of unique strings.
constexpr Shape s_list_or_dict{.kinds = in::map | in::seq,
                               .items = &s_string,
                               .unique = true,
                               .values = &s_dict_value,
                               .keys = Keys::nonempty_strict};
constexpr Shape s_deduped_list_or_dict{
    .kinds = in::map | in::seq, .items = &s_string, .values = &s_dict_value, .keys = Keys::nonempty_strict};
constexpr Shape s_driver_opts{.kinds = in::map, .values = &s_opts_value, .keys = Keys::nonempty};
constexpr Shape s_log_options{.kinds = in::map, .values = &s_log_opts_value, .keys = Keys::nonempty};
constexpr Shape s_any_map{.kinds = in::map};
constexpr Shape s_string_dict{.kinds = in::map, .values = &s_string, .keys = Keys::nonempty_strict};
constexpr Shape s_hosts_value{.kinds = in::string | in::seq, .items = &s_string};
constexpr Shape s_extra_hosts{.kinds = in::map | in::seq,
                              .items = &s_string,
                              .unique = true,
                              .values = &s_hosts_value,
                              .keys = Keys::nonempty_strict};

// ---- leaf objects --------------------------------------------------------------------------------

// ServiceHook: post_start / pre_stop entries and develop.watch[].exec.
constexpr Field f_hook[] = {
    {.key = "command", .in = &s_command, .enc = Enc::shell_command, .omit = Omit::always},
    {.key = "user", .in = &s_string},
    {.key = "privileged", .in = &s_bool, .enc = Enc::boolean},
    {.key = "working_dir", .in = &s_string},
    {.key = "environment", .in = &s_list_or_dict, .enc = Enc::env_mapping},
};
constexpr ObjectSpec o_hook{.name = "service hook", .fields = f_hook};
constexpr Shape s_hook{.kinds = in::map, .object = &o_hook};
constexpr Shape s_hooks{.kinds = in::seq, .items = &s_hook};

// blkio_config entries: no JSON tags in Go, so JSON prints the Go field names; nothing is omitted.
constexpr Field f_blkio_weight[] = {
    {.key = "path", .in = &s_string, .omit = Omit::always, .json_key = "Path"},
    {.key = "weight", .in = &s_int_only, .enc = Enc::integer, .omit = Omit::always, .json_key = "Weight"},
};
constexpr ObjectSpec o_blkio_weight{
    .name = "blkio weight device", .fields = f_blkio_weight, .extensions = false};
constexpr Shape s_blkio_weight{.kinds = in::map, .object = &o_blkio_weight};
constexpr Shape s_blkio_weights{.kinds = in::seq, .items = &s_blkio_weight};

constexpr Field f_blkio_limit[] = {
    {.key = "path", .in = &s_string, .omit = Omit::always, .json_key = "Path"},
    {.key = "rate", .in = &s_bytes_int, .enc = Enc::bytes, .omit = Omit::always, .json_key = "Rate"},
};
constexpr ObjectSpec o_blkio_limit{
    .name = "blkio device limit", .fields = f_blkio_limit, .extensions = false};
constexpr Shape s_blkio_limit{.kinds = in::map, .object = &o_blkio_limit};
constexpr Shape s_blkio_limits{.kinds = in::seq, .items = &s_blkio_limit};

constexpr Field f_blkio[] = {
    {.key = "weight", .in = &s_int_only, .enc = Enc::integer},
    {.key = "weight_device", .in = &s_blkio_weights, .enc = Enc::object_list, .object = &o_blkio_weight},
    {.key = "device_read_bps", .in = &s_blkio_limits, .enc = Enc::object_list, .object = &o_blkio_limit},
    {.key = "device_read_iops", .in = &s_blkio_limits, .enc = Enc::object_list, .object = &o_blkio_limit},
    {.key = "device_write_bps", .in = &s_blkio_limits, .enc = Enc::object_list, .object = &o_blkio_limit},
    {.key = "device_write_iops", .in = &s_blkio_limits, .enc = Enc::object_list, .object = &o_blkio_limit},
};
constexpr ObjectSpec o_blkio{.name = "blkio_config", .fields = f_blkio, .extensions = false};
constexpr Shape s_blkio{.kinds = in::map, .object = &o_blkio};

// FileReferenceConfig: service secrets/configs and build secrets.
constexpr Field f_file_ref[] = {
    {.key = "source", .in = &s_string},
    {.key = "target", .in = &s_string},
    {.key = "uid", .in = &s_string},
    {.key = "gid", .in = &s_string},
    {.key = "mode", .in = &s_num_int, .enc = Enc::integer, .omit = Omit::set},
};
constexpr ObjectSpec o_file_ref{.name = "secret or config reference", .fields = f_file_ref};
constexpr Shape s_file_ref{.kinds = in::string | in::map, .object = &o_file_ref};
constexpr Shape s_file_refs{.kinds = in::seq, .items = &s_file_ref};
// The same Go type for build secrets, where no interpolation cast turns a string mode into a number.
constexpr Field f_build_secret[] = {
    {.key = "source", .in = &s_string},
    {.key = "target", .in = &s_string},
    {.key = "uid", .in = &s_string},
    {.key = "gid", .in = &s_string},
    {.key = "mode", .in = &s_num_only, .enc = Enc::integer, .omit = Omit::set},
};
constexpr ObjectSpec o_build_secret{.name = "build secret", .fields = f_build_secret};
constexpr Shape s_build_secret{.kinds = in::string | in::map, .object = &o_build_secret};
constexpr Shape s_build_secrets{.kinds = in::seq, .items = &s_build_secret};

// UlimitsConfig in its {soft, hard} form (an integer is the other form, see Enc::ulimits).
constexpr Field f_ulimit[] = {
    {.key = "soft", .in = &s_int, .enc = Enc::integer, .required = true},
    {.key = "hard", .in = &s_int, .enc = Enc::integer, .required = true},
};
constexpr ObjectSpec o_ulimit{.name = "ulimit", .fields = f_ulimit, .keeps_extensions = false};
constexpr Shape s_ulimit{
    .kinds = in::integer | in::string | in::map, .object = &o_ulimit, .check = Check::integer};
constexpr Shape s_ulimits{.kinds = in::map, .values = &s_ulimit, .keys = Keys::lower};
// Build ulimits are not cast after interpolation, and the reference cannot decode strings there.
constexpr Field f_build_ulimit[] = {
    {.key = "soft", .in = &s_int_only, .enc = Enc::integer, .required = true},
    {.key = "hard", .in = &s_int_only, .enc = Enc::integer, .required = true},
};
constexpr ObjectSpec o_build_ulimit{.name = "ulimit", .fields = f_build_ulimit, .keeps_extensions = false};
constexpr Shape s_build_ulimit{.kinds = in::integer | in::map, .object = &o_build_ulimit};
constexpr Shape s_build_ulimits{.kinds = in::map, .values = &s_build_ulimit, .keys = Keys::lower};

// BuildConfig.
constexpr Field f_build[] = {
    {.key = "context", .in = &s_string},
    {.key = "dockerfile", .in = &s_string},
    {.key = "dockerfile_inline", .in = &s_string},
    {.key = "entitlements", .in = &s_strings, .enc = Enc::string_list},
    {.key = "args", .in = &s_deduped_list_or_dict, .enc = Enc::env_mapping},
    {.key = "ssh", .in = &s_list_or_dict, .enc = Enc::ssh},
    {.key = "labels", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "cache_from", .in = &s_strings, .enc = Enc::string_list},
    {.key = "cache_to", .in = &s_strings, .enc = Enc::string_list},
    {.key = "no_cache", .in = &s_bool, .enc = Enc::boolean},
    {.key = "additional_contexts", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "pull", .in = &s_bool, .enc = Enc::boolean},
    {.key = "extra_hosts", .in = &s_extra_hosts, .enc = Enc::hosts},
    {.key = "isolation", .in = &s_string},
    {.key = "network", .in = &s_string},
    {.key = "target", .in = &s_string},
    {.key = "secrets", .in = &s_build_secrets, .enc = Enc::object_list, .object = &o_build_secret},
    {.key = "shm_size", .in = &s_bytes_int, .enc = Enc::bytes},
    {.key = "tags", .in = &s_strings, .enc = Enc::string_list},
    {.key = "ulimits", .in = &s_build_ulimits, .enc = Enc::ulimits, .object = &o_build_ulimit},
    {.key = "platforms", .in = &s_strings, .enc = Enc::string_list},
    {.key = "privileged", .in = &s_bool, .enc = Enc::boolean},
};
constexpr ObjectSpec o_build{.name = "build", .fields = f_build};
constexpr Shape s_build{.kinds = in::string | in::map, .object = &o_build};

// CredentialSpecConfig.
constexpr Field f_credential_spec[] = {
    {.key = "config", .in = &s_string},
    {.key = "file", .in = &s_string},
    {.key = "registry", .in = &s_string},
};
constexpr ObjectSpec o_credential_spec{.name = "credential_spec", .fields = f_credential_spec};
constexpr Shape s_credential_spec{.kinds = in::map, .object = &o_credential_spec};

// ServiceDependency (a depends_on entry). `required` has no omitempty.
constexpr Field f_dependency[] = {
    {.key = "condition", .in = &s_condition, .required = true},
    {.key = "restart", .in = &s_bool, .enc = Enc::boolean},
    {.key = "required", .in = &s_bool_only, .enc = Enc::boolean, .omit = Omit::always},
};
constexpr ObjectSpec o_dependency{.name = "depends_on entry", .fields = f_dependency};
constexpr Shape s_dependency{.kinds = in::map, .object = &o_dependency};
constexpr Shape s_depends_on{.kinds = in::seq | in::map,
                             .items = &s_string,
                             .unique = true,
                             .values = &s_dependency,
                             .keys = Keys::name_strict};

// DeviceRequest: deploy.resources.reservations.devices[] (capabilities required) and gpus[] (where the
// schema's "additionalProperties" sits on the wrong level, so any other key is accepted).
constexpr Shape s_device_count{.kinds = in::string | in::integer};
constexpr Field f_device_request[] = {
    {.key = "capabilities", .in = &s_unique_strings, .enc = Enc::string_list, .required = true},
    {.key = "driver", .in = &s_string},
    {.key = "count", .in = &s_device_count, .enc = Enc::device_count},
    {.key = "device_ids", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "options", .in = &s_list_or_dict, .enc = Enc::string_map},
};
constexpr ObjectSpec o_device_request{
    .name = "device request", .fields = f_device_request, .keeps_extensions = false};
constexpr Shape s_device_request{.kinds = in::map, .object = &o_device_request};
constexpr Shape s_device_requests{.kinds = in::seq, .items = &s_device_request};
constexpr Field f_gpu[] = {
    {.key = "capabilities", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "driver", .in = &s_string},
    {.key = "count", .in = &s_device_count, .enc = Enc::device_count},
    {.key = "device_ids", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "options", .in = &s_list_or_dict, .enc = Enc::string_map},
};
constexpr ObjectSpec o_gpu{.name = "gpu request", .fields = f_gpu, .keeps_extensions = false, .open = true};
constexpr Shape s_gpu{.kinds = in::map, .object = &o_gpu};
constexpr Shape s_gpus{.kinds = in::string | in::seq, .items = &s_gpu, .choices = ch_gpus};

// Deploy and its parts.
constexpr Field f_discrete_resource[] = {
    {.key = "kind", .in = &s_string, .omit = Omit::always},
    {.key = "value", .in = &s_num_int, .enc = Enc::integer, .omit = Omit::always},
};
constexpr ObjectSpec o_discrete_resource{.name = "discrete_resource_spec", .fields = f_discrete_resource};
constexpr Shape s_discrete_resource{.kinds = in::map, .object = &o_discrete_resource};
constexpr Field f_generic_resource[] = {
    {.key = "discrete_resource_spec",
     .in = &s_discrete_resource,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_discrete_resource},
};
constexpr ObjectSpec o_generic_resource{.name = "generic resource", .fields = f_generic_resource};
constexpr Shape s_generic_resource{.kinds = in::map, .object = &o_generic_resource};
constexpr Shape s_generic_resources{.kinds = in::seq, .items = &s_generic_resource};

// Resource: limits and reservations are one Go type, but the schema accepts different keys in each.
constexpr Field f_limits[] = {
    {.key = "cpus", .in = &s_num_float, .enc = Enc::float32},
    {.key = "memory", .in = &s_bytes_str, .enc = Enc::bytes},
    {.key = "pids", .in = &s_int, .enc = Enc::integer},
    {.key = "devices", .in = nullptr, .enc = Enc::object_list, .object = &o_device_request},
    {.key = "generic_resources", .in = nullptr, .enc = Enc::object_list, .object = &o_generic_resource},
};
constexpr ObjectSpec o_limits{.name = "resource limits", .fields = f_limits};
constexpr Shape s_limits{.kinds = in::map, .object = &o_limits};
constexpr Field f_reservations[] = {
    {.key = "cpus", .in = &s_num_float, .enc = Enc::float32},
    {.key = "memory", .in = &s_bytes_str, .enc = Enc::bytes},
    {.key = "pids", .in = nullptr, .enc = Enc::integer},
    {.key = "devices", .in = &s_device_requests, .enc = Enc::object_list, .object = &o_device_request},
    {.key = "generic_resources",
     .in = &s_generic_resources,
     .enc = Enc::object_list,
     .object = &o_generic_resource},
};
constexpr ObjectSpec o_reservations{.name = "resource reservations", .fields = f_reservations};
constexpr Shape s_reservations{.kinds = in::map, .object = &o_reservations};
constexpr Field f_resources[] = {
    {.key = "limits", .in = &s_limits, .enc = Enc::object, .omit = Omit::set, .object = &o_limits},
    {.key = "reservations",
     .in = &s_reservations,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_reservations},
};
constexpr ObjectSpec o_resources{.name = "resources", .fields = f_resources};
constexpr Shape s_resources{.kinds = in::map, .object = &o_resources};

constexpr Field f_update_config[] = {
    {.key = "parallelism", .in = &s_int, .enc = Enc::integer, .omit = Omit::set},
    {.key = "delay", .in = &s_duration, .enc = Enc::duration},
    {.key = "failure_action", .in = &s_string},
    {.key = "monitor", .in = &s_duration, .enc = Enc::duration},
    {.key = "max_failure_ratio", .in = &s_num_float, .enc = Enc::float32},
    {.key = "order", .in = &s_order},
};
constexpr ObjectSpec o_update_config{.name = "update_config", .fields = f_update_config};
constexpr Shape s_update_config{.kinds = in::map, .object = &o_update_config};

constexpr Field f_restart_policy[] = {
    {.key = "condition", .in = &s_string},
    {.key = "delay", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
    {.key = "max_attempts", .in = &s_int, .enc = Enc::integer, .omit = Omit::set},
    {.key = "window", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
};
constexpr ObjectSpec o_restart_policy{.name = "restart_policy", .fields = f_restart_policy};
constexpr Shape s_restart_policy{.kinds = in::map, .object = &o_restart_policy};

constexpr Field f_preference[] = {
    {.key = "spread", .in = &s_string},
};
constexpr ObjectSpec o_preference{.name = "placement preference", .fields = f_preference};
constexpr Shape s_preference{.kinds = in::map, .object = &o_preference};
constexpr Shape s_preferences{.kinds = in::seq, .items = &s_preference};
constexpr Field f_placement[] = {
    {.key = "constraints", .in = &s_strings, .enc = Enc::string_list},
    {.key = "preferences", .in = &s_preferences, .enc = Enc::object_list, .object = &o_preference},
    {.key = "max_replicas_per_node", .in = &s_int, .enc = Enc::integer},
};
constexpr ObjectSpec o_placement{.name = "placement", .fields = f_placement};
constexpr Shape s_placement{.kinds = in::map, .object = &o_placement};

constexpr Field f_deploy[] = {
    {.key = "mode", .in = &s_string},
    {.key = "replicas", .in = &s_int, .enc = Enc::integer, .omit = Omit::set},
    {.key = "labels", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "update_config",
     .in = &s_update_config,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_update_config},
    {.key = "rollback_config",
     .in = &s_update_config,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_update_config},
    {.key = "resources", .in = &s_resources, .enc = Enc::object, .omit = Omit::value, .object = &o_resources},
    {.key = "restart_policy",
     .in = &s_restart_policy,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_restart_policy},
    {.key = "placement", .in = &s_placement, .enc = Enc::object, .omit = Omit::value, .object = &o_placement},
    {.key = "endpoint_mode", .in = &s_string},
};
constexpr ObjectSpec o_deploy{.name = "deploy", .fields = f_deploy};
constexpr Shape s_deploy{.kinds = in::map | in::null, .object = &o_deploy};

// Develop: watch triggers. `path` and `action` have no omitempty; `exec` is a non-pointer struct.
constexpr Field f_trigger[] = {
    {.key = "path", .in = &s_string, .omit = Omit::always, .required = true},
    {.key = "action", .in = &s_watch_action, .omit = Omit::always, .required = true},
    {.key = "target", .in = &s_string},
    {.key = "exec", .in = &s_hook, .enc = Enc::object, .omit = Omit::value, .object = &o_hook},
    {.key = "ignore", .in = &s_strings, .enc = Enc::string_list},
};
constexpr ObjectSpec o_trigger{.name = "watch rule", .fields = f_trigger};
constexpr Shape s_trigger{.kinds = in::map, .object = &o_trigger};
constexpr Shape s_triggers{.kinds = in::seq, .items = &s_trigger};
constexpr Field f_develop[] = {
    {.key = "watch", .in = &s_triggers, .enc = Enc::object_list, .object = &o_trigger},
};
constexpr ObjectSpec o_develop{.name = "develop", .fields = f_develop};
constexpr Shape s_develop{.kinds = in::map | in::null, .object = &o_develop};

// DeviceMapping (service devices, long form).
constexpr Field f_device[] = {
    {.key = "source", .in = &s_string, .required = true},
    {.key = "target", .in = &s_string},
    {.key = "permissions", .in = &s_string},
};
constexpr ObjectSpec o_device{.name = "device", .fields = f_device};
constexpr Shape s_device{.kinds = in::string | in::map, .object = &o_device};
constexpr Shape s_devices{.kinds = in::seq, .items = &s_device};

// EnvFile. `required` has no omitempty.
constexpr Field f_env_file[] = {
    {.key = "path", .in = &s_string, .required = true},
    {.key = "required", .in = &s_bool, .enc = Enc::boolean, .omit = Omit::always},
    {.key = "format", .in = &s_string},
};
constexpr ObjectSpec o_env_file{
    .name = "env_file entry", .fields = f_env_file, .extensions = false, .keeps_extensions = false};
constexpr Shape s_env_file_item{.kinds = in::string | in::map, .object = &o_env_file};
constexpr Shape s_env_file{.kinds = in::string | in::seq, .items = &s_env_file_item};

// ExtendsConfig.
constexpr Field f_extends[] = {
    {.key = "file", .in = &s_string},
    {.key = "service", .in = &s_string, .required = true},
};
constexpr ObjectSpec o_extends{
    .name = "extends", .fields = f_extends, .extensions = false, .keeps_extensions = false};
constexpr Shape s_extends{.kinds = in::string | in::map, .object = &o_extends};

// HealthCheckConfig: the durations and retries are pointers, printed whenever given.
constexpr Field f_healthcheck[] = {
    {.key = "test", .in = &s_health_test, .enc = Enc::health_test},
    {.key = "timeout", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
    {.key = "interval", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
    {.key = "retries", .in = &s_num_int, .enc = Enc::integer, .omit = Omit::set},
    {.key = "start_period", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
    {.key = "start_interval", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
    {.key = "disable", .in = &s_bool, .enc = Enc::boolean},
};
constexpr ObjectSpec o_healthcheck{.name = "healthcheck", .fields = f_healthcheck};
constexpr Shape s_healthcheck{.kinds = in::map, .object = &o_healthcheck};

// LoggingConfig.
constexpr Field f_logging[] = {
    {.key = "driver", .in = &s_string},
    {.key = "options", .in = &s_log_options, .enc = Enc::string_map},
};
constexpr ObjectSpec o_logging{.name = "logging", .fields = f_logging};
constexpr Shape s_logging{.kinds = in::map, .object = &o_logging};

// ServiceNetworkConfig: a service's attachment to one network.
constexpr Field f_service_network[] = {
    {.key = "priority", .in = &s_num_only, .enc = Enc::integer},
    // In the v2.4.8 struct and schema, but the reference binary never prints it: accepted, dropped.
    {.key = "gw_priority", .in = &s_num_only, .enc = Enc::drop},
    {.key = "aliases", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "ipv4_address", .in = &s_string},
    {.key = "ipv6_address", .in = &s_string},
    {.key = "link_local_ips", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "mac_address", .in = &s_string},
    {.key = "driver_opts", .in = &s_driver_opts, .enc = Enc::string_map},
};
constexpr ObjectSpec o_service_network{.name = "service network", .fields = f_service_network};
constexpr Shape s_service_network{.kinds = in::map | in::null, .object = &o_service_network};
constexpr Shape s_service_networks{.kinds = in::seq | in::map,
                                   .items = &s_string,
                                   .unique = true,
                                   .values = &s_service_network,
                                   .keys = Keys::name_strict};

// ServicePortConfig (long form); the short forms are strings and numbers.
constexpr Field f_port[] = {
    {.key = "name", .in = &s_string},          {.key = "mode", .in = &s_string},
    {.key = "host_ip", .in = &s_string},       {.key = "target", .in = &s_int, .enc = Enc::integer},
    {.key = "published", .in = &s_str_or_int}, {.key = "protocol", .in = &s_string},
    {.key = "app_protocol", .in = &s_string},
};
constexpr ObjectSpec o_port{.name = "port", .fields = f_port};
constexpr Shape s_port{.kinds = in::number | in::string | in::map, .object = &o_port, .check = Check::port};
// uniqueItems in the schema, but deduplicated before validation (unicity): not checked.
constexpr Shape s_ports{.kinds = in::seq, .items = &s_port};

// ServiceVolumeConfig (long form) and its type-specific options.
constexpr Field f_volume_bind[] = {
    {.key = "selinux", .in = &s_selinux},
    {.key = "propagation", .in = &s_string},
    {.key = "create_host_path", .in = &s_bool, .enc = Enc::boolean},
    {.key = "recursive", .in = &s_recursive},
};
constexpr ObjectSpec o_volume_bind{.name = "bind options", .fields = f_volume_bind};
constexpr Shape s_volume_bind{.kinds = in::map, .object = &o_volume_bind};
constexpr Field f_volume_volume[] = {
    {.key = "nocopy", .in = &s_bool, .enc = Enc::boolean},
    {.key = "subpath", .in = &s_string},
};
constexpr ObjectSpec o_volume_volume{.name = "volume options", .fields = f_volume_volume};
constexpr Shape s_volume_volume{.kinds = in::map, .object = &o_volume_volume};
constexpr Field f_volume_tmpfs[] = {
    {.key = "size", .in = &s_tmpfs_size, .enc = Enc::bytes},
    {.key = "mode", .in = &s_num_only, .enc = Enc::integer},
};
constexpr ObjectSpec o_volume_tmpfs{.name = "tmpfs options", .fields = f_volume_tmpfs};
constexpr Shape s_volume_tmpfs{.kinds = in::map, .object = &o_volume_tmpfs};
constexpr Field f_service_volume[] = {
    {.key = "type", .in = &s_string, .required = true},
    {.key = "source", .in = &s_string},
    {.key = "target", .in = &s_string},
    {.key = "read_only", .in = &s_bool, .enc = Enc::boolean},
    {.key = "consistency", .in = &s_string},
    {.key = "bind", .in = &s_volume_bind, .enc = Enc::object, .omit = Omit::set, .object = &o_volume_bind},
    {.key = "volume",
     .in = &s_volume_volume,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_volume_volume},
    {.key = "tmpfs", .in = &s_volume_tmpfs, .enc = Enc::object, .omit = Omit::set, .object = &o_volume_tmpfs},
};
constexpr ObjectSpec o_service_volume{.name = "service volume", .fields = f_service_volume};
constexpr Shape s_service_volume{.kinds = in::string | in::map, .object = &o_service_volume};
constexpr Shape s_service_volumes{.kinds = in::seq, .items = &s_service_volume};  // deduplicated, as ports

// ---- the service ---------------------------------------------------------------------------------

// ServiceConfig. Keys the Go struct has but the schema refuses (dockerfile, log_driver, log_opt, net,
// volume_driver) have no input shape: they can only come from elsewhere, and are printed if they do.
constexpr Field f_service[] = {
    {.key = "profiles", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "annotations", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "attach", .in = &s_bool, .enc = Enc::boolean, .omit = Omit::set},
    {.key = "build", .in = &s_build, .enc = Enc::object, .omit = Omit::set, .object = &o_build},
    {.key = "develop", .in = &s_develop, .enc = Enc::object, .omit = Omit::set, .object = &o_develop},
    {.key = "blkio_config", .in = &s_blkio, .enc = Enc::object, .omit = Omit::set, .object = &o_blkio},
    {.key = "cap_add", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "cap_drop", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "cgroup_parent", .in = &s_string},
    {.key = "cgroup", .in = &s_cgroup},
    {.key = "cpu_count", .in = &s_cpu_count, .enc = Enc::integer},
    {.key = "cpu_percent", .in = &s_cpu_percent, .enc = Enc::float32},
    {.key = "cpu_period", .in = &s_num_int, .enc = Enc::integer},
    {.key = "cpu_quota", .in = &s_num_int, .enc = Enc::integer},
    {.key = "cpu_rt_period", .in = &s_num_int, .enc = Enc::integer},
    {.key = "cpu_rt_runtime", .in = &s_num_int, .enc = Enc::integer},
    {.key = "cpus", .in = &s_num_float, .enc = Enc::float32},
    {.key = "cpuset", .in = &s_string},
    {.key = "cpu_shares", .in = &s_num_int, .enc = Enc::integer},
    {.key = "command", .in = &s_command, .enc = Enc::shell_command, .omit = Omit::always},
    {.key = "configs", .in = &s_file_refs, .enc = Enc::object_list, .object = &o_file_ref},
    {.key = "container_name", .in = &s_string},
    {.key = "credential_spec",
     .in = &s_credential_spec,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_credential_spec},
    {.key = "depends_on", .in = &s_depends_on, .enc = Enc::object_map, .object = &o_dependency},
    {.key = "deploy", .in = &s_deploy, .enc = Enc::object, .omit = Omit::set, .object = &o_deploy},
    {.key = "device_cgroup_rules", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "devices", .in = &s_devices, .enc = Enc::object_list, .object = &o_device},
    {.key = "dns", .in = &s_deduped_string_or_list, .enc = Enc::string_list},
    {.key = "dns_opt", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "dns_search", .in = &s_deduped_string_or_list, .enc = Enc::string_list},
    {.key = "dockerfile", .in = nullptr},
    {.key = "domainname", .in = &s_string},
    {.key = "entrypoint", .in = &s_command, .enc = Enc::shell_command, .omit = Omit::always},
    {.key = "environment", .in = &s_deduped_list_or_dict, .enc = Enc::env_mapping},
    {.key = "env_file", .in = &s_env_file, .enc = Enc::env_files},
    {.key = "expose", .in = &s_deduped_str_nums, .enc = Enc::number_list},
    {.key = "extends", .in = &s_extends, .enc = Enc::object, .omit = Omit::set, .object = &o_extends},
    {.key = "external_links", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "extra_hosts", .in = &s_extra_hosts, .enc = Enc::hosts},
    {.key = "group_add", .in = &s_unique_str_nums, .enc = Enc::number_list},
    {.key = "gpus", .in = &s_gpus, .enc = Enc::object_list, .object = &o_gpu},
    {.key = "hostname", .in = &s_string},
    {.key = "healthcheck",
     .in = &s_healthcheck,
     .enc = Enc::object,
     .omit = Omit::set,
     .object = &o_healthcheck},
    {.key = "image", .in = &s_string},
    {.key = "init", .in = &s_bool, .enc = Enc::boolean, .omit = Omit::set},
    {.key = "ipc", .in = &s_string},
    {.key = "isolation", .in = &s_string},
    {.key = "labels", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "label_file", .in = &s_label_file, .enc = Enc::string_list},
    {.key = "links", .in = &s_deduped_strings, .enc = Enc::string_list},
    {.key = "logging", .in = &s_logging, .enc = Enc::object, .omit = Omit::set, .object = &o_logging},
    {.key = "log_driver", .in = nullptr},
    {.key = "log_opt", .in = nullptr, .enc = Enc::string_map},
    {.key = "mem_limit", .in = &s_bytes_num, .enc = Enc::bytes},
    {.key = "mem_reservation", .in = &s_bytes_int, .enc = Enc::bytes},
    {.key = "memswap_limit", .in = &s_bytes_num, .enc = Enc::bytes},
    {.key = "mem_swappiness", .in = &s_bytes_int, .enc = Enc::bytes},
    {.key = "mac_address", .in = &s_string},
    {.key = "net", .in = nullptr},
    {.key = "network_mode", .in = &s_string},
    {.key = "networks", .in = &s_service_networks, .enc = Enc::nullable_map, .object = &o_service_network},
    {.key = "oom_kill_disable", .in = &s_bool, .enc = Enc::boolean},
    {.key = "oom_score_adj", .in = &s_oom_score_adj, .enc = Enc::integer},
    {.key = "pid", .in = &s_string_or_null},
    {.key = "pids_limit", .in = &s_num_int, .enc = Enc::integer},
    {.key = "platform", .in = &s_string},
    {.key = "ports", .in = &s_ports, .enc = Enc::object_list, .object = &o_port},
    {.key = "privileged", .in = &s_bool, .enc = Enc::boolean},
    {.key = "pull_policy", .in = &s_pull_policy},
    {.key = "read_only", .in = &s_bool, .enc = Enc::boolean},
    {.key = "restart", .in = &s_string},
    {.key = "runtime", .in = &s_string},
    {.key = "scale", .in = &s_int, .enc = Enc::integer, .omit = Omit::set},
    {.key = "secrets", .in = &s_file_refs, .enc = Enc::object_list, .object = &o_file_ref},
    {.key = "security_opt", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "shm_size", .in = &s_bytes_num, .enc = Enc::bytes},
    {.key = "stdin_open", .in = &s_bool, .enc = Enc::boolean},
    {.key = "stop_grace_period", .in = &s_duration, .enc = Enc::duration, .omit = Omit::set},
    {.key = "stop_signal", .in = &s_string},
    {.key = "storage_opt", .in = &s_any_map, .enc = Enc::string_map},
    {.key = "sysctls", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "tmpfs", .in = &s_deduped_string_or_list, .enc = Enc::string_list},
    {.key = "tty", .in = &s_bool, .enc = Enc::boolean},
    {.key = "ulimits", .in = &s_ulimits, .enc = Enc::ulimits, .object = &o_ulimit},
    {.key = "user", .in = &s_string},
    {.key = "userns_mode", .in = &s_string},
    {.key = "uts", .in = &s_string},
    {.key = "volume_driver", .in = nullptr},
    {.key = "volumes", .in = &s_service_volumes, .enc = Enc::object_list, .object = &o_service_volume},
    {.key = "volumes_from", .in = &s_unique_strings, .enc = Enc::string_list},
    {.key = "working_dir", .in = &s_string},
    {.key = "post_start", .in = &s_hooks, .enc = Enc::object_list, .object = &o_hook},
    {.key = "pre_stop", .in = &s_hooks, .enc = Enc::object_list, .object = &o_hook},
};
constexpr ObjectSpec o_service{.name = "service", .fields = f_service};
constexpr Shape s_service{.kinds = in::map, .object = &o_service};

// ---- top-level resources -------------------------------------------------------------------------

// Legacy `external: {name: x}`. Networks and volumes close the object; secrets and configs leave it open.
constexpr Field f_external_name[] = {
    {.key = "name", .in = &s_string},
};
constexpr ObjectSpec o_external_closed{
    .name = "external", .fields = f_external_name, .keeps_extensions = false};
constexpr ObjectSpec o_external_open{
    .name = "external", .fields = f_external_name, .keeps_extensions = false, .open = true};
constexpr Shape s_external_closed{
    .kinds = in::boolean | in::string | in::map, .object = &o_external_closed, .check = Check::boolean};
constexpr Shape s_external_open{
    .kinds = in::boolean | in::string | in::map, .object = &o_external_open, .check = Check::boolean};

// IPAMConfig and IPAMPool. The schema's ipam `options` has no Go field: accepted, never printed.
constexpr Field f_ipam_pool[] = {
    {.key = "subnet", .in = &s_string},
    {.key = "gateway", .in = &s_string},
    {.key = "ip_range", .in = &s_string},
    {.key = "aux_addresses", .in = &s_string_dict, .enc = Enc::string_map},
};
constexpr ObjectSpec o_ipam_pool{.name = "ipam config", .fields = f_ipam_pool};
constexpr Shape s_ipam_pool{.kinds = in::map, .object = &o_ipam_pool};
constexpr Shape s_ipam_pools{.kinds = in::seq, .items = &s_ipam_pool};
constexpr Field f_ipam[] = {
    {.key = "driver", .in = &s_string},
    {.key = "config", .in = &s_ipam_pools, .enc = Enc::object_list, .object = &o_ipam_pool},
    {.key = "options", .in = &s_string_dict, .enc = Enc::drop},
};
constexpr ObjectSpec o_ipam{.name = "ipam", .fields = f_ipam};
constexpr Shape s_ipam{.kinds = in::map, .object = &o_ipam};

// NetworkConfig.
constexpr Field f_network[] = {
    {.key = "name", .in = &s_string},
    {.key = "driver", .in = &s_string},
    {.key = "driver_opts", .in = &s_driver_opts, .enc = Enc::string_map},
    {.key = "ipam", .in = &s_ipam, .enc = Enc::object, .omit = Omit::value, .object = &o_ipam},
    {.key = "external", .in = &s_external_closed, .enc = Enc::external},
    {.key = "internal", .in = &s_bool, .enc = Enc::boolean},
    {.key = "attachable", .in = &s_bool, .enc = Enc::boolean},
    {.key = "labels", .in = &s_deduped_list_or_dict, .enc = Enc::string_map},
    {.key = "enable_ipv4", .in = &s_bool, .enc = Enc::boolean, .omit = Omit::set},
    {.key = "enable_ipv6", .in = &s_bool, .enc = Enc::boolean, .omit = Omit::set},
};
constexpr ObjectSpec o_network{.name = "network", .fields = f_network};
constexpr Shape s_network{.kinds = in::map | in::null, .object = &o_network};

// VolumeConfig.
constexpr Field f_volume[] = {
    {.key = "name", .in = &s_string},
    {.key = "driver", .in = &s_string},
    {.key = "driver_opts", .in = &s_driver_opts, .enc = Enc::string_map},
    {.key = "external", .in = &s_external_closed, .enc = Enc::external},
    {.key = "labels", .in = &s_list_or_dict, .enc = Enc::string_map},
};
constexpr ObjectSpec o_volume{.name = "volume", .fields = f_volume};
constexpr Shape s_volume{.kinds = in::map | in::null, .object = &o_volume};

// FileObjectConfig as a secret: the schema has no `content`, and the content is never printed.
constexpr Field f_secret[] = {
    {.key = "name", .in = &s_string},
    {.key = "file", .in = &s_string},
    {.key = "environment", .in = &s_string},
    {.key = "content", .in = nullptr, .enc = Enc::drop},
    {.key = "external", .in = &s_external_open, .enc = Enc::external},
    {.key = "labels", .in = &s_list_or_dict, .enc = Enc::string_map},
    {.key = "driver", .in = &s_string},
    {.key = "driver_opts", .in = &s_driver_opts, .enc = Enc::string_map},
    {.key = "template_driver", .in = &s_string},
};
constexpr ObjectSpec o_secret{.name = "secret", .fields = f_secret};
constexpr Shape s_secret{.kinds = in::map, .object = &o_secret};

// FileObjectConfig as a config: no driver/driver_opts in the schema; `content` is printed unless the
// config uses `environment` (handled by the encoder).
constexpr Field f_config[] = {
    {.key = "name", .in = &s_string},
    {.key = "file", .in = &s_string},
    {.key = "environment", .in = &s_string},
    {.key = "content", .in = &s_string},
    {.key = "external", .in = &s_external_open, .enc = Enc::external},
    {.key = "labels", .in = &s_list_or_dict, .enc = Enc::string_map},
    {.key = "driver", .in = nullptr},
    {.key = "driver_opts", .in = nullptr, .enc = Enc::string_map},
    {.key = "template_driver", .in = &s_string},
};
constexpr ObjectSpec o_config{.name = "config", .fields = f_config};
constexpr Shape s_config{.kinds = in::map, .object = &o_config};

// IncludeConfig: resolved away by the include stage, never printed.
constexpr Field f_include[] = {
    {.key = "path", .in = &s_string_or_list, .enc = Enc::string_list},
    {.key = "project_directory", .in = &s_string},
    {.key = "env_file", .in = &s_string_or_list, .enc = Enc::string_list},
};
constexpr ObjectSpec o_include{
    .name = "include entry", .fields = f_include, .extensions = false, .keeps_extensions = false};
constexpr Shape s_include_item{.kinds = in::string | in::map, .object = &o_include};
constexpr Shape s_include{.kinds = in::seq, .items = &s_include_item};

// ---- the project ---------------------------------------------------------------------------------

constexpr Shape s_services{.kinds = in::map, .values = &s_service, .keys = Keys::name_strict};
constexpr Shape s_networks{.kinds = in::map, .values = &s_network, .keys = Keys::name};
constexpr Shape s_volumes{.kinds = in::map, .values = &s_volume, .keys = Keys::name_strict};
constexpr Shape s_secrets{.kinds = in::map, .values = &s_secret, .keys = Keys::name_strict};
constexpr Shape s_configs{.kinds = in::map, .values = &s_config, .keys = Keys::name_strict};

// Project. JSON prints `name` and `services` always; YAML leaves out an empty name.
constexpr Field f_project[] = {
    {.key = "version", .in = &s_string, .enc = Enc::drop},
    {.key = "name", .in = &s_string},
    {.key = "include", .in = &s_include, .enc = Enc::drop},
    {.key = "services",
     .in = &s_services,
     .enc = Enc::object_map,
     .omit = Omit::always,
     .object = &o_service},
    {.key = "networks", .in = &s_networks, .enc = Enc::object_map, .object = &o_network},
    {.key = "volumes", .in = &s_volumes, .enc = Enc::object_map, .object = &o_volume},
    {.key = "secrets", .in = &s_secrets, .enc = Enc::object_map, .object = &o_secret},
    {.key = "configs", .in = &s_configs, .enc = Enc::object_map, .object = &o_config},
};
constexpr ObjectSpec o_project{.name = "project", .fields = f_project};

constexpr const ObjectSpec* k_all[] = {
    &o_project,
    &o_service,
    &o_build,
    &o_develop,
    &o_trigger,
    &o_hook,
    &o_build_secret,
    &o_build_ulimit,
    &o_blkio,
    &o_blkio_weight,
    &o_blkio_limit,
    &o_file_ref,
    &o_ulimit,
    &o_credential_spec,
    &o_dependency,
    &o_deploy,
    &o_update_config,
    &o_resources,
    &o_limits,
    &o_reservations,
    &o_device_request,
    &o_gpu,
    &o_generic_resource,
    &o_discrete_resource,
    &o_restart_policy,
    &o_placement,
    &o_preference,
    &o_device,
    &o_env_file,
    &o_extends,
    &o_healthcheck,
    &o_logging,
    &o_service_network,
    &o_port,
    &o_service_volume,
    &o_volume_bind,
    &o_volume_volume,
    &o_volume_tmpfs,
    &o_network,
    &o_ipam,
    &o_ipam_pool,
    &o_external_closed,
    &o_external_open,
    &o_volume,
    &o_secret,
    &o_config,
    &o_include,
};

}  // namespace

const ObjectSpec& project() {
    return o_project;
}

namespace {
// Field lookup by key for every object of the table, built once: the service object alone has ~95
// fields, and documents can have thousands of services.
using FieldIndex = std::unordered_map<const ObjectSpec*, std::unordered_map<std::string_view, const Field*>>;
const FieldIndex& field_index() {
    static const FieldIndex index = [] {
        FieldIndex out;
        for (const ObjectSpec* o : k_all) {
            auto& fields = out[o];
            for (const Field& f : o->fields) fields.emplace(f.key, &f);
        }
        return out;
    }();
    return index;
}
}  // namespace

const Field* ObjectSpec::find(std::string_view key) const {
    const auto& index = field_index();
    if (auto it = index.find(this); it != index.end()) {
        auto f = it->second.find(key);
        return f == it->second.end() ? nullptr : f->second;
    }
    for (const Field& f : fields)
        if (f.key == key) return &f;
    return nullptr;
}

std::span<const ObjectSpec* const> all_objects() {
    return k_all;
}

}  // namespace stackctl::load::spec
