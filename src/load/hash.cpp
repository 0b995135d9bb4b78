#include "stackctl/load/hash.hpp"

#include <openssl/evp.h>

#include <memory>

#include "stackctl/load/emit.hpp"

namespace stackctl::load {

std::string service_hash_input(const Node& encoded_service) {
    // Only the top-level service keys are filtered: a `x-foo` deeper down (a label, an environment variable)
    // is data, and the encoder has already dropped the nested extensions.
    Node copy = Node::map(encoded_service.loc);
    copy.entries.reserve(encoded_service.entries.size());
    for (const MapEntry& e : encoded_service.entries) {
        if (e.key == "build" || e.key == "pull_policy" || e.key == "scale" || e.key.rfind("x-", 0) == 0)
            continue;
        copy.entries.push_back(e);
        if (e.key == "deploy" && e.value.is_map()) copy.entries.back().value.erase("replicas");
    }
    JsonOptions o;
    o.indent = 0;
    return to_json(copy, o);
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1) {
        return {};
    }
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2U);
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4U];
        out += hex[digest[i] & 0xFU];
    }
    return out;
}

std::string service_config_hash(const Node& encoded_service) {
    return sha256_hex(service_hash_input(encoded_service));
}

}  // namespace stackctl::load
