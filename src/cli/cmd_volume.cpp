// stackctl volume ls | backup | restore: the project's named volumes, and their content as a .tar.gz.
//
// Backup and restore go through a helper container that is created with the volume mounted at
// /backup-volume and removed again at the end (also on errors and Ctrl-C). The tar stream is read and written
// with the Engine API's archive endpoints, which work on a container that was never started, so no tool is
// needed in its image; gzip is done here. Only emptying a volume (restore --force) starts the helper, and that
// needs `sh` and `rm` in its image.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>

#include "commands.hpp"
#include "interrupt.hpp"
#include "project_setup.hpp"
#include "stackctl/converge/labels.hpp"
#include "stackctl/engine/gzip.hpp"
#include "stackctl/engine/tar.hpp"
#include "stackctl/ui/output.hpp"
#include "stackctl/ui/raw_output.hpp"

namespace stackctl::cli {

namespace {

using core::Errc;
using core::Error;
using core::Status;

constexpr const char* kMountPoint = "/backup-volume";
constexpr const char* kHelperLabel = "org.stackctl.helper";

struct VolumeFlags {
    std::string volume;
    std::string file;
    std::string image;
    bool force = false;
    std::string format = "table";
    bool quiet = false;
};

/// A volume of the project, resolved to its engine volume.
struct Target {
    std::string key;   ///< the compose key (may be empty for a labelled volume the model no longer declares)
    std::string name;  ///< the engine's name
    bool external = false;
    engine::VolumeInfo info;
};

bool is_external(const converge::DesiredState& d, const std::string& key) {
    auto it = d.volumes.find(key);
    if (it == d.volumes.end() || !it->is_object()) return false;
    auto e = it->find("external");
    return e != it->end() && e->is_boolean() && e->get<bool>();
}

std::string label(const engine::Labels& labels, std::string_view key) {
    auto it = labels.find(std::string(key));
    return it == labels.end() ? std::string() : it->second;
}

core::Result<Target> resolve_volume(engine::Client& client, const converge::DesiredState& d, const std::string& arg) {
    const std::string& project = d.project.name;
    Target t;
    if (d.volumes.contains(arg)) {
        t.key = arg;
    } else {
        for (const auto& [key, v] : d.volumes.items()) {
            if (d.volume_name(key) == arg) t.key = key;
        }
    }
    if (!t.key.empty()) {
        t.name = d.volume_name(t.key);
        t.external = is_external(d, t.key);
        auto info = client.inspect_volume(t.name);
        if (!info) {
            if (info.error().code != Errc::not_found) return std::move(info).error();
            return Error(Errc::not_found,
                         t.external ? fmt::format("external volume \"{}\" (volumes.{}) does not exist", t.name, t.key)
                                    : fmt::format("volume \"{}\" (volumes.{}) does not exist yet: run `stackctl up` first",
                                                  t.name, t.key));
        }
        t.info = std::move(*info);
        if (!t.external && label(t.info.labels, converge::labels::kProject) != project) {
            return Error(Errc::conflict,
                         fmt::format("volume \"{}\" exists but was not created for project \"{}\" (it has no {}={} label); "
                                     "refusing to touch it",
                                     t.name, project, converge::labels::kProject, project));
        }
        return t;
    }
    auto info = client.inspect_volume(arg);
    if (!info) {
        if (info.error().code != Errc::not_found) return std::move(info).error();
        std::string keys;
        for (const auto& [key, v] : d.volumes.items()) keys += (keys.empty() ? "" : ", ") + key;
        return Error(Errc::not_found, fmt::format("project \"{}\" has no volume \"{}\" (its volumes: {})", project, arg,
                                                  keys.empty() ? "none" : keys));
    }
    if (label(info->labels, converge::labels::kProject) != project) {
        return Error(Errc::conflict, fmt::format("volume \"{}\" does not belong to project \"{}\" (no {}={} label); "
                                                 "refusing to touch it",
                                                 arg, project, converge::labels::kProject, project));
    }
    t.key = label(info->labels, converge::labels::kVolume);
    t.name = arg;
    t.info = std::move(*info);
    return t;
}

/// Whether a service's volumes mount the compose volume `key`.
bool mounts(const converge::ServiceSpec& s, const std::string& key) {
    auto it = s.config.find("volumes");
    if (it == s.config.end() || !it->is_array()) return false;
    for (const auto& m : *it) {
        if (m.is_object() && m.value("type", "") == "volume" && m.value("source", "") == key) return true;
    }
    return false;
}

/// --image, else the first image present locally among the services that mount the volume, then the others.
core::Result<std::string> helper_image(engine::Client& client, const converge::DesiredState& d, const Target& t,
                                       const std::string& flag) {
    if (!flag.empty()) {
        auto img = client.inspect_image(flag);
        if (!img) return std::move(img).error();
        if (!img->has_value())
            return Error(Errc::not_found, fmt::format("image \"{}\" is not present locally (stackctl does not pull it "
                                                      "for a helper container)",
                                                      flag));
        return flag;
    }
    std::vector<std::string> candidates;
    auto add = [&](const std::string& img) {
        if (!img.empty() && std::find(candidates.begin(), candidates.end(), img) == candidates.end())
            candidates.push_back(img);
    };
    for (const auto& s : d.services)
        if (!t.key.empty() && mounts(s, t.key)) add(s.image);
    for (const auto& s : d.services) add(s.image);
    for (const auto& img : candidates) {
        auto info = client.inspect_image(img);
        if (!info) return std::move(info).error();
        if (info->has_value()) return img;
    }
    return Error(Errc::not_found, "no image of the project's services is present locally for the helper container: "
                                  "pass --image IMAGE (any local image; it is not started for a backup)");
}

std::string random_suffix() {
    std::random_device rd;
    return fmt::format("{:08x}", rd());
}

/// The helper container; removed (forcefully, with a client that ignores Ctrl-C) when it goes out of scope.
class Helper {
public:
    Helper(engine::Client& client, std::string id) : client_(client), id_(std::move(id)) {}
    ~Helper() {
        auto cleanup = engine::make_docker_client(client_.endpoint(), {});
        if (auto s = cleanup->remove_container(id_, {.force = true, .volumes = true}); !s && s.error().code != Errc::not_found) {
            ui::warning(fmt::format("could not remove the helper container {}: {}", id_, s.error().message));
        }
    }
    Helper(const Helper&) = delete;
    Helper& operator=(const Helper&) = delete;
    [[nodiscard]] const std::string& id() const { return id_; }

private:
    engine::Client& client_;
    std::string id_;
};

core::Result<std::unique_ptr<Helper>> create_helper(engine::Client& client, const std::string& project,
                                                    const std::string& purpose, const std::string& image,
                                                    const std::string& volume, bool read_only) {
    nlohmann::json body = {
        {"Image", image},
        {"User", "0:0"},
        // Never started for a backup; for restore --force it empties the volume (needs sh and rm in the image).
        {"Entrypoint", {"sh", "-c"}},
        {"Cmd", {fmt::format("rm -rf {0}/..?* {0}/.[!.]* {0}/*", kMountPoint)}},
        {"WorkingDir", "/"},
        {"NetworkDisabled", true},
        {"Labels", {{std::string(converge::labels::kProject), project}, {kHelperLabel, purpose}}},
        {"HostConfig",
         {{"NetworkMode", "none"},
          {"Mounts",
           {{{"Type", "volume"},
             {"Source", volume},
             {"Target", kMountPoint},
             {"ReadOnly", read_only},
             {"VolumeOptions", {{"NoCopy", true}}}}}}}}};
    const std::string name = fmt::format("{}-{}-{}", project, purpose, random_suffix());
    auto created = client.create_container({.name = name, .body = body});
    if (!created) return std::move(created).error();
    return std::make_unique<Helper>(client, created->id);
}

/// Containers that are running with the volume mounted.
core::Result<std::vector<std::string>> running_users(engine::Client& client, const std::string& volume) {
    engine::ContainerListOptions o;
    o.filters["volume"] = {volume};
    o.filters["status"] = {"running"};
    auto list = client.list_containers(o);
    if (!list) return std::move(list).error();
    std::vector<std::string> names;
    for (const auto& c : *list) names.push_back(c.name());
    return names;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

std::string utc_stamp() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y%m%dT%H%M%SZ", &tm);
    return buf.data();
}

Status write_all(int fd, std::string_view data, const std::string& what) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error(Errc::io, fmt::format("{}: {}", what, std::strerror(errno)));
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

/// Reads a file through `sink` in pieces.
Status read_file(const std::string& path, const engine::ByteSink& sink) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error(Errc::io, fmt::format("{}: {}", path, std::strerror(errno)));
    std::array<char, 64 * 1024> buf{};
    Status result;
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            result = Error(Errc::io, fmt::format("{}: {}", path, std::strerror(errno)));
            break;
        }
        if (n == 0) break;
        if (auto s = sink(std::string_view(buf.data(), static_cast<std::size_t>(n))); !s) {
            result = s;
            break;
        }
    }
    ::close(fd);
    return result;
}

