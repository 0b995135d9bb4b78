#include "stackctl/engine/http.hpp"

#include "curl_api.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "stackctl/engine/errors.hpp"

namespace stackctl::engine {

using core::Errc;
using core::Error;
using core::Status;

namespace {

Error cancelled_error() { return Error(Errc::interrupted, "cancelled"); }

bool is_set(const CancelFlag* f) { return f != nullptr && f->load(std::memory_order_relaxed); }

std::string trim_copy(std::string_view v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
    return std::string(v);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// ---- bodies ----------------------------------------------------------------------------------------------

class StringBody final : public BodySource::Impl {
public:
    explicit StringBody(std::string data) : data_(std::move(data)) {}
    Status open() override {
        pos_ = 0;
        return {};
    }
    core::Result<std::size_t> read(char* buf, std::size_t cap) override {
        const std::size_t n = std::min(cap, data_.size() - pos_);
        std::memcpy(buf, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    Status close() override { return {}; }
    [[nodiscard]] std::optional<std::uint64_t> size() const override { return data_.size(); }

private:
    std::string data_;
    std::size_t pos_ = 0;
};

core::Result<std::size_t> read_fd(int fd, char* buf, std::size_t cap, const std::string& what) {
    for (;;) {
        const ssize_t n = ::read(fd, buf, cap);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) return Error(Errc::io, fmt::format("cannot read {}: {}", what, std::strerror(errno)));
    }
}

class FdBody final : public BodySource::Impl {
public:
    FdBody(std::string path, int fd) : path_(std::move(path)), fd_(fd), owned_(fd < 0) {}
    ~FdBody() override {
        if (owned_ && fd_ >= 0) ::close(fd_);
    }
    FdBody(const FdBody&) = delete;
    FdBody& operator=(const FdBody&) = delete;
    Status open() override {
        if (!owned_) return {};
        if (fd_ >= 0) ::close(fd_);
        fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) return Error(Errc::io, fmt::format("cannot open {}: {}", path_, std::strerror(errno)));
        struct stat st {};
        if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
        return {};
    }
    core::Result<std::size_t> read(char* buf, std::size_t cap) override { return read_fd(fd_, buf, cap, path_); }
    Status close() override {
        if (owned_ && fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
        return {};
    }
    [[nodiscard]] std::optional<std::uint64_t> size() const override { return size_; }

private:
    std::string path_;
    int fd_;
    bool owned_;
    std::optional<std::uint64_t> size_;
};

/// Runs the producer on a thread writing into one end of a socket pair while libcurl reads the other.
/// A socket rather than a pipe: send(MSG_NOSIGNAL) reports a reader that went away without a SIGPIPE.
class ProducerBody final : public BodySource::Impl {
public:
    explicit ProducerBody(std::function<Status(const WriteFn&)> produce) : produce_(std::move(produce)) {}
    ~ProducerBody() override { (void)close(); }
    ProducerBody(const ProducerBody&) = delete;
    ProducerBody& operator=(const ProducerBody&) = delete;

    Status open() override {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
            return Error(Errc::io, fmt::format("cannot create a socket pair: {}", std::strerror(errno)));
        }
        read_fd_ = sv[0];
        const int wfd = sv[1];
        thread_ = std::thread([this, wfd] {
            const WriteFn write = [wfd](std::string_view bytes) -> Status {
                while (!bytes.empty()) {
                    const ssize_t n = ::send(wfd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
                    if (n < 0) {
                        if (errno == EINTR) continue;
                        return Error(Errc::interrupted, "the upload stopped before the body was complete");
                    }
                    bytes.remove_prefix(static_cast<std::size_t>(n));
                }
                return {};
            };
            Status st = produce_(write);
            {
                std::lock_guard lock(mu_);
                result_ = std::move(st);
                done_ = true;
            }
            ::close(wfd);
        });
        return {};
    }

    core::Result<std::size_t> read(char* buf, std::size_t cap) override {
        auto n = read_fd(read_fd_, buf, cap, "the request body");
        if (n && *n == 0) {
            // The producer closed its end: either it finished or it failed.
            std::lock_guard lock(mu_);
            if (done_ && !result_.ok()) return result_.error();
        }
        return n;
    }

    Status close() override {
        if (read_fd_ >= 0) {
            ::close(read_fd_);  // unblocks a producer still writing
            read_fd_ = -1;
        }
        if (thread_.joinable()) thread_.join();
        std::lock_guard lock(mu_);
        return result_;
    }

    [[nodiscard]] std::optional<std::uint64_t> size() const override { return std::nullopt; }

private:
    std::function<Status(const WriteFn&)> produce_;
    int read_fd_ = -1;
    std::thread thread_;
    std::mutex mu_;
    Status result_;
    bool done_ = false;
};

// ---- libcurl callbacks -----------------------------------------------------------------------------------

struct Transfer {
    HttpResponse* resp;
    const ChunkFn* on_chunk;
    const HttpRequest* req;
    const CancelFlag* global_cancel;
    bool aborted_by_callback = false;
    bool cancelled = false;
    bool headers_done = false;
    std::optional<Error> upload_error;
};

size_t on_body(char* data, size_t size, size_t nmemb, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * nmemb;
    // Error statuses always buffer, so the engine's message can be reported.
    if (t->on_chunk == nullptr || t->resp->status >= 400) {
        t->resp->body.append(data, n);
        return n;
    }
    if (!(*t->on_chunk)(std::string_view(data, n))) {
        t->aborted_by_callback = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    return n;
}

size_t on_header(char* data, size_t size, size_t nmemb, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * nmemb;
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        // A new status line (e.g. after 100 Continue): start over.
        t->resp->headers.clear();
        auto sp = line.find(' ');
        if (sp != std::string_view::npos) t->resp->status = std::atol(std::string(line.substr(sp + 1, 3)).c_str());
        return n;
    }
    if (line == "\r\n" || line == "\n") {
        if (t->resp->status >= 200 && !t->headers_done) {
            t->headers_done = true;
            if (t->req->on_headers) t->req->on_headers(t->resp->status);
        }
        return n;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    t->resp->headers[lower(std::string(line.substr(0, colon)))] = trim_copy(line.substr(colon + 1));
    return n;
}

size_t on_read(char* buf, size_t size, size_t nitems, void* user) {
    auto* t = static_cast<Transfer*>(user);
    if (is_set(t->req->cancel) || is_set(t->global_cancel)) {
        t->cancelled = true;
        return CURL_READFUNC_ABORT;
    }
    auto n = t->req->upload->impl()->read(buf, size * nitems);
    if (!n) {
        t->upload_error = std::move(n).error();
        return CURL_READFUNC_ABORT;
    }
    return *n;
}

/// Waits until `fd` is ready for `events`, checking the flags every 100 ms. Returns false when cancelled.
core::Result<bool> wait_fd(int fd, short events, const CancelFlag* a, const CancelFlag* b) {
    for (;;) {
        if (is_set(a) || is_set(b)) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, 100);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return Error(Errc::engine, fmt::format("poll: {}", std::strerror(errno)));
    }
}

}  // namespace

BodySource BodySource::from_string(std::string data) { return BodySource(std::make_unique<StringBody>(std::move(data))); }
BodySource BodySource::from_file(std::string path) { return BodySource(std::make_unique<FdBody>(std::move(path), -1)); }
BodySource BodySource::from_fd(int fd) { return BodySource(std::make_unique<FdBody>("standard input", fd)); }
BodySource BodySource::from_producer(std::function<Status(const WriteFn&)> produce) {
    return BodySource(std::make_unique<ProducerBody>(std::move(produce)));
}

std::string HttpResponse::header(std::string_view name) const {
    auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string() : it->second;
}

Http::Http(Endpoint ep) : ep_(std::move(ep)) {}

Http::~Http() {
    // Handles exist only when libcurl was loaded; without it there is nothing to clean up (and no API).
    if (curl_ == nullptr && multi_ == nullptr) return;
    const auto& api = **detail::curl_api();
    if (curl_ != nullptr) api.easy_cleanup(static_cast<CURL*>(curl_));
    if (multi_ != nullptr) api.multi_cleanup(static_cast<CURLM*>(multi_));
}

core::Result<HttpResponse> Http::send(const HttpRequest& req) { return perform(req, nullptr); }

core::Result<HttpResponse> Http::stream(const HttpRequest& req, const ChunkFn& on_chunk) {
    return perform(req, &on_chunk);
}

core::Result<HttpResponse> Http::perform(const HttpRequest& req, const ChunkFn* on_chunk) {
    auto loaded = detail::curl_api();
    if (!loaded) return loaded.error();
    const detail::CurlApi& api = **loaded;
    if (curl_ == nullptr) curl_ = api.easy_init();
    if (multi_ == nullptr) multi_ = api.multi_init();
    auto* c = static_cast<CURL*>(curl_);
    auto* m = static_cast<CURLM*>(multi_);
    if (c == nullptr || m == nullptr) return Error(Errc::internal, "libcurl could not create a handle");
    api.easy_reset(c);

    HttpResponse resp;
    Transfer t{&resp, on_chunk, &req, req.despite_global_cancel ? nullptr : global_cancel_};
    const std::string url = ep_.base_url + req.target;
    api.easy_setopt(c, CURLOPT_URL, url.c_str());
    if (ep_.kind == Endpoint::Kind::unix_socket) api.easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, ep_.socket_path.c_str());
    api.easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    if (req.timeout_ms > 0) api.easy_setopt(c, CURLOPT_TIMEOUT_MS, req.timeout_ms);
    api.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    api.easy_setopt(c, CURLOPT_WRITEDATA, &t);
    api.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    api.easy_setopt(c, CURLOPT_HEADERDATA, &t);

    curl_slist* headers = nullptr;
    headers = api.slist_append(headers, "Expect:");  // no 100-continue round trip for uploads
    for (const auto& h : req.headers) headers = api.slist_append(headers, h.c_str());
    BodySource::Impl* upload = req.upload != nullptr ? req.upload->impl() : nullptr;
    if (upload != nullptr) {
        if (auto st = upload->open(); !st) {
            api.slist_free_all(headers);
            return std::move(st).error();
        }
        api.easy_setopt(c, CURLOPT_UPLOAD, 1L);
        api.easy_setopt(c, CURLOPT_READFUNCTION, on_read);
        api.easy_setopt(c, CURLOPT_READDATA, &t);
        if (auto size = upload->size()) {
            api.easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*size));
        } else {
            headers = api.slist_append(headers, "Transfer-Encoding: chunked");
        }
        if (!req.content_type.empty()) headers = api.slist_append(headers, ("Content-Type: " + req.content_type).c_str());
    } else if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
        api.easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
        api.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
        if (!req.content_type.empty()) headers = api.slist_append(headers, ("Content-Type: " + req.content_type).c_str());
    }
    api.easy_setopt(c, CURLOPT_HTTPHEADER, headers);

    spdlog::debug("engine: {} {}", req.method, req.target);
    // The multi handle's connection cache outlives each transfer: keep-alive across requests.
    CURLcode rc = CURLE_OK;
    if (const CURLMcode mc = api.multi_add_handle(m, c); mc != CURLM_OK) {
        api.slist_free_all(headers);
        if (upload != nullptr) (void)upload->close();
        return Error(Errc::internal, fmt::format("libcurl: {}", api.multi_strerror(mc)));
    }
    for (;;) {
        int running = 0;
        if (const CURLMcode mc = api.multi_perform(m, &running); mc != CURLM_OK) {
            rc = CURLE_FAILED_INIT;
            break;
        }
        if (running == 0) {
            int left = 0;
            while (CURLMsg* msg = api.multi_info_read(m, &left)) {
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == c) rc = msg->data.result;
            }
            break;
        }
        if (is_set(req.cancel) || (!req.despite_global_cancel && is_set(global_cancel_))) {
            t.cancelled = true;
            break;
        }
        api.multi_poll(m, nullptr, 0, 100, nullptr);
    }
    api.multi_remove_handle(m, c);  // a transfer cut short closes its connection
    api.slist_free_all(headers);
    Status upload_status;
    if (upload != nullptr) upload_status = upload->close();

    long code = 0;
    api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code != 0) resp.status = code;
    if (spdlog::should_log(spdlog::level::trace)) {
        long connects = 0;
        api.easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
        spdlog::trace("engine: {} {} -> {} ({})", req.method, req.target, resp.status,
                      connects > 0 ? "new connection" : "reused connection");
    }

    if (t.cancelled) return cancelled_error();
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && t.aborted_by_callback)) {
        // The engine may answer an upload with an error before reading all of it; its message is better
        // than "broken pipe".
        if (resp.status >= 400 && !resp.body.empty()) return resp;
        if (t.upload_error) return std::move(*t.upload_error);
        if (!upload_status.ok()) return std::move(upload_status).error();
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_OPERATION_TIMEDOUT) {
            long os_errno = 0;
            api.easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
            if (resp.status == 0 && os_errno == EACCES) {
                Error err(Errc::unreachable, fmt::format("permission denied connecting to the Docker engine at {}", ep_.display));
                err.note("run stackctl as root or as a member of the socket's group (usually docker)");
                return err;
            }
            if (resp.status == 0) {
                return Error(Errc::unreachable,
                             fmt::format("cannot reach the Docker engine at {} ({})", ep_.display, api.easy_strerror(rc)));
            }
        }
        return Error(Errc::engine, fmt::format("{} {}: {}", req.method, req.target, api.easy_strerror(rc)));
    }
    if (!upload_status.ok() && resp.status < 400) return std::move(upload_status).error();
    return resp;
}

