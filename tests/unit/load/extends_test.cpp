#include "stackctl/load/extends.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <string>

#include "stackctl/load/merge.hpp"
#include "stackctl/load/yaml.hpp"

using namespace stackctl::load;
using stackctl::core::Errc;
using stackctl::core::Error;
using stackctl::core::render;

namespace {

Node parse_one(const std::string& text, const std::string& file = "/p/compose.yaml") {
    auto docs = parse_yaml(text, file);
    if (!docs) FAIL(render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}

/// Other files, by absolute path, and how often each was asked for.
struct Files {
    std::map<std::string, Node> docs;
    std::map<std::string, int> calls;

    void add(const std::string& path, const std::string& text) { docs[path] = parse_one(text, path); }

    ExtendsContext context(const std::string& file = "/p/compose.yaml", const std::string& dir = "/p") {
        ExtendsContext ctx;
        ctx.file = file;
        ctx.base_dir = dir;
        ctx.load_file = [this](const std::string& abs) -> stackctl::core::Result<const Node*> {
            ++calls[abs];
            auto it = docs.find(abs);
            if (it == docs.end()) return Error(Errc::io, "open " + abs + ": no such file or directory");
            return &it->second;
        };
        return ctx;
    }
};

Node extended(const std::string& text, Files& files) {
    Node doc = parse_one(text);
    auto st = apply_extends(doc, files.context());
    if (!st) FAIL(render(st.error(), false));
    return doc;
}

Node extended(const std::string& text) {
    Files none;
    return extended(text, none);
}

void check_same(const Node& got, const std::string& expected) {
    const Node want = parse_one(expected, "expected.yaml");
    CHECK(got.same_value(want));
}

std::string extends_error(const std::string& text, Files& files) {
    Node doc = parse_one(text);
    auto st = apply_extends(doc, files.context());
    REQUIRE_FALSE(st.ok());
    std::string all = st.error().headline();
    for (const auto& m : st.error().more) all += "\n" + m.headline();
    return all;
}

std::string extends_error(const std::string& text) {
    Files none;
    return extends_error(text, none);
}

}  // namespace

TEST_CASE("extends in the same document merges with the multi-file rules", "[load][extends]") {
    Node doc = extended(
        "services:\n"
        "  web:\n    extends: base\n    command: top\n    ports: [\"80:80/tcp\", \"81:81\"]\n"
        "    environment: [B=22]\n"
        "  base:\n    image: nginx\n    command: [base, arg]\n    ports: [\"80:80\"]\n"
        "    environment: {A: \"1\", B: \"2\"}\n    depends_on: [db]\n    volumes_from: [db]\n"
        "  db:\n    image: postgres\n");
    check_same(
        doc,
        "services:\n"
        "  web:\n    image: nginx\n    command: top\n    ports: [\"80:80\", \"80:80/tcp\", \"81:81\"]\n"
        "    environment: [A=1, B=2, B=22]\n    depends_on: [db]\n    volumes_from: [db]\n"
        "  base:\n    image: nginx\n    command: [base, arg]\n    ports: [\"80:80\"]\n"
        "    environment: {A: \"1\", B: \"2\"}\n    depends_on: [db]\n    volumes_from: [db]\n"
        "  db:\n    image: postgres\n");
}

TEST_CASE("extends chains resolve deepest first, and extends is removed", "[load][extends]") {
    Node doc = extended(
        "services:\n"
        "  top: {extends: {service: mid}, labels: {t: \"1\"}}\n"
        "  mid: {extends: base, labels: {m: \"1\"}, cap_add: [B]}\n"
        "  base: {image: x, labels: {b: \"1\"}, cap_add: [A]}\n");
    check_same(doc,
               "services:\n"
               "  top: {image: x, labels: [b=1, m=1, t=1], cap_add: [A, B]}\n"
               "  mid: {image: x, labels: [b=1, m=1], cap_add: [A, B]}\n"
               "  base: {image: x, labels: {b: \"1\"}, cap_add: [A]}\n");
}

TEST_CASE("extends from other files, memoised, with nested files relative to their own directory",
          "[load][extends]") {
    Files files;
    // As the integrator's loader returns them: relative paths already made absolute for that file.
    files.add(
        "/p/common/base.yaml",
        "services:\n"
        "  base: {extends: {file: ../lib/deeper.yaml, service: deep}, build: {context: /p/common/ctx}}\n"
        "  other: {extends: base, environment: [O=1]}\n");
    files.add("/p/lib/deeper.yaml", "services:\n  deep: {image: deep, cap_add: [D]}\n");
    Node doc = extended(
        "services:\n"
        "  a: {extends: {file: common/base.yaml, service: base}, cap_add: [A]}\n"
        "  b: {extends: {file: ./common/../common/base.yaml, service: other}}\n",
        files);
    check_same(doc,
               "services:\n"
               "  a: {image: deep, cap_add: [D, A], build: {context: /p/common/ctx}}\n"
               "  b: {image: deep, cap_add: [D], build: {context: /p/common/ctx}, environment: [O=1]}\n");
    CHECK(files.calls["/p/common/base.yaml"] == 1);
    CHECK(files.calls["/p/lib/deeper.yaml"] == 1);
    // The loaded documents are not changed.
    CHECK(files.docs["/p/common/base.yaml"].find("services")->find("base")->find("extends") != nullptr);
}

TEST_CASE("the document's !reset and !override also apply to the extended copy", "[load][extends][tags]") {
    // The reference's run: `-f c1.yaml -f c2.yaml` gives b = {image: y, environment: {B: "2", C: "4"}}.
    Node model = parse_one(
        "services:\n  b:\n    image: x\n    ports: [\"1:1\"]\n    environment: {A: \"1\", B: \"2\"}\n",
        "/p/c1.yaml");
    Node doc = parse_one(
        "services:\n"
        "  a:\n    image: y\n    ports: [\"2:2\"]\n    environment: {A: \"3\", C: \"4\"}\n"
        "  b:\n    extends: a\n    ports: !reset []\n    environment:\n      A: !reset\n",
        "/p/c2.yaml");
    MergeTags tags = take_merge_tags(doc);
    Files none;
    ExtendsContext ctx = none.context("/p/c2.yaml");
    ctx.tags = &tags;
    REQUIRE(apply_extends(doc, ctx).ok());
    apply_merge_tags(model, tags);
    REQUIRE(merge_documents(model, std::move(doc)).ok());
    REQUIRE(enforce_unicity(model).ok());
    check_same(*model.find("services")->find("b"), "{image: y, environment: [B=2, C=4]}");

    // Without the tags given, apply_extends takes them itself.
    Node alone = extended(
        "services:\n  a: {image: y, environment: {A: \"1\"}}\n"
        "  b: {extends: a, environment: !override {C: \"3\"}, ports: !reset []}\n");
    check_same(*alone.find("services")->find("b"), "{image: y, environment: {C: \"3\"}}");
}

TEST_CASE("extends cycles name the chain", "[load][extends][errors]") {
    CHECK(extends_error(
              "services:\n  top: {extends: a}\n  a: {extends: b}\n  b: {extends: c}\n  c: {extends: a}\n") ==
          "/p/compose.yaml:5:16: services.c.extends: Circular reference:\n"
          "  top in /p/compose.yaml\n  extends a in /p/compose.yaml\n  extends b in /p/compose.yaml\n"
          "  extends c in /p/compose.yaml\n  extends a in /p/compose.yaml");
    CHECK(extends_error("services:\n  a:\n    extends: a\n") ==
          "/p/compose.yaml:3:14: services.a.extends: Circular reference:\n"
          "  a in /p/compose.yaml\n  extends a in /p/compose.yaml");

    Files files;
    files.add("/p/sub/o.yaml", "services:\n  b:\n    extends: {file: ../compose.yaml, service: a}\n");
    files.add("/p/compose.yaml", "services:\n  a:\n    extends: {file: sub/o.yaml, service: b}\n");
    Node doc = parse_one("services:\n  a:\n    extends: {file: sub/o.yaml, service: b}\n");
    auto st = apply_extends(doc, files.context());
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == Errc::cycle);
    // The file of each service, where the reference prints the referring one.
    CHECK(st.error().message ==
          "Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/sub/o.yaml\n  extends a in "
          "/p/compose.yaml\n"
          "  extends b in /p/sub/o.yaml");
}

