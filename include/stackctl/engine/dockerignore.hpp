#pragma once
/// .dockerignore files and the pattern matcher docker uses for them (moby/patternmatcher): Go
/// filepath.Match syntax ('*', '?', '[a-z]', '\' escapes) plus '**' for any number of directories, '!'
/// exceptions evaluated in order (the last matching pattern wins), and a pattern that matches a
/// directory also matching everything under it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/result.hpp"

namespace stackctl::engine {

/// Go's filepath.Clean for '/'-separated paths: "a//b/./c/.." -> "a/b"; "" -> ".".
std::string clean_path(std::string_view path);

/// The patterns of a .dockerignore file, as docker reads them: comment lines (starting with '#') and
/// blank lines dropped, whitespace trimmed, each pattern cleaned and made relative ("/a" -> "a"), a
/// leading '!' kept. A UTF-8 byte-order mark at the start is ignored.
std::vector<std::string> parse_dockerignore(std::string_view content);

class PatternMatcher {
public:
    struct Token;
    struct Pattern {
        std::string text;  ///< the cleaned pattern, without its '!'
        bool exclusion = false;
        enum class Kind { exact, prefix, suffix, glob } kind = Kind::exact;
        std::vector<Token> tokens;  ///< for glob
    };

    /// Compiles patterns; an Errc::parse error names a malformed one ("[a-", a lone "!").
    static core::Result<PatternMatcher> compile(const std::vector<std::string>& patterns);

    /// Whether `path` (relative, '/'-separated) is excluded: the last pattern that matches it or one of
    /// its parent directories decides, '!' patterns re-including (MatchesOrParentMatches).
    [[nodiscard]] bool matches(std::string_view path) const;

    /// True when some pattern starts with '!'.
    [[nodiscard]] bool has_exclusions() const { return exclusions_; }
    [[nodiscard]] const std::vector<Pattern>& patterns() const { return patterns_; }

private:
    std::vector<Pattern> patterns_;
    bool exclusions_ = false;
};

struct PatternMatcher::Token {
    enum class Kind : std::uint8_t { literal, star, any_one, class_, dirs, rest } kind = Kind::literal;
    char32_t ch = 0;                                      ///< for literal
    bool negated = false;                                 ///< for class_
    std::vector<std::pair<char32_t, char32_t>> ranges;  ///< for class_
};

}  // namespace stackctl::engine
