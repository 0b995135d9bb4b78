#include "stackctl/engine/tar.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <map>

namespace stackctl::engine {

using core::Errc;
using core::Error;
using core::Status;

namespace {

constexpr std::size_t kBlock = 512;

// Field offsets and widths of a ustar header.
struct Field {
    std::size_t off;
    std::size_t len;
};
constexpr Field kName{0, 100}, kMode{100, 8}, kUid{108, 8}, kGid{116, 8}, kSize{124, 12}, kMtime{136, 12},
    kChksum{148, 8}, kType{156, 1}, kLink{157, 100}, kMagic{257, 6}, kVersion{263, 2}, kUname{265, 32},
    kGname{297, 32}, kPrefix{345, 155};

using Block = std::array<char, kBlock>;

/// Largest value an octal field of `len` bytes holds (len - 1 digits and a NUL).
constexpr std::uint64_t octal_max(std::size_t len) { return (std::uint64_t{1} << (3 * (len - 1))) - 1; }

void put_octal(Block& b, Field f, std::uint64_t v) {
    // len-1 zero-padded octal digits, then NUL.
    for (std::size_t i = f.len - 1; i-- > 0;) {
        b[f.off + i] = static_cast<char>('0' + (v & 7));
        v >>= 3;
    }
    b[f.off + f.len - 1] = '\0';
}

void put_str(Block& b, Field f, std::string_view s) {
    if (!s.empty()) std::memcpy(b.data() + f.off, s.data(), std::min(s.size(), f.len));
}

std::string clean_name(std::string_view name, bool dir) {
    while (name.starts_with("./")) name.remove_prefix(2);
    while (name.starts_with('/')) name.remove_prefix(1);
    std::string out(name);
    if (dir && !out.empty() && out.back() != '/') out.push_back('/');
    return out;
}

/// Splits `name` into ustar prefix and name fields, or returns false when it cannot be split.
bool split_ustar(std::string_view name, std::string_view& prefix, std::string_view& rest) {
    if (name.size() <= kName.len) {
        prefix = {};
        rest = name;
        return true;
    }
    // As Go's archive/tar does: the last '/' among the first 156 bytes (ignoring a directory's trailing
    // '/') splits the name, when what follows fits the name field.
    std::size_t length = name.size();
    if (length > kPrefix.len + 1) {
        length = kPrefix.len + 1;
    } else if (name[length - 1] == '/') {
        --length;
    }
    const auto i = name.substr(0, length).rfind('/');
    if (i == std::string_view::npos || i == 0) return false;
    const std::size_t nlen = name.size() - i - 1;
    if (nlen == 0 || nlen > kName.len || i > kPrefix.len) return false;
    prefix = name.substr(0, i);
    rest = name.substr(i + 1);
    return true;
}

std::string pax_record(std::string_view key, std::string_view value) {
    // "<len> key=value\n", where len counts the whole record including its own digits.
    const std::size_t body = key.size() + value.size() + 3;  // ' ' '=' '\n'
    std::size_t len = body + 1;
    while (std::to_string(len).size() + body != len) len = std::to_string(len).size() + body;
    return std::to_string(len) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

Error io_error(const std::string& what, const std::string& path, int err) {
    return Error(Errc::io, what + " " + path + ": " + std::strerror(err));
}

}  // namespace

TarSink string_sink(std::string& out) {
    return [&out](std::string_view bytes) -> Status {
        out.append(bytes);
        return {};
    };
}

Status TarWriter::write(std::string_view bytes) {
    if (finished_) return Error(Errc::internal, "tar: entry added after the end of the archive");
    STACKCTL_TRY(sink_(bytes));
    written_ += bytes.size();
    return {};
}

Status TarWriter::pad(std::uint64_t size) {
    static const char zeros[kBlock] = {};
    const auto rem = static_cast<std::size_t>(size % kBlock);
    if (rem == 0) return {};
    return write(std::string_view(zeros, kBlock - rem));
}

Status TarWriter::header(std::string_view name, char type, std::uint64_t size, std::string_view link,
                         const TarMeta& meta) {
    std::map<std::string, std::string> pax;
    std::string_view prefix;
    std::string_view short_name;
    if (!split_ustar(name, prefix, short_name)) {
        pax["path"] = std::string(name);
        prefix = {};
        short_name = name.substr(0, kName.len);
    }
    if (link.size() > kLink.len) pax["linkpath"] = std::string(link);
    if (size > octal_max(kSize.len)) pax["size"] = std::to_string(size);
    if (meta.uid > octal_max(kUid.len)) pax["uid"] = std::to_string(meta.uid);
    if (meta.gid > octal_max(kGid.len)) pax["gid"] = std::to_string(meta.gid);
    if (meta.uname.size() > kUname.len) pax["uname"] = meta.uname;
    if (meta.gname.size() > kGname.len) pax["gname"] = meta.gname;
    const bool mtime_fits = meta.mtime >= 0 && static_cast<std::uint64_t>(meta.mtime) <= octal_max(kMtime.len);
    if (!mtime_fits) pax["mtime"] = std::to_string(meta.mtime);

    if (!pax.empty()) {
        std::string records;
        for (const auto& [k, v] : pax) records += pax_record(k, v);
        // Named like Go's archive/tar (and so docker's): dir/PaxHeaders.0/base.
        std::string_view trimmed = name;
        while (trimmed.ends_with('/')) trimmed.remove_suffix(1);
        const auto slash = trimmed.rfind('/');
        std::string pax_name = slash == std::string_view::npos
                                   ? "PaxHeaders.0/" + std::string(trimmed)
                                   : std::string(trimmed.substr(0, slash)) + "/PaxHeaders.0/" +
                                         std::string(trimmed.substr(slash + 1));
        if (pax_name.size() > kName.len) pax_name.resize(kName.len);
        TarMeta pm = meta;
        pm.mode = 0644;
        pm.uid = std::min<std::uint32_t>(pm.uid, static_cast<std::uint32_t>(octal_max(kUid.len)));
        pm.gid = std::min<std::uint32_t>(pm.gid, static_cast<std::uint32_t>(octal_max(kGid.len)));
        pm.uname.resize(std::min(pm.uname.size(), kUname.len));
        pm.gname.resize(std::min(pm.gname.size(), kGname.len));
        if (!mtime_fits) pm.mtime = 0;
        STACKCTL_TRY(header(pax_name, 'x', records.size(), {}, pm));
        STACKCTL_TRY(write(records));
        STACKCTL_TRY(pad(records.size()));
    }

    Block b{};
    put_str(b, kName, short_name);
    put_octal(b, kMode, meta.mode & 07777);
    put_octal(b, kUid, std::min<std::uint64_t>(meta.uid, octal_max(kUid.len)));
    put_octal(b, kGid, std::min<std::uint64_t>(meta.gid, octal_max(kGid.len)));
    put_octal(b, kSize, size > octal_max(kSize.len) ? 0 : size);
    put_octal(b, kMtime, mtime_fits ? static_cast<std::uint64_t>(meta.mtime) : 0);
    b[kType.off] = type;
    put_str(b, kLink, link.substr(0, std::min(link.size(), kLink.len)));
    put_str(b, kMagic, std::string_view("ustar\0", 6));
    put_str(b, kVersion, "00");
    put_str(b, kUname, std::string_view(meta.uname).substr(0, std::min(meta.uname.size(), kUname.len)));
    put_str(b, kGname, std::string_view(meta.gname).substr(0, std::min(meta.gname.size(), kGname.len)));
    put_str(b, kPrefix, prefix);
    // The checksum is computed with its own field as spaces: six octal digits, NUL, space.
    std::memset(b.data() + kChksum.off, ' ', kChksum.len);
    unsigned sum = 0;
    for (const char c : b) sum += static_cast<unsigned char>(c);
    for (std::size_t i = 6; i-- > 0;) {
        b[kChksum.off + i] = static_cast<char>('0' + (sum & 7));
        sum >>= 3;
    }
    b[kChksum.off + 6] = '\0';
    b[kChksum.off + 7] = ' ';
    return write(std::string_view(b.data(), b.size()));
}

Status TarWriter::add_directory(std::string_view name, const TarMeta& meta) {
    const std::string n = clean_name(name, true);
    if (n.empty()) return Error(Errc::internal, "tar: empty directory name");
    return header(n, '5', 0, {}, meta);
}

Status TarWriter::add_file(std::string_view name, std::string_view content, const TarMeta& meta) {
    const std::string n = clean_name(name, false);
    if (n.empty() || n.back() == '/') return Error(Errc::internal, "tar: bad file name \"" + std::string(name) + "\"");
    STACKCTL_TRY(header(n, '0', content.size(), {}, meta));
    STACKCTL_TRY(write(content));
    return pad(content.size());
}

Status TarWriter::add_file_stream(std::string_view name, std::uint64_t size, const TarMeta& meta,
                                  const std::function<core::Result<std::size_t>(char*, std::size_t)>& read) {
    const std::string n = clean_name(name, false);
    if (n.empty() || n.back() == '/') return Error(Errc::internal, "tar: bad file name \"" + std::string(name) + "\"");
    STACKCTL_TRY(header(n, '0', size, {}, meta));
    std::array<char, 64 * 1024> buf{};
    std::uint64_t left = size;
    while (left > 0) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf.size()));
        auto got = read(buf.data(), want);
        if (!got) return std::move(got).error();
        if (*got == 0) return Error(Errc::io, "tar: " + n + " ended before its announced size (it shrank while archived)");
        STACKCTL_TRY(write(std::string_view(buf.data(), *got)));
        left -= *got;
    }
    return pad(size);
}

