#pragma once
// A scratch directory for a test, removed with everything in it when the test ends (even when it fails).

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace stackctl::test {

struct TempDir {
    /// Absolute and canonical (so lexical and resolved paths agree even when /tmp is a link).
    std::string path;

    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "stackctl-test-XXXXXX").string();
        const char* p = ::mkdtemp(tmpl.data());
        REQUIRE(p != nullptr);
        path = std::filesystem::canonical(p).string();
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// Writes `content` to `rel` (relative to the directory), creating the directories on the way.
    void write(const std::string& rel, const std::string& content) const {
        const std::filesystem::path file = std::filesystem::path(path) / rel;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out << content;
        REQUIRE(out.good());
    }
    [[nodiscard]] const std::string& str() const { return path; }
};

}  // namespace stackctl::test
