#pragma once
// libcurl, loaded on first use with dlopen. Most commands (`--version`, `config`) never talk to the
// engine, and linking libcurl directly drags ~30 shared libraries into every start-up (about 6 ms of an
// otherwise ~4 ms start). Only the functions stackctl calls are resolved.

#include <curl/curl.h>

#include "stackctl/core/result.hpp"

namespace stackctl::engine::detail {

struct CurlApi {
    CURLcode (*global_init)(long flags);
    CURL* (*easy_init)();
    void (*easy_cleanup)(CURL*);
    void (*easy_reset)(CURL*);
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_perform)(CURL*);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    const char* (*easy_strerror)(CURLcode);
    curl_slist* (*slist_append)(curl_slist*, const char*);
    void (*slist_free_all)(curl_slist*);
    // Raw socket I/O on a CURLOPT_CONNECT_ONLY handle: the hijacked attach/exec connections.
    CURLcode (*easy_send)(CURL*, const void*, size_t, size_t*);
    CURLcode (*easy_recv)(CURL*, void*, size_t, size_t*);
    // Transfers run through a multi handle so cancel flags are checked every 100 ms, even while a stream
    // receives nothing (libcurl's progress callback slows to once a second then).
    CURLM* (*multi_init)();
    CURLMcode (*multi_cleanup)(CURLM*);
    CURLMcode (*multi_add_handle)(CURLM*, CURL*);
    CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
    CURLMcode (*multi_perform)(CURLM*, int*);
    CURLMcode (*multi_poll)(CURLM*, curl_waitfd*, unsigned int, int, int*);
    CURLMsg* (*multi_info_read)(CURLM*, int*);
    const char* (*multi_strerror)(CURLMcode);
};

/// The loaded API (libcurl.so.4, initialised once), or an error naming the library and the package.
core::Result<const CurlApi*> curl_api();

}  // namespace stackctl::engine::detail