Status TarWriter::add_symlink(std::string_view name, std::string_view target, const TarMeta& meta) {
    const std::string n = clean_name(name, false);
    if (n.empty()) return Error(Errc::internal, "tar: empty symlink name");
    return header(n, '2', 0, target, meta);
}

Status TarWriter::add_hardlink(std::string_view name, std::string_view target, const TarMeta& meta) {
    const std::string n = clean_name(name, false);
    if (n.empty()) return Error(Errc::internal, "tar: empty link name");
    return header(n, '1', 0, clean_name(target, false), meta);
}

Status TarWriter::add_path(std::string_view name, const std::string& host_path, const TarMeta& owner) {
    struct stat st {};
    if (::lstat(host_path.c_str(), &st) != 0) return io_error("cannot read", host_path, errno);
    TarMeta meta = owner;
    meta.mode = st.st_mode & 07777;
    meta.mtime = st.st_mtime;
    if (S_ISDIR(st.st_mode)) return add_directory(name, meta);
    if (S_ISLNK(st.st_mode)) {
        std::string target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 256), '\0');
        for (;;) {
            const ssize_t n = ::readlink(host_path.c_str(), target.data(), target.size());
            if (n < 0) return io_error("cannot read the link", host_path, errno);
            if (static_cast<std::size_t>(n) < target.size()) {
                target.resize(static_cast<std::size_t>(n));
                break;
            }
            target.resize(target.size() * 2);
        }
        return add_symlink(name, target, meta);
    }
    if (S_ISFIFO(st.st_mode)) return header(clean_name(name, false), '6', 0, {}, meta);
    if (!S_ISREG(st.st_mode)) return Error(Errc::io, "cannot archive " + host_path + ": not a file, directory or link");
    const int fd = ::open(host_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open", host_path, errno);
    auto reader = [fd, &host_path](char* buf, std::size_t cap) -> core::Result<std::size_t> {
        for (;;) {
            const ssize_t n = ::read(fd, buf, cap);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) return io_error("cannot read", host_path, errno);
        }
    };
    auto st2 = add_file_stream(name, static_cast<std::uint64_t>(st.st_size), meta, reader);
    ::close(fd);
    return st2;
}

