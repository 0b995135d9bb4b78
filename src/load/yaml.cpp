#include "stackctl/load/yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace stackctl::load {

using core::Errc;
using core::Error;
using core::SourceLoc;

namespace {

// Thrown from the event handler to stop yaml-cpp's parser; caught in parse_yaml.
struct Abort {
    Error error;
};

// ---- scalar resolution (Go yaml.v3 rules for plain scalars) ----

bool is_float_syntax(std::string_view s) {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    auto digits = [&] {
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i - start;
    };
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (digits() == 0) return false;
    } else {
        if (digits() == 0) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            digits();
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}

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

Node resolve_plain(const std::string& v, SourceLoc loc) {
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
        if (is_float_syntax(plain)) {
            double d = std::strtod(plain.c_str(), nullptr);
            Node n = Node::floating(d, loc);
            return n;
        }
        if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "+.inf" || v == "+.Inf" || v == "+.INF")
            return Node::floating(std::numeric_limits<double>::infinity(), loc);
        if (v == "-.inf" || v == "-.Inf" || v == "-.INF")
            return Node::floating(-std::numeric_limits<double>::infinity(), loc);
        if (v == ".nan" || v == ".NaN" || v == ".NAN") return Node::floating(std::nan(""), loc);
    }
    return Node::string(v, loc);
}

// ---- the event handler that builds Nodes ----

class Builder final : public YAML::EventHandler {
public:
    Builder(std::string_view file, const YamlLimits& limits) : file_(core::intern_path(file)), limits_(limits) {}

    std::vector<Node> documents;

    void OnDocumentStart(const YAML::Mark&) override {
        stack_.clear();
        anchors_.clear();
        have_root_ = false;
        root_ = Node();
    }

