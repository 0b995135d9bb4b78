#include <catch2/catch.hpp>

#include "stackctl/load/interpolate_tree.hpp"
#include "stackctl/load/yaml.hpp"

using namespace stackctl::load;

namespace {
Node doc(const std::string& text) {
    auto d = parse_yaml(text, "i.yaml");
    REQUIRE(d.ok());
    return std::move(d->front());
}
Environment env_of(std::initializer_list<std::pair<const char*, const char*>> vars) {
    Environment e;
    for (const auto& [k, v] : vars) e.set(k, v);
    return e;
}
}  // namespace

TEST_CASE("string values are interpolated, keys are not", "[load][interpolate_tree]") {
    Node d = doc("services:\n  web:\n    image: \"nginx:${TAG:-latest}\"\n    environment:\n      ${K}: $$HOME\n");
    Environment env = env_of({});
    std::vector<std::string> warnings;
    REQUIRE(interpolate_document(d, env.lookup(), warnings).ok());
    const Node* web = d.find("services")->find("web");
    CHECK(web->find("image")->text == "nginx:latest");
    CHECK(web->find("environment")->find("${K}")->text == "$HOME");
    CHECK(warnings.empty());
}

TEST_CASE("values at cast paths become numbers and booleans", "[load][interpolate_tree]") {
    Node d = doc(
        "services:\n  web:\n    cpus: \"${CPUS}\"\n    scale: \"${N}\"\n    privileged: \"yes\"\n"
        "    ports: [{target: \"${P}\", published: \"${P}\"}]\n");
    Environment env = env_of({{"CPUS", "0.1"}, {"N", "3"}, {"P", "80"}});
    std::vector<std::string> warnings;
    REQUIRE(interpolate_document(d, env.lookup(), warnings).ok());
    const Node* web = d.find("services")->find("web");
    CHECK(web->find("cpus")->kind == Kind::floating);
    CHECK(web->find("cpus")->text == "0.1");
    CHECK(web->find("scale")->int_value == 3);
    CHECK(web->find("privileged")->as_bool());
    CHECK(web->find("ports")->items[0].find("target")->kind == Kind::integer);
    CHECK(web->find("ports")->items[0].find("published")->kind == Kind::string);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].rfind("services.web.privileged: ", 0) == 0);
}

TEST_CASE("unset variables warn once each", "[load][interpolate_tree]") {
    Node d = doc("a: ${X}\nb: $X\nc: ${Y}\n");
    Environment env = env_of({});
    std::vector<std::string> warnings;
    REQUIRE(interpolate_document(d, env.lookup(), warnings).ok());
    CHECK(warnings == std::vector<std::string>{"the \"X\" variable is not set; defaulting to a blank string",
                                               "the \"Y\" variable is not set; defaulting to a blank string"});
}

TEST_CASE("every bad template and cast is reported with its position", "[load][interpolate_tree]") {
    Node d = doc("services:\n  web:\n    image: ${A:?needs A}\n    scale: two\n    user: ${B\n");
    Environment env = env_of({});
    std::vector<std::string> warnings;
    auto s = interpolate_document(d, env.lookup(), warnings);
    REQUIRE_FALSE(s.ok());
    REQUIRE(s.error().more.size() == 2);
    CHECK(s.error().where->line == 3);
    CHECK(s.error().path == "services.web.image");
    CHECK(s.error().more[0].path == "services.web.scale");
    CHECK(s.error().more[0].where->line == 4);
    CHECK(s.error().more[1].path == "services.web.user");
}
