// Workspaces and environment profiles: finding the workspace, selecting the stack, expanding profiles,
// and every error message (docs/profiles.md).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "stackctl/load/workspace.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace stackctl;
using namespace stackctl::load;

using stackctl::test::TempDir;

namespace {

// A workspace with two stacks: "one" (a single file with compose profiles dev/test) and "layers"
// (base + dev + extra layers), and a directory with its own compose file.
void write_workspace(const TempDir& d) {
    d.write("stackctl.yaml",
            "default_stack: one\n"
            "stacks:\n"
            "  one: {directory: stacks/one}\n"
            "  layers: {directory: stacks/layers}\n");
    d.write("stacks/one/compose.yaml", "services: {}\n");
    d.write("stacks/one/.env.dev", "A=1\n");
    d.write("stacks/one/sub/keep", "");
    d.write("stacks/layers/compose.yaml", "services: {}\n");
    d.write("stacks/layers/compose.dev.yaml", "services: {}\n");
    d.write("stacks/layers/compose.extra.yaml", "services: {}\n");
    d.write("stacks/layers/compose.test.yaml", "services: {}\n");
    d.write("own/compose.yaml", "services: {}\n");
    d.write("own/deeper/keep", "");
    d.write("docs/keep", "");
    d.write("profiles/dev.yaml",
            "description: Development\n"
            "stacks:\n"
            "  one:\n"
            "    files: [compose.yaml]\n"
            "    env_files: [.env.dev]\n"
            "    compose_profiles: [dev]\n"
            "  layers:\n"
            "    files: [compose.yaml, compose.dev.yaml]\n");
    d.write("profiles/extra.yaml",
            "stacks:\n"
            "  layers:\n"
            "    files: [compose.dev.yaml, compose.extra.yaml]\n");
    d.write("profiles/test.yaml",
            "stacks:\n"
            "  one:\n"
            "    compose_profiles: test\n"
            "    project_name: one-test\n"
            "  layers:\n"
            "    files: [compose.test.yaml]\n"
            "    project_name: layers-test\n");
    d.write("profiles/other.yaml",
            "stacks:\n"
            "  one:\n"
            "    project_name: one-other\n");
}

WorkspaceResolution resolve_ok(const WorkspaceRequest& req, const Environment& env = {}) {
    auto r = resolve_workspace(req, env);
    if (!r) FAIL(r.error().headline());
    return std::move(*r);
}

std::string resolve_error(const WorkspaceRequest& req, const Environment& env = {}) {
    auto r = resolve_workspace(req, env);
    if (r) FAIL("expected an error");
    return r.error().headline();
}

WorkspaceRequest in(const std::string& dir, std::vector<std::string> profiles = {}) {
    WorkspaceRequest req;
    req.project.working_dir = dir;
    req.project.profiles = std::move(profiles);
    return req;
}

}  // namespace

TEST_CASE("no workspace: the options pass through", "[workspace]") {
    TempDir d;
    d.write("compose.yaml", "services: {}\n");
    auto req = in(d.str(), {"dev"});
    req.project.env_files = {"x.env"};
    auto r = resolve_ok(req);
    CHECK_FALSE(r.workspace);
    CHECK_FALSE(r.stack);
    CHECK(r.project.profiles == std::vector<std::string>{"dev"});
    CHECK_FALSE(r.project.profiles_given);
    CHECK(r.project.env_files == std::vector<std::string>{"x.env"});
    CHECK_FALSE(r.project.project_directory);
    CHECK(r.project.files.empty());
}

