#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "support.hpp"

using namespace e2e;
using stackctl::core::Errc;

namespace {

/// A pipe whose write end is fed `data` by a thread and then closed.
struct FedPipe {
    int read_fd = -1;
    std::thread writer;
    explicit FedPipe(std::string data) {
        int fds[2];
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        read_fd = fds[0];
        writer = std::thread([w = fds[1], d = std::move(data)] {
            std::string_view rest = d;
            while (!rest.empty()) {
                const ssize_t n = ::write(w, rest.data(), rest.size());
                if (n <= 0) break;
                rest.remove_prefix(static_cast<std::size_t>(n));
            }
            ::close(w);
        });
    }
    ~FedPipe() {
        if (writer.joinable()) writer.join();
        ::close(read_fd);
    }
    FedPipe(const FedPipe&) = delete;
    FedPipe& operator=(const FedPipe&) = delete;
};

}  // namespace

TEST_CASE("logs of a container without a TTY are demultiplexed into stdout and stderr", "[e2e][engine][logs]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id =
        create_container(cleanup, unique("logs"), {"sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"});
    E2E_REQUIRE_OK(c.start_container(id));
    E2E_REQUIRE_OK(c.wait_container(id, {}));

    Output all;
    E2E_REQUIRE_OK(c.container_logs(id, {}, all.fn()));
    CHECK(all.out == "out1\nout2\n");
    CHECK(all.err == "err1\nerr2\n");

    Output errs;
    E2E_REQUIRE_OK(c.container_logs(id, {.out = false}, errs.fn()));
    CHECK(errs.out.empty());
    CHECK(errs.err == "err1\nerr2\n");

    // (The order of lines across stdout and stderr is not fixed, so tail is checked on one stream.)
    const std::string lines = create_container(cleanup, unique("logs-tail"), {"sh", "-c", "echo a; echo b; echo c"});
    E2E_REQUIRE_OK(c.start_container(lines));
    E2E_REQUIRE_OK(c.wait_container(lines, {}));
    Output tail;
    E2E_REQUIRE_OK(c.container_logs(lines, {.tail = "2"}, tail.fn()));
    CHECK(tail.out == "b\nc\n");

    Output stamped;
    E2E_REQUIRE_OK(c.container_logs(id, {.timestamps = true, .tty = false}, stamped.fn()));
    CHECK_THAT(stamped.out, Catch::Matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+ out1\n[^ ]+ out2\n"));
}

TEST_CASE("following the logs of a TTY container streams raw output until it exits", "[e2e][engine][logs]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id = create_container(cleanup, unique("logs-tty"),
                                            {"sh", "-c", "echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three"},
                                            {{"Tty", true}});
    E2E_REQUIRE_OK(c.start_container(id));
    Output out;
    // returning at all is the check: a followed stream of a running container only ends when it exits
    E2E_REQUIRE_OK(c.container_logs(id, {.follow = true}, out.fn()));
    CHECK(out.out == "one\r\ntwo\r\nthree\r\n");  // a TTY merges the streams and translates newlines
    CHECK(out.err.empty());

    // A callback returning false ends a followed stream early.
    const std::string sleeper = create_container(cleanup, unique("logs-stop"), {"sh", "-c", "echo hi; sleep 300"});
    E2E_REQUIRE_OK(c.start_container(sleeper));
    std::string first;
    E2E_REQUIRE_OK(c.container_logs(sleeper, {.follow = true}, [&](StreamId, std::string_view d) {
        first.append(d);
        return false;
    }));
    CHECK(first == "hi\n");
}

