#include "support.hpp"

using namespace e2e;
using stackctl::core::Errc;

TEST_CASE("networks: create, list by label, connect with alias and address, disconnect, remove",
          "[e2e][engine][networks]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string name = unique("net");
    const std::string label = std::string(kRunLabel) + "=" + run_id();
    auto created = c.create_network({{"Name", name},
                                     {"Driver", "bridge"},
                                     {"CheckDuplicate", true},
                                     {"Labels", {{kRunLabel, run_id()}, {"purpose", "e2e"}}},
                                     {"IPAM", {{"Config", {{{"Subnet", "172.31.251.0/24"}}}}}}});
    E2E_REQUIRE_OK(created);
    cleanup.network(created->id);

    auto listed = c.list_networks({{"label", {label, "purpose=e2e"}}});
    E2E_REQUIRE_OK(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().name == name);
    CHECK(listed->front().driver == "bridge");
    CHECK(listed->front().labels.at("purpose") == "e2e");
    auto none = c.list_networks({{"label", {"purpose=nothing-" + run_id()}}});
    E2E_REQUIRE_OK(none);
    CHECK(none->empty());

    const std::string id = create_container(cleanup, unique("net-member"), {"sleep", "300"});
    E2E_REQUIRE_OK(c.connect_network(name, {.container = id, .aliases = {"db", "database"}, .ipv4_address = "172.31.251.10"}));
    E2E_REQUIRE_OK(c.start_container(id));
    auto info = c.inspect_container(id);
    E2E_REQUIRE_OK(info);
    const auto& ep = info->raw["NetworkSettings"]["Networks"][name];
    CHECK(ep["IPAddress"] == "172.31.251.10");
    CHECK(ep["Aliases"].dump().find("\"database\"") != std::string::npos);

    auto in_use = c.remove_network(name);
    REQUIRE_FALSE(in_use.ok());
    CHECK(in_use.error().code == Errc::engine);
    CHECK_THAT(in_use.error().message, Catch::Contains("active endpoints"));

    E2E_REQUIRE_OK(c.disconnect_network(name, id, false));
    auto inspected = c.inspect_network(created->id);
    E2E_REQUIRE_OK(inspected);
    CHECK(inspected->raw["Containers"].empty());
    E2E_REQUIRE_OK(c.remove_network(name));
    auto gone = c.inspect_network(name);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == Errc::not_found);
}

TEST_CASE("volumes: create, list by label, inspect, remove", "[e2e][engine][volumes]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string name = unique("vol");
    Labels labels = run_labels();
    labels["purpose"] = "e2e-vol";
    auto created = c.create_volume({.name = name, .labels = labels});
    E2E_REQUIRE_OK(created);
    cleanup.volume(name);
    CHECK(created->name == name);
    CHECK(created->driver == "local");

    auto listed = c.list_volumes({{"label", {"purpose=e2e-vol", std::string(kRunLabel) + "=" + run_id()}}});
    E2E_REQUIRE_OK(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().name == name);
    CHECK(listed->front().labels.at("purpose") == "e2e-vol");

    auto inspected = c.inspect_volume(name);
    E2E_REQUIRE_OK(inspected);
    CHECK_FALSE(inspected->mountpoint.empty());

    // A volume in use by a container cannot be removed without force... and not even with it.
    const std::string id = create_container(cleanup, unique("vol-user"), {"true"},
                                            {{"HostConfig", {{"Binds", {name + ":/data"}}}}});
    auto busy = c.remove_volume(name, false);
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().code == Errc::conflict);
    CHECK_THAT(busy.error().message, Catch::Contains("volume is in use"));
    E2E_REQUIRE_OK(c.remove_container(id, {}));

    E2E_REQUIRE_OK(c.remove_volume(name, false));
    auto gone = c.inspect_volume(name);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == Errc::not_found);
}
