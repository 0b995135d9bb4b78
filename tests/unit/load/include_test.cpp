#include "stackctl/load/include.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "stackctl/load/yaml.hpp"
#include "temp_dir.hpp"

using namespace stackctl::load;
using stackctl::core::Errc;
using stackctl::core::Error;
using stackctl::core::render;
namespace fs = std::filesystem;

using stackctl::test::TempDir;

namespace {

Node parse_one(const std::string& text, const std::string& file) {
    auto docs = parse_yaml(text, file);
    if (!docs) FAIL(render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}

/// Sub-projects by the first path of the request, and the requests seen.
struct Projects {
    std::map<std::string, std::string> texts;
    std::vector<IncludeRequest> requests;

    IncludeContext context(const std::string& dir, const std::string& file) {
        IncludeContext ctx;
        ctx.file = file;
        ctx.working_dir = dir;
        ctx.load_project = [this](const IncludeRequest& req) -> stackctl::core::Result<Node> {
            requests.push_back(req);
            auto it = texts.find(req.paths.front());
            if (it == texts.end())
                return Error(Errc::io, "open " + req.paths.front() + ": no such file or directory");
            return parse_one(it->second, req.paths.front());
        };
        return ctx;
    }
};

std::string include_error(const std::string& text, Projects& projects, const std::string& dir = "/p",
                          std::vector<std::string> chain = {}) {
    Node doc = parse_one(text, dir + "/compose.yaml");
    IncludeContext ctx = projects.context(dir, dir + "/compose.yaml");
    ctx.chain = std::move(chain);
    auto st = apply_include(doc, ctx);
    REQUIRE_FALSE(st.ok());
    std::string all = st.error().headline();
    for (const auto& n : st.error().notes) all += "\n  note: " + n;
    for (const auto& m : st.error().more) all += "\n" + m.headline();
    return all;
}

}  // namespace

TEST_CASE("include imports the resources of the sub-project", "[load][include]") {
    Projects projects;
    projects.texts["/p/lib/compose.yaml"] =
        "services:\n  libsvc: {image: x}\n  extra: {image: e}\nvolumes:\n  v: {}\nnetworks:\n  n1: {}\n"
        "x-lib: 1\nname: lib\n";
    Node doc = parse_one(
        "include:\n  - lib/compose.yaml\nservices:\n  libsvc: {image: x}\n  other: {image: y}\nnetworks:\n  "
        "n1: {}\n",
        "/p/compose.yaml");
    REQUIRE(apply_include(doc, projects.context("/p", "/p/compose.yaml")).ok());
    const Node want = parse_one(
        "services:\n  libsvc: {image: x}\n  other: {image: y}\n  extra: {image: e}\nnetworks:\n  n1: {}\n"
        "volumes:\n  v: {}\n",
        "expected.yaml");
    CHECK(doc.same_value(want));
    REQUIRE(projects.requests.size() == 1);
    const IncludeRequest& req = projects.requests[0];
    CHECK(req.paths == std::vector<std::string>{"/p/lib/compose.yaml"});
    CHECK(req.project_directory == "/p/lib");
    CHECK(req.env_files.empty());
    CHECK(req.chain == std::vector<std::string>{"/p/compose.yaml"});
}

TEST_CASE("include long form: path list, project_directory, env_file", "[load][include]") {
    TempDir dir;
    dir.write("lib2/custom.env", "A=1\n");
    dir.write("pd/.env", "B=1\n");
    dir.write("lib3/.env", "C=1\n");
    Projects projects;
    const std::string d = dir.str();
    projects.texts[d + "/lib2/a.yaml"] = "services:\n  a: {image: a}\n";
    projects.texts[d + "/lib3/c.yaml"] = "services:\n  c: {image: c}\n";
    projects.texts["/abs/x.yaml"] = "services:\n  x: {image: x}\n";
    Node doc = parse_one(
        "include:\n"
        "  - path: [lib2/a.yaml, ./lib2/../lib2/b.yaml]\n    project_directory: pd\n    env_file: "
        "lib2/custom.env\n"
        "  - path: lib2/a.yaml\n    project_directory: pd\n"
        "  - path: [lib3/c.yaml]\n    env_file: [/abs/not/checked.env]\n"
        "  - path: /abs/x.yaml\n"
        "  - path: []\n",
        d + "/compose.yaml");
    REQUIRE(apply_include(doc, projects.context(d, d + "/compose.yaml")).ok());
    REQUIRE(projects.requests.size() == 4);
    CHECK(projects.requests[0].paths == std::vector<std::string>{d + "/lib2/a.yaml", d + "/lib2/b.yaml"});
    CHECK(projects.requests[0].project_directory == d + "/pd");
    CHECK(projects.requests[0].env_files == std::vector<std::string>{d + "/lib2/custom.env"});
    // Without env_file, the included project's own .env when there is one.
    CHECK(projects.requests[1].env_files == std::vector<std::string>{d + "/pd/.env"});
    CHECK(projects.requests[2].project_directory == d + "/lib3");
    CHECK(projects.requests[2].env_files == std::vector<std::string>{"/abs/not/checked.env"});
    CHECK(projects.requests[3].project_directory == "/abs");
    CHECK(projects.requests[3].env_files.empty());
    CHECK(doc.find("include") == nullptr);
    CHECK(doc.find("services")->size() == 3);
}

TEST_CASE("include conflicts name both definitions", "[load][include][errors]") {
    Projects projects;
    projects.texts["/p/lib/compose.yaml"] = "services:\n  libsvc:\n    image: x\n    ports: [{target: 80}]\n";
    CHECK(include_error(
              "include:\n  - lib/compose.yaml\nservices:\n  libsvc:\n    image: x\n    ports: [\"80\"]\n",
              projects) ==
          "/p/compose.yaml:4:3: services.libsvc: services.libsvc conflicts with imported resource\n"
          "  note: the imported definition is at /p/lib/compose.yaml:2:3\n"
          "  note: definitions from an include must be identical; override it in a later -f file instead");

    // Two includes defining the same volume differently, and a network conflict: all reported.
    projects.texts["/p/a.yaml"] = "volumes:\n  v: {driver: a}\nnetworks:\n  n: {}\n";
    projects.texts["/p/b.yaml"] = "volumes:\n  v: {driver: b}\n";
    CHECK(include_error("include: [a.yaml, b.yaml]\nnetworks:\n  n: {driver: x}\n", projects) ==
          "/p/compose.yaml:3:3: networks.n: networks.n conflicts with imported resource\n"
          "  note: the imported definition is at /p/a.yaml:4:3\n"
          "  note: definitions from an include must be identical; override it in a later -f file instead\n"
          "/p/a.yaml:2:3: volumes.v: volumes.v conflicts with imported resource");
}

TEST_CASE("include errors match the reference's messages", "[load][include][errors]") {
    Projects projects;
    CHECK(include_error("include: lib/compose.yaml\n", projects) ==
          "/p/compose.yaml:1:10: include: `include` must be a list, got lib/compose.yaml");
    CHECK(include_error("include:\n  - missing.yaml\n", projects) ==
          "/p/compose.yaml:2:5: include[0]: open /p/missing.yaml: no such file or directory\n"
          "  note: while including /p/missing.yaml");
    CHECK(include_error("include:\n  - ../a.yaml\n", projects, "/p/sub", {"/p/a.yaml"}) ==
          "/p/sub/compose.yaml:2:5: include[0]: include cycle detected:\n/p/a.yaml\n include "
          "/p/sub/compose.yaml\n"
          " include /p/a.yaml");
    CHECK(include_error("include:\n  - compose.yaml\n", projects) ==
          "/p/compose.yaml:2:5: include[0]: include cycle detected:\n/p/compose.yaml\n include "
          "/p/compose.yaml");
    CHECK(
        include_error("include:\n  - 1\n  - {path: [a, 2]}\n  - {path: a, project_directory: [x]}\n",
                      projects) ==
        "/p/compose.yaml:2:5: include[0]: include[0] must be a path or a mapping\n"
        "/p/compose.yaml:3:16: include[1].path[1]: include[1].path[1] must be a string\n"
        "/p/compose.yaml:4:34: include[2].project_directory: include[2].project_directory must be a string");

    const std::size_t loads = projects.requests.size();
    TempDir dir;
    dir.write("adir/keep", "");
    const std::string d = dir.str();
    CHECK(include_error("include:\n  - path: lib.yaml\n    env_file: [nope.env, adir]\n", projects, d) ==
          d + "/compose.yaml:3:16: include[0].env_file: stat " + d +
              "/nope.env: no such file or directory\n" + d + "/compose.yaml:3:26: include[0].env_file: " + d +
              "/adir is not a file");
    CHECK(projects.requests.size() == loads);  // nothing loaded when an env file is wrong
}

TEST_CASE("an include of nothing, or null, changes nothing but removes the key", "[load][include]") {
    Projects projects;
    Node doc = parse_one("include:\nservices:\n  a: {image: a}\n", "/p/compose.yaml");
    REQUIRE(apply_include(doc, projects.context("/p", "/p/compose.yaml")).ok());
    CHECK(doc.find("include") == nullptr);
    CHECK(doc.size() == 1);
}