TEST_CASE("extends errors match the reference's messages", "[load][extends][errors]") {
    CHECK(extends_error("services:\n  a:\n    extends: nope\n") ==
          "/p/compose.yaml:3:14: services.a.extends: cannot extend service \"a\" in /p/compose.yaml: "
          "service \"nope\" not found");
    CHECK(extends_error("services: [a]\n") == "/p/compose.yaml:1:11: services: services must be a mapping");
    CHECK(extends_error("services:\n  a: 1\n  b: {extends: a}\n") ==
          "/p/compose.yaml:2:6: services.a: services.a must be a mapping");

    Files files;
    files.add("/p/sub/none.yaml", "x: 1\n");
    files.add("/p/sub/list.yaml", "services: [a]\n");
    files.add("/p/sub/o.yaml", "services:\n  c: {image: x}\n");
    CHECK(extends_error("services:\n  a:\n    extends: {file: sub/none.yaml, service: b}\n", files) ==
          "/p/compose.yaml:3:21: services.a.extends.file: cannot extend service \"a\" in /p/sub/none.yaml: "
          "no services section");
    CHECK(extends_error("services:\n  a:\n    extends: {file: sub/list.yaml, service: b}\n", files) ==
          "/p/compose.yaml:3:21: services.a.extends.file: cannot extend service \"a\" in /p/sub/list.yaml: "
          "services must be a mapping");
    CHECK(extends_error("services:\n  a:\n    extends: {file: sub/o.yaml, service: b}\n", files) ==
          "/p/compose.yaml:3:42: services.a.extends.service: cannot extend service \"a\" in /p/compose.yaml: "
          "service \"b\" not found in sub/o.yaml");
    // A missing file is reported once, where it is first referred to.
    CHECK(extends_error("services:\n  a:\n    extends: {file: gone.yaml, service: b}\n"
                        "  b:\n    extends: {file: gone.yaml, service: b}\n",
                        files) ==
          "/p/compose.yaml:3:21: services.a.extends.file: open /p/gone.yaml: no such file or directory");
    CHECK(extends_error("services:\n  a:\n    extends: {file: 1, service: b}\n") ==
          "/p/compose.yaml:3:21: services.a.extends.file: cannot extend service \"a\" in /p/compose.yaml: "
          "extends.file must be a string");
    CHECK(extends_error("services:\n  a:\n    extends: {file: x.yaml}\n") ==
          "/p/compose.yaml:3:14: services.a.extends.service: cannot extend service \"a\" in /p/compose.yaml: "
          "extends.service must name a service");
    CHECK(extends_error("services:\n  a:\n    extends: [b]\n") ==
          "/p/compose.yaml:3:14: services.a.extends: cannot extend service \"a\" in /p/compose.yaml: "
          "extends must be a service name or a mapping");
}

