#include "context.hpp"

namespace stackctl::cli {

core::Result<engine::Client*> Context::engine() {
    if (!client_) {
        auto ep = engine::endpoint_from_env();
        if (!ep) return std::move(ep).error();
        client_ = engine::make_docker_client(std::move(*ep));
    }
    return client_.get();
}

}  // namespace stackctl::cli
