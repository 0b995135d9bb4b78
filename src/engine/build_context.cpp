#include "stackctl/engine/build_context.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "stackctl/engine/dockerignore.hpp"

namespace stackctl::engine {

using core::Errc;
using core::Error;
using core::Status;

namespace {

core::Result<std::vector<std::string>> list_dir(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return Error(Errc::io, "cannot read the directory " + dir + ": " + std::strerror(errno));
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());  // byte order, as Go's filepath.Walk
    return names;
}

class ContextWriter {
public:
    ContextWriter(std::string root, const PatternMatcher& pm, TarWriter& tar) : root_(std::move(root)), pm_(pm), tar_(tar) {}

    Status walk(const std::string& rel_dir) {
        auto names = list_dir(rel_dir.empty() ? root_ : root_ + "/" + rel_dir);
        if (!names) return std::move(names).error();
        for (const auto& name : *names) {
            const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
            const std::string host = root_ + "/" + rel;
            struct stat st {};
            if (::lstat(host.c_str(), &st) != 0) return Error(Errc::io, "cannot read " + host + ": " + std::strerror(errno));
            const bool dir = S_ISDIR(st.st_mode);
            if (pm_.matches(rel)) {
                if (!dir || !may_reinclude(rel)) continue;
                STACKCTL_TRY(walk(rel));  // the directory itself stays out; some of its content may not
                continue;
            }
            if (S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
                spdlog::warn("build context: skipping {}: not a file, directory or link", host);
                continue;
            }
            if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
                // A second name of a file already archived becomes a hard link, as docker's archiver does.
                const auto key = std::make_pair(st.st_dev, st.st_ino);
                if (auto it = seen_.find(key); it != seen_.end()) {
                    TarMeta meta;
                    meta.mode = st.st_mode & 07777;
                    meta.mtime = st.st_mtime;
                    STACKCTL_TRY(tar_.add_hardlink(rel, it->second, meta));
                    continue;
                }
                seen_.emplace(key, rel);
            }
            STACKCTL_TRY(tar_.add_path(rel, host, TarMeta{}));
            if (dir) STACKCTL_TRY(walk(rel));
        }
        return {};
    }

private:
    /// Whether an exception pattern could match something under the excluded directory `rel`.
    bool may_reinclude(const std::string& rel) const {
        if (!pm_.has_exclusions()) return false;
        const std::string dir_slash = rel + "/";
        return std::any_of(pm_.patterns().begin(), pm_.patterns().end(), [&](const PatternMatcher::Pattern& p) {
            return p.exclusion && (p.text + "/").starts_with(dir_slash);
        });
    }

    std::string root_;
    const PatternMatcher& pm_;
    TarWriter& tar_;
    std::map<std::pair<dev_t, ino_t>, std::string> seen_;
};

}  // namespace

core::Result<std::vector<std::string>> build_context_excludes(const std::string& context_dir,
                                                              const BuildContextOptions& opts) {
    std::vector<std::string> excludes;
    const std::string path = context_dir + "/.dockerignore";
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::ostringstream text;
        text << in.rdbuf();
        if (in.bad()) return Error(Errc::io, "cannot read " + path);
        excludes = parse_dockerignore(text.str());
    } else if (errno != ENOENT) {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) return Error(Errc::io, "cannot read " + path + ": " + std::strerror(errno));
    }
    if (excludes.empty()) return excludes;
    auto pm = PatternMatcher::compile(excludes);
    if (!pm) return std::move(pm).error().note("in " + path);
    // The engine needs these two even when they are ignored (it drops them from the image's context itself).
    if (pm->matches(".dockerignore")) excludes.emplace_back("!.dockerignore");
    const std::string dockerfile = clean_path(opts.dockerfile.empty() ? "Dockerfile" : opts.dockerfile);
    if (pm->matches(dockerfile)) excludes.push_back("!" + dockerfile);
    return excludes;
}

Status write_build_context(const std::string& context_dir, const BuildContextOptions& opts, const TarSink& sink) {
    struct stat st {};
    if (::stat(context_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return Error(Errc::io, "the build context " + context_dir + " is not a readable directory");
    }
    auto excludes = build_context_excludes(context_dir, opts);
    if (!excludes) return std::move(excludes).error();
    auto pm = PatternMatcher::compile(*excludes);
    if (!pm) return std::move(pm).error().note("in " + context_dir + "/.dockerignore");
    TarWriter tar(sink);
    ContextWriter writer(context_dir, *pm, tar);
    STACKCTL_TRY(writer.walk(""));
    for (const auto& f : opts.extra_files) {
        TarMeta meta;
        meta.mode = 0600;
        STACKCTL_TRY(tar.add_file(f.name, f.content, meta));
    }
    return tar.finish();
}

BodySource build_context_body(std::string context_dir, BuildContextOptions opts) {
    return BodySource::from_producer([dir = std::move(context_dir), o = std::move(opts)](const WriteFn& write) {
        return write_build_context(dir, o, write);
    });
}

}  // namespace stackctl::engine
