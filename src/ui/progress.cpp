#include "stackctl/ui/progress.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <mutex>

namespace stackctl::ui {

ProgressMode parse_progress_mode(std::string_view text) {
    if (text == "json") return ProgressMode::json;
    if (text == "quiet") return ProgressMode::quiet;
    return ProgressMode::plain;
}

std::string plain_progress_line(const converge::ProgressEvent& ev) {
    std::string line = fmt::format(" {} {}  {}", ev.kind, ev.name, ev.status);
    if (!ev.detail.empty()) line += " " + ev.detail;
    return line;
}

namespace {

class Renderer : public converge::ProgressSink {
public:
    explicit Renderer(ProgressMode mode) : mode_(mode) {}
    void emit(const converge::ProgressEvent& ev) override {
        if (mode_ == ProgressMode::quiet && !ev.error && !ev.warning) return;
        std::string line;
        if (mode_ == ProgressMode::json) {
            nlohmann::json j = {{"kind", ev.kind}, {"name", ev.name}, {"status", ev.status}};
            if (!ev.detail.empty()) j["detail"] = ev.detail;
            if (ev.error) j["error"] = true;
            if (ev.warning) j["warning"] = true;
            line = j.dump();
        } else {
            line = plain_progress_line(ev);
        }
        line += "\n";
        std::lock_guard l(mu_);
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fflush(stderr);
    }

private:
    ProgressMode mode_;
    std::mutex mu_;
};

}  // namespace

std::unique_ptr<converge::ProgressSink> make_progress(ProgressMode mode) { return std::make_unique<Renderer>(mode); }

}  // namespace stackctl::ui
