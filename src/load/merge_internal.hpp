#pragma once
/// Pieces shared by merge.cpp, extends.cpp and include.cpp (not a public interface).

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/merge.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load::detail {

/// Merges `child` over `base` (a copy of the service it extends) with the rules that apply under
/// services.<name>, as the reference's extends does. Tags left in `child` are taken and applied first.
core::Status merge_service(Node& base, Node&& child, std::string_view name);

/// The merge tags of a document as a tree of keys, for applying them in one walk per map.
class TagTree {
  public:
    explicit TagTree(const MergeTags& tags);
    /// The node reached by `key` from node `at` (0 is the root), or -1.
    [[nodiscard]] int child(int at, std::string_view key) const;
    /// Deletes from `target` the paths below node `at`.
    void apply(Node& target, int at = 0) const;
    [[nodiscard]] bool empty() const { return nodes_.size() <= 1; }

  private:
    struct Entry {
        bool terminal = false;
        std::unordered_map<std::string, int> kids;
    };
    std::vector<Entry> nodes_;
};

/// Removes every `!reset` node of `node` and clears `!override` tags, recording nothing.
void strip_merge_tags(Node& node);

/// Value rendering as Go's fmt does it, for keys and messages that must match the reference.
std::string go_v(const Node& n);     ///< %v
std::string go_s(const Node& n);     ///< %s (strings as is, others "%!s(int=1)")
std::string go_type(const Node& n);  ///< %T of the decoded value: int, string, map[string]interface {}, ...

/// Lexical path helpers with the semantics of Go's path/filepath on Unix.
std::string clean_path(std::string_view path);
std::string join_path(std::string_view dir,
                      std::string_view path);  ///< path if absolute, else Clean(dir/path)
std::string dir_name(std::string_view path);   ///< filepath.Dir
inline bool is_abs_path(std::string_view p) {
    return !p.empty() && p.front() == '/';
}

/// Packs several errors into one (the first, with the rest in `more`); nothing when `errors` is empty.
core::Status collect(std::vector<core::Error>&& errors);

}  // namespace stackctl::load::detail
