#pragma once
/// A tar writer (POSIX ustar, with pax extended headers for what ustar cannot hold: long names and link
/// targets, big sizes and ids) for build contexts and for copying files into containers. It writes to a
/// sink as it goes, so an archive never has to sit in memory.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "stackctl/core/result.hpp"

namespace stackctl::engine {

/// Receives archive bytes in order.
using TarSink = std::function<core::Status(std::string_view)>;

/// A sink that appends to `out` (which must outlive the writer).
TarSink string_sink(std::string& out);

/// Ownership, permissions and time of one entry.
struct TarMeta {
    std::uint32_t mode = 0644;  ///< permission bits, including setuid/setgid/sticky (07777)
    std::int64_t mtime = 0;     ///< seconds since the epoch
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::string uname;  ///< empty: none recorded
    std::string gname;
};

class TarWriter {
public:
    explicit TarWriter(TarSink sink) : sink_(std::move(sink)) {}

    /// Entry names are relative, '/'-separated; a leading "/" or "./" is dropped, and directories get their
    /// trailing '/'. Names of any length are accepted.
    core::Status add_directory(std::string_view name, const TarMeta& meta);
    core::Status add_file(std::string_view name, std::string_view content, const TarMeta& meta);
    /// A regular file of `size` bytes read from `read` (which returns the number of bytes it put in the
    /// buffer, 0 only at the end); fewer or more bytes than announced is an error.
    core::Status add_file_stream(std::string_view name, std::uint64_t size, const TarMeta& meta,
                                 const std::function<core::Result<std::size_t>(char*, std::size_t)>& read);
    core::Status add_symlink(std::string_view name, std::string_view target, const TarMeta& meta);
    core::Status add_hardlink(std::string_view name, std::string_view target, const TarMeta& meta);
    /// Adds what is at `host_path` (not following a final symlink) as `name`: a regular file with its
    /// content, a directory (not its content), a symlink, or a fifo. Mode and mtime come from the file;
    /// uid, gid and names from `owner`. Sockets and devices are refused with an Errc::io error.
    core::Status add_path(std::string_view name, const std::string& host_path, const TarMeta& owner);
    /// Writes the end-of-archive marker (two zero blocks). No entry may be added afterwards.
    core::Status finish();

    [[nodiscard]] std::uint64_t bytes_written() const { return written_; }

private:
    core::Status header(std::string_view name, char type, std::uint64_t size, std::string_view link,
                        const TarMeta& meta);
    core::Status write(std::string_view bytes);
    core::Status pad(std::uint64_t size);

    TarSink sink_;
    std::uint64_t written_ = 0;
    bool finished_ = false;
};

/// One entry of an archive as TarScanner reports it.
struct TarEntry {
    std::string name;  ///< the full name (pax `path` and GNU long names applied)
    char type = '0';   ///< ustar type flag: '0' file, '5' directory, '2' symlink, '1' hard link ...
    std::uint64_t size = 0;
    std::string link;  ///< target of a link
    std::uint32_t mode = 0;
};

/// Reads the structure of a tar stream fed in pieces of any size: checks the headers (checksums, sizes)
/// and reports each entry; contents are skipped. Pax extended headers and GNU long names are applied to
/// the entry they precede, not reported themselves.
class TarScanner {
public:
    using EntryFn = std::function<core::Status(const TarEntry&)>;
    explicit TarScanner(EntryFn on_entry) : on_entry_(std::move(on_entry)) {}

    /// Not a tar, or a damaged one: Errc::parse.
    core::Status feed(std::string_view bytes);
    /// The stream ended: an error when it stopped inside a header or an entry's content.
    core::Status finish();

    [[nodiscard]] std::uint64_t entries() const { return entries_; }

private:
    core::Status header_block();
    core::Status meta_done();

    EntryFn on_entry_;
    std::string block_;        ///< the header block being filled
    std::uint64_t skip_ = 0;   ///< content bytes still to pass over
    std::string meta_;         ///< content of a pax or GNU long-name header being collected
    char meta_type_ = 0;       ///< its type ('x', 'g', 'L', 'K'); 0 when none
    std::uint64_t meta_left_ = 0;
    std::uint64_t meta_pad_ = 0;
    std::string pax_path_, pax_link_, long_name_, long_link_;
    std::optional<std::uint64_t> pax_size_;
    std::uint64_t entries_ = 0;
    bool ended_ = false;  ///< a zero block was seen
};

}  // namespace stackctl::engine
