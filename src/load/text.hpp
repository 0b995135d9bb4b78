#pragma once
// Byte and UTF-8 helpers shared by the loader's text parsers (dotenv, interpolation). Private to src/load.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "stackctl/core/source_loc.hpp"

namespace stackctl::load::text {

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

bool is_unicode_space_above_ascii(char32_t cp);
bool is_letter_or_number_above_ascii(char32_t cp);

/// Go's unicode.IsSpace: ASCII \t \n \v \f \r and space, U+0085, U+00A0, and the other White_Space code
/// points.
inline bool is_unicode_space(char32_t cp) {
    return cp < 0x80 ? cp == ' ' || (cp >= '\t' && cp <= '\r') : is_unicode_space_above_ascii(cp);
}

/// Go's unicode.IsLetter || unicode.IsNumber (categories L* and N*, Unicode 15.0).
inline bool is_letter_or_number(char32_t cp) {
    if (cp >= 0x80) return is_letter_or_number_above_ascii(cp);
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

/// `s` in double quotes with \, ", control characters and invalid UTF-8 escaped, for error messages.
/// Longer inputs are cut after `max_bytes` (at a character boundary) and end in "...".
std::string quote(std::string_view s, std::size_t max_bytes = 80);

/// The position `offset` bytes after `origin` in a text that starts at `origin`: newlines in
/// `text[0, offset)` move to the next line and column 1. Columns count bytes.
core::SourceLoc advance(core::SourceLoc origin, std::string_view text, std::size_t offset);

}  // namespace stackctl::load::text