TEST_CASE("stack selection", "[workspace]") {
    TempDir d;
    write_workspace(d);
    const std::string root = d.str();

    SECTION("the workspace root without a compose file: the default stack, its directory as project directory") {
        auto r = resolve_ok(in(root));
        CHECK(r.workspace == root + "/stackctl.yaml");
        CHECK(r.stack == "one");
        CHECK(r.project.project_directory == root + "/stacks/one");
        CHECK(r.project.files.empty());
        CHECK_FALSE(r.project.profiles_given);
    }
    SECTION("a directory of the workspace without compose files: the default stack") {
        CHECK(resolve_ok(in(root + "/docs")).stack == "one");
    }
    SECTION("inside a stack directory: that stack") {
        CHECK(resolve_ok(in(root + "/stacks/layers")).stack == "layers");
        CHECK(resolve_ok(in(root + "/stacks/one/sub")).stack == "one");
    }
    SECTION("a directory with its own compose file (or below one): plain compose") {
        auto r = resolve_ok(in(root + "/own", {"dev"}));
        CHECK(r.workspace);
        CHECK_FALSE(r.stack);
        CHECK(r.project.profiles == std::vector<std::string>{"dev"});
        CHECK_FALSE(r.project.project_directory);
        CHECK_FALSE(resolve_ok(in(root + "/own/deeper")).stack);
    }
    SECTION("--stack wins over the working directory, STACKCTL_STACK is its default") {
        auto req = in(root + "/stacks/one");
        req.stack = "layers";
        CHECK(resolve_ok(req).stack == "layers");
        Environment env;
        env.set("STACKCTL_STACK", "layers");
        CHECK(resolve_ok(in(root + "/own"), env).stack == "layers");
        req.stack = "one";
        CHECK(resolve_ok(req, env).stack == "one");
    }
    SECTION("-f, COMPOSE_FILE and --project-directory: plain compose, STACKCTL_STACK ignored") {
        Environment env;
        env.set("STACKCTL_STACK", "layers");
        auto req = in(root, {"dev"});
        req.project.files = {"own/compose.yaml"};
        auto r = resolve_ok(req, env);
        CHECK_FALSE(r.workspace);
        CHECK(r.project.files == std::vector<std::string>{"own/compose.yaml"});
        CHECK(r.project.profiles == std::vector<std::string>{"dev"});
        req.project.files.clear();
        req.project.project_directory = "own";
        CHECK_FALSE(resolve_ok(req, env).stack);
        Environment cf;
        cf.set("COMPOSE_FILE", "own/compose.yaml");
        CHECK_FALSE(resolve_ok(in(root), cf).stack);
    }
}

TEST_CASE("profile expansion", "[workspace]") {
    TempDir d;
    write_workspace(d);
    const std::string root = d.str();
    const std::string one = root + "/stacks/one";
    const std::string layers = root + "/stacks/layers";

    SECTION("a profile's files, env files and compose profiles") {
        auto r = resolve_ok(in(root, {"dev"}));
        CHECK(r.stack == "one");
        CHECK(r.expanded == std::vector<std::string>{"dev"});
        CHECK(r.project.files == std::vector<std::string>{one + "/compose.yaml"});
        CHECK(r.project.env_files == std::vector<std::string>{one + "/.env.dev"});
        CHECK(r.project.profiles == std::vector<std::string>{"dev"});
        CHECK(r.project.profiles_given);
        CHECK(r.project.project_directory == one);
        CHECK_FALSE(r.project.project_name);
    }
    SECTION("several profiles: files in order without duplicates") {
        auto req = in(layers, {"dev", "extra"});
        auto r = resolve_ok(req);
        CHECK(r.project.files == std::vector<std::string>{layers + "/compose.yaml", layers + "/compose.dev.yaml",
                                                           layers + "/compose.extra.yaml"});
        CHECK(r.project.profiles.empty());
        CHECK(r.project.profiles_given);
        CHECK(r.project.env_files.empty());
    }
    SECTION("a name without a definition for the stack is a plain compose profile") {
        auto r = resolve_ok(in(root, {"extra", "debug", "dev"}));
        CHECK(r.expanded == std::vector<std::string>{"dev"});
        CHECK(r.project.profiles == std::vector<std::string>{"extra", "debug", "dev"});
        CHECK(r.project.files == std::vector<std::string>{one + "/compose.yaml"});
    }
    SECTION("no file for any name: the stack's own discovery with the names as compose profiles") {
        auto r = resolve_ok(in(layers, {"debug", "../x"}));
        CHECK(r.expanded.empty());
        CHECK(r.project.files.empty());
        CHECK(r.project.profiles == std::vector<std::string>{"debug", "../x"});
    }
    SECTION("project name from the profile; -p wins") {
        auto r = resolve_ok(in(root, {"test"}));
        CHECK(r.project.project_name == "one-test");
        CHECK(r.project.profiles == std::vector<std::string>{"test"});
        CHECK(r.project.files.empty());
        auto req = in(root, {"test"});
        req.project.project_name = "mine";
        CHECK(resolve_ok(req).project.project_name == "mine");
    }
    SECTION("--env-file adds to the profile's env files (after them)") {
        auto req = in(root, {"dev"});
        req.project.env_files = {"own/extra.env"};
        CHECK(resolve_ok(req).project.env_files ==
              std::vector<std::string>{one + "/.env.dev", root + "/own/extra.env"});
    }
    SECTION("COMPOSE_PROFILES names profiles when --profile is not given") {
        Environment env;
        env.set("COMPOSE_PROFILES", "dev, extra");
        auto r = resolve_ok(in(layers), env);
        CHECK(r.expanded == std::vector<std::string>{"dev", "extra"});
        CHECK(r.project.files.size() == 3);
        CHECK(r.project.profiles_given);
    }
    SECTION("conflicting project names") {
        CHECK(resolve_error(in(root, {"test", "other"})) ==
              root + "/profiles/other.yaml:3:19: stacks.one.project_name: profile other sets project name "
                     "\"one-other\" for stack one, but profile test sets \"one-test\"; use one of them, or -p");
    }
}

