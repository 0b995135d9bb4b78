#include "stackctl/converge/build.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "stackctl/engine/build_context.hpp"

namespace stackctl::converge {

namespace {

std::string text_of(const load::Node* n) {
    return n != nullptr && n->is_scalar() && !n->is_null() ? n->text : "";
}

bool flag_of(const load::Node* n) {
    return n != nullptr && n->as_bool();
}

// "sha256:abcdef..." for display: the short id the docker CLI shows.
std::string short_id(const std::string& id) {
    std::string s = id.rfind("sha256:", 0) == 0 ? id.substr(7) : id;
    return s.substr(0, 12);
}

}  // namespace

bool has_build(const load::Node& service) {
    const load::Node* b = service.find("build");
    return b != nullptr && !b->is_null();
}

std::string service_image_name(const std::string& project, const std::string& service_name,
                               const load::Node& service) {
    std::string image = text_of(service.find("image"));
    if (!image.empty()) return image;
    return project + "-" + service_name;
}

core::Result<std::string> build_service(engine::Client& client, const std::string& project,
                                        const std::string& service_name, const load::Node& service,
                                        const BuildSettings& settings, const ProgressSink& sink) {
    const load::Node* b = service.find("build");
    const std::string task = "Service " + service_name;
    if (b == nullptr || !b->is_map()) {
        return core::Error(core::Errc::validate,
                           fmt::format("service \"{}\" has no build section", service_name));
    }
    std::string context = text_of(b->find("context"));
    if (context.empty()) context = ".";
    if (context.find("://") != std::string::npos || context.rfind("git@", 0) == 0) {
        return core::Error(core::Errc::usage,
                           fmt::format("service \"{}\": remote build contexts ({}) are not supported",
                                       service_name, context));
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(context, ec)) {
        return core::Error(core::Errc::io, fmt::format("service \"{}\": build context {} is not a directory",
                                                       service_name, context));
    }

    engine::BuildOptions bo;
    engine::BuildContextOptions co;
    const std::string inline_df = text_of(b->find("dockerfile_inline"));
    std::string dockerfile = text_of(b->find("dockerfile"));
    if (!inline_df.empty()) {
        const std::string name = ".stackctl.inline.Dockerfile";
        co.dockerfile = name;
        co.extra_files.push_back({name, inline_df});
        bo.dockerfile = name;
    } else {
        if (dockerfile.empty()) dockerfile = "Dockerfile";
        std::filesystem::path df(dockerfile);
        if (df.is_relative()) df = std::filesystem::path(context) / df;
        auto rel = std::filesystem::relative(df, context, ec);
        const bool inside = !ec && !rel.empty() && rel.native().rfind("..", 0) != 0;
        if (inside) {
            co.dockerfile = rel.generic_string();
            bo.dockerfile = rel.generic_string();
        } else {
            // A Dockerfile outside the context is sent inside it under a name of its own, as the CLI does.
            std::FILE* f = std::fopen(df.c_str(), "rb");
            if (f == nullptr) {
                return core::Error(core::Errc::io, fmt::format("service \"{}\": cannot read Dockerfile {}",
                                                               service_name, df.string()));
            }
            std::string content;
            char buf[65536];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) content.append(buf, n);
            std::fclose(f);
            const std::string name = ".stackctl.external.Dockerfile";
            co.dockerfile = name;
            co.extra_files.push_back({name, std::move(content)});
            bo.dockerfile = name;
        }
    }

    if (const load::Node* args = b->find("args"); args != nullptr && args->is_map()) {
        for (const auto& e : args->entries) {
            if (e.value.is_null()) {
                if (settings.lookup_env) {
                    if (auto v = settings.lookup_env(e.key)) bo.build_args[e.key] = *v;
                }
            } else {
                bo.build_args[e.key] = e.value.text;
            }
        }
    }
    for (const auto& [k, v] : settings.args) bo.build_args[k] = v;
    bo.target = text_of(b->find("target"));
    if (const load::Node* l = b->find("labels"); l != nullptr && l->is_map()) {
        for (const auto& e : l->entries) bo.labels[e.key] = e.value.is_null() ? "" : e.value.text;
    }
    bo.network_mode = text_of(b->find("network"));
    bo.no_cache = settings.no_cache || flag_of(b->find("no_cache"));
    bo.pull = settings.pull || flag_of(b->find("pull"));
    if (const load::Node* h = b->find("extra_hosts")) {
        auto add_host = [&](std::string entry) {
            // The model writes "host=ip"; the engine wants "host:ip".
            if (auto eq = entry.find('='); eq != std::string::npos) entry[eq] = ':';
            bo.extra_hosts.push_back(std::move(entry));
        };
        if (h->is_seq()) {
            for (const auto& i : h->items) add_host(i.text);
        } else if (h->is_map()) {
            for (const auto& e : h->entries) {
                if (e.value.is_seq()) {
                    for (const auto& ip : e.value.items) add_host(e.key + "=" + ip.text);
                } else {
                    add_host(e.key + "=" + e.value.text);
                }
            }
        }
    }
    if (const load::Node* cf = b->find("cache_from"); cf != nullptr && cf->is_seq()) {
        for (const auto& i : cf->items) bo.cache_from.push_back(i.text);
    }
    if (const load::Node* shm = b->find("shm_size"); shm != nullptr && !shm->is_null()) {
        try {
            bo.shm_size = std::stoll(shm->text);
        } catch (...) {
            bo.shm_size = 0;
        }
    }
    bo.tags.push_back(service_image_name(project, service_name, service));
    if (const load::Node* tags = b->find("tags"); tags != nullptr && tags->is_seq()) {
        for (const auto& i : tags->items) bo.tags.push_back(i.text);
    }
    // Intermediate containers are removed even when a step fails, so a failed build leaves nothing behind.
    bo.force_remove_intermediate = true;
    bo.cancel = settings.cancel;

    report(sink, {.id = task, .status = ProgressStatus::working, .text = "Building"});
    auto body = engine::build_context_body(context, co);
    int step = 0;
    auto progress = [&](const engine::JsonMessage& m) {
        if (settings.quiet || !sink) return true;
        std::string_view text = m.stream;
        while (!text.empty()) {
            auto nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            if (!line.empty()) {
                if (line.rfind("Step ", 0) == 0) ++step;
                sink({.id = task,
                      .parent = task,
                      .status = ProgressStatus::working,
                      .text = "output",
                      .detail = std::string(line),
                      .current = step,
                      .output = true});
            }
            if (nl == std::string_view::npos) break;
            text.remove_prefix(nl + 1);
        }
        if (!m.status.empty() && m.stream.empty()) {
            sink({.id = task,
                  .parent = task,
                  .status = ProgressStatus::working,
                  .text = "output",
                  .detail = m.status + (m.progress.empty() ? "" : " " + m.progress),
                  .output = true});
        }
        return true;
    };
    auto result = client.build_image(bo, std::move(body), progress);
    if (!result) {
        core::Error err = std::move(result).error();
        report(sink, {.id = task, .status = ProgressStatus::error, .text = "Error", .detail = err.message});
        err.message = fmt::format("failed to build service \"{}\": {}", service_name, err.message);
        return err;
    }
    report(sink, {.id = task,
                .status = ProgressStatus::done,
                .text = "Built",
                .detail = short_id(result->image_id)});
    return result->image_id;
}

}  // namespace stackctl::converge