// ---- hijacked connections --------------------------------------------------------------------------------

RawConnection::RawConnection(void* curl) : curl_(curl) {
    if (curl_ == nullptr) return;
    const auto& api = **detail::curl_api();
    curl_socket_t s = CURL_SOCKET_BAD;
    api.easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_ACTIVESOCKET, &s);
    fd_ = s == CURL_SOCKET_BAD ? -1 : static_cast<int>(s);
}

RawConnection::~RawConnection() {
    if (curl_ != nullptr) (*detail::curl_api())->easy_cleanup(static_cast<CURL*>(curl_));
}

core::Result<std::ptrdiff_t> RawConnection::read_some(char* buf, std::size_t cap) {
    if (!pending_.empty()) {
        const std::size_t n = std::min(cap, pending_.size());
        std::memcpy(buf, pending_.data(), n);
        pending_.erase(0, n);
        return static_cast<std::ptrdiff_t>(n);
    }
    const auto& api = **detail::curl_api();
    size_t got = 0;
    const CURLcode rc = api.easy_recv(static_cast<CURL*>(curl_), buf, cap, &got);
    if (rc == CURLE_AGAIN) return std::ptrdiff_t{-1};
    if (rc != CURLE_OK) return Error(Errc::engine, fmt::format("reading from the engine: {}", api.easy_strerror(rc)));
    return static_cast<std::ptrdiff_t>(got);
}

