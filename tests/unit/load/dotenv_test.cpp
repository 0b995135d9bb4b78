// Unit tests of load::parse_dotenv. Reference behaviour we deliberately do not copy (documented in
// src/load/dotenv.cpp): a bare key on a last line without newline, which the reference turns into the
// variable "" holding the key's name; here it is a bare key like any other.

#include "stackctl/load/dotenv.hpp"

#include <catch2/catch.hpp>

#include "test_files.hpp"

using namespace stackctl;
using namespace stackctl::load;

namespace {

using Pairs = std::vector<std::pair<std::string, std::optional<std::string>>>;

Pairs parse(std::string_view text, const Lookup& lookup = test::map_lookup({})) {
    auto r = parse_dotenv(text, "t.env", lookup);
    if (!r) FAIL(core::render(r.error(), false));
    Pairs out;
    for (auto& e : *r) out.emplace_back(e.key, e.value);
    return out;
}

core::Error error_of(std::string_view text, const Lookup& lookup = test::map_lookup({})) {
    auto r = parse_dotenv(text, "t.env", lookup);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

}  // namespace

TEST_CASE("dotenv: assignments, order and positions", "[load][dotenv]") {
    auto r = parse_dotenv("A=1\n\n  # c\n  B = 2\nA=3\n", "dir/.env", test::map_lookup({}));
    REQUIRE(r.ok());
    REQUIRE(r->size() == 2);
    CHECK((*r)[0] == DotenvEntry{"A", "3", core::SourceLoc{core::intern_path("dir/.env"), 5, 1}});
    CHECK((*r)[1] == DotenvEntry{"B", "2", core::SourceLoc{core::intern_path("dir/.env"), 4, 3}});
    CHECK(parse("") == Pairs{});
    CHECK(parse("\n \t\n# only a comment") == Pairs{});
}

TEST_CASE("dotenv: unquoted values", "[load][dotenv]") {
    CHECK(parse("A= value with  spaces  \n") == Pairs{{"A", "value with  spaces"}});
    CHECK(parse("A=x # comment\nB=x#no\nC=x\t#no\nD= #all\n") ==
          Pairs{{"A", "x"}, {"B", "x#no"}, {"C", "x\t#no"}, {"D", "#all"}});
    CHECK(parse("A=a\\tb\\n") == Pairs{{"A", "a\\tb\\n"}});
    CHECK(parse("A:1\nB: 2\nC=x:y=z\n") == Pairs{{"A", "1"}, {"B", "2"}, {"C", "x:y=z"}});
    CHECK(parse("A=1\r\nB=2\r\n") == Pairs{{"A", "1"}, {"B", "2"}});
    CHECK(parse("A=") == Pairs{{"A", ""}});
}

TEST_CASE("dotenv: export prefix", "[load][dotenv]") {
    CHECK(parse("export A=1\nexport\tB=2\n  export C=3\nexportD=4\nexport=5\nexport.x=6\n") ==
          Pairs{{"A", "1"}, {"B", "2"}, {"C", "3"}, {"exportD", "4"}, {"export", "5"}, {"export.x", "6"}});
}

TEST_CASE("dotenv: quoted values", "[load][dotenv]") {
    CHECK(parse(R"(A='a\nb $X \\ \'q\'')") == Pairs{{"A", R"(a\nb $X \\ 'q')"}});
    CHECK(parse(R"(A="a\tb\nc \"q\" \\ \$X \a\b\f\r\v")") == Pairs{{"A", "a\tb\nc \"q\" \\ $X \a\b\f\r\v"}});
    CHECK(parse(R"(A="\0101\0310\0400\012\0\08\x41\u00e9\c")") ==
          Pairs{{"A", "A\xC3\x88\\400\\12\\\\8\\x41\\u00e9\\c"}});
    CHECK(parse("A=\"line 1\nline 2\"\nB='x\ny'\n") == Pairs{{"A", "line 1\nline 2"}, {"B", "x\ny"}});
    CHECK(parse(R"(A="" B='')") == Pairs{{"A", ""}, {"B", ""}});
}

TEST_CASE("dotenv: text after a closing quote is more statements", "[load][dotenv]") {
    CHECK(parse("A=\"x\" B=y\n") == Pairs{{"A", "x"}, {"B", "y"}});
    CHECK(parse("A=\"x\"# c\nB=1\n") == Pairs{{"A", "x"}, {"B", "1"}});
    CHECK(parse("A='x'TAIL\n", test::map_lookup({{"TAIL", "t"}})) == Pairs{{"A", "x"}, {"TAIL", "t"}});
}

