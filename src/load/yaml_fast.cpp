// The fast YAML front end: a recursive-descent parser over lines and indentation for the YAML that compose
// files use. It sends NodeBuilder the events yaml-cpp 0.7 would send, with the same marks, and gives up
// (GiveUp) wherever it is not certain to read the text as yaml-cpp does; parse_yaml then asks yaml-cpp.
//
// What it reads: block mappings and sequences (a sequence may sit at the column of its key, `- key: v`
// nests), flow collections, plain scalars (folded over lines), single- and double-quoted scalars, block
// scalars (| and >, chomping and indentation indicators), comments, anchors, aliases, tags (!name, !!name,
// !), `---` / `...` and `%YAML` directives. What it leaves to yaml-cpp: `?` keys, keys with properties,
// aliases or collections as keys, content on a `---` line, tabs that could change a token's meaning,
// empty flow entries, %TAG, a lone carriage return, and every error.
//
// yaml-cpp's positions are those of tokens: a node's mark is the start of its first token (its anchor or
// tag if it has one); a block mapping starts at its first key, a block sequence at its first `-`; an empty
// value is marked at the next token after it. Scalars are read by a port of yaml-cpp's ScanScalar, so
// folding, escapes and chomping are the same to the byte.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include "load/yaml_builder.hpp"

