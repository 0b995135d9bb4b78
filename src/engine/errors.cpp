#include "stackctl/engine/errors.hpp"

#include <nlohmann/json.hpp>

namespace stackctl::engine {

using core::Errc;
using core::Error;

std::string engine_message(long status, std::string_view body) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_object()) {
        auto it = doc.find("message");
        if (it != doc.end() && it->is_string()) {
            const auto& msg = it->get_ref<const std::string&>();
            return msg.empty() ? "HTTP " + std::to_string(status) : msg;
        }
    }
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.remove_suffix(1);
    if (body.empty()) return "HTTP " + std::to_string(status);
    return std::string(body);
}

Error error_from_status(long status, std::string_view body) {
    const Errc code = status == 404 ? Errc::not_found : status == 409 ? Errc::conflict : Errc::engine;
    return Error(code, engine_message(status, body));
}

Error error_from_stream(std::string_view message) {
    std::string msg(message);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.pop_back();
    return Error(Errc::engine, msg.empty() ? std::string("the engine reported an unspecified error") : msg);
}

}  // namespace stackctl::engine