/// Counts the entries of the volume (the root "./" aside), stopping at the first one.
core::Result<bool> volume_is_empty(engine::Client& client, const std::string& helper) {
    bool found = false;
    engine::TarScanner scan([&](const engine::TarEntry& e) {
        if (e.name != "./" && e.name != "." && !e.name.empty()) found = true;
        return Status{};
    });
    Status scan_error;
    auto s = client.get_archive(helper, std::string(kMountPoint) + "/.", [&](std::string_view chunk) {
        scan_error = scan.feed(chunk);
        return scan_error.ok() && !found;
    });
    if (found) return false;
    if (!scan_error) return std::move(scan_error).error();
    if (!s) return std::move(s).error();
    return true;
}

// ---- ls --------------------------------------------------------------------------------------------------

Status run_ls(Context& ctx, const VolumeFlags& f) {
    if (f.format != "table" && f.format != "json")
        return Error(Errc::usage, fmt::format("unsupported format \"{}\" (use table or json)", f.format));
    auto loaded = load_for_engine(ctx, {});
    if (!loaded) return std::move(loaded).error();
    const converge::DesiredState& d = loaded->desired;
    auto client_r = ctx.engine();
    if (!client_r) return std::move(client_r).error();
    engine::Client& client = **client_r;

    struct Row {
        std::string key, name, driver, mountpoint, created;
        bool external = false;
    };
    std::vector<Row> rows;
    std::set<std::string> seen;
    for (const auto& [key, v] : d.volumes.items()) {
        const std::string name = d.volume_name(key);
        auto info = client.inspect_volume(name);
        if (!info) {
            if (info.error().code == Errc::not_found) continue;
            return std::move(info).error();
        }
        const bool ext = is_external(d, key);
        if (!ext && label(info->labels, converge::labels::kProject) != d.project.name) continue;
        rows.push_back({key, name, info->driver, info->mountpoint, info->created_at, ext});
        seen.insert(name);
    }
    engine::Filters filters;
    filters["label"] = {fmt::format("{}={}", converge::labels::kProject, d.project.name)};
    auto labelled = client.list_volumes(filters);
    if (!labelled) return std::move(labelled).error();
    for (const auto& v : *labelled) {
        if (seen.count(v.name) != 0) continue;
        rows.push_back({label(v.labels, converge::labels::kVolume), v.name, v.driver, v.mountpoint, v.created_at, false});
    }
    if (f.quiet) {
        std::string text;
        for (const auto& r : rows) text += r.name + "\n";
        ui::out(text);
        return {};
    }
    if (f.format == "json") {
        nlohmann::json doc = nlohmann::json::array();
        for (const auto& r : rows) {
            doc.push_back({{"Volume", r.key},
                           {"Name", r.name},
                           {"Driver", r.driver},
                           {"External", r.external},
                           {"Mountpoint", r.mountpoint},
                           {"CreatedAt", r.created}});
        }
        ui::out_json(doc);
        return {};
    }
    std::vector<std::vector<std::string>> cells;
    for (const auto& r : rows) cells.push_back({r.key, r.name, r.driver, r.external ? "yes" : "no", r.mountpoint});
    ui::out(ui::table({"VOLUME", "NAME", "DRIVER", "EXTERNAL", "MOUNTPOINT"}, cells));
    return {};
}

