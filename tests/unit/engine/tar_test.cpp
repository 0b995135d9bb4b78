#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "stackctl/engine/build_context.hpp"
#include "stackctl/engine/tar.hpp"
#include "temp_dir.hpp"
#include "test_files.hpp"

using stackctl::test::file_text;

using namespace stackctl::engine;

using stackctl::test::TempDir;

namespace {

std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int rc = ::pclose(p);
    INFO(cmd << "\n" << out);
    REQUIRE(rc == 0);
    return out;
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream f(path, std::ios::binary);
    f << content;
    REQUIRE(f.good());
}

TarMeta meta(std::uint32_t mode) {
    TarMeta m;
    m.mode = mode;
    m.mtime = 1700000000;  // 2023-11-14 22:13:20 UTC
    return m;
}

}  // namespace

TEST_CASE("tar entries are listed by GNU tar as written", "[engine][tar]") {
    TempDir dir;
    std::string bytes;
    TarWriter w(string_sink(bytes));
    REQUIRE(w.add_directory("dir", meta(0755)).ok());
    REQUIRE(w.add_file("dir/hello.txt", "hello", meta(0644)).ok());
    REQUIRE(w.add_file("./dir/run.sh", "#!/bin/sh\n", meta(04755)).ok());
    REQUIRE(w.add_file("/empty", "", meta(0600)).ok());
    REQUIRE(w.add_symlink("dir/link", "hello.txt", meta(0777)).ok());
    REQUIRE(w.add_hardlink("dir/again", "dir/hello.txt", meta(0644)).ok());
    TarMeta owned = meta(0640);
    owned.uid = 1000;
    owned.gid = 100;
    REQUIRE(w.add_file("owned", "x", owned).ok());
    TarMeta named = meta(0644);
    named.uname = "alice";
    named.gname = "staff";
    REQUIRE(w.add_file("named", "y", named).ok());
    REQUIRE(w.finish().ok());
    CHECK(bytes.size() % 512 == 0);
    CHECK(bytes.size() == w.bytes_written());
    CHECK(bytes.substr(bytes.size() - 1024) == std::string(1024, '\0'));
    CHECK_FALSE(w.add_file("late", "", meta(0644)).ok());

    write_file(dir.path + "/t.tar", bytes);
    CHECK(run("TZ=UTC tar -tvf '" + dir.path + "/t.tar'") ==
          "drwxr-xr-x 0/0               0 2023-11-14 22:13 dir/\n"
          "-rw-r--r-- 0/0               5 2023-11-14 22:13 dir/hello.txt\n"
          "-rwsr-xr-x 0/0              10 2023-11-14 22:13 dir/run.sh\n"
          "-rw------- 0/0               0 2023-11-14 22:13 empty\n"
          "lrwxrwxrwx 0/0               0 2023-11-14 22:13 dir/link -> hello.txt\n"
          "hrw-r--r-- 0/0               0 2023-11-14 22:13 dir/again link to dir/hello.txt\n"
          "-rw-r----- 1000/100          1 2023-11-14 22:13 owned\n"
          "-rw-r--r-- alice/staff       1 2023-11-14 22:13 named\n");

    // Extracting gives back the content, modes and links.
    const std::string out = dir.path + "/x";
    run("mkdir '" + out + "' && tar -C '" + out + "' --no-same-owner -xf '" + dir.path + "/t.tar'");
    CHECK(file_text(out + "/dir/hello.txt") == "hello");
    CHECK(file_text(out + "/dir/again") == "hello");
    CHECK(file_text(out + "/dir/link") == "hello");
    struct stat st {};
    REQUIRE(::stat((out + "/dir/run.sh").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0755);
}

TEST_CASE("long names and link targets use ustar prefixes or pax headers", "[engine][tar]") {
    TempDir dir;
    const std::string d120 = std::string(60, 'a') + "/" + std::string(59, 'b');    // fits as prefix
    const std::string in_prefix = d120 + "/" + std::string(90, 'c') + ".txt";       // 215: prefix + name
    const std::string flat(180, 'f');                                                // no '/' to split at: pax
    const std::string deep = std::string(200, 'd') + "/" + std::string(120, 'e');  // 321: pax
    const std::string target = std::string(150, 't') + "/target";
    const std::string uni = "d\xC3\xA9j\xC3\xA0/\xE2\x98\xBA.txt";

    std::string bytes;
    TarWriter w(string_sink(bytes));
    REQUIRE(w.add_file(in_prefix, "1", meta(0644)).ok());
    REQUIRE(w.add_file(flat, "22", meta(0644)).ok());
    REQUIRE(w.add_directory(deep, meta(0755)).ok());
    REQUIRE(w.add_symlink("l", target, meta(0777)).ok());
    REQUIRE(w.add_file(uni, "u", meta(0644)).ok());
    TarMeta big_ids = meta(0644);
    big_ids.uid = 3000000;  // over ustar's 7 octal digits
    REQUIRE(w.add_file("ids", "", big_ids).ok());
    REQUIRE(w.finish().ok());
    write_file(dir.path + "/t.tar", bytes);

    CHECK(run("tar -tf '" + dir.path + "/t.tar'") ==
          in_prefix + "\n" + flat + "\n" + deep + "/\n" + "l\n" + uni + "\nids\n");
    CHECK(run("TZ=UTC tar --numeric-owner -tvf '" + dir.path + "/t.tar' ids") ==
          "-rw-r--r-- 3000000/0         0 2023-11-14 22:13 ids\n");
    const std::string out = dir.path + "/x";
    run("mkdir '" + out + "' && tar -C '" + out + "' --no-same-owner -xf '" + dir.path + "/t.tar'");
    CHECK(file_text(out + "/" + in_prefix) == "1");
    CHECK(file_text(out + "/" + flat) == "22");
    char link[512] = {};
    REQUIRE(::readlink((out + "/l").c_str(), link, sizeof link - 1) > 0);
    CHECK(std::string(link) == target);
    // The in-prefix name is plain ustar (no pax header); the flat one needs one.
    CHECK(bytes.find("PaxHeaders.0/" + std::string(80, 'f')) != std::string::npos);
    CHECK(bytes.find("path=" + in_prefix) == std::string::npos);
}

TEST_CASE("files on disk are archived with their mode, content and links", "[engine][tar]") {
    TempDir dir;
    const std::string src = dir.path + "/src";
    run("mkdir -p '" + src + "/sub' && printf abc > '" + src + "/sub/f' && chmod 0750 '" + src +
        "/sub/f' && chmod 0700 '" + src + "/sub' && ln -s sub/f '" + src + "/ln' && mkfifo -m 0644 '" + src + "/fifo'");
    std::string bytes;
    TarWriter w(string_sink(bytes));
    REQUIRE(w.add_path("sub", src + "/sub", TarMeta{}).ok());
    REQUIRE(w.add_path("sub/f", src + "/sub/f", TarMeta{}).ok());
    REQUIRE(w.add_path("ln", src + "/ln", TarMeta{}).ok());
    REQUIRE(w.add_path("fifo", src + "/fifo", TarMeta{}).ok());
    auto missing = w.add_path("nope", src + "/nope", TarMeta{});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "cannot read " + src + "/nope: No such file or directory");
    REQUIRE(w.finish().ok());
    write_file(dir.path + "/t.tar", bytes);
    const std::string listing = run("tar -tvf '" + dir.path + "/t.tar' | awk '{print $1, $2, $3, $6, $7, $8}'");
    CHECK(listing ==
          "drwx------ 0/0 0 sub/  \n"
          "-rwxr-x--- 0/0 3 sub/f  \n"
          "lrwxrwxrwx 0/0 0 ln -> sub/f\n"
          "prw-r--r-- 0/0 0 fifo  \n");
}

