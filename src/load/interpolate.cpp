#include "stackctl/load/interpolate.hpp"

#include <fmt/format.h>
#include <locale.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "load/text.hpp"

namespace stackctl::load {

namespace {

using core::Errc;
using core::Error;
constexpr auto npos = std::string_view::npos;

// Deeper nesting of ${VAR:-${...}} is refused so that a hostile file cannot exhaust the stack; the
// reference has no limit, but no real file comes near it.
constexpr int kMaxDepth = 200;

// ---------------------------------------------------------------------------------------------------------
// Recognising one `$...` form. The reference matches the regular expression
//   \$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|()))
// and we reproduce what it matches without a regex engine. Two consequences worth knowing:
// `(?i)` makes [a-z] also match U+017F (long s) and U+212A (Kelvin sign), which fold to s and k; and `.*`
// is greedy and stops at a newline, so `${VAR:-...}` extends to the LAST `}` on its line (the nesting is
// then sorted out by first_closing()).

// Byte length of a name character at s[i] (0 if there is none); `first` excludes digits.
std::size_t name_char(std::string_view s, std::size_t i, bool first) {
    if (i >= s.size()) return 0;
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return 1;
    if (c >= '0' && c <= '9') return first ? 0 : 1;
    if (s.substr(i, 2) == "\xC5\xBF") return 2;      // U+017F LATIN SMALL LETTER LONG S
    if (s.substr(i, 3) == "\xE2\x84\xAA") return 3;  // U+212A KELVIN SIGN
    return 0;
}

// End of the name starting at s[i] (== i when there is none).
std::size_t name_end(std::string_view s, std::size_t i) {
    std::size_t n = name_char(s, i, true);
    if (n == 0) return i;
    i += n;
    while ((n = name_char(s, i, false)) != 0) i += n;
    return i;
}

bool is_op_char(char c) {
    return c == '-' || c == '+' || c == '?';
}

// Length of the operator at s[i]: 2 for :- :+ :?, 1 for - + ?, 0 when there is none.
std::size_t op_length(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (s[i] == ':') return i + 1 < s.size() && is_op_char(s[i + 1]) ? 2 : 0;
    return is_op_char(s[i]) ? 1 : 0;
}

enum class Kind { none, escaped, named, simple, with_op, invalid };

// What the reference's pattern matches at the `$` in s[at].
struct Match {
    Kind kind = Kind::none;
    std::size_t end = 0;         // one past the match
    std::size_t name_begin = 0;  // named, simple, with_op
    std::size_t name_stop = 0;
    std::size_t op = 0;      // with_op: where the operator starts
    std::size_t op_len = 0;  // 1 or 2 (with a colon)
};

// Finds the last `}` at or after `from` and before the end of that line (npos if none). Repeated calls on
// one line reuse the previous answer, which keeps long lines of ${A:-x}${B:-y}... linear.
class LastBrace {
  public:
    explicit LastBrace(std::string_view s) : s_(s) {}
    std::size_t find(std::size_t from) {
        if (!valid_ || from < from_ || from > line_end_) {
            from_ = from;
            line_end_ = s_.find('\n', from);
            if (line_end_ == npos) line_end_ = s_.size();
            std::size_t b = s_.substr(from, line_end_ - from).rfind('}');
            last_ = b == npos ? npos : from + b;
            valid_ = true;
        }
        return last_ != npos && last_ >= from ? last_ : npos;
    }

