#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "stackctl/engine/gzip.hpp"
#include "stackctl/engine/tar.hpp"

using namespace stackctl::engine;
using stackctl::core::Errc;
using stackctl::core::Status;

namespace {

std::string gzip(std::string_view data, std::size_t piece) {
    std::string out;
    GzipWriter w([&](std::string_view b) {
        out.append(b);
        return Status{};
    });
    for (std::size_t i = 0; i < data.size(); i += piece) REQUIRE(w.write(data.substr(i, piece)).ok());
    REQUIRE(w.finish().ok());
    return out;
}

Status gunzip(std::string_view data, std::string& out, std::size_t piece) {
    GzipReader r([&](std::string_view b) {
        out.append(b);
        return Status{};
    });
    for (std::size_t i = 0; i < data.size(); i += piece) {
        if (auto s = r.write(data.substr(i, piece)); !s) return s;
    }
    return r.finish();
}

std::string sample(std::size_t n) {
    std::string s;
    unsigned x = 12345;
    for (std::size_t i = 0; i < n; ++i) {
        x = x * 1103515245U + 12345U;
        s.push_back(static_cast<char>(i % 7 == 0 ? (x >> 16) & 0xff : 'a' + i % 5));
    }
    return s;
}

}  // namespace

TEST_CASE("gzip round trip in pieces of any size", "[engine][gzip]") {
    const std::string data = sample(300000);
    for (std::size_t piece : {1U, 511U, 65536U, 1000000U}) {
        const std::string z = gzip(data, piece);
        REQUIRE(z.size() > 18);
        CHECK(static_cast<unsigned char>(z[0]) == 0x1f);
        CHECK(static_cast<unsigned char>(z[1]) == 0x8b);
        for (std::size_t rpiece : {1U, 4096U, 1000000U}) {
            std::string back;
            REQUIRE(gunzip(z, back, rpiece).ok());
            CHECK(back == data);
        }
    }
    std::string empty;
    REQUIRE(gunzip(gzip("", 1), empty, 10).ok());
    CHECK(empty.empty());
}

TEST_CASE("gzip reader: concatenated members, corrupt and truncated input", "[engine][gzip]") {
    std::string back;
    REQUIRE(gunzip(gzip("one ", 3) + gzip("two", 3), back, 7).ok());
    CHECK(back == "one two");

    std::string z = gzip(sample(5000), 100);
    std::string out;
    auto truncated = gunzip(z.substr(0, z.size() - 5), out, 64);
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().code == Errc::parse);

    out.clear();
    auto plain = gunzip("this is not gzip data", out, 4);
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().code == Errc::parse);

    z[z.size() / 2] = static_cast<char>(z[z.size() / 2] ^ 0x55);
    out.clear();
    CHECK_FALSE(gunzip(z, out, 1000).ok());
}

TEST_CASE("tar scanner reports the entries a writer wrote", "[engine][tar]") {
    std::string tar;
    TarWriter w(string_sink(tar));
    TarMeta dir;
    dir.mode = 0755;
    TarMeta secret;
    secret.mode = 0600;
    REQUIRE(w.add_directory("sub", dir).ok());
    REQUIRE(w.add_file("sub/a.txt", "hello\n", secret).ok());
    const std::string long_name = "sub/" + std::string(150, 'n') + "/" + std::string(120, 'm');
    REQUIRE(w.add_file(long_name, sample(1000), TarMeta{}).ok());
    REQUIRE(w.add_symlink("link", std::string(200, 't'), TarMeta{}).ok());
    REQUIRE(w.finish().ok());

    for (std::size_t piece : {1U, 100U, 512U, 100000U}) {
        std::vector<TarEntry> seen;
        TarScanner sc([&](const TarEntry& e) {
            seen.push_back(e);
            return Status{};
        });
        for (std::size_t i = 0; i < tar.size(); i += piece) REQUIRE(sc.feed(std::string_view(tar).substr(i, piece)).ok());
        REQUIRE(sc.finish().ok());
        REQUIRE(seen.size() == 4);
        CHECK(sc.entries() == 4);
        CHECK(seen[0].name == "sub/");
        CHECK(seen[0].type == '5');
        CHECK(seen[1].name == "sub/a.txt");
        CHECK(seen[1].size == 6);
        CHECK(seen[1].mode == 0600);
        CHECK(seen[2].name == long_name);
        CHECK(seen[2].size == 1000);
        CHECK(seen[3].type == '2');
        CHECK(seen[3].link == std::string(200, 't'));
    }
}

TEST_CASE("tar scanner refuses what is not a whole tar", "[engine][tar]") {
    std::string tar;
    TarWriter w(string_sink(tar));
    REQUIRE(w.add_file("a", sample(2000), TarMeta{}).ok());
    REQUIRE(w.finish().ok());

    TarScanner cut(nullptr);
    REQUIRE(cut.feed(std::string_view(tar).substr(0, 1000)).ok());
    auto s = cut.finish();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == Errc::parse);

    TarScanner text(nullptr);
    auto t = text.feed(std::string(1024, 'x'));
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message == "not a tar archive (bad header checksum)");

    TarScanner empty(nullptr);
    CHECK_FALSE(empty.finish().ok());

    TarScanner only_end(nullptr);
    REQUIRE(only_end.feed(std::string(1024, '\0')).ok());
    CHECK(only_end.finish().ok());
    CHECK(only_end.entries() == 0);
}
