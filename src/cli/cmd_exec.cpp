#include <fmt/format.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_options.hpp"
#include "project_ref.hpp"
#include "stackctl/converge/project_state.hpp"
#include "stackctl/ui/format.hpp"

namespace stackctl::cli {

namespace {

struct ExecOptions {
    bool no_tty = false;
    bool detach = false;
    bool privileged = false;
    bool interactive = true;
    std::vector<std::string> env;
    std::string user;
    std::string workdir;
    int index = 1;
};

/// Puts the terminal in raw mode for the life of the object (an interactive exec with a TTY).
class RawTerminal {
  public:
    explicit RawTerminal(int fd) : fd_(fd) {
        if (tcgetattr(fd_, &saved_) != 0) return;
        termios raw = saved_;
        cfmakeraw(&raw);
        if (tcsetattr(fd_, TCSANOW, &raw) == 0) active_ = true;
    }
    ~RawTerminal() {
        if (active_) tcsetattr(fd_, TCSANOW, &saved_);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

  private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

std::atomic<bool> g_winch{false};
void on_winch(int /*sig*/) {
    g_winch.store(true);
}

/// Follows the terminal's size (SIGWINCH) while an exec with a TTY runs.
class ResizeWatcher {
  public:
    ResizeWatcher(engine::Client& client, std::string exec_id) : client_(client), id_(std::move(exec_id)) {
        struct sigaction sa {};
        sa.sa_handler = on_winch;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGWINCH, &sa, nullptr);
        thread_ = std::thread([this] {
            while (!stop_.load()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                if (g_winch.exchange(false)) {
                    winsize ws{};
                    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
                        (void)client_.exec_resize(id_, ws.ws_row, ws.ws_col);
                    }
                }
            }
        });
    }
    ~ResizeWatcher() {
        stop_.store(true);
        thread_.join();
        signal(SIGWINCH, SIG_DFL);
    }
    ResizeWatcher(const ResizeWatcher&) = delete;
    ResizeWatcher& operator=(const ResizeWatcher&) = delete;

  private:
    engine::Client& client_;
    std::string id_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

core::Status run_exec(Context& ctx, const ExecOptions& opt, const std::vector<std::string>& args) {
    auto interrupts = cancel_on_interrupt(ctx);
    if (args.empty()) return core::Error(core::Errc::usage, "exec needs a SERVICE and a COMMAND");
    if (args.size() < 2) return core::Error(core::Errc::usage, "exec needs a COMMAND after the service");
    const std::string& service = args[0];
    std::vector<std::string> command(args.begin() + 1, args.end());
    if (opt.index < 1) return core::Error(core::Errc::usage, "--index must be 1 or more");

    auto opened = open_project(ctx, {service}, true,
                               converge::StateQuery{.services = {service}, .all = false, .inspect = false});
    if (!opened) return std::move(opened).error();
    const auto& containers = opened->containers;
    const converge::ContainerState* target = nullptr;
    for (const auto& c : containers) {
        if (c.number == opt.index) target = &c;
    }
    if (target == nullptr) {
        if (containers.empty()) {
            return core::Error(core::Errc::not_found, fmt::format("service \"{}\" is not running", service));
        }
        return core::Error(
            core::Errc::not_found,
            fmt::format("service \"{}\" has no running container with index {}", service, opt.index));
    }

    engine::ExecConfig cfg;
    cfg.cmd = command;
    for (const auto& e : opt.env) {
        if (e.find('=') != std::string::npos) {
            cfg.env.push_back(e);
        } else if (const char* v = std::getenv(e.c_str()); v != nullptr) {
            cfg.env.push_back(e + "=" + v);
        }
    }
    cfg.user = opt.user;
    cfg.workdir = opt.workdir;
    cfg.privileged = opt.privileged;
    const bool tty =
        !opt.no_tty && !opt.detach && ui::is_terminal(STDIN_FILENO) && ui::is_terminal(STDOUT_FILENO);
    cfg.tty = tty;
    cfg.attach_stdin = opt.interactive && !opt.detach;
    cfg.attach_stdout = !opt.detach;
    cfg.attach_stderr = !opt.detach;

    engine::Client& cl = *opened->client;
    auto exec_id = cl.exec_create(target->id, cfg);
    if (!exec_id) return std::move(exec_id).error();

    engine::ExecStartOptions so;
    so.tty = tty;
    so.detach = opt.detach;
    if (opt.detach) return cl.exec_start(*exec_id, so, {});

    engine::StreamIo io;
    io.in_fd = cfg.attach_stdin ? STDIN_FILENO : -1;
    io.output = engine::fd_output(STDOUT_FILENO, STDERR_FILENO);
    io.cancel = tty ? nullptr : &ctx.cancel;  // with a TTY, Ctrl-C is a byte for the process
    if (tty) {
        io.on_attached = [&cl, id = *exec_id] {
            winsize ws{};
            if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
                (void)cl.exec_resize(id, ws.ws_row, ws.ws_col);
            }
        };
    }
    core::Status started;
    {
        std::optional<RawTerminal> raw;
        std::optional<ResizeWatcher> resizer;
        if (tty) {
            raw.emplace(STDIN_FILENO);
            resizer.emplace(cl, *exec_id);
        }
        started = cl.exec_start(*exec_id, so, io);
    }
    if (!started) return started;
    auto info = cl.exec_inspect(*exec_id);
    if (!info) return std::move(info).error();
    ctx.exit_status = info->exit_code.value_or(0);
    return {};
}

}  // namespace

void add_exec(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<ExecOptions>();
    auto* cmd = app.add_subcommand("exec", "Run a command in a running service container");
    cmd->prefix_command();  // everything from SERVICE on belongs to the command
    // A prefix command cannot hand unknown options to the root (its positionals would go there too), so it
    // has its own copy of the project options, added to the root's in the callback.
    cmd->fallthrough(false);
    auto project = std::make_shared<std::pair<load::ProjectOptions, std::optional<std::string>>>();
    add_project_options(*cmd, project->first, project->second);
    cmd->add_flag("-T,--no-TTY", opt->no_tty,
                  "Do not allocate a pseudo-TTY (the default when stdin is not a terminal)");
    cmd->add_flag("-d,--detach", opt->detach, "Run the command in the background");
    cmd->add_flag("--privileged", opt->privileged, "Give extended privileges to the process");
    cmd->add_flag("!--no-interactive", opt->interactive, "Do not attach standard input");
    cmd->add_option("-e,--env", opt->env,
                    "Set an environment variable (KEY=VALUE, or KEY from this environment)")
        ->allow_extra_args(false);
    cmd->add_option("-u,--user", opt->user, "Run as this user (name or uid[:gid])");
    cmd->add_option("-w,--workdir", opt->workdir, "Working directory of the command");
    cmd->add_option("--index", opt->index, "Index of the container when the service has several")
        ->capture_default_str();
    cmd->callback([&ctx, opt, cmd, project] {
        const load::ProjectOptions& p = project->first;
        auto append = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
            to.insert(to.end(), from.begin(), from.end());
        };
        append(ctx.project.files, p.files);
        append(ctx.project.profiles, p.profiles);
        append(ctx.project.env_files, p.env_files);
        if (p.project_name) ctx.project.project_name = p.project_name;
        if (p.project_directory) ctx.project.project_directory = p.project_directory;
        if (project->second) ctx.stack = project->second;
        std::vector<std::string> args = cmd->remaining();
        ctx.action = [&ctx, opt, args] { return run_exec(ctx, *opt, args); };
    });
}

}  // namespace stackctl::cli
