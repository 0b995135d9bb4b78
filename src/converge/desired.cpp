#include "stackctl/converge/desired.hpp"

#include "stackctl/load/emit.hpp"
#include "stackctl/load/encode.hpp"
#include "stackctl/load/hash.hpp"

namespace stackctl::converge {

const ServiceSpec* DesiredState::service(const std::string& name) const {
    for (const auto& s : services)
        if (s.name == name) return &s;
    return nullptr;
}

namespace {

std::string resource_name(const nlohmann::json& table, const std::string& project, const std::string& key) {
    auto it = table.find(key);
    if (it != table.end() && it->is_object()) {
        auto n = it->find("name");
        if (n != it->end() && n->is_string()) return n->get<std::string>();
        auto ext = it->find("external");
        if (ext != it->end() && ext->is_boolean() && ext->get<bool>()) return key;
    }
    return project + "_" + key;
}

}  // namespace

std::string DesiredState::network_name(const std::string& key) const {
    return resource_name(networks, project.name, key);
}
std::string DesiredState::volume_name(const std::string& key) const {
    return resource_name(volumes, project.name, key);
}

graph::Graph service_graph(const nlohmann::json& services) {
    graph::Graph g;
    for (const auto& [name, svc] : services.items()) {
        g.add_node(name);
        auto deps = svc.find("depends_on");
        if (deps == svc.end() || !deps->is_object()) continue;
        for (const auto& [dep, d] : deps->items()) {
            graph::Edge e;
            e.to = dep;
            e.condition = graph::parse_condition(d.value("condition", "service_started"));
            e.required = d.value("required", true);
            e.restart = d.value("restart", false);
            g.add_edge(name, e);
        }
    }
    return g;
}

core::Result<DesiredState> desired_state(ProjectInfo info, const load::Node& document) {
    auto encoded = load::encode_output(document, {.format = load::OutputFormat::json});
    if (!encoded) return std::move(encoded).error();
    DesiredState d;
    d.project = std::move(info);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(load::to_json(*encoded, 0));
    } catch (const nlohmann::json::exception& e) {
        return core::Error(core::Errc::internal, std::string("encoded project is not JSON: ") + e.what());
    }
    auto table = [&](const char* key) {
        auto it = doc.find(key);
        return it != doc.end() && it->is_object() ? *it : nlohmann::json::object();
    };
    d.networks = table("networks");
    d.volumes = table("volumes");
    d.secrets = table("secrets");
    d.configs = table("configs");
    nlohmann::json services = table("services");
    d.graph = service_graph(services);
    STACKCTL_TRY(d.graph.check_acyclic());
    const load::Node* enc_services = encoded->find("services");
    for (const auto& name : d.graph.order()) {
        ServiceSpec s;
        s.name = name;
        s.config = services[name];
        if (enc_services != nullptr)
            if (const load::Node* n = enc_services->find(name)) s.hash = load::service_config_hash(*n);
        s.has_build = s.config.contains("build");
        s.image = s.config.value("image", d.project.name + "-" + name);
        if (auto sc = s.config.find("scale"); sc != s.config.end() && sc->is_number_integer()) s.replicas = sc->get<int>();
        if (auto dep = s.config.find("deploy"); dep != s.config.end() && dep->is_object()) {
            if (auto r = dep->find("replicas"); r != dep->end() && r->is_number_integer()) s.replicas = r->get<int>();
        }
        d.services.push_back(std::move(s));
    }
    return d;
}

}  // namespace stackctl::converge
