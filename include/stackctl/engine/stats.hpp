#pragma once
/// The numbers `docker stats` shows, computed from one sample of GET /containers/{id}/stats the way the
/// docker CLI computes them (Linux containers, cgroup v1 and v2).

#include <cstdint>

#include <nlohmann/json.hpp>

namespace stackctl::engine {

struct StatsSample {
    /// (Δ container CPU time / Δ system CPU time) × online CPUs × 100, between the previous sample's
    /// cpu_stats (else this sample's precpu_stats) and this one's; 0 without an earlier reading.
    double cpu_percent = 0;
    /// Usage without the page cache (inactive_file on cgroup v2, total_inactive_file on v1).
    std::uint64_t mem_usage = 0;
    std::uint64_t mem_limit = 0;
    double mem_percent = 0;
    std::uint64_t net_rx = 0;  ///< summed over the networks
    std::uint64_t net_tx = 0;
    std::uint64_t block_read = 0;
    std::uint64_t block_write = 0;
    std::uint64_t pids = 0;
};

/// Missing or null fields count as 0 (a container that just stopped reports almost nothing). `previous`: an
/// earlier sample of the same container (one-shot samples have no precpu_stats of their own).
StatsSample stats_sample(const nlohmann::json& doc, const nlohmann::json* previous = nullptr);

}  // namespace stackctl::engine
