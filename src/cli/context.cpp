#include "context.hpp"

namespace stackctl::cli {

core::Result<engine::Client*> Context::engine() {
    if (!client_) {
        auto ep = engine::endpoint_from_env();
        if (!ep) return std::move(ep).error();
        engine::ClientOptions opts;
        opts.cancel = &cancel;
        client_ = engine::make_docker_client(std::move(*ep), opts);
    }
    return client_.get();
}

}  // namespace stackctl::cli
