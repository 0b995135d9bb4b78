#pragma once
/// UTF-8 as Go reads it, and strings quoted as Go's %q writes them: shared by the loader (its parsers and
/// the reference's messages) and ui (the reference's listings).

#include <cstddef>
#include <string>
#include <string_view>

namespace stackctl::core {

/// A decoded code point and the number of bytes it took.
struct Rune {
    char32_t cp;
    std::size_t len;
};

/// U+FFFD, what an invalid UTF-8 byte decodes to (one byte at a time, as Go does).
inline constexpr char32_t kRuneError = 0xFFFD;

/// decode() for a byte >= 0x80.
Rune decode_multibyte(std::string_view s, std::size_t i);

/// Decodes the code point starting at s[i] (i < s.size()). Invalid or truncated sequences, overlong forms,
/// surrogates and values above U+10FFFF decode as {kRuneError, 1}, the way Go's `range` over a string does.
inline Rune decode(std::string_view s, std::size_t i) {
    auto b = static_cast<unsigned char>(s[i]);
    return b < 0x80 ? Rune{b, 1} : decode_multibyte(s, i);
}

/// Appends the UTF-8 encoding of `cp`.
void append_utf8(std::string& out, char32_t cp);

/// `s` in double quotes as Go's %q writes it: \" and \\, \n \t \r, other control characters and invalid
/// UTF-8 bytes as \xNN, valid multi-byte characters as they are. With `max_bytes`, a longer `s` is cut
/// after that many bytes (at a character boundary) and ends in "..." inside the quotes.
std::string go_quote(std::string_view s, std::size_t max_bytes = std::string_view::npos);

}  // namespace stackctl::core
