#include "stackctl/load/emit.hpp"
#include "stackctl/load/gotypes.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace stackctl::load {

std::string double_dollars(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    // Copy the runs between dollars in one go: most output has none or few.
    std::size_t start = 0;
    for (std::size_t pos = text.find('$'); pos != std::string_view::npos; pos = text.find('$', pos + 1)) {
        out.append(text.data() + start, pos - start + 1);
        out += '$';
        start = pos + 1;
    }
    out.append(text.data() + start, text.size() - start);
    return out;
}

namespace {

// ---------------------------------------------------------------------------------------------------------
// Shortest round-trip digits of a double: "d1d2...dn" and the decimal exponent of d1 (value = 0.d1.. *
// 10^(e+1)).
struct Digits {
    bool negative = false;
    std::string digits;
    int exp10 = 0;  // exponent of the first digit: value = d1.d2d3... * 10^exp10
};

Digits shortest_digits(double value) {
    Digits d;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
    if (!sci.empty() && sci.front() == '-') {
        d.negative = true;
        sci.remove_prefix(1);
    }
    const auto e = sci.find('e');
    for (char c : sci.substr(0, e))
        if (c != '.') d.digits += c;
    std::string_view ex = sci.substr(e + 1);
    if (!ex.empty() && ex.front() == '+') ex.remove_prefix(1);
    std::from_chars(ex.data(), ex.data() + ex.size(), d.exp10);
    return d;
}

// Go's encoding/json float: 'f' format with shortest digits, 'e' below 1e-6 or from 1e21 with the exponent's
// leading zero removed for negative one-digit exponents (1e-07 -> 1e-7).
std::string json_float(double value) {
    if (!std::isfinite(value)) return "null";
    if (value == 0) return std::signbit(value) ? "-0" : "0";
    const Digits d = shortest_digits(value);
    const double abs = std::fabs(value);
    std::string out = d.negative ? "-" : "";
    if (abs < 1e-6 || abs >= 1e21) {
        out += d.digits[0];
        if (d.digits.size() > 1) out += "." + d.digits.substr(1);
        out += 'e';
        out += d.exp10 < 0 ? '-' : '+';
        const int a = d.exp10 < 0 ? -d.exp10 : d.exp10;
        if (a < 10 && d.exp10 >= 0) out += '0';
        out += std::to_string(a);
        return out;
    }
    if (d.exp10 < 0) {
        out += "0." + std::string(static_cast<std::size_t>(-d.exp10 - 1), '0') + d.digits;
        return out;
    }
    const auto int_digits = static_cast<std::size_t>(d.exp10 + 1);
    if (d.digits.size() <= int_digits) {
        out += d.digits + std::string(int_digits - d.digits.size(), '0');
    } else {
        out += d.digits.substr(0, int_digits) + "." + d.digits.substr(int_digits);
    }
    return out;
}

// Decodes one UTF-8 sequence at s[i]; returns its length (1 with cp = U+FFFD for invalid bytes, as Go does).
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t v = 0;
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        v = c & 0x1FU;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        v = c & 0x0FU;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        v = c & 0x07U;
    } else {
        cp = 0xFFFD;
        return 1;
    }
    if (i + len > s.size()) {
        cp = 0xFFFD;
        return 1;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            cp = 0xFFFD;
            return 1;
        }
        v = (v << 6U) | (cc & 0x3FU);
    }
    const bool overlong = (len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000);
    if (overlong || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        cp = 0xFFFD;
        return 1;
    }
    cp = v;
    return len;
}

void json_string(std::string& out, std::string_view s, bool escape_html) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            const bool safe =
                b >= 0x20 && b != '"' && b != '\\' && !(escape_html && (b == '<' || b == '>' || b == '&'));
            if (safe) {
                ++i;
                continue;
            }
            out.append(s.substr(start, i - start));
            switch (b) {
                case '\\':
                case '"':
                    out += '\\';
                    out += static_cast<char>(b);
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    out += "\\u00";
                    out += hex[b >> 4U];
                    out += hex[b & 0xFU];
            }
            ++i;
            start = i;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = decode_utf8(s, i, cp);
        if (cp == 0xFFFD && len == 1) {
            out.append(s.substr(start, i - start));
            out += "\\ufffd";
            i += len;
            start = i;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            out.append(s.substr(start, i - start));
            out += cp == 0x2028 ? "\\u2028" : "\\u2029";
            i += len;
            start = i;
            continue;
        }
        i += len;
    }
    out.append(s.substr(start));
    out += '"';
}