/// What backup and restore start from: the project, the engine, and the volume VOLUME names.
struct OpenedVolume {
    LoadedProject loaded;
    engine::Client* client = nullptr;
    Target target;
};

core::Result<OpenedVolume> open_volume(Context& ctx, const std::string& volume) {
    auto loaded = load_for_engine(ctx, {});
    if (!loaded) return std::move(loaded).error();
    auto client = ctx.engine();
    if (!client) return std::move(client).error();
    auto target = resolve_volume(**client, loaded->desired, volume);
    if (!target) return std::move(target).error();
    return OpenedVolume{std::move(*loaded), *client, std::move(*target)};
}

// ---- backup ----------------------------------------------------------------------------------------------

Status run_backup(Context& ctx, const VolumeFlags& f) {
    const bool to_stdout = f.file == "-";
    if (to_stdout && ::isatty(STDOUT_FILENO) == 1)
        return Error(Errc::usage, "refusing to write a compressed archive to a terminal: redirect standard output or "
                                  "use -o FILE");
    auto interrupts = cancel_on_interrupt(ctx);
    auto opened = open_volume(ctx, f.volume);
    if (!opened) return std::move(opened).error();
    const converge::DesiredState& d = opened->loaded.desired;
    engine::Client& client = *opened->client;
    const Target* target = &opened->target;
    auto image = helper_image(client, d, *target, f.image);
    if (!image) return std::move(image).error();
    auto users = running_users(client, target->name);
    if (!users) return std::move(users).error();
    if (!users->empty()) {
        ui::warning(fmt::format("volume \"{}\" is in use by running containers ({}): the backup is taken while they "
                                "may write to it",
                                target->name, join(*users)));
    }

    const std::string path = to_stdout ? "-" : (f.file.empty() ? target->name + "-" + utc_stamp() + ".tar.gz" : f.file);
    std::string partial;
    int fd = -1;
    if (!to_stdout) {
        partial = path + ".partial-" + random_suffix();
        fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return Error(Errc::io, fmt::format("{}: {}", path, std::strerror(errno)));
    }
    auto discard = [&] {
        if (!to_stdout) {
            ::close(fd);
            ::unlink(partial.c_str());
        }
    };

    auto helper = create_helper(client, d.project.name, "volume-backup", *image, target->name, true);
    if (!helper) {
        discard();
        return std::move(helper).error();
    }
    std::uint64_t compressed = 0;
    engine::GzipWriter gz([&](std::string_view b) {
        compressed += b.size();
        return to_stdout ? ui::out_data(b) : write_all(fd, b, path);
    });
    engine::TarScanner scan(nullptr);
    Status failure;
    auto s = client.get_archive((*helper)->id(), std::string(kMountPoint) + "/.", [&](std::string_view chunk) {
        failure = scan.feed(chunk);
        if (failure) failure = gz.write(chunk);
        return failure.ok();
    });
    if (failure && s) failure = scan.finish();
    if (failure && s) failure = gz.finish();
    if (failure && s && to_stdout && std::fflush(stdout) != 0) failure = Error(Errc::io, "standard output: write failed");
    if (!failure || !s) {
        discard();
        return !failure ? failure : s;
    }
    if (!to_stdout) {
        if (::fsync(fd) != 0 || ::close(fd) != 0) {
            Error e(Errc::io, fmt::format("{}: {}", path, std::strerror(errno)));
            ::unlink(partial.c_str());
            return e;
        }
        if (::rename(partial.c_str(), path.c_str()) != 0) {
            Error e(Errc::io, fmt::format("{}: {}", path, std::strerror(errno)));
            ::unlink(partial.c_str());
            return e;
        }
    }
    ui::info(fmt::format("Volume {} backed up to {} ({} {}, {} bytes compressed)", target->name,
                         to_stdout ? "standard output" : path, scan.entries(), scan.entries() == 1 ? "entry" : "entries",
                         compressed));
    return {};
}

