#include "stackctl/load/spec.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>

#include "stackctl/load/encode.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/schema.hpp"
#include "stackctl/load/yaml.hpp"

using namespace stackctl::load;
namespace fs = std::filesystem;

namespace {

Node parse_one(const std::string& text) {
    auto docs = parse_yaml(text, "t.yaml");
    if (!docs) FAIL(stackctl::core::render(docs.error()));
    REQUIRE(docs->size() == 1);
    return std::move(docs->front());
}

// All messages of a failed validation, one headline per line (file:line:col: path: message).
std::string schema_errors(const std::string& text, SchemaOptions options = {}) {
    auto st = validate_schema(parse_one(text), options);
    if (st.ok()) return "";
    std::string out = st.error().headline();
    for (const auto& e : st.error().more) out += "\n" + e.headline();
    return out;
}

// Values equal as JSON values (numbers by value), map keys in the same order.
bool same_tree(const Node& a, const Node& b, std::string& where, const std::string& path = "") {
    if (a.is_number() && b.is_number()) {
        const double x = a.kind == Kind::integer ? static_cast<double>(a.int_value) : a.float_value;
        const double y = b.kind == Kind::integer ? static_cast<double>(b.int_value) : b.float_value;
        if (x == y) return true;
        where = path + ": " + a.text + " vs " + b.text;
        return false;
    }
    if (a.kind != b.kind) {
        where = path + ": " + kind_name(a.kind) + " (" + a.text + ") vs " + kind_name(b.kind) + " (" +
                b.text + ")";
        return false;
    }
    if (a.is_seq()) {
        if (a.items.size() != b.items.size()) {
            where =
                path + ": " + std::to_string(a.items.size()) + " items vs " + std::to_string(b.items.size());
            return false;
        }
        for (std::size_t i = 0; i < a.items.size(); ++i)
            if (!same_tree(a.items[i], b.items[i], where, path + "[" + std::to_string(i) + "]")) return false;
        return true;
    }
    if (a.is_map()) {
        std::string ka, kb;
        for (const auto& e : a.entries) ka += e.key + " ";
        for (const auto& e : b.entries) kb += e.key + " ";
        if (ka != kb) {
            where = path + ": keys [" + ka + "] vs [" + kb + "]";
            return false;
        }
        for (std::size_t i = 0; i < a.entries.size(); ++i)
            if (!same_tree(a.entries[i].value, b.entries[i].value, where, path + "." + a.entries[i].key))
                return false;
        return true;
    }
    if (a.text == b.text) return true;
    where = path + ": " + a.text + " vs " + b.text;
    return false;
}

std::string encode_error(const std::string& text, OutputFormat format = OutputFormat::json) {
    auto out = encode_output(parse_one(text), {format});
    REQUIRE_FALSE(out.ok());
    return out.error().headline();
}

Node encode_ok(const std::string& text, OutputFormat format = OutputFormat::json) {
    auto out = encode_output(parse_one(text), {format});
    if (!out) FAIL(stackctl::core::render(out.error()));
    return std::move(*out);
}

const Node& service(const Node& project, const char* name) {
    const Node* s = project.find("services")->find(name);
    REQUIRE(s != nullptr);
    return *s;
}

}  // namespace

// ---- Go value syntaxes ---------------------------------------------------------------------------

