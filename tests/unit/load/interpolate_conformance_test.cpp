// Replays compose-go's interpolation case tables (../shared/conformance/compose-go/cases/*.json) against
// load::substitute, template_variables and cast_scalar. Skips, with a warning, when the corpus is missing.
//
// How the Go expectations map onto ours (wording, not behaviour):
// - "Invalid template" (template package) and "invalid interpolation format for PATH..." (interpolation
//   package) are both our "invalid interpolation format in ..." message.
// - "error while interpolating PATH: MSG": the path prefix is added by the document walk, not by
//   substitute(), so MSG alone is compared, verbatim.
// Cases skipped on purpose: the ones that call Go-only hooks (SubstituteWith/SubstituteWithOptions with a
// custom substitution or replacement function) and TestPathMatches, whose rows the extractor could not
// read (the same matching is covered by cast_type_for tests in interpolate_test.cpp).
// No case is knowingly answered differently from the reference.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "conformance_support.hpp"
#include "stackctl/load/interpolate.hpp"
#include "test_files.hpp"

using namespace stackctl;
using nlohmann::json;
using Env = std::map<std::string, std::string, std::less<>>;

namespace {

std::optional<json> load_cases(const char* file) {
    auto text = test::read_compose_go_cases(file);
    if (!text) return std::nullopt;
    return json::parse(*text);
}

Env env_of(const json& j) {
    Env env;
    for (const auto& [k, v] : j.items()) env[k] = v.get<std::string>();
    return env;
}

constexpr std::string_view kInvalidPrefix = "invalid interpolation format in ";

// The message we must produce for a Go error expectation (string or error struct); empty when any
// invalid-format message will do.
std::string message_for(const json& err, bool* invalid_format) {
    *invalid_format = false;
    if (err.is_object()) {
        std::string msg =
            "required variable " + err.at("Variable").get<std::string>() + " is missing a value";
        if (auto reason = err.at("Reason").get<std::string>(); !reason.empty()) msg += ": " + reason;
        return msg;
    }
    std::string s = err.get<std::string>();
    if (s.rfind("invalid interpolation format", 0) == 0 || s.find("Invalid template") != std::string::npos) {
        *invalid_format = true;
        return {};
    }
    constexpr std::string_view prefix = "error while interpolating ";
    if (s.rfind(prefix, 0) == 0) s = s.substr(s.find(": ", prefix.size()) + 2);
    return s;
}

// Runs one substitution case. Exactly one of `expected`, `error` (exact) or `contains` is set.
void run_case(test::Tally& tally, const std::string& label, const std::string& input, const Env& env,
              const json* expected, const json* error, const json* contains) {
    auto r = load::substitute(input, test::map_lookup(env));
    std::string got = r.ok() ? fmt::format("ok {:?}", *r) : fmt::format("error {:?}", r.error().message);
    std::string what = fmt::format("{}: {:?} -> {}", label, input, got);
    if (expected) {
        tally.check(r.ok() && *r == expected->get<std::string>(),
                    what + fmt::format(", want {:?}", expected->get<std::string>()));
    } else if (error) {
        bool invalid = false;
        std::string want = message_for(*error, &invalid);
        bool ok = !r.ok() && r.error().code == core::Errc::interpolate &&
                  (invalid ? r.error().message.rfind(kInvalidPrefix, 0) == 0 : r.error().message == want);
        tally.check(ok, what + ", want error " + (invalid ? "invalid interpolation format" : want));
    } else if (contains) {
        std::string want = contains->get<std::string>();
        bool invalid = want == "Invalid template";
        bool ok = !r.ok() && (invalid ? r.error().message.rfind(kInvalidPrefix, 0) == 0
                                      : r.error().message.find(want) != std::string::npos);
        tally.check(ok, what + ", want error containing " + want);
    } else {
        tally.skip(label + ": no expectation");
    }
}

const json* field(const json& j, const char* name) {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
}

// Applies substitute() to every string of a JSON document, and `cast` where it says so.
bool interpolate_doc(
    const json& in, const Env& env, json& out, std::vector<std::string>& path,
    const std::function<std::optional<load::CastType>(const std::vector<std::string>&)>& cast) {
    if (in.is_object()) {
        out = json::object();
        for (const auto& [k, v] : in.items()) {
            path.push_back(k);
            bool ok = interpolate_doc(v, env, out[k], path, cast);
            path.pop_back();
            if (!ok) return false;
        }
        return true;
    }
    if (in.is_array()) {
        out = json::array();
        for (const auto& v : in) {
            path.emplace_back(load::kListItem);
            json o;
            bool ok = interpolate_doc(v, env, o, path, cast);
            path.pop_back();
            if (!ok) return false;
            out.push_back(o);
        }
        return true;
    }
    if (!in.is_string()) {
        out = in;
        return true;
    }
    auto r = load::substitute(in.get<std::string>(), test::map_lookup(env));
    if (!r) return false;
    if (auto type = cast(path)) {
        auto c = load::cast_scalar(*type, *r);
        if (!c) return false;
        std::visit([&](auto v) { out = v; }, *c);
    } else {
        out = *r;
    }
    return true;
}

}  // namespace

