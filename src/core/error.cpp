#include "stackctl/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

namespace stackctl::core {

const char* errc_name(Errc code) {
    switch (code) {
        case Errc::usage: return "usage";
        case Errc::io: return "io";
        case Errc::parse: return "parse";
        case Errc::interpolate: return "interpolate";
        case Errc::merge: return "merge";
        case Errc::validate: return "validate";
        case Errc::cycle: return "cycle";
        case Errc::engine: return "engine";
        case Errc::unreachable: return "unreachable";
        case Errc::not_found: return "not_found";
        case Errc::conflict: return "conflict";
        case Errc::timeout: return "timeout";
        case Errc::unhealthy: return "unhealthy";
        case Errc::interrupted: return "interrupted";
        case Errc::internal: return "internal";
    }
    return "internal";
}

int exit_code(Errc code) {
    switch (code) {
        case Errc::usage: return 2;
        // 14 and 15 are the statuses Docker Compose uses for "file not found" and "compose file invalid",
        // so scripts written against it keep working.
        case Errc::io: return 14;
        case Errc::parse:
        case Errc::interpolate:
        case Errc::merge:
        case Errc::validate:
        case Errc::cycle: return 15;
        case Errc::unreachable: return 4;
        case Errc::engine:
        case Errc::not_found:
        case Errc::conflict: return 5;
        case Errc::timeout:
        case Errc::unhealthy: return 6;
        case Errc::interrupted: return 130;
        case Errc::internal: return 70;
    }
    return 70;
}

std::string Error::headline() const {
    std::string out;
    if (where) {
        out += where->str();
        out += ": ";
    }
    if (!path.empty()) {
        out += path;
        out += ": ";
    }
    out += message;
    return out;
}

namespace {

// Reads line `n` (1-based) of `file`; empty when the file or line is gone (stdin, deleted file).
std::string read_line(std::string_view file, std::uint32_t n) {
    if (file.empty() || file == "-") return {};
    std::ifstream in{std::string(file)};
    std::string line;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!std::getline(in, line)) return {};
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

void render_into(std::string& out, const Error& err, bool with_snippet, std::string_view prefix) {
    out += prefix;
    out += err.headline();
    out += '\n';
    if (with_snippet && err.where && err.where->known()) {
        std::string line = read_line(err.where->file, err.where->line);
        if (!line.empty() && line.size() < 500) {
            std::string gutter = fmt::format("{:>5} | ", err.where->line);
            out += gutter + line + '\n';
            std::string pad(gutter.size() - 2, ' ');
            pad += "| ";
            // Keep tabs so the caret lines up under the column in any tab width.
            for (std::uint32_t i = 1; i < err.where->col && i - 1 < line.size(); ++i)
                pad += line[i - 1] == '\t' ? '\t' : ' ';
            out += pad + "^\n";
        }
    }
    for (const auto& n : err.notes) out += "  note: " + n + '\n';
}

}  // namespace

std::string render(const Error& err, bool with_snippet, std::string_view prefix) {
    std::string out;
    render_into(out, err, with_snippet, prefix);
    // A file with hundreds of mistakes is better served by the first ones and a count.
    constexpr std::size_t kMaxShown = 50;
    const std::size_t shown = std::min(err.more.size(), kMaxShown - 1);
    for (std::size_t i = 0; i < shown; ++i) render_into(out, err.more[i], with_snippet, prefix);
    if (err.more.size() > shown) {
        out += prefix;
        out += fmt::format("... and {} more errors\n", err.more.size() - shown);
    }
    return out;
}

}  // namespace stackctl::core
