#include "stackctl/engine/streams.hpp"

#include <cctype>

namespace stackctl::engine {

using core::Errc;
using core::Error;

core::Result<FrameDemuxer::Outcome> FrameDemuxer::feed(std::string_view chunk, const OutputFn& out) {
    while (!chunk.empty()) {
        if (remaining_ == 0) {
            const std::size_t take = std::min(chunk.size(), sizeof header_ - header_len_);
            for (std::size_t i = 0; i < take; ++i) header_[header_len_ + i] = static_cast<unsigned char>(chunk[i]);
            header_len_ += take;
            chunk.remove_prefix(take);
            if (header_len_ < sizeof header_) break;
            header_len_ = 0;
            if (header_[0] > 3) {
                return Error(Errc::engine, "the engine sent a malformed output stream (unknown stream " +
                                               std::to_string(header_[0]) + ")");
            }
            current_ = static_cast<StreamId>(header_[0]);
            remaining_ = (std::uint32_t{header_[4]} << 24) | (std::uint32_t{header_[5]} << 16) |
                         (std::uint32_t{header_[6]} << 8) | std::uint32_t{header_[7]};
            continue;
        }
        const std::size_t take = std::min<std::size_t>(chunk.size(), remaining_);
        const std::string_view piece = chunk.substr(0, take);
        chunk.remove_prefix(take);
        remaining_ -= static_cast<std::uint32_t>(take);
        if (current_ == StreamId::system) {
            system_msg_.append(piece);
            if (remaining_ == 0) {
                std::string msg = std::move(system_msg_);
                system_msg_.clear();
                while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.pop_back();
                return Error(Errc::engine, msg.empty() ? std::string("the engine reported an error") : msg);
            }
            continue;
        }
        if (!out(current_, piece)) return Outcome::stopped;
    }
    return Outcome::more;
}

bool JsonStreamDecoder::idle() const {
    for (std::size_t i = start_; i < buf_.size(); ++i) {
        if (!std::isspace(static_cast<unsigned char>(buf_[i]))) return false;
    }
    return true;
}

core::Result<JsonStreamDecoder::Outcome> JsonStreamDecoder::feed(
    std::string_view chunk, const std::function<bool(nlohmann::json&&)>& on_doc) {
    buf_.append(chunk);
    auto emit = [&](std::size_t end) -> core::Result<bool> {
        const std::string_view text(buf_.data() + start_, end - start_);
        auto doc = nlohmann::json::parse(text, nullptr, false);
        start_ = end;
        started_ = false;
        scalar_ = false;
        depth_ = 0;
        if (doc.is_discarded()) {
            std::string shown(text.substr(0, 200));
            return Error(Errc::parse, "the engine sent a message that is not JSON: " + shown);
        }
        return on_doc(std::move(doc));
    };
    for (; scan_ < buf_.size(); ++scan_) {
        const char c = buf_[scan_];
        if (!started_) {
            if (std::isspace(static_cast<unsigned char>(c))) {
                start_ = scan_ + 1;
                continue;
            }
            started_ = true;
            start_ = scan_;
            if (c == '{' || c == '[') {
                depth_ = 1;
            } else if (c == '"') {
                in_string_ = true;
            } else {
                scalar_ = true;
            }
            continue;
        }
        if (in_string_) {
            if (escaped_) {
                escaped_ = false;
            } else if (c == '\\') {
                escaped_ = true;
            } else if (c == '"') {
                in_string_ = false;
                if (depth_ == 0) {  // a top-level string ends here
                    auto r = emit(scan_ + 1);
                    if (!r) return std::move(r).error();
                    if (!*r) {
                        ++scan_;
                        return Outcome::stopped;
                    }
                }
            }
            continue;
        }
        if (scalar_) {
            if (std::isspace(static_cast<unsigned char>(c)) || c == '{' || c == '[' || c == '"') {
                auto r = emit(scan_);
                if (!r) return std::move(r).error();
                if (!*r) return Outcome::stopped;
                --scan_;  // look at this character again as the start of the next document
            }
            continue;
        }
        if (c == '"') {
            in_string_ = true;
        } else if (c == '{' || c == '[') {
            ++depth_;
        } else if (c == '}' || c == ']') {
            if (--depth_ == 0) {
                auto r = emit(scan_ + 1);
                if (!r) return std::move(r).error();
                if (!*r) {
                    ++scan_;
                    return Outcome::stopped;
                }
            }
        }
    }
    // Drop what has been consumed, so a long stream does not grow the buffer.
    if (start_ > 0) {
        buf_.erase(0, start_);
        scan_ -= start_;
        start_ = 0;
    }
    return Outcome::more;
}

namespace {

std::string str_of(const nlohmann::json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t int_of(const nlohmann::json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

}  // namespace

JsonMessage parse_json_message(nlohmann::json doc) {
    JsonMessage m;
    if (!doc.is_object()) {
        m.raw = std::move(doc);
        return m;
    }
    m.id = str_of(doc, "id");
    m.status = str_of(doc, "status");
    m.progress = str_of(doc, "progress");
    m.stream = str_of(doc, "stream");
    if (auto it = doc.find("progressDetail"); it != doc.end() && it->is_object()) {
        m.current = int_of(*it, "current");
        m.total = int_of(*it, "total");
    }
    if (auto it = doc.find("errorDetail"); it != doc.end() && it->is_object()) m.error = str_of(*it, "message");
    if (m.error.empty()) m.error = str_of(doc, "error");
    if (m.error.empty()) {
        // Some engines put a bare {"message": "..."} error document in the stream.
        if (doc.size() == 1 && doc.contains("message")) m.error = str_of(doc, "message");
    }
    if (auto it = doc.find("aux"); it != doc.end()) m.aux = *it;
    m.raw = std::move(doc);
    return m;
}

}  // namespace stackctl::engine