    void OnDocumentEnd() override {
        // An empty document is a null node; keep it so callers can tell "empty file".
        documents.push_back(have_root_ ? std::move(root_) : Node::null(SourceLoc{file_, 1, 1}));
    }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        complete(Node::null(loc(mark)), anchor, mark, /*merge_key=*/false);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
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

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        count(mark);
        const SourceLoc where = loc(mark);
        Tag merge_tag = Tag::none;
        Node n;
        if (tag == "?") {
            n = resolve_plain(value, where);
        } else if (tag == "!") {
            n = Node::string(value, where);
        } else if (tag == "!reset" || tag == "!override") {
            // The reference reads a tagged scalar as a string: `image: !override` is "".
            merge_tag = tag == "!reset" ? Tag::reset : Tag::override_;
            n = Node::string(value, where);
        } else if (tag == "tag:yaml.org,2002:str") {
            n = Node::string(value, where);
        } else if (tag == "tag:yaml.org,2002:null") {
            n = Node::null(where);
        } else if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
                   tag == "tag:yaml.org,2002:bool") {
            n = resolve_plain(value, where);
            const bool ok = (tag.ends_with(":int") && n.kind == Kind::integer) ||
                            (tag.ends_with(":float") && n.is_number()) ||
                            (tag.ends_with(":bool") && n.kind == Kind::boolean);
            if (!ok) fail(mark, fmt::format("cannot decode \"{}\" as {}", value, tag.substr(tag.rfind(':') + 1)));
            if (tag.ends_with(":float") && n.kind == Kind::integer) n = Node::floating(n.float_value, where);
        } else {
            n = Node::string(value, where);
        }
        n.tag = merge_tag;
        if (expecting_key()) n.text = value;  // keys are strings as written: `010:` stays "010"
        const bool merge_key = tag == "?" && value == "<<";
        complete(std::move(n), anchor, mark, merge_key);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, Node::seq(loc(mark)), tag, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, Node::map(loc(mark)), tag, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        Node node;
        YAML::anchor_t anchor = 0;
        YAML::Mark mark;
        // Maps: the key waiting for its value.
        bool have_key = false;
        bool key_is_merge = false;
        std::string key;
        SourceLoc key_loc;
        // Maps: values of `<<` merge keys, applied at the end (explicit keys win).
        std::vector<Node> merges;
        // Large maps (`services` of a big project): key -> entry position, so duplicate checks stay linear.
        std::unique_ptr<std::unordered_map<std::string, std::size_t>> index;
    };

    // The explicit entry of `f` with the pending key, if any.
    static const MapEntry* find_key(Frame& f) {
        auto& entries = f.node.entries;
        if (!f.index) {
            if (entries.size() < 32) {
                for (const auto& e : entries)
                    if (e.key == f.key) return &e;
                return nullptr;
            }
            f.index = std::make_unique<std::unordered_map<std::string, std::size_t>>();
            for (std::size_t i = 0; i < entries.size(); ++i) f.index->emplace(entries[i].key, i);
        }
        auto it = f.index->find(f.key);
        return it == f.index->end() ? nullptr : &entries[it->second];
    }
    struct Anchored {
        Node node;
        std::size_t size = 1;
    };

    [[nodiscard]] bool expecting_key() const {
        return !stack_.empty() && stack_.back().node.is_map() && !stack_.back().have_key;
    }

    SourceLoc loc(const YAML::Mark& m) const {
        return SourceLoc{file_, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
    }

    [[noreturn]] void fail(const YAML::Mark& mark, std::string message) {
        throw Abort{Error(Errc::parse, std::move(message), loc(mark))};
    }

    void count(const YAML::Mark& mark) {
        ++source_nodes_;
        if (++nodes_ > limits_.max_nodes) fail(mark, fmt::format("the document has more than {} nodes", limits_.max_nodes));
    }

    void open(const YAML::Mark& mark, Node n, const std::string& tag, YAML::anchor_t anchor) {
        count(mark);
        if (!stack_.empty() && stack_.back().node.is_map() && !stack_.back().have_key) {
            fail(mark, "a mapping key must be a string, not a list or mapping");
        }
        if (stack_.size() >= limits_.max_depth) {
            fail(mark, fmt::format("nesting deeper than {} levels; refusing the document", limits_.max_depth));
        }
        if (tag == "!reset") n.tag = Tag::reset;
        if (tag == "!override") n.tag = Tag::override_;
        Frame f;
        f.node = std::move(n);
        f.anchor = anchor;
        f.mark = mark;
        stack_.push_back(std::move(f));
    }

    void close() {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        if (f.node.is_map() && !f.merges.empty()) apply_merges(f);
        complete(std::move(f.node), f.anchor, f.mark, false);
    }

    // `<<: *a` or `<<: [*a, *b]`: keys of the merged maps that the map does not set itself; with a list,
    // earlier maps win over later ones.
    void apply_merges(Frame& f) {
        std::vector<const Node*> sources;
        for (const Node& m : f.merges) {
            if (m.is_map()) {
                sources.push_back(&m);
            } else if (m.is_seq()) {
                for (const Node& item : m.items) {
                    if (!item.is_map()) {
                        throw Abort{Error(Errc::parse, "a merge key (<<) list may only hold mappings", item.loc)};
                    }
                    sources.push_back(&item);
                }
            } else {
                throw Abort{Error(Errc::parse, "a merge key (<<) needs a mapping or a list of mappings", m.loc)};
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

    void complete(Node n, YAML::anchor_t anchor, const YAML::Mark& mark, bool merge_key) {
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
                throw Abort{Error(Errc::parse,
                                  fmt::format("mapping key {} is a {}, not a string; quote it: \"{}\"", n.text,
                                              kind_name(n.kind), n.text),
                                  n.loc)};
            }
            // Keys keep their text as written (an alias to a scalar gives that scalar's text).
            top.have_key = true;
            top.key_is_merge = merge_key;
            top.key = n.text;
            top.key_loc = n.loc;
            return;
        }
        top.have_key = false;
        if (top.key_is_merge) {
            top.merges.push_back(std::move(n));
            return;
        }
        if (const MapEntry* dup = find_key(top)) {
            throw Abort{Error(Errc::parse,
                              fmt::format("mapping key \"{}\" already defined at line {}", top.key, dup->key_loc.line),
                              top.key_loc)};
        }
        top.node.entries.push_back(MapEntry{std::move(top.key), top.key_loc, std::move(n)});
        if (top.index) top.index->emplace(top.node.entries.back().key, top.node.entries.size() - 1);
    }

    std::string_view file_;
    YamlLimits limits_;
    std::vector<Frame> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    Node root_;
    bool have_root_ = false;
    std::size_t nodes_ = 0;        // all nodes built, aliases expanded
    std::size_t source_nodes_ = 0; // nodes written in the text
    std::size_t alias_nodes_ = 0;  // nodes copied by aliases
};

// Control characters and invalid UTF-8 are refused before yaml-cpp sees them (it accepts both).
core::Status check_bytes(std::string_view text, std::string_view file) {
    std::uint32_t line = 1;
    std::uint32_t col = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            col = 1;
            ++i;
            continue;
        }
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
                return Error(Errc::parse,
                             fmt::format("control character 0x{:02X} is not allowed in YAML (is this a binary file?)", c),
                             SourceLoc{core::intern_path(file), line, col});
            }
            ++i;
            ++col;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        }
        bool ok = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid too.
        if (ok) {
            ok = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
                 !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
        }
        if (!ok) {
            return Error(Errc::parse, "invalid UTF-8 (is this a binary file?)", SourceLoc{core::intern_path(file), line, col});
        }
        i += len;
        ++col;
    }
    return {};
}

