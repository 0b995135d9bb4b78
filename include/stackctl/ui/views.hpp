#pragma once
/// Renderers for the read commands (ps, status): they take plain rows the command has assembled and
/// return the text to print, so the layout is testable without an engine.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stackctl::ui {

struct PsPublisher {
    std::string url;
    int target_port = 0;
    int published_port = 0;
    std::string protocol;
};

/// One line of `ps`, with the fields `docker compose ps --format json` prints.
struct PsRow {
    std::string id;  ///< full id
    std::string name;
    std::string image;
    std::string command;  ///< untruncated
    std::string project;
    std::string service;
    std::int64_t created = 0;  ///< unix seconds
    std::string state;
    std::string status;
    std::string health;
    int exit_code = 0;
    std::string ports;  ///< already formatted
    std::vector<PsPublisher> publishers;
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<std::string> networks;
    std::vector<std::string> mounts;  ///< names (volumes) or sources (binds)
    int local_volumes = 0;
};

/// The table of `docker compose ps`: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS. `now` is unix seconds.
/// `trunc` false (--no-trunc): the command is not cut.
std::string ps_table(const std::vector<PsRow>& rows, std::int64_t now, bool trunc = true);
/// One JSON object per line, as `docker compose ps --format json` (`trunc` false: whole command, id and mounts).
std::string ps_json_lines(const std::vector<PsRow>& rows, std::int64_t now, bool trunc = true);

/// One line of `status`: a container of a service, or a service without a container.
struct StatusRow {
    std::string service;
    std::string container;  ///< empty: not created
    std::string state;      ///< running, exited, ..., or "not created"
    std::string health;     ///< empty without a health check
    std::string ports;
    std::int64_t started = 0;      ///< unix seconds; 0 when not running
    std::optional<int> exit_code;  ///< set when the container has exited
    bool required = true;          ///< counts for the exit status
    bool ok = true;                ///< required and fine, or not required
};

std::string status_table(const std::vector<StatusRow>& rows, std::int64_t now, bool color);
/// The status document, indented, with a trailing newline.
std::string status_json(const std::string& project, const std::vector<StatusRow>& rows, std::int64_t now);

/// One line of `stats`: a running container and its usage.
struct StatsRow {
    std::string id;  ///< full id
    std::string name;
    double cpu_percent = 0;
    std::uint64_t mem_usage = 0;
    std::uint64_t mem_limit = 0;
    double mem_percent = 0;
    std::uint64_t net_rx = 0, net_tx = 0;
    std::uint64_t block_read = 0, block_write = 0;
    std::uint64_t pids = 0;
};

/// The table of `docker stats`: CONTAINER ID, NAME, CPU %, MEM USAGE / LIMIT, MEM %, NET I/O, BLOCK I/O, PIDS.
std::string stats_table(const std::vector<StatsRow>& rows);
/// One JSON object per line, with the fields and value forms of `docker stats --format json`.
std::string stats_json_lines(const std::vector<StatsRow>& rows);
/// Moves the cursor home and clears the screen, for a refreshed display on a terminal.
std::string clear_screen();

}  // namespace stackctl::ui
