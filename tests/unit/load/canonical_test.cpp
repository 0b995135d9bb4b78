// Golden tests of the stages after merging: tests/data/canonical/<case>/ and tests/data/normalize/<case>/.
//
// Each case has input.yaml and any of:
//   stages.txt         stages to run, one per line (default: `canonicalize` for canonical/, every stage for
//                      normalize/): canonicalize [keep_unparsed] | check_semantics | apply_defaults |
//                      resolve_paths |
//                      resolve_environment_references | normalize | decode_values |
//                      resolve_service_environment [hash]
//   env.txt            the project environment, KEY=VALUE per line
//   expected.yaml/.json  the resulting document, compared as values (map order ignored, list order kept)
//   expected-raw.json  the reference's `config --no-interpolate --format json` for the input: compared with
//                      the model after canonicalize .. normalize, run with an empty environment as the
//                      reference does in that mode
//   errors.txt         the expected error headlines, one per line (first error, then Error::more)
// `__DIR__` in expected files stands for the case directory (`__PARENT__` for its parent) (the base of relative paths); $HOME is
// /nonexistent-home, as in the reference runs.

#include "stackctl/load/canonical.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "stackctl/load/emit.hpp"
#include "stackctl/load/yaml.hpp"
#include "test_files.hpp"

using stackctl::test::file_text;

using namespace stackctl::load;
using stackctl::core::Error;
using stackctl::core::render;
using stackctl::core::Status;

namespace fs = std::filesystem;

namespace {

const char* const kHome = "/nonexistent-home";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

Node parse_doc(const std::string& text, const std::string& name) {
    auto docs = parse_yaml(text, name);
    if (!docs) FAIL(render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}

// A minimal dotenv reader for the tests (the real parser is the dotenv module's): KEY=VALUE lines, `#`
// comments, `${VAR}` as a whole value resolved through the lookup, bare KEY resolved through the lookup.
stackctl::core::Result<EnvFileEntries> test_dotenv(const std::string& path, const Lookup& lookup) {
    std::ifstream in(path);
    if (!in) return Error(stackctl::core::Errc::io, "cannot read " + path);
    EnvFileEntries out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            out.emplace_back(line, lookup(line));
            continue;
        }
        std::string value = line.substr(eq + 1);
        if (value.size() > 3 && value.starts_with("${") && value.back() == '}') {
            value = lookup(value.substr(2, value.size() - 3)).value_or("");
        }
        out.emplace_back(line.substr(0, eq), value);
    }
    return out;
}

std::vector<std::string> headlines(const Error& e) {
    std::vector<std::string> out{e.headline()};
    for (const Error& m : e.more) out.push_back(m.headline());
    return out;
}

struct Run {
    Node doc;
    std::vector<std::string> errors;
};

Run run_stages(const fs::path& dir, const std::vector<std::string>& stages, const Environment& env) {
    Run r{parse_doc(file_text(dir / "input.yaml"), "input.yaml"), {}};
    const std::string name = dir.filename().string();
    auto check = [&](const Status& s) {
        if (!s) r.errors = headlines(s.error());
        return s.ok();
    };
    for (const std::string& line : stages) {
        std::istringstream words(line);
        std::string stage, arg;
        words >> stage >> arg;
        bool ok = true;
        if (stage == "canonicalize") {
            CanonicalOptions o;
            o.keep_unparsed = arg == "keep_unparsed";
            ok = check(canonicalize(r.doc, o));
        } else if (stage == "check_semantics") {
            ok = check(check_semantics(r.doc));
        } else if (stage == "apply_defaults") {
            ok = check(apply_defaults(r.doc));
        } else if (stage == "resolve_paths") {
            PathOptions o;
            o.base_dir = dir.string();
            o.home = kHome;
            ok = check(resolve_paths(r.doc, o));
        } else if (stage == "resolve_environment_references") {
            resolve_environment_references(r.doc, env);
        } else if (stage == "normalize") {
            NormalizeOptions o;
            o.project_name = name;
            o.environment = &env;
            ok = check(normalize(r.doc, o));
        } else if (stage == "decode_values") {
            ok = check(decode_values(r.doc));
        } else if (stage == "resolve_service_environment") {
            ServiceEnvironmentOptions o;
            o.resolve_environment = arg != "hash";
            ok = check(resolve_service_environment(r.doc, env, test_dotenv, o));
        } else {
            FAIL("unknown stage " << stage);
        }
        if (!ok) break;
    }
    return r;
}

