#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_setup.hpp"
#include "stackctl/converge/create_request.hpp"
#include "stackctl/converge/execute.hpp"
#include "stackctl/converge/images.hpp"
#include "stackctl/converge/labels.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/ui/format.hpp"
#include "stackctl/ui/log_printer.hpp"
#include "stackctl/ui/output.hpp"
#include "stackctl/ui/progress.hpp"

namespace stackctl::cli {

namespace {

struct UpFlags {
    bool detach = false;
    bool wait = false;
    int wait_timeout = 0;
    bool force_recreate = false;
    bool no_recreate = false;
    bool always_recreate_deps = false;
    bool renew_anon_volumes = false;
    bool no_deps = false;
    bool remove_orphans = false;
    bool no_start = false;
    bool dry_run = false;
    bool build = false;
    bool no_build = false;
    bool abort_on_exit = false;
    bool abort_on_failure = false;
    std::string pull;
    bool quiet_pull = false;
    std::string exit_code_from;
    std::vector<std::string> scale;
    int timeout = -1;
    bool no_color = false;
    bool no_log_prefix = false;
    bool timestamps = false;
    std::vector<std::string> attach;
    std::vector<std::string> no_attach;
    bool attach_dependencies = false;
    std::vector<std::string> services;
};

core::Result<std::map<std::string, int>> parse_scale(const std::vector<std::string>& items) {
    std::map<std::string, int> out;
    for (const auto& s : items) {
        auto eq = s.find('=');
        int n = -1;
        if (eq != std::string::npos) {
            try {
                std::size_t used = 0;
                n = std::stoi(s.substr(eq + 1), &used);
                if (used != s.size() - eq - 1) n = -1;
            } catch (...) {
                n = -1;
            }
        }
        if (eq == std::string::npos || eq == 0 || n < 0)
            return core::Error(core::Errc::usage, fmt::format("invalid --scale {}: expected SERVICE=NUM", s));
        out[s.substr(0, eq)] = n;
    }
    return out;
}

/// Now as the engine's `since` takes it: unix seconds with a fraction.
std::string unix_now() {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return fmt::format("{}.{:03d}", ms / 1000, static_cast<int>(ms % 1000));
}

/// The attached part of `up`: the output of the attached services' containers (all, the named services, or
/// --attach / --no-attach) until they have all exited, one exits (abort), or Ctrl-C. As the reference, the
/// exits watched (exit lines, aborts) are those of the attached and the named services (every service when
/// none is named); the others (the named services' dependencies) are only stopped on an abort or Ctrl-C.
class Attached {
public:
    Attached(engine::Client& client, const converge::DesiredState& d, const converge::ExecuteResult& res, const UpFlags& f,
             const std::set<std::string>& attach, const std::set<std::string>& watch, std::string since)
        : client_(client), d_(d), f_(f), since_(std::move(since)) {
        for (const auto& svc : d.graph.order()) {
            auto it = res.containers.find(svc);
            if (it == res.containers.end()) continue;
            for (const auto& id : it->second) {
                auto info = client.inspect_container(id);
                // "web-1", as `logs` and the reference show them
                std::string name = svc;
                if (info) {
                    auto num = info->labels.find(std::string(converge::labels::kContainerNumber));
                    name = num != info->labels.end() ? fmt::format("{}-{}", svc, num->second) : info->name;
                }
                const bool attached = attach.count(svc) != 0;
                const bool watched = attached || watch.count(svc) != 0;
                containers_.push_back({.service = svc, .id = id, .name = name, .attached = attached, .watched = watched});
                if (attached) ++attached_running_;
                if (watched) ++all_running_;
            }
        }
    }

    void interrupt(int n) {
        std::lock_guard l(mu_);
        if (n == 1) stop_requested_ = true;
        else kill_requested_ = true;
        cv_.notify_all();
    }

