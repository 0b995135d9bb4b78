#pragma once
/// Small helpers shared by the loader stages: collecting every error of a pass, making nodes that keep
/// the position of the node they replace, and asking the file system what a path is.

#include <sys/stat.h>

#include <string>
#include <utility>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load::detail {

/// The path names something that is not a directory (following links).
inline bool is_file(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

/// The path names a directory (following links).
inline bool is_dir(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// Collects the errors of one pass; finish() returns the first with the others in Error::more.
class Errors {
  public:
    void add(core::Errc code, std::string message, core::SourceLoc where, const Path& path) {
        list_.emplace_back(code, std::move(message), where, path.str());
    }
    void add(core::Error err) { list_.push_back(std::move(err)); }
    [[nodiscard]] bool empty() const { return list_.empty(); }
    core::Status finish() {
        if (list_.empty()) return {};
        core::Error first = std::move(list_.front());
        for (std::size_t i = 1; i < list_.size(); ++i) first.more.push_back(std::move(list_[i]));
        list_.clear();
        return first;
    }

  private:
    std::vector<core::Error> list_;
};

inline Node str_at(std::string value, const Node& at) {
    return Node::string(std::move(value), at.loc);
}
inline Node map_at(const Node& at) {
    return Node::map(at.loc);
}
inline Node seq_at(const Node& at) {
    return Node::seq(at.loc);
}

/// Value of `key` when it is a string, else nullptr.
inline const std::string* string_of(const Node& map, std::string_view key) {
    const Node* n = map.find(key);
    return n != nullptr && n->is_string() ? &n->text : nullptr;
}

inline bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

/// `x-` keys are extensions, not fields.
inline bool is_extension(std::string_view key) {
    return starts_with(key, "x-");
}

}  // namespace stackctl::load::detail
