#include "stackctl/converge/images.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "stackctl/engine/build_context.hpp"

namespace stackctl::converge {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string scalar(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

core::Status build(engine::Client& client, const ServiceSpec& s, const ImageOptions& opts, ProgressSink& progress) {
    const json& b = s.config["build"];
    std::string context = b.value("context", std::string("."));
    engine::BuildContextOptions ctx;
    engine::BuildOptions bo;
    bo.tags.push_back(s.image);
    std::string dockerfile = b.value("dockerfile", std::string("Dockerfile"));
    if (b.contains("dockerfile_inline") && b["dockerfile_inline"].is_string()) {
        dockerfile = ".stackctl-inline.Dockerfile";
        ctx.extra_files.push_back({dockerfile, b["dockerfile_inline"].get<std::string>()});
    } else {
        fs::path df(dockerfile);
        if (df.is_absolute()) {
            auto rel = df.lexically_relative(fs::path(context));
            if (!rel.empty() && rel.native().rfind("..", 0) != 0) {
                dockerfile = rel.string();
            } else {
                std::ifstream in(df, std::ios::binary);
                if (!in) return core::Error(core::Errc::io, fmt::format("cannot read Dockerfile {}", df.string()));
                std::stringstream ss;
                ss << in.rdbuf();
                dockerfile = ".stackctl-external.Dockerfile";
                ctx.extra_files.push_back({dockerfile, ss.str()});
            }
        }
    }
    ctx.dockerfile = dockerfile;
    bo.dockerfile = dockerfile;
    if (b.contains("args") && b["args"].is_object())
        for (const auto& [k, v] : b["args"].items())
            if (!v.is_null()) bo.build_args[k] = scalar(v);
    bo.target = b.value("target", std::string());
    if (b.contains("labels") && b["labels"].is_object())
        for (const auto& [k, v] : b["labels"].items()) bo.labels[k] = scalar(v);
    bo.network_mode = b.value("network", std::string());
    bo.no_cache = b.value("no_cache", false);
    bo.pull = b.value("pull", false);
    if (b.contains("extra_hosts") && b["extra_hosts"].is_array())
        for (const auto& h : b["extra_hosts"]) {
            std::string e = scalar(h);
            if (auto eq = e.find('='); eq != std::string::npos) e[eq] = ':';
            bo.extra_hosts.push_back(e);
        }
    if (b.contains("shm_size")) {
        try {
            bo.shm_size = std::stoll(scalar(b["shm_size"]));
        } catch (...) {
        }
    }
    bo.platform = s.config.value("platform", std::string());
    bo.cancel = opts.cancel;
    progress.emit({"Image", s.image, "Building"});
    std::string last_error;
    auto r = client.build_image(bo, engine::build_context_body(context, ctx), [&](const engine::JsonMessage& m) {
        if (!m.error.empty()) last_error = m.error;
        return true;
    });
    if (!r) {
        progress.emit({"Image", s.image, "Error", r.error().message, true});
        core::Error e = std::move(r).error();
        e.message = fmt::format("building service {}: {}", s.name, e.message);
        return e;
    }
    progress.emit({"Image", s.image, "Built"});
    return {};
}

}  // namespace

core::Status ensure_images(engine::Client& client, const DesiredState& d, const std::vector<std::string>& services,
                           const ImageOptions& opts, ProgressSink& progress) {
    std::set<std::string> present;
    for (const auto& name : services) {
        const ServiceSpec* s = d.service(name);
        if (s == nullptr) continue;
        bool forced = opts.build && s->has_build;
        if (!forced && present.count(s->image) != 0) continue;
        if (!forced) {
            auto img = client.inspect_image(s->image);
            if (!img) return std::move(img).error();
            if (img->has_value()) {
                present.insert(s->image);
                continue;
            }
        }
        if (s->has_build) {
            if (opts.no_build)
                return core::Error(core::Errc::not_found,
                                   fmt::format("service {}: image {} is missing and --no-build forbids building it", name, s->image));
            STACKCTL_TRY(build(client, *s, opts, progress));
            present.insert(s->image);
            continue;
        }
        progress.emit({"Image", s->image, "Pulling"});
        engine::PullOptions po;
        po.cancel = opts.cancel;
        po.platform = s->config.value("platform", std::string());
        auto p = client.pull_image(s->image, po, {});
        if (!p) {
            progress.emit({"Image", s->image, "Error", p.error().message, true});
            return core::Error(p.error().code == core::Errc::interrupted ? core::Errc::interrupted : core::Errc::not_found,
                               fmt::format("service {}: image {} is not present and could not be pulled: {}", name, s->image,
                                           p.error().message));
        }
        progress.emit({"Image", s->image, "Pulled"});
        present.insert(s->image);
    }
    return {};
}

}  // namespace stackctl::converge
