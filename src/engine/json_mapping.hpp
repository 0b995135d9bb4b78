#pragma once
// Engine JSON <-> the typed structs of types.hpp, and the pure parts of request building. Internal to the
// engine module (unit tests include it from src/).

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "stackctl/engine/types.hpp"

namespace stackctl::engine::detail {

using nlohmann::json;

std::string str(const json& doc, const char* key);
std::int64_t i64(const json& doc, const char* key);
bool boolean(const json& doc, const char* key);
std::map<std::string, std::string> string_map(const json& doc, const char* key);
std::vector<std::string> strings(const json& doc, const char* key);

ContainerSummary container_summary_from_json(json doc);
ContainerInfo container_info_from_json(json doc);
NetworkInfo network_from_json(json doc);
VolumeInfo volume_from_json(json doc);
ImageInfo image_info_from_json(json doc);
ImageSummary image_summary_from_json(json doc);
ExecInfo exec_info_from_json(json doc);
Event event_from_json(json doc);

json exec_config_body(const ExecConfig& cfg);
json network_connect_body(const NetworkConnect& req);
json volume_create_body(const VolumeCreate& req);

/// The query string of POST /build for `opts` (as the docker CLI encodes it).
std::string build_query(const BuildOptions& opts);

/// Splits an image reference for POST /images/create: ("nginx", "latest") for "nginx",
/// ("localhost:5000/app", "v1") for "localhost:5000/app:v1", ("app@sha256:...", "") for a digest.
/// A reference without a tag pulls "latest" (the engine would otherwise pull every tag).
std::pair<std::string, std::string> split_image_ref(const std::string& ref);

const char* wait_condition_name(WaitCondition c);

}  // namespace stackctl::engine::detail
