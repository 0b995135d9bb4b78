#include "curl_api.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace stackctl::engine::detail {

namespace {

template <class Fn>
bool resolve(void* lib, const char* name, Fn& out) {
    out = reinterpret_cast<Fn>(dlsym(lib, name));  // NOLINT: dlsym's contract
    return out != nullptr;
}

core::Result<const CurlApi*> load() {
    static CurlApi api{};
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
        const char* why = dlerror();
        return core::Error(core::Errc::internal, std::string("cannot load libcurl.so.4 (") +
                                                     (why != nullptr ? why : "unknown reason") +
                                                     "); install the libcurl4 package (scripts/setup does)");
    }
    const bool ok = resolve(lib, "curl_global_init", api.global_init) &&
                    resolve(lib, "curl_easy_init", api.easy_init) &&
                    resolve(lib, "curl_easy_cleanup", api.easy_cleanup) &&
                    resolve(lib, "curl_easy_reset", api.easy_reset) &&
                    resolve(lib, "curl_easy_setopt", api.easy_setopt) &&
                    resolve(lib, "curl_easy_perform", api.easy_perform) &&
                    resolve(lib, "curl_easy_getinfo", api.easy_getinfo) &&
                    resolve(lib, "curl_easy_strerror", api.easy_strerror) &&
                    resolve(lib, "curl_slist_append", api.slist_append) &&
                    resolve(lib, "curl_slist_free_all", api.slist_free_all) &&
                    resolve(lib, "curl_easy_send", api.easy_send) && resolve(lib, "curl_easy_recv", api.easy_recv) &&
                    resolve(lib, "curl_multi_init", api.multi_init) &&
                    resolve(lib, "curl_multi_cleanup", api.multi_cleanup) &&
                    resolve(lib, "curl_multi_add_handle", api.multi_add_handle) &&
                    resolve(lib, "curl_multi_remove_handle", api.multi_remove_handle) &&
                    resolve(lib, "curl_multi_perform", api.multi_perform) &&
                    resolve(lib, "curl_multi_poll", api.multi_poll) &&
                    resolve(lib, "curl_multi_info_read", api.multi_info_read) &&
                    resolve(lib, "curl_multi_strerror", api.multi_strerror);
    if (!ok) {
        return core::Error(core::Errc::internal, "libcurl.so.4 lacks a function stackctl needs (it needs 7.66 or newer)");
    }
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        return core::Error(core::Errc::internal, "libcurl failed to initialise");
    }
    return &api;
}

}  // namespace

core::Result<const CurlApi*> curl_api() {
    static std::once_flag once;
    // Never destroyed: handles owned by other statics are cleaned up during exit, after this would be.
    static const core::Result<const CurlApi*>* loaded = nullptr;
    std::call_once(once, [] { loaded = new core::Result<const CurlApi*>(load()); });
    return *loaded;
}

}  // namespace stackctl::engine::detail
