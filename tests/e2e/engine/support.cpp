// Listeners need Catch2 v2's external interfaces.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "support.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace e2e {

Client& client() {
    static std::unique_ptr<Client> c = [] {
        auto ep = endpoint_from_env();
        if (!ep) FAIL("DOCKER_HOST: " << ep.error().message);
        return make_docker_client(*ep);
    }();
    return *c;
}

std::string run_id() { return std::to_string(::getpid()); }

std::string unique(const std::string& what) { return "stackctl-e2e-" + run_id() + "-" + what; }

Labels run_labels() { return {{kRunLabel, run_id()}}; }

Cleanup::~Cleanup() {
    for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
        try {
            (*it)();
        } catch (...) {  // a cleanup step never fails the test run
        }
    }
}

void Cleanup::add(std::function<void()> step) { steps_.push_back(std::move(step)); }

void Cleanup::container(const std::string& id) {
    add([id] { (void)client().remove_container(id, {.force = true, .volumes = true}); });
}

void Cleanup::network(const std::string& id) {
    add([id] { (void)client().remove_network(id); });
}

void Cleanup::volume(const std::string& name) {
    add([name] { (void)client().remove_volume(name, true); });
}

void Cleanup::image(const std::string& ref) {
    add([ref] { (void)client().remove_image(ref, {.force = true}); });
}

std::string create_container(Cleanup& cleanup, const std::string& name, const std::vector<std::string>& cmd,
                             const nlohmann::json& extra) {
    nlohmann::json body = {{"Image", kTestImage}, {"Cmd", cmd}, {"Labels", run_labels()}};
    body.update(extra);
    auto created = client().create_container({.name = name, .body = body});
    INFO((created.ok() ? std::string() : created.error().message));
    REQUIRE(created.ok());
    cleanup.container(created->id);
    return created->id;
}

}  // namespace e2e

namespace {

using namespace e2e;

/// Removes anything labelled with this run that a test left behind (belt and braces: every test has its
/// own Cleanup guard).
struct SweepListener : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;
    void testRunEnded(const Catch::TestRunStats& stats) override {
        const Filters f{{"label", {std::string(kRunLabel) + "=" + run_id()}}};
        Client& c = client();
        if (auto cs = c.list_containers({.all = true, .filters = f}); cs.ok()) {
            for (const auto& x : *cs) (void)c.remove_container(x.id, {.force = true, .volumes = true});
        }
        if (auto ns = c.list_networks(f); ns.ok()) {
            for (const auto& x : *ns) (void)c.remove_network(x.id);
        }
        if (auto vs = c.list_volumes(f); vs.ok()) {
            for (const auto& x : *vs) (void)c.remove_volume(x.name, true);
        }
        if (auto is = c.list_images({.filters = f}); is.ok()) {
            for (const auto& x : *is) (void)c.remove_image(x.id, {.force = true});
        }
        TestEventListenerBase::testRunEnded(stats);
    }
};

}  // namespace

CATCH_REGISTER_LISTENER(SweepListener)
