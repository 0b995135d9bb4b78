#include "load/yaml_builder.hpp"
#include "stackctl/load/gotypes.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <unordered_set>

namespace stackctl::load::yaml_detail {

using core::Errc;
using core::Error;
using core::SourceLoc;

namespace {

// ---- scalar resolution (Go yaml.v3 rules for plain scalars) ----

// strconv.ParseInt(s, 0, 64) after removing underscores: sign, then 0x / 0o / 0b / leading-0 octal / decimal.
bool parse_go_int(std::string_view in, std::int64_t& out) {
    std::string s;
    s.reserve(in.size());
    for (char c : in)
        if (c != '_') s += c;
    std::string_view v = s;
    bool neg = false;
    if (!v.empty() && (v.front() == '+' || v.front() == '-')) {
        neg = v.front() == '-';
        v.remove_prefix(1);
    }
    if (v.empty()) return false;
    int base = 10;
    if (v.size() > 1 && v[0] == '0') {
        if (v[1] == 'x' || v[1] == 'X') {
            base = 16;
            v.remove_prefix(2);
        } else if (v[1] == 'o' || v[1] == 'O') {
            base = 8;
            v.remove_prefix(2);
        } else if (v[1] == 'b' || v[1] == 'B') {
            base = 2;
            v.remove_prefix(2);
        } else {
            base = 8;
            v.remove_prefix(1);
        }
    }
    if (v.empty()) return false;
    std::uint64_t mag = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), mag, base);
    if (ec != std::errc() || p != v.data() + v.size()) return false;
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!neg && mag > max) return false;
    if (neg && mag > max + 1) return false;
    out = neg ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
    return true;
}

// The node for a plain scalar. `v` is moved into the node only when it is a string.
Node resolve_plain(std::string& v, SourceLoc loc) {
    if (v.empty()) return Node::null(loc);
    const char c = v.front();
    if (c == '~' || c == 'n' || c == 'N') {
        if (v == "~" || v == "null" || v == "Null" || v == "NULL") return Node::null(loc);
    }
    if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
        if (v == "true" || v == "True" || v == "TRUE") return Node::boolean(true, loc);
        if (v == "false" || v == "False" || v == "FALSE") return Node::boolean(false, loc);
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        std::int64_t iv = 0;
        if (parse_go_int(v, iv)) return Node::integer(iv, loc);
        std::string plain;
        for (char ch : v)
            if (ch != '_') plain += ch;
        if (go::is_yaml_float(plain)) return Node::floating(std::strtod(plain.c_str(), nullptr), loc);
        if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "+.inf" || v == "+.Inf" || v == "+.INF")
            return Node::floating(std::numeric_limits<double>::infinity(), loc);
        if (v == "-.inf" || v == "-.Inf" || v == "-.INF")
            return Node::floating(-std::numeric_limits<double>::infinity(), loc);
        if (v == ".nan" || v == ".NaN" || v == ".NAN") return Node::floating(std::nan(""), loc);
    }
    return Node::string(std::move(v), loc);
}

constexpr std::string_view kYamlTag = "tag:yaml.org,2002:";

// Whether resolve_plain could read `v` as something else than a string (a cheap, conservative test).
bool may_not_be_string(std::string_view v) {
    return v.empty() || std::string_view("~nNtTfF0123456789+-.").find(v.front()) != std::string_view::npos;
}

}  // namespace

struct NodeBuilder::Frame {
    Node node;
    AnchorId anchor = 0;
    Mark mark;
    // Maps: the key waiting for its value.
    bool have_key = false;
    bool key_is_merge = false;
    std::string key;
    SourceLoc key_loc;
    // Maps: values of `<<` merge keys, applied at the end (explicit keys win).
    std::vector<Node> merges;
    // Large maps (`services` of a big project): key -> entry position, so duplicate checks stay linear.
    std::unique_ptr<std::unordered_map<std::string, std::size_t>> index;

    // The explicit entry with the pending key, if any.
    const MapEntry* find_key() {
        auto& entries = node.entries;
        if (!index) {
            if (entries.size() < 32) {
                for (const auto& e : entries)
                    if (e.key == key) return &e;
                return nullptr;
            }
            index = std::make_unique<std::unordered_map<std::string, std::size_t>>();
            for (std::size_t i = 0; i < entries.size(); ++i) index->emplace(entries[i].key, i);
        }
        auto it = index->find(key);
        return it == index->end() ? nullptr : &entries[it->second];
    }
};

