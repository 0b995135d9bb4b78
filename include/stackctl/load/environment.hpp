#pragma once
/// Variables for interpolation and environment resolution: the OS environment laid over the `.env`
/// files (the OS wins), as the reference resolves them.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stackctl::load {

/// Looks a variable up; nullopt when it is not set (set-but-empty is an empty string).
using Lookup = std::function<std::optional<std::string>(std::string_view)>;

class Environment {
public:
    /// The current process environment.
    static Environment from_process();

    [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
    [[nodiscard]] bool contains(std::string_view name) const { return vars_.find(name) != vars_.end(); }
    void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
    /// Sets `name` only when it is not set yet (lower-precedence sources are applied after higher ones).
    void set_default(std::string name, std::string value) { vars_.try_emplace(std::move(name), std::move(value)); }
    [[nodiscard]] const std::map<std::string, std::string, std::less<>>& vars() const { return vars_; }
    /// A Lookup reading this environment; it must not outlive it.
    [[nodiscard]] Lookup lookup() const;

private:
    std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace stackctl::load
