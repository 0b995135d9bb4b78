#include "stackctl/ui/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "stackctl/ui/format.hpp"

namespace stackctl::ui {

namespace {

const char* status_name(ProgressStatus s) {
    switch (s) {
        case ProgressStatus::working:
            return "working";
        case ProgressStatus::done:
            return "done";
        case ProgressStatus::warning:
            return "warning";
        case ProgressStatus::error:
            return "error";
    }
    return "working";
}

void write_stderr(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

/// plain and json: one line per event, through `out`.
class LineWriter final : public ProgressWriter {
  public:
    LineWriter(bool json, std::function<void(std::string_view)> out) : json_(json), out_(std::move(out)) {}
    void event(const ProgressEvent& ev) override {
        if (ev.output) return output(ev.parent, ev.detail);
        std::lock_guard lock(mu_);
        if (stopped_) return;
        out_((json_ ? json_line(ev) : plain_line(ev)) + "\n");
    }
    void output(std::string_view id, std::string_view line) override {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        if (json_) {
            nlohmann::ordered_json doc;
            doc["id"] = std::string(id);
            doc["output"] = std::string(line);
            out_(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        } else {
            out_(fmt::format("{} {}\n", id, line));
        }
    }
    void stop() override {
        std::lock_guard lock(mu_);
        stopped_ = true;
    }

  private:
    bool json_;
    std::function<void(std::string_view)> out_;
    std::mutex mu_;
    bool stopped_ = false;
};

class QuietWriter final : public ProgressWriter {
  public:
    void event(const ProgressEvent&) override {}
    void output(std::string_view, std::string_view) override {}
    void stop() override {}
};

/// tty: the tasks as a list redrawn in place (cursor up, clear line), a spinner on the ones at work and
/// the time each took; task output (build steps) scrolls above the list.
class TtyWriter final : public ProgressWriter {
  public:
    TtyWriter() : color_(color_enabled(STDERR_FILENO)) {
        ticker_ = std::thread([this] {
            std::unique_lock lock(mu_);
            while (!stopped_) {
                cv_.wait_for(lock, std::chrono::milliseconds(100));
                if (!stopped_) redraw_locked();
                ++frame_;
            }
        });
    }
    ~TtyWriter() override { stop(); }

    void event(const ProgressEvent& ev) override {
        if (ev.output) return output(ev.parent, ev.detail);
        std::lock_guard lock(mu_);
        if (stopped_) return;
        if (!ev.parent.empty()) {
            // A sub-task (a pull layer): shown as the parent's detail while the parent is at work.
            if (auto p = index_.find(ev.parent); p != index_.end() && !tasks_[p->second].end) {
                std::string detail = ev.id + " " + ev.text;
                if (ev.total > 0) detail += fmt::format(" {}%", ev.current * 100 / ev.total);
                tasks_[p->second].last.detail = std::move(detail);
                redraw_locked();
            }
            return;
        }
        auto it = index_.find(ev.id);
        if (it == index_.end()) {
            index_[ev.id] = tasks_.size();
            tasks_.push_back(Task{ev, Clock::now(), {}});
        } else {
            Task& t = tasks_[it->second];
            t.last = ev;
            if (ev.status == ProgressStatus::done || ev.status == ProgressStatus::error) t.end = Clock::now();
        }
        redraw_locked();
    }
    void output(std::string_view id, std::string_view line) override {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        clear_locked();
        write_stderr(fmt::format("{} {}\n", dim(std::string(id)), line));
        drawn_ = 0;
        redraw_locked();
    }
    void stop() override {
        {
            std::lock_guard lock(mu_);
            if (stopped_) return;
            redraw_locked();
            stopped_ = true;
        }
        cv_.notify_all();
        if (ticker_.joinable()) ticker_.join();
    }

  private:
    using Clock = std::chrono::steady_clock;
    struct Task {
        ProgressEvent last;
        Clock::time_point start;
        std::optional<Clock::time_point> end;
    };

    [[nodiscard]] std::string paint(const char* code, const std::string& s) const {
        return color_ ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
    }
    [[nodiscard]] std::string dim(const std::string& s) const { return paint("2", s); }

    void clear_locked() {
        std::string seq;
        for (std::size_t i = 0; i < drawn_; ++i) seq += "\x1b[1A\x1b[2K";
        seq += "\r";
        write_stderr(seq);
    }

    void redraw_locked() {
        static const char* kSpin[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
        std::string text;
        for (std::size_t i = 0; i < drawn_; ++i) text += "\x1b[1A\x1b[2K";
        text += "\r";
        const auto now = Clock::now();
        std::size_t lines = 0;
        for (const auto& t : tasks_) {
            std::string mark;
            switch (t.last.status) {
                case ProgressStatus::working:
                    mark = paint("34", kSpin[frame_ % 10]);
                    break;
                case ProgressStatus::done:
                    mark = paint("32", "✔");
                    break;
                case ProgressStatus::warning:
                    mark = paint("33", "!");
                    break;
                case ProgressStatus::error:
                    mark = paint("31", "✘");
                    break;
            }
            const double secs = std::chrono::duration<double>(t.end.value_or(now) - t.start).count();
            std::string detail = t.last.detail;
            if (detail.size() > 60) detail = detail.substr(0, 57) + "...";
            text += fmt::format(" {} {} {}", mark, t.last.id, t.last.text);
            if (!detail.empty()) text += " " + dim(detail);
            text += fmt::format("  {}\n", dim(fmt::format("{:.1f}s", secs)));
            ++lines;
        }
        drawn_ = lines;
        write_stderr(text);
    }

    bool color_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Task> tasks_;
    std::map<std::string, std::size_t> index_;
    std::size_t drawn_ = 0;
    std::size_t frame_ = 0;
    bool stopped_ = false;
    std::thread ticker_;
};

}  // namespace

std::optional<ProgressMode> parse_progress_mode(std::string_view text) {
    if (text == "auto") return ProgressMode::auto_;
    if (text == "tty") return ProgressMode::tty;
    if (text == "plain") return ProgressMode::plain;
    if (text == "json") return ProgressMode::json;
    if (text == "quiet") return ProgressMode::quiet;
    return std::nullopt;
}

ProgressMode resolve_progress_mode(ProgressMode mode) {
    if (mode != ProgressMode::auto_) return mode;
    if (ansi_mode() == AnsiMode::always) return ProgressMode::tty;
    if (ansi_mode() == AnsiMode::never) return ProgressMode::plain;
    const char* term = std::getenv("TERM");
    if (is_terminal(STDERR_FILENO) && (term == nullptr || std::string_view(term) != "dumb"))
        return ProgressMode::tty;
    return ProgressMode::plain;
}

std::unique_ptr<ProgressWriter> make_progress_writer(ProgressMode mode) {
    switch (resolve_progress_mode(mode)) {
        case ProgressMode::tty:
            return std::make_unique<TtyWriter>();
        case ProgressMode::json:
            return std::make_unique<LineWriter>(true, write_stderr);
        case ProgressMode::quiet:
            return std::make_unique<QuietWriter>();
        default:
            return std::make_unique<LineWriter>(false, write_stderr);
    }
}

std::unique_ptr<ProgressWriter> make_progress_writer(ProgressMode mode,
                                                     std::function<void(std::string_view)> out) {
    if (mode == ProgressMode::quiet) return std::make_unique<QuietWriter>();
    return std::make_unique<LineWriter>(mode == ProgressMode::json, std::move(out));
}

std::string plain_line(const ProgressEvent& ev) {
    std::string line = ev.id + " " + ev.text;
    if (!ev.detail.empty()) line += " " + ev.detail;
    return line;
}

std::string json_line(const ProgressEvent& ev) {
    nlohmann::ordered_json doc;
    doc["id"] = ev.id;
    if (!ev.parent.empty()) doc["parent_id"] = ev.parent;
    doc["status"] = status_name(ev.status);
    doc["text"] = ev.text;
    if (!ev.detail.empty()) doc["detail"] = ev.detail;
    if (ev.total > 0) {
        doc["current"] = ev.current;
        doc["total"] = ev.total;
    }
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stackctl::ui
