#pragma once
/// Engine objects as the client returns them: the fields callers commonly need, typed, and the engine's
/// whole JSON document in `raw` for the rest. Requests take option structs; create bodies are engine JSON
/// built by the caller.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stackctl/engine/query.hpp"
#include "stackctl/engine/streams.hpp"

namespace stackctl::engine {

using Labels = std::map<std::string, std::string>;

// ---- containers ------------------------------------------------------------------------------------------

/// An entry of GET /containers/json.
struct ContainerSummary {
    std::string id;
    std::vector<std::string> names;  ///< as the engine gives them, with their leading '/'
    std::string image;
    std::string image_id;
    std::string command;
    std::int64_t created = 0;
    std::string state;   ///< created, running, paused, restarting, removing, exited, dead
    std::string status;  ///< "Up 2 minutes", "Exited (0) 3 seconds ago"
    Labels labels;
    nlohmann::json raw;

    /// The first name without its '/'.
    [[nodiscard]] std::string name() const;
};

struct ContainerState {
    std::string status;  ///< created, running, paused, restarting, removing, exited, dead
    bool running = false;
    bool paused = false;
    bool restarting = false;
    bool oom_killed = false;
    bool dead = false;
    int pid = 0;
    int exit_code = 0;
    std::string error;
    std::string started_at;
    std::string finished_at;
    std::string health;  ///< starting, healthy, unhealthy; empty without a health check
};

/// GET /containers/{id}/json.
struct ContainerInfo {
    std::string id;
    std::string name;  ///< without its leading '/'
    std::string image_id;
    std::string image;  ///< Config.Image: the reference it was created from
    std::string created;
    ContainerState state;
    Labels labels;  ///< Config.Labels
    bool tty = false;
    bool open_stdin = false;
    int restart_count = 0;
    nlohmann::json raw;
};

struct ContainerListOptions {
    bool all = false;  ///< stopped containers too
    Filters filters;   ///< label, name, id, status, network, ...
    int limit = 0;     ///< 0: no limit
    bool size = false;
};

struct ContainerCreate {
    std::string name;  ///< empty: the engine picks one
    nlohmann::json body;
    std::string platform;  ///< "linux/amd64"; empty: the engine's default
};

struct ContainerCreated {
    std::string id;
    std::vector<std::string> warnings;
};

struct StopOptions {
    std::optional<int> timeout;  ///< seconds before SIGKILL; unset: the container's own StopTimeout
    std::string signal;          ///< stop signal (needs API 1.42); empty: the container's StopSignal
};

struct RemoveOptions {
    bool force = false;    ///< kill a running container
    bool volumes = false;  ///< remove its anonymous volumes
    bool link = false;
    /// Runs even after the client-wide cancel flag (Ctrl-C) is set: removing what an interrupted step
    /// half-created.
    bool despite_cancel = false;
};

enum class WaitCondition { not_running, next_exit, removed };

struct WaitOptions {
    WaitCondition condition = WaitCondition::not_running;
    const CancelFlag* cancel = nullptr;
    /// Called when the engine has registered the wait (before the container is started for next_exit).
    std::function<void()> on_ready;
};

struct WaitResult {
    std::int64_t status_code = 0;
    std::string error;  ///< the engine's message when waiting itself failed
};

struct ContainerTop {
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> processes;
};

struct LogsOptions {
    bool follow = false;
    bool out = true;  ///< stdout
    bool err = true;  ///< stderr
    bool timestamps = false;
    std::string since;  ///< unix seconds ("1700000000.5") or RFC 3339
    std::string until;
    std::string tail;  ///< number of lines, or empty / "all"
    /// Whether the container has a TTY (raw output rather than frames); unset: asked from the engine.
    std::optional<bool> tty;
    const CancelFlag* cancel = nullptr;
};

/// The two ends of an attached or exec'd process: bytes from `in_fd` (up to its end, then the write side
/// is closed so the process sees end of input) go to the process, its output to `output`.
struct StreamIo {
    int in_fd = -1;  ///< -1: send nothing
    OutputFn output;  ///< stdout/stderr pieces (everything is `out` with a TTY)
    /// Called once the connection is established (e.g. to start a container after attaching to it).
    std::function<void()> on_attached;
    const CancelFlag* cancel = nullptr;
};

/// An OutputFn that writes stdout pieces to `out_fd` and stderr pieces to `err_fd` (whole writes,
/// retried on EINTR); it stops the stream when a write fails.
OutputFn fd_output(int out_fd, int err_fd);

struct AttachOptions {
    bool attach_stdin = false;
    bool attach_stdout = true;
    bool attach_stderr = true;
    bool logs = false;  ///< replay earlier output first
    std::string detach_keys;
    std::optional<bool> tty;  ///< unset: asked from the engine
};

// ---- exec ------------------------------------------------------------------------------------------------

struct ExecConfig {
    std::vector<std::string> cmd;
    std::vector<std::string> env;  ///< "KEY=value"
    std::string user;
    std::string workdir;
    bool tty = false;
    bool attach_stdin = false;
    bool attach_stdout = true;
    bool attach_stderr = true;
    bool privileged = false;
    std::string detach_keys;
};

struct ExecStartOptions {
    bool tty = false;  ///< must match the exec's ExecConfig::tty
    bool detach = false;  ///< start it and return at once (no connection is hijacked; `io` is unused)
};

struct ExecInfo {
    std::string id;
    std::string container_id;
    bool running = false;
    std::optional<int> exit_code;  ///< set once it has finished
    int pid = 0;
    nlohmann::json raw;
};

// ---- networks and volumes --------------------------------------------------------------------------------

struct NetworkInfo {
    std::string id;
    std::string name;
    std::string driver;
    std::string scope;
    bool internal = false;
    bool attachable = false;
    bool enable_ipv6 = false;
    Labels labels;
    nlohmann::json raw;
};

struct NetworkCreated {
    std::string id;
    std::string warning;
};

/// POST /networks/{id}/connect.
struct NetworkConnect {
    std::string container;
    std::vector<std::string> aliases;
    std::string ipv4_address;
    std::string ipv6_address;
    std::vector<std::string> links;
    std::map<std::string, std::string> driver_opts;
    /// Used as the whole EndpointConfig when set (the fields above are then ignored).
    std::optional<nlohmann::json> endpoint_config;
};

struct VolumeInfo {
    std::string name;
    std::string driver;
    std::string mountpoint;
    std::string scope;
    std::string created_at;
    Labels labels;
    std::map<std::string, std::string> options;
    nlohmann::json raw;
};

struct VolumeCreate {
    std::string name;  ///< empty: the engine picks one
    std::string driver;
    std::map<std::string, std::string> driver_opts;
    Labels labels;
};

// ---- images ----------------------------------------------------------------------------------------------

struct ImageInfo {
    std::string id;
    std::vector<std::string> repo_tags;
    std::vector<std::string> repo_digests;
    std::string created;
    std::int64_t size = 0;
    std::string os;
    std::string architecture;
    Labels labels;  ///< Config.Labels
    nlohmann::json raw;
};

struct ImageSummary {
    std::string id;
    std::vector<std::string> repo_tags;
    std::vector<std::string> repo_digests;
    std::int64_t created = 0;
    std::int64_t size = 0;
    Labels labels;
    nlohmann::json raw;
};

struct ImageListOptions {
    bool all = false;
    Filters filters;  ///< label, reference, dangling, before, since
};

struct ImageRemoveOptions {
    bool force = false;
    bool no_prune = false;
};

struct ImageDeleted {
    std::string untagged;
    std::string deleted;
};

struct ImportOptions {
    std::string repo;  ///< empty: untagged
    std::string tag;
    std::string message;
    std::vector<std::string> changes;  ///< Dockerfile instructions: "CMD [\"sh\"]"
    std::string platform;
    const CancelFlag* cancel = nullptr;
};

struct PullOptions {
    std::string platform;
    std::string registry_auth;  ///< X-Registry-Auth value (base64url JSON); empty: anonymous
    const CancelFlag* cancel = nullptr;
};

/// POST /build query parameters (the classic builder).
struct BuildOptions {
    std::vector<std::string> tags;
    std::string dockerfile;  ///< path inside the context; empty: "Dockerfile"
    std::map<std::string, std::string> build_args;
    std::string target;
    Labels labels;
    std::string network_mode;
    bool no_cache = false;
    bool pull = false;
    std::string platform;
    bool remove_intermediate = true;  ///< rm
    bool force_remove_intermediate = false;
    std::vector<std::string> cache_from;
    std::vector<std::string> extra_hosts;  ///< "host:ip"
    std::int64_t shm_size = 0;
    bool quiet = false;
    std::string registry_config;  ///< X-Registry-Config value (base64url JSON of auth configs)
    const CancelFlag* cancel = nullptr;
};

struct BuildResult {
    std::string image_id;  ///< "sha256:..."
};

// ---- events ----------------------------------------------------------------------------------------------

struct EventsOptions {
    std::string since;  ///< unix seconds (may be fractional) or RFC 3339; empty: from now
    std::string until;  ///< empty: until stopped
    Filters filters;    ///< type, event, container, label, ...
    const CancelFlag* cancel = nullptr;
    /// Called when the response headers are in; the engine subscribes just after sending them (see
    /// docs/engine.md, "Readiness").
    std::function<void()> on_ready;
};

struct Event {
    std::string type;    ///< container, network, volume, image, ...
    std::string action;  ///< create, start, die, "health_status: healthy", ...
    std::string actor_id;
    std::map<std::string, std::string> attributes;  ///< name, image, exitCode, labels, ...
    std::string scope;
    std::int64_t time = 0;
    std::int64_t time_nano = 0;
    nlohmann::json raw;
};

/// Receives events; return false to end the stream.
using EventFn = std::function<bool(const Event&)>;

// ---- the engine ------------------------------------------------------------------------------------------

/// What GET /version reports, plus the version negotiated for this session.
struct EngineVersion {
    std::string version;          ///< "20.10.24+dfsg1"
    std::string api_version;      ///< the engine's newest API, "1.41"
    std::string min_api_version;  ///< the engine's oldest API
    std::string os;
    std::string arch;
    std::string kernel_version;
    std::string negotiated_api;  ///< the API version stackctl uses with it
};

}  // namespace stackctl::engine
