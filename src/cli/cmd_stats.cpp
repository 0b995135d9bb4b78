// stackctl stats: CPU, memory, network, block I/O and PIDs of the project's running containers, from
// one-shot samples (GET /containers/{id}/stats?stream=false&one-shot=1) of all containers in parallel. CPU %
// is computed between two samples: a second one about a second after the first for --no-stream, the previous
// round's when refreshing.

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/engine/stats.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/output.hpp"
#include "stackctl/ui/views.hpp"

namespace stackctl::cli {

namespace {

struct StatsFlags {
    bool no_stream = false;
    std::string format = "table";
    std::vector<std::string> services;
};

using Samples = std::map<std::string, nlohmann::json>;  ///< container id -> engine stats document

/// One-shot samples of the containers, in parallel; a container that stopped or went away is left out.
core::Result<Samples> fetch(engine::Client& client, const std::vector<std::string>& ids) {
    std::vector<std::future<core::Result<nlohmann::json>>> pending;
    pending.reserve(ids.size());
    for (const auto& id : ids) {
        pending.push_back(std::async(std::launch::async, [&client, id] { return client.container_stats(id); }));
    }
    Samples out;
    std::optional<core::Error> failure;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto doc = pending[i].get();
        if (doc) {
            out[ids[i]] = std::move(*doc);
        } else if (doc.error().code != core::Errc::not_found && doc.error().code != core::Errc::conflict && !failure) {
            failure = std::move(doc).error();
        }
    }
    if (failure) return std::move(*failure);
    return out;
}

/// Sleeps about `ms`, waking early on Ctrl-C; false when interrupted.
bool pause(Context& ctx, int ms) {
    for (int waited = 0; waited < ms && !ctx.cancel.load(); waited += 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return !ctx.cancel.load();
}

/// One round: the running containers of the project and their usage. CPU % needs two readings: against
/// `previous` (the last round's samples), else a second sample about a second after the first.
core::Result<std::vector<ui::StatsRow>> sample(Context& ctx, engine::Client& client, const std::string& project,
                                               const std::vector<std::string>& services, Samples& previous) {
    converge::StateQuery q;
    q.project = project;
    q.services = services;
    q.all = false;
    q.oneoff = true;
    q.inspect = false;
    auto containers = converge::list_project_containers(client, q);
    if (!containers) return std::move(containers).error();
    std::vector<std::string> ids;
    for (const auto& c : *containers) ids.push_back(c.id);
    auto docs = fetch(client, ids);
    if (!docs) return std::move(docs).error();
    std::vector<std::string> fresh;
    for (const auto& [id, doc] : *docs) {
        if (previous.count(id) == 0) fresh.push_back(id);
    }
    if (!fresh.empty()) {
        if (!pause(ctx, 1000)) return core::Error(core::Errc::interrupted, "interrupted");
        for (const auto& id : fresh) previous[id] = (*docs)[id];
        auto again = fetch(client, fresh);
        if (!again) return std::move(again).error();
        for (auto& [id, doc] : *again) (*docs)[id] = std::move(doc);
    }
    std::vector<ui::StatsRow> rows;
    for (const auto& c : *containers) {
        auto it = docs->find(c.id);
        if (it == docs->end()) continue;
        auto prev = previous.find(c.id);
        const auto s = engine::stats_sample(it->second, prev == previous.end() ? nullptr : &prev->second);
        ui::StatsRow r;
        r.id = c.id;
        r.name = c.name;
        r.cpu_percent = s.cpu_percent;
        r.mem_usage = s.mem_usage;
        r.mem_limit = s.mem_limit;
        r.mem_percent = s.mem_percent;
        r.net_rx = s.net_rx;
        r.net_tx = s.net_tx;
        r.block_read = s.block_read;
        r.block_write = s.block_write;
        r.pids = s.pids;
        rows.push_back(std::move(r));
    }
    previous = std::move(*docs);
    return rows;
}

core::Status run_stats(Context& ctx, const StatsFlags& f) {
    if (f.format != "table" && f.format != "json")
        return core::Error(core::Errc::usage, fmt::format("unsupported format \"{}\" (use table or json)", f.format));
    auto interrupts = cancel_on_interrupt(ctx);
    auto opened = open_project(ctx, f.services, true, std::nullopt);
    if (!opened) return std::move(opened).error();
    const ProjectRef& ref = opened->ref;
    const bool json = f.format == "json";
    // Refreshing only makes sense on a terminal; piped output gets one round, as with --no-stream.
    const bool stream = !f.no_stream && ui::is_terminal(STDOUT_FILENO);
    Samples previous;
    for (;;) {
        auto rows = sample(ctx, *opened->client, ref.name, f.services, previous);
        if (!rows) {
            if (stream && rows.error().code == core::Errc::interrupted) return {};
            return std::move(rows).error();
        }
        std::string text = json ? ui::stats_json_lines(*rows) : ui::stats_table(*rows);
        if (!stream) {
            ui::out(text);
            return {};
        }
        ui::out(json ? text : ui::clear_screen() + text);
        std::fflush(stdout);
        if (!pause(ctx, 2000)) return {};
    }
}

}  // namespace

void add_stats(CLI::App& app, Context& ctx) {
    auto f = std::make_shared<StatsFlags>();
    CLI::App* cmd = app.add_subcommand("stats", "Display the resource usage of the project's running containers");
    cmd->add_flag("--no-stream", f->no_stream,
                  "Print one sample and exit (also the behaviour when standard output is not a terminal)");
    cmd->add_option("--format", f->format, "Output format: table or json")->capture_default_str();
    cmd->add_option("services", f->services, "Services to show");
    cmd->callback([&ctx, f] { ctx.action = [&ctx, f] { return run_stats(ctx, *f); }; });
}

}  // namespace stackctl::cli
