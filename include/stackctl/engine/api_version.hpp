#pragma once
/// Engine API versions ("1.41") as comparable values, and the negotiation rule.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace stackctl::engine {

struct ApiVersion {
    int major = 0;
    int minor = 0;
    static std::optional<ApiVersion> parse(std::string_view text);
    [[nodiscard]] std::string str() const;
    friend auto operator<=>(const ApiVersion&, const ApiVersion&) = default;
};

/// Oldest engine API stackctl speaks (Docker 20.10).
inline constexpr ApiVersion kMinApi{1, 41};
/// Newest engine API stackctl knows; newer engines are spoken to at this version.
inline constexpr ApiVersion kMaxApi{1, 45};

/// The version to use with an engine that reports `server`: min(server, kMaxApi), or nothing when the
/// engine is older than kMinApi.
std::optional<ApiVersion> negotiate(ApiVersion server);

}  // namespace stackctl::engine