class JsonWriter {
  public:
    JsonWriter(const JsonOptions& o) : opt_(o) {}  // NOLINT
    std::string out;

    void value(const Node& n, int depth) {
        switch (n.kind) {
            case Kind::null:
                out += "null";
                return;
            case Kind::boolean:
                out += n.as_bool() ? "true" : "false";
                return;
            case Kind::integer:
                out += std::to_string(n.int_value);
                return;
            case Kind::floating:
                out += json_float(n.float_value);
                return;
            case Kind::string:
                json_string(out, n.text, opt_.escape_html);
                return;
            case Kind::seq:
                if (n.items.empty()) {
                    out += "[]";
                    return;
                }
                out += '[';
                for (std::size_t i = 0; i < n.items.size(); ++i) {
                    if (i > 0) out += ',';
                    newline(depth + 1);
                    value(n.items[i], depth + 1);
                }
                newline(depth);
                out += ']';
                return;
            case Kind::map:
                if (n.entries.empty()) {
                    out += "{}";
                    return;
                }
                out += '{';
                for (std::size_t i = 0; i < n.entries.size(); ++i) {
                    if (i > 0) out += ',';
                    newline(depth + 1);
                    json_string(out, n.entries[i].key, opt_.escape_html);
                    out += opt_.indent > 0 ? ": " : ":";
                    value(n.entries[i].value, depth + 1);
                }
                newline(depth);
                out += '}';
                return;
        }
    }

  private:
    void newline(int depth) {
        if (opt_.indent <= 0) return;
        out += '\n';
        out.append(static_cast<std::size_t>(depth * opt_.indent), ' ');
    }
    const JsonOptions& opt_;
};

// ---------------------------------------------------------------------------------------------------------
// YAML: a transcription of the parts of yaml.v3's emitter (emitterc.go) that block-style output uses, with
// the same column / indentation bookkeeping, so spacing and quoting come out identical.

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::size_t width(unsigned char b) {
    if ((b & 0x80U) == 0) return 1;
    if ((b & 0xE0U) == 0xC0) return 2;
    if ((b & 0xF0U) == 0xE0) return 3;
    if ((b & 0xF8U) == 0xF0) return 4;
    return 0;
}

unsigned char at(std::string_view s, std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

bool is_break(std::string_view s, std::size_t i) {
    const unsigned char b = at(s, i);
    return b == '\r' || b == '\n' || (b == 0xC2 && at(s, i + 1) == 0x85) ||
           (b == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
}
bool is_space(std::string_view s, std::size_t i) {
    return at(s, i) == ' ';
}
bool is_blank(std::string_view s, std::size_t i) {
    return at(s, i) == ' ' || at(s, i) == '\t';
}
bool is_blankz(std::string_view s, std::size_t i) {
    return is_blank(s, i) || is_break(s, i) || at(s, i) == 0;
}

bool is_printable(std::string_view s, std::size_t i) {
    const unsigned char b = at(s, i);
    const unsigned char b1 = at(s, i + 1);
    const unsigned char b2 = at(s, i + 2);
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) || (b > 0xC2 && b < 0xED) ||
           (b == 0xED && b1 < 0xA0) || b == 0xEE ||
           (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

// ---- yaml.v3 resolve(): does a plain scalar read back as a string? ----

bool go_parse_int_base0(std::string_view s, bool allow_sign) {
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        if (!allow_sign) return false;
        s.remove_prefix(1);
    }
    if (s.empty()) return false;
    int base = 10;
    if (s.size() >= 2 && s[0] == '0') {
        const char p = s[1];
        if (p == 'x' || p == 'X')
            base = 16, s.remove_prefix(2);
        else if (p == 'o' || p == 'O')
            base = 8, s.remove_prefix(2);
        else if (p == 'b' || p == 'B')
            base = 2, s.remove_prefix(2);
        else
            base = 8, s.remove_prefix(1);
        if (s.empty()) return false;
    }
    for (char c : s) {
        int v = 0;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return false;
        if (v >= base) return false;
    }
    // Range: ParseInt or ParseUint must succeed; a magnitude beyond 64 bits fails both.
    std::uint64_t mag = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), mag, base);
    return ec == std::errc() && p == s.data() + s.size();
}

bool float_in_range(std::string_view s) {
    errno = 0;
    const double d = std::strtod(std::string(s).c_str(), nullptr);
    return !(errno == ERANGE && std::isinf(d));
}

