#include "stackctl/engine/dockerignore.hpp"

#include <optional>

namespace stackctl::engine {

using core::Errc;
using core::Error;
using Token = PatternMatcher::Token;
using Pattern = PatternMatcher::Pattern;

std::string clean_path(std::string_view path) {
    if (path.empty()) return ".";
    const bool rooted = path.front() == '/';
    const std::size_t n = path.size();
    std::string out;
    std::size_t r = 0;
    std::size_t dotdot = 0;  // where ".." can no longer back up
    if (rooted) {
        out.push_back('/');
        r = 1;
        dotdot = 1;
    }
    while (r < n) {
        if (path[r] == '/') {
            ++r;
        } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
            ++r;
        } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
            r += 2;
            if (out.size() > dotdot) {
                std::size_t w = out.size() - 1;
                while (w > dotdot && out[w] != '/') --w;
                out.resize(w);
            } else if (!rooted) {
                if (!out.empty()) out.push_back('/');
                out += "..";
                dotdot = out.size();
            }
        } else {
            if ((rooted && out.size() != 1) || (!rooted && !out.empty())) out.push_back('/');
            for (; r < n && path[r] != '/'; ++r) out.push_back(path[r]);
        }
    }
    return out.empty() ? std::string(".") : out;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// Decodes UTF-8 as Go does: an invalid byte is one U+FFFD.
std::u32string decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        }
        bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
        } else {
            out.push_back(cp);
            i += static_cast<std::size_t>(len);
        }
    }
    return out;
}

Error bad_pattern(std::string_view p) {
    return Error(Errc::parse, "invalid .dockerignore pattern \"" + std::string(p) + "\": syntax error in pattern");
}

/// Parses a class after its '[' at p[i]; on success i is past the ']'.
bool parse_class(const std::u32string& p, std::size_t& i, Token& tok) {
    tok.kind = Token::Kind::class_;
    if (i < p.size() && p[i] == U'^') {
        tok.negated = true;
        ++i;
    }
    auto get_esc = [&](char32_t& out) -> bool {
        if (i >= p.size() || p[i] == U'-' || p[i] == U']') return false;
        if (p[i] == U'\\') {
            ++i;
            if (i >= p.size()) return false;
        }
        out = p[i++];
        return true;
    };
    for (;;) {
        if (i >= p.size()) return false;
        if (p[i] == U']' && !tok.ranges.empty()) {
            ++i;
            return true;
        }
        char32_t lo = 0;
        if (!get_esc(lo)) return false;
        char32_t hi = lo;
        if (i < p.size() && p[i] == U'-') {
            ++i;
            if (!get_esc(hi)) return false;
            if (hi < lo) return false;
        }
        tok.ranges.emplace_back(lo, hi);
    }
}

/// Compiles a cleaned pattern the way moby's Pattern.compile classifies it.
std::optional<Pattern> compile_one(std::string text, bool exclusion) {
    Pattern pat;
    pat.text = std::move(text);
    pat.exclusion = exclusion;
    using Kind = Pattern::Kind;
    Kind kind = Kind::exact;
    const std::u32string p = decode(pat.text);
    std::size_t i = 0;
    for (std::size_t n = 0; i < p.size(); ++n) {
        const char32_t ch = p[i++];
        Token tok;
        if (ch == U'*') {
            if (i < p.size() && p[i] == U'*') {
                ++i;
                if (i < p.size() && p[i] == U'/') ++i;  // "**/" is "**"
                if (i >= p.size()) {
                    if (kind == Kind::exact) {
                        kind = Kind::prefix;
                    } else {
                        tok.kind = Token::Kind::rest;
                        pat.tokens.push_back(tok);
                        kind = Kind::glob;
                    }
                } else {
                    tok.kind = Token::Kind::dirs;
                    pat.tokens.push_back(tok);
                    kind = Kind::glob;
                }
                if (n == 0) kind = Kind::suffix;
                continue;
            }
            tok.kind = Token::Kind::star;
            kind = Kind::glob;
        } else if (ch == U'?') {
            tok.kind = Token::Kind::any_one;
            kind = Kind::glob;
        } else if (ch == U'\\') {
            if (i >= p.size()) return std::nullopt;  // filepath.Match refuses a trailing '\'
            tok.ch = p[i++];
            kind = Kind::glob;
        } else if (ch == U'[') {
            if (!parse_class(p, i, tok)) return std::nullopt;
            kind = Kind::glob;
        } else {
            if (ch == U']') kind = Kind::glob;
            tok.ch = ch;
        }
        pat.tokens.push_back(std::move(tok));
    }
    pat.kind = kind;
    if (kind != Kind::glob) pat.tokens.clear();
    return pat;
}

bool class_has(const Token& t, char32_t c) {
    bool in = false;
    for (const auto& [lo, hi] : t.ranges) {
        if (c >= lo && c <= hi) {
            in = true;
            break;
        }
    }
    return in != t.negated;
}

