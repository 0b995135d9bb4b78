// Our own golden cases (tests/data/dotenv/<case>/ and tests/data/interpolate/<case>/), independent of the
// shared corpus. Each case folder holds:
//   dotenv:       input.env, optional env (outside variables, KEY=VALUE per line, split at the first =),
//                 and expected.json ([[key, value or null], ...] in file order) or error.txt
//   interpolate:  template.txt (one trailing newline is not part of the value), optional env, and
//                 expected.txt (same newline rule) or error.txt
// error.txt is core::render(error, false), verbatim; file names in it are the case's file names
// (input.env, template.txt) and positions are line:column (bytes) in those files.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "stackctl/core/error.hpp"
#include "stackctl/load/dotenv.hpp"
#include "stackctl/load/interpolate.hpp"
#include "test_files.hpp"

using namespace stackctl;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string, std::less<>> read_env(const fs::path& dir) {
    std::map<std::string, std::string, std::less<>> env;
    auto text = test::read_file(dir / "env");
    if (!text) return env;
    std::string_view rest = *text;
    while (!rest.empty()) {
        std::string_view line = rest.substr(0, rest.find('\n'));
        rest.remove_prefix(std::min(rest.size(), line.size() + 1));
        if (auto eq = line.find('='); eq != std::string_view::npos)
            env[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    return env;
}

}  // namespace

TEST_CASE("golden: dotenv", "[load][dotenv][golden]") {
    auto dirs = test::case_dirs(fs::path(STACKCTL_TEST_DATA) / "dotenv");
    REQUIRE(!dirs.empty());
    for (const auto& dir : dirs) {
        DYNAMIC_SECTION(dir.filename().string()) {
            auto input = test::read_file(dir / "input.env");
            REQUIRE(input);
            auto r = load::parse_dotenv(*input, "input.env", test::map_lookup(read_env(dir)));
            if (auto want_error = test::read_file(dir / "error.txt")) {
                REQUIRE_FALSE(r.ok());
                CHECK(core::render(r.error(), false) == *want_error);
            } else {
                auto want = test::read_file(dir / "expected.json");
                REQUIRE(want);
                if (!r) FAIL(core::render(r.error(), false));
                nlohmann::json got = nlohmann::json::array();
                for (const auto& e : *r) {
                    got.push_back({e.key, e.value ? nlohmann::json(*e.value) : nlohmann::json(nullptr)});
                }
                CHECK(got.dump(1) == nlohmann::json::parse(*want).dump(1));
            }
        }
    }
}

TEST_CASE("golden: interpolate", "[load][interpolate][golden]") {
    auto dirs = test::case_dirs(fs::path(STACKCTL_TEST_DATA) / "interpolate");
    REQUIRE(!dirs.empty());
    for (const auto& dir : dirs) {
        DYNAMIC_SECTION(dir.filename().string()) {
            auto input = test::read_file(dir / "template.txt");
            REQUIRE(input);
            load::SubstituteOptions options;
            options.origin = core::SourceLoc{core::intern_path("template.txt"), 1, 1};
            auto r = load::substitute(test::chomp(*input), test::map_lookup(read_env(dir)), options);
            if (auto want_error = test::read_file(dir / "error.txt")) {
                REQUIRE_FALSE(r.ok());
                CHECK(core::render(r.error(), false) == *want_error);
            } else {
                auto want = test::read_file(dir / "expected.txt");
                REQUIRE(want);
                if (!r) FAIL(core::render(r.error(), false));
                CHECK(*r == test::chomp(*want));
            }
        }
    }
}
