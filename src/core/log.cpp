#include "stackctl/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace stackctl::core {

Status setup_logging(std::string_view level) {
    auto lvl = spdlog::level::from_str(std::string(level));
    // from_str maps unknown names to "off"; only accept "off" when it was asked for.
    if (lvl == spdlog::level::off && level != "off") {
        return Error(Errc::usage, "unknown log level \"" + std::string(level) +
                                      "\" (use trace, debug, info, warn, error, critical or off)");
    }
    auto logger = std::make_shared<spdlog::logger>("stackctl",
                                                   std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    logger->set_pattern("%^%l%$ %H:%M:%S.%e %v");
    logger->set_level(lvl);
    spdlog::set_default_logger(std::move(logger));
    return {};
}

}  // namespace stackctl::core
