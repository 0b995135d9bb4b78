#include "stackctl/converge/images.hpp"

#include <fmt/format.h>

#include <set>

#include "stackctl/converge/build.hpp"

namespace stackctl::converge {

ImageAction image_action(std::string_view policy, bool has_build, bool explicit_image, bool present) {
    if (policy == "build" && has_build) return ImageAction::build;
    if (policy == "always") return has_build ? ImageAction::pull_then_build : ImageAction::pull;
    if (present) return ImageAction::use;
    // "never" and "build" never ask a registry (the reference neither pulls nor builds for `build` without
    // a build section)
    const bool may_pull = policy != "never" && policy != "build";
    if (has_build) return explicit_image && may_pull ? ImageAction::pull_then_build : ImageAction::build;
    return may_pull ? ImageAction::pull : ImageAction::missing;
}

bool valid_pull_policy(std::string_view policy) {
    return policy == "always" || policy == "missing" || policy == "never" || policy == "build" ||
           policy == "if_not_present";
}

core::Status ensure_images(engine::Client& client, const DesiredState& d, const load::Node& document,
                           const std::vector<std::string>& services, const ImageOptions& opts,
                           const ProgressSink& progress, std::map<std::string, std::string>& image_ids) {
    const load::Node* service_nodes = document.find("services");
    std::set<std::string> done;  // each image is pulled or built once, whatever the number of services using it
    // A new image's id, for the com.docker.compose.image label of the containers made from it.
    auto record = [&](const std::string& ref) -> core::Status {
        auto img = client.inspect_image(ref);
        if (!img) return std::move(img).error();
        if (img->has_value()) image_ids[ref] = (*img)->id;
        return {};
    };
    auto pull = [&](const ServiceSpec& s) -> core::Status {
        const std::string task = "Image " + s.image;
        report(progress, step_event("Image", s.image, "Pulling"));
        engine::PullOptions po;
        po.cancel = opts.cancel;
        po.platform = s.config.value("platform", std::string());
        engine::ProgressFn layers;
        if (!opts.quiet_pull) {
            layers = [&](const engine::JsonMessage& m) {
                if (m.id.empty() || m.status.empty()) return true;
                ProgressEvent ev;
                ev.id = "Layer " + m.id;
                ev.parent = task;
                ev.text = m.status;
                ev.detail = m.progress;
                ev.current = m.current;
                ev.total = m.total;
                report(progress, ev);
                return true;
            };
        }
        return client.pull_image(s.image, po, layers);
    };
    for (const auto& name : services) {
        const ServiceSpec* s = d.service(name);
        if (s == nullptr || done.count(s->image) != 0) continue;
        std::string policy = opts.pull.empty() ? s->config.value("pull_policy", std::string()) : opts.pull;
        if (opts.build && s->has_build) policy = "build";
        const bool present = image_ids.count(s->image) != 0;
        const ImageAction action = image_action(policy, s->has_build, s->config.contains("image"), present);
        if (action == ImageAction::use) continue;
        if (action == ImageAction::missing) {
            return core::Error(core::Errc::not_found,
                               fmt::format("service {}: image {} is not present and pull policy \"{}\" does not pull it",
                                           name, s->image, policy));
        }
        done.insert(s->image);
        if (action == ImageAction::pull || action == ImageAction::pull_then_build) {
            auto p = pull(*s);
            if (p) {
                report(progress, step_event("Image", s->image, "Pulled"));
                STACKCTL_TRY(record(s->image));
                continue;
            }
            const bool interrupted = p.error().code == core::Errc::interrupted;
            if (action == ImageAction::pull || interrupted) {
                report(progress, step_event("Image", s->image, "Error", p.error().message));
                return core::Error(interrupted ? core::Errc::interrupted : core::Errc::not_found,
                                   fmt::format("service {}: image {} could not be pulled: {}", name, s->image,
                                               p.error().message));
            }
            // the service builds its image when the registry does not have it
            report(progress, step_event("Image", s->image, "Warning", p.error().message));
        }
        if (opts.no_build) {
            return core::Error(core::Errc::not_found,
                               fmt::format("service {}: image {} is missing and --no-build forbids building it", name, s->image));
        }
        const load::Node* node = service_nodes == nullptr ? nullptr : service_nodes->find(name);
        if (node == nullptr) return core::Error(core::Errc::internal, fmt::format("no such service: {}", name));
        BuildSettings settings;
        settings.cancel = opts.cancel;
        settings.lookup_env = opts.lookup_env;
        auto made = build_service(client, d.project.name, name, *node, settings, progress);
        if (!made) return std::move(made).error();
        STACKCTL_TRY(record(s->image));
    }
    return {};
}

}  // namespace stackctl::converge
