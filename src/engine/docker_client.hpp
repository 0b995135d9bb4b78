#pragma once
// DockerClient: the Client over the Engine REST API. Internal to the engine module.

#include <initializer_list>
#include <mutex>
#include <vector>

#include "stackctl/engine/client.hpp"
#include "stackctl/engine/http.hpp"

namespace stackctl::engine::detail {

/// Http handles (one libcurl easy handle and its kept-alive connection each) lent to one call at a time.
/// Calls that overlap get handles of their own, so a long stream never holds up other calls.
class HttpPool {
public:
    HttpPool(Endpoint ep, const CancelFlag* cancel, std::size_t max_idle)
        : ep_(std::move(ep)), cancel_(cancel), max_idle_(max_idle) {}

    struct Return {
        HttpPool* pool;
        void operator()(Http* h) const { pool->release(h); }
    };
    using Lease = std::unique_ptr<Http, Return>;

    Lease acquire();
    [[nodiscard]] const Endpoint& endpoint() const { return ep_; }

private:
    void release(Http* h);
    Endpoint ep_;
    const CancelFlag* cancel_;
    std::size_t max_idle_;
    std::mutex mu_;
    std::vector<std::unique_ptr<Http>> idle_;
};

class DockerClient final : public Client {
public:
    DockerClient(Endpoint ep, ClientOptions opts)
        : opts_(opts), pool_(std::move(ep), opts.cancel, opts.max_idle_connections) {}

    core::Result<ApiVersion> ping() override;
    core::Result<EngineVersion> version() override;
    [[nodiscard]] const Endpoint& endpoint() const override { return pool_.endpoint(); }

    core::Result<std::vector<ContainerSummary>> list_containers(const ContainerListOptions& opts) override;
    core::Result<ContainerInfo> inspect_container(const std::string& id) override;
    core::Result<ContainerCreated> create_container(const ContainerCreate& req) override;
    core::Status start_container(const std::string& id) override;
    core::Status stop_container(const std::string& id, const StopOptions& opts) override;
    core::Status restart_container(const std::string& id, const StopOptions& opts) override;
    core::Status kill_container(const std::string& id, const std::string& signal) override;
    core::Status remove_container(const std::string& id, const RemoveOptions& opts) override;
    core::Result<WaitResult> wait_container(const std::string& id, const WaitOptions& opts) override;
    core::Status rename_container(const std::string& id, const std::string& new_name) override;
    core::Result<ContainerTop> top_container(const std::string& id, const std::string& ps_args) override;
    core::Result<nlohmann::json> container_stats(const std::string& id) override;
    core::Status resize_container_tty(const std::string& id, int height, int width) override;
    core::Status container_logs(const std::string& id, const LogsOptions& opts, const OutputFn& output) override;
    core::Status attach_container(const std::string& id, const AttachOptions& opts, const StreamIo& io) override;
    core::Status put_archive(const std::string& id, const std::string& path, BodySource tar) override;
    core::Status get_archive(const std::string& id, const std::string& path, const ChunkFn& on_chunk) override;

    core::Result<std::string> exec_create(const std::string& container, const ExecConfig& cfg) override;
    core::Status exec_start(const std::string& exec_id, const ExecStartOptions& opts, const StreamIo& io) override;
    core::Result<ExecInfo> exec_inspect(const std::string& exec_id) override;
    core::Status exec_resize(const std::string& exec_id, int height, int width) override;

    core::Result<std::vector<NetworkInfo>> list_networks(const Filters& filters) override;
    core::Result<NetworkInfo> inspect_network(const std::string& id) override;
    core::Result<NetworkCreated> create_network(const nlohmann::json& body) override;
    core::Status remove_network(const std::string& id) override;
    core::Status connect_network(const std::string& network, const NetworkConnect& req) override;
    core::Status disconnect_network(const std::string& network, const std::string& container, bool force) override;

    core::Result<std::vector<VolumeInfo>> list_volumes(const Filters& filters) override;
    core::Result<VolumeInfo> inspect_volume(const std::string& name) override;
    core::Result<VolumeInfo> create_volume(const VolumeCreate& req) override;
    core::Status remove_volume(const std::string& name, bool force) override;

    core::Result<std::optional<ImageInfo>> inspect_image(const std::string& ref) override;
    core::Result<std::vector<ImageSummary>> list_images(const ImageListOptions& opts) override;
    core::Result<std::vector<ImageDeleted>> remove_image(const std::string& ref, const ImageRemoveOptions& opts) override;
    core::Status tag_image(const std::string& source, const std::string& repo, const std::string& tag) override;
    core::Result<std::string> import_image(const ImportOptions& opts, BodySource tar, const ProgressFn& progress) override;
    core::Status pull_image(const std::string& ref, const PullOptions& opts, const ProgressFn& progress) override;
    core::Result<BuildResult> build_image(const BuildOptions& opts, BodySource context, const ProgressFn& progress) override;

    core::Status events(const EventsOptions& opts, const EventFn& on_event) override;

private:
    /// Sends `req` (its target relative to the versioned API root: "/containers/json") and returns the
    /// response whatever its status.
    core::Result<HttpResponse> roundtrip(HttpRequest req, const ChunkFn* on_chunk = nullptr);
    /// Sends `req` and parses the JSON answer; a status outside `ok` is the engine's error.
    core::Result<nlohmann::json> call_json(HttpRequest req, std::initializer_list<long> ok = {200, 201});
    /// Sends `req`; a status outside `ok` is the engine's error.
    core::Status call(HttpRequest req, std::initializer_list<long> ok = {200, 201, 204});
    /// A stream of JSON documents (events, progress): each to `on_doc` until it returns false or the stream
    /// ends; a status other than 200 is the engine's error, a malformed document an error of its own.
    core::Status json_stream(HttpRequest req, const std::function<bool(nlohmann::json&&)>& on_doc);
    /// A JSON message stream (pull, build, import): messages to `progress`, a failure inside the stream
    /// becomes an error. `last` receives every message (for results such as an image id).
    core::Status progress_stream(HttpRequest req, const ProgressFn& progress,
                                 const std::function<void(const JsonMessage&)>& last);
    core::Result<std::unique_ptr<RawConnection>> hijack(HttpRequest req);
    /// Pumps a hijacked connection until the process's output ends.
    core::Status pump(RawConnection& conn, bool tty, const StreamIo& io);
    /// Whether the container has a TTY: `given` when the caller knows, else from an inspection.
    core::Result<bool> container_tty(const std::string& id, std::optional<bool> given);

    core::Result<ApiVersion> negotiated();
    [[nodiscard]] bool cancelled(const CancelFlag* call_flag) const;

    ClientOptions opts_;
    HttpPool pool_;
    std::mutex api_mu_;
    std::optional<ApiVersion> api_;
};

}  // namespace stackctl::engine::detail
