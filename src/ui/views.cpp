#include "stackctl/ui/views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "stackctl/core/utf8.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::ui {

namespace {

std::string running_for(std::int64_t created, std::int64_t now) {
    return human_duration(std::chrono::seconds(std::max<std::int64_t>(0, now - created))) + " ago";
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

// Go's encoding/json escapes <, > and & (which only occur inside strings) as \u003c, \u003e, \u0026.
std::string go_html_escape(const std::string& json) {
    std::string out;
    out.reserve(json.size());
    for (char c : json) {
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else
            out += c;
    }
    return out;
}

}  // namespace

std::string ps_table(const std::vector<PsRow>& rows, std::int64_t now, bool trunc) {
    std::vector<std::vector<std::string>> cells;
    for (const auto& r : rows) {
        cells.push_back({r.name, r.image, core::go_quote(trunc ? ellipsis(r.command, 20) : r.command), r.service,
                         running_for(r.created, now), r.status, r.ports});
    }
    // the docker CLI's tabwriter: columns at least 10 wide, 3 spaces of padding
    return table({"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"}, cells, 10);
}

std::string ps_json_lines(const std::vector<PsRow>& rows, std::int64_t now, bool trunc) {
    std::string out;
    for (const auto& r : rows) {
        std::vector<std::string> labels;
        for (const auto& [k, v] : r.labels) labels.push_back(k + "=" + v);
        std::vector<std::string> mounts;
        for (const auto& m : r.mounts) mounts.push_back(trunc ? ellipsis(m, 15) : m);
        nlohmann::ordered_json pubs = nullptr;
        if (!r.publishers.empty()) {
            pubs = nlohmann::ordered_json::array();
            for (const auto& p : r.publishers) {
                nlohmann::ordered_json pub;
                pub["URL"] = p.url;
                pub["TargetPort"] = p.target_port;
                pub["PublishedPort"] = p.published_port;
                pub["Protocol"] = p.protocol;
                pubs.push_back(std::move(pub));
            }
        }
        nlohmann::ordered_json doc;
        doc["Command"] = core::go_quote(trunc ? ellipsis(r.command, 20) : r.command);
        doc["CreatedAt"] = go_time_string(r.created);
        doc["ExitCode"] = r.exit_code;
        doc["Health"] = r.health;
        doc["ID"] = trunc ? r.id.substr(0, 12) : r.id;
        doc["Image"] = r.image;
        doc["Labels"] = joined(labels, ",");
        doc["LocalVolumes"] = std::to_string(r.local_volumes);
        doc["Mounts"] = joined(mounts, ",");
        doc["Name"] = r.name;
        doc["Names"] = r.name;
        doc["Networks"] = joined(r.networks, ",");
        doc["Ports"] = r.ports;
        doc["Project"] = r.project;
        doc["Publishers"] = pubs;
        doc["RunningFor"] = running_for(r.created, now);
        doc["Service"] = r.service;
        doc["Size"] = "0B";
        doc["State"] = r.state;
        doc["Status"] = r.status;
        out += go_html_escape(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
    }
    return out;
}

namespace {

std::string uptime(const StatusRow& r, std::int64_t now) {
    if (r.started == 0 || r.state != "running") return "-";
    return human_duration(std::chrono::seconds(std::max<std::int64_t>(0, now - r.started)));
}

}  // namespace

std::string status_table(const std::vector<StatusRow>& rows, std::int64_t now, bool color) {
    std::vector<std::vector<std::string>> cells;
    for (const auto& r : rows) {
        cells.push_back({r.service, r.container.empty() ? "-" : r.container, r.state,
                         r.health.empty() ? "-" : r.health, r.ports.empty() ? "-" : r.ports, uptime(r, now),
                         r.exit_code ? std::to_string(*r.exit_code) : "-"});
    }
    std::string text = table({"SERVICE", "CONTAINER", "STATE", "HEALTH", "PORTS", "UPTIME", "EXIT"}, cells);
    if (!color) return text;
    // Colour the state cell of each line: green when fine, red when a required service is not.
    std::string out;
    size_t line_no = 0, pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        std::string line = text.substr(pos, end - pos);
        if (line_no > 0 && line_no - 1 < rows.size()) {
            const auto& r = rows[line_no - 1];
            const char* code = r.ok ? (r.state == "running" ? "\x1b[32m" : "\x1b[2m") : "\x1b[31m";
            line = code + line + "\x1b[0m";
        }
        out += line + "\n";
        pos = end + 1;
        ++line_no;
    }
    return out;
}

std::string status_json(const std::string& project, const std::vector<StatusRow>& rows, std::int64_t now) {
    nlohmann::ordered_json services = nlohmann::ordered_json::array();
    bool ok = true;
    for (const auto& r : rows) {
        ok = ok && r.ok;
        nlohmann::ordered_json s;
        s["service"] = r.service;
        s["container"] =
            r.container.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.container);
        s["state"] = r.state;
        s["health"] = r.health.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.health);
        s["ports"] = r.ports;
        s["uptime_seconds"] = (r.started == 0 || r.state != "running")
                                  ? nlohmann::ordered_json(nullptr)
                                  : nlohmann::ordered_json(now - r.started);
        s["exit_code"] = r.exit_code ? nlohmann::ordered_json(*r.exit_code) : nlohmann::ordered_json(nullptr);
        s["required"] = r.required;
        s["ok"] = r.ok;
        services.push_back(std::move(s));
    }
    nlohmann::ordered_json doc;
    doc["project"] = project;
    doc["ok"] = ok;
    doc["services"] = std::move(services);
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

struct StatsCells {
    std::string id, name, cpu, mem, mem_perc, net, block, pids;
};

StatsCells stats_cells(const StatsRow& r) {
    StatsCells c;
    c.id = r.id.substr(0, 12);
    c.name = r.name;
    c.cpu = fmt::format("{:.2f}%", r.cpu_percent);
    c.mem = bytes_size(static_cast<double>(r.mem_usage)) + " / " + bytes_size(static_cast<double>(r.mem_limit));
    c.mem_perc = fmt::format("{:.2f}%", r.mem_percent);
    c.net = human_size(static_cast<double>(r.net_rx), 3) + " / " + human_size(static_cast<double>(r.net_tx), 3);
    c.block = human_size(static_cast<double>(r.block_read), 3) + " / " + human_size(static_cast<double>(r.block_write), 3);
    c.pids = std::to_string(r.pids);
    return c;
}

}  // namespace

std::string stats_table(const std::vector<StatsRow>& rows) {
    std::vector<std::vector<std::string>> cells;
    for (const auto& r : rows) {
        auto c = stats_cells(r);
        cells.push_back({c.id, c.name, c.cpu, c.mem, c.mem_perc, c.net, c.block, c.pids});
    }
    // The docker CLI's tabwriter: minimum width 10, padding 3.
    return table({"CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"}, cells,
                 10);
}

std::string stats_json_lines(const std::vector<StatsRow>& rows) {
    std::string text;
    for (const auto& r : rows) {
        auto c = stats_cells(r);
        nlohmann::json doc = {{"BlockIO", c.block}, {"CPUPerc", c.cpu},   {"Container", c.id},
                              {"ID", c.id},         {"MemPerc", c.mem_perc}, {"MemUsage", c.mem},
                              {"Name", c.name},     {"NetIO", c.net},     {"PIDs", c.pids}};
        text += doc.dump() + "\n";
    }
    return text;
}

std::string clear_screen() { return "\033[H\033[2J"; }

}  // namespace stackctl::ui
