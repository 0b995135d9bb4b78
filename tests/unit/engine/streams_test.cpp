#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "stackctl/engine/streams.hpp"

using namespace stackctl::engine;
using stackctl::core::Errc;

namespace {

std::string frame(std::uint8_t stream, std::string_view payload) {
    std::string f;
    f.push_back(static_cast<char>(stream));
    f.append(3, '\0');
    const auto n = static_cast<std::uint32_t>(payload.size());
    f.push_back(static_cast<char>((n >> 24) & 0xFF));
    f.push_back(static_cast<char>((n >> 16) & 0xFF));
    f.push_back(static_cast<char>((n >> 8) & 0xFF));
    f.push_back(static_cast<char>(n & 0xFF));
    f.append(payload);
    return f;
}

struct Collected {
    std::string out;
    std::string err;
    OutputFn fn() {
        return [this](StreamId id, std::string_view data) {
            (id == StreamId::err ? err : out).append(data);
            return true;
        };
    }
};

}  // namespace

TEST_CASE("frames are demultiplexed into stdout and stderr", "[engine][frames]") {
    const std::string wire = frame(1, "out1\n") + frame(2, "err1\n") + frame(1, "") + frame(1, "out2\n");
    Collected c;
    FrameDemuxer d;
    auto r = d.feed(wire, c.fn());
    REQUIRE(r.ok());
    CHECK(*r == FrameDemuxer::Outcome::more);
    CHECK(c.out == "out1\nout2\n");
    CHECK(c.err == "err1\n");
    CHECK(d.at_boundary());
}

TEST_CASE("frames split at every possible byte boundary", "[engine][frames]") {
    std::string big(70000, 'x');
    const std::string wire = frame(1, "hello ") + frame(2, "oops") + frame(1, big) + frame(1, "world");
    for (std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{8}, std::size_t{9},
                             std::size_t{4096}}) {
        Collected c;
        FrameDemuxer d;
        for (std::size_t i = 0; i < wire.size(); i += step) {
            auto r = d.feed(std::string_view(wire).substr(i, step), c.fn());
            REQUIRE(r.ok());
        }
        CHECK(c.out == "hello " + big + "world");
        CHECK(c.err == "oops");
        CHECK(d.at_boundary());
    }
}

TEST_CASE("a half-read frame is not at a boundary", "[engine][frames]") {
    const std::string wire = frame(1, "abcdef");
    Collected c;
    FrameDemuxer d;
    REQUIRE(d.feed(std::string_view(wire).substr(0, 10), c.fn()).ok());
    CHECK_FALSE(d.at_boundary());
    CHECK(c.out == "ab");
}

TEST_CASE("the system stream becomes an error with the engine's message", "[engine][frames]") {
    Collected c;
    FrameDemuxer d;
    const std::string wire = frame(1, "partial output\n") + frame(3, "container exited unexpectedly\n");
    auto r = d.feed(wire, c.fn());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::engine);
    CHECK(r.error().message == "container exited unexpectedly");
    CHECK(c.out == "partial output\n");
}

TEST_CASE("an unknown stream id is refused", "[engine][frames]") {
    Collected c;
    FrameDemuxer d;
    auto r = d.feed(frame(7, "x"), c.fn());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "the engine sent a malformed output stream (unknown stream 7)");
}

TEST_CASE("the output callback can stop the stream", "[engine][frames]") {
    FrameDemuxer d;
    int calls = 0;
    auto r = d.feed(frame(1, "a") + frame(1, "b"), [&](StreamId, std::string_view) {
        ++calls;
        return false;
    });
    REQUIRE(r.ok());
    CHECK(*r == FrameDemuxer::Outcome::stopped);
    CHECK(calls == 1);
}

TEST_CASE("JSON documents are split out of arbitrary chunks", "[engine][jsonstream]") {
    const std::string wire =
        "{\"status\":\"a {not} a \\\"brace\\\"\"}\r\n{\"id\":\"x\",\"n\":[1,{\"k\":2}]}\n\n"
        "{\"stream\":\"Step 1/2 : FROM x\\n\"}{\"aux\":{\"ID\":\"sha256:1\"}} 42 \"s\" ";
    for (std::size_t step = 1; step <= wire.size(); ++step) {
        JsonStreamDecoder dec;
        std::vector<nlohmann::json> docs;
        for (std::size_t i = 0; i < wire.size(); i += step) {
            auto r = dec.feed(std::string_view(wire).substr(i, step), [&](nlohmann::json&& d) {
                docs.push_back(std::move(d));
                return true;
            });
            REQUIRE(r.ok());
        }
        REQUIRE(docs.size() == 6);
        CHECK(docs[0]["status"] == "a {not} a \"brace\"");
        CHECK(docs[1]["n"][1]["k"] == 2);
        CHECK(docs[2]["stream"] == "Step 1/2 : FROM x\n");
        CHECK(docs[3]["aux"]["ID"] == "sha256:1");
        CHECK(docs[4] == 42);
        CHECK(docs[5] == "s");
        CHECK(dec.idle());
    }
}

TEST_CASE("a malformed JSON document is a parse error", "[engine][jsonstream]") {
    JsonStreamDecoder dec;
    auto r = dec.feed("{\"a\": tru}\n", [](nlohmann::json&&) { return true; });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::parse);
    CHECK(r.error().message == "the engine sent a message that is not JSON: {\"a\": tru}");
}

TEST_CASE("the JSON callback can stop the stream", "[engine][jsonstream]") {
    JsonStreamDecoder dec;
    int n = 0;
    auto r = dec.feed("{}\n{}\n{}\n", [&](nlohmann::json&&) { return ++n < 2; });
    REQUIRE(r.ok());
    CHECK(*r == JsonStreamDecoder::Outcome::stopped);
    CHECK(n == 2);
}

TEST_CASE("progress messages: pull progress, build output, errors", "[engine][jsonstream]") {
    auto pull = parse_json_message(nlohmann::json::parse(
        R"({"status":"Downloading","progressDetail":{"current":10,"total":100},"progress":"[=>  ]","id":"abc"})"));
    CHECK(pull.status == "Downloading");
    CHECK(pull.id == "abc");
    CHECK(pull.current == 10);
    CHECK(pull.total == 100);
    CHECK(pull.progress == "[=>  ]");
    CHECK(pull.error.empty());
    CHECK(pull.aux.is_null());

    auto build = parse_json_message(nlohmann::json::parse(R"({"aux":{"ID":"sha256:f00"}})"));
    CHECK(build.aux["ID"] == "sha256:f00");

    auto failed = parse_json_message(nlohmann::json::parse(
        R"({"errorDetail":{"code":1,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"short"})"));
    CHECK(failed.error == "The command '/bin/sh -c exit 3' returned a non-zero code: 3");
    auto legacy = parse_json_message(nlohmann::json::parse(R"({"error":"manifest unknown"})"));
    CHECK(legacy.error == "manifest unknown");
    auto bare = parse_json_message(nlohmann::json::parse(R"({"message":"pull access denied"})"));
    CHECK(bare.error == "pull access denied");
}
