#include <fmt/format.h>

#include "converge_support.hpp"
#include "stackctl/converge/plan.hpp"

using namespace stackctl;
using namespace converge_test;

namespace {

const char* kImage = "sha256:img";

converge::ObservedContainer container(const converge::DesiredState& d, const std::string& svc, int n,
                                      const std::string& state = "running") {
    converge::ObservedContainer c;
    c.id = "id-" + svc + "-" + std::to_string(n);
    c.name = "demo-" + svc + "-" + std::to_string(n);
    c.service = svc;
    c.number = n;
    c.state = state;
    const auto* s = d.service(svc);
    c.config_hash = s != nullptr ? s->hash : "gone";
    c.image_id = kImage;
    return c;
}

converge::ObservedState up_to_date(const converge::DesiredState& d) {
    converge::ObservedState o;
    for (const auto& s : d.services) o.containers.push_back(container(d, s.name, 1));
    o.volumes.push_back(engine::VolumeInfo{.name = "demo_data"});
    o.networks.push_back(engine::NetworkInfo{.name = "demo_default"});
    o.image_ids["stackctl-test/busybox:latest"] = kImage;
    return o;
}

std::string plan_text(const converge::DesiredState& d, const converge::ObservedState& o, const converge::UpOptions& opts) {
    auto p = converge::reconcile(d, o, opts);
    if (!p) FAIL(p.error().message);
    return p->to_string();
}

}  // namespace

TEST_CASE("reconcile: plans match the golden files", "[converge][reconcile]") {
    std::string dir = data_dir("reconcile");
    auto d = load_desired(dir);
    auto golden = [&](const std::string& name, const std::string& text) { check_golden(dir + "/" + name + ".plan", text); };

    SECTION("fresh project") { golden("fresh", plan_text(d, {}, {})); }
    SECTION("up to date: nothing changes") {
        auto o = up_to_date(d);
        auto p = converge::reconcile(d, o, {});
        REQUIRE(p.ok());
        CHECK_FALSE(p->changes());
        // health unknown: the service_healthy and service_completed_successfully waits ask the engine
        CHECK(p->active_services() == 2);
        CHECK(converge::reconcile(d, o, {.no_start = true})->active_services() == 0);
        golden("noop", p->to_string());
    }
    SECTION("changed config: the service and its dependents are recreated") {
        auto o = up_to_date(d);
        for (auto& c : o.containers)
            if (c.service == "db") c.config_hash = "old";
        golden("db-changed", plan_text(d, o, {}));
    }
    SECTION("changed image") {
        auto o = up_to_date(d);
        o.image_ids["stackctl-test/busybox:latest"] = "sha256:new";
        golden("image-changed", plan_text(d, o, {.services = {"cache"}}));
    }
    SECTION("stopped containers start; orphans kept or removed; scale") {
        auto o = up_to_date(d);
        for (auto& c : o.containers)
            if (c.service == "app") c.state = "exited";
        o.containers.push_back(container(d, "old", 1));
        o.containers.push_back(container(d, "cache", 2));
        golden("mixed", plan_text(d, o, {}));
        golden("mixed-remove-orphans", plan_text(d, o, {.remove_orphans = true, .scale = {{"app", 2}}}));
    }
    SECTION("force and never") {
        auto o = up_to_date(d);
        for (auto& c : o.containers) c.config_hash = "old";
        golden("no-recreate", plan_text(d, o, {.recreate = converge::RecreatePolicy::never}));
        golden("force-app-no-deps", plan_text(d, up_to_date(d),
                                              {.recreate = converge::RecreatePolicy::force, .no_deps = true, .services = {"app"}}));
        // --force-recreate app: app only; --always-recreate-deps: its dependencies too (and app as their dependent)
        golden("force-app", plan_text(d, up_to_date(d), {.recreate = converge::RecreatePolicy::force, .services = {"app"}}));
        golden("always-recreate-deps",
               plan_text(d, up_to_date(d), {.recreate_dependencies = converge::RecreatePolicy::force, .services = {"app"}}));
    }
    SECTION("unknown services are refused") {
        auto p = converge::reconcile(d, {}, {.services = {"nope"}});
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().message == "no such service: nope");
    }
}

TEST_CASE("reconcile: down plans only hold the project's resources", "[converge][reconcile]") {
    std::string dir = data_dir("reconcile");
    auto d = load_desired(dir);
    auto o = up_to_date(d);
    o.containers.push_back(container(d, "old", 1));
    check_golden(dir + "/down.plan", converge::plan_down(d, o, {.volumes = true}).to_string());
    check_golden(dir + "/down-orphans.plan", converge::plan_down(d, o, {.remove_orphans = true}).to_string());
}

