#pragma once
// Byte and UTF-8 helpers shared by the loader's text parsers (dotenv, interpolation). Private to src/load.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "stackctl/core/source_loc.hpp"
#include "stackctl/core/utf8.hpp"

namespace stackctl::load::text {

// UTF-8 decoding is core's (shared with ui's Go-style quoting).
using core::append_utf8;
using core::decode;
using core::decode_multibyte;
using core::kRuneError;
using core::Rune;

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

/// `s` as Go's %q writes it (core::go_quote), for error messages: longer inputs are cut after `max_bytes`
/// and end in "...".
inline std::string quote(std::string_view s, std::size_t max_bytes = 80) { return core::go_quote(s, max_bytes); }

/// The position `offset` bytes after `origin` in a text that starts at `origin`: newlines in
/// `text[0, offset)` move to the next line and column 1. Columns count bytes.
core::SourceLoc advance(core::SourceLoc origin, std::string_view text, std::size_t offset);

}  // namespace stackctl::load::text