NodeBuilder::NodeBuilder(std::string_view file, const YamlLimits& limits)
    : file_(core::intern_path(file)), limits_(limits) {}

NodeBuilder::~NodeBuilder() = default;

void NodeBuilder::document_start() {
    stack_.clear();
    anchors_.clear();
    have_root_ = false;
    root_ = Node();
}

void NodeBuilder::document_end() {
    // An empty document is a null node; keep it so callers can tell "empty file".
    documents.push_back(have_root_ ? std::move(root_) : Node::null(SourceLoc{file_, 1, 1}));
}

void NodeBuilder::null(Mark mark, AnchorId anchor) { complete(Node::null(loc(mark)), anchor, mark, false); }

void NodeBuilder::alias(Mark mark, AnchorId anchor) {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) fail(mark, "unknown anchor referenced by an alias");
    // Aliases may legitimately repeat small anchors many times (`<<: *defaults` in every service), but
    // never expand to much more than the document itself: that is the shape of a "billion laughs".
    alias_nodes_ += it->second.size;
    nodes_ += it->second.size;
    if (alias_nodes_ > limits_.max_alias_nodes + 10 * source_nodes_ || nodes_ > limits_.max_nodes) {
        fail(mark, fmt::format("aliases expand to {} nodes from a document of {}; refusing what looks like an "
                               "alias bomb (a \"billion laughs\" document)",
                               alias_nodes_, source_nodes_));
    }
    Node copy = it->second.node;
    copy.loc = loc(mark);  // errors in an aliased value point at the alias, where the user used it
    complete(std::move(copy), 0, mark, false);
}

void NodeBuilder::scalar(Mark mark, std::string_view tag, AnchorId anchor, std::string value) {
    count(mark);
    const SourceLoc where = loc(mark);
    const bool key = expecting_key();
    if (key && anchor == 0 && (tag == "!" || (tag == "?" && !may_not_be_string(value)))) {
        // The common key, a string as written: no node to build (what complete() does for a string key).
        Frame& top = stack_.back();
        top.have_key = true;
        top.key_is_merge = tag == "?" && value == "<<";
        top.key = std::move(value);
        top.key_loc = where;
        return;
    }
    const bool merge_key = tag == "?" && value == "<<";
    Tag merge_tag = Tag::none;
    Node n;
    if (tag == "?") {
        n = resolve_plain(value, where);
        // Keys are strings as written: `010:` stays "010" (and a key that is not a string is refused).
        if (key && !n.is_string()) n.text = std::move(value);
    } else if (tag == "!reset" || tag == "!override") {
        // The reference reads a tagged scalar as a string: `image: !override` is "".
        merge_tag = tag == "!reset" ? Tag::reset : Tag::override_;
        n = Node::string(std::move(value), where);
    } else if (tag.starts_with(kYamlTag)) {
        const std::string_view type = tag.substr(kYamlTag.size());
        if (type == "null") {
            n = Node::null(where);
            if (key) n.text = std::move(value);
        } else if (type == "int" || type == "float" || type == "bool") {
            std::string original = value;
            n = resolve_plain(value, where);
            const bool ok = (type == "int" && n.kind == Kind::integer) || (type == "float" && n.is_number()) ||
                            (type == "bool" && n.kind == Kind::boolean);
            if (!ok) fail(mark, fmt::format("cannot decode \"{}\" as {}", original, type));
            if (type == "float" && n.kind == Kind::integer) n = Node::floating(n.float_value, where);
            if (key) n.text = std::move(original);
        } else {
            n = Node::string(std::move(value), where);  // !!str and tags we do not know
        }
    } else {
        n = Node::string(std::move(value), where);  // "!" (quoted) and other local tags
    }
    n.tag = merge_tag;
    complete(std::move(n), anchor, mark, merge_key);
}

void NodeBuilder::seq_start(Mark mark, std::string_view tag, AnchorId anchor) {
    open(mark, Node::seq(loc(mark)), tag, anchor);
}
void NodeBuilder::seq_end() { close(); }

void NodeBuilder::map_start(Mark mark, std::string_view tag, AnchorId anchor) {
    open(mark, Node::map(loc(mark)), tag, anchor);
}
void NodeBuilder::map_end() { close(); }

