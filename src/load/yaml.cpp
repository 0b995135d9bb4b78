#include "stackctl/load/yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <streambuf>

#include "load/yaml_builder.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;
using core::SourceLoc;
using yaml_detail::BuildAbort;
using yaml_detail::Mark;
using yaml_detail::NodeBuilder;

namespace {

// Forwards yaml-cpp's parser events to the NodeBuilder.
class YamlCppEvents final : public YAML::EventHandler {
public:
    explicit YamlCppEvents(NodeBuilder& b) : b_(b) {}

    void OnDocumentStart(const YAML::Mark&) override { b_.document_start(); }
    void OnDocumentEnd() override { b_.document_end(); }
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { b_.null(to_mark(mark), anchor); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override { b_.alias(to_mark(mark), anchor); }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        b_.scalar(to_mark(mark), tag, anchor, value);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        b_.seq_start(to_mark(mark), tag, anchor);
    }
    void OnSequenceEnd() override { b_.seq_end(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        b_.map_start(to_mark(mark), tag, anchor);
    }
    void OnMapEnd() override { b_.map_end(); }

private:
    static Mark to_mark(const YAML::Mark& m) {
        return Mark{static_cast<std::uint32_t>(m.line), static_cast<std::uint32_t>(m.column)};
    }
    NodeBuilder& b_;
};

// The position of byte `at`, with columns counted in characters as in every message about bytes.
SourceLoc byte_position(std::string_view text, std::string_view file, std::size_t at) {
    const std::string_view before = text.substr(0, at);
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    auto line = static_cast<std::uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
    std::uint32_t col = 1;
    for (std::size_t i = line_start; i < at; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++col;  // not a continuation byte
    }
    return SourceLoc{core::intern_path(file), line, col};
}

// Control characters and invalid UTF-8 are refused before either parser sees them (yaml-cpp takes both).
core::Status check_bytes(std::string_view text, std::string_view file) {
    // Byte classes: 0 allowed ASCII, 1 control character, 2 start of a multi-byte sequence (or invalid).
    static const auto classes = [] {
        std::array<std::uint8_t, 256> t{};
        for (std::size_t c = 0; c < 0x20; ++c) t[c] = 1;
        t['\t'] = t['\n'] = t['\r'] = 0;
        t[0x7F] = 1;
        for (std::size_t c = 0x80; c < 256; ++c) t[c] = 2;
        return t;
    }();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());  // NOLINT: bytes of the text
    for (std::size_t i = 0; i < text.size();) {
        // Eight printable ASCII bytes at a time (0x20..0x7E: no byte below 0x20, none above 0x7E).
        constexpr std::uint64_t ones = 0x0101010101010101U;
        constexpr std::uint64_t highs = 0x8080808080808080U;
        while (i + 8 <= text.size()) {
            std::uint64_t w = 0;
            std::memcpy(&w, p + i, 8);
            if (((w - 0x20 * ones) | (w + ones) | w) & highs) break;
            i += 8;
        }
        if (i >= text.size()) break;
        const unsigned char c = p[i];
        const std::uint8_t cls = classes[c];
        if (cls == 0) {
            ++i;
            continue;
        }
        if (cls == 1) {
            return Error(Errc::parse,
                         fmt::format("control character 0x{:02X} is not allowed in YAML (is this a binary file?)", c),
                         byte_position(text, file, i));
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0U) == 0xC0U) {
            len = 2;
            cp = c & 0x1FU;
        } else if ((c & 0xF0U) == 0xE0U) {
            len = 3;
            cp = c & 0x0FU;
        } else if ((c & 0xF8U) == 0xF0U) {
            len = 4;
            cp = c & 0x07U;
        }
        bool ok = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const unsigned char cc = p[i + k];
            ok = (cc & 0xC0U) == 0x80U;
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid too.
        if (ok) {
            ok = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
                 !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
        }
        if (!ok) {
            return Error(Errc::parse, "invalid UTF-8 (is this a binary file?)", byte_position(text, file, i));
        }
        i += len;
    }
    return {};
}

