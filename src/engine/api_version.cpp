#include "stackctl/engine/api_version.hpp"

#include <charconv>

namespace stackctl::engine {

std::optional<ApiVersion> ApiVersion::parse(std::string_view text) {
    ApiVersion v;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v.major);
    if (ec != std::errc() || p == end || *p != '.') return std::nullopt;
    auto [q, ec2] = std::from_chars(p + 1, end, v.minor);
    if (ec2 != std::errc() || q != end) return std::nullopt;
    return v;
}

std::string ApiVersion::str() const { return std::to_string(major) + "." + std::to_string(minor); }

std::optional<ApiVersion> negotiate(ApiVersion server) {
    if (server < kMinApi) return std::nullopt;
    return server < kMaxApi ? server : kMaxApi;
}

}  // namespace stackctl::engine
