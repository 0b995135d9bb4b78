#include <catch2/catch.hpp>

#include "stackctl/load/project_checks.hpp"
#include "stackctl/load/yaml.hpp"

using namespace stackctl::load;

namespace {
Node doc(const std::string& text) {
    auto d = parse_yaml(text, "p.yaml");
    REQUIRE(d.ok());
    return std::move(d->front());
}
std::vector<std::string> headlines(const stackctl::core::Status& s) {
    std::vector<std::string> out;
    if (s.ok()) return out;
    out.push_back(s.error().headline());
    for (const auto& e : s.error().more) out.push_back(e.headline());
    return out;
}
std::vector<std::string> names(const Node& project) {
    std::vector<std::string> out;
    for (const auto& e : project.find("services")->entries) out.push_back(e.key);
    return out;
}
}  // namespace

TEST_CASE("profiles enable services", "[load][profiles]") {
    Node p = doc("services:\n  a: {image: x}\n  b: {image: x, profiles: [debug]}\n  c: {image: x, profiles: [x, y]}\n");
    Node all = p;
    CHECK(apply_profiles(p, {}) == std::vector<std::string>{"b", "c"});
    CHECK(names(p) == std::vector<std::string>{"a"});
    Node q = all;
    apply_profiles(q, {"y"});
    CHECK(names(q) == std::vector<std::string>{"a", "c"});
    Node r = all;
    apply_profiles(r, {"*"});
    CHECK(names(r).size() == 3);
    std::vector<std::string> active;
    REQUIRE(enable_named_services(all, {"b"}, active).ok());
    CHECK(active == std::vector<std::string>{"debug"});
    CHECK(enable_named_services(all, {"nope"}, active).error().message == "no such service: nope");
    CHECK(all_profiles(all) == std::vector<std::string>{"debug", "x", "y"});
}

TEST_CASE("consistency errors are all reported with positions", "[load][consistency]") {
    Node p = doc(
        "services:\n"
        "  web:\n"
        "    networks: {front: null}\n"
        "    depends_on: {db: {condition: service_started, required: true}}\n"
        "    volumes: [{type: volume, source: data, target: /d}]\n"
        "  worker:\n"
        "    image: x\n"
        "    network_mode: host\n"
        "    networks: {default: null}\n"
        "networks: {default: {}}\n");
    CHECK(headlines(check_consistency(p, {"db"})) ==
          std::vector<std::string>{
              "p.yaml:2:3: services.web: service \"web\" has neither an image nor a build context specified",
              "p.yaml:3:16: services.web.networks.front: service \"web\" refers to undefined network front",
              "p.yaml:5:15: services.web.volumes[0]: service \"web\" refers to undefined volume data",
              "p.yaml:4:18: services.web.depends_on.db: service \"web\" depends on undefined service \"db\"",
              "p.yaml:8:19: services.worker.network_mode: service \"worker\" declares mutually exclusive "
              "network_mode and networks",
          });
    auto s = check_consistency(p, {"db"});
    CHECK(s.error().more[2].notes.size() == 1);
}

TEST_CASE("optional dependencies may be missing", "[load][consistency]") {
    Node p = doc("services:\n  a: {image: x, depends_on: {b: {condition: service_started, required: false}}}\n");
    CHECK(check_consistency(p).ok());
}

TEST_CASE("dependency cycles are refused with the chain", "[load][consistency]") {
    Node p = doc(
        "services:\n  a: {image: x, depends_on: {b: {}}}\n  b: {image: x, depends_on: {c: {}}}\n"
        "  c: {image: x, depends_on: {a: {}}}\n");
    auto s = check_consistency(p);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == stackctl::core::Errc::cycle);
    CHECK(s.error().headline() == "p.yaml:4:30: services.c.depends_on.a: dependency cycle between services: a -> b -> c -> a");
}

TEST_CASE("selection keeps dependencies and prunes the rest", "[load][select]") {
    Node p = doc(
        "services:\n  a: {image: x, depends_on: {b: {}}}\n  b: {image: x, volumes: [{type: volume, source: v}]}\n"
        "  c: {image: x, depends_on: {a: {}}, networks: {n: null}}\n"
        "volumes: {v: {}, unused: {}}\nnetworks: {n: {}}\n");
    REQUIRE(select_services(p, {"a"}).ok());
    CHECK(names(p) == std::vector<std::string>{"a", "b"});
    prune_unused_resources(p);
    CHECK(p.find("networks") == nullptr);
    CHECK(p.find("volumes")->size() == 1);
    CHECK(select_services(p, {"zz"}).error().message == "no such service: zz");
}

TEST_CASE("dependency order puts dependencies first", "[load][select]") {
    Node p = doc("services:\n  web: {depends_on: {db: {}, cache: {}}}\n  db: {}\n  cache: {depends_on: {db: {}}}\n  z: {}\n");
    CHECK(services_in_dependency_order(p) == std::vector<std::string>{"db", "cache", "web", "z"});
}
