#include <algorithm>

#include "converge_support.hpp"
#include "fake_client.hpp"
#include "stackctl/converge/create_request.hpp"
#include "stackctl/converge/execute.hpp"
#include "stackctl/converge/plan.hpp"

using namespace stackctl;
using namespace converge_test;

namespace {

struct Run {
    core::Result<converge::ExecuteResult> result = core::Error(core::Errc::internal, "not run");
    std::vector<std::string> calls;
    std::vector<converge::ProgressEvent> events;
};

Run execute(FakeClient& fake, const converge::DesiredState& d) {
    converge::ObservedState observed;
    observed.image_ids["stackctl-test/busybox:latest"] = "sha256:img";
    auto plan = converge::reconcile(d, observed, {});
    if (!plan) FAIL(plan.error().message);
    Run run;
    std::mutex mu;
    converge::ProgressSink sink = [&](const converge::ProgressEvent& ev) {
        std::lock_guard l(mu);
        run.events.push_back(ev);
    };
    run.result = converge::execute_up(fake, d, observed, *plan, sink, {});
    run.calls = fake.calls();
    return run;
}

std::ptrdiff_t pos(const std::vector<std::string>& calls, const std::string& call) {
    auto it = std::find(calls.begin(), calls.end(), call);
    return it == calls.end() ? -1 : it - calls.begin();
}

bool has_event(const Run& r, const std::string& id, const std::string& text, const std::string& detail_part = {}) {
    return std::any_of(r.events.begin(), r.events.end(), [&](const converge::ProgressEvent& e) {
        return e.id == id && e.text == text && e.detail.find(detail_part) != std::string::npos;
    });
}

std::string joined(const std::vector<std::string>& calls) {
    std::string out;
    for (const auto& c : calls) out += c + "\n";
    return out;
}

}  // namespace

TEST_CASE("executor: networks first, then services along the dependency graph", "[converge][execute]") {
    auto d = load_desired(data_dir("execute"));
    FakeClient fake;
    fake.health = {{"db", "healthy"}, {"flaky", "healthy"}};
    Run r = execute(fake, d);
    INFO(joined(r.calls));
    REQUIRE(r.result);
    CHECK(r.calls.front() == "network demo_default");
    for (const char* svc : {"db", "cache", "app", "flaky", "tool"}) {
        std::string name = std::string("demo-") + svc + "-1";
        CHECK(pos(r.calls, "create " + name) >= 0);
        CHECK(pos(r.calls, "create " + name) < pos(r.calls, "start " + name));
    }
    // as the reference does, containers are created up front and a dependent is started only once its
    // dependencies have started (and db is healthy)
    CHECK(pos(r.calls, "start demo-db-1") < pos(r.calls, "start demo-app-1"));
    CHECK(pos(r.calls, "start demo-cache-1") < pos(r.calls, "start demo-app-1"));
    CHECK(pos(r.calls, "start demo-flaky-1") < pos(r.calls, "start demo-tool-1"));
    CHECK(has_event(r, "Container demo-db-1", "Healthy"));
    CHECK(r.result->containers.at("app") == std::vector<std::string>{"id-demo-app-1"});
}

TEST_CASE("executor: a failed dependency stops its dependents and is reported", "[converge][execute]") {
    auto d = load_desired(data_dir("execute"));
    FakeClient fake;
    fake.health = {{"db", "healthy"}, {"flaky", "healthy"}};
    fake.fail_start["demo-db-1"] = "driver failed programming external connectivity";
    Run r = execute(fake, d);
    INFO(joined(r.calls));
    REQUIRE_FALSE(r.result);
    CHECK(r.result.error().message.find("driver failed programming") != std::string::npos);
    CHECK(pos(r.calls, "start-failed demo-db-1") >= 0);
    CHECK(pos(r.calls, "start demo-app-1") == -1);
    CHECK(has_event(r, "Container demo-db-1", "Error", "driver failed programming"));
}

TEST_CASE("executor: an unhealthy required dependency fails, naming its container", "[converge][execute]") {
    auto d = load_desired(data_dir("execute"));
    FakeClient fake;
    fake.health = {{"db", "unhealthy"}, {"flaky", "healthy"}};
    Run r = execute(fake, d);
    INFO(joined(r.calls));
    REQUIRE_FALSE(r.result);
    CHECK(r.result.error().message.find("demo-db-1 is unhealthy") != std::string::npos);
    CHECK(pos(r.calls, "start demo-app-1") == -1);
    CHECK(has_event(r, "Container demo-db-1", "Error", "unhealthy"));
}

TEST_CASE("executor: a required: false dependency that fails is a warning", "[converge][execute]") {
    auto d = load_desired(data_dir("execute"));
    FakeClient fake;
    fake.health = {{"db", "healthy"}, {"flaky", "unhealthy"}};
    Run r = execute(fake, d);
    INFO(joined(r.calls));
    REQUIRE(r.result);
    CHECK(pos(r.calls, "start demo-flaky-1") < pos(r.calls, "start demo-tool-1"));
    CHECK(has_event(r, "Container demo-flaky-1", "Warning", "optional dependency flaky of tool failed"));
}

TEST_CASE("executor: secrets and configs from environment or content are copied in before start", "[converge][execute]") {
    auto d = load_desired(data_dir("execute_secrets"));
    d.environment["SEC_VAR"] = "s3cret";
    FakeClient fake;
    Run r = execute(fake, d);
    INFO(joined(r.calls));
    REQUIRE(r.result);
    auto put = pos(r.calls, "put_archive demo-app-1 /");
    CHECK(pos(r.calls, "create demo-app-1") < put);
    CHECK(put < pos(r.calls, "start demo-app-1"));
    std::string tar = fake.archive("demo-app-1");
    CHECK(tar.find("run/secrets/token") != std::string::npos);
    CHECK(tar.find("s3cret") != std::string::npos);
    CHECK(tar.find("etc/app.conf") != std::string::npos);
    CHECK(tar.find("port = 80") != std::string::npos);
}

