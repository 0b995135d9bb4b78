#include "stackctl/ui/log_printer.hpp"

#include <unistd.h>

#include <cstdio>

namespace stackctl::ui {

LogPrinter::LogPrinter(const std::vector<std::string>& names, bool color) : color_(color && isatty(STDOUT_FILENO) != 0) {
    static const int palette[] = {36, 33, 32, 35, 34, 96, 93, 92, 95, 94};
    int i = 0;
    for (const auto& n : names) {
        width_ = std::max(width_, n.size());
        colors_[n] = palette[i++ % 10];
    }
}

std::string LogPrinter::prefix(const std::string& name) {
    std::string p = name;
    if (p.size() < width_) p.append(width_ - p.size(), ' ');
    p += "  | ";
    if (!color_) return p;
    auto it = colors_.find(name);
    int c = it == colors_.end() ? 37 : it->second;
    return "\033[" + std::to_string(c) + "m" + p + "\033[0m";
}

void LogPrinter::write(const std::string& name, std::string_view data) {
    std::lock_guard l(mu_);
    std::string& buf = pending_[name];
    buf.append(data);
    std::string out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = buf.find('\n', start)) != std::string::npos; start = nl + 1)
        out += prefix(name) + buf.substr(start, nl - start + 1);
    buf.erase(0, start);
    if (!out.empty()) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
    }
}

void LogPrinter::flush() {
    std::lock_guard l(mu_);
    std::string out;
    for (auto& [name, buf] : pending_) {
        if (!buf.empty()) out += prefix(name) + buf + "\n";
        buf.clear();
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

void LogPrinter::note(const std::string& name, const std::string& text) {
    std::lock_guard l(mu_);
    std::string out = prefix(name) + text + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

}  // namespace stackctl::ui