TEST_CASE("Go durations parse and print like time.Duration", "[load][spec]") {
    using go::format_duration;
    using go::parse_duration;
    CHECK(parse_duration("90s") == 90'000'000'000);
    CHECK(parse_duration("1m30s") == 90'000'000'000);
    CHECK(parse_duration("1.5h") == 5'400'000'000'000);
    CHECK(parse_duration("500ms") == 500'000'000);
    CHECK(parse_duration("1us") == 1000);
    CHECK(parse_duration("1\xC2\xB5s") == 1000);
    CHECK(parse_duration("-2ns") == -2);
    CHECK(parse_duration("0") == 0);
    CHECK(parse_duration(".5s") == 500'000'000);
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("30"));
    CHECK_FALSE(parse_duration("1x"));
    CHECK_FALSE(parse_duration(".s"));
    CHECK_FALSE(parse_duration("3000000h"));
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(90'000'000'000) == "1m30s");
    CHECK(format_duration(60'000'000'000) == "1m0s");
    CHECK(format_duration(3'600'000'000'000) == "1h0m0s");
    CHECK(format_duration(5'400'000'000'000) == "1h30m0s");
    CHECK(format_duration(2'500'000'000) == "2.5s");
    CHECK(format_duration(500'000'000) == "500ms");
    CHECK(format_duration(1'500'000) == "1.5ms");
    CHECK(format_duration(1000) == "1\xC2\xB5s");
    CHECK(format_duration(7) == "7ns");
    CHECK(format_duration(-90'000'000'000) == "-1m30s");
}

TEST_CASE("byte sizes parse like go-units RAMInBytes", "[load][spec]") {
    using go::parse_ram_bytes;
    CHECK(parse_ram_bytes("50M") == 52'428'800);
    CHECK(parse_ram_bytes("1.5g") == 1'610'612'736);
    CHECK(parse_ram_bytes("1.1k") == 1126);
    CHECK(parse_ram_bytes("512 M") == 536'870'912);
    CHECK(parse_ram_bytes("1KiB") == 1024);
    CHECK(parse_ram_bytes("1mb") == 1'048'576);
    CHECK(parse_ram_bytes("10b") == 10);
    CHECK(parse_ram_bytes("1024") == 1024);
    CHECK_FALSE(parse_ram_bytes("-1"));
    CHECK_FALSE(parse_ram_bytes("12q"));
    CHECK_FALSE(parse_ram_bytes("1kb2"));
    CHECK_FALSE(parse_ram_bytes("1bb"));
    CHECK_FALSE(parse_ram_bytes("m"));
}

TEST_CASE("numbers and booleans parse like strconv and compose's cast", "[load][spec]") {
    CHECK(go::parse_int("+42") == 42);
    CHECK(go::parse_int("-7") == -7);
    CHECK(go::parse_int("0440") == 440);
    CHECK_FALSE(go::parse_int("1.5"));
    CHECK_FALSE(go::parse_int("1_000"));
    CHECK_FALSE(go::parse_int("99999999999999999999"));
    CHECK(go::parse_float("0.50") == 0.5);
    CHECK(go::parse_float("1e3") == 1000);
    CHECK(go::parse_float("0x1p-2") == 0.25);
    CHECK_FALSE(go::parse_float("0x10"));
    CHECK_FALSE(go::parse_float("1.2.3"));
    CHECK_FALSE(go::parse_float("abc"));
    CHECK(go::parse_bool("TRUE") == true);
    CHECK(go::parse_bool("off") == false);
    CHECK_FALSE(go::parse_bool("maybe"));
    CHECK(go::to_float32(0.1) == 0.1);
    CHECK(go::to_float32(1.0 / 3) == 0.33333334);
}

TEST_CASE("commands split like go-shellwords", "[load][spec]") {
    using V = std::vector<std::string>;
    CHECK(go::split_shell_words(R"(echo "hello world" 'a b' c\ d)") ==
          V{"echo", "hello world", "a b", "c d"});
    CHECK(go::split_shell_words("") == V{});
    CHECK(go::split_shell_words("echo \"\"") == V{"echo", ""});
    CHECK(go::split_shell_words("sh -c 'echo $HOME'") == V{"sh", "-c", "echo $HOME"});
    // The reference stops at an unquoted ; & | < >, and keeps $(…) and `…` as text.
    CHECK(go::split_shell_words("echo hi && echo there") == V{"echo", "hi"});
    CHECK(go::split_shell_words("a $(b c) `d e`") == V{"a", "$(b c)", "`d e`"});
    CHECK(go::split_shell_words("cmd 2>&1") == V{"cmd"});
    CHECK_FALSE(go::split_shell_words("echo 'unterminated"));
    CHECK_FALSE(go::split_shell_words("f (x)"));
}

TEST_CASE("YAML map keys sort as yaml.v3 sorts them", "[load][spec]") {
    std::vector<std::string> keys{"a10", "b", "9", "a_b", "A", "aB", "a-1", "1", "a2", "a", "10"};
    std::sort(keys.begin(), keys.end(), go::yaml_key_less);
    CHECK(keys == std::vector<std::string>{"1", "9", "10", "A", "a", "a-1", "a_b", "a2", "a10", "aB", "b"});
}

// ---- the table -----------------------------------------------------------------------------------

TEST_CASE("the table is consistent", "[load][spec]") {
    std::set<std::string_view> names;
    for (const spec::ObjectSpec* o : spec::all_objects()) {
        std::set<std::string_view> keys;
        for (const spec::Field& f : o->fields) {
            INFO(o->name << "." << f.key);
            CHECK(keys.insert(f.key).second);
            CHECK(o->find(f.key) == &f);
            const bool needs_object = f.enc == spec::Enc::object || f.enc == spec::Enc::object_list ||
                                      f.enc == spec::Enc::object_map || f.enc == spec::Enc::nullable_map ||
                                      f.enc == spec::Enc::ulimits;
            CHECK(needs_object == (f.object != nullptr));
            if (f.omit == spec::Omit::value) CHECK(f.enc == spec::Enc::object);
        }
    }
    // Service attributes in Go struct order (config-output.md §6).
    const spec::ObjectSpec& svc = *spec::project().find("services")->object;
    std::string order;
    for (const spec::Field& f : svc.fields) order += std::string(f.key) + " ";
    CHECK(order.rfind(
              "profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup ",
              0) == 0);
    CHECK(order.find("working_dir post_start pre_stop ") != std::string::npos);
    CHECK(svc.fields.size() == 93);
}

// ---- validate_schema -----------------------------------------------------------------------------

TEST_CASE("schema: a valid document passes", "[load][spec][schema]") {
    CHECK(schema_errors("services:\n  web:\n    image: nginx\n    ports: ['8080:80', 443, {target: 80}]\n"
                        "    x-custom: {anything: [1]}\nx-top: 1\nversion: '3'\n") == "");
    CHECK(schema_errors("services: {}\n") == "");
    CHECK(schema_errors("name: p\nnetworks: {n: }\nvolumes: {v: }\n") == "");
}

TEST_CASE("schema: unknown keys, with suggestions", "[load][spec][schema]") {
    CHECK(schema_errors("services:\n  web:\n    imagee: nginx\n") ==
          "t.yaml:3:5: services.web: unknown key \"imagee\" (did you mean \"image\"?)");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    build: {context: ., platform: linux}\n") ==
          "t.yaml:4:25: services.web.build: unknown key \"platform\" (did you mean \"platforms\"?)");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    DNS: [1.1.1.1]\n") ==
          "t.yaml:4:5: services.web: unknown key \"DNS\" (did you mean \"dns\"?)");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    frobnicate: 1\n") ==
          "t.yaml:4:5: services.web: unknown key \"frobnicate\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    blkio_config: {x-a: 1}\n") ==
          "t.yaml:4:20: services.web.blkio_config: unknown key \"x-a\": extensions (x-*) are not allowed in "
          "blkio_config");
    auto st = validate_schema(parse_one("deploy: {replicas: 2}\n"));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().headline() == "t.yaml:1:1: unknown top-level key \"deploy\"");
    REQUIRE(st.error().notes.size() == 1);
    CHECK(st.error().notes[0] == "\"deploy\" is a service attribute: it belongs under services.<name>");
}

TEST_CASE("schema: wrong kinds", "[load][spec][schema]") {
    CHECK(schema_errors("services:\n  web:\n    image: 1\n") ==
          "t.yaml:3:12: services.web.image: expected a string, got an integer (1)");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    ports: [[80]]\n") ==
          "t.yaml:4:13: services.web.ports[0]: expected a string, a number or a mapping, got a list");
    CHECK(schema_errors("services: []\n") == "t.yaml:1:11: services: expected a mapping, got a list");
    CHECK(schema_errors("services:\n  web:\n") == "t.yaml:3:1: services.web: expected a mapping, got null");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    environment: {A: [1]}\n") ==
          "t.yaml:4:22: services.web.environment.A: expected a string, a number, a boolean or null, got a "
          "list");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    networks: {n: 1}\n") ==
          "t.yaml:4:19: services.web.networks.n: expected a mapping or null, got an integer (1)");
    CHECK(schema_errors("- a\n") == "t.yaml:1:1: a compose file must be a mapping, got a list");
}

TEST_CASE("schema: enums, names, required keys, bounds, uniqueness", "[load][spec][schema]") {
    CHECK(schema_errors("services:\n  web:\n    image: x\n    pull_policy: sometimes\n") ==
          "t.yaml:4:18: services.web.pull_policy: invalid value \"sometimes\": expected one of \"always\", "
          "\"never\", \"if_not_present\", \"build\", \"missing\"");
    CHECK(
        schema_errors("services:\n  my web:\n    image: x\n") ==
        "t.yaml:2:3: services: invalid name \"my web\": only letters, digits, '.', '_' and '-' are allowed");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    depends_on: {db: {restart: true}}\n") ==
          "t.yaml:4:22: services.web.depends_on.db: missing required key \"condition\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    ulimits: {nofile: {soft: 1}}\n") ==
          "t.yaml:4:23: services.web.ulimits.nofile: missing required key \"hard\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    cpu_percent: 101\n") ==
          "t.yaml:4:18: services.web.cpu_percent: 101 is out of range: expected 0 to 100");
    CHECK(schema_errors(
              "services:\n  web:\n    image: x\n    volumes: [{type: tmpfs, target: /t, tmpfs: {size: -1}}]"
              "\n") ==
          "t.yaml:4:55: services.web.volumes[0].tmpfs.size: -1 is too small: expected at least 0");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    security_opt: [a, b, a]\n") ==
          "t.yaml:4:26: services.web.security_opt[2]: duplicate item \"a\" (already at index 0)");
    // Lists the reference deduplicates before validating are not checked.
    CHECK(schema_errors("services:\n  web:\n    image: x\n    cap_add: [A, A]\n    ports: ['80', '80']\n") ==
          "");
}

