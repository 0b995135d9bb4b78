#include "load/text.hpp"

#include <algorithm>
#include <iterator>

namespace stackctl::load::text {

namespace {

struct Range {
    char32_t lo, hi;
};

constexpr Range kLetterOrNumber[] = {
#include "load/unicode_tables.inc"
};

}  // namespace

bool is_unicode_space_above_ascii(char32_t cp) {
    switch (cp) {
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool is_letter_or_number_above_ascii(char32_t cp) {
    // First range whose upper end is >= cp; cp is in it when its lower end is <= cp.
    const auto* it = std::lower_bound(std::begin(kLetterOrNumber), std::end(kLetterOrNumber), cp,
                                      [](const Range& r, char32_t c) { return r.hi < c; });
    return it != std::end(kLetterOrNumber) && it->lo <= cp;
}

core::SourceLoc advance(core::SourceLoc origin, std::string_view text, std::size_t offset) {
    if (!origin.known()) return origin;
    offset = std::min(offset, text.size());
    std::string_view before = text.substr(0, offset);
    std::size_t last_nl = before.rfind('\n');
    if (last_nl == std::string_view::npos) {
        origin.col += static_cast<std::uint32_t>(offset);
        return origin;
    }
    origin.line += static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
    origin.col = static_cast<std::uint32_t>(offset - last_nl);
    return origin;
}

}  // namespace stackctl::load::text
