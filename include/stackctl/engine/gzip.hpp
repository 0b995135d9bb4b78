#pragma once
/// gzip streams with zlib, for volume backups: a writer that compresses into a sink as data arrives and a
/// reader that decompresses into a sink, so an archive never has to sit in memory.

#include <functional>
#include <memory>
#include <string_view>

#include "stackctl/core/result.hpp"

namespace stackctl::engine {

/// Receives bytes in order; an error stops the stream.
using ByteSink = std::function<core::Status(std::string_view)>;

class GzipWriter {
public:
    /// `level`: zlib's 0 (store) to 9 (smallest); 6 is gzip's default.
    explicit GzipWriter(ByteSink sink, int level = 6);
    ~GzipWriter();
    GzipWriter(const GzipWriter&) = delete;
    GzipWriter& operator=(const GzipWriter&) = delete;

    core::Status write(std::string_view data);
    /// Flushes the rest and the gzip trailer. Nothing may be written afterwards.
    core::Status finish();

private:
    struct State;
    std::unique_ptr<State> st_;
    ByteSink sink_;
    bool finished_ = false;
};

/// Decompresses gzip data (several concatenated members too, as gunzip does).
class GzipReader {
public:
    explicit GzipReader(ByteSink sink);
    ~GzipReader();
    GzipReader(const GzipReader&) = delete;
    GzipReader& operator=(const GzipReader&) = delete;

    /// Compressed bytes; corrupt data is an Errc::parse error.
    core::Status write(std::string_view compressed);
    /// Checks the input ended at the end of a member (a truncated file is an Errc::parse error).
    core::Status finish();

private:
    struct State;
    std::unique_ptr<State> st_;
    ByteSink sink_;
    bool in_member_ = false;  ///< bytes of a member were read and its end not yet seen
};

}  // namespace stackctl::engine