Status TarWriter::finish() {
    static const char zeros[2 * kBlock] = {};
    STACKCTL_TRY(write(std::string_view(zeros, sizeof zeros)));
    finished_ = true;
    return {};
}

}  // namespace stackctl::engine

// ---- reading ---------------------------------------------------------------------------------------------

namespace stackctl::engine {

namespace {

constexpr std::size_t kScanBlock = 512;
constexpr std::uint64_t kMaxMeta = 1U << 20;  // a pax or long-name header larger than this is refused

std::uint64_t pad_of(std::uint64_t size) { return (kScanBlock - size % kScanBlock) % kScanBlock; }

/// An octal field (NUL/space terminated), or GNU base-256 when the high bit of its first byte is set.
std::optional<std::uint64_t> read_number(std::string_view f) {
    if (!f.empty() && (static_cast<unsigned char>(f[0]) & 0x80) != 0) {
        std::uint64_t v = static_cast<unsigned char>(f[0]) & 0x7f;
        for (std::size_t i = 1; i < f.size(); ++i) {
            if (v >> 56 != 0) return std::nullopt;
            v = (v << 8) | static_cast<unsigned char>(f[i]);
        }
        return v;
    }
    std::uint64_t v = 0;
    std::size_t i = 0;
    while (i < f.size() && f[i] == ' ') ++i;
    bool digits = false;
    for (; i < f.size() && f[i] >= '0' && f[i] <= '7'; ++i) {
        if (v >> 60 != 0) return std::nullopt;
        v = v * 8 + static_cast<std::uint64_t>(f[i] - '0');
        digits = true;
    }
    for (; i < f.size(); ++i) {
        if (f[i] != ' ' && f[i] != '\0') return std::nullopt;
    }
    if (!digits) return std::uint64_t{0};
    return v;
}

std::string read_str(std::string_view f) {
    auto nul = f.find('\0');
    return std::string(nul == std::string_view::npos ? f : f.substr(0, nul));
}

bool header_only(char type) { return type >= '1' && type <= '6'; }

}  // namespace

core::Status TarScanner::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        if (ended_) return {};  // what follows the end marker (record padding) is not read
        if (skip_ > 0) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, bytes.size()));
            skip_ -= n;
            bytes.remove_prefix(n);
            continue;
        }
        if (meta_type_ != 0) {
            if (meta_left_ > 0) {
                const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(meta_left_, bytes.size()));
                meta_.append(bytes.substr(0, n));
                meta_left_ -= n;
                bytes.remove_prefix(n);
            } else {
                const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(meta_pad_, bytes.size()));
                meta_pad_ -= n;
                bytes.remove_prefix(n);
            }
            if (meta_left_ == 0 && meta_pad_ == 0) {
                if (auto s = meta_done(); !s) return s;
            }
            continue;
        }
        const std::size_t n = std::min(kScanBlock - block_.size(), bytes.size());
        block_.append(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (block_.size() == kScanBlock) {
            auto s = header_block();
            block_.clear();
            if (!s) return s;
        }
    }
    return {};
}

