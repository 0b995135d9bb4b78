#pragma once
/// Internal to the YAML front end: the event sink that builds Nodes, and the two producers that drive it.
///
/// parse_yaml has two parsers. yaml-cpp is complete but slow (its scanner matches every character against
/// small regular expressions); the fast front end (yaml_fast.cpp) reads the YAML that compose files use.
/// Both send the same events, with the same marks, to one NodeBuilder, so the trees they produce are
/// identical. The fast one gives up on anything it does not handle, and on every error, and the document
/// is then parsed again by yaml-cpp: its messages and positions stay the ones users see.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stackctl/core/error.hpp"
#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"
#include "stackctl/load/yaml.hpp"

namespace stackctl::load::yaml_detail {

/// A position as yaml-cpp reports it: 0-based line and column, columns counted in bytes.
struct Mark {
    std::uint32_t line = 0;
    std::uint32_t col = 0;
};

/// Anchors are numbered from 1 in each document, in the order they are defined; 0 means "no anchor".
using AnchorId = std::size_t;

/// Thrown by NodeBuilder to stop the producer: the document is refused (duplicate key, alias bomb...).
struct BuildAbort {
    core::Error error;
};

/// Builds Node trees from parser events (the event set of yaml-cpp's EventHandler). Tags are yaml-cpp's:
/// "?" for an untagged plain scalar, "!" for an untagged quoted or block scalar, "!reset",
/// "tag:yaml.org,2002:str"... Enforces the limits and the refusals (keys that are not strings, duplicate
/// keys, merge keys that are not mappings) and applies `<<` merges.
class NodeBuilder {
public:
    NodeBuilder(std::string_view file, const YamlLimits& limits);
    ~NodeBuilder();
    NodeBuilder(const NodeBuilder&) = delete;
    NodeBuilder& operator=(const NodeBuilder&) = delete;

    std::vector<Node> documents;

    void document_start();
    void document_end();
    void null(Mark mark, AnchorId anchor);
    void alias(Mark mark, AnchorId anchor);
    void scalar(Mark mark, std::string_view tag, AnchorId anchor, std::string value);
    void seq_start(Mark mark, std::string_view tag, AnchorId anchor);
    void seq_end();
    void map_start(Mark mark, std::string_view tag, AnchorId anchor);
    void map_end();

private:
    struct Frame;
    struct Anchored {
        Node node;
        std::size_t size = 1;
    };

    [[nodiscard]] bool expecting_key() const;
    [[nodiscard]] core::SourceLoc loc(Mark m) const;
    [[noreturn]] void fail(Mark mark, std::string message) const;
    void count(Mark mark);
    void open(Mark mark, Node n, std::string_view tag, AnchorId anchor);
    void close();
    static void apply_merges(Frame& f);
    void complete(Node&& n, AnchorId anchor, Mark mark, bool merge_key);

    std::string_view file_;
    YamlLimits limits_;
    std::vector<Frame> stack_;
    std::unordered_map<AnchorId, Anchored> anchors_;
    Node root_;
    bool have_root_ = false;
    std::size_t nodes_ = 0;         // all nodes built, aliases expanded
    std::size_t source_nodes_ = 0;  // nodes written in the text
    std::size_t alias_nodes_ = 0;   // nodes copied by aliases
};

/// The fast front end. Sends the events of every document of `text` (no BOM, bytes already checked) to
/// `builder` and returns true, or returns false as soon as it meets something it does not handle or an
/// error (the builder's state is then unspecified: use a fresh one for the fallback).
bool parse_fast(std::string_view text, NodeBuilder& builder);

/// Which parser parse_yaml uses; tests compare them.
enum class Producer : std::uint8_t {
    automatic,  ///< the fast front end, else yaml-cpp (what parse_yaml does)
    fast_only,  ///< the fast front end alone: an error "fast parser declined" when it gives up
    yaml_cpp,   ///< yaml-cpp alone
};

struct ParseOutcome {
    core::Result<std::vector<Node>> result;
    bool fast = false;  ///< the fast front end produced the result
};

/// parse_yaml with a chosen producer.
ParseOutcome parse_yaml_with(std::string_view text, std::string_view file, const YamlLimits& limits,
                             Producer producer);

}  // namespace stackctl::load::yaml_detail
