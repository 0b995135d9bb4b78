#include "stackctl/load/dotenv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "load/text.hpp"

// The reference is compose-go's dotenv parser (v2.4.8). Where it differs from what a user would guess, we
// follow it; the comments say so. Deliberate differences (see also tests/unit/load/dotenv_test.cpp):
// - A last line without newline and without `=` (`FOO<EOF>`) is a bare key, like `FOO\n`. The reference
//   instead records the variable "" with the value "FOO", which nobody means (and so `NOT VALID<EOF>`
//   fails here for its space, where the reference stores it under "").
// - A bare key that is empty (`export` followed by a newline) is ignored; the reference looks up "".
// - Errors carry our own wording and exact positions; the reference's line count drifts after
//   multi-line values.

namespace stackctl::load {

namespace {

using core::Errc;
using core::Error;
using core::SourceLoc;
constexpr auto npos = std::string_view::npos;

// The parser's own notion of a blank inside a line (Go's isSpace in the reference): no newline.
bool is_line_space(char32_t cp) {
    return cp == '\t' || cp == '\v' || cp == '\f' || cp == '\r' || cp == ' ' || cp == 0x85 || cp == 0xA0;
}

// Skips characters matching `pred` from s[i].
template <class Pred>
std::size_t skip(std::string_view s, std::size_t i, Pred pred) {
    while (i < s.size()) {
        text::Rune r = text::decode(s, i);
        if (!pred(r.cp)) break;
        i += r.len;
    }
    return i;
}

// `s` without trailing Unicode white space (Go's strings.TrimRightFunc(s, unicode.IsSpace)).
std::string_view trim_right(std::string_view s) {
    // Trailing ASCII first (an ASCII byte is always a whole character); the rest only when a non-ASCII
    // character ends the text.
    while (!s.empty()) {
        auto b = static_cast<unsigned char>(s.back());
        if (b >= 0x80) break;
        if (b != ' ' && (b < '\t' || b > '\r')) return s;
        s.remove_suffix(1);
    }
    std::size_t end = 0;
    for (std::size_t i = 0; i < s.size();) {
        text::Rune r = text::decode(s, i);
        i += r.len;
        if (!text::is_unicode_space(r.cp)) end = i;
    }
    return s.substr(0, end);
}

// Double-quoted escapes, applied after the quote scan (which kept every backslash except the one before
// an escaped quote). \$ becomes $$ so that interpolation, which runs next, leaves a literal $. Unknown
// escapes (\x, \u, \c, ...) stay as written. \0 takes up to three more digits and is octal only when
// they are exactly three octal digits worth at most 255; otherwise the 0 is dropped ("\012" -> "\12").
// An octal value is a code point, so it is written in UTF-8 ("\0310" -> "È").
std::string expand_escapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[i + 1];
        char simple = 0;
        switch (c) {
            case 'a':
                simple = '\a';
                break;
            case 'b':
                simple = '\b';
                break;
            case 'f':
                simple = '\f';
                break;
            case 'n':
                simple = '\n';
                break;
            case 'r':
                simple = '\r';
                break;
            case 't':
                simple = '\t';
                break;
            case 'v':
                simple = '\v';
                break;
            case '\\':
                simple = '\\';
                break;
            case '"':
                simple = '"';
                break;
            default:
                break;
        }
        if (simple != 0) {
            out += simple;
            ++i;
        } else if (c == '$') {
            out += "$$";
            ++i;
        } else if (c == '0') {
            std::size_t n = 0;
            while (n < 3 && i + 2 + n < s.size() && s[i + 2 + n] >= '0' && s[i + 2 + n] <= '9') ++n;
            std::string_view digits = s.substr(i + 2, n);
            bool octal = n == 3 && digits.find_first_of("89") == npos;
            unsigned v = octal ? (digits[0] - '0') * 64u + (digits[1] - '0') * 8u + (digits[2] - '0') : 256u;
            if (v <= 255) {
                text::append_utf8(out, v);
            } else {
                out += '\\';
                out += digits;
            }
            i += 1 + n;
        } else {
            out += '\\';  // not an escape: the backslash stays and the next character is read as usual
        }
    }
    return out;
}

