#include "stackctl/converge/project_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <map>
#include <string_view>

#include "stackctl/converge/labels.hpp"

namespace stackctl::converge {

namespace {

std::string label(const engine::Labels& l, std::string_view key) {
    auto it = l.find(std::string(key));
    return it == l.end() ? std::string() : it->second;
}

ContainerState from_summary(const engine::ContainerSummary& s) {
    ContainerState c;
    c.service = label(s.labels, labels::kService);
    std::string num = label(s.labels, labels::kContainerNumber);
    try {
        c.number = num.empty() ? 0 : std::stoi(num);
    } catch (...) {
        c.number = 0;
    }
    std::string oneoff = label(s.labels, labels::kOneoff);
    c.oneoff = oneoff == "True" || oneoff == "true";
    c.name = s.name();
    c.id = s.id;
    c.image = s.image;
    c.command = s.command;
    c.state = s.state;
    c.status = s.status;
    c.created = s.created;
    c.labels = s.labels;
    if (const auto& p = s.raw.find("Ports"); p != s.raw.end() && p->is_array()) {
        for (const auto& e : *p) {
            PortBinding b;
            b.ip = e.value("IP", std::string());
            b.private_port = e.value("PrivatePort", 0);
            b.public_port = e.value("PublicPort", 0);
            b.protocol = e.value("Type", std::string("tcp"));
            c.ports.push_back(std::move(b));
        }
    }
    if (const auto& ns = s.raw.find("NetworkSettings"); ns != s.raw.end() && ns->is_object()) {
        if (const auto& nets = ns->find("Networks"); nets != ns->end() && nets->is_object()) {
            for (const auto& [k, _] : nets->items()) c.networks.push_back(k);
        }
    }
    if (const auto& ms = s.raw.find("Mounts"); ms != s.raw.end() && ms->is_array()) {
        for (const auto& m : *ms) {
            std::string name = m.value("Name", std::string());
            c.mounts.push_back(name.empty() ? m.value("Source", std::string()) : name);
            if (m.value("Driver", std::string()) == "local") ++c.local_volumes;
        }
    }
    // Health from the engine's status text, refined by inspect when asked.
    if (c.status.find("(healthy)") != std::string::npos)
        c.health = "healthy";
    else if (c.status.find("(unhealthy)") != std::string::npos)
        c.health = "unhealthy";
    else if (c.status.find("(health: starting)") != std::string::npos)
        c.health = "starting";
    return c;
}

}  // namespace

core::Result<std::vector<ContainerState>> list_project_containers(engine::Client& client,
                                                                  const StateQuery& q) {
    engine::ContainerListOptions lo;
    lo.all = q.all;
    lo.filters["label"].push_back(fmt::format("{}={}", labels::kProject, q.project));
    if (!q.oneoff) lo.filters["label"].push_back(fmt::format("{}=False", labels::kOneoff));
    auto list = client.list_containers(lo);
    if (!list) return std::move(list).error();

    std::vector<ContainerState> out;
    for (const auto& s : *list) {
        ContainerState c = from_summary(s);
        if (!q.services.empty() &&
            std::find(q.services.begin(), q.services.end(), c.service) == q.services.end()) {
            continue;
        }
        out.push_back(std::move(c));
    }
    if (q.inspect) {
        std::vector<std::future<core::Result<engine::ContainerInfo>>> jobs;
        jobs.reserve(out.size());
        for (const auto& c : out) {
            jobs.push_back(std::async(std::launch::async,
                                      [&client, id = c.id] { return client.inspect_container(id); }));
        }
        std::vector<ContainerState> kept;
        for (size_t i = 0; i < out.size(); ++i) {
            auto info = jobs[i].get();
            if (!info) {
                if (info.error().code == core::Errc::not_found) continue;
                return std::move(info).error();
            }
            ContainerState& c = out[i];
            c.health = info->state.health;
            c.exit_code = info->state.exit_code;
            c.started_at = info->state.started_at;
            c.finished_at = info->state.finished_at;
            c.tty = info->tty;
            kept.push_back(std::move(c));
        }
        out = std::move(kept);
    }
    std::sort(out.begin(), out.end(),
              [](const ContainerState& a, const ContainerState& b) { return a.name < b.name; });
    return out;
}

std::string display_name(const ContainerState& c) {
    if (c.service.empty()) return c.name;
    return fmt::format("{}-{}", c.service, c.number);
}

std::string format_ports(std::vector<PortBinding> ports) {
    std::sort(ports.begin(), ports.end(), [](const PortBinding& a, const PortBinding& b) {
        if (a.private_port != b.private_port) return a.private_port < b.private_port;
        if (a.ip != b.ip) return a.ip < b.ip;
        if (a.public_port != b.public_port) return a.public_port < b.public_port;
        return a.protocol < b.protocol;
    });
    struct Group {
        int first;
        int last;
    };
    std::map<std::string, Group> groups;
    std::vector<std::string> order;
    std::vector<std::string> result;
    std::vector<std::string> mappings;
    auto form = [](const std::string& key, const Group& g) {
        auto slash = key.find('/');
        std::string ip = slash == std::string::npos ? std::string() : key.substr(0, slash);
        std::string proto = slash == std::string::npos ? key : key.substr(slash + 1);
        std::string range = std::to_string(g.first);
        if (g.first != g.last) range += "-" + std::to_string(g.last);
        if (!ip.empty()) range = fmt::format("{}:{}->{}", ip, range, range);
        return range + "/" + proto;
    };
    auto host_port = [](const std::string& ip, int port) {
        return ip.find(':') != std::string::npos ? fmt::format("[{}]:{}", ip, port)
                                                 : fmt::format("{}:{}", ip, port);
    };
    for (const auto& p : ports) {
        std::string key = p.protocol;
        if (!p.ip.empty()) {
            if (p.public_port != p.private_port) {
                mappings.push_back(
                    fmt::format("{}->{}/{}", host_port(p.ip, p.public_port), p.private_port, p.protocol));
                continue;
            }
            key = p.ip + "/" + p.protocol;
        }
        auto it = groups.find(key);
        if (it == groups.end()) {
            groups.emplace(key, Group{p.private_port, p.private_port});
            order.push_back(key);
            continue;
        }
        if (p.private_port == it->second.last + 1) {
            it->second.last = p.private_port;
            continue;
        }
        result.push_back(form(key, it->second));
        it->second = Group{p.private_port, p.private_port};
    }
    for (const auto& k : order) result.push_back(form(k, groups.at(k)));
    for (auto& m : mappings) result.push_back(std::move(m));
    std::string text;
    for (size_t i = 0; i < result.size(); ++i) {
        if (i) text += ", ";
        text += result[i];
    }
    return text;
}

}  // namespace stackctl::converge