TEST_CASE("schema: strings the reference parses later", "[load][spec][schema]") {
    CHECK(schema_errors("services:\n  web:\n    image: x\n    stop_grace_period: 1x\n") ==
          "t.yaml:4:24: services.web.stop_grace_period: invalid duration \"1x\": expected a duration such as "
          "\"90s\", \"1m30s\" or \"500ms\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    mem_limit: 12q\n") ==
          "t.yaml:4:16: services.web.mem_limit: invalid byte size \"12q\": expected a number with an "
          "optional unit "
          "(b, k, m, g, t, p), such as \"512m\" or \"1.5g\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    privileged: maybe\n") ==
          "t.yaml:4:17: services.web.privileged: invalid boolean \"maybe\": expected true or false");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    scale: two\n") ==
          "t.yaml:4:12: services.web.scale: invalid integer \"two\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    cpus: lots\n") ==
          "t.yaml:4:11: services.web.cpus: invalid number \"lots\"");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    ports: ['80:80:80:80', '1.2.3:80:80', '70000', "
                        "'80/xyz', '9000-9001:80-82', '[::1]:80:80', '::1:80:80', 99999]\n") ==
          "t.yaml:4:13: services.web.ports[0]: invalid port \"80:80:80:80\": invalid host IP address "
          "\"80:80\"\n"
          "t.yaml:4:28: services.web.ports[1]: invalid port \"1.2.3:80:80\": invalid host IP address "
          "\"1.2.3\"\n"
          "t.yaml:4:43: services.web.ports[2]: invalid port \"70000\": invalid container port \"70000\": "
          "expected a "
          "port (0-65535) or a range\n"
          "t.yaml:4:52: services.web.ports[3]: invalid port \"80/xyz\": invalid protocol \"xyz\": expected "
          "tcp, udp "
          "or sctp\n"
          "t.yaml:4:62: services.web.ports[4]: invalid port \"9000-9001:80-82\": the published range "
          "\"9000-9001\" "
          "and the container range \"80-82\" have different sizes\n"
          "t.yaml:4:96: services.web.ports[6]: invalid port \"::1:80:80\": an IPv6 host address must be "
          "written in "
          "brackets, such as [::1]:8080:80\n"
          "t.yaml:4:109: services.web.ports[7]: invalid port 99999: expected a port number (0-65535)");
    // Not interpolated: placeholders pass wherever a scalar may go.
    CHECK(schema_errors("services:\n  web:\n    image: x\n    stop_grace_period: ${T}\n    scale: ${N:-1}\n",
                        SchemaOptions{.allow_unresolved = true}) == "");
}

