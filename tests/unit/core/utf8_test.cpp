#include <catch2/catch.hpp>

#include "stackctl/core/utf8.hpp"

using stackctl::core::decode;
using stackctl::core::go_quote;
using stackctl::core::kRuneError;

TEST_CASE("go_quote: Go's %q for quotes, backslashes and control characters", "[core][utf8]") {
    CHECK(go_quote("plain") == "\"plain\"");
    CHECK(go_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(go_quote("l1\nl2\tx\ry") == "\"l1\\nl2\\tx\\ry\"");
    CHECK(go_quote(std::string_view("\x01\x1f\x7f", 3)) == "\"\\x01\\x1f\\x7f\"");
    CHECK(go_quote("") == "\"\"");
}

TEST_CASE("go_quote: valid UTF-8 is kept, invalid bytes are \\xNN", "[core][utf8]") {
    CHECK(go_quote("caf\xC3\xA9 \xE2\x80\xA6") == "\"caf\xC3\xA9 \xE2\x80\xA6\"");
    CHECK(go_quote("a\xFF" "b") == "\"a\\xffb\"");
    CHECK(go_quote("\xC3") == "\"\\xc3\"");              // truncated sequence
    CHECK(go_quote("\xED\xA0\x80") == "\"\\xed\\xa0\\x80\"");  // a surrogate, byte by byte
}

TEST_CASE("go_quote: a limit cuts at a character boundary and ends in ...", "[core][utf8]") {
    CHECK(go_quote("abcdef", 3) == "\"abc...\"");
    CHECK(go_quote("abc", 3) == "\"abc\"");
    // the two-byte character starting at byte 2 is kept whole
    CHECK(go_quote("ab\xC3\xA9z", 3) == "\"ab\xC3\xA9...\"");
}

TEST_CASE("decode: code points and Go's one-byte RuneError", "[core][utf8]") {
    CHECK(decode("a", 0).cp == U'a');
    auto r = decode("\xE2\x80\xA6", 0);
    CHECK(r.cp == U'\u2026');
    CHECK(r.len == 3);
    auto bad = decode("\xC0\x80", 0);  // overlong
    CHECK(bad.cp == kRuneError);
    CHECK(bad.len == 1);
}