// Value equality where an integer and a float of the same value are equal: JSON text cannot tell 50 from
// 50.0, and float32 fields hold floats.
bool same(const Node& a, const Node& b) {
    if (a.is_number() && b.is_number()) return a.float_value == b.float_value;
    if (a.kind != b.kind) return false;
    if (a.is_seq()) {
        if (a.items.size() != b.items.size()) return false;
        for (std::size_t i = 0; i < a.items.size(); ++i)
            if (!same(a.items[i], b.items[i])) return false;
        return true;
    }
    if (a.is_map()) {
        if (a.entries.size() != b.entries.size()) return false;
        for (const MapEntry& e : a.entries) {
            const Node* o = b.find(e.key);
            if (o == nullptr || !same(e.value, *o)) return false;
        }
        return true;
    }
    return a.same_value(b);
}

void compare(const Node& got, const fs::path& expected_file, const fs::path& dir) {
    const std::string text = replace_all(replace_all(file_text(expected_file), "__DIR__", dir.string()), "__PARENT__",
                                         dir.parent_path().string());
    const Node want = parse_doc(text, expected_file.filename().string());
    INFO("expected " << expected_file.string() << "\n" << to_json(want, 2) << "\ngot\n" << to_json(got, 2));
    CHECK(same(got, want));
}

void run_case(const fs::path& dir, const std::vector<std::string>& default_stages) {
    Environment env;
    if (fs::exists(dir / "env.txt")) {
        for (const std::string& line : lines_of(file_text(dir / "env.txt"))) {
            const auto eq = line.find('=');
            env.set(line.substr(0, eq), eq == std::string::npos ? "" : line.substr(eq + 1));
        }
    }
    std::vector<std::string> stages = default_stages;
    if (fs::exists(dir / "stages.txt")) stages = lines_of(file_text(dir / "stages.txt"));

    if (fs::exists(dir / "expected-raw.json")) {
        const Run raw = run_stages(dir,
                                   {"canonicalize keep_unparsed", "apply_defaults", "resolve_paths",
                                    "resolve_environment_references", "normalize"},
                                   Environment());
        INFO("errors: " << (raw.errors.empty() ? "" : raw.errors.front()));
        REQUIRE(raw.errors.empty());
        compare(raw.doc, dir / "expected-raw.json", dir);
    }
    const Run r = run_stages(dir, stages, env);
    if (fs::exists(dir / "errors.txt")) {
        CHECK(r.errors == lines_of(file_text(dir / "errors.txt")));
        return;
    }
    INFO("errors: " << (r.errors.empty() ? "" : r.errors.front()));
    REQUIRE(r.errors.empty());
    for (const char* name : {"expected.yaml", "expected.json"})
        if (fs::exists(dir / name)) compare(r.doc, dir / name, dir);
}

void run_all(const std::string& topic, const std::vector<std::string>& default_stages) {
    const fs::path root = fs::path(STACKCTL_TEST_DATA) / topic;
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory()) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    REQUIRE_FALSE(dirs.empty());
    for (const fs::path& dir : dirs) {
        SECTION(dir.filename().string()) {
            run_case(dir, default_stages);
        }
    }
}

}  // namespace

TEST_CASE("canonical golden files", "[load][canonical]") {
    run_all("canonical", {"canonicalize"});
}

TEST_CASE("normalize golden files", "[load][normalize]") {
    run_all("normalize", {"canonicalize", "apply_defaults", "resolve_paths", "resolve_environment_references",
                          "normalize", "decode_values", "resolve_service_environment"});
}

TEST_CASE("defaults fill what the reference fills", "[load][canonical]") {
    Node doc = parse_doc(
        "services:\n  a:\n    build: {dockerfile: x}\n    secrets: [{source: s}, {source: t, target: /u}]\n"
        "    ports: [{target: 80}]\n    gpus: [{driver: nvidia}, {device_ids: ['0']}]\n",
        "t.yaml");
    REQUIRE(canonicalize(doc).ok());
    REQUIRE(apply_defaults(doc).ok());
    const Node want = parse_doc(
        "services:\n  a:\n    build: {dockerfile: x, context: .}\n"
        "    secrets: [{source: s, target: /run/secrets/s}, {source: t, target: /u}]\n"
        "    ports: [{target: 80, protocol: tcp, mode: ingress}]\n"
        "    gpus: [{driver: nvidia, count: all}, {device_ids: ['0']}]\n",
        "w.yaml");
    INFO(to_json(doc, 2));
    CHECK(doc.same_value(want));
}

TEST_CASE("canonical keeps positions of the nodes it builds", "[load][canonical]") {
    Node doc = parse_doc("services:\n  a:\n    ports: ['8080:80']\n    build: ./dir\n", "t.yaml");
    REQUIRE(canonicalize(doc).ok());
    const Node* port = &doc.find("services")->find("a")->find("ports")->items.at(0);
    CHECK(port->loc.line == 3);
    CHECK(port->find("published")->loc.line == 3);
    CHECK(doc.find("services")->find("a")->find("build")->find("context")->loc.line == 4);
}

