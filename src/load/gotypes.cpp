#include "stackctl/load/gotypes.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace stackctl::load::go {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}


// Checks Go's float literal syntax (strconv.readFloat without underscores), which is stricter than
// strtod: hexadecimal mantissas need a 'p' exponent, and there is no "0x" without digits.
bool go_float_syntax(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::string_view rest = s.substr(i);
    if (iequals(rest, "inf") || iequals(rest, "infinity") || iequals(rest, "nan")) return true;
    bool hex = rest.size() >= 2 && rest[0] == '0' && lower(rest[1]) == 'x';
    if (hex) i += 2;
    bool digits = false;
    bool dot = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == '.') {
            if (dot) return false;
            dot = true;
        } else if (hex ? is_hex(c) : is_digit(c)) {
            digits = true;
        } else {
            break;
        }
    }
    if (!digits) return false;
    if (i == s.size()) return !hex;  // a hexadecimal float needs its exponent
    if (lower(s[i]) != (hex ? 'p' : 'e')) return false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i)
        if (!is_digit(s[i])) return false;
    return true;
}

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode as themselves.
char32_t next_rune(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5U) == 0x6 ? 2 : (b >> 4U) == 0xE ? 3 : (b >> 3U) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1FU) : n == 3 ? (b & 0x0FU) : (b & 0x07U);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6U) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
    i += n;
    return cp;
}

// unicode.IsLetter / IsDigit, exact for ASCII; other code points count as letters except Latin-1
// symbols (a close approximation for map keys).
bool rune_is_letter(char32_t r) {
    if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    if (r < 0xC0) return r == 0xAA || r == 0xB5 || r == 0xBA;
    return r != 0xD7 && r != 0xF7;
}
bool rune_is_digit(char32_t r) {
    return r >= '0' && r <= '9';
}

}  // namespace

std::string format_duration(std::int64_t d) {
    // Built backwards, like Go's Duration.String.
    std::string out;
    const bool neg = d < 0;
    std::uint64_t u = neg ? (~static_cast<std::uint64_t>(d) + 1) : static_cast<std::uint64_t>(d);
    auto put_int = [&out](std::uint64_t v) {
        if (v == 0) {
            out += '0';
            return;
        }
        while (v > 0) {
            out += static_cast<char>('0' + v % 10);
            v /= 10;
        }
    };
    // Writes the low `prec` digits as a fraction (trailing zeros dropped); returns the rest.
    auto put_frac = [&out](std::uint64_t v, int prec) {
        bool print = false;
        for (int i = 0; i < prec; ++i) {
            auto digit = v % 10;
            print = print || digit != 0;
            if (print) out += static_cast<char>('0' + digit);
            v /= 10;
        }
        if (print) out += '.';
        return v;
    };
    constexpr std::uint64_t second = 1000ULL * 1000 * 1000;
    if (u < second) {
        if (u == 0) return "0s";
        out += 's';
        int prec = 0;
        if (u < 1000) {
            out += 'n';
        } else if (u < 1000 * 1000) {
            prec = 3;
            out += "\xB5\xC2";  // "µ" (U+00B5), reversed
        } else {
            prec = 6;
            out += 'm';
        }
        u = put_frac(u, prec);
        put_int(u);
    } else {
        out += 's';
        u = put_frac(u, 9);
        put_int(u % 60);
        u /= 60;
        if (u > 0) {
            out += 'm';
            put_int(u % 60);
            u /= 60;
            if (u > 0) {
                out += 'h';
                put_int(u);
            }
        }
    }
    if (neg) out += '-';
    return {out.rbegin(), out.rend()};
}

std::optional<std::int64_t> parse_int(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    for (std::size_t k = i; k < s.size(); ++k)
        if (!is_digit(s[k])) return std::nullopt;
    std::int64_t v = 0;
    // from_chars takes '-' but not '+'.
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> parse_float(std::string_view s) {
    if (!go_float_syntax(s)) return std::nullopt;
    std::string copy(s);
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return std::nullopt;
    if (std::isinf(v)) {
        // Overflow is an error in Go; an explicit "inf" is not.
        std::string_view rest = s;
        if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) rest.remove_prefix(1);
        if (!(iequals(rest, "inf") || iequals(rest, "infinity"))) return std::nullopt;
    }
    return v;
}

std::optional<bool> parse_bool(std::string_view s) {
    if (iequals(s, "true") || iequals(s, "y") || iequals(s, "yes") || iequals(s, "on")) return true;
    if (iequals(s, "false") || iequals(s, "n") || iequals(s, "no") || iequals(s, "off")) return false;
    return std::nullopt;
}

double to_float32(double value) {
    const auto f = static_cast<float>(value);
    if (!std::isfinite(f)) return static_cast<double>(f);
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, f);
    double out = 0;
    std::from_chars(buf, res.ptr, out);
    return out;
}

bool yaml_key_less(std::string_view a, std::string_view b) {
    std::vector<char32_t> ar, br;
    for (std::size_t i = 0; i < a.size();) ar.push_back(next_rune(a, i));
    for (std::size_t i = 0; i < b.size();) br.push_back(next_rune(b, i));
    bool digits = false;
    for (std::size_t i = 0; i < ar.size() && i < br.size(); ++i) {
        if (ar[i] == br[i]) {
            digits = rune_is_digit(ar[i]);
            continue;
        }
        const bool al = rune_is_letter(ar[i]);
        const bool bl = rune_is_letter(br[i]);
        if (al && bl) return ar[i] < br[i];
        if (al || bl) return digits ? al : bl;
        std::int64_t an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0') {
            for (std::size_t j = i; j-- > 0 && rune_is_digit(ar[j]);) {
                if (ar[j] != '0') {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        std::size_t ai = i, bi = i;
        for (; ai < ar.size() && rune_is_digit(ar[ai]); ++ai)
            an = an * 10 + static_cast<std::int64_t>(ar[ai] - '0');
        for (; bi < br.size() && rune_is_digit(br[bi]); ++bi)
            bn = bn * 10 + static_cast<std::int64_t>(br[bi] - '0');
        if (an != bn) return an < bn;
        if (ai != bi) return ai < bi;
        return ar[i] < br[i];
    }
    return ar.size() < br.size();
}

}  // namespace stackctl::load::go
