#include "stackctl/engine/gzip.hpp"

#include <zlib.h>

#include <array>
#include <string>

namespace stackctl::engine {

using core::Errc;
using core::Error;
using core::Status;

namespace {

constexpr std::size_t kChunk = 64 * 1024;

std::string zmsg(const z_stream& z, int rc) {
    if (z.msg != nullptr) return z.msg;
    return "zlib error " + std::to_string(rc);
}

}  // namespace

struct GzipWriter::State {
    z_stream z{};
    bool ok = false;
};

GzipWriter::GzipWriter(ByteSink sink, int level) : st_(std::make_unique<State>()), sink_(std::move(sink)) {
    // 15 window bits + 16: a gzip header and trailer rather than zlib's.
    st_->ok = deflateInit2(&st_->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipWriter::~GzipWriter() {
    if (st_->ok) deflateEnd(&st_->z);
}

namespace {

Status deflate_all(z_stream& z, int flush, const ByteSink& sink) {
    std::array<unsigned char, kChunk> buf{};
    for (;;) {
        z.next_out = buf.data();
        z.avail_out = static_cast<uInt>(buf.size());
        int rc = deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) return Error(Errc::internal, "gzip: " + zmsg(z, rc));
        const std::size_t produced = buf.size() - z.avail_out;
        if (produced > 0) {
            if (auto s = sink(std::string_view(reinterpret_cast<const char*>(buf.data()), produced)); !s) return s;
        }
        if (flush == Z_FINISH ? rc == Z_STREAM_END : (z.avail_in == 0 && z.avail_out != 0)) return {};
    }
}

}  // namespace

Status GzipWriter::write(std::string_view data) {
    if (!st_->ok) return Error(Errc::internal, "gzip: zlib could not be initialised");
    if (finished_) return Error(Errc::internal, "gzip: write after finish");
    while (!data.empty()) {
        // avail_in is 32-bit: feed large pieces in parts.
        const std::size_t n = std::min<std::size_t>(data.size(), 1U << 30);
        st_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        st_->z.avail_in = static_cast<uInt>(n);
        if (auto s = deflate_all(st_->z, Z_NO_FLUSH, sink_); !s) return s;
        data.remove_prefix(n);
    }
    return {};
}

Status GzipWriter::finish() {
    if (!st_->ok) return Error(Errc::internal, "gzip: zlib could not be initialised");
    if (finished_) return {};
    finished_ = true;
    st_->z.next_in = nullptr;
    st_->z.avail_in = 0;
    return deflate_all(st_->z, Z_FINISH, sink_);
}

struct GzipReader::State {
    z_stream z{};
    bool ok = false;
};

GzipReader::GzipReader(ByteSink sink) : st_(std::make_unique<State>()), sink_(std::move(sink)) {
    st_->ok = inflateInit2(&st_->z, 15 + 16) == Z_OK;  // gzip only
}

GzipReader::~GzipReader() {
    if (st_->ok) inflateEnd(&st_->z);
}

Status GzipReader::write(std::string_view compressed) {
    if (!st_->ok) return Error(Errc::internal, "gzip: zlib could not be initialised");
    z_stream& z = st_->z;
    std::array<unsigned char, kChunk> buf{};
    while (!compressed.empty()) {
        const std::size_t n = std::min<std::size_t>(compressed.size(), 1U << 30);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
        z.avail_in = static_cast<uInt>(n);
        while (z.avail_in > 0) {
            in_member_ = true;
            z.next_out = buf.data();
            z.avail_out = static_cast<uInt>(buf.size());
            int rc = inflate(&z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
                return Error(Errc::parse, "not a valid gzip stream: " + zmsg(z, rc));
            }
            const std::size_t produced = buf.size() - z.avail_out;
            if (produced > 0) {
                if (auto s = sink_(std::string_view(reinterpret_cast<const char*>(buf.data()), produced)); !s) return s;
            }
            if (rc == Z_STREAM_END) {
                in_member_ = false;
                inflateReset(&z);  // a further member may follow
            } else if (rc == Z_BUF_ERROR && produced == 0) {
                return Error(Errc::parse, "not a valid gzip stream");
            }
        }
        compressed.remove_prefix(n);
    }
    return {};
}

Status GzipReader::finish() {
    if (in_member_) return Error(Errc::parse, "the gzip stream is truncated");
    return {};
}

}  // namespace stackctl::engine
