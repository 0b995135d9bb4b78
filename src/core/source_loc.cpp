#include "stackctl/core/source_loc.hpp"

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <unordered_set>

namespace stackctl::core {

std::string_view intern_path(std::string_view path) {
    // Node-based set: element addresses never move, so views into it stay valid.
    static std::mutex mu;
    static std::unordered_set<std::string> table;
    std::lock_guard lock(mu);
    return *table.emplace(path).first;
}

std::string SourceLoc::str() const {
    if (!known()) return std::string(file);
    return fmt::format("{}:{}:{}", file, line, col);
}

}  // namespace stackctl::core
