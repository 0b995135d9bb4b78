#pragma once
/// Positions in input files, carried from the YAML parser through every loader stage.

#include <cstdint>
#include <string>
#include <string_view>

namespace stackctl::core {

/// Returns a stable view of `path`: interned once, valid for the life of the process.
/// Lets every tree node carry its file name for the cost of a pointer and a length.
std::string_view intern_path(std::string_view path);

/// A position in a source file (1-based line and column); line 0 means "no position".
struct SourceLoc {
    std::string_view file;
    std::uint32_t line = 0;
    std::uint32_t col = 0;

    [[nodiscard]] bool known() const { return line != 0; }
    /// "file:line:col", or just "file" when the position is unknown.
    [[nodiscard]] std::string str() const;
    friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
};

}  // namespace stackctl::core