core::Result<std::size_t> RawConnection::write_some(std::string_view bytes) {
    const auto& api = **detail::curl_api();
    size_t sent = 0;
    const CURLcode rc = api.easy_send(static_cast<CURL*>(curl_), bytes.data(), bytes.size(), &sent);
    if (rc == CURLE_AGAIN) return std::size_t{0};
    if (rc != CURLE_OK) return Error(Errc::engine, fmt::format("writing to the engine: {}", api.easy_strerror(rc)));
    return sent;
}

Status RawConnection::write_all(std::string_view bytes, const CancelFlag* cancel) {
    const auto& api = **detail::curl_api();
    while (!bytes.empty()) {
        size_t sent = 0;
        const CURLcode rc = api.easy_send(static_cast<CURL*>(curl_), bytes.data(), bytes.size(), &sent);
        if (rc == CURLE_AGAIN) {
            auto ready = wait_fd(fd_, POLLOUT, cancel, nullptr);
            if (!ready) return std::move(ready).error();
            if (!*ready) return cancelled_error();
            continue;
        }
        if (rc != CURLE_OK) return Error(Errc::engine, fmt::format("writing to the engine: {}", api.easy_strerror(rc)));
        bytes.remove_prefix(sent);
    }
    return {};
}

void RawConnection::close_write() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

