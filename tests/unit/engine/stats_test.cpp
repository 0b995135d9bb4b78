#include <catch2/catch.hpp>

#include "stackctl/engine/stats.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/views.hpp"

using stackctl::engine::stats_sample;

TEST_CASE("stats numbers as the docker CLI computes them (cgroup v2)", "[engine][stats]") {
    const auto doc = nlohmann::json::parse(R"({
      "read": "2026-11-22T13:00:01Z",
      "pids_stats": {"current": 3, "limit": 4096},
      "cpu_stats": {"cpu_usage": {"total_usage": 3000000000}, "system_cpu_usage": 120000000000, "online_cpus": 2},
      "precpu_stats": {"cpu_usage": {"total_usage": 2500000000}, "system_cpu_usage": 118000000000, "online_cpus": 2},
      "memory_stats": {"usage": 10485760, "limit": 1073741824, "stats": {"inactive_file": 2097152}},
      "networks": {"eth0": {"rx_bytes": 1500, "tx_bytes": 700}, "eth1": {"rx_bytes": 500, "tx_bytes": 0}},
      "blkio_stats": {"io_service_bytes_recursive": [
        {"major": 8, "minor": 0, "op": "read", "value": 4096},
        {"major": 8, "minor": 0, "op": "write", "value": 8192},
        {"major": 8, "minor": 16, "op": "Read", "value": 1000}]}
    })");
    const auto s = stats_sample(doc);
    CHECK(s.cpu_percent == Approx(50.0));  // 0.5 s of 2 s system time, 2 CPUs
    CHECK(s.mem_usage == 8388608);
    CHECK(s.mem_limit == 1073741824);
    CHECK(s.mem_percent == Approx(0.78125));
    CHECK(s.net_rx == 2000);
    CHECK(s.net_tx == 700);
    CHECK(s.block_read == 5096);
    CHECK(s.block_write == 8192);
    CHECK(s.pids == 3);
}

TEST_CASE("stats: cgroup v1 cache, per-CPU count, one-shot and empty samples", "[engine][stats]") {
    const auto v1 = nlohmann::json::parse(R"({
      "cpu_stats": {"cpu_usage": {"total_usage": 200, "percpu_usage": [100, 50, 50, 0]}, "system_cpu_usage": 2000},
      "precpu_stats": {"cpu_usage": {"total_usage": 100}, "system_cpu_usage": 1000},
      "memory_stats": {"usage": 1000, "limit": 4000, "stats": {"total_inactive_file": 200, "inactive_file": 999}}
    })");
    const auto s = stats_sample(v1);
    CHECK(s.cpu_percent == Approx(40.0));  // 100/1000 x 4 CPUs
    CHECK(s.mem_usage == 800);
    CHECK(s.mem_percent == Approx(20.0));

    const auto one_shot = nlohmann::json::parse(R"({
      "cpu_stats": {"cpu_usage": {"total_usage": 200}, "system_cpu_usage": 2000, "online_cpus": 1},
      "precpu_stats": {"cpu_usage": {"total_usage": 0}},
      "memory_stats": {}, "networks": null, "blkio_stats": {"io_service_bytes_recursive": null}
    })");
    const auto o = stats_sample(one_shot);
    CHECK(o.cpu_percent == 0);
    CHECK(o.mem_percent == 0);
    CHECK(o.net_rx == 0);

    const auto empty = stats_sample(nlohmann::json::object());
    CHECK(empty.pids == 0);
    CHECK(empty.mem_limit == 0);
}

TEST_CASE("sizes as go-units prints them", "[ui][stats]") {
    using stackctl::ui::bytes_size;
    using stackctl::ui::human_size;
    CHECK(human_size(0, 3) == "0B");
    CHECK(human_size(999, 3) == "999B");
    CHECK(human_size(1234, 3) == "1.23kB");
    CHECK(human_size(1000, 3) == "1kB");
    CHECK(human_size(15300000, 3) == "15.3MB");
    CHECK(bytes_size(0) == "0B");
    CHECK(bytes_size(1536) == "1.5KiB");
    CHECK(bytes_size(8388608) == "8MiB");
    CHECK(bytes_size(8218492928.0) == "7.654GiB");
}

TEST_CASE("stats table and JSON lines", "[ui][stats]") {
    stackctl::ui::StatsRow r;
    r.id = "0123456789abcdef0123";
    r.name = "proj-web-1";
    r.cpu_percent = 12.346;
    r.mem_usage = 8388608;
    r.mem_limit = 1073741824;
    r.mem_percent = 0.78125;
    r.net_rx = 2000;
    r.net_tx = 700;
    r.block_read = 5096;
    r.pids = 3;
    CHECK(stackctl::ui::stats_table({r}) ==
          "CONTAINER ID   NAME         CPU %     MEM USAGE / LIMIT   MEM %     NET I/O      BLOCK I/O    PIDS\n"
          "0123456789ab   proj-web-1   12.35%    8MiB / 1GiB         0.78%     2kB / 700B   5.1kB / 0B   3\n");
    CHECK(stackctl::ui::stats_json_lines({r}) ==
          R"({"BlockIO":"5.1kB / 0B","CPUPerc":"12.35%","Container":"0123456789ab","ID":"0123456789ab",)"
          R"("MemPerc":"0.78%","MemUsage":"8MiB / 1GiB","Name":"proj-web-1","NetIO":"2kB / 700B","PIDs":"3"})"
          "\n");
}

TEST_CASE("stats: CPU % from an earlier one-shot sample", "[engine][stats]") {
    const auto first = nlohmann::json::parse(R"({
      "cpu_stats": {"cpu_usage": {"total_usage": 1000}, "system_cpu_usage": 100000, "online_cpus": 2},
      "precpu_stats": {}
    })");
    const auto second = nlohmann::json::parse(R"({
      "cpu_stats": {"cpu_usage": {"total_usage": 6000}, "system_cpu_usage": 200000, "online_cpus": 2},
      "precpu_stats": {}
    })");
    CHECK(stats_sample(second).cpu_percent == 0);
    CHECK(stats_sample(second, &first).cpu_percent == Approx(10.0));  // 5000/100000 x 2 CPUs
}
