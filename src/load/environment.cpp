#include "stackctl/load/environment.hpp"

#include <unistd.h>

namespace stackctl::load {

Environment Environment::from_process() {
    Environment env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string_view kv(*e);
        const auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        env.vars_.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    return env;
}

std::optional<std::string> Environment::get(std::string_view name) const {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
}

Lookup Environment::lookup() const {
    return [this](std::string_view name) { return get(name); };
}

}  // namespace stackctl::load
