#pragma once
/// Decoders for the engine's streamed bodies: the multiplexed stdout/stderr frame format of logs, attach
/// and exec, and the newline-delimited JSON messages of events, build, pull and import. Pure and
/// incremental: chunks may split a frame or a JSON document anywhere.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stackctl/core/result.hpp"

namespace stackctl::engine {

/// A cancellation flag shared with long calls (streams, waits): set it from any thread and the call ends
/// with Errc::interrupted within about 100 ms, even while a stream receives nothing.
using CancelFlag = std::atomic<bool>;

/// Which stream a piece of container output came from (the first byte of a frame header).
enum class StreamId : std::uint8_t { in = 0, out = 1, err = 2, system = 3 };

/// Receives output; return false to stop the stream.
using OutputFn = std::function<bool(StreamId, std::string_view)>;

/// Splits the multiplexed stream format: frames of an 8-byte header {stream, 0, 0, 0, size (big-endian
/// uint32)} followed by `size` bytes. Payload is handed on as it arrives, without waiting for a whole
/// frame; a frame on the `system` stream is the engine reporting an error, and becomes one.
class FrameDemuxer {
public:
    enum class Outcome { more, stopped };
    /// Feeds one chunk; calls `out` for each piece of payload. Returns `stopped` when `out` returned false.
    core::Result<Outcome> feed(std::string_view chunk, const OutputFn& out);
    /// True when no frame is half read (a stream that ends elsewhere was cut short).
    [[nodiscard]] bool at_boundary() const { return header_len_ == 0 && remaining_ == 0; }

private:
    unsigned char header_[8] = {};
    std::size_t header_len_ = 0;
    std::uint32_t remaining_ = 0;
    StreamId current_ = StreamId::out;
    std::string system_msg_;
};

/// Splits a stream of concatenated JSON documents (one per line, as the engine writes them, though line
/// breaks are not relied on) and parses each.
class JsonStreamDecoder {
public:
    enum class Outcome { more, stopped };
    /// Feeds one chunk; calls `on_doc` for each complete document. Returns `stopped` when it returned false,
    /// or an Errc::parse error when a document is not valid JSON.
    core::Result<Outcome> feed(std::string_view chunk, const std::function<bool(nlohmann::json&&)>& on_doc);
    /// True when no document is half read.
    [[nodiscard]] bool idle() const;

private:
    std::string buf_;
    std::size_t scan_ = 0;   ///< how far buf_ has been scanned
    std::size_t start_ = 0;  ///< where the current document starts in buf_
    int depth_ = 0;
    bool in_string_ = false;
    bool escaped_ = false;
    bool started_ = false;
    bool scalar_ = false;  ///< a top-level scalar (number, true...) ends at whitespace
};

/// One message of a build, pull, push or import progress stream.
struct JsonMessage {
    std::string id;        ///< layer id for pull progress
    std::string status;    ///< "Downloading", "Pull complete", ...
    std::string progress;  ///< the engine's own progress bar text
    std::int64_t current = 0;
    std::int64_t total = 0;
    std::string stream;  ///< build output text ("Step 1/3 : FROM ...\n")
    std::string error;   ///< set when the operation failed: errorDetail.message, else error
    nlohmann::json aux;  ///< build results such as {"ID": "sha256:..."}; null when absent
    nlohmann::json raw;  ///< the whole document
};

/// Reads the known fields of a progress message; unknown fields stay in `raw`.
JsonMessage parse_json_message(nlohmann::json doc);

/// Receives progress messages; return false to cancel the operation.
using ProgressFn = std::function<bool(const JsonMessage&)>;

}  // namespace stackctl::engine