TEST_CASE("schema: strings the reference casts, and strings it cannot decode", "[load][spec][schema]") {
    // Interpolation casts these to numbers before the reference validates, so the bounds apply.
    CHECK(schema_errors(
              "services:\n  web:\n    image: x\n    cpu_percent: '150'\n    oom_score_adj: '-2000'\n") ==
          "t.yaml:4:18: services.web.cpu_percent: 150 is out of range: expected 0 to 100\n"
          "t.yaml:5:20: services.web.oom_score_adj: -2000 is out of range: expected -1000 to 1000");
    // Unsigned Go fields no cast covers: the schema says "string" is fine, the decoder refuses it.
    CHECK(schema_errors(
              "services:\n  web:\n    image: x\n    blkio_config: {weight: '300'}\n"
              "    build: {context: ., ulimits: {nofile: '5'}, secrets: [{source: s, mode: '256'}]}\n") ==
          "t.yaml:4:28: services.web.blkio_config.weight: expected an integer, got a string (\"300\")\n"
          "t.yaml:5:43: services.web.build.ulimits.nofile: expected an integer or a mapping, got a string "
          "(\"5\")\n"
          "t.yaml:5:77: services.web.build.secrets[0].mode: expected a number, got a string (\"256\")");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    ulimits: {nofile: '5'}\n"
                        "    secrets: [{source: s, mode: '256'}]\nsecrets: {s: {file: ./s}}\n") == "");
    CHECK(schema_errors("services:\n  web:\n    image: x\n    gpus: some\n") ==
          "t.yaml:4:11: services.web.gpus: invalid value \"some\": expected \"all\"");
}