// Maps byte offsets to line and column, moving forwards through the text.
class Positions {
  public:
    Positions(std::string_view text, std::string_view file) : text_(text), file_(file) {}
    SourceLoc at(std::size_t offset) {
        if (offset < offset_) {  // rare (errors only): start again from the top
            offset_ = 0;
            line_start_ = 0;
            line_ = 1;
        }
        while (true) {
            const void* nl = std::memchr(text_.data() + offset_, '\n', offset - offset_);
            if (nl == nullptr) break;
            offset_ = static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) + 1;
            ++line_;
            line_start_ = offset_;
        }
        offset_ = offset;
        return SourceLoc{file_, line_, static_cast<std::uint32_t>(offset - line_start_ + 1)};
    }

  private:
    std::string_view text_, file_;
    std::size_t offset_ = 0, line_start_ = 0;
    std::uint32_t line_ = 1;
};

class Parser {
  public:
    Parser(std::string_view src, std::string_view file, const Lookup& lookup, const OnUnset& on_unset)
        : src_(src), pos_(src, file), lookup_(lookup) {
        // Inside the file, the outside lookup wins over the file's own earlier variables.
        file_lookup_ = [this](std::string_view name) -> std::optional<std::string> {
            if (auto v = lookup_(name)) return v;
            auto it = index_.find(name);
            if (it == index_.end()) return std::nullopt;
            return entries_[it->second].value;
        };
        options_.on_unset = on_unset;
    }

    core::Result<std::vector<DotenvEntry>> run() {
        std::size_t i = 0;
        while ((i = statement_start(i)) < src_.size()) {
            auto next = statement(i);
            if (!next) return std::move(next).error();
            i = *next;
        }
        return std::move(entries_);
    }

  private:
    // Skips blank space (newlines included) and comment lines.
    std::size_t statement_start(std::size_t i) const {
        while (true) {
            i = skip(src_, i, text::is_unicode_space);
            if (i >= src_.size() || src_[i] != '#') return i;
            i = src_.find('\n', i);
            if (i == npos) return src_.size();
        }
    }