TEST_CASE("dotenv: bare keys take their value from the lookup", "[load][dotenv]") {
    Lookup env = test::map_lookup({{"HOME", "/root"}, {"EMPTY", ""}});
    CHECK(parse("HOME\nEMPTY\nNOPE\nexport HOME\n", env) ==
          Pairs{{"HOME", "/root"}, {"EMPTY", ""}, {"NOPE", std::nullopt}});
    // A bare key never erases an assignment; the lookup's value replaces it.
    CHECK(parse("NOPE=1\nNOPE\nHOME=1\nHOME\n", env) == Pairs{{"NOPE", "1"}, {"HOME", "/root"}});
    // Deliberate difference: the reference makes this {"": "HOME"}.
    CHECK(parse("A=1\nHOME", env) == Pairs{{"A", "1"}, {"HOME", "/root"}});
    CHECK(parse("export \nA=1\n") == Pairs{{"A", "1"}});
}

TEST_CASE("dotenv: interpolation, the lookup winning over the file", "[load][dotenv]") {
    Lookup env = test::map_lookup({{"OUT", "outside"}});
    CHECK(parse("A=1\nB=$A-${A}\nC=\"${A:+set}\"\nD='$A'\nE=$$A \\$A\n", env) ==
          Pairs{{"A", "1"}, {"B", "1-1"}, {"C", "set"}, {"D", "$A"}, {"E", "$A \\1"}});
    CHECK(parse("OUT=file\nX=$OUT\n", env) == Pairs{{"OUT", "file"}, {"X", "outside"}});
    CHECK(parse("X=${LATER:-none}\nLATER=1\n") == Pairs{{"X", "none"}, {"LATER", "1"}});
    CHECK(parse("A=1\nA=${A}${A}\n") == Pairs{{"A", "11"}});
    CHECK(parse(R"(A="\${B}")") == Pairs{{"A", "${B}"}});

    std::vector<std::string> unset;
    auto r = parse_dotenv("A=$MISSING ${OTHER:-x}\n", "t.env", env,
                          [&](std::string_view n) { unset.emplace_back(n); });
    REQUIRE(r.ok());
    CHECK(unset == std::vector<std::string>{"MISSING"});
}

TEST_CASE("dotenv: keys", "[load][dotenv]") {
    CHECK(parse("a.b-c[0]_D=1\nÉtat=2\nx²=3\n") == Pairs{{"a.b-c[0]_D", "1"}, {"État", "2"}, {"x²", "3"}});
    CHECK(parse("A\tB=1\n") == Pairs{{"A\tB", "1"}});  // a tab inside a key is kept, as by the reference
    CHECK(parse("=value\n") == Pairs{{"", "value"}});
    CHECK(parse("\xEF\xBB\xBF"
                "A=1\n") == Pairs{{"A", "1"}});
}

TEST_CASE("dotenv: syntax errors name file, line and column", "[load][dotenv]") {
    core::Error e = error_of("A=1\nNOT VALID\n");
    CHECK(e.code == core::Errc::parse);
    CHECK(e.headline() == R"(t.env:2:4: invalid variable name "NOT VALID": it cannot contain a space)");

    e = error_of("A=1\n  B$C=2\n");
    CHECK(e.headline() == R"(t.env:2:4: unexpected character "$" in variable name "B$C")");
    e = error_of("K\xFF=1\n");
    CHECK(e.headline() == R"(t.env:1:2: unexpected character "\xff" in variable name "K\xff")");

    e = error_of("A=1\nB=\"open\n\nC=2\n");
    CHECK(e.headline() == "t.env:2:3: unterminated double-quoted value for B");
    e = error_of("B='it\\'s");
    CHECK(e.headline() == "t.env:1:3: unterminated single-quoted value for B");
}

TEST_CASE("dotenv: interpolation errors point into the file", "[load][dotenv]") {
    core::Error e = error_of("A=1\nB=x ${A:-y} ${\n");
    CHECK(e.code == core::Errc::interpolate);
    CHECK(e.headline() == R"(t.env:2:13: invalid interpolation format in "x ${A:-y} ${": )"
                          R"("${" must be followed by a variable name)");
    CHECK(e.notes.back() == "in the value of B");
    // In a double-quoted value escapes move the text around: the error points at the opening quote.
    e = error_of("B=\"\\t${NEED?}\"\n");
    CHECK(e.headline() == "t.env:1:3: required variable NEED is missing a value");
}
