#include "stackctl/core/utf8.hpp"

#include <algorithm>

namespace stackctl::core {

namespace {

bool continuation(std::string_view s, std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    if (i >= s.size()) return false;
    auto b = static_cast<unsigned char>(s[i]);
    return b >= lo && b <= hi;
}

}  // namespace

Rune decode_multibyte(std::string_view s, std::size_t i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F);
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (!continuation(s, i + 1)) return {kRuneError, 1};
        return {(static_cast<char32_t>(b0 & 0x1F) << 6) | cont(1), 2};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        // The second byte's range excludes overlong forms (E0) and surrogates (ED).
        unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
        unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
        if (!continuation(s, i + 1, lo, hi) || !continuation(s, i + 2)) return {kRuneError, 1};
        return {(static_cast<char32_t>(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        // Excludes overlong forms (F0) and values above U+10FFFF (F4).
        unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
        unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
        if (!continuation(s, i + 1, lo, hi) || !continuation(s, i + 2) || !continuation(s, i + 3))
            return {kRuneError, 1};
        return {(static_cast<char32_t>(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
    }
    return {kRuneError, 1};
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string go_quote(std::string_view s, std::size_t max_bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::min(s.size(), max_bytes) + 8);
    out += '"';
    auto hex = [&](unsigned char c) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    };
    std::size_t i = 0;
    while (i < s.size()) {
        if (i >= max_bytes) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            Rune r = decode(s, i);
            if (r.cp == kRuneError && r.len == 1) hex(c);
            else out.append(s.substr(i, r.len));
            i += r.len;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F) hex(c);
                else out += static_cast<char>(c);
        }
        ++i;
    }
    out += '"';
    return out;
}

}  // namespace stackctl::core
