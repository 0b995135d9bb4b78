#pragma once
/// The labels Docker Compose puts on what it creates. stackctl sets the same ones, so that a project
/// started by one tool is recognised (and not needlessly recreated) by the other, and it only ever touches
/// resources that carry its project's label.

#include <string_view>

namespace stackctl::converge::labels {

inline constexpr std::string_view kProject = "com.docker.compose.project";
inline constexpr std::string_view kService = "com.docker.compose.service";
inline constexpr std::string_view kContainerNumber = "com.docker.compose.container-number";
inline constexpr std::string_view kOneoff = "com.docker.compose.oneoff";
inline constexpr std::string_view kConfigHash = "com.docker.compose.config-hash";
inline constexpr std::string_view kImage = "com.docker.compose.image";
inline constexpr std::string_view kDependsOn = "com.docker.compose.depends_on";
inline constexpr std::string_view kWorkingDir = "com.docker.compose.project.working_dir";
inline constexpr std::string_view kConfigFiles = "com.docker.compose.project.config_files";
inline constexpr std::string_view kEnvironmentFile = "com.docker.compose.project.environment_file";
inline constexpr std::string_view kVersion = "com.docker.compose.version";
inline constexpr std::string_view kNetwork = "com.docker.compose.network";
inline constexpr std::string_view kVolume = "com.docker.compose.volume";
inline constexpr std::string_view kReplace = "com.docker.compose.replace";

}  // namespace stackctl::converge::labels
