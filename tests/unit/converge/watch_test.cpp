// ContainerWatch: waits decided by the events stream, with inspections for the state before it.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "fake_client.hpp"
#include "stackctl/converge/watch.hpp"

using namespace stackctl;
using namespace converge_test;

namespace {

/// A container of service `svc` that exists but was never started (as far as inspections go).
std::string created(FakeClient& fake, const std::string& svc) {
    engine::ContainerCreate req;
    req.name = "demo-" + svc + "-1";
    req.body = {{"Labels", {{"com.docker.compose.service", svc}}}};
    auto c = fake.create_container(req);
    REQUIRE(c);
    return c->id;
}

/// Pushes the events once the wait has had time to take its first look.
std::thread later(FakeClient& fake, std::string id, std::vector<std::pair<std::string, std::string>> events) {
    return std::thread([&fake, id = std::move(id), events = std::move(events)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (const auto& [action, code] : events)
            fake.push_event(id, action, code.empty() ? std::map<std::string, std::string>{}
                                                     : std::map<std::string, std::string>{{"exitCode", code}});
    });
}

}  // namespace

TEST_CASE("watch: a health event is enough, even when the start was never seen", "[converge][watch]") {
    // The container started before the subscription: its first event is its health status.
    FakeClient fake;
    fake.health = {{"db", "healthy"}};
    const std::string id = created(fake, "db");
    converge::ContainerWatch watch(fake, "demo", nullptr);
    auto t = later(fake, id, {{"health_status: healthy", ""}});
    auto r = watch.wait_ready(id, "demo-db-1", std::chrono::steady_clock::now() + std::chrono::seconds(30));
    t.join();
    REQUIRE(r);
    CHECK(*r == "Healthy");
}

TEST_CASE("watch: service_healthy fails on unhealthy, service_completed_successfully on a non-zero exit",
          "[converge][watch]") {
    FakeClient fake;
    fake.health = {{"db", "starting"}};
    const std::string db = created(fake, "db");
    const std::string job = created(fake, "job");
    converge::ContainerWatch watch(fake, "demo", nullptr);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);

    auto t1 = later(fake, db, {{"start", ""}, {"health_status: unhealthy", ""}});
    auto s = watch.wait(db, "demo-db-1", graph::Condition::healthy, deadline);
    t1.join();
    REQUIRE_FALSE(s);
    CHECK(s.error().code == core::Errc::unhealthy);
    CHECK(s.error().message == "container demo-db-1 is unhealthy");

    auto t2 = later(fake, job, {{"start", ""}, {"die", "3"}});
    auto c = watch.wait(job, "demo-job-1", graph::Condition::completed_successfully, deadline);
    t2.join();
    REQUIRE_FALSE(c);
    CHECK(c.error().message == "container demo-job-1 didn't complete successfully: exit 3");
}

TEST_CASE("watch: a one-shot that exits 0 is ready; a wait past its deadline times out", "[converge][watch]") {
    FakeClient fake;
    const std::string job = created(fake, "job");
    const std::string idle = created(fake, "idle");
    converge::ContainerWatch watch(fake, "demo", nullptr);

    // (seen running first, a service without a health check would count as ready at once)
    auto t = later(fake, job, {{"die", "0"}});
    auto r = watch.wait_ready(job, "demo-job-1", std::chrono::steady_clock::now() + std::chrono::seconds(30));
    t.join();
    REQUIRE(r);
    CHECK(*r == "Exited");

    auto late = watch.wait_ready(idle, "demo-idle-1", std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
    REQUIRE_FALSE(late);
    CHECK(late.error().code == core::Errc::timeout);
    CHECK(late.error().message == "timeout waiting for container demo-idle-1");
}

TEST_CASE("watch: the stop flag (another service failed) ends a wait that would never end", "[converge][watch]") {
    FakeClient fake;
    fake.health = {{"db", "starting"}};
    const std::string db = created(fake, "db");
    std::atomic<bool> stop{false};
    converge::ContainerWatch watch(fake, "demo", nullptr, &stop);
    // db starts and stays "starting": only the flag can end this wait (no deadline)
    auto t = later(fake, db, {{"start", ""}});
    std::thread setter([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop = true;
    });
    auto r = watch.wait(db, "demo-db-1", graph::Condition::healthy, std::nullopt);
    t.join();
    setter.join();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == core::Errc::interrupted);
    CHECK(r.error().message == "stopped waiting for container demo-db-1");
}