TEST_CASE("schema: every error is reported", "[load][spec][schema]") {
    auto st = validate_schema(parse_one("services:\n  a:\n    imagee: x\n  b:\n    image: 1\nfoo: 1\n"));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == stackctl::core::Errc::validate);
    CHECK(st.error().path == "services.a");
    REQUIRE(st.error().more.size() == 2);
    CHECK(st.error().more[0].path == "services.b.image");
    CHECK(st.error().more[1].headline() == "t.yaml:6:1: unknown top-level key \"foo\"");
}

// ---- encode_output -------------------------------------------------------------------------------

TEST_CASE("encode: golden cases match the reference's output", "[load][spec][encode]") {
    const fs::path root = fs::path(STACKCTL_TEST_DATA) / "spec";
    int cases = 0;
    for (const auto& dir : fs::directory_iterator(root)) {
        if (!fs::exists(dir.path() / "input.yaml")) continue;
        ++cases;
        auto input = parse_yaml_file((dir.path() / "input.yaml").string());
        REQUIRE(input.ok());
        for (auto [format, file] : {std::pair{OutputFormat::json, "expected.json"},
                                    std::pair{OutputFormat::yaml, "expected.yaml"}}) {
            INFO(dir.path().filename().string() << " " << file);
            auto expected = parse_yaml_file((dir.path() / file).string());
            REQUIRE(expected.ok());
            auto out = encode_output(input->front(), {format});
            if (!out) FAIL(stackctl::core::render(out.error()));
            std::string where;
            CHECK(same_tree(*out, expected->front(), where));
            CHECK(where == "");
        }
    }
    CHECK(cases >= 1);
}

