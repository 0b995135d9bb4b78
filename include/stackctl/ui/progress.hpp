#pragma once
/// Renders convergence progress: plain lines as the reference's plain progress (" Container demo-web-1  Started")
/// or one JSON object per line. Both go to standard error; standard output stays for results.

#include <memory>
#include <string_view>

#include "stackctl/converge/progress.hpp"

namespace stackctl::ui {

enum class ProgressMode { plain, json, quiet };

/// "plain", "json", "quiet"; anything else is plain.
ProgressMode parse_progress_mode(std::string_view text);

std::unique_ptr<converge::ProgressSink> make_progress(ProgressMode mode);

/// The text of one plain line (without the newline), for tests.
std::string plain_progress_line(const converge::ProgressEvent& ev);

}  // namespace stackctl::ui