TEST_CASE("a build context honours .dockerignore and keeps the build files", "[engine][tar][dockerignore]") {
    TempDir dir;
    const std::string ctx = dir.path + "/ctx";
    run("cd '" + dir.path + "' && mkdir -p ctx/app ctx/node_modules/pkg ctx/build/keep ctx/build/drop ctx/logs && cd '" + ctx +
        "' && touch Dockerfile secret.txt app/main.c app/debug.log keep.log node_modules/pkg/index.js "
        "build/keep/x build/drop/y logs/a.log");
    write_file(ctx + "/.dockerignore",
               "# comment\nsecret.txt\n**/*.log\n!keep.log\nnode_modules\nbuild\n!build/keep/x\nDockerfile\n.dockerignore\n");
    auto excludes = build_context_excludes(ctx, {});
    REQUIRE(excludes.ok());
    CHECK(*excludes == std::vector<std::string>{"secret.txt", "**/*.log", "!keep.log", "node_modules", "build",
                                                "!build/keep/x", "Dockerfile", ".dockerignore", "!.dockerignore",
                                                "!Dockerfile"});
    std::string bytes;
    BuildContextOptions opts;
    opts.extra_files.push_back({".dockerfile.inline", "FROM scratch\n"});
    REQUIRE(write_build_context(ctx, opts, string_sink(bytes)).ok());
    write_file(dir.path + "/ctx.tar", bytes);
    CHECK(run("tar -tf '" + dir.path + "/ctx.tar'") ==
          ".dockerignore\n"
          "Dockerfile\n"
          "app/\n"
          "app/main.c\n"
          "build/keep/x\n"
          "keep.log\n"
          "logs/\n"
          ".dockerfile.inline\n");
    CHECK(run("tar -tvf '" + dir.path + "/ctx.tar' | awk '{print $2}' | sort -u") == "0/0\n");

    write_file(ctx + "/.dockerignore", "[oops\n");
    auto bad = write_build_context(ctx, {}, string_sink(bytes));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "invalid .dockerignore pattern \"[oops\": syntax error in pattern");
}
