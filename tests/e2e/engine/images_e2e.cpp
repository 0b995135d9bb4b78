#include <cstdlib>
#include <fstream>

#include "stackctl/engine/build_context.hpp"
#include "stackctl/engine/tar.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

using namespace e2e;
using stackctl::core::Errc;

using stackctl::test::TempDir;

namespace {

/// Runs `cmd` in a throwaway container of `image` and returns its stdout.
std::string run_in(Cleanup& cleanup, const std::string& image, const std::vector<std::string>& cmd) {
    Client& c = client();
    auto created = c.create_container({.name = unique("run-" + std::to_string(std::rand())),
                                       .body = {{"Image", image}, {"Cmd", cmd}, {"Labels", run_labels()}}});
    E2E_REQUIRE_OK(created);
    cleanup.container(created->id);
    E2E_REQUIRE_OK(c.start_container(created->id));
    E2E_REQUIRE_OK(c.wait_container(created->id, {}));
    Output out;
    E2E_REQUIRE_OK(c.container_logs(created->id, {.tty = false}, out.fn()));
    return out.out;
}

}  // namespace

TEST_CASE("a build streams its context, honours .dockerignore, and reports progress", "[e2e][engine][build]") {
    Cleanup cleanup;
    Client& c = client();
    TempDir ctx;
    ctx.write("Dockerfile",
              "FROM stackctl-test/busybox:latest\n"
              "ARG GREETING=none\n"
              "LABEL stage=test\n"
              "COPY . /ctx/\n"
              "RUN echo \"$GREETING\" > /greeting\n");
    ctx.write(".dockerignore", "secret.txt\n**/*.log\n!keep.log\n");
    ctx.write("secret.txt", "do not send\n");
    ctx.write("keep.log", "kept\n");
    ctx.write("app/debug.log", "noise\n");
    ctx.write("app/main.txt", "main\n");

    const std::string tag = unique("built") + ":1";
    cleanup.image(tag);
    std::string output;
    auto built = c.build_image({.tags = {tag}, .build_args = {{"GREETING", "hello"}}, .labels = run_labels()},
                               build_context_body(ctx.path, {}), [&](const JsonMessage& m) {
                                   output += m.stream;
                                   return true;
                               });
    INFO(output);
    E2E_REQUIRE_OK(built);
    CHECK_THAT(built->image_id, Catch::StartsWith("sha256:"));
    CHECK_THAT(output, Catch::Contains("Step 1/6 : FROM stackctl-test/busybox:latest"));

    auto img = c.inspect_image(tag);
    E2E_REQUIRE_OK(img);
    REQUIRE(img->has_value());
    CHECK((*img)->id == built->image_id);
    CHECK((*img)->labels.at("stage") == "test");
    CHECK((*img)->labels.at(kRunLabel) == run_id());

    const std::string listing = run_in(cleanup, tag, {"sh", "-c", "cd /ctx && find . -type f | sort; cat /greeting"});
    CHECK(listing == "./.dockerignore\n./Dockerfile\n./app/main.txt\n./keep.log\nhello\n");
}

TEST_CASE("a failing build is an error with the engine's message", "[e2e][engine][build]") {
    Client& c = client();
    Cleanup cleanup;
    TempDir ctx;
    ctx.write("Dockerfile", "FROM stackctl-test/busybox:latest\nRUN echo building && exit 3\n");
    std::string output;
    auto failed = c.build_image({.labels = run_labels(), .force_remove_intermediate = true},
                                build_context_body(ctx.path, {}), [&](const JsonMessage& m) {
                                    output += m.stream;
                                    return true;
                                });
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == Errc::engine);
    CHECK(failed.error().message == "The command '/bin/sh -c echo building && exit 3' returned a non-zero code: 3");
    CHECK_THAT(output, Catch::Contains("building"));

    TempDir bad;
    bad.write("Dockerfile", "FROMM stackctl-test/busybox:latest\n");
    auto parse = c.build_image({}, build_context_body(bad.path, {}), {});
    REQUIRE_FALSE(parse.ok());
    CHECK_THAT(parse.error().message, Catch::Contains("unknown instruction: FROMM"));

    TempDir missing;
    missing.write("other", "x");
    auto nofile = c.build_image({.dockerfile = "nope.Dockerfile"}, build_context_body(missing.path, {.dockerfile = "nope.Dockerfile"}), {});
    REQUIRE_FALSE(nofile.ok());
    CHECK_THAT(nofile.error().message, Catch::Contains("nope.Dockerfile"));
}

