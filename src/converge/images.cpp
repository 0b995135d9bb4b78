#include "stackctl/converge/images.hpp"

#include <fmt/format.h>

#include <set>

#include "stackctl/converge/build.hpp"

namespace stackctl::converge {

core::Status ensure_images(engine::Client& client, const DesiredState& d, const load::Node& document,
                           const std::vector<std::string>& services, const ImageOptions& opts,
                           const ProgressSink& progress, std::map<std::string, std::string>& image_ids) {
    const load::Node* service_nodes = document.find("services");
    std::set<std::string> built;  // forced builds happen once per image
    // A new image's id, for the com.docker.compose.image label of the containers made from it.
    auto record = [&](const std::string& ref) -> core::Status {
        auto img = client.inspect_image(ref);
        if (!img) return std::move(img).error();
        if (img->has_value()) image_ids[ref] = (*img)->id;
        return {};
    };
    for (const auto& name : services) {
        const ServiceSpec* s = d.service(name);
        if (s == nullptr) continue;
        bool forced = opts.build && s->has_build;
        if (forced ? built.count(s->image) != 0 : image_ids.count(s->image) != 0) continue;
        if (s->has_build) {
            if (opts.no_build)
                return core::Error(core::Errc::not_found,
                                   fmt::format("service {}: image {} is missing and --no-build forbids building it", name, s->image));
            const load::Node* node = service_nodes == nullptr ? nullptr : service_nodes->find(name);
            if (node == nullptr) return core::Error(core::Errc::internal, fmt::format("no such service: {}", name));
            BuildSettings settings;
            settings.cancel = opts.cancel;
            settings.lookup_env = opts.lookup_env;
            auto made = build_service(client, d.project.name, name, *node, settings, progress);
            if (!made) return std::move(made).error();
            built.insert(s->image);
            STACKCTL_TRY(record(s->image));
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
        STACKCTL_TRY(record(s->image));
    }
    return {};
}

}  // namespace stackctl::converge