TEST_CASE("workspace usage errors", "[workspace]") {
    TempDir d;
    write_workspace(d);
    const std::string root = d.str();
    auto req = in(root);
    req.stack = "nope";
    CHECK(resolve_error(req) == "--stack nope: no such stack in " + root +
                                    "/stackctl.yaml (stacks: one, layers)");
    Environment env;
    env.set("STACKCTL_STACK", "nope");
    CHECK(resolve_error(in(root), env) == "STACKCTL_STACK nope: no such stack in " + root +
                                             "/stackctl.yaml (stacks: one, layers)");
    req.stack = "one";
    req.project.files = {"x.yaml"};
    CHECK(resolve_error(req) == "--stack cannot be combined with -f/--file");
    req.project.files.clear();
    req.project.project_directory = "own";
    CHECK(resolve_error(req) == "--stack cannot be combined with --project-directory");
    req.project.project_directory.reset();
    Environment cf;
    cf.set("COMPOSE_FILE", "x.yaml");
    CHECK(resolve_error(req, cf) == "--stack cannot be combined with COMPOSE_FILE");
    req.stack = "";
    CHECK(resolve_error(req) == "--stack needs a stack name");

    TempDir outside;
    auto lone = in(outside.str());
    lone.stack = "one";
    auto r = resolve_workspace(lone, {});
    if (!find_workspace_file(outside.str())) {  // a stackctl.yaml above the temp directory would change this
        REQUIRE_FALSE(r);
        CHECK(r.error().headline() == "--stack one: no stackctl.yaml in " + outside.str() + " or its parents");
        CHECK(r.error().code == core::Errc::usage);
    }
}

namespace {

std::string workspace_error(const std::string& text, const std::function<void(const TempDir&)>& extra = {}) {
    TempDir d;
    d.write("stacks/a/compose.yaml", "services: {}\n");
    d.write("stackctl.yaml", text);
    if (extra) extra(d);
    auto r = load_workspace(d.str() + "/stackctl.yaml");
    if (r) FAIL("expected an error for:\n" + text);
    std::string h = r.error().headline();
    // Make the message independent of the temp directory.
    for (auto pos = h.find(d.str()); pos != std::string::npos; pos = h.find(d.str())) h.replace(pos, d.str().size(), "WS");
    return h;
}

std::string profile_error(const std::string& text) {
    TempDir d;
    d.write("stacks/a/compose.yaml", "services: {}\n");
    d.write("stackctl.yaml", "stacks:\n  a: {directory: stacks/a}\n");
    d.write("profiles/p.yaml", text);
    auto ws = load_workspace(d.str() + "/stackctl.yaml");
    REQUIRE(ws);
    auto file = profile_file(*ws, "p");
    REQUIRE(file);
    auto r = load_profile(*ws, "p", *file);
    if (r) FAIL("expected an error for:\n" + text);
    std::string h = r.error().headline();
    for (auto pos = h.find(d.str()); pos != std::string::npos; pos = h.find(d.str())) h.replace(pos, d.str().size(), "WS");
    return h;
}

}  // namespace

