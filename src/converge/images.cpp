#include "stackctl/converge/images.hpp"

#include <fmt/format.h>

#include <set>

#include "stackctl/converge/build.hpp"

namespace stackctl::converge {

core::Status ensure_images(engine::Client& client, const DesiredState& d, const load::Node& document,
                           const std::vector<std::string>& services, const ImageOptions& opts,
                           const ProgressSink& progress) {
    const load::Node* service_nodes = document.find("services");
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
            const load::Node* node = service_nodes == nullptr ? nullptr : service_nodes->find(name);
            if (node == nullptr) return core::Error(core::Errc::internal, fmt::format("no such service: {}", name));
            BuildSettings settings;
            settings.cancel = opts.cancel;
            settings.lookup_env = opts.lookup_env;
            auto built = build_service(client, d.project.name, name, *node, settings, progress);
            if (!built) return std::move(built).error();
            present.insert(s->image);
            continue;
        }
        report(progress, step_event("Image", s->image, "Pulling"));
        engine::PullOptions po;
        po.cancel = opts.cancel;
        po.platform = s->config.value("platform", std::string());
        auto p = client.pull_image(s->image, po, {});
        if (!p) {
            report(progress, step_event("Image", s->image, "Error", p.error().message));
            return core::Error(p.error().code == core::Errc::interrupted ? core::Errc::interrupted : core::Errc::not_found,
                               fmt::format("service {}: image {} is not present and could not be pulled: {}", name, s->image,
                                           p.error().message));
        }
        report(progress, step_event("Image", s->image, "Pulled"));
        present.insert(s->image);
    }
    return {};
}

}  // namespace stackctl::converge
