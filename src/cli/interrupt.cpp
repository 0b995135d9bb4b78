#include "interrupt.hpp"

#include <csignal>
#include <cstdlib>

namespace stackctl::cli {

namespace {

sigset_t watched() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR2);  // the destructor's wake-up
    return set;
}

}  // namespace

InterruptWatch::InterruptWatch(std::function<void(int)> on_signal) : on_signal_(std::move(on_signal)) {
    sigset_t set = watched();
    pthread_sigmask(SIG_BLOCK, &set, &old_);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGINT, &dfl, &old_int_);
    sigaction(SIGTERM, &dfl, &old_term_);
    thread_ = std::thread([this] {
        sigset_t s = watched();
        for (;;) {
            int sig = 0;
            if (sigwait(&s, &sig) != 0) continue;
            if (done_.load()) return;
            if (sig == SIGUSR2) continue;
            on_signal_(++count_);
        }
    });
}

InterruptWatch::~InterruptWatch() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGUSR2);
    thread_.join();
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

InterruptWatch cancel_on_interrupt(Context& ctx) {
    return InterruptWatch([&ctx](int n) {
        ctx.cancel = true;
        if (n >= 2) std::_Exit(130);
    });
}

}  // namespace stackctl::cli
