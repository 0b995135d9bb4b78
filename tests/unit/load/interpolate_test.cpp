#include "stackctl/load/interpolate.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "test_files.hpp"

using namespace stackctl;
using namespace stackctl::load;

namespace {

const Lookup kEnv =
    test::map_lookup({{"SET", "v"}, {"EMPTY", ""}, {"\xC5\xBF", "long s"}, {"A\xE2\x84\xAA", "kelvin"}});

std::string sub(std::string_view value, const Lookup& lookup = kEnv) {
    auto r = substitute(value, lookup);
    if (!r) FAIL(r.error().message);
    return *r;
}

std::string error_of(std::string_view value, const Lookup& lookup = kEnv) {
    auto r = substitute(value, lookup);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == core::Errc::interpolate);
    return r.error().message;
}

}  // namespace

TEST_CASE("substitute leaves strings without $ alone", "[load][interpolate]") {
    CHECK_FALSE(has_template("plain text {}"));
    CHECK(has_template("a$"));
    CHECK(sub("") == "");
    CHECK(sub("nothing to do: {x}") == "nothing to do: {x}");
}

TEST_CASE("substitute: every operator on set, empty and unset variables", "[load][interpolate]") {
    // clang-format off
    struct Row { const char* op; const char* set; const char* empty; const char* unset; };
    const Row rows[] = {
        {":-", "v",   "d",  "d"},
        {"-",  "v",   "",   "d"},
        {":+", "d",   "",   ""},
        {"+",  "d",   "d",  ""},
        {":?", "v",   nullptr, nullptr},
        {"?",  "v",   "",   nullptr},
    };
    // clang-format on
    for (const Row& row : rows) {
        INFO("operator " << row.op);
        auto check = [&](const char* var, const char* want) {
            std::string value = std::string("${") + var + row.op + "d}";
            INFO(value);
            if (want) {
                CHECK(sub(value) == want);
            } else {
                CHECK(error_of(value) == std::string("required variable ") + var + " is missing a value: d");
            }
        };
        check("SET", row.set);
        check("EMPTY", row.empty);
        check("UNSET", row.unset);
    }
    CHECK(sub("$SET ${SET} $UNSET. ${UNSET}.") == "v v . .");
    CHECK(error_of("${UNSET?}") == "required variable UNSET is missing a value");
}

TEST_CASE("substitute: $$, lone $ and names", "[load][interpolate]") {
    CHECK(sub("$$SET $$$SET $$$$") == "$SET $v $$");
    CHECK(sub("a $ b $} $1 $-x ^REGEX$") == "a $ b $} $1 $-x ^REGEX$");
    CHECK(sub("$SET-x $SET.x $SETx") == "v-x v.x ");
    // (?i) in the reference's pattern lets U+017F and U+212A, which fold to s and k, into names.
    CHECK(sub("${\xC5\xBF} $A\xE2\x84\xAA") == "long s kelvin");  // ſ, and K as a Kelvin sign
    CHECK(sub("$é") == "$é");
}

TEST_CASE("substitute: nested defaults and the reference's brace matching", "[load][interpolate]") {
    CHECK(sub("${UNSET:-${EMPTY:-${SET}}}") == "v");
    CHECK(sub("${UNSET:-a ${SET} b}-${SET:+x${SET}y}") == "a v b-xvy");
    CHECK(sub(R"(${UNSET:-{"json":1}})") == R"({"json":1})");
    // A `{` also skips the character after it, and an operator form runs to the last `}` of its line.
    CHECK(sub("${UNSET:-{}}") == "{}");
    CHECK(sub("${UNSET:-{}") == "{");
    CHECK(sub("${UNSET:-x}}") == "x}");
    CHECK(sub("${UNSET:-{}} ${UNSET:-x}}") == "{}} x");
    CHECK(sub("${UNSET:-a}\n${UNSET:-b}") == "a\nb");
}

TEST_CASE("substitute: arguments are expanded even when unused", "[load][interpolate]") {
    CHECK(error_of("${SET:-${NOPE:?why}}") == "required variable NOPE is missing a value: why");
    CHECK(error_of("${UNSET+${NOPE?}}") == "required variable NOPE is missing a value");
    CHECK(error_of("${UNSET:?need ${SET}}") == "required variable UNSET is missing a value: need v");
}