TEST_CASE("external.name warns and conflicts with name", "[load][canonical]") {
    Node doc = parse_doc("networks:\n  a: {external: {name: real}}\n  b: {name: x, external: {name: y}}\n",
                         "t.yaml");
    std::vector<std::string> warnings;
    CanonicalOptions o;
    o.warnings = &warnings;
    Status s = canonicalize(doc, o);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().headline() ==
          "t.yaml:3:13: networks.b.name: name and external.name conflict; only use name");
    CHECK(warnings.size() == 2);
    CHECK(warnings.at(0) == "networks.a: external.name is deprecated. Please set name and external: true");
    CHECK(doc.find("networks")->find("a")->find("name")->text == "real");
    CHECK(doc.find("networks")->find("a")->find("external")->as_bool());
}

TEST_CASE("service environment: env_file errors", "[load][normalize]") {
    Node doc = parse_doc(
        "services:\n  a:\n    environment: {}\n    env_file:\n      - {path: /nonexistent/x.env, required: "
        "true}\n"
        "      - {path: /nonexistent/y.env, required: false}\n      - {path: /nonexistent/z.env, format: "
        "raw}\n"
        "    label_file: [/nonexistent/l]\n",
        "t.yaml");
    Status s = resolve_service_environment(doc, Environment(), test_dotenv);
    REQUIRE_FALSE(s.ok());
    CHECK(headlines(s.error()) ==
          std::vector<std::string>{"t.yaml:5:9: services.a.env_file[0]: env file /nonexistent/x.env not "
                                   "found: stat /nonexistent/x.env: no "
                                   "such file or directory",
                                   "t.yaml:7:44: services.a.env_file[2]: unsupported env_file format \"raw\"",
                                   "t.yaml:8:18: services.a.label_file[0]: label file /nonexistent/l not "
                                   "found: stat /nonexistent/l: no such "
                                   "file or directory"});
}

TEST_CASE("service environment: parser errors pass through with a note", "[load][normalize]") {
    const fs::path dir = fs::temp_directory_path() / "stackctl-svcenv-test";
    fs::create_directories(dir);
    std::ofstream(dir / "a.env") << "A=1\n";
    Node doc = parse_doc("services:\n  a:\n    env_file: [" + (dir / "a.env").string() + "]\n", "t.yaml");
    REQUIRE(canonicalize(doc).ok());
    auto failing = [](const std::string& path, const Lookup&) -> stackctl::core::Result<EnvFileEntries> {
        return Error(stackctl::core::Errc::parse, "line 3: unterminated quoted value \"abc",
                     stackctl::core::SourceLoc{stackctl::core::intern_path(path), 3, 1});
    };
    Status s = resolve_service_environment(doc, Environment(), failing);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().headline() ==
          (dir / "a.env").string() + ":3:1: services.a.env_file[0]: line 3: unterminated quoted value \"abc");
    REQUIRE(s.error().notes.size() == 1);
    CHECK(s.error().notes[0] == "while reading " + (dir / "a.env").string() + " for service a");
    fs::remove_all(dir);
}

TEST_CASE("service environment for --hash keeps env_file and still merges labels", "[load][normalize]") {
    Node doc = parse_doc(
        "services:\n  a:\n    environment: {X: }\n    env_file: [{path: /nonexistent/x.env, required: "
        "true}]\n",
        "t.yaml");
    Environment env;
    env.set("X", "1");
    ServiceEnvironmentOptions o;
    o.resolve_environment = false;
    REQUIRE(resolve_service_environment(doc, env, test_dotenv, o).ok());
    CHECK(doc.find("services")->find("a")->find("env_file") != nullptr);
    CHECK(doc.find("services")->find("a")->find("environment")->find("X")->is_null());
}

// Not a requirement (the pipeline calls it once), but a second call must not change a decoded model. The
// exception is a negative size: it is only valid as a number, and decoded sizes are strings ("-1").
TEST_CASE("decode_values can run twice", "[load][normalize]") {
    for (const char* name : {"build", "hosts", "ports", "spec-example", "volumes", "deps", "env"}) {
        const fs::path dir = fs::path(STACKCTL_TEST_DATA) / "normalize" / name;
        Environment env;
        Run r = run_stages(dir,
                           {"canonicalize", "apply_defaults", "resolve_paths",
                            "resolve_environment_references", "normalize", "decode_values"},
                           env);
        REQUIRE(r.errors.empty());
        Node again = r.doc;
        const Status s2 = decode_values(again);
        INFO((s2.ok() ? std::string() : render(s2.error(), false)));
        REQUIRE(s2.ok());
        INFO(name);
        CHECK(same(again, r.doc));
    }
}
