#include "stackctl/engine/stats.hpp"

#include <cctype>
#include <string>

namespace stackctl::engine {

namespace {

std::uint64_t u64(const nlohmann::json& obj, const char* key) {
    if (!obj.is_object()) return 0;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number()) return 0;
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    if (it->is_number_integer()) return it->get<std::int64_t>() < 0 ? 0 : static_cast<std::uint64_t>(it->get<std::int64_t>());
    double d = it->get<double>();
    return d < 0 ? 0 : static_cast<std::uint64_t>(d);
}

const nlohmann::json& member(const nlohmann::json& obj, const char* key) {
    static const nlohmann::json null;
    if (!obj.is_object()) return null;
    auto it = obj.find(key);
    return it == obj.end() ? null : *it;
}

}  // namespace

StatsSample stats_sample(const nlohmann::json& doc, const nlohmann::json* previous) {
    StatsSample s;
    const auto& cpu = member(doc, "cpu_stats");
    const auto& pre = previous != nullptr ? member(*previous, "cpu_stats") : member(doc, "precpu_stats");
    const std::uint64_t total = u64(member(cpu, "cpu_usage"), "total_usage");
    const std::uint64_t pre_total = u64(member(pre, "cpu_usage"), "total_usage");
    const std::uint64_t system = u64(cpu, "system_cpu_usage");
    const std::uint64_t pre_system = u64(pre, "system_cpu_usage");
    std::uint64_t online = u64(cpu, "online_cpus");
    if (online == 0) {
        const auto& per = member(member(cpu, "cpu_usage"), "percpu_usage");
        online = per.is_array() ? per.size() : 0;
    }
    if (pre_system != 0 && system > pre_system && total > pre_total) {
        s.cpu_percent = static_cast<double>(total - pre_total) / static_cast<double>(system - pre_system) *
                        static_cast<double>(online) * 100.0;
    }

    const auto& mem = member(doc, "memory_stats");
    s.mem_usage = u64(mem, "usage");
    const auto& mstats = member(mem, "stats");
    // The docker CLI's order: cgroup v1's total_inactive_file, else v2's inactive_file (each only when smaller
    // than the usage).
    if (mstats.is_object() && mstats.contains("total_inactive_file") && u64(mstats, "total_inactive_file") < s.mem_usage) {
        s.mem_usage -= u64(mstats, "total_inactive_file");
    } else if (u64(mstats, "inactive_file") < s.mem_usage) {
        s.mem_usage -= u64(mstats, "inactive_file");
    }
    s.mem_limit = u64(mem, "limit");
    if (s.mem_limit != 0) s.mem_percent = static_cast<double>(s.mem_usage) / static_cast<double>(s.mem_limit) * 100.0;

    const auto& nets = member(doc, "networks");
    if (nets.is_object()) {
        for (const auto& [name, n] : nets.items()) {
            s.net_rx += u64(n, "rx_bytes");
            s.net_tx += u64(n, "tx_bytes");
        }
    }
    const auto& io = member(member(doc, "blkio_stats"), "io_service_bytes_recursive");
    if (io.is_array()) {
        for (const auto& e : io) {
            std::string op = e.is_object() ? e.value("op", "") : "";
            if (op.empty()) continue;
            const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(op[0])));
            if (c == 'r') s.block_read += u64(e, "value");
            else if (c == 'w') s.block_write += u64(e, "value");
        }
    }
    s.pids = u64(member(doc, "pids_stats"), "current");
    return s;
}

}  // namespace stackctl::engine