// ---- restore ---------------------------------------------------------------------------------------------

/// Checks the whole file is a gzip'd tar with relative names before anything is written.
Status validate_archive(const std::string& path, const std::string& shown, std::uint64_t& entries) {
    engine::TarScanner scan([&](const engine::TarEntry& e) -> Status {
        std::string_view n = e.name;
        bool bad = n.starts_with('/');
        for (std::size_t pos = 0; !bad && pos <= n.size();) {
            auto end = n.find('/', pos);
            if (end == std::string_view::npos) end = n.size();
            if (n.substr(pos, end - pos) == "..") bad = true;
            pos = end + 1;
        }
        if (bad) return Error(Errc::parse, fmt::format("entry \"{}\" points outside the volume", e.name));
        return {};
    });
    engine::GzipReader gz([&](std::string_view b) { return scan.feed(b); });
    Status s = read_file(path, [&](std::string_view b) { return gz.write(b); });
    if (s) s = gz.finish();
    if (s) s = scan.finish();
    if (!s) {
        if (s.error().code == Errc::io) return s;
        // A damaged backup is a file that cannot be read (exit 14), like a missing one.
        return Error(Errc::io, fmt::format("{}: not a usable .tar.gz backup: {}", shown, s.error().message));
    }
    entries = scan.entries();
    return {};
}