  private:
    std::string_view s_;
    std::size_t from_ = 0, line_end_ = 0, last_ = npos;
    bool valid_ = false;
};

Match match_at(std::string_view s, std::size_t at, LastBrace& braces) {
    Match m;
    if (at + 1 >= s.size()) return m;
    char c = s[at + 1];
    if (c == '$') {
        m.kind = Kind::escaped;
        m.end = at + 2;
        return m;
    }
    if (c != '{') {
        std::size_t e = name_end(s, at + 1);
        if (e == at + 1) return m;  // a lone `$`: literal
        m.kind = Kind::named;
        m.name_begin = at + 1;
        m.name_stop = m.end = e;
        return m;
    }
    m.kind = Kind::invalid;  // unless the braced form matches below
    m.end = at + 2;
    std::size_t nb = at + 2, ne = name_end(s, nb);
    if (ne == nb || ne >= s.size()) return m;
    m.name_begin = nb;
    m.name_stop = ne;
    if (s[ne] == '}') {
        m.kind = Kind::simple;
        m.end = ne + 1;
        return m;
    }
    std::size_t op_len = op_length(s, ne);
    if (op_len == 0) return m;
    std::size_t last = braces.find(ne + op_len);
    if (last == npos) return m;
    m.kind = Kind::with_op;
    m.op = ne;
    m.op_len = op_len;
    m.end = last + 1;
    return m;
}

// The reference's getFirstBraceClosingIndex on a match `${...}`: the `}` that balances the first `{`,
// where each `{` also skips the character after it (a quirk kept on purpose: `${A:-{}}` yields "{}").
std::size_t first_closing(std::string_view m) {
    int open = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (m[i] == '}' && --open == 0) return i;
        if (m[i] == '{') {
            ++open;
            ++i;
        }
    }
    return npos;
}

// ---------------------------------------------------------------------------------------------------------
// Substitution.

struct Ctx {
    const Lookup& lookup;
    const SubstituteOptions& options;
    std::string_view top;  // the value given to substitute(); every view below points into it
};

Error located(const Ctx& ctx, std::string_view s, std::size_t at, std::string message) {
    Error e(Errc::interpolate, std::move(message));
    std::size_t offset = static_cast<std::size_t>(s.data() - ctx.top.data()) + at;
    if (ctx.options.origin.known()) e.where = text::advance(ctx.options.origin, ctx.top, offset);
    return e;
}

Error invalid_format(const Ctx& ctx, std::string_view s, std::size_t at) {
    std::string detail;
    std::size_t nb = at + 2, ne = name_end(s, nb);
    if (ne == nb) {
        detail = "\"${\" must be followed by a variable name";
    } else if (ne >= s.size()) {
        detail = fmt::format("{} is not closed with \"}}\"", text::quote(s.substr(at, ne - at)));
    } else {
        std::size_t op_len = op_length(s, ne);
        if (op_len == 0) {
            // Quote the whole character (UTF-8), and the one after a colon: ":x" reads better than ":".
            std::size_t len = text::decode(s, ne).len;
            if (s[ne] == ':' && ne + 1 < s.size()) len += text::decode(s, ne + 1).len;
            detail = fmt::format("unexpected {} after {}; expected \"}}\" or one of :- - :? ? :+ +",
                                 text::quote(s.substr(ne, len)), text::quote(s.substr(at, ne - at)));
        } else {
            std::size_t nl = s.find('\n', ne);
            bool later = nl != npos && s.find('}', nl) != npos;
            detail =
                fmt::format("{} is not closed with \"}}\"{}", text::quote(s.substr(at, ne + op_len - at)),
                            later ? " on the same line" : "");
        }
    }
    Error e = located(ctx, s, at,
                      fmt::format("invalid interpolation format in {}: {}", text::quote(ctx.top), detail));
    e.note("a literal \"$\" is written \"$$\"");
    return e;
}

core::Status expand(std::string_view s, const Ctx& ctx, std::string& out, int depth) {
    if (depth > kMaxDepth) {
        return located(ctx, s, 0, fmt::format("interpolation nested more than {} levels deep", kMaxDepth));
    }
    LastBrace braces(s);
    std::size_t pos = 0;
    while (true) {
        std::size_t at = s.find('$', pos);
        if (at == npos) {
            out.append(s.substr(pos));
            return {};
        }
        out.append(s.substr(pos, at - pos));
        Match m = match_at(s, at, braces);
        switch (m.kind) {
            case Kind::none:
                out += '$';
                pos = at + 1;
                continue;
            case Kind::escaped:
                out += '$';
                pos = m.end;
                continue;
            case Kind::invalid:
                return invalid_format(ctx, s, at);
            case Kind::named:
            case Kind::simple: {
                std::string_view name = s.substr(m.name_begin, m.name_stop - m.name_begin);
                if (auto v = ctx.lookup(name)) {
                    out += *v;
                } else if (ctx.options.on_unset) {
                    ctx.options.on_unset(name);
                }
                pos = m.end;
                continue;
            }
            case Kind::with_op:
                break;
        }

        // ${NAME<op>ARG}: ARG ends at the `}` balancing the opening one; what follows it up to the end of
        // the match is ordinary text, which the loop then scans as the reference scans it (separately).
        std::size_t last = m.end - 1;
        std::size_t close = first_closing(s.substr(at, m.end - at));
        std::size_t stop = close == npos ? last : at + close;
        std::size_t arg_begin = m.op + m.op_len;
        std::string_view name = s.substr(m.name_begin, m.name_stop - m.name_begin);
        std::string_view op = s.substr(m.op, m.op_len);

        // The argument is expanded first and always, even when unused: its errors win.
        std::string arg;
        STACKCTL_TRY(expand(s.substr(arg_begin, stop - arg_begin), ctx, arg, depth + 1));
        std::optional<std::string> v = ctx.lookup(name);
        bool set = v.has_value();
        bool non_empty = set && !v->empty();
        char kind = op.back();
        bool colon = op.size() == 2;
        if (kind == '-') {
            out += (colon ? non_empty : set) ? *v : arg;
        } else if (kind == '+') {
            if (colon ? non_empty : set) out += arg;
        } else if (colon ? non_empty : set) {
            out += *v;
        } else {
            std::string msg = fmt::format("required variable {} is missing a value", name);
            if (!arg.empty()) fmt::format_to(std::back_inserter(msg), ": {}", arg);
            return located(ctx, s, at, std::move(msg));
        }
        pos = stop + 1;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Variables of a template, as compose-go's template.ExtractVariables (v2.4.8) finds them.

void extract(std::string_view s, std::vector<TemplateVariable>& out, int depth);

// Appends `var`, then the variables of its default and alternate (which the reference scans as well).
void emit(TemplateVariable var, std::vector<TemplateVariable>& out, int depth) {
    std::string def = var.default_value, alt = var.alternate_value;
    out.push_back(std::move(var));
    if (!def.empty()) extract(def, out, depth + 1);
    if (!alt.empty()) extract(alt, out, depth + 1);
}

void extract(std::string_view s, std::vector<TemplateVariable>& out, int depth) {
    if (depth > kMaxDepth) return;
    // The reference scans the text after the balancing `}` of a ${NAME<op>...} (up to the end of the match)
    // before listing NAME. That text ends where the match ends, so one forward scan does it: NAME waits on
    // this stack until the scan reaches the end of its match.
    struct Deferred {
        std::size_t end;
        TemplateVariable var;
    };
    std::vector<Deferred> deferred;
    LastBrace braces(s);
    std::size_t pos = 0;
    while (true) {
        std::size_t at = s.find('$', pos);
        while (!deferred.empty() && (at == npos || at >= deferred.back().end)) {
            TemplateVariable var = std::move(deferred.back().var);
            deferred.pop_back();
            emit(std::move(var), out, depth);
        }
        if (at == npos) return;
        Match m = match_at(s, at, braces);
        if (m.kind == Kind::none) {
            pos = at + 1;
            continue;
        }
        pos = m.end;
        if (m.kind == Kind::escaped) continue;
        std::string_view val;
        std::size_t rest = npos;  // where the text after the balancing `}` starts, when there is some
        if (m.kind == Kind::named) {
            val = s.substr(m.name_begin, m.name_stop - m.name_begin);
        } else if (m.kind != Kind::invalid) {
            std::string_view match = s.substr(at, m.end - at);
            val = match.substr(2, match.size() - 3);
            std::size_t close = first_closing(match);
            if (close != npos && close > 0) {
                val = match.substr(2, close - 2);
                if (close + 1 < match.size()) rest = at + close + 1;
            }
        }
        TemplateVariable var;
        // The name ends at the first character outside [A-Za-z0-9_] (so a long s or Kelvin sign ends it).
        std::size_t i = 0;
        while (i < val.size() && name_char(val, i, false) == 1) ++i;
        var.name = std::string(i > 0 && i < val.size() ? val.substr(0, i) : val);
        if (i > 0 && i < val.size()) {
            std::string_view tail = val.substr(i);
            bool colon = tail.size() >= 2 && tail[0] == ':';
            char op = colon ? tail[1] : tail[0];
            std::size_t skip = colon ? 2 : 1;
            if (colon && !is_op_char(op)) op = 0;
            if (op == '?') var.required = true;
            if (op == '-') var.default_value = std::string(tail.substr(skip));
            if (op == '+') var.alternate_value = std::string(tail.substr(skip));
        }
        if (rest == npos) {
            emit(std::move(var), out, depth);
        } else {
            deferred.push_back(Deferred{m.end, std::move(var)});
            pos = rest;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Casts, with Go's strconv syntax.

// The reference's interpolation cast table (compose-go loader/interpolate.go, v2.4.8).
constexpr std::string_view kTopLevel[] = {"services", "networks", "volumes", "secrets", "configs"};

constexpr int top_level_index(std::string_view key) {
    for (int i = 0; i < 5; ++i) {
        if (kTopLevel[i] == key) return i;
    }
    return -1;
}

struct CastRule {
    std::array<std::string_view, 6> parts;
    std::size_t size;
    int top;  // index of parts[0] in kTopLevel, so that most rules are skipped without a string compare
    CastType type;
};

constexpr CastRule rule(CastType type, std::initializer_list<std::string_view> parts) {
    CastRule r{{}, parts.size(), top_level_index(*parts.begin()), type};
    std::size_t i = 0;
    for (auto p : parts) r.parts[i++] = p;
    return r;
}

using enum CastType;
constexpr std::string_view S = "services", A = "*", L = kListItem;
constexpr CastRule kCastRules[] = {
    rule(integer, {S, A, "configs", L, "mode"}),
    rule(integer, {S, A, "cpu_count"}),
    rule(float64, {S, A, "cpu_percent"}),
    rule(integer, {S, A, "cpu_period"}),
    rule(integer, {S, A, "cpu_quota"}),
    rule(integer, {S, A, "cpu_rt_period"}),
    rule(integer, {S, A, "cpu_rt_runtime"}),
    rule(float32, {S, A, "cpus"}),
    rule(integer, {S, A, "cpu_shares"}),
    rule(boolean, {S, A, "init"}),
    rule(integer, {S, A, "deploy", "replicas"}),
    rule(integer, {S, A, "deploy", "update_config", "parallelism"}),
    rule(float64, {S, A, "deploy", "update_config", "max_failure_ratio"}),
    rule(integer, {S, A, "deploy", "rollback_config", "parallelism"}),
    rule(float64, {S, A, "deploy", "rollback_config", "max_failure_ratio"}),
    rule(integer, {S, A, "deploy", "restart_policy", "max_attempts"}),
    rule(integer, {S, A, "deploy", "placement", "max_replicas_per_node"}),
    rule(integer, {S, A, "healthcheck", "retries"}),
    rule(boolean, {S, A, "healthcheck", "disable"}),
    rule(boolean, {S, A, "oom_kill_disable"}),
    rule(integer, {S, A, "oom_score_adj"}),
    rule(integer, {S, A, "pids_limit"}),
    rule(integer, {S, A, "ports", L, "target"}),
    rule(boolean, {S, A, "privileged"}),
    rule(boolean, {S, A, "read_only"}),
    rule(integer, {S, A, "scale"}),
    rule(integer, {S, A, "secrets", L, "mode"}),
    rule(boolean, {S, A, "stdin_open"}),
    rule(boolean, {S, A, "tty"}),
    rule(integer, {S, A, "ulimits", A}),
    rule(integer, {S, A, "ulimits", A, "hard"}),
    rule(integer, {S, A, "ulimits", A, "soft"}),
    rule(boolean, {S, A, "volumes", L, "read_only"}),
    rule(boolean, {S, A, "volumes", L, "volume", "nocopy"}),
    rule(boolean, {"networks", A, "external"}),
    rule(boolean, {"networks", A, "internal"}),
    rule(boolean, {"networks", A, "attachable"}),
    rule(boolean, {"networks", A, "enable_ipv4"}),
    rule(boolean, {"networks", A, "enable_ipv6"}),
    rule(boolean, {"volumes", A, "external"}),
    rule(boolean, {"secrets", A, "external"}),
    rule(boolean, {"configs", A, "external"}),
};

template <class Segment>
std::optional<CastType> cast_type_impl(std::span<const Segment> path) {
    // Called for every scalar of every file: reject most paths on their length and first segment.
    if (path.size() < 3 || path.size() > 6) return std::nullopt;
    int top = top_level_index(path[0]);
    if (top < 0) return std::nullopt;
    std::string_view last = path.back();
    for (const CastRule& r : kCastRules) {
        if (r.size != path.size() || r.top != top) continue;
        // "*" matches any segment, list items included, as in compose-go's tree.Path.Matches.
        auto matches = [&](std::size_t i, std::string_view segment) {
            return r.parts[i] == A || r.parts[i] == segment;
        };
        if (!matches(r.size - 1, last)) continue;
        bool match = true;
        for (std::size_t i = 1; i + 1 < r.size && match; ++i) match = matches(i, path[i]);
        if (match) return r.type;
    }
    return std::nullopt;
}

Error cast_error(std::string_view what, std::string_view input, std::string_view why = {}) {
    return Error(Errc::interpolate, fmt::format("cannot convert {} to {}{}", text::quote(input), what, why));
}

// Go's strconv.Atoi/ParseInt(s, 10, 64): optional sign, then decimal digits only.
core::Result<CastValue> parse_int(std::string_view s) {
    std::string_view digits = s;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
    bool ok = !digits.empty();
    for (char c : digits) ok = ok && c >= '0' && c <= '9';
    if (!ok) return cast_error("an integer", s);
    std::int64_t v = 0;
    // from_chars takes a minus sign but not a plus sign.
    std::string_view body = s[0] == '+' ? digits : s;
    auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec == std::errc::result_out_of_range) return cast_error("an integer", s, ": out of range");
    return CastValue{v};
}

// Go's strconv.ParseFloat syntax check (readFloat + underscoreOK + special). Fills `clean` with the number
// without underscores, in a form strtod accepts; returns false on a syntax error.
bool go_float_syntax(std::string_view s, std::string& clean) {
    auto lower = [](char c) { return static_cast<char>(c | 0x20); };
    auto prefix_ci = [&](std::string_view t, std::string_view word) {
        std::size_t n = 0;
        while (n < t.size() && n < word.size() && lower(t[n]) == word[n]) ++n;
        return n;
    };
    // inf, infinity (signed or not) and nan (unsigned), any case.
    std::string_view t = s;
    bool sign = !t.empty() && (t[0] == '+' || t[0] == '-');
    if (sign) t.remove_prefix(1);
    if (!t.empty() && lower(t[0]) == 'i') {
        std::size_t n = prefix_ci(t, "infinity");
        if ((n == 3 || n == 8) && n == t.size()) {
            clean = std::string(s);
            return true;
        }
        return false;
    }
    if (!sign && !t.empty() && lower(t[0]) == 'n') {
        if (t.size() == 3 && prefix_ci(t, "nan") == 3) {
            clean = "nan";
            return true;
        }
        return false;
    }

    clean.clear();
    if (sign && s[0] == '-') clean += '-';
    std::size_t i = 0;
    bool hex = t.size() > 2 && t[0] == '0' && lower(t[1]) == 'x';
    if (hex) {
        clean += "0x";
        i = 2;
    }
    bool underscores = false, dot = false, digits = false;
    for (; i < t.size(); ++i) {
        char c = t[i];
        if (c == '_') {
            underscores = true;
        } else if (c == '.') {
            if (dot) break;
            dot = true;
            clean += c;
        } else if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            digits = true;
            clean += c;
        } else {
            break;
        }
    }
    if (!digits) return false;
    if (i < t.size() && lower(t[i]) == (hex ? 'p' : 'e')) {
        clean += t[i++];
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) clean += t[i++];
        if (i >= t.size() || t[i] < '0' || t[i] > '9') return false;
        for (; i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '_'); ++i) {
            if (t[i] == '_') {
                underscores = true;
            } else {
                clean += t[i];
            }
        }
    } else if (hex) {
        return false;  // a hexadecimal float needs its p exponent
    }
    if (i != t.size()) return false;
    if (!underscores) return true;
    // Underscores only between digits, or between the base prefix and a digit.
    char saw = '^';
    std::size_t k = hex ? 2 : 0;
    if (hex) saw = '0';
    for (; k < t.size(); ++k) {
        char c = t[k];
        if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            saw = '0';
        } else if (c == '_') {
            if (saw != '0') return false;
            saw = '_';
        } else {
            if (saw == '_') return false;
            saw = '!';
        }
    }
    return saw != '_';
}

locale_t c_locale() {
    static locale_t loc = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
    return loc;
}

core::Result<CastValue> parse_float(std::string_view s, bool single) {
    std::string clean;
    if (!go_float_syntax(s, clean)) return cast_error("a number", s);
    errno = 0;
    // strtod/strtof round correctly, like Go; the C locale keeps "." the decimal point. Underflow gives
    // 0 or a subnormal without error in Go, so only an infinite result of a finite input is an error.
    if (single) {
        float f = strtof_l(clean.c_str(), nullptr, c_locale());
        if (errno == ERANGE && std::isinf(f)) return cast_error("a number", s, ": out of range");
        return CastValue{f};
    }
    double d = strtod_l(clean.c_str(), nullptr, c_locale());
    if (errno == ERANGE && std::isinf(d)) return cast_error("a number", s, ": out of range");
    return CastValue{d};
}

core::Result<CastValue> parse_bool(std::string_view s, std::string* warning) {
    std::string low(s);
    for (char& c : low) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    }
    if (low == "true") return CastValue{true};
    if (low == "false") return CastValue{false};
    bool yes = low == "y" || low == "yes" || low == "on";
    bool no = low == "n" || low == "no" || low == "off";
    if (!yes && !no) return cast_error("a boolean", s, " (expected true or false)");
    if (warning) {
        // The reference's wording, Go %q quoting included.
        *warning = fmt::format("{} for boolean is not supported by YAML 1.2, please use `{}`", text::quote(s),
                               yes ? "true" : "false");
    }
    return CastValue{yes};
}

}  // namespace

core::Result<std::string> substitute(std::string_view value, const Lookup& lookup,
                                     const SubstituteOptions& options) {
    if (!has_template(value)) return std::string(value);
    std::string out;
    out.reserve(value.size());
    Ctx ctx{lookup, options, value};
    STACKCTL_TRY(expand(value, ctx, out, 0));
    return out;
}

std::vector<TemplateVariable> template_variables(std::string_view value) {
    std::vector<TemplateVariable> out;
    if (has_template(value)) extract(value, out, 0);
    return out;
}

std::optional<CastType> cast_type_for(std::span<const std::string_view> path) {
    return cast_type_impl(path);
}
std::optional<CastType> cast_type_for(std::span<const std::string> path) {
    return cast_type_impl(path);
}

core::Result<CastValue> cast_scalar(CastType type, std::string_view input, std::string* warning) {
    if (warning) warning->clear();
    switch (type) {
        case CastType::integer:
            return parse_int(input);
        case CastType::float64:
            return parse_float(input, false);
        case CastType::float32:
            return parse_float(input, true);
        case CastType::boolean:
            return parse_bool(input, warning);
    }
    return Error(Errc::internal, "unknown cast type");
}

}  // namespace stackctl::load
