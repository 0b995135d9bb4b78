#pragma once
// Shared helpers of the engine client's end-to-end tests: one client, unique resource names, and a guard
// that removes what a test created even when an assertion fails.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "stackctl/engine/client.hpp"

namespace e2e {

using namespace stackctl::engine;

inline constexpr const char* kTestImage = "stackctl-test/busybox:latest";
/// Every resource carries this label (value: the test process id), so a final sweep can find leftovers.
inline constexpr const char* kRunLabel = "stackctl.e2e.run";

/// The client every test uses (shared, as the orchestrator shares one).
Client& client();
std::string run_id();
/// "stackctl-e2e-<pid>-<what>"
std::string unique(const std::string& what);
Labels run_labels();

/// Removes what a test registered, in reverse order, when it goes out of scope.
class Cleanup {
public:
    Cleanup() = default;
    ~Cleanup();
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    void container(const std::string& id);
    void network(const std::string& id);
    void volume(const std::string& name);
    void image(const std::string& ref);
    void add(std::function<void()> step);

private:
    std::vector<std::function<void()>> steps_;
};

/// Creates (not starts) a container of the test image running `cmd`; `extra` is merged into the body.
std::string create_container(Cleanup& cleanup, const std::string& name, const std::vector<std::string>& cmd,
                             const nlohmann::json& extra = nlohmann::json::object());

/// Collects output pieces, thread-safely.
struct Output {
    std::mutex mu;
    std::string out;
    std::string err;
    OutputFn fn() {
        return [this](StreamId id, std::string_view data) {
            std::lock_guard lock(mu);
            (id == StreamId::err ? err : out).append(data);
            return true;
        };
    }
};

/// REQUIREs a Result/Status to be ok, printing the error otherwise.
#define E2E_REQUIRE_OK(expr)                                                          \
    do {                                                                              \
        const auto& e2e_r_ = (expr);                                                  \
        INFO((e2e_r_.ok() ? std::string() : e2e_r_.error().message));                \
        REQUIRE(e2e_r_.ok());                                                         \
    } while (0)

}  // namespace e2e