TEST_CASE("events show a container's start and die", "[e2e][engine][events]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string name = unique("events");
    const std::string id = create_container(cleanup, name, {"sh", "-c", "exit 3"});

    std::promise<void> ready;
    std::vector<Event> seen;
    auto stream = std::async(std::launch::async, [&] {
        return c.events({.filters = {{"container", {id}}, {"type", {"container"}}}, .on_ready = [&] { ready.set_value(); }},
                        [&](const Event& e) {
                            seen.push_back(e);
                            return e.action != "die";
                        });
    });
    REQUIRE(ready.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    E2E_REQUIRE_OK(c.start_container(id));
    REQUIRE(stream.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    E2E_REQUIRE_OK(stream.get());
    std::vector<std::string> actions;
    for (const auto& e : seen) actions.push_back(e.action);
    CHECK(std::find(actions.begin(), actions.end(), "start") != actions.end());
    REQUIRE(seen.back().action == "die");
    CHECK(seen.back().actor_id == id);
    CHECK(seen.back().attributes.at("exitCode") == "3");
    CHECK(seen.back().attributes.at("name") == name);
    CHECK(seen.back().attributes.at(kRunLabel) == run_id());

    // Replaying the past with since/until ends by itself.
    std::vector<std::string> replay;
    E2E_REQUIRE_OK(c.events({.since = std::to_string(seen.front().time - 1),
                             .until = std::to_string(seen.back().time + 1),
                             .filters = {{"container", {id}}, {"event", {"die"}}}},
                            [&](const Event& e) {
                                replay.push_back(e.action);
                                return true;
                            }));
    CHECK(replay == std::vector<std::string>{"die"});
}

TEST_CASE("an idle event stream ends promptly when its cancel flag is set", "[e2e][engine][events]") {
    // The stream is idle (no such container), so only the flag can end it: returning is the check (no time
    // is asserted; these machines are too noisy).
    CancelFlag cancel{false};
    std::thread setter([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    auto st = client().events({.filters = {{"container", {unique("never-exists")}}}, .cancel = &cancel},
                              [](const Event&) { return true; });
    setter.join();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == Errc::interrupted);
}

TEST_CASE("exec passes output and the exit code through", "[e2e][engine][exec]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id = create_container(cleanup, unique("exec"), {"sleep", "300"});
    E2E_REQUIRE_OK(c.start_container(id));

    Output out;
    auto code = exec_run(c, id, {.cmd = {"sh", "-c", "echo hi; echo oops >&2; exit 7"}, .env = {"X=y"}}, out.fn());
    E2E_REQUIRE_OK(code);
    CHECK(*code == 7);
    CHECK(out.out == "hi\n");
    CHECK(out.err == "oops\n");

    Output env;
    auto env_code = exec_run(c, id, {.cmd = {"sh", "-c", "echo $X $(pwd) $(id -u)"}, .env = {"X=y"}, .user = "65534", .workdir = "/tmp"},
                             env.fn());
    E2E_REQUIRE_OK(env_code);
    CHECK(*env_code == 0);
    CHECK(env.out == "y /tmp 65534\n");

    Output tty;
    auto tty_code = exec_run(c, id, {.cmd = {"sh", "-c", "echo out; echo err >&2; exit 2"}, .tty = true}, tty.fn());
    E2E_REQUIRE_OK(tty_code);
    CHECK(*tty_code == 2);
    CHECK(tty.out == "out\r\nerr\r\n");

    // The runtime's failure to start the command arrives as output, and the exec's status is 126.
    Output failed;
    auto missing = exec_run(c, id, {.cmd = {"/no/such/binary"}}, failed.fn());
    E2E_REQUIRE_OK(missing);
    CHECK(*missing == 126);
    CHECK_THAT(failed.out + failed.err, Catch::Contains("/no/such/binary"));
}

TEST_CASE("interactive exec pumps stdin to the process and its output back", "[e2e][engine][exec]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id = create_container(cleanup, unique("exec-in"), {"sleep", "300"});
    E2E_REQUIRE_OK(c.start_container(id));

    auto exec = c.exec_create(id, {.cmd = {"sh", "-c", "cat; echo done >&2; exit 4"}, .attach_stdin = true});
    E2E_REQUIRE_OK(exec);
    Output out;
    {
        FedPipe in("hello\nworld\n");
        E2E_REQUIRE_OK(c.exec_start(*exec, {}, {.in_fd = in.read_fd, .output = out.fn()}));
    }
    CHECK(out.out == "hello\nworld\n");
    CHECK(out.err == "done\n");
    auto info = c.exec_inspect(*exec);
    E2E_REQUIRE_OK(info);
    REQUIRE(info->exit_code.has_value());
    CHECK(*info->exit_code == 4);
    CHECK(info->container_id == id);

    // A megabyte through cat: input and output flow at the same time without deadlock.
    std::string big;
    for (int i = 0; big.size() < (1u << 20); ++i) big += "line " + std::to_string(i) + "\n";
    auto cat = c.exec_create(id, {.cmd = {"cat"}, .attach_stdin = true});
    E2E_REQUIRE_OK(cat);
    Output echoed;
    {
        FedPipe in(big);
        E2E_REQUIRE_OK(c.exec_start(*cat, {}, {.in_fd = in.read_fd, .output = echoed.fn()}));
    }
    CHECK(echoed.out.size() == big.size());
    CHECK(echoed.out == big);
}

TEST_CASE("attach pumps stdin into a container started after attaching", "[e2e][engine][attach]") {
    Cleanup cleanup;
    Client& c = client();
    const std::string id = create_container(
        cleanup, unique("attach"), {"sh", "-c", "read line; echo got:$line; echo bye >&2"},
        {{"OpenStdin", true}, {"StdinOnce", true}, {"AttachStdin", true}, {"AttachStdout", true}, {"AttachStderr", true}});
    Output out;
    FedPipe in("foo\n");
    stackctl::core::Status started;
    E2E_REQUIRE_OK(c.attach_container(id, {.attach_stdin = true},
                                      {.in_fd = in.read_fd, .output = out.fn(), .on_attached = [&] { started = c.start_container(id); }}));
    E2E_REQUIRE_OK(started);
    CHECK(out.out == "got:foo\n");
    CHECK(out.err == "bye\n");
    auto waited = c.wait_container(id, {});
    E2E_REQUIRE_OK(waited);
    CHECK(waited->status_code == 0);
}
