#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "stackctl/graph/graph.hpp"

using namespace stackctl;
using graph::Edge;
using graph::Graph;

namespace {

Graph three_tier() {
    Graph g;
    g.add_node("db");
    g.add_edge("migrate", Edge{"db", graph::Condition::healthy});
    g.add_edge("app", Edge{"db", graph::Condition::healthy});
    g.add_edge("app", Edge{"migrate", graph::Condition::completed_successfully});
    g.add_node("cache");
    return g;
}

}  // namespace

TEST_CASE("graph: order, dependents, closures", "[graph]") {
    Graph g = three_tier();
    CHECK(g.order() == std::vector<std::string>{"db", "cache", "migrate", "app"});
    CHECK(g.dependents("db") == std::vector<std::string>{"migrate", "app"});
    CHECK(g.with_dependencies({"app"}) == std::vector<std::string>{"db", "migrate", "app"});
    CHECK(g.with_dependents({"migrate"}) == std::vector<std::string>{"migrate", "app"});
    Graph sub = g.subgraph({"app", "db"});
    CHECK(sub.size() == 2);
    CHECK(sub.dependencies("app").size() == 1);
    CHECK(graph::parse_condition("service_completed_successfully") == graph::Condition::completed_successfully);
    CHECK(std::string(graph::condition_name(graph::Condition::healthy)) == "service_healthy");
}

TEST_CASE("graph: cycles are refused with their path", "[graph]") {
    Graph g;
    g.add_edge("a", Edge{"b"});
    g.add_edge("b", Edge{"c"});
    g.add_edge("c", Edge{"a"});
    auto s = g.check_acyclic();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == core::Errc::cycle);
    CHECK(s.error().message == "dependency cycle: a -> b -> c -> a");
    bool visited = false;
    CHECK_FALSE(graph::walk(g, {}, [&](const std::string&) {
                    visited = true;
                    return core::Status{};
                }).ok());
    CHECK_FALSE(visited);
}

TEST_CASE("graph: forward and reverse walks respect the edges", "[graph]") {
    Graph g = three_tier();
    for (auto dir : {graph::Direction::forward, graph::Direction::reverse}) {
        std::mutex mu;
        std::vector<std::string> seen;
        auto s = graph::walk(g, {.direction = dir, .workers = 4}, [&](const std::string& n) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            std::lock_guard l(mu);
            seen.push_back(n);
            return core::Status{};
        });
        REQUIRE(s.ok());
        REQUIRE(seen.size() == 4);
        auto pos = [&](const std::string& n) { return std::find(seen.begin(), seen.end(), n) - seen.begin(); };
        if (dir == graph::Direction::forward) {
            CHECK(pos("db") < pos("migrate"));
            CHECK(pos("migrate") < pos("app"));
        } else {
            CHECK(pos("app") < pos("migrate"));
            CHECK(pos("migrate") < pos("db"));
        }
    }
}

TEST_CASE("graph: independent nodes run in parallel, bounded", "[graph]") {
    Graph g;
    for (int i = 0; i < 12; ++i) g.add_node("s" + std::to_string(i));
    std::atomic<int> now{0};
    std::atomic<int> peak{0};
    auto s = graph::walk(g, {.workers = 4}, [&](const std::string&) {
        int v = ++now;
        int p = peak.load();
        while (v > p && !peak.compare_exchange_weak(p, v)) {
        }
        // hold the slot until another visit overlaps (or 2 s pass), so a loaded machine cannot make it flaky
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (peak.load() < 2 && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        --now;
        return core::Status{};
    });
    REQUIRE(s.ok());
    CHECK(peak.load() > 1);
    CHECK(peak.load() <= 4);
}

TEST_CASE("graph: the first error stops scheduling", "[graph]") {
    Graph g = three_tier();
    std::mutex mu;
    std::vector<std::string> seen;
    auto s = graph::walk(g, {.workers = 1}, [&](const std::string& n) -> core::Status {
        std::lock_guard l(mu);
        seen.push_back(n);
        if (n == "db") return core::Error(core::Errc::engine, "boom");
        return {};
    });
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "boom");
    CHECK(std::find(seen.begin(), seen.end(), "app") == seen.end());
    CHECK(std::find(seen.begin(), seen.end(), "migrate") == seen.end());
}

TEST_CASE("graph: cancellation ends the walk as interrupted", "[graph]") {
    Graph g = three_tier();
    std::atomic<bool> cancel{false};
    int visits = 0;
    auto s = graph::walk(g, {.workers = 1, .cancel = &cancel}, [&](const std::string&) {
        ++visits;
        cancel = true;
        return core::Status{};
    });
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == core::Errc::interrupted);
    CHECK(visits == 1);
}
