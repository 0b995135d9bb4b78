#include <atomic>
#include <future>
#include <thread>

#include "support.hpp"

using namespace e2e;
using stackctl::core::Errc;

TEST_CASE("calls from many threads run in parallel, next to a long stream", "[e2e][engine][concurrency]") {
    Cleanup cleanup;
    Client& c = client();
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(create_container(cleanup, unique("par-" + std::to_string(i)), {"sleep", "300"}));

    // An event stream holds one connection for the whole test.
    CancelFlag stop_events{false};
    std::atomic<int> starts{0};
    auto events = std::async(std::launch::async, [&] {
        return c.events({.filters = {{"type", {"container"}}, {"event", {"start"}}, {"label", {std::string(kRunLabel) + "=" + run_id()}}},
                         .cancel = &stop_events},
                        [&](const Event&) {
                            ++starts;
                            return true;
                        });
    });

    // Bounded parallel start, as the orchestrator does it.
    std::vector<std::future<stackctl::core::Status>> started;
    for (const auto& id : ids) started.push_back(std::async(std::launch::async, [&c, id] { return c.start_container(id); }));
    for (auto& f : started) E2E_REQUIRE_OK(f.get());

    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 15; ++i) {
                auto info = c.inspect_container(ids[static_cast<std::size_t>((t + i) % 6)]);
                if (!info || !info->state.running) ++failures;
                auto list = c.list_containers({.filters = {{"label", {std::string(kRunLabel) + "=" + run_id()}}}});
                if (!list || list->size() < 6) ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(failures == 0);

    for (int i = 0; i < 50 && starts < 6; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(starts == 6);
    stop_events = true;
    auto st = events.get();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == Errc::interrupted);

    std::vector<std::future<stackctl::core::Status>> removed;
    for (const auto& id : ids) {
        removed.push_back(std::async(std::launch::async, [&c, id] { return c.remove_container(id, {.force = true}); }));
    }
    for (auto& f : removed) E2E_REQUIRE_OK(f.get());
}

TEST_CASE("a client-wide cancel flag ends every call", "[e2e][engine][concurrency]") {
    CancelFlag cancel_all{false};
    auto ep = endpoint_from_env();
    E2E_REQUIRE_OK(ep);
    auto c = make_docker_client(*ep, {.cancel = &cancel_all});
    E2E_REQUIRE_OK(c->ping());
    auto stream = std::async(std::launch::async, [&] {
        return c->events({.filters = {{"container", {unique("never")}}}}, [](const Event&) { return true; });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel_all = true;
    REQUIRE(stream.wait_for(std::chrono::seconds(1)) == std::future_status::ready);
    auto st = stream.get();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == Errc::interrupted);
}
