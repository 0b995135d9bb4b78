// The model table against the conformance corpus: every input the reference accepts passes
// validate_schema, inputs it refuses with a schema error are refused, and every output the reference
// printed encodes back to itself (same values, same key order).

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "stackctl/load/encode.hpp"
#include "stackctl/load/schema.hpp"
#include "stackctl/load/yaml.hpp"

using namespace stackctl::load;
namespace fs = std::filesystem;

namespace {

const fs::path k_corpus = fs::path(STACKCTL_SHARED_DIR) / "conformance";

std::vector<nlohmann::json> manifest() {
    std::vector<nlohmann::json> out;
    std::ifstream in(k_corpus / "_reference" / "manifest.jsonl");
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

// Values equal as JSON values (numbers by value); with `ordered`, map keys also in the same order.
bool same_json(const Node& a, const Node& b, bool ordered, std::string& where, const std::string& path = "") {
    if (a.is_number() && b.is_number()) {
        const double x = a.kind == Kind::integer ? static_cast<double>(a.int_value) : a.float_value;
        const double y = b.kind == Kind::integer ? static_cast<double>(b.int_value) : b.float_value;
        if (x == y) return true;
        where = path + ": " + a.text + " vs " + b.text;
        return false;
    }
    if (a.kind != b.kind) {
        where = path + ": " + kind_name(a.kind) + " vs " + kind_name(b.kind);
        return false;
    }
    switch (a.kind) {
        case Kind::seq:
            if (a.items.size() != b.items.size()) {
                where = path + ": list sizes differ";
                return false;
            }
            for (std::size_t i = 0; i < a.items.size(); ++i)
                if (!same_json(a.items[i], b.items[i], ordered, where, path + "[" + std::to_string(i) + "]"))
                    return false;
            return true;
        case Kind::map:
            if (a.entries.size() != b.entries.size()) {
                std::string ka, kb;
                for (auto& e : a.entries) ka += e.key + ",";
                for (auto& e : b.entries) kb += e.key + ",";
                where = path + ": keys {" + ka + "} vs {" + kb + "}";
                return false;
            }
            for (std::size_t i = 0; i < a.entries.size(); ++i) {
                const MapEntry& e = a.entries[i];
                if (ordered && b.entries[i].key != e.key) {
                    where = path + ": key order: " + e.key + " vs " + b.entries[i].key;
                    return false;
                }
                const Node* other = b.find(e.key);
                if (other == nullptr) {
                    where = path + ": missing " + e.key;
                    return false;
                }
                if (!same_json(e.value, *other, ordered, where, path + "." + e.key)) return false;
            }
            return true;
        default:
            if (a.text == b.text) return true;
            where = path + ": " + a.text + " vs " + b.text;
            return false;
    }
}

bool schema_style(const std::string& stderr_text) {
    for (const char* marker :
         {"Additional property", "must be a", "Invalid type", "does not match", "is required",
          "must be one of", "Must be greater", "Must be less", "must be unique", "must be a integer"})
        if (stderr_text.find(marker) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("the schema accepts what the reference accepts and refuses its schema errors",
          "[load][spec][corpus]") {
    if (!fs::exists(k_corpus / "_reference" / "manifest.jsonl")) {
        WARN("conformance corpus not found at " << k_corpus << ": skipped");
        return;
    }
    int accepted_ok = 0, accepted_bad = 0, refused_ok = 0, refused_missed = 0, unreadable = 0;
    std::string failures;
    for (const auto& rec : manifest()) {
        const fs::path cwd = k_corpus / rec["cwd"].get<std::string>();
        const bool valid = rec["rc"].get<int>() == 0;
        const bool schema_refusal = !valid && schema_style(rec["stderr"].get<std::string>());
        if (!valid && !schema_refusal) continue;
        bool any_error = false;
        bool read_all = true;
        std::string messages;
        for (const auto& f : rec["files"]) {
            auto docs = parse_yaml_file((cwd / f.get<std::string>()).string());
            if (!docs) {
                read_all = false;
                continue;
            }
            for (const Node& doc : *docs) {
                auto st = validate_schema(doc, SchemaOptions{.allow_unresolved = true});
                if (st.ok()) continue;
                any_error = true;
                messages += "    " + st.error().headline() + "\n";
                for (const auto& more : st.error().more) messages += "    " + more.headline() + "\n";
            }
        }
        if (!read_all && !any_error) {
            ++unreadable;
            continue;
        }
        if (valid) {
            if (!any_error) {
                ++accepted_ok;
            } else {
                ++accepted_bad;
                failures += "  accepted by the reference, refused here: " + rec["id"].get<std::string>() +
                            "\n" + messages;
            }
        } else if (any_error) {
            ++refused_ok;
        } else {
            ++refused_missed;
            failures += "  refused by the reference (" + rec["stderr"].get<std::string>().substr(0, 160) +
                        "), accepted here: " + rec["id"].get<std::string>() + "\n";
        }
    }
    WARN("schema on the corpus: valid inputs accepted "
         << accepted_ok << ", valid inputs refused " << accepted_bad << "; schema refusals refused "
         << refused_ok << ", missed " << refused_missed << "; unreadable " << unreadable << "\n"
         << failures);
    CHECK(accepted_bad == 0);
    CHECK(refused_missed == 0);
}

TEST_CASE("the reference's own JSON output encodes back to itself", "[load][spec][corpus]") {
    if (!fs::exists(k_corpus / "_reference" / "manifest.jsonl")) {
        WARN("conformance corpus not found at " << k_corpus << ": skipped");
        return;
    }
    int same = 0, differ = 0, failed = 0;
    std::string failures;
    for (const auto& rec : manifest()) {
        if (rec["rc"].get<int>() != 0 || !rec.contains("output") || rec["output"].is_null()) continue;
        const fs::path out = k_corpus / rec["output"].get<std::string>();
        auto docs = parse_yaml_file(out.string());
        REQUIRE(docs.ok());
        REQUIRE(docs->size() == 1);
        const Node& reference = docs->front();
        auto encoded = encode_output(reference);
        if (!encoded) {
            ++failed;
            failures += "  " + rec["id"].get<std::string>() + ": " + encoded.error().headline() + "\n";
            continue;
        }
        std::string where;
        if (same_json(*encoded, reference, true, where)) {
            ++same;
        } else {
            ++differ;
            failures += "  " + rec["id"].get<std::string>() + ": " + where + "\n";
        }
    }
    WARN("encode_output on the reference's outputs: identical " << same << ", different " << differ
                                                                << ", refused " << failed << "\n"
                                                                << failures);
    CHECK(differ == 0);
    CHECK(failed == 0);
}