core::Result<std::unique_ptr<RawConnection>> Http::hijack(const HttpRequest& req) {
    auto loaded = detail::curl_api();
    if (!loaded) return loaded.error();
    const detail::CurlApi& api = **loaded;
    CURL* c = api.easy_init();
    if (c == nullptr) return Error(Errc::internal, "libcurl could not create a handle");
    auto conn = std::make_unique<RawConnection>(nullptr);
    conn->curl_ = c;  // owned from here on
    api.easy_setopt(c, CURLOPT_URL, (ep_.base_url + "/").c_str());
    if (ep_.kind == Endpoint::Kind::unix_socket) api.easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, ep_.socket_path.c_str());
    api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    api.easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    if (const CURLcode rc = api.easy_perform(c); rc != CURLE_OK) {
        return Error(Errc::unreachable,
                     fmt::format("cannot reach the Docker engine at {} ({})", ep_.display, api.easy_strerror(rc)));
    }
    curl_socket_t s = CURL_SOCKET_BAD;
    api.easy_getinfo(c, CURLINFO_ACTIVESOCKET, &s);
    if (s == CURL_SOCKET_BAD) return Error(Errc::internal, "libcurl did not hand over the engine connection");
    conn->fd_ = static_cast<int>(s);

    const std::string host = ep_.kind == Endpoint::Kind::unix_socket ? std::string("localhost")
                                                                     : ep_.base_url.substr(ep_.base_url.find("//") + 2);
    std::string head = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: stackctl\r\nConnection: Upgrade\r\n"
                                   "Upgrade: tcp\r\nContent-Length: {}\r\n",
                                   req.method, req.target, host, req.body.size());
    if (!req.content_type.empty()) head += "Content-Type: " + req.content_type + "\r\n";
    for (const auto& h : req.headers) head += h + "\r\n";
    head += "\r\n";
    head += req.body;
    spdlog::debug("engine: {} {} (upgrade)", req.method, req.target);
    STACKCTL_TRY(conn->write_all(head, req.cancel));

    // Read the response head; what follows it is already the raw stream.
    std::string in;
    char buf[4096];
    std::size_t end = std::string::npos;
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
        if (in.size() > 64 * 1024) return Error(Errc::engine, "the engine sent an oversized response head");
        auto n = conn->read_some(buf, sizeof buf);
        if (!n) return std::move(n).error();
        if (*n == 0) return Error(Errc::engine, fmt::format("{} {}: the engine closed the connection", req.method, req.target));
        if (*n < 0) {
            auto ready = wait_fd(conn->fd_, POLLIN, req.cancel, global_cancel_);
            if (!ready) return std::move(ready).error();
            if (!*ready) return cancelled_error();
            continue;
        }
        in.append(buf, static_cast<std::size_t>(*n));
    }
    std::string_view headv(in.data(), end);
    const auto first_nl = headv.find("\r\n");
    const std::string_view status_line = headv.substr(0, first_nl);
    const auto sp = status_line.find(' ');
    conn->status_ = sp == std::string_view::npos ? 0 : std::atol(std::string(status_line.substr(sp + 1, 3)).c_str());
    for (std::size_t pos = first_nl; pos != std::string_view::npos && pos < headv.size();) {
        const std::size_t start = pos + 2;
        const std::size_t next = headv.find("\r\n", start);
        const std::string_view line = headv.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
        if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            conn->headers_[lower(std::string(line.substr(0, colon)))] = trim_copy(line.substr(colon + 1));
        }
        pos = next;
    }
    conn->pending_ = in.substr(end + 4);
    if (conn->status_ >= 400 || conn->status_ < 100) {
        // An error document follows; read it to its length (or to the end) for the engine's message.
        std::string body = std::move(conn->pending_);
        conn->pending_.clear();
        std::size_t want = std::string::npos;
        if (auto it = conn->headers_.find("content-length"); it != conn->headers_.end()) {
            want = static_cast<std::size_t>(std::strtoull(it->second.c_str(), nullptr, 10));
        }
        while (body.size() < want) {
            auto n = conn->read_some(buf, sizeof buf);
            if (!n || *n == 0) break;
            if (*n < 0) {
                auto ready = wait_fd(conn->fd_, POLLIN, req.cancel, global_cancel_);
                if (!ready || !*ready) break;
                continue;
            }
            body.append(buf, static_cast<std::size_t>(*n));
        }
        return error_from_status(conn->status_, body);
    }
    return conn;
}

}  // namespace stackctl::engine
