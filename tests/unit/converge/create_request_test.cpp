#include "converge_support.hpp"
#include "stackctl/converge/create_request.hpp"

using namespace stackctl;
using namespace converge_test;

namespace {

std::string render(const converge::DesiredState& d, const std::string& service, int number, const std::string& dir) {
    converge::CreateInputs in;
    in.number = number;
    in.image_id = "sha256:0123";
    in.service_containers = {{"y", "cid-y"}, {"z", "cid-z"}};
    auto r = converge::create_request(d, *d.service(service), in);
    if (!r) FAIL(r.error().message);
    nlohmann::json body = r->create.body;
    // The hash covers absolute paths (bind sources, build contexts), so it depends on where the checkout
    // is; it must equal the service's hash, and the golden file holds a placeholder.
    auto& hash = body["Labels"]["com.docker.compose.config-hash"];
    CHECK(hash == d.service(service)->hash);
    hash = "$HASH";
    nlohmann::json out = {{"name", r->create.name}, {"body", body}};
    nlohmann::json connects = nlohmann::json::array();
    for (const auto& [net, nc] : r->connect)
        connects.push_back({{"network", net}, {"aliases", nc.aliases}, {"ipv4_address", nc.ipv4_address}});
    out["connect"] = connects;
    return replace_all(out.dump(2), dir, "$DIR") + "\n";
}

}  // namespace

TEST_CASE("converge: create requests match the golden files", "[converge][create]") {
    for (const char* c : {"basic", "rich"}) {
        std::string dir = data_dir(std::string("create/") + c);
        auto d = load_desired(dir);
        for (const auto& s : d.services) {
            SECTION(std::string(c) + "/" + s.name) {
                check_golden(dir + "/" + s.name + ".expected.json", render(d, s.name, 1, dir));
            }
        }
    }
}

TEST_CASE("converge: container names and labels", "[converge][create]") {
    auto d = load_desired(data_dir("create/rich"));
    CHECK(converge::container_name(d, *d.service("z"), 2) == "demo-z-2");
    CHECK(converge::container_name(d, *d.service("y"), 1) == "the-y");
    converge::CreateInputs in;
    in.number = 3;
    in.image_id = "sha256:abc";
    auto l = converge::container_labels(d, *d.service("x"), in);
    CHECK(l.at("com.docker.compose.depends_on") == "y:service_started:true");
    CHECK(l.at("com.docker.compose.container-number") == "3");
    CHECK(l.at("com.docker.compose.oneoff") == "False");
    CHECK(l.at("com.docker.compose.image") == "sha256:abc");
    CHECK(l.at("com.docker.compose.config-hash") == d.service("x")->hash);
    CHECK(l.at("l") == "1");
    CHECK(l.count("com.docker.compose.project.environment_file") == 0);
    CHECK(d.service("z")->replicas == 2);
}

TEST_CASE("converge: a recreated container mounts its predecessor's anonymous volumes again", "[converge][create]") {
    auto d = load_desired(data_dir("create/rich"));
    // rich's x declares /anon (anonymous) and a bind at /d; the image declares VOLUMEs at /img and /d
    const auto* svc = d.service("x");
    REQUIRE(svc != nullptr);
    converge::CreateInputs in;
    in.service_containers = {{"y", "cid-y"}, {"z", "cid-z"}};
    in.inherited_volumes = {{"/anon", "vol-anon"}, {"/img", "vol-img"}, {"/d", "vol-d"}, {"/gone", "vol-gone"}};
    in.image_volumes = {"/img", "/d"};
    auto r = converge::create_request(d, *svc, in);
    if (!r) FAIL(r.error().message);
    std::map<std::string, std::string> volume_mounts;  // target -> source
    for (const auto& m : r->create.body["HostConfig"]["Mounts"])
        if (m.value("Type", "") == "volume") volume_mounts[m.value("Target", "")] = m.value("Source", "");
    // the declared anonymous one and the image's VOLUME are inherited; /d stays the service's bind; /gone
    // (neither declared nor an image VOLUME any more) is not mounted
    CHECK(volume_mounts == std::map<std::string, std::string>{{"/anon", "vol-anon"}, {"/img", "vol-img"}});
}