namespace stackctl::load::yaml_detail {

namespace {

// Deeper documents go to yaml-cpp (the builder refuses them before this with the default limits).
constexpr int kMaxDepth = 400;
// yaml-cpp only accepts a simple key whose `:` is at most this many bytes after the key's start.
constexpr std::size_t kMaxSimpleKey = 1024;

struct GiveUp {};

[[noreturn]] void give_up() { throw GiveUp{}; }

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
}
// yaml-cpp's Exp::Tag() characters, without %-escapes (those are left to yaml-cpp).
bool is_tag_char(char c) {
    return is_word(c) || (c != '\0' && std::strchr("#;/?:@&=+$_.~*'()", c) != nullptr);
}

// Character classes for the hot loops.
enum : std::uint8_t {
    kNotPlainStart = 1,      // cannot start a plain scalar in block context: ,[]{}#&*!|>'"%@` and blanks
    kNotPlainStartFlow = 2,  // ... in a flow collection (also ?)
    kKeyScanStop = 4,        // where a plain key or scalar line may end: `:`, blanks, line break
    kFlowScalarStop = 8,     // ends a plain scalar in a flow collection: ,?[]{}
};
constexpr std::array<std::uint8_t, 256> kClass = [] {
    std::array<std::uint8_t, 256> t{};
    const auto mark = [&](std::string_view chars, std::uint8_t bits) {
        for (char c : chars) t[static_cast<unsigned char>(c)] |= bits;
    };
    mark(",[]{}#&*!|>'\"%@` \t\n", kNotPlainStart);
    mark("?,[]{}#&*!|>'\"%@` \t\n", kNotPlainStartFlow);
    mark(": \t\n", kKeyScanStop);
    mark(",?[]{}", kFlowScalarStop);
    return t;
}();
constexpr std::uint8_t char_class(char c) { return kClass[static_cast<unsigned char>(c)]; }

bool is_null_string(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

enum class Fold : std::uint8_t { none, block, flow };     // yaml-cpp's DONT_FOLD, FOLD_BLOCK, FOLD_FLOW
enum class Chomp : std::uint8_t { strip, clip, keep };
enum class OnDoc : std::uint8_t { none, stop, fail };      // on a document indicator in a scalar
enum class EndRule : std::uint8_t { plain_block, plain_flow, single_quoted, double_quoted, eof_only };

// yaml-cpp's ScanScalarParams.
struct ScalarParams {
    EndRule end = EndRule::eof_only;
    bool eat_end = false;
    int indent = 0;
    bool detect_indent = false;
    bool eat_leading_ws = false;
    char escape = 0;
    Fold fold = Fold::none;
    bool trim_trailing = false;
    Chomp chomp = Chomp::clip;
    OnDoc on_doc = OnDoc::none;
    bool fail_on_tab_indent = false;
    bool leading_spaces = false;  // out: the scalar ended at a less indented line
};

// Where the node being parsed sits in the block structure.
enum class Parent : std::uint8_t { root, map, seq };

// A node's properties: anchor and tag.
struct Props {
    Mark mark;
    std::string tag;  // yaml-cpp's resolved tag, empty if none
    AnchorId anchor = 0;
};

// What yaml-cpp passes for a node with these properties (maybe none) that starts at `here`; `untagged` is
// its tag without one: "?" for plain scalars and collections, "!" for quoted and block scalars.
Mark props_mark(const Props* p, Mark here) { return p != nullptr ? p->mark : here; }
std::string_view props_tag(const Props* p, std::string_view untagged) {
    return p != nullptr && !p->tag.empty() ? std::string_view(p->tag) : untagged;
}
AnchorId props_anchor(const Props* p) { return p != nullptr ? p->anchor : 0; }

class Parser {
public:
    Parser(std::string_view text, NodeBuilder& b) : s_(text.data()), n_(text.size()), b_(b) {}

    void run();

private:
    // ---- cursor ----
    [[nodiscard]] char at(std::size_t i) const { return i < n_ ? s_[i] : '\0'; }
    [[nodiscard]] char cur() const { return at(pos_); }
    [[nodiscard]] char peek(std::size_t k) const { return at(pos_ + k); }
    [[nodiscard]] bool eof() const { return pos_ >= n_; }
    [[nodiscard]] int col() const { return static_cast<int>(pos_ - line_start_); }
    [[nodiscard]] Mark mark() const { return Mark{line_, static_cast<std::uint32_t>(pos_ - line_start_)}; }
    // A blank, a line break or the end of the input at `i`.
    [[nodiscard]] bool bz(std::size_t i) const {
        return i >= n_ || s_[i] == ' ' || s_[i] == '\t' || s_[i] == '\n';
    }
    void newline() {
        ++pos_;
        ++line_;
        line_start_ = pos_;
    }
    // Consumes one character, which may be a line break.
    char get() {
        const char c = cur();
        if (c == '\n') {
            newline();
        } else if (pos_ < n_) {
            ++pos_;
        }
        return c;
    }

    // ---- tokens ----
    [[nodiscard]] bool at_doc_marker() const {
        const char c = cur();
        return (c == '-' || c == '.') && peek(1) == c && peek(2) == c && bz(pos_ + 3);
    }
    [[nodiscard]] bool at_doc_start() const { return col() == 0 && cur() == '-' && at_doc_marker(); }
    [[nodiscard]] bool at_doc_end() const { return col() == 0 && cur() == '.' && at_doc_marker(); }
    // `---`, `...` or a directive: yaml-cpp closes every block collection there.
    [[nodiscard]] bool at_doc_boundary() const { return col() == 0 && (cur() == '%' || at_doc_marker()); }
    [[nodiscard]] bool at_block_entry() const { return cur() == '-' && bz(pos_ + 1); }
    [[nodiscard]] bool at_line_end() const { return eof() || cur() == '\n' || cur() == '#'; }
    [[nodiscard]] bool plain_start_block() const;
    [[nodiscard]] bool plain_start_flow() const;

    void skip_to_token();
    void skip_flow_ws();
    void skip_inline_blanks(bool tabs_ok);
    void expect_line_end();
    void directive(bool& yaml_seen);

    // The mark yaml-cpp gives an empty node at the end of the input: that of the token closing the innermost
    // collection, popped either where the input ends (when its column is past the end) or at column 0.
    [[nodiscard]] Mark eof_mark(int top, bool top_is_seq) const {
        const int c = col();
        if (c > 0 && (top > c || (top == c && top_is_seq))) return mark();
        return Mark{line_, 0};
    }

    // ---- block structure ----
    void root();
    void value_after_indicator(int top, Parent parent, int depth);
    void later_line_node(int top, Parent parent, const Props* props, int depth);
    void content_node(int top, Parent parent, bool keys_ok, const Props* props, int depth);
    void block_map(int c, const Props* props, int depth);
    void block_seq(int c, const Props* props, int depth);
    struct KeyScan {
        std::size_t end = 0;    // past the key's text (plain) or its closing quote
        std::size_t colon = 0;  // the `:`
        bool quoted = false;
    };
    bool scan_key(KeyScan& k) const;
    void block_key(const KeyScan& k);

    // ---- nodes of any context ----
    void parse_props(Props& p, bool flow);
    void scan_tag(std::string& tag);
    std::string_view anchor_name();
    void empty_node(const Props* props, Mark mark);
    void alias_node();
    void quoted_node(const Props* props);
    void plain_node(const Props* props, int indent, bool flow);
    void block_scalar(const Props* props, int top);
    void flow_node(int depth);
    void flow_seq(const Props* props, int depth);
    void flow_map(const Props* props, int depth);
    bool flow_key();

    // ---- scalars ----
    [[nodiscard]] int end_match(const ScalarParams& p) const;
    void escape(std::string& out);
    void scan_scalar(ScalarParams& p, std::string& out);
    std::string scan_quoted();
    std::string scan_plain(int indent, bool flow);
    [[nodiscard]] bool plain_ends_at(std::size_t p, int indent) const;

    const char* s_;
    std::size_t n_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 0;
    std::size_t line_start_ = 0;
    NodeBuilder& b_;
    std::unordered_map<std::string_view, AnchorId> anchors_;
    AnchorId last_anchor_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Tokens

// yaml-cpp's Exp::PlainScalar(): not blank, not an indicator, and `-`, `?`, `:` only before a non-blank.
bool Parser::plain_start_block() const {
    const char c = cur();
    if (eof() || (char_class(c) & kNotPlainStart) != 0) return false;
    if ((c == '-' || c == '?' || c == ':') && bz(pos_ + 1)) return false;
    return true;
}

// yaml-cpp's Exp::PlainScalarInFlow(), and `-` or `:` before a line break are its block entry and value
// tokens (errors in a flow), so they are refused too.
bool Parser::plain_start_flow() const {
    const char c = cur();
    if (eof() || (char_class(c) & kNotPlainStartFlow) != 0) return false;
    if ((c == '-' || c == ':') && bz(pos_ + 1)) return false;
    return true;
}

// Skips blanks, comments and line breaks up to the next token (block context). yaml-cpp lets a tab there
// forbid a key or a `-` on the rest of the line; a tab is accepted only where that cannot matter: before a
// comment or a line break.
void Parser::skip_to_token() {
    for (;;) {
        std::size_t p = pos_;
        while (p < n_ && s_[p] == ' ') ++p;
        if (p < n_ && s_[p] == '\t') {
            while (p < n_ && is_blank(s_[p])) ++p;
            if (p < n_ && s_[p] != '#' && s_[p] != '\n') give_up();
        }
        pos_ = p;
        if (p < n_ && s_[p] == '#') {
            const void* nl = std::memchr(s_ + p, '\n', n_ - p);
            pos_ = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - s_) : n_;
        }
        if (pos_ < n_ && s_[pos_] == '\n') {
            newline();
            continue;
        }
        return;
    }
}

// Skips whitespace, comments and line breaks inside a flow collection, where tabs are plain whitespace.
// A flow collection must be closed before the end, a document marker or a directive.
void Parser::skip_flow_ws() {
    for (;;) {
        while (is_blank(cur())) ++pos_;
        if (cur() == '#') {
            while (!eof() && cur() != '\n') ++pos_;
        }
        if (cur() == '\n') {
            newline();
            continue;
        }
        break;
    }
    if (eof() || at_doc_boundary()) give_up();
}

void Parser::skip_inline_blanks(bool tabs_ok) {
    while (cur() == ' ' || (tabs_ok && cur() == '\t')) ++pos_;
    if (cur() == '\t') {
        std::size_t p = pos_;
        while (is_blank(at(p))) ++p;
        if (p < n_ && s_[p] != '\n' && s_[p] != '#') give_up();
        pos_ = p;
    }
}

// After a complete node in block context only a comment or the end of the line may follow.
void Parser::expect_line_end() {
    while (is_blank(cur())) ++pos_;
    if (!at_line_end()) give_up();
}

// `%YAML 1.x` (once per group of directives, as yaml-cpp requires); other directives go to yaml-cpp.
void Parser::directive(bool& yaml_seen) {
    const std::string_view name(s_ + pos_, std::min<std::size_t>(5, n_ - pos_));
    if (yaml_seen || name != "%YAML" || !is_blank(peek(5))) give_up();
    pos_ += 5;
    while (is_blank(cur())) ++pos_;
    if (cur() != '1' || peek(1) != '.' || !is_digit(peek(2))) give_up();
    pos_ += 2;
    while (is_digit(cur())) ++pos_;
    if (!bz(pos_)) give_up();
    expect_line_end();
    yaml_seen = true;
}

// ---------------------------------------------------------------------------------------------------------
// Documents and block structure

void Parser::run() {
    for (;;) {
        skip_to_token();
        bool yaml_seen = false;
        while (!eof() && col() == 0 && cur() == '%') {
            directive(yaml_seen);
            skip_to_token();
        }
        if (eof()) return;

        b_.document_start();
        anchors_.clear();
        last_anchor_ = 0;
        if (at_doc_start()) {
            pos_ += 3;
            expect_line_end();  // content on the `---` line is left to yaml-cpp
            skip_to_token();
            if (eof()) {
                b_.null(eof_mark(-1, false), 0);
            } else if (at_doc_boundary()) {
                b_.null(mark(), 0);
            } else {
                root();
            }
        } else {
            root();
        }
        b_.document_end();

        skip_to_token();
        if (eof()) return;
        if (!at_doc_boundary()) give_up();  // yaml-cpp would start another document without `---`
        while (at_doc_end()) {
            pos_ += 3;
            expect_line_end();
            skip_to_token();
        }
    }
}

void Parser::root() {
    if (at_doc_boundary()) {
        b_.null(mark(), 0);  // `...` where a document was expected: an empty one
        return;
    }
    content_node(-1, Parent::root, /*keys_ok=*/true, nullptr, 0);
}

// The value after a mapping's `:` or a sequence's `-` (both belong to the collection at column `top`).
void Parser::value_after_indicator(int top, Parent parent, int depth) {
    skip_inline_blanks(/*tabs_ok=*/parent == Parent::map);
    if (at_line_end()) {
        skip_to_token();
        later_line_node(top, parent, nullptr, depth);
        return;
    }
    // On the same line as `- `, a key opens a mapping; after `key: ` it is an error.
    content_node(top, parent, /*keys_ok=*/parent == Parent::seq, nullptr, depth);
}

// A node that starts on a later line than its indicator (or properties): present if more indented than
// its collection, or a sequence at the column of its mapping's keys; else empty, marked at the next token.
void Parser::later_line_node(int top, Parent parent, const Props* props, int depth) {
    if (eof()) {
        if (parent == Parent::root && props != nullptr) {
            // No token left at all (no collection to close): yaml-cpp drops the tag.
            b_.null(props->mark, props->anchor);
            return;
        }
        empty_node(props, eof_mark(top, parent == Parent::seq));
        return;
    }
    if (at_doc_boundary()) {
        empty_node(props, mark());
        return;
    }
    const int i = col();
    if (i > top || (i == top && parent == Parent::map && at_block_entry())) {
        content_node(top, parent, /*keys_ok=*/true, props, depth);
        return;
    }
    empty_node(props, mark());
}

// The node at the current token (block context). `top` is the column of the innermost block collection
// (-1 at the root); `keys_ok` says that a `key:` here opens a block mapping (the token starts a line or
// follows `- `); `props` are properties written on an earlier line.
void Parser::content_node(int top, Parent parent, bool keys_ok, const Props* props, int depth) {
    Props own;
    bool same_line_props = false;
    if (cur() == '&' || cur() == '!') {
        if (props != nullptr) give_up();  // properties over several lines
        const int props_col = col();
        parse_props(own, /*flow=*/false);
        props = &own;
        if (at_line_end()) {
            skip_to_token();
            later_line_node(top, parent, props, depth);
            return;
        }
        // Where a key could start, yaml-cpp opens a potential mapping at the properties' column, and the
        // indentation of a scalar that follows is counted from there.
        if (keys_ok && props_col > top) top = props_col;
        same_line_props = true;
    }
    const char c = cur();
    if (c == '-' && bz(pos_ + 1)) {
        if (same_line_props || !keys_ok) give_up();
        block_seq(col(), props, depth + 1);
        return;
    }
    if (c == '"' || c == '\'' || plain_start_block()) {
        KeyScan k;
        if (scan_key(k)) {
            if (same_line_props || !keys_ok) give_up();  // a key with properties, or `a: b: c`
            block_map(col(), props, depth + 1);
            return;
        }
    }
    switch (c) {
        case '*':
            if (props != nullptr) give_up();
            alias_node();
            expect_line_end();
            return;
        case '[':
        case '{':
            if (c == '[') {
                flow_seq(props, depth + 1);
            } else {
                flow_map(props, depth + 1);
            }
            expect_line_end();
            return;
        case '"':
        case '\'':
            quoted_node(props);
            expect_line_end();
            return;
        case '|':
        case '>':
            block_scalar(props, top);
            return;
        default:
            break;
    }
    if (!plain_start_block()) give_up();
    plain_node(props, top + 1, /*flow=*/false);
    if (cur() == ':') give_up();  // a key after all (spread over lines, or after `key: `)
}

void Parser::block_map(int c, const Props* props, int depth) {
    if (depth > kMaxDepth) give_up();
    b_.map_start(props_mark(props, mark()), props_tag(props, "?"), props_anchor(props));
    for (;;) {
        KeyScan k;
        if (!scan_key(k)) give_up();
        block_key(k);
        value_after_indicator(c, Parent::map, depth);
        skip_to_token();
        if (eof() || at_doc_boundary()) break;
        const int i = col();
        if (i < c) break;
        if (i > c) give_up();
    }
    b_.map_end();
}

void Parser::block_seq(int c, const Props* props, int depth) {
    if (depth > kMaxDepth) give_up();
    b_.seq_start(props_mark(props, mark()), props_tag(props, "?"), props_anchor(props));
    for (;;) {
        ++pos_;  // the `-`
        value_after_indicator(c, Parent::seq, depth);
        skip_to_token();
        if (eof() || at_doc_boundary()) break;
        const int i = col();
        if (i < c) break;
        if (i > c) give_up();
        if (!at_block_entry()) break;  // a key of the mapping this sequence is the value of
    }
    b_.seq_end();
}

// Whether a plain or quoted scalar that starts here is a block mapping key: yaml-cpp's simple key, a
// one-line scalar followed on the same line by `:` and a blank, a line break or the end.
bool Parser::scan_key(KeyScan& k) const {
    const std::size_t start = pos_;
    const char q = s_[start];
    if (q == '"' || q == '\'') {
        std::size_t p = start + 1;
        for (;;) {
            if (p >= n_ || s_[p] == '\n') return false;  // several lines: not a simple key
            if (q == '\'' && s_[p] == '\'') {
                if (at(p + 1) != '\'') break;
                p += 2;
                continue;
            }
            if (q == '"') {
                if (s_[p] == '"') break;
                if (s_[p] == '\\') {
                    if (p + 1 >= n_ || s_[p + 1] == '\n') return false;
                    p += 2;
                    continue;
                }
            }
            ++p;
        }
        k.end = p + 1;
        std::size_t e = k.end;
        while (e < n_ && is_blank(s_[e])) ++e;
        if (at(e) != ':' || !bz(e + 1)) return false;
        k.colon = e;
        k.quoted = true;
    } else {
        if (!plain_start_block()) return false;
        std::size_t p = start;
        for (;;) {
            while (p < n_ && (char_class(s_[p]) & kKeyScanStop) == 0) ++p;
            if (p >= n_ || s_[p] == '\n') return false;
            const char c = s_[p];
            if (c == ':' && bz(p + 1)) break;
            if (is_blank(c) && at(p + 1) == '#') return false;
            ++p;
        }
        k.end = p;
        k.colon = p;
        k.quoted = false;
    }
    if (k.colon - start > kMaxSimpleKey) give_up();
    return true;
}

// Sends the key found by scan_key and moves past its `:`.
void Parser::block_key(const KeyScan& k) {
    const Mark m = mark();
    if (k.quoted) {
        std::string v = scan_quoted();
        if (pos_ != k.end) give_up();
        b_.scalar(m, "!", 0, std::move(v));
    } else {
        std::size_t e = k.end;
        while (e > pos_ && is_blank(s_[e - 1])) --e;
        const std::string_view text(s_ + pos_, e - pos_);
        if (is_null_string(text)) {
            b_.null(m, 0);
        } else {
            b_.scalar(m, "?", 0, std::string(text));
        }
    }
    pos_ = k.colon + 1;
}

// ---------------------------------------------------------------------------------------------------------
// Nodes

// Anchors and tags, in either order, each at most once (yaml-cpp registers the anchor right away, so an
// alias inside the node already refers to it).
void Parser::parse_props(Props& p, bool flow) {
    p.mark = mark();
    bool have_tag = false;
    for (;;) {
        if (cur() == '&') {
            if (p.anchor != 0) give_up();
            ++pos_;
            const std::string_view name = anchor_name();
            p.anchor = ++last_anchor_;
            anchors_[name] = p.anchor;
        } else if (cur() == '!') {
            if (have_tag) give_up();
            scan_tag(p.tag);
            have_tag = true;
        } else {
            return;
        }
        if (!bz(pos_)) give_up();
        if (flow) {
            skip_flow_ws();
        } else {
            skip_inline_blanks(/*tabs_ok=*/true);
        }
    }
}

// yaml-cpp's anchor and alias names: anything up to a blank, a line break or one of `[]{},`.
std::string_view Parser::anchor_name() {
    const std::size_t start = pos_;
    while (!eof() && !bz(pos_) && std::strchr("[]{},", cur()) == nullptr) ++pos_;
    if (pos_ == start) give_up();
    return {s_ + start, pos_ - start};
}

// A tag as yaml-cpp resolves it without %TAG directives: `!name` -> "!name", `!!name` ->
// "tag:yaml.org,2002:name", `!` -> "!". Verbatim tags, named handles and %-escapes go to yaml-cpp.
void Parser::scan_tag(std::string& tag) {
    ++pos_;  // `!`
    if (cur() == '<') give_up();
    const std::size_t start = pos_;
    while (is_word(cur())) ++pos_;
    if (cur() == '!') {
        if (pos_ != start) give_up();  // `!handle!suffix`
        ++pos_;
        const std::size_t suffix = pos_;
        while (is_tag_char(cur())) ++pos_;
        if (pos_ == suffix || cur() == '%') give_up();
        tag = "tag:yaml.org,2002:";
        tag.append(s_ + suffix, pos_ - suffix);
        return;
    }
    while (is_tag_char(cur())) ++pos_;
    if (cur() == '!' || cur() == '%') give_up();
    tag.assign(1, '!');  // (not `tag = "!"`: GCC 12 reports a false -Wrestrict for that)
    tag.append(s_ + start, pos_ - start);
}

// A node with properties and no content is "" with its tag, or null; without properties, null.
void Parser::empty_node(const Props* props, Mark m) {
    if (props == nullptr) {
        b_.null(m, 0);
    } else if (props->tag.empty()) {
        b_.null(props->mark, props->anchor);
    } else {
        b_.scalar(props->mark, props->tag, props->anchor, std::string());
    }
}

void Parser::alias_node() {
    const Mark m = mark();
    ++pos_;  // `*`
    const std::string_view name = anchor_name();
    const auto it = anchors_.find(name);
    if (it == anchors_.end()) give_up();  // yaml-cpp's error
    b_.alias(m, it->second);
}

void Parser::quoted_node(const Props* props) {
    const Mark m = props != nullptr ? props->mark : mark();
    std::string v = scan_quoted();
    b_.scalar(m, props_tag(props, "!"), props_anchor(props), std::move(v));
}

void Parser::plain_node(const Props* props, int indent, bool flow) {
    const Mark m = props != nullptr ? props->mark : mark();
    std::string v = scan_plain(indent, flow);
    const AnchorId anchor = props != nullptr ? props->anchor : 0;
    if (props == nullptr || props->tag.empty()) {
        if (is_null_string(v)) {
            b_.null(m, anchor);
        } else {
            b_.scalar(m, "?", anchor, std::move(v));
        }
    } else {
        b_.scalar(m, props->tag, anchor, std::move(v));
    }
}

// `|` or `>`, with yaml-cpp's header rules and an indentation counted from `top`.
void Parser::block_scalar(const Props* props, int top) {
    const Mark m = props != nullptr ? props->mark : mark();
    ScalarParams p;
    p.fold = cur() == '>' ? Fold::block : Fold::none;
    ++pos_;
    p.indent = 1;
    p.detect_indent = true;
    // yaml-cpp's Exp::Chomp(): [+-][0-9] | [0-9][+-] | [+-] | [0-9]
    const auto is_chomp = [](char c) { return c == '+' || c == '-'; };
    int header = 0;
    if ((is_chomp(cur()) && is_digit(peek(1))) || (is_digit(cur()) && is_chomp(peek(1)))) {
        header = 2;
    } else if (is_chomp(cur()) || is_digit(cur())) {
        header = 1;
    }
    for (int i = 0; i < header; ++i) {
        const char c = cur();
        ++pos_;
        if (c == '+') {
            p.chomp = Chomp::keep;
        } else if (c == '-') {
            p.chomp = Chomp::strip;
        } else {
            if (c == '0') give_up();
            p.indent = c - '0';
            p.detect_indent = false;
        }
    }
    while (is_blank(cur())) ++pos_;
    if (cur() == '#') {
        while (!eof() && cur() != '\n') ++pos_;
    }
    if (!eof() && cur() != '\n') give_up();
    if (top >= 0) p.indent += top;
    p.fail_on_tab_indent = true;
    std::string v;
    scan_scalar(p, v);
    b_.scalar(m, props_tag(props, "!"), props_anchor(props), std::move(v));
}

// ---------------------------------------------------------------------------------------------------------
// Flow collections

void Parser::flow_node(int depth) {
    Props own;
    const Props* props = nullptr;
    if (cur() == '&' || cur() == '!') {
        parse_props(own, /*flow=*/true);
        props = &own;
    }
    switch (cur()) {
        case '[':
            flow_seq(props, depth + 1);
            return;
        case '{':
            flow_map(props, depth + 1);
            return;
        case '*':
            if (props != nullptr) give_up();
            alias_node();
            return;
        case '"':
        case '\'':
            quoted_node(props);
            return;
        default:
            break;
    }
    if (!plain_start_flow()) give_up();  // empty entries, `?` keys, block indicators...
    plain_node(props, 0, /*flow=*/true);
}

void Parser::flow_seq(const Props* props, int depth) {
    if (depth > kMaxDepth) give_up();
    b_.seq_start(props_mark(props, mark()), props_tag(props, "?"), props_anchor(props));
    ++pos_;  // `[`
    skip_flow_ws();
    if (cur() == ']') {
        ++pos_;
        b_.seq_end();
        return;
    }
    for (;;) {
        flow_node(depth);
        skip_flow_ws();
        if (cur() == ',') {
            ++pos_;
            skip_flow_ws();
            if (cur() == ']') {
                ++pos_;
                break;
            }
            continue;
        }
        if (cur() == ']') {
            ++pos_;
            break;
        }
        give_up();  // `key: value` pairs in a sequence, missing commas...
    }
    b_.seq_end();
}

void Parser::flow_map(const Props* props, int depth) {
    if (depth > kMaxDepth) give_up();
    b_.map_start(props_mark(props, mark()), props_tag(props, "?"), props_anchor(props));
    ++pos_;  // `{`
    skip_flow_ws();
    if (cur() == '}') {
        ++pos_;
        b_.map_end();
        return;
    }
    for (;;) {
        if (flow_key()) {
            b_.null(mark(), 0);  // `{a, b: 1}`: marked at the `,` or `}`
        } else {
            ++pos_;  // `:`
            skip_flow_ws();
            if (cur() == ',' || cur() == '}') {
                b_.null(mark(), 0);
            } else {
                flow_node(depth);
            }
        }
        skip_flow_ws();
        if (cur() == ',') {
            ++pos_;
            skip_flow_ws();
            if (cur() == '}') {
                ++pos_;
                break;
            }
            continue;
        }
        if (cur() == '}') {
            ++pos_;
            break;
        }
        give_up();
    }
    b_.map_end();
}

// A flow mapping key: a plain or quoted scalar on one line, followed on that line by `:` (yaml-cpp's
// simple key), or by `,` or `}` (a key without a value). Returns whether the value is missing.
bool Parser::flow_key() {
    const std::size_t start = pos_;
    const std::uint32_t line = line_;
    const Mark m = mark();
    if (cur() == '"' || cur() == '\'') {
        std::string v = scan_quoted();
        b_.scalar(m, "!", 0, std::move(v));
    } else if (plain_start_flow()) {
        std::string v = scan_plain(0, /*flow=*/true);
        if (is_null_string(v)) {
            b_.null(m, 0);
        } else {
            b_.scalar(m, "?", 0, std::move(v));
        }
    } else {
        give_up();
    }
    while (is_blank(cur())) ++pos_;
    // After a quoted key any `:` is the value indicator; a plain one stops only at a `:` that is one.
    if (line_ != line || (cur() != ':' && cur() != ',' && cur() != '}')) give_up();
    if (pos_ - start > kMaxSimpleKey) give_up();
    return cur() != ':';
}

// ---------------------------------------------------------------------------------------------------------
// Scalars: a port of yaml-cpp 0.7's ScanScalar (scanscalar.cpp) and Exp::Escape (exp.cpp), over the text.

// The length of the scalar's end condition at the cursor, or -1.
int Parser::end_match(const ScalarParams& p) const {
    const char c = cur();
    switch (p.end) {
        case EndRule::plain_block:
            if (c == ':' && bz(pos_ + 1)) return 1;
            if ((is_blank(c) || c == '\n') && peek(1) == '#') return 2;
            return -1;
        case EndRule::plain_flow:
            if (c == ':' && (bz(pos_ + 1) || peek(1) == ',' || peek(1) == ']' || peek(1) == '}')) return 1;
            if (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}') return 1;
            if ((is_blank(c) || c == '\n') && peek(1) == '#') return 2;
            return -1;
        case EndRule::single_quoted:
            return c == '\'' && peek(1) != '\'' ? 1 : -1;
        case EndRule::double_quoted:
            return c == '"' ? 1 : -1;
        case EndRule::eof_only:
            return eof() ? 0 : -1;
    }
    return -1;
}

// Exp::Escape: the cursor is on the escape character.
void Parser::escape(std::string& out) {
    const char esc = get();
    const char c = get();
    if (esc == '\'' && c == '\'') {
        out += '\'';
        return;
    }
    auto hex = [&](int digits) {
        std::uint32_t value = 0;
        for (int i = 0; i < digits; ++i) {
            const char h = get();
            std::uint32_t d = 0;
            if (h >= '0' && h <= '9') {
                d = static_cast<std::uint32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                d = static_cast<std::uint32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                d = static_cast<std::uint32_t>(h - 'A' + 10);
            } else {
                give_up();
            }
            value = (value << 4U) + d;
        }
        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) give_up();
        const auto byte = [](std::uint32_t b) { return static_cast<char>(static_cast<unsigned char>(b)); };
        if (value <= 0x7F) {
            out += byte(value);
        } else if (value <= 0x7FF) {
            out += byte(0xC0 + (value >> 6U));
            out += byte(0x80 + (value & 0x3FU));
        } else if (value <= 0xFFFF) {
            out += byte(0xE0 + (value >> 12U));
            out += byte(0x80 + ((value >> 6U) & 0x3FU));
            out += byte(0x80 + (value & 0x3FU));
        } else {
            out += byte(0xF0 + (value >> 18U));
            out += byte(0x80 + ((value >> 12U) & 0x3FU));
            out += byte(0x80 + ((value >> 6U) & 0x3FU));
            out += byte(0x80 + (value & 0x3FU));
        }
    };
    switch (c) {
        case '0': out += '\0'; return;
        case 'a': out += '\x07'; return;
        case 'b': out += '\x08'; return;
        case 't':
        case '\t': out += '\x09'; return;
        case 'n': out += '\x0A'; return;
        case 'v': out += '\x0B'; return;
        case 'f': out += '\x0C'; return;
        case 'r': out += '\x0D'; return;
        case 'e': out += '\x1B'; return;
        case ' ': out += ' '; return;
        case '"': out += '"'; return;
        case '\'': out += '\''; return;
        case '\\': out += '\\'; return;
        case '/': out += '/'; return;
        case 'N': out += '\x85'; return;  // yaml-cpp writes these two as single bytes, not UTF-8
        case '_': out += '\xA0'; return;
        case 'L': out += "\xE2\x80\xA8"; return;
        case 'P': out += "\xE2\x80\xA9"; return;
        case 'x': hex(2); return;
        case 'u': hex(4); return;
        case 'U': hex(8); return;
        default: give_up();
    }
}

void Parser::scan_scalar(ScalarParams& p, std::string& scalar) {
    bool found_non_empty_line = false;
    bool past_opening_break = p.fold == Fold::flow;
    bool empty_line = false;
    bool more_indented = false;
    int folded_newline_count = 0;
    bool folded_newline_started_more_indented = false;
    std::size_t last_escaped_char = std::string::npos;
    scalar.clear();
    p.leading_spaces = false;

    while (!eof()) {
        // Phase 1: scan until the end of the line.
        std::size_t last_non_ws = scalar.size();
        bool escaped_newline = false;
        while (end_match(p) < 0 && cur() != '\n') {
            if (eof()) break;
            if (col() == 0 && at_doc_marker()) {
                if (p.on_doc == OnDoc::stop) break;
                if (p.on_doc == OnDoc::fail) give_up();
            }
            found_non_empty_line = true;
            past_opening_break = true;
            if (p.escape == '\\' && cur() == '\\' && peek(1) == '\n') {
                ++pos_;  // the backslash; the line break is eaten below (and not folded)
                last_non_ws = scalar.size();
                last_escaped_char = scalar.size();
                escaped_newline = true;
                break;
            }
            if (p.escape != 0 && cur() == p.escape) {
                escape(scalar);
                last_non_ws = scalar.size();
                last_escaped_char = scalar.size();
                continue;
            }
            const char ch = s_[pos_++];
            scalar += ch;
            if (!is_blank(ch)) last_non_ws = scalar.size();
        }
        if (eof()) {
            if (p.eat_end) give_up();  // an unterminated quoted scalar
            break;
        }
        if (p.on_doc == OnDoc::stop && col() == 0 && at_doc_marker()) break;
        if (const int n = end_match(p); n >= 0) {
            if (p.eat_end) pos_ += static_cast<std::size_t>(n);
            break;
        }
        if (p.fold == Fold::flow) scalar.erase(last_non_ws);

        // Phase 2: the line break.
        newline();

        // Phase 3: indentation.
        const auto in_indentation = [&] {
            return col() < p.indent || (p.detect_indent && !found_non_empty_line);
        };
        while (cur() == ' ' && in_indentation() && end_match(p) < 0) ++pos_;
        if (p.detect_indent && !found_non_empty_line) p.indent = std::max(p.indent, col());
        while (is_blank(cur())) {
            if (cur() == '\t' && col() < p.indent && p.fail_on_tab_indent) give_up();
            if (!p.eat_leading_ws) break;
            if (end_match(p) >= 0) break;
            ++pos_;
        }

        const bool next_empty_line = cur() == '\n';
        const bool next_more_indented = is_blank(cur());
        if (p.fold == Fold::block && folded_newline_count == 0 && next_empty_line) {
            folded_newline_started_more_indented = more_indented;
        }
        if (past_opening_break) {
            switch (p.fold) {
                case Fold::none:
                    scalar += '\n';
                    break;
                case Fold::block:
                    if (!empty_line && !next_empty_line && !more_indented && !next_more_indented &&
                        col() >= p.indent) {
                        scalar += ' ';
                    } else if (next_empty_line) {
                        ++folded_newline_count;
                    } else {
                        scalar += '\n';
                    }
                    if (!next_empty_line && folded_newline_count > 0) {
                        scalar.append(static_cast<std::size_t>(folded_newline_count - 1), '\n');
                        if (folded_newline_started_more_indented || next_more_indented ||
                            !found_non_empty_line) {
                            scalar += '\n';
                        }
                        folded_newline_count = 0;
                    }
                    break;
                case Fold::flow:
                    if (next_empty_line) {
                        scalar += '\n';
                    } else if (!empty_line && !escaped_newline) {
                        scalar += ' ';
                    }
                    break;
            }
        }
        empty_line = next_empty_line;
        more_indented = next_more_indented;
        past_opening_break = true;

        if (!empty_line && col() < p.indent) {
            p.leading_spaces = true;
            break;
        }
    }

    // Post-processing: trailing spaces and chomping, keeping escaped characters.
    const auto keep_escaped = [&](std::size_t pos) {
        if (last_escaped_char != std::string::npos && (pos < last_escaped_char || pos == std::string::npos)) {
            return last_escaped_char;
        }
        return pos;
    };
    if (p.trim_trailing) {
        const std::size_t pos = keep_escaped(scalar.find_last_not_of(" \t"));
        if (pos < scalar.size()) scalar.erase(pos + 1);
    }
    if (p.chomp == Chomp::clip) {
        const std::size_t pos = keep_escaped(scalar.find_last_not_of('\n'));
        if (pos == std::string::npos) {
            scalar.clear();
        } else if (pos + 1 < scalar.size()) {
            scalar.erase(pos + 2);
        }
    } else if (p.chomp == Chomp::strip) {
        const std::size_t pos = keep_escaped(scalar.find_last_not_of('\n'));
        if (pos == std::string::npos) {
            scalar.clear();
        } else if (pos < scalar.size()) {
            scalar.erase(pos + 1);
        }
    }
}

// A single- or double-quoted scalar; the cursor is on the opening quote.
std::string Parser::scan_quoted() {
    ScalarParams p;
    const bool single = cur() == '\'';
    p.end = single ? EndRule::single_quoted : EndRule::double_quoted;
    p.eat_end = true;
    p.escape = single ? '\'' : '\\';
    p.indent = 0;
    p.fold = Fold::flow;
    p.eat_leading_ws = true;
    p.trim_trailing = false;
    p.chomp = Chomp::clip;
    p.on_doc = OnDoc::fail;
    ++pos_;
    // The common case, no escape and no line break, is the text between the quotes.
    const char* begin = s_ + pos_;
    const char* end = s_ + n_;
    const char* q = begin;
    if (single) {
        while (q < end && *q != '\'' && *q != '\n') ++q;
        if (q < end && *q == '\'' && (q + 1 == end || q[1] != '\'')) {
            pos_ += static_cast<std::size_t>(q - begin) + 1;
            return {begin, q};
        }
    } else {
        while (q < end && *q != '"' && *q != '\\' && *q != '\n') ++q;
        if (q < end && *q == '"') {
            pos_ += static_cast<std::size_t>(q - begin) + 1;
            return {begin, q};
        }
    }
    std::string v;
    scan_scalar(p, v);
    return v;
}

// Whether a plain scalar whose first line ends at the line break before `p` ends there too: no later line
// continues it (ScanScalar would only add line breaks that chomping removes). False when unsure.
bool Parser::plain_ends_at(std::size_t p, int indent) const {
    for (;;) {
        const std::size_t line_start = p;
        while (p < n_ && s_[p] == ' ') ++p;
        if (p >= n_) return true;
        const char c = s_[p];
        if (c == '\n') {
            ++p;
            continue;
        }
        if (c == '\t') return false;
        if (c == '#') return true;  // a comment ends a plain scalar
        if (static_cast<int>(p - line_start) < indent) return true;
        return false;
    }
}

// A plain scalar; continuation lines must be indented at least `indent` (block context).
std::string Parser::scan_plain(int indent, bool flow) {
    // The common case: the scalar ends on its first line (at `: `, ` #`, a flow indicator, or the end of a
    // line that nothing continues). Its text is the line up to there, without trailing blanks.
    std::size_t q = pos_;
    const std::uint8_t stops = flow ? kKeyScanStop | kFlowScalarStop : kKeyScanStop;
    for (; q < n_; ++q) {
        const char c = s_[q];
        if ((char_class(c) & stops) == 0) continue;
        if (c == '\n') break;
        if (is_blank(c) && at(q + 1) == '#') break;
        const char next = at(q + 1);
        if (c == ':' && (bz(q + 1) || (flow && (next == ',' || next == ']' || next == '}')))) break;
        if (flow && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}')) break;
    }
    if (q >= n_ || s_[q] != '\n' || (!flow && plain_ends_at(q + 1, indent))) {
        std::size_t e = q;
        while (e > pos_ && is_blank(s_[e - 1])) --e;
        std::string v(s_ + pos_, e - pos_);
        pos_ = q;
        return v;
    }

    ScalarParams p;
    p.end = flow ? EndRule::plain_flow : EndRule::plain_block;
    p.indent = flow ? 0 : indent;
    p.fold = Fold::flow;
    p.eat_leading_ws = true;
    p.trim_trailing = true;
    p.chomp = Chomp::strip;
    p.on_doc = OnDoc::stop;
    p.fail_on_tab_indent = true;
    std::string v;
    scan_scalar(p, v);
    return v;
}

}  // namespace

bool parse_fast(std::string_view text, NodeBuilder& builder) {
    // yaml-cpp reads "\r\n" as a line break and a lone "\r" as content; with only the former, parsing the
    // text with plain "\n" gives the same events and marks.
    std::string normalized;
    if (text.find('\r') != std::string_view::npos) {
        normalized.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\r') {
                if (i + 1 >= text.size() || text[i + 1] != '\n') return false;
                continue;
            }
            normalized += text[i];
        }
        text = normalized;
    }
    try {
        Parser parser(text, builder);
        parser.run();
        return true;
    } catch (const GiveUp&) {
        return false;
    } catch (const BuildAbort&) {
        return false;  // yaml-cpp gives the error: it may find a syntax error first
    }
}

}  // namespace stackctl::load::yaml_detail