core::Status TarScanner::header_block() {
    if (block_.find_first_not_of('\0') == std::string::npos) {
        ended_ = true;
        return {};
    }
    const std::string_view b(block_);
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < kScanBlock; ++i) {
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(b[i]);
    }
    auto recorded = read_number(b.substr(148, 8));
    if (!recorded || *recorded != sum) {
        return Error(Errc::parse, entries_ == 0 ? "not a tar archive (bad header checksum)"
                                                : "damaged tar archive (bad header checksum after " +
                                                      std::to_string(entries_) + " entries)");
    }
    auto size = read_number(b.substr(124, 12));
    auto mode = read_number(b.substr(100, 8));
    if (!size || !mode) return Error(Errc::parse, "damaged tar header: bad size or mode field");
    char type = b[156] == '\0' ? '0' : b[156];
    if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        if (*size > kMaxMeta) return Error(Errc::parse, "tar extended header too large");
        meta_type_ = type;
        meta_.clear();
        meta_left_ = *size;
        meta_pad_ = pad_of(*size);
        if (*size == 0) return meta_done();
        return {};
    }
    TarEntry e;
    e.name = read_str(b.substr(0, 100));
    if (b.substr(257, 5) == "ustar") {
        std::string prefix = read_str(b.substr(345, 155));
        if (!prefix.empty()) e.name = prefix + "/" + e.name;
    }
    e.link = read_str(b.substr(157, 100));
    e.type = type;
    e.size = *size;
    e.mode = static_cast<std::uint32_t>(*mode & 07777);
    if (!long_name_.empty()) e.name = long_name_;
    if (!long_link_.empty()) e.link = long_link_;
    if (!pax_path_.empty()) e.name = pax_path_;
    if (!pax_link_.empty()) e.link = pax_link_;
    if (pax_size_) e.size = *pax_size_;
    long_name_.clear();
    long_link_.clear();
    pax_path_.clear();
    pax_link_.clear();
    pax_size_.reset();
    if (header_only(type)) e.size = 0;
    skip_ = e.size + pad_of(e.size);
    ++entries_;
    return on_entry_ ? on_entry_(e) : Status{};
}

core::Status TarScanner::meta_done() {
    const char type = meta_type_;
    meta_type_ = 0;
    if (type == 'L' || type == 'K') {
        (type == 'L' ? long_name_ : long_link_) = read_str(meta_);
        return {};
    }
    if (type != 'x') return {};  // global pax headers: nothing we use
    std::string_view rest(meta_);
    while (!rest.empty()) {
        // "<len> <key>=<value>\n", len counting the whole record
        auto sp = rest.find(' ');
        std::uint64_t n = 0;
        bool ok = sp != std::string_view::npos && sp > 0;
        for (std::size_t i = 0; ok && i < sp; ++i) {
            if (rest[i] < '0' || rest[i] > '9') ok = false;
            else n = n * 10 + static_cast<std::uint64_t>(rest[i] - '0');
        }
        if (!ok || n <= sp + 1 || n > rest.size() || rest[n - 1] != '\n') {
            return Error(Errc::parse, "damaged pax extended header");
        }
        std::string_view rec = rest.substr(sp + 1, n - sp - 2);
        auto eq = rec.find('=');
        if (eq == std::string_view::npos) return Error(Errc::parse, "damaged pax extended header");
        std::string_view key = rec.substr(0, eq), value = rec.substr(eq + 1);
        if (key == "path") pax_path_ = std::string(value);
        else if (key == "linkpath") pax_link_ = std::string(value);
        else if (key == "size") {
            std::uint64_t v = 0;
            for (char c : value) {
                if (c < '0' || c > '9') return Error(Errc::parse, "damaged pax extended header: size");
                v = v * 10 + static_cast<std::uint64_t>(c - '0');
            }
            pax_size_ = v;
        }
        rest.remove_prefix(n);
    }
    return {};
}

core::Status TarScanner::finish() {
    if (ended_) return {};
    if (skip_ > 0 || meta_type_ != 0 || !block_.empty()) return Error(Errc::parse, "the tar archive is truncated");
    if (entries_ == 0) return Error(Errc::parse, "not a tar archive (it is empty)");
    return {};
}

}  // namespace stackctl::engine
