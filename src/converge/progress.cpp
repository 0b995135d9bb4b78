#include "stackctl/converge/progress.hpp"

#include <array>

namespace stackctl::converge {

ProgressEvent step_event(std::string_view kind, std::string_view name, std::string text, std::string detail) {
    static constexpr std::array<std::string_view, 8> kWorking = {"Creating", "Starting", "Waiting",  "Recreate",
                                                                 "Stopping", "Removing", "Building", "Pulling"};
    ProgressStatus status = ProgressStatus::done;
    if (text == "Error") {
        status = ProgressStatus::error;
    } else if (text == "Warning") {
        status = ProgressStatus::warning;
    } else {
        for (auto w : kWorking)
            if (text == w) status = ProgressStatus::working;
    }
    ProgressEvent ev;
    ev.id = std::string(kind) + " " + std::string(name);
    ev.status = status;
    ev.text = std::move(text);
    ev.detail = std::move(detail);
    return ev;
}

}  // namespace stackctl::converge