// strconv.ParseFloat for strings starting with '.': decimal forms only matter here.
bool go_parse_float_dot(std::string_view s) {
    std::size_t i = 1;
    std::size_t n = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++n;
    if (n == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        const std::size_t st = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == st) return false;
    }
    return i == s.size() && float_in_range(s);
}

int days_in(int month, int year) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}

// time.Parse against yaml.v3's timestamp layouts ("2006-1-2T15:4:5.999999999Z07:00", the same with 't',
// "2006-1-2 15:4:5.999999999", "2006-1-2").
bool is_timestamp(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i != 4 || i == s.size() || s[i] != '-') return false;
    const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    auto getnum = [&](std::size_t& p, int& v) {
        if (p >= s.size() || !is_digit(s[p])) return false;
        v = s[p] - '0';
        ++p;
        if (p < s.size() && is_digit(s[p])) {
            v = v * 10 + (s[p] - '0');
            ++p;
        }
        return true;
    };
    std::size_t p = 5;
    int month = 0, day = 0;
    if (!getnum(p, month) || month < 1 || month > 12) return false;
    if (p >= s.size() || s[p] != '-') return false;
    ++p;
    if (!getnum(p, day) || day < 1 || day > days_in(month, year)) return false;
    if (p == s.size()) return true;
    const char sep = s[p];
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    ++p;
    int hh = 0, mm = 0, ss = 0;
    if (!getnum(p, hh) || hh > 23) return false;
    if (p >= s.size() || s[p] != ':') return false;
    ++p;
    if (!getnum(p, mm) || mm > 59) return false;
    if (p >= s.size() || s[p] != ':') return false;
    ++p;
    if (!getnum(p, ss) || ss > 59) return false;
    if (p + 1 < s.size() && (s[p] == '.' || s[p] == ',') && is_digit(s[p + 1])) {
        ++p;
        while (p < s.size() && is_digit(s[p])) ++p;
    }
    if (sep == ' ') return p == s.size();
    if (p < s.size() && s[p] == 'Z') return p + 1 == s.size();
    // ±hh:mm
    if (p + 6 != s.size() || (s[p] != '+' && s[p] != '-') || s[p + 3] != ':') return false;
    return is_digit(s[p + 1]) && is_digit(s[p + 2]) && is_digit(s[p + 4]) && is_digit(s[p + 5]);
}

bool resolves_to_string(std::string_view s) {
    if (s.empty()) return false;  // null
    const char c = s.front();
    char hint = 0;
    if (c == '+' || c == '-')
        hint = 'S';
    else if (is_digit(c))
        hint = 'D';
    else if (std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos)
        hint = 'M';
    else if (c == '.')
        hint = '.';
    if (hint == 0) return true;
    static constexpr std::string_view special[] = {
        "true", "True", "TRUE", "false", "False", "FALSE", "~",     "null",  "Null",  "NULL",  ".nan",
        ".NaN", ".NAN", ".inf", ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
    if (s.size() <= 5) {
        for (std::string_view sp : special)
            if (s == sp) return false;
    }
    if (hint == 'M') return true;
    if (hint == '.') return !go_parse_float_dot(s);
    if (hint == 'D' && is_timestamp(s)) return false;
    std::string plain;
    for (char ch : s)
        if (ch != '_') plain += ch;
    if (go_parse_int_base0(plain, true) || go_parse_int_base0(plain, false)) return false;
    if (go::is_yaml_float(plain) && float_in_range(plain)) return false;
    return true;
}

bool is_base60_float(std::string_view s) {
    if (s.empty()) return false;
    const char c = s.front();
    if (!(c == '+' || c == '-' || is_digit(c)) || s.find(':') == std::string_view::npos) return false;
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    std::size_t i = 0;
    if (s[i] == '+' || s[i] == '-') ++i;
    if (i >= s.size() || !is_digit(s[i])) return false;
    ++i;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        // [0-5]?[0-9]: one digit, or two with the first in 0-5.
        if (i < s.size() && s[i] >= '0' && s[i] <= '5' && i + 1 < s.size() && is_digit(s[i + 1])) {
            i += 2;
        } else if (i < s.size() && is_digit(s[i])) {
            ++i;
        } else {
            return false;
        }
        ++groups;
    }
    if (groups == 0) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
    }
    return i == s.size();
}

bool is_old_bool(std::string_view s) {
    static constexpr std::string_view words[] = {"y", "Y", "yes", "Yes", "YES", "on",  "On",  "ON",
                                                 "n", "N", "no",  "No",  "NO",  "off", "Off", "OFF"};
    if (s.size() > 3) return false;
    for (std::string_view w : words)
        if (s == w) return true;
    return false;
}

