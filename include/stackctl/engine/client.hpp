#pragma once
/// The engine as stackctl sees it: an interface, so the executor can be unit-tested with a fake, and a
/// DockerClient that speaks the Docker Engine REST API.
///
/// Every call returns core::Result. Engine failures carry the engine's own message, with Errc::not_found
/// for 404, Errc::conflict for 409 and Errc::engine otherwise; Errc::unreachable when nothing answers;
/// Errc::interrupted when a cancel flag ended the call. Calls may be made from several threads at once.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/api_version.hpp"
#include "stackctl/engine/endpoint.hpp"
#include "stackctl/engine/http.hpp"
#include "stackctl/engine/types.hpp"

namespace stackctl::engine {

class Client {
public:
    virtual ~Client() = default;

    // ---- the engine ----
    /// GET /_ping: checks the engine answers and negotiates the API version (once; later calls reuse it).
    virtual core::Result<ApiVersion> ping() = 0;
    /// GET /version.
    virtual core::Result<EngineVersion> version() = 0;
    [[nodiscard]] virtual const Endpoint& endpoint() const = 0;

    // ---- containers ----
    virtual core::Result<std::vector<ContainerSummary>> list_containers(const ContainerListOptions& opts) = 0;
    virtual core::Result<ContainerInfo> inspect_container(const std::string& id) = 0;
    virtual core::Result<ContainerCreated> create_container(const ContainerCreate& req) = 0;
    /// Starting a running container succeeds (the engine's 304).
    virtual core::Status start_container(const std::string& id) = 0;
    /// Stopping a stopped container succeeds (the engine's 304).
    virtual core::Status stop_container(const std::string& id, const StopOptions& opts) = 0;
    virtual core::Status restart_container(const std::string& id, const StopOptions& opts) = 0;
    /// `signal` empty: SIGKILL. A container that is not running is Errc::conflict.
    virtual core::Status kill_container(const std::string& id, const std::string& signal) = 0;
    virtual core::Status remove_container(const std::string& id, const RemoveOptions& opts) = 0;
    /// Blocks until the condition holds (runs on its own connection; cancellable).
    virtual core::Result<WaitResult> wait_container(const std::string& id, const WaitOptions& opts) = 0;
    virtual core::Status rename_container(const std::string& id, const std::string& new_name) = 0;
    virtual core::Result<ContainerTop> top_container(const std::string& id, const std::string& ps_args) = 0;
    /// One stats sample (stream=false, one-shot), as the engine's JSON.
    virtual core::Result<nlohmann::json> container_stats(const std::string& id) = 0;
    virtual core::Status resize_container_tty(const std::string& id, int height, int width) = 0;
    /// Streams the logs to `output`: demultiplexed without a TTY, raw (all `out`) with one.
    virtual core::Status container_logs(const std::string& id, const LogsOptions& opts, const OutputFn& output) = 0;
    /// Attaches over a hijacked connection; returns when the stream ends (the container stopped, or the
    /// callback or a cancel flag ended it).
    virtual core::Status attach_container(const std::string& id, const AttachOptions& opts, const StreamIo& io) = 0;
    /// PUT /containers/{id}/archive: extracts a tar (see tar.hpp) into the container at `path`.
    virtual core::Status put_archive(const std::string& id, const std::string& path, BodySource tar) = 0;
    /// GET /containers/{id}/archive: `path` as a tar stream.
    virtual core::Status get_archive(const std::string& id, const std::string& path, const ChunkFn& on_chunk) = 0;

    // ---- exec ----
    virtual core::Result<std::string> exec_create(const std::string& container, const ExecConfig& cfg) = 0;
    /// Starts an exec and pumps it over a hijacked connection until its output ends. Use exec_inspect for
    /// the exit code (or the exec_run helper).
    virtual core::Status exec_start(const std::string& exec_id, const ExecStartOptions& opts, const StreamIo& io) = 0;
    virtual core::Result<ExecInfo> exec_inspect(const std::string& exec_id) = 0;
    virtual core::Status exec_resize(const std::string& exec_id, int height, int width) = 0;

    // ---- networks ----
    virtual core::Result<std::vector<NetworkInfo>> list_networks(const Filters& filters) = 0;
    virtual core::Result<NetworkInfo> inspect_network(const std::string& id) = 0;
    /// `body` is the engine's NetworkCreateRequest ({"Name": ..., "Driver": ..., "Labels": ...}).
    virtual core::Result<NetworkCreated> create_network(const nlohmann::json& body) = 0;
    virtual core::Status remove_network(const std::string& id) = 0;
    virtual core::Status connect_network(const std::string& network, const NetworkConnect& req) = 0;
    virtual core::Status disconnect_network(const std::string& network, const std::string& container, bool force) = 0;

    // ---- volumes ----
    virtual core::Result<std::vector<VolumeInfo>> list_volumes(const Filters& filters) = 0;
    virtual core::Result<VolumeInfo> inspect_volume(const std::string& name) = 0;
    virtual core::Result<VolumeInfo> create_volume(const VolumeCreate& req) = 0;
    virtual core::Status remove_volume(const std::string& name, bool force) = 0;

    // ---- images ----
    /// The image, or nothing when the engine has no image of that name (other failures are errors).
    virtual core::Result<std::optional<ImageInfo>> inspect_image(const std::string& ref) = 0;
    virtual core::Result<std::vector<ImageSummary>> list_images(const ImageListOptions& opts) = 0;
    virtual core::Result<std::vector<ImageDeleted>> remove_image(const std::string& ref, const ImageRemoveOptions& opts) = 0;
    virtual core::Status tag_image(const std::string& source, const std::string& repo, const std::string& tag) = 0;
    /// POST /images/create?fromSrc=-: a root file system tarball becomes an image; returns its id.
    virtual core::Result<std::string> import_image(const ImportOptions& opts, BodySource tar, const ProgressFn& progress) = 0;
    /// POST /images/create?fromImage=: progress goes to `progress` (may be empty); a failure reported in
    /// the stream is an Errc::engine error with the engine's message.
    virtual core::Status pull_image(const std::string& ref, const PullOptions& opts, const ProgressFn& progress) = 0;
    /// POST /build with `context` (a tar; see build_context.hpp) as the body.
    virtual core::Result<BuildResult> build_image(const BuildOptions& opts, BodySource context, const ProgressFn& progress) = 0;

    // ---- events ----
    /// GET /events: calls `on_event` for each event until it returns false, `until` passes, or a cancel
    /// flag is set (then Errc::interrupted).
    virtual core::Status events(const EventsOptions& opts, const EventFn& on_event) = 0;
};

/// Options of a DockerClient.
struct ClientOptions {
    /// Set to end every call in progress (and every later one) with Errc::interrupted: Ctrl-C.
    const CancelFlag* cancel = nullptr;
    /// Idle connections kept for reuse; more are opened when calls overlap.
    std::size_t max_idle_connections = 8;
};

/// A client for the engine at `ep`. It does not connect until the first call.
std::unique_ptr<Client> make_docker_client(Endpoint ep, ClientOptions opts = {});

/// exec_create + exec_start + exec_inspect: runs `cfg.cmd` in `container` with its output demultiplexed to
/// `output` and returns the command's exit code.
core::Result<int> exec_run(Client& client, const std::string& container, const ExecConfig& cfg, const OutputFn& output,
                           const CancelFlag* cancel = nullptr);

}  // namespace stackctl::engine