TEST_CASE("reconcile: down -v takes the containers' anonymous engine-named volumes only", "[converge][reconcile]") {
    std::string dir = data_dir("reconcile");
    auto d = load_desired(dir);
    const std::string a(64, 'a'), b(64, 'b'), c(64, 'c'), e(64, 'e');
    const std::string declared = d.volume_name(d.volumes.items().begin().key());
    std::string svc;  // a service that mounts the named volume at /data
    for (auto& s : d.services)
        for (const auto& v : s.config.value("volumes", nlohmann::json::array()))
            if (v.value("target", "") == "/data") svc = s.name;
    REQUIRE_FALSE(svc.empty());
    for (auto& s : d.services)
        if (s.name == svc) s.config["volumes"].push_back({{"type", "volume"}, {"target", "/anon"}});
    auto o = up_to_date(d);
    o.containers.push_back(container(d, "old", 1));
    for (auto& ct : o.containers) {
        ct.anonymous_volumes = {{.name = a, .target = "/anon"},     // declared anonymous: removed
                                {.name = b, .target = "/data"},     // where a named/external volume goes: never
                                {.name = c, .target = "/image"},    // undeclared: only if the image says VOLUME
                                {.name = declared, .target = "/x"}, // a declared volume's name: never
                                {.name = e, .target = "/anon2"}};
        if (ct.service != svc) ct.anonymous_volumes.resize(2);
    }
    auto with_v = converge::plan_down(d, o, {.volumes = true, .remove_orphans = true});
    const auto& mine = with_v.containers.at(svc).front().anonymous_volumes;
    REQUIRE(mine.size() == 3);
    CHECK(mine[0] == converge::AnonymousMount{.name = a, .target = "/anon"});
    CHECK(mine[1] == converge::AnonymousMount{.name = c, .target = "/image", .image_volume = true});
    CHECK(mine[2] == converge::AnonymousMount{.name = e, .target = "/anon2", .image_volume = true});
    CHECK(with_v.to_string().find(fmt::format("container demo-{}-1: stop, remove, anonymous volume aaaaaaaaaaaa (when unused), "
                                              "anonymous volume cccccccccccc (when unused)", svc)) != std::string::npos);
    // an orphan's volumes are not known to be anonymous; nor are any without -v or without a compose file
    REQUIRE(with_v.orphans.size() == 1);
    CHECK(with_v.orphans.front().anonymous_volumes.empty());
    CHECK(converge::plan_down(d, o, {}).containers.at(svc).front().anonymous_volumes.empty());
    CHECK(converge::plan_down(d, o, {.volumes = true, .model = false}).containers.at(svc).front().anonymous_volumes.empty());
}

TEST_CASE("reconcile: health from the container list's Status", "[converge][reconcile]") {
    CHECK(converge::health_from_status("Up 3 seconds (healthy)") == "healthy");
    CHECK(converge::health_from_status("Up 2 minutes (unhealthy)") == "unhealthy");
    CHECK(converge::health_from_status("Up 1 second (health: starting)") == "starting");
    CHECK(converge::health_from_status("Up 5 minutes").empty());
    CHECK(converge::health_from_status("Exited (0) 3 seconds ago").empty());
}

TEST_CASE("reconcile: a service_healthy dependency kept running and healthy is already satisfied",
          "[converge][reconcile]") {
    std::string dir = data_dir("reconcile");
    auto d = load_desired(dir);
    auto waits_on_db = [](const converge::Plan& p, const std::string& svc) {
        std::vector<bool> out;
        for (const auto& s : p.services.at(svc))
            if (s.action == converge::Action::wait && s.dependency == "db") out.push_back(s.satisfied);
        return out;
    };
    auto healthy = up_to_date(d);
    for (auto& c : healthy.containers) c.health = "healthy";

    SECTION("kept, running, healthy: no wait") {
        auto p = converge::reconcile(d, healthy, {});
        REQUIRE(p.ok());
        // only app's wait for migrate to complete asks the engine
        CHECK(p->active_services() == 1);
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{true});
        CHECK(waits_on_db(*p, "app") == std::vector<bool>{true});
        CHECK_FALSE(p->changes());
        CHECK(p->to_string().find("  wait db: service_healthy (already healthy)\n") != std::string::npos);
        // other conditions are never satisfied ahead: service_completed_successfully needs an exit
        for (const auto& s : p->services.at("app"))
            if (s.action == converge::Action::wait && s.dependency == "migrate") CHECK_FALSE(s.satisfied);
        // service_started does not wait at all; it is not marked either
        for (const auto& s : p->services.at("cache"))
            if (s.action == converge::Action::wait) CHECK_FALSE(s.satisfied);
    }
    SECTION("health starting or unhealthy, or no health seen: waited for") {
        for (const std::string h : {"starting", "unhealthy", ""}) {
            auto o = healthy;
            for (auto& c : o.containers)
                if (c.service == "db") c.health = h;
            auto p = converge::reconcile(d, o, {});
            REQUIRE(p.ok());
            CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{false});
        }
    }
    SECTION("a dependency that is recreated, started or scaled up is waited for") {
        auto changed = healthy;
        for (auto& c : changed.containers)
            if (c.service == "db") c.config_hash = "old";
        auto p = converge::reconcile(d, changed, {});
        REQUIRE(p.ok());
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{false});
        CHECK(p->active_services() == 4);

        auto stopped = healthy;
        for (auto& c : stopped.containers)
            if (c.service == "db") c.state = "exited";
        p = converge::reconcile(d, stopped, {});
        REQUIRE(p.ok());
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{false});

        p = converge::reconcile(d, healthy, {.scale = {{"db", 2}}});
        REQUIRE(p.ok());
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{false});

        p = converge::reconcile(d, healthy, {.recreate = converge::RecreatePolicy::force});
        REQUIRE(p.ok());
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{false});
    }
    SECTION("every container of the dependency must be healthy") {
        auto o = healthy;
        auto second = container(d, "db", 2);
        second.health = "starting";
        o.containers.push_back(second);
        auto p = converge::reconcile(d, o, {.scale = {{"db", 2}}});
        REQUIRE(p.ok());
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{false});
    }
    SECTION("a selected service: its dependency is in the plan and kept") {
        auto p = converge::reconcile(d, healthy, {.services = {"migrate"}});
        REQUIRE(p.ok());
        CHECK(waits_on_db(*p, "migrate") == std::vector<bool>{true});
    }
}
