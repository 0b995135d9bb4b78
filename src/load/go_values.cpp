#include "stackctl/load/gotypes.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "stackctl/core/utf8.hpp"

namespace stackctl::load::go {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

Parsed<std::int64_t> parse_duration(std::string_view text) {
    const std::string orig(text);
    auto invalid = [&] {
        return Parsed<std::int64_t>{std::nullopt, "time: invalid duration " + core::go_quote(orig)};
    };
    std::string_view s = text;
    bool neg = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        neg = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return {0, {}};
    if (s.empty()) return invalid();
    constexpr std::uint64_t limit = std::uint64_t{1} << 63U;
    std::uint64_t total = 0;
    while (!s.empty()) {
        if (!(s.front() == '.' || is_digit(s.front()))) return invalid();
        // leadingInt
        std::uint64_t v = 0;
        std::size_t i = 0;
        for (; i < s.size() && is_digit(s[i]); ++i) {
            if (v > limit / 10) return invalid();
            v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
            if (v > limit) return invalid();
        }
        const bool pre = i > 0;
        s.remove_prefix(i);
        // leadingFraction
        std::uint64_t f = 0;
        double scale = 1;
        bool post = false;
        if (!s.empty() && s.front() == '.') {
            s.remove_prefix(1);
            bool overflow = false;
            std::size_t j = 0;
            for (; j < s.size() && is_digit(s[j]); ++j) {
                if (overflow) continue;
                if (f > (limit - 1) / 10) {
                    overflow = true;
                    continue;
                }
                const std::uint64_t y = f * 10 + static_cast<std::uint64_t>(s[j] - '0');
                if (y > limit) {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10;
            }
            post = j > 0;
            s.remove_prefix(j);
        }
        if (!pre && !post) return invalid();
        std::size_t u = 0;
        while (u < s.size() && !(s[u] == '.' || is_digit(s[u]))) ++u;
        if (u == 0) return {std::nullopt, "time: missing unit in duration " + core::go_quote(orig)};
        const std::string_view unit_name = s.substr(0, u);
        s.remove_prefix(u);
        std::uint64_t unit = 0;
        if (unit_name == "ns")
            unit = 1;
        else if (unit_name == "us" || unit_name == "\xC2\xB5s" || unit_name == "\xCE\xBCs")
            unit = 1000;
        else if (unit_name == "ms")
            unit = 1000000;
        else if (unit_name == "s")
            unit = 1000000000ULL;
        else if (unit_name == "m")
            unit = 60ULL * 1000000000ULL;
        else if (unit_name == "h")
            unit = 3600ULL * 1000000000ULL;
        else
            return {std::nullopt, "time: unknown unit " + core::go_quote(unit_name) + " in duration " + core::go_quote(orig)};
        if (v > limit / unit) return invalid();
        v *= unit;
        if (f > 0) {
            v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
            if (v > limit) return invalid();
        }
        total += v;
        if (total > limit) return invalid();
    }
    if (neg) return {static_cast<std::int64_t>(0 - total), {}};
    if (total > limit - 1) return invalid();
    return {static_cast<std::int64_t>(total), {}};
}

Parsed<std::int64_t> parse_ram_bytes(std::string_view text) {
    // ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$
    auto invalid = [&] {
        return Parsed<std::int64_t>{std::nullopt, fmt::format("invalid size: '{}'", text)};
    };
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        return i > start;
    };
    if (!digits()) return invalid();
    while (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
        ++i;
        digits();
    }
    const std::string_view number = text.substr(0, i);
    if (i < text.size() && text[i] == ' ') ++i;
    char prefix = 0;
    if (i < text.size()) {
        const char c = lower(text[i]);
        if (c == 'k' || c == 'm' || c == 'g' || c == 't' || c == 'p') {
            prefix = c;
            ++i;
        }
    }
    if (i < text.size() && lower(text[i]) == 'i') ++i;
    if (i < text.size() && lower(text[i]) == 'b') ++i;
    if (i != text.size()) return invalid();
    // Several dots match the pattern but are not a number: strconv.ParseFloat's error.
    if (number.find('.') != number.rfind('.')) {
        return {std::nullopt, fmt::format("strconv.ParseFloat: parsing {}: invalid syntax", core::go_quote(number))};
    }
    double size = std::strtod(std::string(number).c_str(), nullptr);
    double mul = 1;
    switch (prefix) {
        case 'k':
            mul = 1024.0;
            break;
        case 'm':
            mul = 1024.0 * 1024;
            break;
        case 'g':
            mul = 1024.0 * 1024 * 1024;
            break;
        case 't':
            mul = 1024.0 * 1024 * 1024 * 1024;
            break;
        case 'p':
            mul = 1024.0 * 1024 * 1024 * 1024 * 1024;
            break;
        default:
            break;
    }
    size *= mul;
    // Go's int64(float) conversion of an out-of-range value is undefined; saturate instead.
    if (size >= 9.2233720368547758e18) return {std::numeric_limits<std::int64_t>::max(), {}};
    return {static_cast<std::int64_t>(size), {}};
}

Parsed<std::vector<std::string>> split_shell_words(std::string_view line) {
    std::vector<std::string> args;
    std::string buf;
    bool escaped = false, double_q = false, single_q = false, back_q = false, dollar_q = false;
    enum { arg_no, arg_single, arg_quoted } got = arg_no;
    auto fail = [] { return Parsed<std::vector<std::string>>{std::nullopt, "invalid command line string"}; };
    std::size_t i = 0;
    while (i < line.size()) {
        // Iterate by UTF-8 sequence, as Go ranges over runes.
        std::size_t len = 1;
        const auto c0 = static_cast<unsigned char>(line[i]);
        if (c0 >= 0xF0)
            len = 4;
        else if (c0 >= 0xE0)
            len = 3;
        else if (c0 >= 0xC0)
            len = 2;
        len = std::min(len, line.size() - i);
        const std::string_view r = line.substr(i, len);
        const char c = len == 1 ? line[i] : '\0';
        i += len;
        if (escaped) {
            buf += r;
            escaped = false;
            got = arg_single;
            continue;
        }
        if (c == '\\') {
            if (single_q)
                buf += r;
            else
                escaped = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (single_q || double_q || back_q || dollar_q) {
                buf += r;
            } else if (got != arg_no) {
                args.push_back(buf);
                buf.clear();
                got = arg_no;
            }
            continue;
        }
        bool stop = false;
        switch (c) {
            case '`':
                if (!single_q && !double_q && !dollar_q) back_q = !back_q;
                break;
            case ')':
                if (!single_q && !double_q && !back_q) dollar_q = !dollar_q;
                break;
            case '(':
                if (!single_q && !double_q && !back_q) {
                    if (!dollar_q && !buf.empty() && buf.back() == '$') {
                        dollar_q = true;
                        buf += '(';
                        continue;
                    }
                    return fail();
                }
                break;
            case '"':
                if (!single_q && !dollar_q) {
                    if (double_q) got = arg_quoted;
                    double_q = !double_q;
                    continue;
                }
                break;
            case '\'':
                if (!double_q && !dollar_q) {
                    if (single_q) got = arg_quoted;
                    single_q = !single_q;
                    continue;
                }
                break;
            case ';':
            case '&':
            case '|':
            case '<':
            case '>':
                if (!(single_q || double_q || back_q || dollar_q)) {
                    // `2>file`: a leading file-descriptor number belongs to the redirection, not the command.
                    if (c == '>' && !buf.empty() && is_digit(buf.front())) got = arg_no;
                    stop = true;
                }
                break;
            default:
                break;
        }
        if (stop) break;
        got = arg_single;
        buf += r;
    }
    if (got != arg_no) args.push_back(buf);
    if (escaped || single_q || double_q || back_q || dollar_q) return fail();
    return {std::move(args), {}};
}

std::string sprint(const Node& value) {
    switch (value.kind) {
        case Kind::null:
            return "<nil>";
        case Kind::boolean:
            return value.as_bool() ? "true" : "false";
        case Kind::integer:
            return std::to_string(value.int_value);
        case Kind::floating:
            return format_float(value.float_value);
        case Kind::string:
            return value.text;
        case Kind::seq: {
            std::string out = "[";
            for (std::size_t i = 0; i < value.items.size(); ++i) {
                if (i != 0) out += ' ';
                out += sprint(value.items[i]);
            }
            return out + "]";
        }
        case Kind::map: {
            // Go prints maps with their keys sorted.
            std::vector<const MapEntry*> sorted;
            sorted.reserve(value.entries.size());
            for (const auto& e : value.entries) sorted.push_back(&e);
            std::stable_sort(sorted.begin(), sorted.end(),
                             [](const MapEntry* a, const MapEntry* b) { return a->key < b->key; });
            std::string out = "map[";
            for (std::size_t i = 0; i < sorted.size(); ++i) {
                if (i != 0) out += ' ';
                out += sorted[i]->key;
                out += ':';
                out += sprint(sorted[i]->value);
            }
            return out + "]";
        }
    }
    return value.text;
}

std::string clean_path(std::string_view path) {
    if (path.empty()) return ".";
    const bool rooted = path.front() == '/';
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') ++i;
        const std::size_t start = i;
        while (i < path.size() && path[i] != '/') ++i;
        const std::string_view seg = path.substr(start, i - start);
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (!rooted)
                parts.push_back(seg);
            continue;
        }
        parts.push_back(seg);
    }
    std::string out = rooted ? "/" : "";
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k > 0) out += '/';
        out += parts[k];
    }
    if (out.empty()) return ".";
    return out;
}

std::string join_path(std::string_view a, std::string_view b) {
    if (a.empty() && b.empty()) return "";
    if (a.empty()) return clean_path(b);
    if (b.empty()) return clean_path(a);
    std::string joined(a);
    joined += '/';
    joined += b;
    return clean_path(joined);
}

bool parse_ip(std::string_view text) {
    const std::string s(text);
    unsigned char buf[16];
    if (s.find(':') != std::string::npos) return inet_pton(AF_INET6, s.c_str(), buf) == 1;
    return inet_pton(AF_INET, s.c_str(), buf) == 1;
}

std::optional<bool> parse_strconv_bool(std::string_view text) {
    if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" || text == "True")
        return true;
    if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" || text == "False") {
        return false;
    }
    return std::nullopt;
}

bool is_yaml_float(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i - start;
    };
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (digits() == 0) return false;
    } else {
        if (digits() == 0) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            digits();
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}

}  // namespace stackctl::load::go
