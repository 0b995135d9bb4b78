#pragma once
/// Writes container output as `docker compose logs` does: each line prefixed with the container's
/// display name padded to the widest, "web-1  | ", in a colour per container when colour is on. Safe to
/// call from several threads (one per followed container); partial lines are held per container and
/// stream until their newline arrives.

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::ui {

struct LogPrinterOptions {
    bool prefix = true;  ///< false: --no-log-prefix
    bool color = false;
};

class LogPrinter {
  public:
    /// `names` are the display names of every container that will be printed (sets the prefix width).
    LogPrinter(const std::vector<std::string>& names, LogPrinterOptions opts);
    /// Output of container `name` (stdout and stderr alike, as the reference prints both on stdout).
    void write(const std::string& name, int stream, std::string_view data);
    /// Prints what is left of `name`'s last partial lines.
    void flush(const std::string& name);
    /// A line of its own, not from a container ("web-1 exited with code 0").
    void notice(std::string_view line);
    /// The prefix for `name` ("web-1  | ", coloured when on): exposed for tests.
    [[nodiscard]] std::string prefix(const std::string& name) const;

  private:
    LogPrinterOptions opts_;
    std::size_t width_ = 0;
    std::map<std::string, std::string> colors_;
    std::map<std::pair<std::string, int>, std::string> partial_;
    std::mutex mu_;
};

}  // namespace stackctl::ui