    // Parses the statement at s[i]; returns where the next one may start.
    core::Result<std::size_t> statement(std::size_t i) {
        // `export` followed by white space (Go's \s: space, \t, \n, \f, \r) is dropped.
        if (src_.substr(i, 6) == "export" && i + 6 < src_.size() && std::strchr(" \t\n\f\r", src_[i + 6]) &&
            src_[i + 6] != '\0') {
            i = skip(src_, i + 6, is_line_space);
        }
        std::size_t key_begin = i;
        std::size_t k = i;
        char sep = 0;
        while (k < src_.size()) {
            text::Rune r = text::decode(src_, k);
            char32_t c = r.cp;
            if (c == '=' || c == ':' || c == '\n') {
                sep = static_cast<char>(c);
                break;
            }
            bool ok = is_line_space(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' ||
                      text::is_letter_or_number(c);
            if (!ok) return bad_character(key_begin, k, r.len);
            k += r.len;
        }
        std::string_view key = trim_right(src_.substr(key_begin, k - key_begin));
        if (std::size_t sp = key.find(' '); sp != npos) {
            Error e(Errc::parse,
                    fmt::format("invalid variable name {}: it cannot contain a space", text::quote(key)),
                    pos_.at(key_begin + sp));
            e.note("a line is KEY=VALUE, or KEY alone to take the value from the environment");
            return e;
        }
        SourceLoc where = pos_.at(key_begin);
        if (sep == 0 || sep == '\n') {
            // A bare key: its value comes from outside the file, or it is left out.
            if (!key.empty()) {
                if (auto v = lookup_(key)) {
                    set(key, std::move(v), where);
                } else if (!index_.count(key)) {
                    set(key, std::nullopt, where);
                }
            }
            return sep == 0 ? src_.size() : k + 1;
        }
        return value(key, where, skip(src_, k + 1, is_line_space));
    }

    core::Result<std::size_t> value(std::string_view key, SourceLoc where, std::size_t i) {
        if (i < src_.size() && (src_[i] == '"' || src_[i] == '\'')) return quoted(key, where, i);
        std::size_t end = src_.find('\n', i);
        if (end == npos) end = src_.size();
        std::string_view raw = src_.substr(i, end - i);
        // An inline comment needs a space before its #; a tab does not count.
        raw = trim_right(raw.substr(0, raw.find(" #")));
        options_.origin = pos_.at(i);
        auto expanded = substitute(raw, file_lookup_, options_);
        if (!expanded) return std::move(expanded.error().note(fmt::format("in the value of {}", key)));
        set(key, std::move(*expanded), where);
        return std::min(end + 1, src_.size());
    }

    core::Result<std::size_t> quoted(std::string_view key, SourceLoc where, std::size_t open) {
        const char q = src_[open];
        const char stops[] = {q, '\\', '\0'};
        std::string raw;
        std::size_t k = open + 1;
        while (true) {
            std::size_t stop = src_.find_first_of(stops, k);
            if (stop == npos) break;
            raw.append(src_.substr(k, stop - k));
            if (src_[stop] == '\\') {
                // A backslash escapes the quote, which then stands for itself, and is kept before anything
                // else (for the escape expansion below, or literally in '...').
                if (stop + 1 >= src_.size()) break;
                if (src_[stop + 1] != q) raw += '\\';
                raw += src_[stop + 1];
                k = stop + 2;
                continue;
            }
            if (q == '"') {
                // Escapes first, then interpolation. Positions inside the value no longer match the file,
                // so errors point at the opening quote.
                if (raw.find('\\') != std::string::npos) raw = expand_escapes(raw);
                options_.origin = {};
                auto expanded = substitute(raw, file_lookup_, options_);
                if (!expanded) {
                    Error e = std::move(expanded).error();
                    e.where = pos_.at(open);
                    return std::move(e.note(fmt::format("in the value of {}", key)));
                }
                raw = std::move(*expanded);
            }
            set(key, std::move(raw), where);
            // Whatever follows the closing quote is read as more statements, even on the same line.
            return stop + 1;
        }
        Error e(Errc::parse,
                fmt::format("unterminated {}-quoted value for {}", q == '"' ? "double" : "single", key),
                pos_.at(open));
        e.note("a quoted value ends at the next unescaped quote of the same kind, possibly lines later");
        return e;
    }

    Error bad_character(std::size_t key_begin, std::size_t at, std::size_t len) {
        std::size_t name_end = src_.find_first_of("=:\n", key_begin);
        if (name_end == npos) name_end = src_.size();
        Error e(Errc::parse,
                fmt::format("unexpected character {} in variable name {}", text::quote(src_.substr(at, len)),
                            text::quote(src_.substr(key_begin, name_end - key_begin))),
                pos_.at(at));
        e.note("a variable name may contain letters, digits, \"_\", \".\", \"-\", \"[\" and \"]\"");
        return e;
    }

    // `key` is a view into the source text, which outlives the parser; the index keeps it as is.
    void set(std::string_view key, std::optional<std::string> value, SourceLoc where) {
        auto [it, fresh] = index_.try_emplace(key, entries_.size());
        if (fresh) {
            entries_.push_back(DotenvEntry{std::string(key), std::move(value), where});
        } else {
            entries_[it->second].value = std::move(value);
            entries_[it->second].where = where;
        }
    }

    std::string_view src_;
    Positions pos_;
    const Lookup& lookup_;
    Lookup file_lookup_;
    SubstituteOptions options_;
    std::vector<DotenvEntry> entries_;
    std::unordered_map<std::string_view, std::size_t> index_;
};

}  // namespace

core::Result<std::vector<DotenvEntry>> parse_dotenv(std::string_view text, std::string_view file_name,
                                                    const Lookup& lookup, const OnUnset& on_unset) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Parser parser(text, core::intern_path(file_name), lookup, on_unset);
    return parser.run();
}

}  // namespace stackctl::load