// yaml-cpp messages start lower-case and name no position; ours add the position from its mark.
Error from_yaml_exception(const YAML::Exception& e, std::string_view file) {
    std::string msg = e.msg.empty() ? std::string(e.what()) : e.msg;
    SourceLoc where{core::intern_path(file), 0, 0};
    if (!e.mark.is_null()) {
        where.line = static_cast<std::uint32_t>(e.mark.line + 1);
        where.col = static_cast<std::uint32_t>(e.mark.column + 1);
    }
    return Error(Errc::parse, "invalid YAML: " + msg, where);
}

}  // namespace

core::Result<std::vector<Node>> parse_yaml(std::string_view text, std::string_view file, const YamlLimits& limits) {
    if (text.size() > limits.max_bytes) {
        return Error(Errc::parse, fmt::format("{} is {} bytes; stackctl refuses YAML input over {} bytes", file,
                                              text.size(), limits.max_bytes));
    }
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (auto s = check_bytes(text, file); !s) return std::move(s).error();

    // yaml-cpp reads from a stream; a view-backed streambuf avoids copying large files.
    struct ViewBuf : std::streambuf {
        explicit ViewBuf(std::string_view v) {
            char* b = const_cast<char*>(v.data());  // NOLINT: read-only use by istream
            setg(b, b, b + v.size());
        }
    } buf(text);
    std::istream in(&buf);

    Builder builder(file, limits);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const Abort& a) {
        return a.error;
    } catch (const YAML::Exception& e) {
        return from_yaml_exception(e, file);
    } catch (const std::exception& e) {
        return Error(Errc::parse, std::string("invalid YAML: ") + e.what(), SourceLoc{core::intern_path(file), 0, 0});
    }
    return std::move(builder.documents);
}

core::Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) return Error(Errc::io, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    std::string data;
    char chunk[65536];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) {
        data.append(chunk, n);
        if (data.size() > max_bytes) {
            if (f != stdin) std::fclose(f);
            return Error(Errc::io, fmt::format("{} is larger than {} bytes; refusing to read it", path, max_bytes));
        }
    }
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    if (f != stdin) std::fclose(f);
    if (failed) return Error(Errc::io, fmt::format("cannot read {}: {}", path, std::strerror(err)));
    return data;
}

core::Result<std::vector<Node>> parse_yaml_file(const std::string& path, const YamlLimits& limits) {
    auto text = read_file(path, limits.max_bytes);
    if (!text) return std::move(text).error();
    return parse_yaml(*text, path, limits);
}

}  // namespace stackctl::load
