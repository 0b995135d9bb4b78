#include "stackctl/ui/output.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "stackctl/ui/raw_output.hpp"

namespace stackctl::ui {

void out(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

core::Status out_data(std::string_view data) {
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) {
        return core::Error(core::Errc::io, "standard output: write failed");
    }
    return {};
}

void out_json(const nlohmann::json& doc, int indent) {
    out(doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
    out("\n");
}

void error(const core::Error& err) {
    std::fflush(stdout);
    std::string text = core::render(err, true, "stackctl: error: ");
    std::fwrite(text.data(), 1, text.size(), stderr);
}

void warning(std::string_view text) {
    std::fflush(stdout);
    std::string line = "stackctl: warning: " + std::string(text) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void info(std::string_view text) {
    std::fflush(stdout);
    std::string line = std::string(text) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

namespace {

// Display width as Go's tabwriter counts it: one per UTF-8 code point.
size_t display_width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  std::size_t min_width) {
    std::vector<size_t> width(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& r) {
        for (size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
    };
    measure(header);
    for (const auto& r : rows) measure(r);
    std::string text;
    auto emit = [&](const std::vector<std::string>& r) {
        std::string line;
        for (size_t i = 0; i < width.size(); ++i) {
            const std::string& cell = i < r.size() ? r[i] : std::string();
            line += cell;
            if (i + 1 < width.size()) line.append(std::max(width[i] + 3, min_width) - display_width(cell), ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        text += line + '\n';
    };
    emit(header);
    for (const auto& r : rows) emit(r);
    return text;
}

}  // namespace stackctl::ui
