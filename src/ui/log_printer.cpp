#include "stackctl/ui/log_printer.hpp"

#include <algorithm>
#include <cstdio>

namespace stackctl::ui {

namespace {

// The reference's rotation: cyan, yellow, green, magenta, blue, then the bright variants.
constexpr const char* kColors[] = {"36", "33", "32", "35", "34", "96", "93", "92", "95", "94"};

void write_stdout(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

}  // namespace

LogPrinter::LogPrinter(const std::vector<std::string>& names, LogPrinterOptions opts) : opts_(opts) {
    std::size_t i = 0;
    for (const auto& n : names) {
        width_ = std::max(width_, n.size());
        if (colors_.count(n) == 0) colors_[n] = kColors[i++ % (sizeof kColors / sizeof kColors[0])];
    }
}

std::string LogPrinter::prefix(const std::string& name) const {
    if (!opts_.prefix) return {};
    std::string p = name;
    if (name.size() < width_ + 1) p.append(width_ + 1 - name.size(), ' ');
    p += " | ";
    if (opts_.color) {
        auto it = colors_.find(name);
        const char* code = it == colors_.end() ? "36" : it->second.c_str();
        return std::string("\x1b[") + code + "m" + p + "\x1b[0m";
    }
    return p;
}

void LogPrinter::write(const std::string& name, int stream, std::string_view data) {
    std::lock_guard lock(mu_);
    std::string& part = partial_[{name, stream}];
    std::string out;
    const std::string pre = prefix(name);
    while (!data.empty()) {
        auto nl = data.find('\n');
        if (nl == std::string_view::npos) {
            part.append(data);
            break;
        }
        out += pre;
        out += part;
        out.append(data.substr(0, nl + 1));
        part.clear();
        data.remove_prefix(nl + 1);
    }
    if (!out.empty()) write_stdout(out);
}

void LogPrinter::flush(const std::string& name) {
    std::lock_guard lock(mu_);
    std::string out;
    for (auto& [key, part] : partial_) {
        if (key.first != name || part.empty()) continue;
        out += prefix(name) + part + "\n";
        part.clear();
    }
    if (!out.empty()) write_stdout(out);
}

void LogPrinter::notice(std::string_view line) {
    std::lock_guard lock(mu_);
    write_stdout(std::string(line) + "\n");
}

}  // namespace stackctl::ui
