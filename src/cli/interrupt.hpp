#pragma once
/// Ctrl-C for long commands: SIGINT and SIGTERM are blocked in every thread and received by one thread
/// (sigwait), which calls `on_signal(n)` with the number of signals so far (1: stop gracefully, 2: kill).
/// Create it before any other thread starts.
///
/// Commands with nothing to stop gracefully use cancel_on_interrupt: the first signal cancels every
/// engine call (Context::cancel, so streams end within about 100 ms), the second exits with 130.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

#include "context.hpp"

namespace stackctl::cli {

class InterruptWatch {
public:
    explicit InterruptWatch(std::function<void(int)> on_signal);
    ~InterruptWatch();
    InterruptWatch(const InterruptWatch&) = delete;
    InterruptWatch& operator=(const InterruptWatch&) = delete;
    [[nodiscard]] int count() const { return count_.load(); }

private:
    std::function<void(int)> on_signal_;
    std::atomic<int> count_{0};
    std::atomic<bool> done_{false};
    sigset_t old_{};
    /// SIGINT's and SIGTERM's dispositions before: a shell starts background commands with SIGINT ignored, and
    /// an ignored signal never reaches sigwait, so they are set to the default while watched.
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
    std::thread thread_;
};

InterruptWatch cancel_on_interrupt(Context& ctx);

}  // namespace stackctl::cli
