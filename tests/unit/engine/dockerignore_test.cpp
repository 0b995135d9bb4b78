#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "stackctl/engine/dockerignore.hpp"

using namespace stackctl::engine;
using stackctl::core::Errc;

namespace {

bool excluded(const std::vector<std::string>& patterns, const std::string& path) {
    auto pm = PatternMatcher::compile(patterns);
    REQUIRE(pm.ok());
    return pm->matches(path);
}

struct Case {
    const char* pattern;
    const char* path;
    bool match;
};

}  // namespace

TEST_CASE("Go's path.Clean", "[engine][dockerignore]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "."},
        {"abc", "abc"},
        {"abc/def", "abc/def"},
        {"a/b/c", "a/b/c"},
        {".", "."},
        {"..", ".."},
        {"../..", "../.."},
        {"../../abc", "../../abc"},
        {"/abc", "/abc"},
        {"/", "/"},
        {"abc/", "abc"},
        {"abc/def/", "abc/def"},
        {"./", "."},
        {"/./", "/"},
        {"abc//def//ghi", "abc/def/ghi"},
        {"//abc", "/abc"},
        {"abc/./def", "abc/def"},
        {"/./abc/def", "/abc/def"},
        {"abc/.", "abc"},
        {"abc/def/ghi/../jkl", "abc/def/jkl"},
        {"abc/def/../ghi/../jkl", "abc/jkl"},
        {"abc/def/..", "abc"},
        {"abc/def/../..", "."},
        {"/abc/def/../..", "/"},
        {"abc/def/../../..", ".."},
        {"/abc/def/../../..", "/"},
        {"abc/def/../../../ghi/jkl/../../../mno", "../../mno"},
        {"abc/./../def", "def"},
        {"abc//./../def", "def"},
        {"abc/../../././../def", "../../def"},
    };
    for (const auto& [in, want] : cases) {
        INFO(in);
        CHECK(clean_path(in) == want);
    }
}

