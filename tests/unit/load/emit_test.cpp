#include "stackctl/load/emit.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "stackctl/load/yaml.hpp"
#include "test_files.hpp"

using stackctl::test::file_text;

using namespace stackctl::load;
using stackctl::core::render;

namespace fs = std::filesystem;

namespace {

Node parse_one(const std::string& text) {
    auto docs = parse_yaml(text, "t.yaml");
    if (!docs) FAIL(render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}

// Golden cases: tests/data/emit/<case>/input.yaml (or .json) -> expected.json / expected.yaml / compact.json.
void run_golden(const fs::path& dir) {
    fs::path input = dir / "input.yaml";
    if (!fs::exists(input)) input = dir / "input.json";
    const Node n = parse_one(file_text(input));
    if (fs::exists(dir / "expected.json")) CHECK(to_json(n, 2) == file_text(dir / "expected.json"));
    if (fs::exists(dir / "compact.json")) CHECK(to_json(n, 0) == file_text(dir / "compact.json"));
    if (fs::exists(dir / "expected.yaml")) CHECK(to_yaml(n) == file_text(dir / "expected.yaml"));
}

}  // namespace

TEST_CASE("emit golden files", "[load][emit]") {
    const fs::path root = fs::path(STACKCTL_TEST_DATA) / "emit";
    for (const auto& entry : fs::directory_iterator(root)) {
        if (!entry.is_directory()) continue;
        SECTION(entry.path().filename().string()) {
            run_golden(entry.path());
        }
    }
}

TEST_CASE("JSON escaping follows encoding/json", "[load][emit]") {
    Node n = Node::map();
    n.set("s", Node::string(
                   std::string("<a> & \"q\" \\ \b\f\n\r\t \x01 \x7f \xE2\x80\xA8 \xE2\x80\xA9 \xC3\xA9")));
    CHECK(to_json(n, 0) ==
          "{\"s\":\"\\u003ca\\u003e \\u0026 \\\"q\\\" \\\\ \\b\\f\\n\\r\\t \\u0001 \x7f \\u2028 \\u2029 "
          "\xC3\xA9\"}");
    JsonOptions no_html;
    no_html.indent = 0;
    no_html.escape_html = false;
    CHECK(to_json(Node::string("<&>"), no_html) == "\"<&>\"");
}

TEST_CASE("JSON numbers follow encoding/json", "[load][emit]") {
    CHECK(to_json(Node::floating(0.5), 2) == "0.5");
    CHECK(to_json(Node::floating(1000), 2) == "1000");
    CHECK(to_json(Node::floating(1e20), 2) == "100000000000000000000");
    CHECK(to_json(Node::floating(1e21), 2) == "1e+21");
    CHECK(to_json(Node::floating(1.5e-7), 2) == "1.5e-7");
    CHECK(to_json(Node::floating(1e-10), 2) == "1e-10");
    CHECK(to_json(Node::floating(0.000001), 2) == "0.000001");
    CHECK(to_json(Node::floating(-2.25), 2) == "-2.25");
    CHECK(to_json(Node::integer(-7), 2) == "-7");
}

TEST_CASE("JSON layout is MarshalIndent's", "[load][emit]") {
    Node n = parse_one("{b: [], a: {}, c: [1, {x: null}], d: true}");
    CHECK(to_json(n, 2) ==
          "{\n  \"b\": [],\n  \"a\": {},\n  \"c\": [\n    1,\n    {\n      \"x\": null\n    }\n  ],\n  "
          "\"d\": true\n}");
    CHECK(to_json(n, 0) == R"({"b":[],"a":{},"c":[1,{"x":null}],"d":true})");
}

TEST_CASE("dollar doubling applies to the whole text", "[load][emit]") {
    Node n = Node::map();
    n.set("$k", Node::string("echo $HOME $$"));
    JsonOptions o;
    o.double_dollars = true;
    CHECK(to_json(n, o) == "{\n  \"$$k\": \"echo $$HOME $$$$\"\n}");
    YamlOptions y;
    y.double_dollars = true;
    CHECK(to_yaml(n, y) == "$$k: echo $$HOME $$$$\n");
}

TEST_CASE("YAML scalars are quoted exactly when yaml.v3 quotes them", "[load][emit]") {
    auto y = [](const std::string& s) {
        Node n = Node::map();
        n.set("k", Node::string(s));
        return to_yaml(n);
    };
    CHECK(y("plain") == "k: plain\n");
    CHECK(y("") == "k: \"\"\n");
    CHECK(y("8080") == "k: \"8080\"\n");
    CHECK(y("1.5") == "k: \"1.5\"\n");
    CHECK(y("1e3") == "k: \"1e3\"\n");
    CHECK(y("0x1F") == "k: \"0x1F\"\n");
    CHECK(y("08") == "k: \"08\"\n");
    CHECK(y("1_000") == "k: \"1_000\"\n");
    CHECK(y("true") == "k: \"true\"\n");
    CHECK(y("False") == "k: \"False\"\n");
    CHECK(y("null") == "k: \"null\"\n");
    CHECK(y("~") == "k: \"~\"\n");
    CHECK(y("yes") == "k: \"yes\"\n");
    CHECK(y("n") == "k: \"n\"\n");
    CHECK(y("Off") == "k: \"Off\"\n");
    CHECK(y("nope") == "k: nope\n");
    CHECK(y(".inf") == "k: \".inf\"\n");
    CHECK(y(".5") == "k: \".5\"\n");
    CHECK(y(".") == "k: .\n");
    CHECK(y("2001-12-14") == "k: \"2001-12-14\"\n");
    CHECK(y("2001-02-30") == "k: 2001-02-30\n");
    CHECK(y("2001-12-14T21:59:43.10Z") == "k: \"2001-12-14T21:59:43.10Z\"\n");
    CHECK(y("12:30") == "k: \"12:30\"\n");
    CHECK(y("8080:80") == "k: 8080:80\n");
    CHECK(y("1e400") == "k: 1e400\n");
    CHECK(y("-") == "k: '-'\n");
    CHECK(y("-a") == "k: -a\n");
    CHECK(y("- a") == "k: '- a'\n");
    CHECK(y("a: b") == "k: 'a: b'\n");
    CHECK(y("a:b") == "k: a:b\n");
    CHECK(y("a #b") == "k: 'a #b'\n");
    CHECK(y("a#b") == "k: a#b\n");
    CHECK(y("*x") == "k: '*x'\n");
    CHECK(y("it's") == "k: it's\n");
    CHECK(y("'q'") == "k: '''q'''\n");
    CHECK(y(" lead") == "k: ' lead'\n");
    CHECK(y("trail ") == "k: 'trail '\n");
    CHECK(y("a\tb") == "k: \"a\\tb\"\n");
    CHECK(y("---") == "k: '---'\n");
    CHECK(y("caf\xC3\xA9") == "k: caf\xC3\xA9\n");
    CHECK(y("\xF0\x9F\x98\x80") == "k: \"\\U0001F600\"\n");
    CHECK(y("\x01") == "k: \"\\x01\"\n");
    CHECK(y("{a}") == "k: '{a}'\n");
    CHECK(y("a, b") == "k: a, b\n");
    CHECK(y("%x") == "k: '%x'\n");
    CHECK(y("@x") == "k: '@x'\n");
}

TEST_CASE("YAML multi-line strings use literal blocks", "[load][emit]") {
    Node n = Node::map();
    Node& svc = n.set("s", Node::map());
    svc.set("a", Node::string("line1\nline2\n"));
    svc.set("b", Node::string("x\ny"));
    svc.set("c", Node::string("x\n\n"));
    svc.set("d", Node::string("  indented\nz\n"));
    svc.set("e", Node::string("trailing \nspace"));
    Node& seq = svc.set("f", Node::seq());
    seq.items.push_back(Node::string("p\nq"));
    CHECK(to_yaml(n) ==
          "s:\n  a: |\n    line1\n    line2\n  b: |-\n    x\n    y\n  c: |+\n    x\n\n"
          "  d: |2\n      indented\n    z\n  e: \"trailing \\nspace\"\n  f:\n    - |-\n      p\n      q\n");
}

TEST_CASE("YAML layout follows yaml.v3 with indent 2", "[load][emit]") {
    Node n = parse_one(
        "name: p\nservices:\n  web:\n    command: [echo, hi]\n    ports:\n      - {mode: ingress, target: "
        "80, published: "
        "'8080'}\n    empty: {}\n    none: []\n    nested: [[a, b], [], {}]\n    env: {A: '1', B: null}\n"
        "    f: 1.5\n    big: 1000000.0\n    t: true\n");
    CHECK(to_yaml(n) ==
          "name: p\n"
          "services:\n"
          "  web:\n"
          "    command:\n"
          "      - echo\n"
          "      - hi\n"
          "    ports:\n"
          "      - mode: ingress\n"
          "        target: 80\n"
          "        published: \"8080\"\n"
          "    empty: {}\n"
          "    none: []\n"
          "    nested:\n"
          "      - - a\n"
          "        - b\n"
          "      - []\n"
          "      - {}\n"
          "    env:\n"
          "      A: \"1\"\n"
          "      B: null\n"
          "    f: 1.5\n"
          "    big: 1e+06\n"
          "    t: true\n");
    CHECK(to_yaml(Node::map()) == "{}\n");
}

TEST_CASE("YAML keys are quoted like values and long keys use the complex form", "[load][emit]") {
    Node n = Node::map();
    n.set("1", Node::integer(1));
    n.set("yes", Node::string("a"));
    n.set("", Node::string("b"));
    n.set(std::string(130, 'k'), Node::string("v"));
    CHECK(to_yaml(n) == "\"1\": 1\n\"yes\": a\n\"\": b\n? " + std::string(130, 'k') + "\n: v\n");
}

TEST_CASE("emitting the reference's JSON gives back the same bytes", "[load][emit][conformance]") {
    const fs::path ref = fs::path(STACKCTL_SHARED_DIR) / "conformance" / "_reference";
    if (!fs::exists(ref)) {
        WARN("no conformance corpus at " << ref.string() << "; skipping");
        return;
    }
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(ref)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        const std::string text = file_text(entry.path());
        auto docs = parse_yaml(text, entry.path().string());
        INFO(entry.path().string());
        REQUIRE(docs.ok());
        REQUIRE(docs->size() == 1);
        CHECK(to_json(docs->front(), 2) == text);
        ++files;
    }
    CHECK(files > 300);
}
