#include "timestamp.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

#include "stackctl/load/gotypes.hpp"
#include "stackctl/ui/format.hpp"

namespace stackctl::cli {

std::optional<std::string> engine_timestamp(std::string_view value, long long now) {
    if (value.empty()) return std::string();
    // Unix seconds, possibly with a fraction.
    bool numeric = true;
    int dots = 0;
    for (char c : value) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            numeric = false;
    }
    if (numeric && dots <= 1) return std::string(value);
    if (auto d = load::go::parse_duration(value)) {
        const long long ns = *d;
        const long long total = now * 1000000000LL - ns;
        return fmt::format("{}.{:09d}", total / 1000000000LL, total % 1000000000LL);
    }
    if (value.size() >= 20) {
        if (auto t = ui::parse_rfc3339(value); t != 0) return std::to_string(t);
    }
    // "2006-01-02T15:04:05" and "2006-01-02": local time.
    std::tm tm{};
    std::string s(value);
    int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                        &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
    if (n == 6 || (n == 3 && s.size() == 10)) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        tm.tm_isdst = -1;
        return std::to_string(static_cast<long long>(std::mktime(&tm)));
    }
    return std::nullopt;
}

}  // namespace stackctl::cli
