#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "commands.hpp"
#include "interrupt.hpp"
#include "timestamp.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/log_printer.hpp"

namespace stackctl::cli {

namespace {

struct LogsCmdOptions {
    bool follow = false;
    std::string tail = "all";
    std::string since;
    std::string until;
    bool timestamps = false;
    bool no_color = false;
    bool no_prefix = false;
    int index = 0;  ///< --index N: only container N of the one service named
    std::vector<std::string> service_args;
};

core::Status run_logs(Context& ctx, const LogsCmdOptions& opt) {
    auto interrupts = cancel_on_interrupt(ctx);
    const long long now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto since = engine_timestamp(opt.since, now);
    if (!since) return core::Error(core::Errc::usage, fmt::format("invalid --since value \"{}\"", opt.since));
    auto until = engine_timestamp(opt.until, now);
    if (!until) return core::Error(core::Errc::usage, fmt::format("invalid --until value \"{}\"", opt.until));
    if (opt.tail != "all" && opt.tail.find_first_not_of("0123456789") != std::string::npos) {
        return core::Error(core::Errc::usage,
                           fmt::format("invalid --tail value \"{}\" (a number or all)", opt.tail));
    }

    if (opt.index < 0) return core::Error(core::Errc::usage, "--index must be 1 or more");
    if (opt.index > 0 && opt.service_args.size() != 1)
        return core::Error(core::Errc::usage, "--index requires one service to be selected");

    auto opened = open_project(ctx, opt.service_args, true, converge::StateQuery{.services = opt.service_args});
    if (!opened) return std::move(opened).error();
    if (opt.index > 0) {
        std::erase_if(opened->containers, [&](const converge::ContainerState& c) { return c.number != opt.index; });
        if (opened->containers.empty())
            return core::Error(core::Errc::not_found, fmt::format("service \"{}\" is not running container #{}",
                                                                  opt.service_args.front(), opt.index));
    }
    const auto& containers = opened->containers;

    std::vector<std::string> names;
    for (const auto& c : containers) names.push_back(converge::display_name(c));
    ui::LogPrinterOptions po;
    po.prefix = !opt.no_prefix;
    po.color = !opt.no_color && ui::color_enabled(STDOUT_FILENO);
    ui::LogPrinter printer(names, po);

    const engine::CancelFlag* cancel = &ctx.cancel;
    std::mutex mu;
    std::optional<core::Error> first_error;
    std::vector<std::thread> threads;
    engine::Client& cl = *opened->client;
    for (size_t i = 0; i < containers.size(); ++i) {
        const auto& c = containers[i];
        engine::LogsOptions lo;
        lo.follow = opt.follow;
        lo.timestamps = opt.timestamps;
        lo.since = *since;
        lo.until = *until;
        lo.tail = opt.tail == "all" ? std::string() : opt.tail;
        lo.tty = c.tty;
        lo.cancel = cancel;
        auto work = [&, lo, id = c.id, name = names[i]] {
            auto s = cl.container_logs(id, lo, [&](engine::StreamId sid, std::string_view data) {
                printer.write(name, static_cast<int>(sid), data);
                return true;
            });
            printer.flush(name);
            if (s && lo.follow && !ctx.cancel.load()) {
                // The stream ended with the container, as the reference says.
                if (auto info = cl.inspect_container(id); info && !info->state.running) {
                    printer.notice(fmt::format("{} exited with code {}", name, info->state.exit_code));
                }
            }
            if (!s && s.error().code != core::Errc::interrupted && s.error().code != core::Errc::not_found) {
                std::lock_guard lock(mu);
                if (!first_error) first_error = s.error();
            }
        };
        if (opt.follow)
            threads.emplace_back(work);
        else
            work();  // in order, one container after the other, as the reference prints them without -f
    }
    for (auto& t : threads) t.join();
    if (first_error) return *first_error;
    return {};
}

}  // namespace

void add_logs(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<LogsCmdOptions>();
    auto* cmd = app.add_subcommand("logs", "Show the output of the project's containers");
    cmd->add_flag("-f,--follow", opt->follow, "Follow the output (until Ctrl-C)");
    cmd->add_option("-n,--tail", opt->tail, "Number of lines from the end of each container's log, or all")
        ->capture_default_str();
    cmd->add_option("--since", opt->since,
                    "Only lines since a time (RFC 3339, unix seconds) or for a duration (10m)");
    cmd->add_option("--until", opt->until,
                    "Only lines before a time (RFC 3339, unix seconds) or a duration ago");
    cmd->add_flag("-t,--timestamps", opt->timestamps, "Show timestamps");
    cmd->add_flag("--no-color", opt->no_color, "Monochrome output");
    cmd->add_flag("--no-log-prefix", opt->no_prefix, "Do not prefix lines with the container's name");
    cmd->add_option("--index", opt->index, "Index of the container when the service has several (one service only)");
    cmd->add_option("services", opt->service_args, "Services whose logs to show");
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_logs(ctx, *opt); }; });
}

}  // namespace stackctl::cli
