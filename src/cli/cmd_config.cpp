#include <fmt/format.h>

#include <algorithm>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "commands.hpp"
#include "stackctl/load/emit.hpp"
#include "stackctl/load/encode.hpp"
#include "stackctl/load/gotypes.hpp"
#include "stackctl/load/hash.hpp"
#include "stackctl/load/interpolate.hpp"
#include "stackctl/load/loader.hpp"
#include "stackctl/load/project_checks.hpp"
#include "stackctl/ui/output.hpp"

namespace stackctl::cli {

namespace {

struct ConfigOptions {
    std::string format = "yaml";
    bool services = false;
    bool volumes = false;
    bool profiles = false;
    bool images = false;
    bool variables = false;
    std::string hash;
    bool quiet = false;
    bool no_interpolate = false;
    bool no_normalize = false;
    bool no_path_resolution = false;
    bool no_consistency = false;
    std::string output;
    std::vector<std::string> service_args;
};

core::Status write_out(const ConfigOptions& opt, const std::string& text) {
    if (opt.quiet) return {};
    if (opt.output.empty()) {
        ui::out(text);
        return {};
    }
    std::ofstream f(opt.output, std::ios::binary | std::ios::trunc);
    if (!f) return core::Error(core::Errc::io, fmt::format("cannot write {}", opt.output));
    f << text;
    if (!f) return core::Error(core::Errc::io, fmt::format("cannot write {}", opt.output));
    return {};
}

std::string lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += i + "\n";
    return out;
}

// `config --variables`: every variable the raw files use, with required / default / alternate.
std::string variables_table(const load::Node& raw) {
    std::map<std::string, load::TemplateVariable> vars;
    auto walk = [&](auto&& self, const load::Node& n) -> void {
        if (n.is_string()) {
            for (auto& v : load::template_variables(n.text)) vars[v.name] = v;
        }
        for (const auto& i : n.items) self(self, i);
        for (const auto& e : n.entries) self(self, e.value);
    };
    walk(walk, raw);
    std::vector<std::vector<std::string>> rows{{"NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"}};
    for (const auto& [name, v] : vars) {
        if (name.empty()) continue;
        rows.push_back({name, v.required ? "true" : "false", v.default_value, v.alternate_value});
    }
    // The reference's tabwriter layout: every column but the last padded to max(20, widest cell + 3).
    std::vector<std::size_t> width(4, 20);
    for (const auto& r : rows)
        for (std::size_t i = 0; i + 1 < r.size(); ++i) width[i] = std::max(width[i], r[i].size() + 3);
    std::string out;
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            out += r[i];
            if (i + 1 < r.size()) out.append(width[i] - r[i].size(), ' ');
        }
        out += '\n';
    }
    return out;
}

// The raw model is printed with every mapping sorted, as the reference marshals its map form.
void sort_keys(load::Node& n, bool yaml_order) {
    for (auto& i : n.items) sort_keys(i, yaml_order);
    for (auto& e : n.entries) sort_keys(e.value, yaml_order);
    std::sort(n.entries.begin(), n.entries.end(), [yaml_order](const load::MapEntry& a, const load::MapEntry& b) {
        return yaml_order ? load::go::yaml_key_less(a.key, b.key) : a.key < b.key;
    });
}

