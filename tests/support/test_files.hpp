#pragma once
// Helpers for tests that read data files: our own golden data (STACKCTL_TEST_DATA) and the shared
// conformance corpus beside the checkout (STACKCTL_SHARED_DIR), which may be missing.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/load/interpolate.hpp"

namespace stackctl::test {

/// The whole file, or nullopt when it cannot be read.
inline std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

/// The whole file, or "" when it cannot be read (a missing golden file then fails its comparison).
inline std::string file_text(const std::filesystem::path& path) { return read_file(path).value_or(std::string()); }

/// `s` without one trailing newline (golden files end in one; the values they hold usually do not).
inline std::string chomp(std::string s) {
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

/// The shared folder: $STACKCTL_SHARED_DIR when set (to run against another copy, or none), else the
/// build's STACKCTL_SHARED_DIR (../shared beside the checkout).
inline std::filesystem::path shared_dir() {
    const char* env = std::getenv("STACKCTL_SHARED_DIR");
    return env != nullptr && *env != '\0' ? env : STACKCTL_SHARED_DIR;
}

/// The conformance corpus folder, or nullopt (tests then WARN and return: the corpus is optional).
inline std::optional<std::filesystem::path> shared_conformance_dir() {
    std::filesystem::path dir = shared_dir() / "conformance";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
    return dir;
}

/// The file `name` of compose-go's case tables in the corpus, or nullopt after a WARN saying it is skipped.
inline std::optional<std::string> read_compose_go_cases(const std::string& name) {
    std::filesystem::path path = shared_dir() / "conformance" / "compose-go" / "cases" / name;
    auto text = read_file(path);
    if (!text) WARN("skipped: " << path.string() << " not found (the shared conformance corpus is optional)");
    return text;
}

/// The sub-folders of `dir`, sorted by name.
inline std::vector<std::filesystem::path> case_dirs(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_directory()) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// A Lookup over a fixed map.
inline load::Lookup map_lookup(std::map<std::string, std::string, std::less<>> env) {
    return [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace stackctl::test