/// Standard input copied to a temporary file (so it can be checked before the volume is touched).
core::Result<std::string> spool_stdin() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") + "/stackctl-restore-XXXXXX";
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return Error(Errc::io, fmt::format("{}: {}", tmpl, std::strerror(errno)));
    std::array<char, 64 * 1024> buf{};
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n < 0) {
                Error e(Errc::io, fmt::format("standard input: {}", std::strerror(errno)));
                ::close(fd);
                ::unlink(tmpl.c_str());
                return e;
            }
            break;
        }
        if (auto s = write_all(fd, std::string_view(buf.data(), static_cast<std::size_t>(n)), tmpl); !s) {
            ::close(fd);
            ::unlink(tmpl.c_str());
            return std::move(s).error();
        }
    }
    ::close(fd);
    return tmpl;
}

Status run_restore(Context& ctx, const VolumeFlags& f) {
    if (f.file.empty()) return Error(Errc::usage, "restore needs the backup to read: -i FILE (or -i - for standard input)");
    const bool from_stdin = f.file == "-";
    if (from_stdin && ::isatty(STDIN_FILENO) == 1)
        return Error(Errc::usage, "standard input is a terminal: pipe the .tar.gz into it or use -i FILE");
    auto interrupts = cancel_on_interrupt(ctx);
    auto opened = open_volume(ctx, f.volume);
    if (!opened) return std::move(opened).error();
    const converge::DesiredState& d = opened->loaded.desired;
    engine::Client& client = *opened->client;
    const Target* target = &opened->target;
    if (target->external && !f.force) {
        return Error(Errc::conflict, fmt::format("volume \"{}\" is external (not managed by the project): restoring "
                                                 "into it needs --force",
                                                 target->name));
    }
    auto users = running_users(client, target->name);
    if (!users) return std::move(users).error();
    if (!users->empty()) {
        return Error(Errc::conflict, fmt::format("volume \"{}\" is in use by running containers ({}): stop them first "
                                                 "(stackctl down keeps named volumes)",
                                                 target->name, join(*users)));
    }

    std::string path = f.file;
    std::string spooled;
    if (from_stdin) {
        auto tmp = spool_stdin();
        if (!tmp) return std::move(tmp).error();
        spooled = path = *tmp;
    }
    struct Unlink {
        std::string p;
        ~Unlink() {
            if (!p.empty()) ::unlink(p.c_str());
        }
    } unlink_spooled{spooled};
    const std::string shown = from_stdin ? "standard input" : f.file;
    std::uint64_t entries = 0;
    if (auto s = validate_archive(path, shown, entries); !s) return s;

    auto image = helper_image(client, d, *target, f.image);
    if (!image) return std::move(image).error();
    auto helper = create_helper(client, d.project.name, "volume-restore", *image, target->name, false);
    if (!helper) return std::move(helper).error();
    const std::string& id = (*helper)->id();

    auto empty = volume_is_empty(client, id);
    if (!empty) return std::move(empty).error();
    if (!*empty) {
        if (!f.force) {
            return Error(Errc::conflict, fmt::format("volume \"{}\" is not empty: pass --force to replace its content",
                                                     target->name));
        }
        auto fail = [&](const std::string& why) {
            return Error(Errc::engine, fmt::format("could not empty volume \"{}\" with image {}: {} (emptying needs sh and "
                                                   "rm in the image; choose one with --image)",
                                                   target->name, *image, why));
        };
        if (auto s = client.start_container(id); !s) return fail(s.error().message);
        auto waited = client.wait_container(id, {.condition = engine::WaitCondition::not_running, .cancel = &ctx.cancel});
        if (!waited) return std::move(waited).error();
        if (waited->status_code != 0) return fail(fmt::format("the helper exited with {}", waited->status_code));
        auto again = volume_is_empty(client, id);
        if (!again) return std::move(again).error();
        if (!*again) return fail("files are left");
    }

    auto body = engine::BodySource::from_producer([path](const engine::WriteFn& write) -> Status {
        engine::GzipReader gz([&](std::string_view b) { return write(b); });
        if (auto s = read_file(path, [&](std::string_view b) { return gz.write(b); }); !s) return s;
        return gz.finish();
    });
    if (auto s = client.put_archive(id, kMountPoint, std::move(body)); !s) return s;
    ui::info(fmt::format("Volume {} restored from {} ({} {})", target->name, shown, entries,
                         entries == 1 ? "entry" : "entries"));
    return {};
}

}  // namespace