TEST_CASE("encode: JSON and YAML differ where the reference's do", "[load][spec][encode]") {
    const std::string in =
        "services:\n  web:\n    image: x\n    x-b: 1\n    x-a: {z: 1, y: 2}\n    deploy: {}\n"
        "    ulimits: {core: {soft: 0, hard: 5}}\n    blkio_config: {weight_device: [{path: /dev/a, weight: "
        "1}]}\n"
        "    develop: {watch: [{path: /p, action: rebuild}]}\nnetworks: {n: {name: p_n}}\nx-top: 1\nname: "
        "p\n";
    Node json = encode_ok(in);
    std::string keys;
    for (const auto& e : json.entries) keys += e.key + " ";
    CHECK(keys == "name networks services x-top ");
    const Node& web = service(json, "web");
    CHECK(web.find("command")->is_null());
    CHECK(web.find("entrypoint")->is_null());
    CHECK(web.find("x-a") == nullptr);
    CHECK(web.find("deploy")->find("resources")->entries.empty());
    CHECK(web.find("deploy")->find("placement") != nullptr);
    CHECK(web.find("ulimits")->find("core")->find("soft") == nullptr);
    CHECK(web.find("blkio_config")->find("weight_device")->items[0].find("Path")->text == "/dev/a");
    CHECK(web.find("develop")->find("watch")->items[0].find("exec")->find("command")->is_null());
    CHECK(json.find("networks")->find("n")->find("ipam")->entries.empty());

    Node yaml = encode_ok(in, OutputFormat::yaml);
    keys.clear();
    for (const auto& e : yaml.entries) keys += e.key + " ";
    CHECK(keys == "name services networks x-top ");
    const Node& yweb = service(yaml, "web");
    keys.clear();
    for (const auto& e : yweb.entries) keys += e.key + " ";
    CHECK(keys == "develop blkio_config deploy image ulimits x-a x-b ");
    CHECK(yweb.find("deploy")->entries.empty());
    CHECK(yweb.find("x-a")->entries[0].key == "y");
    CHECK(yweb.find("ulimits")->find("core")->find("soft")->int_value == 0);
    CHECK(yweb.find("blkio_config")->find("weight_device")->items[0].find("path")->text == "/dev/a");
    CHECK(yweb.find("develop")->find("watch")->items[0].find("exec") == nullptr);
    CHECK(yaml.find("networks")->find("n")->find("ipam") == nullptr);
}

TEST_CASE("encode: values are decoded as the reference decodes its model", "[load][spec][encode]") {
    Node out = encode_ok(
        "services:\n  web:\n    image: x\n    command: echo hi && echo there\n    environment: [A=1, B, C=]\n"
        "    labels: [b=1, a]\n    extra_hosts: {h: [1.1.1.1, '[::1]'], a: 2.2.2.2}\n"
        "    healthcheck: {test: curl x, interval: 90s, retries: '3'}\n    cpus: '0.10'\n    mem_limit: "
        "1.5g\n"
        "    memswap_limit: -1\n    stop_grace_period: 120s\n    expose: [80, '90']\n    privileged: 'yes'\n"
        "    gpus: [{count: all}]\n    networks: [b, a]\n    tmpfs: /run\n");
    const Node& web = service(out, "web");
    auto texts = [](const Node& seq) {
        std::vector<std::string> v;
        for (const auto& i : seq.items) v.push_back(i.text);
        return v;
    };
    using V = std::vector<std::string>;
    CHECK(texts(*web.find("command")) == V{"echo", "hi"});
    CHECK(web.find("environment")->find("B")->is_null());
    CHECK(web.find("environment")->find("C")->text == "");
    CHECK(web.find("labels")->entries[0].key == "a");
    CHECK(web.find("labels")->find("a")->text == "");
    CHECK(texts(*web.find("extra_hosts")) == V{"a=2.2.2.2", "h=1.1.1.1", "h=::1"});
    CHECK(texts(*web.find("healthcheck")->find("test")) == V{"CMD-SHELL", "curl x"});
    CHECK(web.find("healthcheck")->find("interval")->text == "1m30s");
    CHECK(web.find("healthcheck")->find("retries")->int_value == 3);
    CHECK(web.find("cpus")->float_value == 0.1);
    CHECK(web.find("mem_limit")->text == "1610612736");
    CHECK(web.find("memswap_limit")->text == "-1");
    CHECK(web.find("stop_grace_period")->text == "2m0s");
    CHECK(texts(*web.find("expose")) == V{"80", "90"});
    CHECK(web.find("privileged")->as_bool());
    CHECK(web.find("gpus")->items[0].find("count")->int_value == -1);
    CHECK(web.find("networks")->entries[0].key == "a");
    CHECK(texts(*web.find("tmpfs")) == V{"/run"});
}