TEST_CASE("patterns match as moby's pattern matcher does", "[engine][dockerignore]") {
    // Expectations from moby/patternmatcher's test table (MatchesOrParentMatches).
    const std::vector<Case> cases = {
        {"**", "file", true},
        {"**", "file/", true},
        {"**/", "file", true},
        {"**/", "file/", true},
        {"**", "/", true},
        {"**/", "/", true},
        {"**", "dir/file", true},
        {"**/", "dir/file", true},
        {"**", "dir/file/", true},
        {"**/", "dir/file/", true},
        {"**/**", "dir/file", true},
        {"**/**", "dir/file/", true},
        {"dir/**", "dir/file", true},
        {"dir/**", "dir/file/", true},
        {"dir/**", "dir/dir2/file", true},
        {"dir/**", "dir/dir2/file/", true},
        {"**/dir", "dir", true},
        {"**/dir", "dir/file", true},
        {"**/dir2/*", "dir/dir2/file", true},
        {"**/dir2/*", "dir/dir2/file/", true},
        {"**/dir2/**", "dir/dir2/dir3/file", true},
        {"**/dir2/**", "dir/dir2/dir3/file/", true},
        {"**file", "file", true},
        {"**file", "dir/file", true},
        {"**/file", "dir/file", true},
        {"**file", "dir/dir/file", true},
        {"**/file", "dir/dir/file", true},
        {"**/file*", "dir/dir/file", true},
        {"**/file*", "dir/dir/file.txt", true},
        {"**/file*txt", "dir/dir/file.txt", true},
        {"**/file*.txt", "dir/dir/file.txt", true},
        {"**/file*.txt*", "dir/dir/file.txt", true},
        {"**/**/*.txt", "dir/dir/file.txt", true},
        {"**/**/*.txt2", "dir/dir/file.txt", false},
        {"**/*.txt", "file.txt", true},
        {"**/**/*.txt", "file.txt", true},
        {"a**/*.txt", "a/file.txt", true},
        {"a**/*.txt", "a/dir/file.txt", true},
        {"a**/*.txt", "a/dir/dir/file.txt", true},
        {"a/*.txt", "a/dir/file.txt", false},
        {"a/*.txt", "a/file.txt", true},
        {"a/*.txt**", "a/file.txt", true},
        {"a[b-d]e", "ae", false},
        {"a[b-d]e", "ace", true},
        {"a[b-d]e", "aae", false},
        {"a[^b-d]e", "aze", true},
        {".*", ".foo", true},
        {".*", "foo", false},
        {"abc.def", "abcdef", false},
        {"abc.def", "abc.def", true},
        {"abc.def", "abcZdef", false},
        {"abc?def", "abcZdef", true},
        {"abc?def", "abcdef", false},
        {"**/foo/bar", "foo/bar", true},
        {"**/foo/bar", "dir/foo/bar", true},
        {"**/foo/bar", "dir/dir2/foo/bar", true},
        {"abc/**", "abc", false},
        {"abc/**", "abc/def", true},
        {"abc/**", "abc/def/ghi", true},
        {"**/.foo", ".foo", true},
        {"**/.foo", "bar.foo", false},
        {"a(b)c/def", "a(b)c/def", true},
        {"a(b)c/def", "a(b)c/xyz", false},
        {"a.|)$(}+{bc", "a.|)$(}+{bc", true},
        {"dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
         "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true},
        {"dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true},
        {"a\\\\", "a\\", true},
        {"a\\*b", "a*b", true},
        // Go's filepath.Match table.
        {"abc", "abc", true},
        {"*", "abc", true},
        {"*c", "abc", true},
        {"a*", "a", true},
        {"a*", "abc", true},
        {"a*", "ab/c", true},  // through its parent "ab"
        {"a*/b", "abc/b", true},
        {"a*/b", "a/c/b", false},
        {"a*b*c*d*e*/f", "axbxcxdxe/f", true},
        {"a*b*c*d*e*/f", "axbxcxdxexxx/f", true},
        {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false},
        {"a*b*c*d*e*/f", "axbxcxdxexxx/fff", false},
        {"a*b?c*x", "abxbbxdbxebxczzx", true},
        {"a*b?c*x", "abxbbxdbxebxczzy", false},
        {"ab[c]", "abc", true},
        {"ab[b-d]", "abc", true},
        {"ab[e-g]", "abc", false},
        {"ab[^c]", "abc", false},
        {"ab[^b-d]", "abc", false},
        {"ab[^e-g]", "abc", true},
        {"a\\*b", "ab", false},
        {"a?b", "a\xE2\x98\xBA" "b", true},
        {"a[^a]b", "a\xE2\x98\xBA" "b", true},
        {"a???b", "a\xE2\x98\xBA" "b", false},
        {"a[^a][^a][^a]b", "a\xE2\x98\xBA" "b", false},
        {"[a-\xCE\xB6]*", "\xCE\xB1", true},
        {"*[a-\xCE\xB6]", "A", false},
        {"a?b", "a/b", false},
        {"a*b", "a/b", false},
        {"[\\]a]", "]", true},
        {"[\\-]", "-", true},
        {"[x\\-]", "x", true},
        {"[x\\-]", "-", true},
        {"[x\\-]", "z", false},
        {"[\\-x]", "x", true},
        {"[\\-x]", "-", true},
        {"[\\-x]", "a", false},
        {"*x", "xxx", true},
    };
    for (const auto& c : cases) {
        INFO("pattern " << c.pattern << " path " << c.path);
        CHECK(excluded({c.pattern}, c.path) == c.match);
    }
}

TEST_CASE("malformed patterns are refused", "[engine][dockerignore]") {
    for (const char* bad : {"[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "[z-a]"}) {
        INFO(bad);
        auto pm = PatternMatcher::compile({bad});
        REQUIRE_FALSE(pm.ok());
        CHECK(pm.error().code == Errc::parse);
        CHECK(pm.error().message == "invalid .dockerignore pattern \"" + std::string(bad) + "\": syntax error in pattern");
    }
    auto bang = PatternMatcher::compile({"!"});
    REQUIRE_FALSE(bang.ok());
    CHECK(bang.error().message == "invalid .dockerignore pattern: illegal exclusion pattern \"!\"");
}

TEST_CASE("exceptions are evaluated in order, the last match wins", "[engine][dockerignore]") {
    CHECK(excluded({"**", "!util/docker/web"}, "util/docker/web/foo") == false);
    CHECK(excluded({"**", "!util/docker/web", "util/docker/web/foo"}, "util/docker/web/foo") == true);
    CHECK(excluded({"**", "!dist/*.whl"}, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl") == false);
    CHECK(excluded({"!fileutils.go", "*.go"}, "fileutils.go") == true);
    CHECK(excluded({"*.go", "!fileutils.go"}, "fileutils.go") == false);
    CHECK(excluded({"docs", "!docs/README.md"}, "docs/README.md") == false);
    CHECK(excluded({"docs/", "!docs/README.md"}, "docs/README.md") == false);
    CHECK(excluded({"docs/*", "!docs/README.md"}, "docs/README.md") == false);
    CHECK(excluded({"docs", "!docs/README.md"}, "docs/other.md") == true);
    // The Docker documentation's examples.
    CHECK(excluded({"*/temp*"}, "somedir/temporary.txt"));
    CHECK(excluded({"*/temp*"}, "somedir/temp/inner"));
    CHECK_FALSE(excluded({"*/temp*"}, "temporary.txt"));
    CHECK(excluded({"*/*/temp*"}, "somedir/subdir/temporary.txt"));
    CHECK(excluded({"temp?"}, "tempa"));
    CHECK_FALSE(excluded({"temp?"}, "tempab"));
    CHECK(excluded({"**/*.go"}, "a/b/c.go"));
    CHECK_FALSE(excluded({"*.md", "!README.md"}, "README.md"));
    CHECK(excluded({"*.md", "!README.md"}, "CHANGES.md"));
    CHECK(excluded({"*.md", "!README*.md", "README-secret.md"}, "README-secret.md"));
    CHECK_FALSE(excluded({"*.md", "!README*.md", "README-secret.md"}, "README-1.md"));
    auto pm = PatternMatcher::compile({"docs", "  !docs/README.md  ", ""});
    REQUIRE(pm.ok());
    CHECK(pm->has_exclusions());
    CHECK(pm->patterns().size() == 2);
    CHECK(pm->patterns()[1].text == "docs/README.md");
}

TEST_CASE(".dockerignore files are read as docker reads them", "[engine][dockerignore]") {
    const std::string content = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
    CHECK(parse_dockerignore(content) ==
          std::vector<std::string>{"test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!"});
    CHECK(parse_dockerignore("\xEF\xBB\xBF*.log\r\n  # not a comment\r\n./build//out/\r\n") ==
          std::vector<std::string>{"*.log", "# not a comment", "build/out"});
    CHECK(parse_dockerignore("").empty());
    CHECK(parse_dockerignore("/").size() == 1);
}