/// Anchored match of tokens against a path, memoised over (token, position).
class GlobMatch {
public:
    GlobMatch(const std::vector<Token>& toks, const std::u32string& s)
        : t_(toks), s_(s), memo_((toks.size() + 1) * (s.size() + 1), -1) {}
    bool run() { return at(0, 0); }

private:
    bool at(std::size_t ti, std::size_t pj) {
        signed char& m = memo_[ti * (s_.size() + 1) + pj];
        if (m < 0) m = compute(ti, pj) ? 1 : 0;
        return m == 1;
    }
    bool compute(std::size_t ti, std::size_t pj) {
        const std::size_t n = s_.size();
        if (ti == t_.size()) return pj == n;
        const Token& tok = t_[ti];
        switch (tok.kind) {
            case Token::Kind::literal:
                return pj < n && s_[pj] == tok.ch && at(ti + 1, pj + 1);
            case Token::Kind::any_one:
                return pj < n && s_[pj] != U'/' && s_[pj] != U'\n' && at(ti + 1, pj + 1);
            case Token::Kind::class_:
                return pj < n && class_has(tok, s_[pj]) && at(ti + 1, pj + 1);
            case Token::Kind::star:  // [^/]*
                for (std::size_t k = pj;; ++k) {
                    if (at(ti + 1, k)) return true;
                    if (k == n || s_[k] == U'/' || s_[k] == U'\n') return false;
                }
            case Token::Kind::dirs:  // (.*/)?
                if (at(ti + 1, pj)) return true;
                for (std::size_t k = pj; k < n && s_[k] != U'\n'; ++k) {
                    if (s_[k] == U'/' && at(ti + 1, k + 1)) return true;
                }
                return false;
            case Token::Kind::rest:  // .*
                for (std::size_t k = pj;; ++k) {
                    if (at(ti + 1, k)) return true;
                    if (k == n || s_[k] == U'\n') return false;
                }
        }
        return false;
    }
    const std::vector<Token>& t_;
    const std::u32string& s_;
    std::vector<signed char> memo_;
};

bool match_one(const Pattern& p, std::string_view path) {
    switch (p.kind) {
        case Pattern::Kind::exact:
            return path == p.text;
        case Pattern::Kind::prefix:
            return path.starts_with(std::string_view(p.text).substr(0, p.text.size() - 2));
        case Pattern::Kind::suffix: {
            const std::string_view suffix = std::string_view(p.text).substr(2);
            if (path.ends_with(suffix)) return true;
            return !suffix.empty() && suffix.front() == '/' && path == suffix.substr(1);
        }
        case Pattern::Kind::glob: {
            const std::u32string s = decode(path);
            return GlobMatch(p.tokens, s).run();
        }
    }
    return false;
}

}  // namespace

std::vector<std::string> parse_dockerignore(std::string_view content) {
    std::vector<std::string> out;
    bool first = true;
    while (!content.empty() || first) {
        const auto nl = content.find('\n');
        std::string_view line = content.substr(0, nl);
        content = nl == std::string_view::npos ? std::string_view() : content.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (first && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
        first = false;
        if (line.starts_with('#')) continue;
        line = trim(line);
        if (line.empty()) continue;
        const bool invert = line.front() == '!';
        if (invert) line = trim(line.substr(1));
        std::string pattern;
        if (!line.empty()) {
            pattern = clean_path(line);
            if (pattern.size() > 1 && pattern.front() == '/') pattern.erase(0, 1);
        }
        out.push_back(invert ? "!" + pattern : pattern);
    }
    return out;
}

core::Result<PatternMatcher> PatternMatcher::compile(const std::vector<std::string>& patterns) {
    PatternMatcher pm;
    for (const auto& raw : patterns) {
        const std::string_view t = trim(raw);
        if (t.empty()) continue;
        std::string p = clean_path(t);
        bool exclusion = false;
        if (p.front() == '!') {
            if (p.size() == 1) return Error(Errc::parse, "invalid .dockerignore pattern: illegal exclusion pattern \"!\"");
            exclusion = true;
            pm.exclusions_ = true;
            p.erase(0, 1);
        }
        auto compiled = compile_one(p, exclusion);
        if (!compiled) return bad_pattern(raw);
        pm.patterns_.push_back(std::move(*compiled));
    }
    return pm;
}

bool PatternMatcher::matches(std::string_view path) const {
    // The parent directories of `path`, as "a", "a/b", ... (none for a top-level name).
    std::vector<std::string_view> parents;
    for (std::size_t pos = path.find('/'); pos != std::string_view::npos; pos = path.find('/', pos + 1)) {
        if (pos > 0) parents.push_back(path.substr(0, pos));
    }
    bool matched = false;
    for (const auto& p : patterns_) {
        // An inclusion cannot change a match, nor an exclusion a non-match.
        if (p.exclusion != matched) continue;
        bool m = match_one(p, path);
        for (std::size_t i = 0; !m && i < parents.size(); ++i) m = match_one(p, parents[i]);
        if (m) matched = !p.exclusion;
    }
    return matched;
}

}  // namespace stackctl::engine
