#include "stackctl/load/gotypes.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace stackctl::load;

TEST_CASE("durations parse and print as Go's time package", "[load][canonical][go]") {
    auto fmt = [](std::string_view in) {
        auto d = go::parse_duration(in);
        return d.ok() ? go::format_duration(*d.value) : "error: " + d.error;
    };
    CHECK(fmt("90s") == "1m30s");
    CHECK(fmt("1m") == "1m0s");
    CHECK(fmt("1h") == "1h0m0s");
    CHECK(fmt("120s") == "2m0s");
    CHECK(fmt("2.5s") == "2.5s");
    CHECK(fmt("500ms") == "500ms");
    CHECK(fmt("1.5ms") == "1.5ms");
    CHECK(fmt("2500us") == "2.5ms");
    CHECK(fmt("1500\xC2\xB5s") == "1.5ms");
    CHECK(fmt("10ns") == "10ns");
    CHECK(fmt("1500ns") == "1.5\xC2\xB5s");
    CHECK(fmt("0") == "0s");
    CHECK(fmt("0s") == "0s");
    CHECK(fmt("-1m30s") == "-1m30s");
    CHECK(fmt("1h2m3.5s") == "1h2m3.5s");
    CHECK(fmt("3723s") == "1h2m3s");
    CHECK(fmt(".5s") == "500ms");
    CHECK(fmt("10x") == "error: time: unknown unit \"x\" in duration \"10x\"");
    CHECK(fmt("10") == "error: time: missing unit in duration \"10\"");
    CHECK(fmt("") == "error: time: invalid duration \"\"");
    CHECK(fmt("s") == "error: time: invalid duration \"s\"");
    CHECK(fmt("9999999999h") == "error: time: invalid duration \"9999999999h\"");
}

TEST_CASE("sizes parse as go-units RAMInBytes", "[load][canonical][go]") {
    auto size = [](std::string_view in) {
        auto b = go::parse_ram_bytes(in);
        return b.ok() ? std::to_string(*b.value) : "error: " + b.error;
    };
    CHECK(size("50M") == "52428800");
    CHECK(size("1.5g") == "1610612736");
    CHECK(size("1.1k") == "1126");
    CHECK(size("512 M") == "536870912");
    CHECK(size("1KiB") == "1024");
    CHECK(size("1kb") == "1024");
    CHECK(size("10b") == "10");
    CHECK(size("10") == "10");
    CHECK(size("64m") == "67108864");
    CHECK(size("10q") == "error: invalid size: '10q'");
    CHECK(size("1e3") == "error: invalid size: '1e3'");
    CHECK(size("-1") == "error: invalid size: '-1'");
    CHECK(size(".5k") == "error: invalid size: '.5k'");
    CHECK(size(" 5") == "error: invalid size: ' 5'");
    CHECK(size("1.2.3") == "error: strconv.ParseFloat: parsing \"1.2.3\": invalid syntax");
}

TEST_CASE("command lines split as go-shellwords", "[load][canonical][go]") {
    auto split = [](std::string_view in) {
        auto w = go::split_shell_words(in);
        return w.ok() ? *w.value : std::vector<std::string>{"error: " + w.error};
    };
    using V = std::vector<std::string>;
    CHECK(split("echo \"hello world\"") == V{"echo", "hello world"});
    CHECK(split("sh -c 'echo $HOME'") == V{"sh", "-c", "echo $HOME"});
    CHECK(split("a\\ b c") == V{"a b", "c"});
    CHECK(split("x \"a\\\"b\"") == V{"x", "a\"b"});
    CHECK(split("echo a && echo b") == V{"echo", "a"});
    CHECK(split("x 2>f") == V{"x"});
    CHECK(split("a | b") == V{"a"});
    CHECK(split("''") == V{""});
    CHECK(split("") == V{});
    CHECK(split("  a\t\nb  ") == V{"a", "b"});
    CHECK(split("echo $(date)") == V{"echo", "$(date)"});
    CHECK(split("echo \"unterminated") == V{"error: invalid command line string"});
    CHECK(split("a (b)") == V{"error: invalid command line string"});
    CHECK(split("trailing\\") == V{"error: invalid command line string"});
}

TEST_CASE("float32 rounding keeps Go's shortest spelling", "[load][canonical][go]") {
    CHECK(go::to_float32(0.1) == 0.1);
    CHECK(go::to_float32(0.5) == 0.5);
    CHECK(go::to_float32(0.123456789) == 0.12345679);
    CHECK(go::to_float32(1.5) == 1.5);
    CHECK(go::to_float32(16777217.0) == 16777216.0);
}

TEST_CASE("paths clean and join as Go's path and filepath", "[load][canonical][go]") {
    CHECK(go::clean_path("/b/") == "/b");
    CHECK(go::clean_path("/a/./b") == "/a/b");
    CHECK(go::clean_path("a/../../b") == "../b");
    CHECK(go::clean_path("/../a") == "/a");
    CHECK(go::clean_path("") == ".");
    CHECK(go::clean_path("//x//y/") == "/x/y");
    CHECK(go::join_path("/proj", "./a/../b/") == "/proj/b");
    CHECK(go::join_path("/proj", "..") == "/");
    CHECK(go::join_path("/home", "") == "/home");
}

TEST_CASE("IP addresses parse as net.ParseIP", "[load][canonical][go]") {
    CHECK(go::parse_ip("127.0.0.1"));
    CHECK(go::parse_ip("::1"));
    CHECK(go::parse_ip("fe80::1"));
    CHECK(go::parse_ip("::ffff:1.2.3.4"));
    CHECK_FALSE(go::parse_ip("300.1.1.1"));
    CHECK_FALSE(go::parse_ip("1.2.3"));
    CHECK_FALSE(go::parse_ip("localhost"));
}