bool NodeBuilder::expecting_key() const {
    return !stack_.empty() && stack_.back().node.is_map() && !stack_.back().have_key;
}

SourceLoc NodeBuilder::loc(Mark m) const { return SourceLoc{file_, m.line + 1, m.col + 1}; }

void NodeBuilder::fail(Mark mark, std::string message) const {
    throw BuildAbort{Error(Errc::parse, std::move(message), loc(mark))};
}

void NodeBuilder::count(Mark mark) {
    ++source_nodes_;
    if (++nodes_ > limits_.max_nodes) fail(mark, fmt::format("the document has more than {} nodes", limits_.max_nodes));
}

void NodeBuilder::open(Mark mark, Node n, std::string_view tag, AnchorId anchor) {
    count(mark);
    if (expecting_key()) fail(mark, "a mapping key must be a string, not a list or mapping");
    if (stack_.size() >= limits_.max_depth) {
        fail(mark, fmt::format("nesting deeper than {} levels; refusing the document", limits_.max_depth));
    }
    if (tag == "!reset") n.tag = Tag::reset;
    if (tag == "!override") n.tag = Tag::override_;
    Frame& f = stack_.emplace_back();
    f.node = std::move(n);
    f.anchor = anchor;
    f.mark = mark;
}

void NodeBuilder::close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.node.is_map() && !f.merges.empty()) apply_merges(f);
    complete(std::move(f.node), f.anchor, f.mark, false);
}

// `<<: *a` or `<<: [*a, *b]`: keys of the merged maps that the map does not set itself; with a list,
// earlier maps win over later ones.
void NodeBuilder::apply_merges(Frame& f) {
    std::vector<const Node*> sources;
    for (const Node& m : f.merges) {
        if (m.is_map()) {
            sources.push_back(&m);
        } else if (m.is_seq()) {
            for (const Node& item : m.items) {
                if (!item.is_map()) {
                    throw BuildAbort{Error(Errc::parse, "a merge key (<<) list may only hold mappings", item.loc)};
                }
                sources.push_back(&item);
            }
        } else {
            throw BuildAbort{Error(Errc::parse, "a merge key (<<) needs a mapping or a list of mappings", m.loc)};
        }
    }
    std::unordered_set<std::string> present;
    for (const MapEntry& e : f.node.entries) present.insert(e.key);
    for (const Node* src : sources) {
        for (const MapEntry& e : src->entries) {
            if (present.insert(e.key).second) f.node.entries.push_back(e);
        }
    }
}

void NodeBuilder::complete(Node&& n, AnchorId anchor, Mark mark, bool merge_key) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, n.count_nodes()};
    if (stack_.empty()) {
        root_ = std::move(n);
        have_root_ = true;
        return;
    }
    Frame& top = stack_.back();
    if (top.node.is_seq()) {
        top.node.items.push_back(std::move(n));
        return;
    }
    if (!top.have_key) {
        if (!n.is_scalar()) fail(mark, "a mapping key must be a string, not a list or mapping");
        if (!n.is_string() && !merge_key) {
            // The reference refuses keys that YAML reads as numbers, booleans or null ("Non-string key").
            throw BuildAbort{Error(Errc::parse,
                                   fmt::format("mapping key {} is a {}, not a string; quote it: \"{}\"", n.text,
                                               kind_name(n.kind), n.text),
                                   n.loc)};
        }
        // Keys keep their text as written (an alias to a scalar gives that scalar's text).
        top.have_key = true;
        top.key_is_merge = merge_key;
        top.key = std::move(n.text);
        top.key_loc = n.loc;
        return;
    }
    top.have_key = false;
    if (top.key_is_merge) {
        top.merges.push_back(std::move(n));
        return;
    }
    if (const MapEntry* dup = top.find_key()) {
        throw BuildAbort{Error(Errc::parse,
                               fmt::format("mapping key \"{}\" already defined at line {}", top.key, dup->key_loc.line),
                               top.key_loc)};
    }
    top.node.entries.emplace_back(std::move(top.key), top.key_loc, std::move(n));
    if (top.index) top.index->emplace(top.node.entries.back().key, top.node.entries.size() - 1);
}

}  // namespace stackctl::load::yaml_detail
