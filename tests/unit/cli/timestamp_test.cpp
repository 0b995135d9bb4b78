#include <catch2/catch.hpp>

#include "cli/timestamp.hpp"

using stackctl::cli::engine_timestamp;

TEST_CASE("engine timestamps for the since and until options", "[cli][logs]") {
    const long long now = 1795348674;
    CHECK(engine_timestamp("", now) == std::string());
    CHECK(engine_timestamp("1700000000", now) == std::string("1700000000"));
    CHECK(engine_timestamp("1700000000.5", now) == std::string("1700000000.5"));
    CHECK(engine_timestamp("10m", now) == std::string("1795348074.000000000"));
    CHECK(engine_timestamp("1h30m", now) == std::string("1795343274.000000000"));
    CHECK(engine_timestamp("2026-11-22T11:57:54Z", now) == std::string("1795348674"));
    CHECK_FALSE(engine_timestamp("yesterday", now).has_value());
}
