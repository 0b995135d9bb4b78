#include <future>
#include <map>

#include "stackctl/engine/tar.hpp"

#include "support.hpp"

using namespace e2e;
using stackctl::core::Errc;

TEST_CASE("the engine answers and the API version is negotiated", "[e2e][engine]") {
    auto api = client().ping();
    E2E_REQUIRE_OK(api);
    CHECK(*api >= kMinApi);
    auto v = client().version();
    E2E_REQUIRE_OK(v);
    CHECK_FALSE(v->version.empty());
    CHECK(v->negotiated_api == api->str());
}

TEST_CASE("container lifecycle: create, list, start, top, stats, rename, restart, kill, wait, remove",
          "[e2e][engine][containers]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string name = unique("life");
    const std::string id = create_container(cleanup, name, {"sleep", "300"}, {{"Labels", {{kRunLabel, run_id()}, {"role", "life"}}}});

    auto listed = c.list_containers({.all = true, .filters = {{"label", {"role=life", std::string(kRunLabel) + "=" + run_id()}}}});
    E2E_REQUIRE_OK(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().id == id);
    CHECK(listed->front().name() == name);
    CHECK(listed->front().state == "created");
    CHECK(listed->front().labels.at("role") == "life");
    auto running_only = c.list_containers({.filters = {{"label", {"role=life"}}, {"name", {name}}}});
    E2E_REQUIRE_OK(running_only);
    CHECK(running_only->empty());

    E2E_REQUIRE_OK(c.start_container(id));
    E2E_REQUIRE_OK(c.start_container(id));  // already started: the engine's 304 is success
    auto info = c.inspect_container(name);
    E2E_REQUIRE_OK(info);
    CHECK(info->id == id);
    CHECK(info->state.running);
    CHECK(info->state.status == "running");
    CHECK(info->image == kTestImage);

    auto top = c.top_container(id, "");
    E2E_REQUIRE_OK(top);
    CHECK(std::find(top->titles.begin(), top->titles.end(), "PID") != top->titles.end());
    REQUIRE_FALSE(top->processes.empty());

    auto stats = c.container_stats(id);
    E2E_REQUIRE_OK(stats);
    CHECK(stats->contains("memory_stats"));

    const std::string renamed = unique("life-renamed");
    E2E_REQUIRE_OK(c.rename_container(id, renamed));
    auto after = c.inspect_container(renamed);
    E2E_REQUIRE_OK(after);
    CHECK(after->name == renamed);

    E2E_REQUIRE_OK(c.restart_container(id, {.timeout = 0}));
    auto restarted = c.inspect_container(id);
    E2E_REQUIRE_OK(restarted);
    CHECK(restarted->state.running);

    E2E_REQUIRE_OK(c.kill_container(id, "SIGKILL"));
    auto waited = c.wait_container(id, {});
    E2E_REQUIRE_OK(waited);
    CHECK(waited->status_code == 137);
    auto killed_again = c.kill_container(id, "");
    REQUIRE_FALSE(killed_again.ok());
    CHECK(killed_again.error().code == Errc::conflict);
    CHECK_THAT(killed_again.error().message, Catch::Contains("is not running"));
    E2E_REQUIRE_OK(c.stop_container(id, {.timeout = 0}));  // already stopped: 304 is success

    E2E_REQUIRE_OK(c.remove_container(id, {.volumes = true}));
    auto gone = c.inspect_container(id);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == Errc::not_found);
    CHECK(gone.error().message == "No such container: " + id);
}