TEST_CASE("encode: resources, env files and SSH keys", "[load][spec][encode]") {
    const std::string in =
        "services:\n  web:\n    image: x\n    env_file: [{path: /a, required: true}, {path: /b, required: "
        "false}]\n"
        "    build: {context: /c, ssh: {default: null, key: /k}}\n"
        "secrets: {s: {name: s, environment: S, content: hidden}}\n"
        "configs: {c: {name: c, environment: C, content: hidden}, d: {name: d, content: shown}}\n";
    Node yaml = encode_ok(in, OutputFormat::yaml);
    const Node& web = service(yaml, "web");
    CHECK(web.find("env_file")->items[0].text == "/a");
    CHECK(web.find("env_file")->items[1].find("required")->as_bool() == false);
    CHECK(web.find("build")->find("ssh")->items[1].text == "key: /k");
    CHECK(yaml.find("secrets")->find("s")->find("content") == nullptr);
    CHECK(yaml.find("configs")->find("c")->find("content") == nullptr);
    CHECK(yaml.find("configs")->find("d")->find("content")->text == "shown");
    CHECK(encode_error(in) ==
          "t.yaml:5:47: services.web.build.ssh: cannot print the SSH key \"key\" with a path as JSON (docker "
          "compose "
          "fails here too); use the YAML output");
}

TEST_CASE("encode: undecodable values and unknown keys are errors", "[load][spec][encode]") {
    auto out =
        encode_output(parse_one("services:\n  web:\n    image: x\n    stop_grace_period: soon\n"
                                "    mem_limit: lots\n    imagee: y\n    command: \"echo 'x\"\n"));
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().headline() == "t.yaml:4:24: services.web.stop_grace_period: invalid duration \"soon\"");
    REQUIRE(out.error().more.size() == 3);
    CHECK(out.error().more[0].headline() ==
          "t.yaml:5:16: services.web.mem_limit: invalid byte size \"lots\"");
    CHECK(out.error().more[1].headline() == "t.yaml:6:5: services.web: unknown key \"imagee\" in service");
    CHECK(out.error().more[2].headline() ==
          "t.yaml:7:14: services.web.command: invalid command line \"echo 'x\": unbalanced quotes or "
          "parentheses");
    CHECK(encode_error("services:\n  web:\n    ports: ['80:80']\n") ==
          "t.yaml:3:13: services.web.ports[0]: expected a mapping (port in long syntax), got string");
}

TEST_CASE("validation and encoding are linear in the number of services", "[load][spec][perf]") {
    const auto project = [](int services) {
        std::string text = "name: big\nservices:\n";
        for (int i = 0; i < services; ++i) {
            const std::string n = std::to_string(i);
            text += "  svc" + n + ":\n    image: nginx:" + n +
                    "\n    command: [sh, -c, 'echo hi']\n    environment: {A: '1', B: null, C: x}\n"
                    "    ports: [{mode: ingress, target: 80, published: '8080', protocol: tcp}]\n"
                    "    networks: {default: null}\n    labels: [a=b, c=d]\n"
                    "    healthcheck: {test: [CMD, 'true'], interval: 30s}\n"
                    "    deploy: {resources: {limits: {memory: 50M}}}\n"
                    "    volumes: [{type: bind, source: /a, target: /b, bind: {create_host_path: true}}]\n";
        }
        return parse_one(text + "networks: {default: {name: big_default}}\n");
    };
    // Best of three runs, in microseconds, of validate_schema + encode_output.
    const auto time = [](const Node& doc) {
        long best = 0;
        for (int run = 0; run < 3; ++run) {
            const auto t0 = std::chrono::steady_clock::now();
            CHECK(validate_schema(doc).ok());
            auto out = encode_output(doc);
            const auto t1 = std::chrono::steady_clock::now();
            REQUIRE(out.ok());
            const long us =
                static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count());
            best = run == 0 ? us : std::min(best, us);
        }
        return best;
    };
    const long small = time(project(1000));
    const long large = time(project(5000));
    WARN("validate_schema + encode_output: 1000 services " << small / 1000 << " ms, 5000 services "
                                                           << large / 1000 << " ms");
    // Five times the services should take about five times as long; quadratic work would take 25 times.
    // Timing is reported, never asserted: these machines are too noisy (bench/ measures speed).
}
