#include <catch2/catch.hpp>

#include "stackctl/engine/api_version.hpp"
#include "stackctl/engine/endpoint.hpp"

using namespace stackctl::engine;

TEST_CASE("empty DOCKER_HOST is the default socket", "[engine][endpoint]") {
    auto ep = parse_endpoint("");
    REQUIRE(ep.ok());
    CHECK(ep->kind == Endpoint::Kind::unix_socket);
    CHECK(ep->socket_path == "/var/run/docker.sock");
    CHECK(ep->display == "unix:///var/run/docker.sock");
}

TEST_CASE("unix and tcp endpoints", "[engine][endpoint]") {
    auto u = parse_endpoint("unix:///run/user/1000/docker.sock");
    REQUIRE(u.ok());
    CHECK(u->socket_path == "/run/user/1000/docker.sock");
    auto t = parse_endpoint("tcp://127.0.0.1:2376/");
    REQUIRE(t.ok());
    CHECK(t->kind == Endpoint::Kind::tcp);
    CHECK(t->base_url == "http://127.0.0.1:2376");
    auto noport = parse_endpoint("tcp://localhost");
    REQUIRE(noport.ok());
    CHECK(noport->base_url == "http://localhost:2375");
    auto v6 = parse_endpoint("tcp://[::1]");
    REQUIRE(v6.ok());
    CHECK(v6->base_url == "http://[::1]:2375");
}

TEST_CASE("unsupported endpoints are refused with the value named", "[engine][endpoint]") {
    auto s = parse_endpoint("ssh://me@host");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "DOCKER_HOST \"ssh://me@host\": only unix:// and plain tcp:// endpoints are supported");
    auto rel = parse_endpoint("unix://docker.sock");
    REQUIRE_FALSE(rel.ok());
    CHECK(rel.error().message == "DOCKER_HOST \"unix://docker.sock\": a unix socket needs an absolute path");
    CHECK_FALSE(parse_endpoint("localhost:2375").ok());
    auto path = parse_endpoint("tcp://host:2375/prefix");
    REQUIRE_FALSE(path.ok());
    CHECK(path.error().message == "DOCKER_HOST \"tcp://host:2375/prefix\": a path after host:port is not supported");
    CHECK(parse_endpoint("tcp://host:2375/").ok());  // a trailing slash is no path
}

TEST_CASE("API version negotiation", "[engine][api]") {
    REQUIRE(ApiVersion::parse("1.41").has_value());
    CHECK(ApiVersion::parse("1.41")->minor == 41);
    CHECK_FALSE(ApiVersion::parse("1.").has_value());
    CHECK_FALSE(ApiVersion::parse("v1.41").has_value());
    CHECK(negotiate({1, 41})->str() == "1.41");
    CHECK(negotiate({1, 43})->str() == "1.43");
    CHECK(negotiate({1, 47})->str() == kMaxApi.str());
    CHECK_FALSE(negotiate({1, 40}).has_value());
}
