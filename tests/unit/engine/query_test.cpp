#include <catch2/catch.hpp>

#include "engine/json_mapping.hpp"
#include "stackctl/engine/errors.hpp"
#include "stackctl/engine/query.hpp"

using namespace stackctl::engine;
using stackctl::core::Errc;

TEST_CASE("filters are encoded as the docker CLI does", "[engine][filters]") {
    CHECK(encode_filters({}) == "");
    CHECK(encode_filters({{"label", {}}}) == "");
    CHECK(encode_filters({{"label", {"com.docker.compose.project=web", "a"}}}) ==
          R"({"label":{"a":true,"com.docker.compose.project=web":true}})");
    CHECK(encode_filters({{"type", {"container"}}, {"event", {"start", "die"}}, {"label", {"x=\"q\""}}}) ==
          R"({"event":{"die":true,"start":true},"label":{"x=\"q\"":true},"type":{"container":true}})");
}

TEST_CASE("URL escaping of query values and path segments", "[engine][filters]") {
    CHECK(url_escape("a-b_c.d~e") == "a-b_c.d~e");
    CHECK(url_escape("{\"label\":{\"a=b\":true}}") == "%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D");
    CHECK(url_escape("a b&c/d") == "a%20b%26c%2Fd");
    CHECK(url_escape("\xC3\xA9") == "%C3%A9");
    CHECK(path_escape("localhost:5000/app:v1") == "localhost:5000/app:v1");
    CHECK(path_escape("app@sha256:ab") == "app@sha256:ab");
    CHECK(path_escape("we ird?#") == "we%20ird%3F%23");
}

TEST_CASE("query strings keep order and skip empty optional values", "[engine][filters]") {
    CHECK(Query().str() == "");
    CHECK(Query().add("all", true).add_if("filters", "").add_flag("size", false).add("t", 10).str() == "?all=1&t=10");
    CHECK(Query().add("t", "a").add("t", "b c").str() == "?t=a&t=b%20c");
}

TEST_CASE("build query parameters", "[engine][filters]") {
    BuildOptions o;
    CHECK(detail::build_query(o) == "?rm=1");
    o.tags = {"app:1", "app:latest"};
    o.dockerfile = "docker/Dockerfile";
    o.build_args = {{"B", "2"}, {"A", "x y"}};
    o.target = "prod";
    o.labels = {{"k", "v"}};
    o.network_mode = "host";
    o.no_cache = true;
    o.pull = true;
    o.platform = "linux/amd64";
    o.cache_from = {"app:cache"};
    o.extra_hosts = {"db:10.0.0.2"};
    o.shm_size = 1024;
    CHECK(detail::build_query(o) ==
          "?t=app%3A1&t=app%3Alatest&dockerfile=docker%2FDockerfile"
          "&buildargs=%7B%22A%22%3A%22x%20y%22%2C%22B%22%3A%222%22%7D&target=prod"
          "&labels=%7B%22k%22%3A%22v%22%7D&networkmode=host&nocache=1&pull=1&platform=linux%2Famd64&rm=1"
          "&cachefrom=%5B%22app%3Acache%22%5D&extrahosts=db%3A10.0.0.2&shmsize=1024");
}

TEST_CASE("image references split into name and tag for pulls", "[engine][filters]") {
    using detail::split_image_ref;
    CHECK(split_image_ref("nginx") == std::pair<std::string, std::string>{"nginx", "latest"});
    CHECK(split_image_ref("nginx:1.25") == std::pair<std::string, std::string>{"nginx", "1.25"});
    CHECK(split_image_ref("localhost:5000/app") == std::pair<std::string, std::string>{"localhost:5000/app", "latest"});
    CHECK(split_image_ref("localhost:5000/app:v1") == std::pair<std::string, std::string>{"localhost:5000/app", "v1"});
    CHECK(split_image_ref("app@sha256:abcd") == std::pair<std::string, std::string>{"app@sha256:abcd", ""});
}

TEST_CASE("engine errors keep the engine's message and map the status", "[engine][errors]") {
    auto nf = error_from_status(404, R"({"message":"No such container: web-1"})");
    CHECK(nf.code == Errc::not_found);
    CHECK(nf.message == "No such container: web-1");
    auto conflict = error_from_status(409, R"({"message":"Conflict. The container name \"/x\" is already in use"})" "\n");
    CHECK(conflict.code == Errc::conflict);
    CHECK(conflict.message == "Conflict. The container name \"/x\" is already in use");
    auto server = error_from_status(500, R"({"message":"Get \"https://r.invalid/v2/\": dial tcp: no such host"})");
    CHECK(server.code == Errc::engine);
    CHECK(server.message == "Get \"https://r.invalid/v2/\": dial tcp: no such host");
    auto bad = error_from_status(400, "page not found\n");
    CHECK(bad.code == Errc::engine);
    CHECK(bad.message == "page not found");
    CHECK(error_from_status(502, "").message == "HTTP 502");
    CHECK(error_from_status(500, R"({"message":""})").message == "HTTP 500");
    auto stream = error_from_stream("The command '/bin/sh -c false' returned a non-zero code: 1\n");
    CHECK(stream.code == Errc::engine);
    CHECK(stream.message == "The command '/bin/sh -c false' returned a non-zero code: 1");
}