TEST_CASE("executor: a container that cannot be finished after its create is removed, not left half-made",
          "[converge][execute]") {
    auto d = load_desired(data_dir("execute_secrets"));
    d.environment["SEC_VAR"] = "s3cret";
    FakeClient fake;
    fake.fail_put_archive["demo-app-1"] = "no space left on device";
    Run r = execute(fake, d);
    INFO(joined(r.calls));
    REQUIRE_FALSE(r.result);
    CHECK(r.result.error().message.find("no space left on device") != std::string::npos);
    const auto failed = pos(r.calls, "put_archive-failed demo-app-1");
    REQUIRE(failed >= 0);
    CHECK(pos(r.calls, "remove demo-app-1") > failed);
    CHECK(pos(r.calls, "start demo-app-1") == -1);
}

TEST_CASE("executor: a recreated container's replacement is made before the old one is removed",
          "[converge][execute]") {
    auto d = load_desired(data_dir("execute"));
    converge::ObservedState observed;
    observed.image_ids["stackctl-test/busybox:latest"] = "sha256:img";
    for (const auto& svc : d.services) {
        converge::ObservedContainer c;
        c.id = "0123456789ab" + svc.name + "-old";
        c.name = "demo-" + svc.name + "-1";
        c.service = svc.name;
        c.number = 1;
        c.state = "running";
        c.config_hash = svc.name == "cache" ? "stale" : svc.hash;
        c.image_id = "sha256:img";
        observed.containers.push_back(c);
    }
    auto plan = converge::reconcile(d, observed, {.no_deps = true, .services = {"cache"}});
    REQUIRE(plan);
    FakeClient fake;
    REQUIRE(converge::execute_up(fake, d, observed, *plan, {}, {}));
    const auto calls = fake.calls();
    INFO(joined(calls));
    const auto made = pos(calls, "create 0123456789ab_demo-cache-1");
    REQUIRE(made >= 0);
    CHECK(made < pos(calls, "stop 0123456789abcache-old"));
    CHECK(pos(calls, "stop 0123456789abcache-old") < pos(calls, "remove 0123456789abcache-old"));
    CHECK(pos(calls, "remove 0123456789abcache-old") < pos(calls, "rename 0123456789ab_demo-cache-1 demo-cache-1"));
    CHECK(pos(calls, "rename 0123456789ab_demo-cache-1 demo-cache-1") < pos(calls, "start demo-cache-1"));
}

TEST_CASE("executor: down -v removes a container's engine-named volumes, never a labelled or used one",
          "[converge][execute]") {
    const std::string carried(64, 'a'), labelled(64, 'b'), shared(64, 'c'), gone(64, 'd'), marked(64, 'e');
    FakeClient fake;
    fake.volumes[carried] = {};
    fake.volumes[labelled] = {{"owner", "someone"}};
    fake.volumes[shared] = {};
    fake.volumes[marked] = {{"com.docker.volume.anonymous", ""}};
    fake.volumes_in_use = {shared};
    converge::DownPlan plan;
    plan.graph.add_node("db");
    converge::ObservedContainer c;
    c.id = "id-db-1";
    c.name = "demo-db-1";
    c.service = "db";
    c.state = "exited";
    for (const auto& v : {carried, labelled, shared, gone, marked}) c.anonymous_volumes.push_back({.name = v, .target = "/" + v});
    // undeclared by the service and the image cannot say it declares a VOLUME there: kept
    const std::string unproven(64, 'f');
    fake.volumes[unproven] = {};
    c.anonymous_volumes.push_back({.name = unproven, .target = "/img", .image_volume = true});
    plan.containers["db"].push_back(c);
    auto st = converge::execute_down(fake, plan, {}, {.volumes = true});
    REQUIRE(st.ok());
    CHECK(fake.calls() == std::vector<std::string>{"remove id-db-1", "remove volume " + carried, "remove volume " + marked});
    CHECK(fake.volumes.count(labelled) == 1);
    CHECK(fake.volumes.count(shared) == 1);
    CHECK(fake.volumes.count(unproven) == 1);
}

TEST_CASE("create request: files to copy for secrets and configs", "[converge][execute]") {
    auto d = load_desired(data_dir("execute_secrets"));
    d.environment["SEC_VAR"] = "s3cret";
    const auto* s = d.service("app");
    REQUIRE(s != nullptr);
    auto req = converge::create_request(d, *s, {});
    REQUIRE(req);
    REQUIRE(req->files.size() == 2);
    CHECK(req->files[0].target == "/run/secrets/token");
    CHECK(req->files[0].content == "s3cret");
    CHECK(req->files[0].mode == 0400);
    CHECK(req->files[0].uid == 1000);
    CHECK(req->files[1].target == "/etc/app.conf");
    CHECK(req->files[1].content == "port = 80 # $literal\n");
    CHECK(req->files[1].mode == 0444);
    // the file-based secret is a read-only bind
    const auto& mounts = req->create.body["HostConfig"]["Mounts"];
    REQUIRE(mounts.size() == 1);
    CHECK(mounts[0]["Target"] == "/run/secrets/file_secret");
    CHECK(mounts[0]["ReadOnly"] == true);

    d.environment.erase("SEC_VAR");
    auto missing = converge::create_request(d, *s, {});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "services.app.secrets: environment variable \"SEC_VAR\" required by secret \"demo_token\" is not set");
}
