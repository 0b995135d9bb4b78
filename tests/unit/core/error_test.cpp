#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "stackctl/core/error.hpp"
#include "stackctl/core/result.hpp"

using namespace stackctl::core;

TEST_CASE("headline names file, line, column and YAML path", "[core][error]") {
    Error e(Errc::validate, "invalid port \"80a\"", SourceLoc{intern_path("compose.override.yaml"), 12, 7},
            "services.web.ports[0]");
    CHECK(e.headline() == "compose.override.yaml:12:7: services.web.ports[0]: invalid port \"80a\"");
}

TEST_CASE("headline omits what is unknown", "[core][error]") {
    CHECK(Error(Errc::io, "cannot read x").headline() == "cannot read x");
    Error e(Errc::validate, "bad", SourceLoc{intern_path("a.yaml"), 0, 0}, "services");
    CHECK(e.headline() == "a.yaml: services: bad");
}

TEST_CASE("render shows the source line with a caret under the column", "[core][error]") {
    auto path = std::filesystem::temp_directory_path() / "stackctl-error-render.yaml";
    {
        std::ofstream f(path);
        f << "services:\n  web:\n    ports:\n      - \"80a\"\n";
    }
    Error e(Errc::validate, "invalid port \"80a\"", SourceLoc{intern_path(path.string()), 4, 9},
            "services.web.ports[0]");
    e.note("ports are [HOST:]CONTAINER[/PROTOCOL]");
    const std::string expected = path.string() +
                                 ":4:9: services.web.ports[0]: invalid port \"80a\"\n"
                                 "    4 |       - \"80a\"\n"
                                 "      |         ^\n"
                                 "  note: ports are [HOST:]CONTAINER[/PROTOCOL]\n";
    CHECK(render(e) == expected);
    std::filesystem::remove(path);
}

TEST_CASE("exit codes are stable", "[core][error]") {
    CHECK(exit_code(Errc::usage) == 2);
    CHECK(exit_code(Errc::io) == 14);
    CHECK(exit_code(Errc::validate) == 15);
    CHECK(exit_code(Errc::parse) == 15);
    CHECK(exit_code(Errc::unreachable) == 4);
    CHECK(exit_code(Errc::engine) == 5);
    CHECK(exit_code(Errc::timeout) == 6);
    CHECK(exit_code(Errc::interrupted) == 130);
}

namespace {
Result<int> half(int x) {
    if (x % 2 != 0) return Error(Errc::usage, "odd");
    return x / 2;
}
Status quarter(int x, int& out) {
    auto h = half(x);
    if (!h) return std::move(h).error();
    auto q = half(*h);
    if (!q) return std::move(q).error();
    out = *q;
    return {};
}
}  // namespace

TEST_CASE("Result carries a value or an error", "[core][result]") {
    int out = 0;
    CHECK(quarter(8, out).ok());
    CHECK(out == 2);
    auto s = quarter(6, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "odd");
}