void add_volume(CLI::App& app, Context& ctx) {
    CLI::App* vol = app.add_subcommand("volume", "Back up, restore and list the project's named volumes");
    vol->require_subcommand(1);

    auto ls = std::make_shared<VolumeFlags>();
    CLI::App* ls_cmd = vol->add_subcommand("ls", "List the project's volumes that exist on the engine");
    ls_cmd->add_option("--format", ls->format, "Output format: table or json")->capture_default_str();
    ls_cmd->add_flag("-q,--quiet", ls->quiet, "Only print the volumes' engine names");
    ls_cmd->callback([&ctx, ls] { ctx.action = [&ctx, ls] { return run_ls(ctx, *ls); }; });

    auto b = std::make_shared<VolumeFlags>();
    CLI::App* backup = vol->add_subcommand("backup", "Write a volume's content to a .tar.gz file");
    backup->add_option("VOLUME", b->volume, "The compose volume key (or the project volume's engine name)")->required();
    backup->add_option("-o,--output", b->file,
                       "File to write (default: <volume>-<UTC time>.tar.gz in the current directory; - for standard output)");
    backup->add_option("--image", b->image,
                       "Local image for the helper container (default: the first local image of the project's services)");
    backup->callback([&ctx, b] { ctx.action = [&ctx, b] { return run_backup(ctx, *b); }; });

    auto r = std::make_shared<VolumeFlags>();
    CLI::App* restore = vol->add_subcommand("restore", "Fill a volume from a .tar.gz backup");
    restore->add_option("VOLUME", r->volume, "The compose volume key (or the project volume's engine name)")->required();
    restore->add_option("-i,--input", r->file, "The backup to read (- for standard input)")->required();
    restore->add_flag("--force", r->force,
                      "Replace the content of a volume that is not empty (emptied first), or restore into an external "
                      "volume");
    restore->add_option("--image", r->image,
                        "Local image for the helper container (default: the first local image of the project's services; "
                        "emptying a volume needs sh and rm in it)");
    restore->callback([&ctx, r] { ctx.action = [&ctx, r] { return run_restore(ctx, *r); }; });
}

}  // namespace stackctl::cli