// yaml-cpp messages start lower-case and name no position; ours add the position from its mark.
Error from_yaml_exception(const YAML::Exception& e, std::string_view file) {
    std::string msg = e.msg.empty() ? std::string(e.what()) : e.msg;
    SourceLoc where{core::intern_path(file), 0, 0};
    if (!e.mark.is_null()) {
        where.line = static_cast<std::uint32_t>(e.mark.line + 1);
        where.col = static_cast<std::uint32_t>(e.mark.column + 1);
    }
    return Error(Errc::parse, "invalid YAML: " + msg, where);
}

// The complete parser: every document of `text` through yaml-cpp, its exceptions turned into errors.
core::Result<std::vector<Node>> parse_with_yaml_cpp(std::string_view text, std::string_view file,
                                                    const YamlLimits& limits) {
    // yaml-cpp reads from a stream; a view-backed streambuf avoids copying large files.
    struct ViewBuf : std::streambuf {
        explicit ViewBuf(std::string_view v) {
            char* b = const_cast<char*>(v.data());  // NOLINT: read-only use by istream
            setg(b, b, b + v.size());
        }
    } buf(text);
    std::istream in(&buf);

    NodeBuilder builder(file, limits);
    YamlCppEvents events(builder);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(events)) {
            // A `,` outside a flow collection is a token yaml-cpp never consumes: it would return empty
            // documents at the same place forever. (Two in a row can be legitimate: `---` then `---` at
            // the end, which yaml-cpp marks at column 0.)
            const auto& docs = builder.documents;
            const auto stuck = [&](std::size_t back) {
                const Node& d = docs[docs.size() - back];
                return d.is_null() && d.loc == docs.back().loc;
            };
            if (docs.size() >= 3 && stuck(1) && stuck(2) && stuck(3)) {
                return Error(Errc::parse, "invalid YAML: unexpected ',' outside a flow collection",
                             docs.back().loc);
            }
        }
    } catch (const BuildAbort& a) {
        return a.error;
    } catch (const YAML::Exception& e) {
        return from_yaml_exception(e, file);
    } catch (const std::exception& e) {
        return Error(Errc::parse, std::string("invalid YAML: ") + e.what(), SourceLoc{core::intern_path(file), 0, 0});
    }
    return std::move(builder.documents);
}

}  // namespace

namespace yaml_detail {

ParseOutcome parse_yaml_with(std::string_view text, std::string_view file, const YamlLimits& limits,
                             Producer producer) {
    if (text.size() > limits.max_bytes) {
        return {Error(Errc::parse, fmt::format("{} is {} bytes; stackctl refuses YAML input over {} bytes", file,
                                               text.size(), limits.max_bytes))};
    }
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (auto s = check_bytes(text, file); !s) return {std::move(s).error()};

    if (producer != Producer::yaml_cpp) {
        // Any problem, unsupported syntax or an error, sends the document to yaml-cpp, whose messages users
        // see; errors are rare, so parsing them twice costs nothing that matters.
        NodeBuilder builder(file, limits);
        if (parse_fast(text, builder)) return {std::move(builder.documents), true};
        if (producer == Producer::fast_only) {
            return {Error(Errc::parse, "fast parser declined", SourceLoc{core::intern_path(file), 0, 0})};
        }
    }
    return {parse_with_yaml_cpp(text, file, limits)};
}

}  // namespace yaml_detail

core::Result<std::vector<Node>> parse_yaml(std::string_view text, std::string_view file, const YamlLimits& limits) {
    using yaml_detail::Producer;
    return std::move(yaml_detail::parse_yaml_with(text, file, limits, Producer::automatic).result);
}

core::Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) return Error(Errc::io, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    std::string data;
    char chunk[65536];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) {
        data.append(chunk, n);
        if (data.size() > max_bytes) {
            if (f != stdin) std::fclose(f);
            return Error(Errc::io, fmt::format("{} is larger than {} bytes; refusing to read it", path, max_bytes));
        }
    }
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    if (f != stdin) std::fclose(f);
    if (failed) return Error(Errc::io, fmt::format("cannot read {}: {}", path, std::strerror(err)));
    return data;
}

core::Result<std::vector<Node>> parse_yaml_file(const std::string& path, const YamlLimits& limits) {
    auto text = read_file(path, limits.max_bytes);
    if (!text) return std::move(text).error();
    return parse_yaml(*text, path, limits);
}

}  // namespace stackctl::load
