#include "stackctl/load/hash.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "stackctl/load/yaml.hpp"
#include "test_files.hpp"

using stackctl::test::file_text;

using namespace stackctl::load;
using stackctl::core::render;

namespace fs = std::filesystem;

namespace {

Node parse_one(const std::string& text, const std::string& name) {
    auto docs = parse_yaml(text, name);
    if (!docs) FAIL(render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}

}  // namespace

TEST_CASE("config hash golden files from the reference", "[load][hash]") {
    const fs::path root = fs::path(STACKCTL_TEST_DATA) / "hash";
    std::size_t cases = 0;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (!entry.is_directory()) continue;
        SECTION(entry.path().filename().string()) {
            const Node service = parse_one(file_text(entry.path() / "service.json"), "service.json");
            std::string expected = file_text(entry.path() / "expected.txt");
            while (!expected.empty() && expected.back() == '\n') expected.pop_back();
            INFO(service_hash_input(service));
            CHECK(service_config_hash(service) == expected);
        }
        ++cases;
    }
    CHECK(cases >= 8);
}

TEST_CASE("the hashed bytes of the documented example", "[load][hash]") {
    const Node service = parse_one(
        R"({"build": {"context": "/tmp/demo", "dockerfile": "Dockerfile"},
            "command": ["sh", "-c", "echo <a> & $HOME"],
            "deploy": {"replicas": 2, "resources": {}, "placement": {}}, "entrypoint": null,
            "environment": {"A": "1"}, "image": "nginx:1.25", "networks": {"default": null},
            "ports": [{"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"}],
            "pull_policy": "always", "scale": 2, "x-ext": 1})",
        "s.json");
    CHECK(
        service_hash_input(service) ==
        R"({"command":["sh","-c","echo \u003ca\u003e \u0026 $HOME"],)"
        R"("deploy":{"resources":{},"placement":{}},"entrypoint":null,"environment":{"A":"1"},)"
        R"("image":"nginx:1.25","networks":{"default":null},)"
        R"("ports":[{"mode":"ingress","target":80,"published":"8080","protocol":"tcp"}]})");
    CHECK(service_config_hash(service) == "b0e3c18d781ca6312d6da32dd930e2d71e955f53701edfc02895a60d522be115");
}

TEST_CASE("sha256 of known strings", "[load][hash]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
