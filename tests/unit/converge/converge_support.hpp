#pragma once
// Loads a test compose file into the desired state, with paths made independent of the checkout.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "stackctl/converge/desired.hpp"
#include "stackctl/load/loader.hpp"
#include "test_files.hpp"

namespace converge_test {

using stackctl::test::file_text;

inline std::string data_dir(const std::string& rel) { return std::string(STACKCTL_TEST_DATA) + "/converge/" + rel; }

inline stackctl::converge::DesiredState load_desired(const std::string& dir, const std::string& project = "demo") {
    stackctl::load::LoadOptions lo;
    lo.project.files = {dir + "/compose.yaml"};
    lo.project.project_name = project;
    lo.project.working_dir = dir;
    stackctl::load::Environment env;
    auto p = stackctl::load::load_project(lo, env);
    if (!p) FAIL(p.error().message);
    stackctl::converge::ProjectInfo info{p->name, p->project_dir, p->files, {}};
    auto d = stackctl::converge::desired_state(info, p->document);
    if (!d) FAIL(d.error().message);
    return std::move(*d);
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
    return s;
}

/// Compares with the golden file; STACKCTL_UPDATE_GOLDEN=1 rewrites it.
inline void check_golden(const std::string& path, const std::string& actual) {
    if (std::getenv("STACKCTL_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << actual;
    }
    INFO("golden file " << path);
    CHECK(file_text(path) == actual);
}

}  // namespace converge_test