TEST_CASE("merge errors inside extends name the extending service", "[load][extends][errors]") {
    CHECK(extends_error(
              "services:\n  b:\n    extends: s\n    cap_add: x\n  s:\n    image: a\n    cap_add: [A]\n") ==
          "/p/compose.yaml:4:14: services.b.cap_add: cannot override services.b.cap_add");
}

TEST_CASE("all the extends errors of a document are reported", "[load][extends][errors]") {
    CHECK(extends_error("services:\n  a: {extends: x}\n  b: {extends: a}\n  c: {extends: y}\n") ==
          "/p/compose.yaml:2:16: services.a.extends: cannot extend service \"a\" in /p/compose.yaml: "
          "service \"x\" not found\n"
          "/p/compose.yaml:4:16: services.c.extends: cannot extend service \"c\" in /p/compose.yaml: "
          "service \"y\" not found");
}

TEST_CASE("a null base leaves the extending service as written", "[load][extends]") {
    Node doc = extended("services:\n  a: {extends: b, image: x}\n  b:\n");
    check_same(doc, "services:\n  a: {extends: b, image: x}\n  b:\n");
}

TEST_CASE("5,000 services extending one base file load it once and stay linear", "[load][extends][perf]") {
    Files files;
    files.add("/p/base.yaml", "services:\n  base: {image: x, environment: {A: \"1\"}, labels: [l=1]}\n");
    std::string text = "services:\n";
    for (int i = 0; i < 5000; ++i)
        text +=
            "  s" + std::to_string(i) + ": {extends: {file: base.yaml, service: base}, environment: [B=2]}\n";
    for (int i = 0; i < 5000; ++i)
        text += "  t" + std::to_string(i) + ": {extends: s" + std::to_string(i) + "}\n";
    Node doc = parse_one(text);
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(apply_extends(doc, files.context()).ok());
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count();
    WARN("extends of 10,000 services: " << ms << " ms");
    // Timing is reported, never asserted: these machines are too noisy (bench/ measures speed).
    CHECK(files.calls["/p/base.yaml"] == 1);
    check_same(*doc.find("services")->find("t4999"), "{image: x, environment: [A=1, B=2], labels: [l=1]}");
}
