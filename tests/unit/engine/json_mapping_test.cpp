#include <catch2/catch.hpp>

#include "engine/json_mapping.hpp"

using namespace stackctl::engine;
using nlohmann::json;

TEST_CASE("container inspect documents", "[engine][json]") {
    auto c = detail::container_info_from_json(json::parse(R"({
        "Id": "abc", "Name": "/web-1", "Image": "sha256:img", "Created": "2024-01-01T00:00:00Z", "RestartCount": 2,
        "State": {"Status": "running", "Running": true, "Pid": 42, "ExitCode": 0, "StartedAt": "s",
                  "Health": {"Status": "healthy"}},
        "Config": {"Image": "busybox", "Labels": {"a": "b"}, "Tty": true, "OpenStdin": false}})"));
    CHECK(c.id == "abc");
    CHECK(c.name == "web-1");
    CHECK(c.image_id == "sha256:img");
    CHECK(c.image == "busybox");
    CHECK(c.state.status == "running");
    CHECK(c.state.running);
    CHECK(c.state.pid == 42);
    CHECK(c.state.health == "healthy");
    CHECK(c.labels == Labels{{"a", "b"}});
    CHECK(c.tty);
    CHECK(c.restart_count == 2);
    CHECK(c.raw["State"]["StartedAt"] == "s");
}

TEST_CASE("list entries tolerate null labels and names", "[engine][json]") {
    auto c = detail::container_summary_from_json(json::parse(R"({"Id":"x","Names":["/a-1"],"Labels":null,"State":"exited"})"));
    CHECK(c.name() == "a-1");
    CHECK(c.labels.empty());
    CHECK(c.state == "exited");
    auto v = detail::volume_from_json(json::parse(R"({"Name":"v","Labels":null,"Options":null,"Driver":"local"})"));
    CHECK(v.name == "v");
    CHECK(v.labels.empty());
    auto i = detail::image_info_from_json(json::parse(R"({"Id":"sha256:1","RepoTags":["a:1"],"Config":{"Labels":null}})"));
    CHECK(i.repo_tags == std::vector<std::string>{"a:1"});
}

TEST_CASE("events carry type, action, actor and attributes", "[engine][json]") {
    auto e = detail::event_from_json(json::parse(R"({"status":"die","id":"c1","from":"busybox","Type":"container",
        "Action":"die","Actor":{"ID":"c1","Attributes":{"exitCode":"3","name":"x"}},"scope":"local",
        "time":1700000000,"timeNano":1700000000123456789})"));
    CHECK(e.type == "container");
    CHECK(e.action == "die");
    CHECK(e.actor_id == "c1");
    CHECK(e.attributes.at("exitCode") == "3");
    CHECK(e.time == 1700000000);
    CHECK(e.time_nano == 1700000000123456789);
}

TEST_CASE("an exec has an exit code only once it has finished", "[engine][json]") {
    auto running = detail::exec_info_from_json(json::parse(R"({"ID":"e","Running":true,"ExitCode":null})"));
    CHECK_FALSE(running.exit_code.has_value());
    auto done = detail::exec_info_from_json(json::parse(R"({"ID":"e","Running":false,"ExitCode":7,"ContainerID":"c"})"));
    REQUIRE(done.exit_code.has_value());
    CHECK(*done.exit_code == 7);
    CHECK(done.container_id == "c");
}

TEST_CASE("request bodies", "[engine][json]") {
    NetworkConnect nc;
    nc.container = "c";
    nc.aliases = {"db", "db-1"};
    nc.ipv4_address = "172.30.0.5";
    CHECK(detail::network_connect_body(nc).dump() ==
          R"({"Container":"c","EndpointConfig":{"Aliases":["db","db-1"],"IPAMConfig":{"IPv4Address":"172.30.0.5"}}})");
    nc.endpoint_config = json{{"Aliases", {"x"}}};
    CHECK(detail::network_connect_body(nc).dump() == R"({"Container":"c","EndpointConfig":{"Aliases":["x"]}})");

    ExecConfig ec;
    ec.cmd = {"sh", "-c", "exit 3"};
    ec.env = {"A=1"};
    ec.workdir = "/tmp";
    CHECK(detail::exec_config_body(ec).dump() ==
          R"({"AttachStderr":true,"AttachStdin":false,"AttachStdout":true,"Cmd":["sh","-c","exit 3"],"Env":["A=1"],)"
          R"("Privileged":false,"Tty":false,"WorkingDir":"/tmp"})");

    CHECK(detail::volume_create_body({}).dump() == "{}");
    CHECK(detail::volume_create_body({.name = "v", .labels = {{"k", "v"}}}).dump() == R"({"Labels":{"k":"v"},"Name":"v"})");
}
