#include <catch2/catch.hpp>

#include <string>

#include "stackctl/load/yaml.hpp"

using namespace stackctl::load;
using stackctl::core::render;

namespace {
Node parse_one(const std::string& text) {
    auto docs = parse_yaml(text, "t.yaml");
    if (!docs) FAIL(render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}
std::string parse_error(const std::string& text) {
    auto docs = parse_yaml(text, "t.yaml");
    REQUIRE_FALSE(docs.ok());
    return docs.error().headline();
}
}  // namespace

TEST_CASE("plain scalars are typed as yaml.v3 does", "[load][yaml]") {
    Node n = parse_one(
        "a: 1\nb: 0x1F\nc: 012\nd: 1_000\ne: 1e3\nf: 1.5\ng: true\nh: yes\ni: ~\nj:\nk: '1'\nl: \"true\"\n"
        "m: 2001-12-14\nn: .inf\no: -7\np: off\nq: 08\n");
    CHECK(n.find("a")->kind == Kind::integer);
    CHECK(n.find("b")->int_value == 31);
    CHECK(n.find("c")->int_value == 10);
    CHECK(n.find("d")->int_value == 1000);
    CHECK(n.find("e")->kind == Kind::floating);
    CHECK(n.find("e")->text == "1000");
    CHECK(n.find("f")->float_value == 1.5);
    CHECK(n.find("g")->kind == Kind::boolean);
    CHECK(n.find("h")->kind == Kind::string);
    CHECK(n.find("i")->is_null());
    CHECK(n.find("j")->is_null());
    CHECK(n.find("k")->kind == Kind::string);
    CHECK(n.find("l")->kind == Kind::string);
    CHECK(n.find("m")->kind == Kind::string);
    CHECK(n.find("n")->kind == Kind::floating);
    CHECK(n.find("o")->int_value == -7);
    CHECK(n.find("p")->text == "off");
    CHECK(n.find("q")->kind == Kind::floating);  // not valid octal, but valid float syntax
}

TEST_CASE("positions are 1-based line and column", "[load][yaml]") {
    Node n = parse_one("services:\n  web:\n    image: nginx\n");
    const MapEntry* web = n.find("services")->find_entry("web");
    REQUIRE(web != nullptr);
    CHECK(web->key_loc.line == 2);
    CHECK(web->key_loc.col == 3);
    CHECK(web->value.find("image")->loc.line == 3);
    CHECK(web->value.find("image")->loc.col == 12);
    CHECK(web->value.find("image")->loc.file == "t.yaml");
}

TEST_CASE("anchors, aliases and merge keys", "[load][yaml]") {
    Node n = parse_one(
        "x-base: &base\n  image: busybox\n  environment: {A: '1'}\n"
        "x-more: &more\n  image: other\n  user: root\n"
        "services:\n  a:\n    <<: [*base, *more]\n    command: run\n  b:\n    <<: *base\n    image: mine\n");
    const Node* a = n.find("services")->find("a");
    CHECK(a->find("image")->text == "busybox");  // earlier merge source wins
    CHECK(a->find("user")->text == "root");
    CHECK(a->find("command")->text == "run");
    CHECK(a->find("<<") == nullptr);
    const Node* b = n.find("services")->find("b");
    CHECK(b->find("image")->text == "mine");  // explicit key wins
    CHECK(b->find("environment")->find("A")->text == "1");
}

TEST_CASE("reset and override tags are kept", "[load][yaml]") {
    Node n = parse_one("ports: !reset []\nenvironment: !override\n  A: b\nimage: !reset null\n");
    CHECK(n.find("ports")->tag == Tag::reset);
    CHECK(n.find("environment")->tag == Tag::override_);
    CHECK(n.find("image")->tag == Tag::reset);
    CHECK(n.find("image")->is_string());  // the reference reads a tagged scalar as a string
    CHECK(n.find("image")->text == "null");
}

TEST_CASE("several documents", "[load][yaml]") {
    auto docs = parse_yaml("a: 1\n---\nb: 2\n", "t.yaml");
    REQUIRE(docs.ok());
    CHECK(docs->size() == 2);
}

TEST_CASE("errors name the file, line and column", "[load][yaml]") {
    CHECK(parse_error("a: 1\nb: 2\na: 3\n") == "t.yaml:3:1: mapping key \"a\" already defined at line 1");
    CHECK(parse_error("a: [1, 2\n") .rfind("t.yaml:", 0) == 0);
    CHECK(parse_error("a: b\x01\n") ==
          "t.yaml:1:5: control character 0x01 is not allowed in YAML (is this a binary file?)");
    CHECK(parse_error("a: \xff\xfe\n") == "t.yaml:1:4: invalid UTF-8 (is this a binary file?)");
    CHECK(parse_error("? [a]\n: 1\n") == "t.yaml:1:3: a mapping key must be a string, not a list or mapping");
    CHECK(parse_error("a: *nope\n").find("t.yaml:1:4:") == 0);
}

TEST_CASE("an alias bomb is refused quickly", "[load][yaml][guard]") {
    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= 9; ++i) {
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 9; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
        bomb += "]\n";
    }
    auto docs = parse_yaml(bomb, "bomb.yaml");
    REQUIRE_FALSE(docs.ok());
    CHECK(docs.error().message.find("alias bomb") != std::string::npos);
    INFO(docs.error().message);
    // Refused after copying a bounded number of nodes, not after expanding 9^9 of them.
    CHECK(docs.error().message.find("aliases expand to 14") == 0);
}

TEST_CASE("deep nesting is refused with our message", "[load][yaml][guard]") {
    std::string deep(400, '[');
    deep += std::string(400, ']');
    auto docs = parse_yaml(deep, "deep.yaml");
    REQUIRE_FALSE(docs.ok());
    CHECK(docs.error().message.find("nesting") != std::string::npos);
}

TEST_CASE("Go float formatting", "[load][tree]") {
    CHECK(format_float(1234567.0) == "1.234567e+06");
    CHECK(format_float(100000.0) == "100000");
    CHECK(format_float(2.0) == "2");
    CHECK(format_float(1.5) == "1.5");
    CHECK(format_float(0.00001) == "1e-05");
    CHECK(format_float(0.0001) == "0.0001");
    CHECK(format_float(1e3) == "1000");
    CHECK(format_float(-0.5) == "-0.5");
    CHECK(format_float(1e21) == "1e+21");
}