core::Status run_config(Context& ctx, const ConfigOptions& opt) {
    if (opt.format != "yaml" && opt.format != "json") {
        return core::Error(core::Errc::usage, fmt::format("unsupported format \"{}\" (use yaml or json)", opt.format));
    }
    load::LoadOptions lo;
    auto project_options = ctx.project_options();
    if (!project_options) return std::move(project_options).error();
    lo.project = std::move(*project_options);
    lo.interpolate = !opt.no_interpolate && !opt.variables;
    lo.normalize = !opt.no_normalize;
    lo.resolve_paths = !opt.no_path_resolution;
    lo.consistency = !opt.no_consistency;
    lo.services = opt.service_args;
    const bool listing = opt.services || opt.volumes || opt.profiles || opt.images || !opt.hash.empty();
    // Listings ignore SERVICE arguments, as the reference does; hashes and images see the model without
    // the service environment resolved.
    if (listing) lo.services.clear();
    if (opt.images || !opt.hash.empty()) lo.resolve_service_env = false;
    if (opt.variables) {
        lo.normalize = false;
        lo.consistency = false;
    }

    auto project = load::load_project(lo, load::Environment::from_process());
    if (!project) return std::move(project).error();
    for (const auto& w : project->warnings) ui::warning(w);
    const load::Node& doc = project->document;

    if (opt.variables) return write_out(opt, variables_table(doc));
    if (opt.services) return write_out(opt, lines(load::services_in_dependency_order(doc)));
    if (opt.profiles) return write_out(opt, lines(project->all_profiles));
    if (opt.volumes) {
        std::vector<std::string> names;
        if (const load::Node* v = doc.find("volumes"); v != nullptr && v->is_map())
            for (const auto& e : v->entries) names.push_back(e.key);
        std::sort(names.begin(), names.end());
        return write_out(opt, lines(names));
    }
    const load::Node* services = doc.find("services");
    if (opt.images) {
        std::vector<std::string> out;
        if (services != nullptr) {
            std::map<std::string, std::string> images;
            for (const auto& e : services->entries) {
                const load::Node* img = e.value.find("image");
                images[e.key] = img != nullptr && img->is_string() ? img->text : project->name + "-" + e.key;
            }
            for (auto& [_, i] : images) out.push_back(i);
        }
        return write_out(opt, lines(out));
    }
    if (!opt.hash.empty()) {
        std::set<std::string> wanted;
        if (opt.hash != "*") {
            std::string_view rest = opt.hash;
            while (!rest.empty()) {
                auto comma = rest.find(',');
                wanted.emplace(rest.substr(0, comma));
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
        }
        auto encoded = load::encode_output(doc, {.format = load::OutputFormat::json});
        if (!encoded) return std::move(encoded).error();
        std::string out;
        if (const load::Node* es = encoded->find("services")) {
            for (const auto& e : es->entries) {
                if (!wanted.empty() && wanted.count(e.key) == 0) continue;
                out += e.key + " " + load::service_config_hash(e.value) + "\n";
            }
        }
        for (const auto& w : wanted) {
            if (services == nullptr || services->find(w) == nullptr) {
                return core::Error(core::Errc::not_found, fmt::format("no such service: {}", w));
            }
        }
        return write_out(opt, out);
    }

    if (!lo.interpolate) {
        // The raw model, as the reference prints it without interpolation: keys sorted, no `$` doubling.
        load::Node raw = doc;
        sort_keys(raw, opt.format != "json");
        std::string text = opt.format == "json" ? load::to_json(raw, load::JsonOptions{}) : load::to_yaml(raw);
        return write_out(opt, text);
    }
    const auto fmt_kind = opt.format == "json" ? load::OutputFormat::json : load::OutputFormat::yaml;
    auto encoded = load::encode_output(doc, {.format = fmt_kind});
    if (!encoded) return std::move(encoded).error();
    std::string text;
    if (opt.format == "json") {
        load::JsonOptions jo;
        jo.double_dollars = true;
        text = load::to_json(*encoded, jo);
    } else {
        load::YamlOptions yo;
        yo.double_dollars = true;
        text = load::to_yaml(*encoded, yo);
    }
    return write_out(opt, text);
}

}  // namespace

void add_config(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<ConfigOptions>();
    auto* cmd = app.add_subcommand("config", "Parse, resolve and print the compose model, as Docker Compose does");
    cmd->add_option("--format", opt->format, "Output format: yaml or json")->capture_default_str();
    cmd->add_flag("--services", opt->services, "Print the service names, one per line");
    cmd->add_flag("--volumes", opt->volumes, "Print the volume names, one per line");
    cmd->add_flag("--profiles", opt->profiles, "Print the profile names, one per line");
    cmd->add_flag("--images", opt->images, "Print the image names, one per line");
    cmd->add_flag("--variables", opt->variables, "Print the variables the model uses, with their defaults");
    cmd->add_option("--hash", opt->hash, "Print the config hash of the services: \"*\" or a comma-separated list");
    cmd->add_flag("-q,--quiet", opt->quiet, "Only validate the configuration, print nothing");
    cmd->add_flag("--no-interpolate", opt->no_interpolate, "Do not interpolate environment variables");
    cmd->add_flag("--no-normalize", opt->no_normalize, "Do not normalise the model");
    cmd->add_flag("--no-path-resolution", opt->no_path_resolution, "Do not make file paths absolute");
    cmd->add_flag("--no-consistency", opt->no_consistency, "Do not check the model's consistency");
    cmd->add_option("-o,--output", opt->output, "Write to this file instead of standard output");
    cmd->add_option("services", opt->service_args, "Services to print (with their dependencies)");
    cmd->callback([&ctx, opt] { ctx.action = [&ctx, opt] { return run_config(ctx, *opt); }; });
}

}  // namespace stackctl::cli
