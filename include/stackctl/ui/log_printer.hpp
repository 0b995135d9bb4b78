#pragma once
/// Container output with a coloured, padded name prefix per line ("demo-web-1  | hello"), as `up` and `logs`
/// print it. Pieces are buffered per container until a newline, so lines of different containers never mix.

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::ui {

class LogPrinter {
public:
    /// `names`: every container that may print (for the padding). Colour when standard output is a terminal
    /// and `color` is true.
    LogPrinter(const std::vector<std::string>& names, bool color);
    /// Writes the complete lines of `data`; the rest waits for its newline.
    void write(const std::string& name, std::string_view data);
    /// Writes what is left of every container's last line.
    void flush();
    /// A line of its own under a container's prefix (e.g. "exited with code 0").
    void note(const std::string& name, const std::string& text);

private:
    std::string prefix(const std::string& name);
    std::mutex mu_;
    std::size_t width_ = 0;
    bool color_ = false;
    std::map<std::string, std::string> pending_;
    std::map<std::string, int> colors_;
};

}  // namespace stackctl::ui