TEST_CASE("substitute: invalid forms, verbatim messages and positions", "[load][interpolate]") {
    CHECK(error_of("${") ==
          R"(invalid interpolation format in "${": "${" must be followed by a variable name)");
    CHECK(error_of("${}") ==
          R"(invalid interpolation format in "${}": "${" must be followed by a variable name)");
    CHECK(error_of("${SET") == R"(invalid interpolation format in "${SET": "${SET" is not closed with "}")");
    CHECK(error_of("${SET }") ==
          R"(invalid interpolation format in "${SET }": unexpected " " after "${SET"; )"
          R"(expected "}" or one of :- - :? ? :+ +)");
    CHECK(error_of("${SET:-x\n}") == R"(invalid interpolation format in "${SET:-x\n}": )"
                                     R"("${SET:-" is not closed with "}" on the same line)");
    CHECK(error_of("${SET:-${X}") ==
          R"(invalid interpolation format in "${SET:-${X}": "${X" is not closed with "}")");

    SubstituteOptions options;
    options.origin = core::SourceLoc{core::intern_path("compose.yaml"), 7, 12};
    auto r = substitute("ok ${SET}\n  then ${BAD", kEnv, options);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == core::SourceLoc{core::intern_path("compose.yaml"), 8, 8});
    CHECK(r.error().notes == std::vector<std::string>{R"(a literal "$" is written "$$")"});
    r = substitute("ab ${X:?}", kEnv, options);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == core::SourceLoc{core::intern_path("compose.yaml"), 7, 15});
    r = substitute("${", kEnv);
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(r.error().where.has_value());
}

TEST_CASE("substitute: hostile nesting is refused, long flat templates are fine", "[load][interpolate]") {
    std::string deep;
    for (int i = 0; i < 1000; ++i) deep += "${A:-";
    deep += "x" + std::string(1000, '}');
    CHECK(error_of(deep) == "interpolation nested more than 200 levels deep");

    std::string flat, want;
    for (int i = 0; i < 5000; ++i) {
        flat += "${UNSET:-d}$SET";
        want += "dv";
    }
    CHECK(sub(flat) == want);
}

TEST_CASE("substitute tells on_unset about plain references only", "[load][interpolate]") {
    std::vector<std::string> unset;
    SubstituteOptions options;
    options.on_unset = [&](std::string_view name) { unset.emplace_back(name); };
    auto r = substitute("$A ${B} ${C:-x} ${SET} ${D-${E}}", kEnv, options);
    REQUIRE(r.ok());
    CHECK(unset == std::vector<std::string>{"A", "B", "E"});
}

TEST_CASE("template_variables lists names, defaults and alternates", "[load][interpolate]") {
    using V = TemplateVariable;
    CHECK(template_variables("no variables").empty());
    CHECK(template_variables("$$ESCAPED").empty());
    CHECK(template_variables("$docker:${project:-cli}") ==
          std::vector<V>{{"docker", false, "", ""}, {"project", false, "cli", ""}});
    // Each ${NAME<op>...} reaches the line's last `}`; the text after its own closing brace is scanned first,
    // so these come out in reverse.
    CHECK(template_variables("${R:?msg} ${Q?} ${P:+alt} ${O+a2}") ==
          std::vector<V>{
              {"O", false, "", "a2"}, {"P", false, "", "alt"}, {"Q", true, "", ""}, {"R", true, "", ""}});
    // Defaults are scanned too; what follows a closed ${...:-...} is listed before it.
    CHECK(template_variables("${A:-$B-${C:+z}}") ==
          std::vector<V>{{"A", false, "$B-${C:+z}", ""}, {"B", false, "", ""}, {"C", false, "", "z"}});
    CHECK(template_variables("${A:-x} ${B}") == std::vector<V>{{"B", false, "", ""}, {"A", false, "x", ""}});
    // No depth limit on a long line of such expressions (they are scanned in one pass).
    std::string line;
    for (int i = 0; i < 1000; ++i) line += "${V" + std::to_string(i) + ":-d}";
    auto vars = template_variables(line);
    REQUIRE(vars.size() == 1000);
    CHECK(vars.front().name == "V999");
    CHECK(vars.back() == V{"V0", false, "d", ""});
    // As in the reference: a malformed ${ gives an empty name, and the name stops at a non-ASCII letter.
    CHECK(template_variables("a ${ b}") == std::vector<V>{{"", false, "", ""}});
    CHECK(template_variables("${Aſ:-x}") == std::vector<V>{{"A", false, "", ""}});
}

TEST_CASE("cast_type_for follows the reference's table", "[load][interpolate][cast]") {
    auto type = [](std::vector<std::string_view> path) { return cast_type_for(path); };
    CHECK(type({"services", "web", "deploy", "replicas"}) == CastType::integer);
    CHECK(type({"services", "web", "cpus"}) == CastType::float32);
    CHECK(type({"services", "web", "cpu_percent"}) == CastType::float64);
    CHECK(type({"services", "web", "tty"}) == CastType::boolean);
    CHECK(type({"services", "web", "ports", "[]", "target"}) == CastType::integer);
    CHECK(type({"services", "web", "ulimits", "nofile"}) == CastType::integer);
    CHECK(type({"services", "web", "ulimits", "nofile", "soft"}) == CastType::integer);
    CHECK(type({"services", "web", "volumes", "[]", "volume", "nocopy"}) == CastType::boolean);
    CHECK(type({"services", "web", "secrets", "[]", "mode"}) == CastType::integer);
    CHECK(type({"networks", "front", "enable_ipv4"}) == CastType::boolean);
    CHECK(type({"configs", "c", "external"}) == CastType::boolean);
    // Not cast: published ports stay strings, and the path must match in length and in every segment.
    CHECK_FALSE(type({"services", "web", "ports", "[]", "published"}));
    CHECK_FALSE(type({"services", "web", "ports", "0", "target"}));
    CHECK_FALSE(type({"services", "web"}));
    CHECK_FALSE(type({"services", "web", "deploy", "replicas", "x"}));
    CHECK_FALSE(type({"volumes", "v", "driver"}));
    CHECK_FALSE(type({}));
    // "*" matches any segment, a list item included (as compose-go's tree.Path does).
    CHECK(type({"services", "[]", "tty"}) == CastType::boolean);
    std::vector<std::string> owned{"networks", "n", "external"};
    CHECK(cast_type_for(owned) == CastType::boolean);
}

TEST_CASE("cast_scalar: integers as strconv.Atoi reads them", "[load][interpolate][cast]") {
    auto i64 = [](std::string_view s) { return std::get<std::int64_t>(*cast_scalar(CastType::integer, s)); };
    CHECK(i64("3") == 3);
    CHECK(i64("+3") == 3);
    CHECK(i64("-1") == -1);
    CHECK(i64("007") == 7);
    CHECK(i64("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(i64("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
    for (const char* bad : {"", " 5", "5 ", "0x10", "1_000", "3.0", "+-3", "+", "1e3"}) {
        auto r = cast_scalar(CastType::integer, bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == "cannot convert " + std::string("\"") + bad + "\" to an integer");
    }
    auto r = cast_scalar(CastType::integer, "9223372036854775808");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == R"(cannot convert "9223372036854775808" to an integer: out of range)");
}

TEST_CASE("cast_scalar: floats with Go's syntax", "[load][interpolate][cast]") {
    auto f64 = [](std::string_view s) { return std::get<double>(*cast_scalar(CastType::float64, s)); };
    CHECK(f64("0.5") == 0.5);
    CHECK(f64(".5") == 0.5);
    CHECK(f64("5.") == 5.0);
    CHECK(f64("+1e3") == 1000.0);
    CHECK(f64("1_000.5") == 1000.5);
    CHECK(f64("1e1_0") == 1e10);
    CHECK(f64("0x1p-2") == 0.25);
    CHECK(f64("0x_1.8P1") == 3.0);
    CHECK(f64("-Inf") == -std::numeric_limits<double>::infinity());
    CHECK(f64("infinity") == std::numeric_limits<double>::infinity());
    CHECK(std::isnan(f64("NaN")));
    CHECK(f64("1e-400") == 0.0);  // underflow is not an error in Go
    for (const char* bad : {"", " 1", "1 ", "0x10", "1__0", "_1", "1_", "1_.5", "1e", "1e+", "+nan", "infin",
                            "1.2.3", "0x", "0xp1", "1,5"}) {
        auto r = cast_scalar(CastType::float64, bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == "cannot convert " + std::string("\"") + bad + "\" to a number");
    }
    auto r = cast_scalar(CastType::float64, "1e400");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == R"(cannot convert "1e400" to a number: out of range)");

    auto f32 = [](std::string_view s) { return std::get<float>(*cast_scalar(CastType::float32, s)); };
    CHECK(f32("0.1") == 0.1f);
    CHECK(f32("3.4028235e38") == std::numeric_limits<float>::max());
    CHECK(f32("1.5e-46") == 0.0f);
    CHECK_FALSE(cast_scalar(CastType::float32, "3.4028236e38").ok());
    CHECK_FALSE(cast_scalar(CastType::float32, "1e39").ok());
}

TEST_CASE("cast_scalar: booleans, with the reference's YAML 1.1 warning", "[load][interpolate][cast]") {
    std::string warning = "stale";
    auto b = [&](std::string_view s) { return std::get<bool>(*cast_scalar(CastType::boolean, s, &warning)); };
    CHECK(b("true"));
    CHECK(warning.empty());
    CHECK_FALSE(b("FALSE"));
    CHECK(b("Yes"));
    CHECK(warning == "\"Yes\" for boolean is not supported by YAML 1.2, please use `true`");
    CHECK_FALSE(b("off"));
    CHECK(warning == "\"off\" for boolean is not supported by YAML 1.2, please use `false`");
    CHECK(b("y"));
    CHECK_FALSE(b("N"));
    for (const char* bad : {"", "1", "0", "t", "truee", " true"}) {
        auto r = cast_scalar(CastType::boolean, bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message ==
              "cannot convert " + std::string("\"") + bad + "\" to a boolean (expected true or false)");
    }
}
