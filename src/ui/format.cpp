#include "stackctl/ui/format.hpp"

#include <fmt/format.h>

#include <atomic>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <ctime>

namespace stackctl::ui {

std::string human_duration(std::chrono::seconds d) {
    const std::int64_t s = d.count();
    if (s < 1) return "Less than a second";
    if (s == 1) return "1 second";
    if (s < 60) return fmt::format("{} seconds", s);
    const std::int64_t minutes = s / 60;
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return fmt::format("{} minutes", minutes);
    const auto hours = static_cast<std::int64_t>(static_cast<double>(s) / 3600.0 + 0.5);
    if (hours == 1) return "About an hour";
    if (hours < 48) return fmt::format("{} hours", hours);
    if (hours < 24 * 7 * 2) return fmt::format("{} days", hours / 24);
    if (hours < 24 * 30 * 2) return fmt::format("{} weeks", hours / 24 / 7);
    if (hours < 24 * 365 * 2) return fmt::format("{} months", hours / 24 / 30);
    return fmt::format("{} years", s / 3600 / 24 / 365);
}

std::string ellipsis(std::string_view text, std::size_t max_width) {
    // Code point boundaries.
    std::size_t count = 0;
    for (unsigned char ch : text) count += (ch & 0xC0) != 0x80;
    if (count <= max_width) return std::string(text);
    if (max_width == 0) return {};
    std::size_t keep = max_width - 1, seen = 0, i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == keep) break;
            ++seen;
        }
    }
    return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
}

std::string go_time_string(std::int64_t unix_seconds) {
    std::time_t t = unix_seconds;
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[96];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z %Z", &tm);
    return buf;
}

std::int64_t parse_rfc3339(std::string_view text) {
    if (text.size() < 20 || text.substr(0, 4) == "0001") return 0;
    std::tm tm{};
    std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec) != 6) {
        return 0;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::int64_t t = timegm(&tm);
    // Offset: Z or +hh:mm / -hh:mm after the optional fraction.
    auto pos = s.find_first_of("Z+-", 19);
    if (pos != std::string::npos && s[pos] != 'Z') {
        int hh = 0, mm = 0;
        if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &hh, &mm) == 2) {
            std::int64_t off = (hh * 60 + mm) * 60;
            t += s[pos] == '+' ? -off : off;
        }
    }
    return t;
}

bool is_terminal(int fd) {
    return isatty(fd) == 1;
}

namespace {
std::atomic<AnsiMode> g_ansi{AnsiMode::auto_};
}  // namespace

void set_ansi_mode(AnsiMode mode) { g_ansi = mode; }
AnsiMode ansi_mode() { return g_ansi.load(); }

bool color_enabled(int fd) {
    if (g_ansi == AnsiMode::always) return true;
    if (g_ansi == AnsiMode::never) return false;
    const char* nc = std::getenv("NO_COLOR");
    if (nc != nullptr && *nc != '\0') return false;
    return is_terminal(fd);
}

namespace {

std::string custom_size(double size, double base, const char* const* units, std::size_t n, int precision) {
    std::size_t i = 0;
    while (size >= base && i + 1 < n) {
        size /= base;
        ++i;
    }
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%.*g%s", precision, size, units[i]);
    return buf.data();
}

}  // namespace

std::string human_size(double bytes, int precision) {
    static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    return custom_size(bytes, 1000.0, kUnits, std::size(kUnits), precision);
}

std::string bytes_size(double bytes) {
    static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    return custom_size(bytes, 1024.0, kUnits, std::size(kUnits), 4);
}

}  // namespace stackctl::ui