TEST_CASE("wait for the next exit is registered before the start", "[e2e][engine][containers]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id = create_container(cleanup, unique("exit5"), {"sh", "-c", "exit 5"});
    std::promise<void> ready;
    auto waited = std::async(std::launch::async, [&] {
        return c.wait_container(id, {.condition = WaitCondition::next_exit, .on_ready = [&] { ready.set_value(); }});
    });
    REQUIRE(ready.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    E2E_REQUIRE_OK(c.start_container(id));
    auto result = waited.get();
    E2E_REQUIRE_OK(result);
    CHECK(result->status_code == 5);
    CHECK(result->error.empty());
}

TEST_CASE("engine errors reach the caller with the engine's message", "[e2e][engine][containers]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string name = unique("dup");
    create_container(cleanup, name, {"true"});

    auto dup = c.create_container({.name = name, .body = {{"Image", kTestImage}, {"Cmd", {"true"}}, {"Labels", run_labels()}}});
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().code == Errc::conflict);
    CHECK_THAT(dup.error().message, Catch::StartsWith("Conflict. The container name \"/" + name + "\" is already in use"));

    const std::string missing_image = unique("no-such-image") + ":latest";
    auto no_image = c.create_container({.name = unique("noimg"), .body = {{"Image", missing_image}}});
    REQUIRE_FALSE(no_image.ok());
    CHECK(no_image.error().code == Errc::not_found);
    CHECK(no_image.error().message == "No such image: " + missing_image);

    auto missing = c.start_container(unique("missing"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
    CHECK(missing.error().message == "No such container: " + unique("missing"));

    auto bad = c.create_container({.name = "bad name!", .body = {{"Image", kTestImage}, {"Cmd", {"true"}}}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::engine);
    CHECK_THAT(bad.error().message, Catch::Contains("Invalid container name"));
}

TEST_CASE("files are copied into and out of a container", "[e2e][engine][containers]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id = create_container(cleanup, unique("copy"), {"sleep", "300"});
    E2E_REQUIRE_OK(c.start_container(id));
    std::string tar;
    TarWriter w(string_sink(tar));
    TarMeta dir_meta;
    dir_meta.mode = 0755;
    E2E_REQUIRE_OK(w.add_directory("copied", dir_meta));
    E2E_REQUIRE_OK(w.add_file("copied/a.txt", "copied content\n", TarMeta{}));
    E2E_REQUIRE_OK(w.finish());
    E2E_REQUIRE_OK(c.put_archive(id, "/tmp", BodySource::from_string(tar)));

    Output out;
    auto code = exec_run(c, id, {.cmd = {"cat", "/tmp/copied/a.txt"}}, out.fn());
    E2E_REQUIRE_OK(code);
    CHECK(*code == 0);
    CHECK(out.out == "copied content\n");

    std::string back;
    E2E_REQUIRE_OK(c.get_archive(id, "/tmp/copied", [&](std::string_view chunk) {
        back.append(chunk);
        return true;
    }));
    CHECK(back.size() % 512 == 0);
    CHECK(back.find("copied/a.txt") != std::string::npos);
    CHECK(back.find("copied content\n") != std::string::npos);

    auto missing = c.put_archive(id, "/no/such/dir", BodySource::from_string(tar));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
}

TEST_CASE("a volume's content goes through the archive endpoints of a container that never started",
          "[e2e][engine][containers][volumes]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string vol = unique("archive-vol");
    E2E_REQUIRE_OK(c.create_volume({.name = vol, .labels = run_labels()}));
    cleanup.volume(vol);
    const nlohmann::json mount = {{"HostConfig",
                                   {{"Mounts",
                                     {{{"Type", "volume"},
                                       {"Source", vol},
                                       {"Target", "/vol"},
                                       {"VolumeOptions", {{"NoCopy", true}}}}}}}}};
    const std::string id = create_container(cleanup, unique("archive-helper"), {"true"}, mount);

    std::string tar;
    TarWriter w(string_sink(tar));
    TarMeta dir_meta;
    dir_meta.mode = 0750;
    E2E_REQUIRE_OK(w.add_directory("sub", dir_meta));
    TarMeta file_meta;
    file_meta.mode = 0604;
    E2E_REQUIRE_OK(w.add_file("sub/data.txt", "volume content\n", file_meta));
    E2E_REQUIRE_OK(w.add_symlink("link", "sub/data.txt", TarMeta{}));
    E2E_REQUIRE_OK(w.finish());
    E2E_REQUIRE_OK(c.put_archive(id, "/vol", BodySource::from_string(tar)));

    // "/vol/." gives the content with names relative to the volume ("./sub/data.txt").
    std::vector<TarEntry> entries;
    TarScanner scan([&](const TarEntry& e) {
        entries.push_back(e);
        return stackctl::core::Status{};
    });
    stackctl::core::Status scanned;
    E2E_REQUIRE_OK(c.get_archive(id, "/vol/.", [&](std::string_view chunk) {
        scanned = scan.feed(chunk);
        return scanned.ok();
    }));
    E2E_REQUIRE_OK(scanned);
    E2E_REQUIRE_OK(scan.finish());
    std::map<std::string, TarEntry> by_name;
    for (const auto& e : entries) by_name[e.name] = e;
    REQUIRE(by_name.count("./sub/data.txt") == 1);
    CHECK(by_name["./sub/data.txt"].mode == 0604);
    CHECK(by_name["./sub/data.txt"].size == 15);
    REQUIRE(by_name.count("./sub/") == 1);
    CHECK(by_name["./sub/"].mode == 0750);
    REQUIRE(by_name.count("./link") == 1);
    CHECK(by_name["./link"].type == '2');
    CHECK(by_name["./link"].link == "sub/data.txt");

    auto info = c.inspect_container(id);
    E2E_REQUIRE_OK(info);
    CHECK(info->state.status == "created");
}