TEST_CASE("workspace file errors", "[workspace]") {
    CHECK(workspace_error("") == "WS/stackctl.yaml:1:1: the workspace file is empty");
    CHECK(workspace_error("- a\n") == "WS/stackctl.yaml:1:1: the workspace file must be a mapping, not a list");
    CHECK(workspace_error("stacks:\n  a: {directory: stacks/a}\nstack: x\n") ==
          "WS/stackctl.yaml:3:1: unknown key \"stack\" (allowed: default_stack, stacks, profiles_directory)");
    CHECK(workspace_error("default_stack: a\n") ==
          "WS/stackctl.yaml:1:1: \"stacks\" is required: a mapping of stack names to {directory: DIR}");
    CHECK(workspace_error("stacks: {}\n") ==
          "WS/stackctl.yaml:1:9: stacks: must be a non-empty mapping of stack names to {directory: DIR}");
    CHECK(workspace_error("stacks:\n  a: stacks/a\n") ==
          "WS/stackctl.yaml:2:6: stacks.a: must be a mapping with \"directory\", not a string");
    CHECK(workspace_error("stacks:\n  a: {dir: stacks/a}\n") ==
          "WS/stackctl.yaml:2:7: stacks.a: unknown key \"dir\" (allowed: directory)");
    CHECK(workspace_error("stacks:\n  a: {}\n") == "WS/stackctl.yaml:2:3: stacks.a: \"directory\" is required");
    CHECK(workspace_error("stacks:\n  a: {directory: 3}\n") ==
          "WS/stackctl.yaml:2:18: stacks.a.directory: must be a string, not an integer");
    CHECK(workspace_error("stacks:\n  a: {directory: stacks/b}\n") ==
          "WS/stackctl.yaml:2:18: stacks.a.directory: stack directory WS/stacks/b does not exist");
    CHECK(workspace_error("default_stack: b\nstacks:\n  a: {directory: stacks/a}\n") ==
          "WS/stackctl.yaml:1:16: default_stack: \"b\" is not one of the stacks (a)");
    CHECK(workspace_error("stacks:\n  a: {directory: stacks/a}\nprofiles_directory: envs\n") ==
          "WS/stackctl.yaml:3:21: profiles_directory: profiles directory WS/envs does not exist");
    CHECK(workspace_error("stacks: [\n").find("WS/stackctl.yaml:") == 0);  // the YAML parser's own error
}

TEST_CASE("profile file errors", "[workspace]") {
    CHECK(profile_error("") == "WS/profiles/p.yaml:1:1: the profile file is empty");
    CHECK(profile_error("description: x\n") ==
          "WS/profiles/p.yaml:1:1: \"stacks\" is required: what the profile means for each stack");
    CHECK(profile_error("stacks:\n  a: {}\ncomment: x\n") ==
          "WS/profiles/p.yaml:3:1: unknown key \"comment\" (allowed: description, stacks)");
    CHECK(profile_error("stacks:\n  b: {}\n") ==
          "WS/profiles/p.yaml:2:3: stacks.b: no stack \"b\" in WS/stackctl.yaml (stacks: a)");
    CHECK(profile_error("stacks:\n  a: {file: [compose.yaml]}\n") ==
          "WS/profiles/p.yaml:2:7: stacks.a: unknown key \"file\" (allowed: files, env_files, compose_profiles, "
          "project_name)");
    CHECK(profile_error("stacks:\n  a:\n    files: [compose.yaml, compose.dev.yaml]\n") ==
          "WS/profiles/p.yaml:3:27: stacks.a.files[1]: compose file WS/stacks/a/compose.dev.yaml does not exist");
    CHECK(profile_error("stacks:\n  a:\n    env_files: .env.dev\n") ==
          "WS/profiles/p.yaml:3:16: stacks.a.env_files: env file WS/stacks/a/.env.dev does not exist");
    CHECK(profile_error("stacks:\n  a:\n    files: {x: 1}\n") ==
          "WS/profiles/p.yaml:3:12: stacks.a.files: must be a list of strings, not a mapping");
    CHECK(profile_error("stacks:\n  a:\n    compose_profiles: [dev, 1]\n") ==
          "WS/profiles/p.yaml:3:29: stacks.a.compose_profiles[1]: must be a string, not an integer");
    CHECK(profile_error("stacks:\n  a:\n    project_name: My_App\n") ==
          "WS/profiles/p.yaml:3:19: stacks.a.project_name: invalid project name \"My_App\": use only lowercase "
          "letters, digits, '-' and '_', starting with a letter or digit");
    CHECK(profile_error("stacks:\n  a: [compose.yaml]\n") ==
          "WS/profiles/p.yaml:2:6: stacks.a: must be a mapping, not a list");
}

TEST_CASE("listing the profiles", "[workspace]") {
    TempDir d;
    write_workspace(d);
    d.write("profiles/.hidden.yaml", "junk");
    d.write("profiles/notes.txt", "junk");
    auto ws = load_workspace(d.str() + "/stackctl.yaml");
    REQUIRE(ws);
    auto all = load_profiles(*ws);
    REQUIRE(all);
    std::vector<std::string> names;
    for (const auto& p : *all) names.push_back(p.name);
    CHECK(names == std::vector<std::string>{"dev", "extra", "other", "test"});
    CHECK((*all)[0].description == "Development");
    CHECK((*all)[0].stacks.size() == 2);
    CHECK((*all)[0].stack("layers") != nullptr);
    CHECK((*all)[1].stack("one") == nullptr);
}