enum class Style { plain, single_quoted, double_quoted, literal };

struct Analysis {
    bool multiline = false;
    bool block_plain_allowed = true;
    bool single_quoted_allowed = true;
    bool block_allowed = true;
};

Analysis analyze(std::string_view v) {
    Analysis a;
    if (v.empty()) {
        a.block_allowed = false;
        return a;
    }
    bool block_indicators = false, line_breaks = false, special = false, tabs = false;
    bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
    bool break_space = false, space_break = false, previous_space = false, previous_break = false;
    if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) block_indicators = true;
    bool preceded_by_whitespace = true;
    for (std::size_t i = 0, w = 0; i < v.size(); i += w) {
        w = width(static_cast<unsigned char>(v[i]));
        if (w == 0) w = 1;
        const bool followed_by_whitespace = i + w >= v.size() || is_blank(v, i + w);
        const char c = v[i];
        if (i == 0) {
            switch (c) {
                case '#':
                case ',':
                case '[':
                case ']':
                case '{':
                case '}':
                case '&':
                case '*':
                case '!':
                case '|':
                case '>':
                case '\'':
                case '"':
                case '%':
                case '@':
                case '`':
                    block_indicators = true;
                    break;
                case '?':
                case ':':
                    if (followed_by_whitespace) block_indicators = true;
                    break;
                case '-':
                    if (followed_by_whitespace) block_indicators = true;
                    break;
                default:
                    break;
            }
        } else {
            if (c == ':' && followed_by_whitespace) block_indicators = true;
            if (c == '#' && preceded_by_whitespace) block_indicators = true;
        }
        if (c == '\t')
            tabs = true;
        else if (!is_printable(v, i))
            special = true;
        if (is_space(v, i)) {
            if (i == 0) leading_space = true;
            if (i + w == v.size()) trailing_space = true;
            if (previous_break) break_space = true;
            previous_space = true;
            previous_break = false;
        } else if (is_break(v, i)) {
            line_breaks = true;
            if (i == 0) leading_break = true;
            if (i + w == v.size()) trailing_break = true;
            if (previous_space) space_break = true;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(v, i);
    }
    a.multiline = line_breaks;
    if (leading_space || leading_break || trailing_space || trailing_break) a.block_plain_allowed = false;
    if (trailing_space) a.block_allowed = false;
    if (break_space) {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if (space_break || tabs || special) {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if (space_break || special) a.block_allowed = false;
    if (line_breaks) a.block_plain_allowed = false;
    if (block_indicators) a.block_plain_allowed = false;
    return a;
}

class YamlWriter {
  public:
    std::string out;

    void document(const Node& root) {
        node(root, Ctx{});
        // Document end: yaml_emitter_write_indent with the indentation reset.
        indent_ = -1;
        write_indent();
    }

  private:
    static constexpr int best_indent = 2;

    struct Ctx {
        bool in_seq_item = false;  // the state below is "block sequence item" (an item's own node)
        bool simple_key = false;
    };

    int indent_ = -1;
    std::vector<int> indents_;
    int column_ = 0;
    bool whitespace_ = true;
    bool indention_ = true;

    void put(char c) {
        out += c;
        ++column_;
    }
    void put_break() {
        out += '\n';
        column_ = 0;
        indention_ = true;
    }
    // Copies one character (a whole UTF-8 sequence) and advances the column by one.
    void write(std::string_view s, std::size_t& i) {
        std::size_t w = width(static_cast<unsigned char>(s[i]));
        if (w == 0) w = 1;
        out.append(s.substr(i, w));
        ++column_;
        i += w;
    }
    void write_all(std::string_view s) {
        for (std::size_t i = 0; i < s.size();) write(s, i);
    }
    void write_break(std::string_view s, std::size_t& i) {
        if (s[i] == '\n') {
            put_break();
            ++i;
            return;
        }
        write(s, i);
        column_ = 0;
        indention_ = true;
    }
    void write_indent() {
        const int ind = indent_ < 0 ? 0 : indent_;
        if (!indention_ || column_ > ind || (column_ == ind && !whitespace_)) put_break();
        while (column_ < ind) put(' ');
        whitespace_ = true;
    }
    void write_indicator(std::string_view ind, bool need_whitespace, bool is_whitespace, bool is_indention) {
        if (need_whitespace && !whitespace_) put(' ');
        write_all(ind);
        whitespace_ = is_whitespace;
        indention_ = indention_ && is_indention;
    }
    void increase_indent(bool flow, bool in_seq_item) {
        indents_.push_back(indent_);
        if (indent_ < 0) {
            indent_ = flow ? best_indent : 0;
        } else if (in_seq_item) {
            indent_ += 2;
        } else {
            indent_ = best_indent * ((indent_ + best_indent) / best_indent);
        }
    }
    void pop_indent() {
        indent_ = indents_.back();
        indents_.pop_back();
    }

    void node(const Node& n, Ctx ctx) {
        switch (n.kind) {
            case Kind::null:
                scalar("null", Style::plain, ctx);
                return;
            case Kind::boolean:
                scalar(n.as_bool() ? "true" : "false", Style::plain, ctx);
                return;
            case Kind::integer:
                scalar(std::to_string(n.int_value), Style::plain, ctx);
                return;
            case Kind::floating: {
                std::string s = format_float(n.float_value);
                if (s == "+Inf")
                    s = ".inf";
                else if (s == "-Inf")
                    s = "-.inf";
                else if (s == "NaN")
                    s = ".nan";
                scalar(s, Style::plain, ctx);
                return;
            }
            case Kind::string:
                string(n.text, ctx);
                return;
            case Kind::seq:
                sequence(n, ctx);
                return;
            case Kind::map:
                mapping(n, ctx);
                return;
        }
    }

    void string(std::string_view s, Ctx ctx) {
        Style style = Style::double_quoted;
        if (s.find('\n') != std::string_view::npos) {
            style = Style::literal;
        } else if (resolves_to_string(s) && !is_base60_float(s) && !is_old_bool(s)) {
            style = Style::plain;
        }
        scalar(s, style, ctx);
    }

    void scalar(std::string_view v, Style style, Ctx ctx) {
        const Analysis a = analyze(v);
        if (ctx.simple_key && a.multiline) style = Style::double_quoted;
        if (style == Style::plain) {
            if (!a.block_plain_allowed) style = Style::single_quoted;
            if (v.empty() && ctx.simple_key) style = Style::single_quoted;
        }
        if (style == Style::single_quoted && !a.single_quoted_allowed) style = Style::double_quoted;
        if (style == Style::literal && (!a.block_allowed || ctx.simple_key)) style = Style::double_quoted;
        increase_indent(true, ctx.in_seq_item);
        switch (style) {
            case Style::plain:
                write_plain(v);
                break;
            case Style::single_quoted:
                write_single(v);
                break;
            case Style::double_quoted:
                write_double(v);
                break;
            case Style::literal:
                write_literal(v);
                break;
        }
        pop_indent();
    }

    void write_plain(std::string_view v) {
        if (!v.empty() && !whitespace_) put(' ');
        bool breaks = false;
        for (std::size_t i = 0; i < v.size();) {
            if (is_break(v, i)) {
                if (!breaks && v[i] == '\n') put_break();
                write_break(v, i);
                breaks = true;
            } else {
                if (breaks) write_indent();
                write(v, i);
                indention_ = false;
                breaks = false;
            }
        }
        if (!v.empty()) whitespace_ = false;
        indention_ = false;
    }

    void write_single(std::string_view v) {
        write_indicator("'", true, false, false);
        bool breaks = false;
        for (std::size_t i = 0; i < v.size();) {
            if (is_space(v, i)) {
                write(v, i);
            } else if (is_break(v, i)) {
                if (!breaks && v[i] == '\n') put_break();
                write_break(v, i);
                breaks = true;
            } else {
                if (breaks) write_indent();
                if (v[i] == '\'') put('\'');
                write(v, i);
                indention_ = false;
                breaks = false;
            }
        }
        write_indicator("'", false, false, false);
        whitespace_ = false;
        indention_ = false;
    }

    void write_double(std::string_view v) {
        static const char* hex = "0123456789ABCDEF";
        write_indicator("\"", true, false, false);
        const bool bom = v.size() >= 3 && v.substr(0, 3) == "\xEF\xBB\xBF";
        for (std::size_t i = 0; i < v.size();) {
            if (!is_printable(v, i) || bom || is_break(v, i) || v[i] == '"' || v[i] == '\\') {
                std::uint32_t cp = 0;
                std::size_t w = decode_utf8(v, i, cp);
                i += w;
                put('\\');
                switch (cp) {
                    case 0x00:
                        put('0');
                        break;
                    case 0x07:
                        put('a');
                        break;
                    case 0x08:
                        put('b');
                        break;
                    case 0x09:
                        put('t');
                        break;
                    case 0x0A:
                        put('n');
                        break;
                    case 0x0B:
                        put('v');
                        break;
                    case 0x0C:
                        put('f');
                        break;
                    case 0x0D:
                        put('r');
                        break;
                    case 0x1B:
                        put('e');
                        break;
                    case 0x22:
                        put('"');
                        break;
                    case 0x5C:
                        put('\\');
                        break;
                    case 0x85:
                        put('N');
                        break;
                    case 0xA0:
                        put('_');
                        break;
                    case 0x2028:
                        put('L');
                        break;
                    case 0x2029:
                        put('P');
                        break;
                    default: {
                        int digits = 0;
                        if (cp <= 0xFF) {
                            put('x');
                            digits = 2;
                        } else if (cp <= 0xFFFF) {
                            put('u');
                            digits = 4;
                        } else {
                            put('U');
                            digits = 8;
                        }
                        for (int k = (digits - 1) * 4; k >= 0; k -= 4)
                            put(hex[(cp >> static_cast<unsigned>(k)) & 0xFU]);
                    }
                }
            } else {
                write(v, i);
            }
        }
        write_indicator("\"", false, false, false);
        whitespace_ = false;
        indention_ = false;
    }

    void write_literal(std::string_view v) {
        write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the text starts with a blank or a break, then
        // the chomping indicator ('-' no final break, none for one, '+' for more).
        if (is_space(v, 0) || is_break(v, 0)) {
            const char hint[2] = {static_cast<char>('0' + best_indent), 0};
            write_indicator(hint, false, false, false);
        }
        char chomp = 0;
        if (v.empty()) {
            chomp = '-';
        } else {
            std::size_t i = v.size() - 1;
            while (i > 0 && (static_cast<unsigned char>(v[i]) & 0xC0U) == 0x80) --i;
            if (!is_break(v, i)) {
                chomp = '-';
            } else if (i == 0) {
                chomp = '+';
            } else {
                --i;
                while (i > 0 && (static_cast<unsigned char>(v[i]) & 0xC0U) == 0x80) --i;
                if (is_break(v, i)) chomp = '+';
            }
        }
        if (chomp != 0) {
            const char c[2] = {chomp, 0};
            write_indicator(c, false, false, false);
        }
        whitespace_ = true;
        bool breaks = true;
        for (std::size_t i = 0; i < v.size();) {
            if (is_break(v, i)) {
                write_break(v, i);
                breaks = true;
            } else {
                if (breaks) write_indent();
                write(v, i);
                indention_ = false;
                breaks = false;
            }
        }
    }

    void sequence(const Node& n, Ctx ctx) {
        if (n.items.empty()) {
            // Flow sequence "[]": the opening indicator wants a space before it.
            write_indicator("[", true, true, false);
            write_indicator("]", false, false, false);
            return;
        }
        increase_indent(false, ctx.in_seq_item);
        for (const Node& item : n.items) {
            write_indent();
            write_indicator("-", true, false, true);
            node(item, Ctx{true, false});
        }
        pop_indent();
    }

    void mapping(const Node& n, Ctx ctx) {
        if (n.entries.empty()) {
            write_indicator("{", true, true, false);
            write_indicator("}", false, false, false);
            return;
        }
        increase_indent(false, ctx.in_seq_item);
        for (const MapEntry& e : n.entries) {
            write_indent();
            // A key is "simple" (written `key: value`) unless it spans lines or is longer than 128 bytes.
            const bool simple = e.key.size() <= 128 && !analyze(e.key).multiline;
            if (simple) {
                string(e.key, Ctx{false, true});
                write_indicator(":", false, false, false);
            } else {
                write_indicator("?", true, false, true);
                string(e.key, Ctx{false, false});
                write_indent();
                write_indicator(":", true, false, true);
            }
            node(e.value, Ctx{false, false});
        }
        pop_indent();
    }
};

}  // namespace

std::string to_json(const Node& value, const JsonOptions& options) {
    JsonWriter w(options);
    w.value(value, 0);
    if (options.double_dollars) return double_dollars(w.out);
    return std::move(w.out);
}

std::string to_json(const Node& value, int indent) {
    JsonOptions o;
    o.indent = indent;
    return to_json(value, o);
}

std::string to_yaml(const Node& value, const YamlOptions& options) {
    YamlWriter w;
    w.document(value);
    if (options.double_dollars) return double_dollars(w.out);
    return std::move(w.out);
}

}  // namespace stackctl::load