TEST_CASE("a pull that cannot reach its registry fails with the engine's message", "[e2e][engine][pull]") {
    int messages = 0;
    auto st = client().pull_image("stackctl-e2e-nonexistent.invalid/foo:latest", {}, [&](const JsonMessage&) {
        ++messages;
        return true;
    });
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == Errc::engine);
    CHECK_THAT(st.error().message, Catch::Contains("stackctl-e2e-nonexistent.invalid"));
    INFO(st.error().message);
    CHECK(messages == 0);
}

TEST_CASE("images: import from a tar stream, inspect, tag, list, remove", "[e2e][engine][images]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string repo = unique("imported");
    cleanup.image(repo + ":v1");
    cleanup.image(repo + ":v2");

    auto before = c.inspect_image(repo + ":v1");
    E2E_REQUIRE_OK(before);
    CHECK_FALSE(before->has_value());  // not found is not an error

    auto id = c.import_image({.repo = repo, .tag = "v1", .changes = {"LABEL " + std::string(kRunLabel) + "=" + run_id()}},
                             BodySource::from_producer([](const WriteFn& write) -> stackctl::core::Status {
                                 TarWriter w(write);
                                 TarMeta dir;
                                 dir.mode = 0755;
                                 STACKCTL_TRY(w.add_directory("etc", dir));
                                 STACKCTL_TRY(w.add_file("etc/motd", "imported\n", TarMeta{}));
                                 return w.finish();
                             }),
                             {});
    E2E_REQUIRE_OK(id);
    CHECK_THAT(*id, Catch::StartsWith("sha256:"));

    auto img = c.inspect_image(repo + ":v1");
    E2E_REQUIRE_OK(img);
    REQUIRE(img->has_value());
    CHECK((*img)->id == *id);
    CHECK((*img)->labels.at(kRunLabel) == run_id());

    E2E_REQUIRE_OK(c.tag_image(repo + ":v1", repo, "v2"));
    auto by_ref = c.list_images({.filters = {{"reference", {repo}}}});
    E2E_REQUIRE_OK(by_ref);
    REQUIRE(by_ref->size() == 1);
    auto tags = by_ref->front().repo_tags;
    std::sort(tags.begin(), tags.end());
    CHECK(tags == std::vector<std::string>{repo + ":v1", repo + ":v2"});
    auto by_label = c.list_images({.filters = {{"label", {std::string(kRunLabel) + "=" + run_id()}}, {"reference", {repo + ":v2"}}}});
    E2E_REQUIRE_OK(by_label);
    CHECK(by_label->size() == 1);

    auto untag = c.remove_image(repo + ":v2", {});
    E2E_REQUIRE_OK(untag);
    REQUIRE(untag->size() == 1);
    CHECK(untag->front().untagged == repo + ":v2");
    auto del = c.remove_image(repo + ":v1", {});
    E2E_REQUIRE_OK(del);
    CHECK(std::any_of(del->begin(), del->end(), [&](const ImageDeleted& d) { return d.deleted == *id; }));
    auto after = c.inspect_image(*id);
    E2E_REQUIRE_OK(after);
    CHECK_FALSE(after->has_value());

    auto missing = c.remove_image(repo + ":v1", {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);

    // A producer's failure aborts the upload and is what the caller sees.
    auto broken = c.import_image({.repo = repo, .tag = "broken"}, BodySource::from_producer([](const WriteFn& write) -> stackctl::core::Status {
                                     STACKCTL_TRY(write(std::string(512, 'x')));
                                     return stackctl::core::Status(stackctl::core::Error(Errc::io, "disk on fire"));
                                 }),
                                 {});
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message == "disk on fire");
}
