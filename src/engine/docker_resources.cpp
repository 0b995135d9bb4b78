// Networks, volumes, images and events over the Engine API.

#include <fmt/format.h>

#include "docker_client.hpp"
#include "json_mapping.hpp"
#include "stackctl/engine/errors.hpp"

namespace stackctl::engine::detail {

using core::Errc;
using core::Error;
using core::Status;
using json = nlohmann::json;

namespace {

HttpRequest get(std::string target) { return HttpRequest{.method = "GET", .target = std::move(target)}; }
HttpRequest post(std::string target) { return HttpRequest{.method = "POST", .target = std::move(target)}; }
HttpRequest del(std::string target) { return HttpRequest{.method = "DELETE", .target = std::move(target)}; }
HttpRequest post_json(std::string target, const json& body) {
    return HttpRequest{.method = "POST", .target = std::move(target), .body = body.dump(), .content_type = "application/json"};
}

std::string filters_query(const Filters& filters) { return Query().add_if("filters", encode_filters(filters)).str(); }

}  // namespace

// ---- networks --------------------------------------------------------------------------------------------

core::Result<std::vector<NetworkInfo>> DockerClient::list_networks(const Filters& filters) {
    auto doc = call_json(get("/networks" + filters_query(filters)), {200});
    if (!doc) return std::move(doc).error();
    std::vector<NetworkInfo> out;
    if (doc->is_array()) {
        for (auto& n : *doc) out.push_back(network_from_json(std::move(n)));
    }
    return out;
}

core::Result<NetworkInfo> DockerClient::inspect_network(const std::string& id) {
    auto doc = call_json(get("/networks/" + path_escape(id)), {200});
    if (!doc) return std::move(doc).error();
    return network_from_json(std::move(*doc));
}

core::Result<NetworkCreated> DockerClient::create_network(const json& body) {
    auto doc = call_json(post_json("/networks/create", body), {201, 200});
    if (!doc) return std::move(doc).error();
    return NetworkCreated{str(*doc, "Id"), str(*doc, "Warning")};
}

Status DockerClient::remove_network(const std::string& id) {
    return call(del("/networks/" + path_escape(id)), {204, 200});
}

Status DockerClient::connect_network(const std::string& network, const NetworkConnect& req) {
    return call(post_json("/networks/" + path_escape(network) + "/connect", network_connect_body(req)), {200, 204});
}

Status DockerClient::disconnect_network(const std::string& network, const std::string& container, bool force) {
    return call(post_json("/networks/" + path_escape(network) + "/disconnect",
                          json{{"Container", container}, {"Force", force}}),
                {200, 204});
}

// ---- volumes ---------------------------------------------------------------------------------------------

core::Result<std::vector<VolumeInfo>> DockerClient::list_volumes(const Filters& filters) {
    auto doc = call_json(get("/volumes" + filters_query(filters)), {200});
    if (!doc) return std::move(doc).error();
    std::vector<VolumeInfo> out;
    if (auto it = doc->find("Volumes"); it != doc->end() && it->is_array()) {
        for (auto& v : *it) out.push_back(volume_from_json(std::move(v)));
    }
    return out;
}

core::Result<VolumeInfo> DockerClient::inspect_volume(const std::string& name) {
    auto doc = call_json(get("/volumes/" + path_escape(name)), {200});
    if (!doc) return std::move(doc).error();
    return volume_from_json(std::move(*doc));
}

core::Result<VolumeInfo> DockerClient::create_volume(const VolumeCreate& req) {
    auto doc = call_json(post_json("/volumes/create", volume_create_body(req)), {201, 200});
    if (!doc) return std::move(doc).error();
    return volume_from_json(std::move(*doc));
}

Status DockerClient::remove_volume(const std::string& name, bool force) {
    return call(del("/volumes/" + path_escape(name) + Query().add_flag("force", force).str()), {204, 200});
}

// ---- images ----------------------------------------------------------------------------------------------

core::Result<std::optional<ImageInfo>> DockerClient::inspect_image(const std::string& ref) {
    auto resp = roundtrip(get("/images/" + path_escape(ref) + "/json"));
    if (!resp) return std::move(resp).error();
    if (resp->status == 404) return std::optional<ImageInfo>();
    if (resp->status != 200) return error_from_status(resp->status, resp->body);
    auto doc = json::parse(resp->body, nullptr, false);
    if (doc.is_discarded()) return Error(Errc::engine, "the engine's image inspect answer is not JSON");
    return std::optional<ImageInfo>(image_info_from_json(std::move(doc)));
}

core::Result<std::vector<ImageSummary>> DockerClient::list_images(const ImageListOptions& opts) {
    Query q;
    q.add_flag("all", opts.all);
    q.add_if("filters", encode_filters(opts.filters));
    auto doc = call_json(get("/images/json" + q.str()), {200});
    if (!doc) return std::move(doc).error();
    std::vector<ImageSummary> out;
    if (doc->is_array()) {
        for (auto& i : *doc) out.push_back(image_summary_from_json(std::move(i)));
    }
    return out;
}

core::Result<std::vector<ImageDeleted>> DockerClient::remove_image(const std::string& ref, const ImageRemoveOptions& opts) {
    Query q;
    q.add_flag("force", opts.force);
    q.add_flag("noprune", opts.no_prune);
    auto doc = call_json(del("/images/" + path_escape(ref) + q.str()), {200});
    if (!doc) return std::move(doc).error();
    std::vector<ImageDeleted> out;
    if (doc->is_array()) {
        for (const auto& d : *doc) out.push_back({str(d, "Untagged"), str(d, "Deleted")});
    }
    return out;
}

Status DockerClient::tag_image(const std::string& source, const std::string& repo, const std::string& tag) {
    return call(post("/images/" + path_escape(source) + "/tag" + Query().add("repo", repo).add_if("tag", tag).str()),
                {201, 200});
}

core::Result<std::string> DockerClient::import_image(const ImportOptions& opts, BodySource tar, const ProgressFn& progress) {
    Query q;
    q.add("fromSrc", "-");
    q.add_if("repo", opts.repo);
    q.add_if("tag", opts.tag);
    q.add_if("message", opts.message);
    for (const auto& c : opts.changes) q.add("changes", c);
    q.add_if("platform", opts.platform);
    HttpRequest req{.method = "POST", .target = "/images/create" + q.str(), .content_type = "application/x-tar"};
    req.upload = &tar;
    req.cancel = opts.cancel;
    std::string id;
    STACKCTL_TRY(progress_stream(std::move(req), progress, [&id](const JsonMessage& m) {
        if (m.status.starts_with("sha256:")) id = m.status;
    }));
    if (id.empty()) return Error(Errc::engine, "the engine imported the image but did not say its id");
    return id;
}

Status DockerClient::pull_image(const std::string& ref, const PullOptions& opts, const ProgressFn& progress) {
    const auto [name, tag] = split_image_ref(ref);
    Query q;
    q.add("fromImage", name);
    q.add_if("tag", tag);
    q.add_if("platform", opts.platform);
    HttpRequest req = post("/images/create" + q.str());
    if (!opts.registry_auth.empty()) req.headers.push_back("X-Registry-Auth: " + opts.registry_auth);
    req.cancel = opts.cancel;
    return progress_stream(std::move(req), progress, {});
}

core::Result<BuildResult> DockerClient::build_image(const BuildOptions& opts, BodySource context, const ProgressFn& progress) {
    HttpRequest req{.method = "POST", .target = "/build" + build_query(opts), .content_type = "application/x-tar"};
    if (!opts.registry_config.empty()) req.headers.push_back("X-Registry-Config: " + opts.registry_config);
    req.upload = &context;
    req.cancel = opts.cancel;
    BuildResult result;
    std::string built;  // from "Successfully built <id>", for engines that send no aux ID
    STACKCTL_TRY(progress_stream(std::move(req), progress, [&](const JsonMessage& m) {
        if (m.aux.is_object()) {
            if (auto id = str(m.aux, "ID"); !id.empty()) result.image_id = id;
        }
        constexpr std::string_view marker = "Successfully built ";
        if (m.stream.starts_with(marker)) {
            built = m.stream.substr(marker.size());
            while (!built.empty() && (built.back() == '\n' || built.back() == '\r')) built.pop_back();
        }
    }));
    if (result.image_id.empty()) result.image_id = built;
    if (result.image_id.empty() && !opts.tags.empty()) {
        auto img = inspect_image(opts.tags.front());
        if (img && *img) result.image_id = (*img)->id;
    }
    return result;
}

// ---- events ----------------------------------------------------------------------------------------------

Status DockerClient::events(const EventsOptions& opts, const EventFn& on_event) {
    Query q;
    q.add_if("since", opts.since);
    q.add_if("until", opts.until);
    q.add_if("filters", encode_filters(opts.filters));
    HttpRequest req = get("/events" + q.str());
    req.cancel = opts.cancel;
    if (opts.on_ready) {
        req.on_headers = [&opts](long status) {
            if (status == 200) opts.on_ready();
        };
    }
    return json_stream(std::move(req), [&](json&& doc) { return on_event(event_from_json(std::move(doc))); });
}

}  // namespace stackctl::engine::detail