    core::Result<int> run() {
        std::vector<std::string> names;
        for (const auto& c : containers_)
            if (c.attached) names.push_back(c.name);
        std::sort(names.begin(), names.end());  // "Attaching to" lists them by name, as the reference
        ui::LogPrinter printer(names, {.prefix = !f_.no_log_prefix,
                                       .color = !f_.no_color && ui::color_enabled(STDOUT_FILENO)});
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        ui::out("Attaching to " + list + "\n");
        const bool any_attached = !names.empty();
        std::vector<std::thread> threads;
        for (auto& c : containers_) {
            if (!c.watched) continue;
            threads.emplace_back([&] {
                int code = -1;
                if (c.attached) {
                    std::string since = since_;
                    std::string last_exit;
                    while (!watch_cancel_.load()) {
                        engine::LogsOptions lo;
                        lo.follow = true;
                        lo.since = since;
                        lo.timestamps = f_.timestamps;
                        lo.cancel = &watch_cancel_;
                        (void)client_.container_logs(c.id, lo, [&](engine::StreamId sid, std::string_view data) {
                            printer.write(c.name, static_cast<int>(sid), data);
                            return true;
                        });
                        if (watch_cancel_.load()) break;
                        auto info = client_.inspect_container(c.id);
                        if (!info) break;
                        if (!info->state.restarting && !info->state.running) {
                            code = info->state.exit_code;
                            break;
                        }
                        // its restart policy brings it back: say how it ended, then follow it again (as the
                        // reference re-attaches); a restart is no exit for --abort-on-container-exit
                        if (info->state.restarting && info->state.finished_at != last_exit) {
                            last_exit = info->state.finished_at;  // one line per exit, however long the back-off
                            printer.flush(c.name);
                            printer.notice(fmt::format("{} exited with code {}", c.name, info->state.exit_code));
                        }
                        since = unix_now();
                        std::this_thread::sleep_for(std::chrono::milliseconds(200));
                    }
                } else {
                    engine::WaitOptions wo;
                    wo.cancel = &watch_cancel_;
                    auto w = client_.wait_container(c.id, wo);
                    if (w && !watch_cancel_.load()) code = static_cast<int>(w->status_code);
                }
                if (code >= 0) {
                    if (c.attached) printer.flush(c.name);
                    printer.notice(fmt::format("{} exited with code {}", c.name, code));
                }
                std::lock_guard l(mu_);
                c.exit_code = code;
                c.exited = code >= 0;
                if (c.exited && first_exit_.empty()) first_exit_ = c.service;
                if (c.exited && code != 0 && first_failure_.empty()) first_failure_ = c.service;
                if (c.attached) --attached_running_;
                --all_running_;
                cv_.notify_all();
            });
        }
        std::unique_lock lock(mu_);
        auto aborting = [&] {
            return (f_.abort_on_exit && !first_exit_.empty()) || (f_.abort_on_failure && !first_failure_.empty());
        };
        cv_.wait(lock, [&] {
            return (any_attached ? attached_running_ == 0 : all_running_ == 0) || stop_requested_ || aborting();
        });
        const bool interrupted = stop_requested_;
        // Stopping is for Ctrl-C and aborts; when the attached containers are done, the others keep running.
        const bool stop_all = (interrupted || aborting()) && all_running_ != 0;
        lock.unlock();
        if (stop_all) {
            if (interrupted) ui::warning("Gracefully stopping... (press Ctrl+C again to force)");
            else ui::warning(fmt::format("Aborting on container exit..."));
            std::thread stopper([&] {
                auto order = d_.graph.order();
                for (auto it = order.rbegin(); it != order.rend(); ++it) {
                    std::vector<std::thread> ts;
                    for (const auto& c : containers_) {
                        if (c.service != *it) continue;
                        ts.emplace_back([&] {
                            engine::StopOptions so;
                            if (f_.timeout >= 0) so.timeout = f_.timeout;
                            (void)client_.stop_container(c.id, so);
                        });
                    }
                    for (auto& t : ts) t.join();
                }
                std::lock_guard l(mu_);
                stopped_ = true;
                cv_.notify_all();
            });
            lock.lock();
            cv_.wait(lock, [&] { return stopped_ || kill_requested_; });
            if (!stopped_) {
                lock.unlock();
                for (const auto& c : containers_) (void)client_.kill_container(c.id, "");
                lock.lock();
            }
            lock.unlock();
            stopper.join();
            // the streams of the stopped containers end by themselves; what is left is waits on others
            lock.lock();
            cv_.wait(lock, [&] { return all_running_ == 0; });
            lock.unlock();
        }
        watch_cancel_ = true;  // ends the waits on containers that keep running
        for (auto& t : threads) t.join();
        for (const auto& c : containers_)
            if (c.attached) printer.flush(c.name);
        if (interrupted) return 130;
        std::string from = f_.exit_code_from.empty() ? first_exit_ : f_.exit_code_from;
        if (f_.abort_on_failure && f_.exit_code_from.empty()) from = first_failure_;
        if (f_.abort_on_exit || f_.abort_on_failure) {
            for (const auto& c : containers_)
                if (c.service == from && c.exited) return c.exit_code;
        }
        return 0;
    }

private:
    struct Item {
        std::string service;
        std::string id;
        std::string name;
        bool attached = true;
        bool watched = true;  ///< its exit is printed and counts for aborts
        int exit_code = -1;
        bool exited = false;
    };
    engine::Client& client_;
    const converge::DesiredState& d_;
    const UpFlags& f_;
    std::string since_;
    std::vector<Item> containers_;
    std::size_t attached_running_ = 0;
    std::size_t all_running_ = 0;  ///< watched containers still running
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_requested_ = false;
    bool kill_requested_ = false;
    bool stopped_ = false;
    std::string first_exit_;
    std::string first_failure_;  ///< the first service whose container exited with a non-zero code
    std::atomic<bool> watch_cancel_{false};
};

core::Status run_up(Context& ctx, UpFlags f) {
    f.dry_run = f.dry_run || ctx.global.dry_run;
    if (f.force_recreate && f.no_recreate)
        return core::Error(core::Errc::usage, "--force-recreate and --no-recreate are incompatible");
    if (f.build && f.no_build) return core::Error(core::Errc::usage, "--build and --no-build are incompatible");
    if (f.always_recreate_deps && f.no_recreate)
        return core::Error(core::Errc::usage, "--always-recreate-deps and --no-recreate are incompatible");
    if (f.abort_on_exit && f.abort_on_failure)
        return core::Error(core::Errc::usage, "--abort-on-container-exit and --abort-on-container-failure are incompatible");
    if (!f.exit_code_from.empty() && !f.abort_on_failure) f.abort_on_exit = true;
    if (f.wait) f.detach = true;
    if (f.detach && f.abort_on_exit) return core::Error(core::Errc::usage, "--abort-on-container-exit and -d cannot be combined");
    if (f.detach && f.abort_on_failure)
        return core::Error(core::Errc::usage, "--abort-on-container-failure and -d cannot be combined");
    if (!f.pull.empty() && !converge::valid_pull_policy(f.pull))
        return core::Error(core::Errc::usage,
                           fmt::format("invalid --pull option \"{}\" (use always, missing, never or build)", f.pull));
    if (f.no_start && f.wait) return core::Error(core::Errc::usage, "--no-start and --wait cannot be combined");
    auto scale = parse_scale(f.scale);
    if (!scale) return std::move(scale).error();
    // attached output starts with what the containers print from now on
    const std::string since = unix_now();

    // The signal thread hands Ctrl-C to the attached phase while it exists (the lock keeps it from being
    // destroyed under the handler's feet).
    // In attached mode a first Ctrl-C before that phase ends the start-up without cutting engine calls short
    // (`startup_cancel`), so up can then stop what it started, as the reference does; detached, it cancels
    // everything at once.
    std::mutex attached_mu;
    Attached* attached = nullptr;
    std::atomic<bool> startup_cancel{false};
    const bool attaching = !f.detach && !f.no_start && !f.dry_run;
    std::atomic<bool>* cancel = attaching ? &startup_cancel : &ctx.cancel;
    InterruptWatch interrupts([&](int n) {
        std::lock_guard l(attached_mu);
        if (attached != nullptr) {
            attached->interrupt(n);
            return;
        }
        if (n >= 2) std::_Exit(130);
        *cancel = true;
    });

    auto loaded = load_for_engine(ctx, f.services);
    if (!loaded) return std::move(loaded).error();
    converge::DesiredState& d = loaded->desired;
    if (!f.exit_code_from.empty() && d.service(f.exit_code_from) == nullptr)
        return core::Error(core::Errc::not_found, fmt::format("no such service: {}", f.exit_code_from));

    auto client_r = ctx.engine();
    if (!client_r) return std::move(client_r).error();
    engine::Client& client = **client_r;
    auto writer = ctx.progress_writer();
    if (!writer) return std::move(writer).error();
    ui::ProgressWriter& progress = **writer;
    const converge::ProgressSink sink = progress.sink();

    std::vector<std::string> scope = f.services.empty() ? d.graph.nodes()
                                     : f.no_deps       ? f.services
                                                       : d.graph.with_dependencies(f.services);
    for (const auto& list : {f.attach, f.no_attach}) {
        std::string missing;
        for (const auto& s : list)
            if (std::find(scope.begin(), scope.end(), s) == scope.end()) missing += (missing.empty() ? "" : ", ") + s;
        if (!missing.empty())
            return core::Error(core::Errc::usage, fmt::format("cannot attach to services not included in up: {}", missing));
    }
    for (const auto& s : scope) {
        if (d.service(s) == nullptr) return core::Error(core::Errc::not_found, fmt::format("no such service: {}", s));
        // secrets/configs from unset variables fail before anything is created
        if (auto files = converge::injected_files(d, *d.service(s)); !files) return std::move(files).error();
    }
    // Fields older engines would silently drop are refused before anything is created (the reference
    // refuses them at the container's create, after creating the networks).
    for (const auto& s : scope) {
        const auto& hc = d.service(s)->config.value("healthcheck", nlohmann::json::object());
        if (!hc.contains("start_interval")) continue;
        auto api = client.ping();
        if (!api) return std::move(api).error();
        if (*api < engine::ApiVersion{1, 44}) {
            return core::Error(core::Errc::engine,
                               fmt::format("service {}: healthcheck.start_interval needs Docker Engine v25 or later (API "
                                           "1.44); this engine speaks API {}",
                                           s, api->str()));
        }
    }
    // Observing first also tells which images are present (one parallel round trip), so ensure_images asks
    // the engine only about the missing ones.
    std::vector<std::string> images;
    for (const auto& s : scope) images.push_back(d.service(s)->image);
    auto observed = converge::observe(client, d.project.name, images);
    if (!observed) return std::move(observed).error();
    if (!f.dry_run) {
        const load::Environment& env = loaded->project.environment;
        converge::ImageOptions io{.build = f.build,
                                  .no_build = f.no_build,
                                  .pull = f.pull,
                                  .quiet_pull = f.quiet_pull,
                                  .cancel = cancel,
                                  .lookup_env = [&env](const std::string& name) { return env.get(name); }};
        if (auto s = converge::ensure_images(client, d, loaded->project.document, scope, io, sink, observed->image_ids);
            !s) {
            progress.stop();
            return s;
        }
    }

    converge::UpOptions uo;
    uo.recreate = f.force_recreate ? converge::RecreatePolicy::force
                  : f.no_recreate  ? converge::RecreatePolicy::never
                                   : converge::RecreatePolicy::diverged;
    uo.recreate_dependencies = f.no_recreate            ? converge::RecreatePolicy::never
                               : f.always_recreate_deps ? converge::RecreatePolicy::force
                                                        : converge::RecreatePolicy::diverged;
    uo.remove_orphans = f.remove_orphans;
    uo.no_deps = f.no_deps;
    uo.no_start = f.no_start;
    uo.scale = *scale;
    uo.services = f.services;
    auto plan = converge::reconcile(d, *observed, uo);
    if (!plan) return std::move(plan).error();
    if (f.dry_run) {
        progress.stop();
        ui::out(plan->to_string());
        return {};
    }
    if (!plan->orphans_left.empty()) {
        std::string list;
        for (const auto& o : plan->orphans_left) list += (list.empty() ? "" : " ") + o;
        ui::warning(fmt::format("Found orphan containers ([{}]) for this project. If you removed or renamed this service in "
                                "your compose file, you can run this command with the --remove-orphans flag to clean it up.",
                                list));
    }
    converge::ExecuteOptions eo;
    if (f.timeout >= 0) eo.timeout = f.timeout;
    eo.cancel = cancel;
    eo.renew_anon_volumes = f.renew_anon_volumes;
    if (ctx.global.parallel > 0) eo.workers = static_cast<std::size_t>(ctx.global.parallel);
    eo.wait = f.wait;
    if (f.wait_timeout > 0) eo.wait_timeout = std::chrono::seconds(f.wait_timeout);
    auto res = converge::execute_up(client, d, *observed, *plan, sink, eo);
    progress.stop();
    if (!res && attaching && startup_cancel.load()) {
        // Ctrl-C while starting: what runs of the services of this up is stopped
        ui::warning("Gracefully stopping... (press Ctrl+C again to force)");
        auto running = converge::list_project_containers(
            client, {.project = d.project.name, .services = scope, .all = false, .oneoff = false, .inspect = false});
        if (running) {
            std::vector<std::thread> stoppers;
            for (const auto& c : *running) {
                stoppers.emplace_back([&client, &f, id = c.id] {
                    engine::StopOptions so;
                    if (f.timeout >= 0) so.timeout = f.timeout;
                    (void)client.stop_container(id, so);
                });
            }
            for (auto& t : stoppers) t.join();
        }
        return core::Error(core::Errc::interrupted, "interrupted");
    }
    if (!res) return std::move(res).error();
    if (f.detach || f.no_start) return {};

    // As the reference: the named services (all without names), or --attach; --attach-dependencies adds
    // every service started; --no-attach removes; a service with `attach: false` is attached only when
    // --attach names it.
    auto attachable = [&](const std::string& svc) {
        const converge::ServiceSpec* spec = d.service(svc);
        return spec == nullptr || !spec->config.contains("attach") || spec->config["attach"] != false;
    };
    std::set<std::string> attach(f.attach.begin(), f.attach.end());
    if (f.attach_dependencies)
        for (const auto& s : scope)
            if (attachable(s)) attach.insert(s);
    if (attach.empty())
        for (const auto& s : f.services.empty() ? scope : f.services)
            if (attachable(s)) attach.insert(s);
    for (const auto& s : f.no_attach) attach.erase(s);
    std::set<std::string> watch(attach);  // `attach: false` services are not watched either (as the reference)
    for (const auto& s : f.services.empty() ? scope : f.services)
        if (attachable(s)) watch.insert(s);
    Attached a(client, d, *res, f, attach, watch, since);
    {
        std::lock_guard l(attached_mu);
        attached = &a;
    }
    auto code = a.run();
    {
        std::lock_guard l(attached_mu);
        attached = nullptr;
    }
    if (!code) return std::move(code).error();
    if (*code == 130) return core::Error(core::Errc::interrupted, "interrupted");
    ctx.exit_status = *code;
    return {};
}

}  // namespace

void add_up(CLI::App& app, Context& ctx) {
    auto f = std::make_shared<UpFlags>();
    CLI::App* cmd = app.add_subcommand("up", "Create and start containers");
    cmd->add_flag("-d,--detach", f->detach, "Detached mode: run containers in the background");
    cmd->add_flag("--wait", f->wait, "Wait for services to be running|healthy (or exited 0). Implies detached mode");
    cmd->add_option("--wait-timeout", f->wait_timeout, "Maximum duration to wait for the project to be running|healthy");
    cmd->add_flag("--force-recreate", f->force_recreate, "Recreate containers even if their configuration hasn't changed");
    cmd->add_flag("--no-recreate", f->no_recreate, "If containers already exist, don't recreate them");
    cmd->add_flag("--no-deps", f->no_deps, "Don't start linked services");
    cmd->add_flag("--always-recreate-deps", f->always_recreate_deps,
                  "Recreate the containers of the dependencies of the named services. Incompatible with --no-recreate");
    cmd->add_flag("-V,--renew-anon-volumes", f->renew_anon_volumes,
                  "Recreate anonymous volumes instead of retrieving data from the previous containers");
    cmd->add_flag("--remove-orphans", f->remove_orphans, "Remove containers for services not defined in the Compose file");
    cmd->add_option("--scale", f->scale, "Scale SERVICE to NUM instances (SERVICE=NUM)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("-t,--timeout", f->timeout, "Seconds to wait when stopping containers");
    cmd->add_flag("--no-start", f->no_start, "Don't start the services after creating them");
    cmd->add_flag("--dry-run", f->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--build", f->build, "Build images before starting containers");
    cmd->add_flag("--no-build", f->no_build, "Don't build an image, even if it's missing");
    cmd->add_flag("--abort-on-container-exit", f->abort_on_exit, "Stops all containers if any container was stopped");
    cmd->add_flag("--abort-on-container-failure", f->abort_on_failure,
                  "Stops all containers if any container exited with a non-zero code");
    cmd->add_option("--pull", f->pull, "Pull images before running: always, missing, never or build")
        ->type_name("POLICY");
    cmd->add_flag("--quiet-pull", f->quiet_pull, "Pull without printing progress information");
    cmd->add_option("--exit-code-from", f->exit_code_from, "Return the exit code of the selected service container");
    cmd->add_flag("--no-color", f->no_color, "Produce monochrome output");
    cmd->add_flag("--no-log-prefix", f->no_log_prefix, "Don't print prefix in logs");
    cmd->add_flag("--timestamps", f->timestamps, "Show timestamps");
    cmd->add_option("--attach", f->attach, "Restrict attaching to the specified services (repeatable)")
        ->allow_extra_args(false)
        ->type_name("SERVICE");
    cmd->add_option("--no-attach", f->no_attach, "Do not attach (stream logs) to the specified services (repeatable)")
        ->allow_extra_args(false)
        ->type_name("SERVICE");
    cmd->add_flag("--attach-dependencies", f->attach_dependencies, "Automatically attach to log output of dependent services");
    cmd->add_option("services", f->services, "Services to start (and their dependencies)");
    cmd->callback([&ctx, f] { ctx.action = [&ctx, f] { return run_up(ctx, *f); }; });
}

}  // namespace stackctl::cli