TEST_CASE("conformance: compose-go interpolation-flat.json", "[load][interpolate][conformance]") {
    auto cases = load_cases("interpolation-flat.json");
    if (!cases) return;
    test::Tally tally("interpolation-flat.json");
    const json& envs = cases->at("envs");
    for (const auto& c : cases->at("cases")) {
        Env env = env_of(envs.at(c.at("env").get<std::string>()));
        run_case(tally, c.at("source").get<std::string>(), c.at("input").get<std::string>(), env,
                 field(c, "expected"), field(c, "error"), field(c, "error_contains"));
    }
    tally.report();
}

TEST_CASE("conformance: compose-go template-substitute.json", "[load][interpolate][conformance]") {
    auto cases = load_cases("template-substitute.json");
    if (!cases) return;
    test::Tally tally("template-substitute.json");
    Env env = env_of(cases->at("mapping"));

    for (const auto& c : cases->at("cases")) {
        std::string label = c.at("test").get<std::string>();
        if (c.at("func").get<std::string>() != "Substitute") {
            tally.skip(label + ": calls a Go-only custom substitution hook");
            continue;
        }
        run_case(tally, label, c.at("template").get<std::string>(), env, field(c, "expected"), nullptr,
                 field(c, "error_contains"));
    }

    for (const auto& t : cases->at("tables")) {
        std::string test = t.at("test").get<std::string>();
        for (const auto& row : t.at("rows")) {
            if (test == "TestExtractVariables") {
                // Variables of every string in the dict; a name seen twice keeps its last entry.
                std::map<std::string, load::TemplateVariable> got;
                std::function<void(const json&)> walk = [&](const json& j) {
                    if (j.is_string()) {
                        for (auto& v : load::template_variables(j.get<std::string>())) got[v.name] = v;
                    } else if (j.is_structured()) {
                        for (const auto& e : j) walk(e);
                    }
                };
                walk(row.at("dict"));
                std::map<std::string, load::TemplateVariable> want;
                for (const auto& [name, v] : row.at("expected").items()) {
                    want[name] = load::TemplateVariable{
                        v.at("Name").get<std::string>(), v.value("Required", false),
                        v.value("DefaultValue", std::string()), v.value("PresenceValue", std::string())};
                }
                tally.check(got == want, test + "/" + row.at("name").get<std::string>());
            } else if (test == "TestSubstitutionFunctionChoice") {
                // Which operator wins in ${input}: visible through VARNAME set to "", where all six differ.
                std::string input = row.at("input").get<std::string>();
                std::string symbol = row.at("symbol").get<std::string>();
                auto r = load::substitute("${" + input + "}", test::map_lookup(Env{{"VARNAME", ""}}));
                std::string after = input.substr(input.find(symbol) + symbol.size());
                bool ok = symbol == ":?"   ? !r.ok()
                          : symbol == ":-" ? r.ok() && *r == after
                          : symbol == "+"  ? r.ok() && *r == after
                                           : r.ok() && r->empty();
                tally.check(ok, test + "/" + row.at("name").get<std::string>());
            } else if (row.contains("template")) {
                const json* err = field(row, "err");
                if (err && err->is_null()) err = nullptr;
                const json* expected_error = field(row, "expectedError");
                std::string label = test + fmt::format(" (line {})", t.at("line").get<int>());
                if (err || expected_error) {
                    run_case(tally, label, row.at("template").get<std::string>(), env, nullptr,
                             err ? err : expected_error, nullptr);
                } else {
                    run_case(tally, label, row.at("template").get<std::string>(), env, field(row, "expected"),
                             nullptr, nullptr);
                }
            } else {
                tally.skip(test + ": unknown table");
            }
        }
    }
    tally.report();
}

TEST_CASE("conformance: compose-go interpolation.json", "[load][interpolate][conformance]") {
    auto cases = load_cases("interpolation.json");
    if (!cases) return;
    test::Tally tally("interpolation.json");
    Env mapping = env_of(cases->at("mapping"));

    for (const auto& t : cases->at("tables")) {
        std::string test = t.at("test").get<std::string>();
        if (test == "TestPathMatches") {
            tally.skip(test + ": rows not machine-readable (covered by cast_type_for unit tests)");
            continue;
        }
        Env env = test == "TestValidUnexistentInterpolation" ? Env{} : mapping;
        for (const auto& row : t.at("rows")) {
            if (auto msg = field(row, "errMsg")) {
                run_case(tally, test, row.at("test").get<std::string>(), env, nullptr, nullptr, msg);
            } else {
                run_case(tally, test, row.at("test").get<std::string>(), env, field(row, "expected"), nullptr,
                         nullptr);
            }
        }
    }

    for (const auto& p : cases->at("literal_pairs")) {
        std::string test = p.at("test").get<std::string>();
        const json& values = p.at("values");
        // TestInterpolateWithDefaults reads FOO=BARZ from the process environment; TestInterpolateWithCast
        // casts `*.replicas` with Atoi.
        Env env = test == "TestInterpolateWithDefaults" ? Env{{"FOO", "BARZ"}} : mapping;
        auto cast = [&](const std::vector<std::string>& path) -> std::optional<load::CastType> {
            if (test == "TestInterpolateWithCast" && path.size() == 2 && path[1] == "replicas")
                return load::CastType::integer;
            return std::nullopt;
        };
        const json& input = values.contains("services") ? values.at("services") : values.at("config");
        json out;
        std::vector<std::string> path;
        bool ok = interpolate_doc(input, env, out, path, cast);
        if (p.at("expect_error").is_string()) {
            tally.check(!ok, test + ": expected an error");
        } else {
            tally.check(ok && out == values.at("expected"), test + ": got " + out.dump());
        }
    }
    tally.report();
}
