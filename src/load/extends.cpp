#include "stackctl/load/extends.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "load/merge_internal.hpp"
#include "stackctl/core/utf8.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

namespace {

enum class State : std::uint8_t { unvisited, active, done, failed };

/// The services of one file: the document being resolved (changed in place), or another file reached
/// through `extends.file` (read only; its resolved services are kept aside).
struct Scope {
    std::string file;
    std::string dir;  ///< where a relative extends.file of these services resolves
    bool main = false;
    Node* doc_services = nullptr;         ///< main scope
    const Node* file_services = nullptr;  ///< other files; null when the file has no usable services
    bool has_services_key = false;
    std::unordered_map<std::string_view, std::size_t> index;
    std::vector<State> state;
    std::unordered_map<std::size_t, Node> resolved;  ///< other files: services with extends, resolved

    [[nodiscard]] const std::vector<MapEntry>& entries() const {
        return main ? doc_services->entries : file_services->entries;
    }
    void build_index() {
        const auto& e = entries();
        index.reserve(e.size());
        for (std::size_t i = 0; i < e.size(); ++i) index.emplace(e[i].key, i);
        state.assign(e.size(), State::unvisited);
    }
    [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const {
        auto it = index.find(name);
        if (it == index.end()) return std::nullopt;
        return it->second;
    }
    [[nodiscard]] const Node* result(std::size_t i) const {
        if (!main) {
            auto it = resolved.find(i);
            if (it != resolved.end()) return &it->second;
        }
        return &entries()[i].value;
    }
};

struct Link {
    Scope* scope;
    std::size_t index;
};

std::string quoted(std::string_view s) {
    return core::go_quote(s);  // Go's %q, as the reference's messages
}

class Resolver {
  public:
    Resolver(const ExtendsContext& ctx, const MergeTags& tags) : ctx_(ctx), tags_(tags) {
        services_tags_ = tags_.child(0, "services");
    }

    core::Status run(Node& doc) {
        if (!doc.is_map()) return {};
        MapEntry* services = doc.find_entry("services");
        if (services == nullptr) return {};
        if (!services->value.is_map()) {
            return Error(Errc::merge, "services must be a mapping",
                         services->value.loc.known() ? services->value.loc : services->key_loc, "services");
        }
        main_.file = ctx_.file;
        main_.dir = ctx_.base_dir;
        main_.main = true;
        main_.doc_services = &services->value;
        main_.build_index();
        for (std::size_t i = 0; i < main_.entries().size(); ++i) resolve(main_, i);
        return detail::collect(std::move(errors_));
    }

  private:
    const ExtendsContext& ctx_;
    detail::TagTree tags_;
    int services_tags_ = -1;
    Scope main_;
    std::unordered_map<std::string, std::unique_ptr<Scope>> files_;
    std::unordered_map<std::string, bool> failed_files_;
    std::vector<Link> chain_;
    std::vector<Error> errors_;

    void fail(Errc code, std::string message, core::SourceLoc at, std::string path) {
        errors_.emplace_back(code, std::move(message), at, std::move(path));
    }

    const Node* resolve(Scope& sc, std::size_t idx) {
        switch (sc.state[idx]) {
            case State::done:
                return sc.result(idx);
            case State::failed:
                return nullptr;
            case State::active:
                report_cycle(sc, idx);
                return nullptr;
            case State::unvisited:
                break;
        }
        const MapEntry& entry = sc.entries()[idx];
        const std::string name = entry.key;
        const Node& node = entry.value;
        const std::string path = "services." + name;
        if (node.is_null()) {
            sc.state[idx] = State::done;
            return &node;
        }
        if (!node.is_map()) {
            fail(Errc::merge, path + " must be a mapping", node.loc.known() ? node.loc : entry.key_loc, path);
            sc.state[idx] = State::failed;
            return nullptr;
        }
        const Node* ext = node.find("extends");
        if (ext == nullptr) {
            sc.state[idx] = State::done;
            return &node;
        }
        auto prefix = [&] { return "cannot extend service " + quoted(name) + " in " + sc.file + ": "; };
        const Node* ref = nullptr;
        const Node* file = nullptr;
        if (ext->is_string()) {
            ref = ext;
        } else if (ext->is_map()) {
            ref = ext->find("service");
            if (ref == nullptr || !ref->is_string()) {
                fail(Errc::merge, prefix() + "extends.service must name a service",
                     ref != nullptr ? ref->loc : ext->loc, path + ".extends.service");
                sc.state[idx] = State::failed;
                return nullptr;
            }
            file = ext->find("file");
            if (file != nullptr && file->is_null()) file = nullptr;
            if (file != nullptr && !file->is_string()) {
                fail(Errc::merge, prefix() + "extends.file must be a string", file->loc,
                     path + ".extends.file");
                sc.state[idx] = State::failed;
                return nullptr;
            }
        } else {
            fail(Errc::merge, prefix() + "extends must be a service name or a mapping", ext->loc,
                 path + ".extends");
            sc.state[idx] = State::failed;
            return nullptr;
        }

        Scope* target = &sc;
        std::optional<std::size_t> base_idx;
        if (file != nullptr) {
            const std::string abs = detail::join_path(sc.dir, file->text);
            target = load(abs, *file, path);
            if (target == nullptr) {
                sc.state[idx] = State::failed;
                return nullptr;
            }
            if (target->file_services == nullptr) {
                fail(Errc::merge,
                     "cannot extend service " + quoted(name) + " in " + abs + ": " +
                         (target->has_services_key ? "services must be a mapping" : "no services section"),
                     file->loc, path + ".extends.file");
                sc.state[idx] = State::failed;
                return nullptr;
            }
            base_idx = target->find(ref->text);
            if (!base_idx) {
                fail(Errc::merge, prefix() + "service " + quoted(ref->text) + " not found in " + file->text,
                     ref->loc, path + (ext->is_map() ? ".extends.service" : ".extends"));
                sc.state[idx] = State::failed;
                return nullptr;
            }
        } else {
            base_idx = sc.find(ref->text);
            if (!base_idx) {
                fail(Errc::merge, prefix() + "service " + quoted(ref->text) + " not found", ref->loc,
                     path + (ext->is_map() ? ".extends.service" : ".extends"));
                sc.state[idx] = State::failed;
                return nullptr;
            }
        }

        sc.state[idx] = State::active;
        chain_.push_back(Link{&sc, idx});
        const Node* base = resolve(*target, *base_idx);
        chain_.pop_back();
        if (base == nullptr) {
            sc.state[idx] = State::failed;
            return nullptr;
        }
        if (base->is_null()) {
            // Nothing to inherit; the reference leaves the service as written.
            sc.state[idx] = State::done;
            return sc.result(idx);
        }
        Node merged = *base;
        if (!target->main) detail::strip_merge_tags(merged);
        if (sc.main && services_tags_ >= 0) tags_.apply(merged, tags_.child(services_tags_, name));
        Node child = sc.main ? std::move(sc.doc_services->entries[idx].value) : Node(node);
        child.erase("extends");
        if (auto st = detail::merge_service(merged, std::move(child), name); !st.ok()) {
            Error err = std::move(st).error();
            std::vector<Error> more = std::move(err.more);
            err.more.clear();
            errors_.push_back(std::move(err));
            for (auto& m : more) errors_.push_back(std::move(m));
        }
        sc.state[idx] = State::done;
        if (sc.main) {
            sc.doc_services->entries[idx].value = std::move(merged);
            return &sc.doc_services->entries[idx].value;
        }
        return &(sc.resolved[idx] = std::move(merged));
    }

    void report_cycle(Scope& sc, std::size_t idx) {
        std::string msg = "Circular reference:";
        for (std::size_t i = 0; i < chain_.size(); ++i) {
            const Link& l = chain_[i];
            msg += "\n  ";
            if (i != 0) msg += "extends ";
            msg += l.scope->entries()[l.index].key + " in " + l.scope->file;
        }
        msg += "\n  extends " + sc.entries()[idx].key + " in " + sc.file;
        // Point at the `extends` that closes the cycle.
        const Link& last = chain_.back();
        const MapEntry& closing = last.scope->entries()[last.index];
        const Node* ext = closing.value.find("extends");
        fail(Errc::cycle, std::move(msg), ext != nullptr ? ext->loc : closing.key_loc,
             "services." + closing.key + ".extends");
    }

    Scope* load(const std::string& abs, const Node& file_node, const std::string& service_path) {
        if (auto it = files_.find(abs); it != files_.end()) return it->second.get();
        if (failed_files_.count(abs) != 0) return nullptr;  // reported once, at the first reference
        core::Result<const Node*> loaded =
            ctx_.load_file ? ctx_.load_file(abs)
                           : core::Result<const Node*>(Error(Errc::internal, "no loader for extended files"));
        if (!loaded.ok() || loaded.value() == nullptr) {
            Error err = loaded.ok() ? Error(Errc::internal, "the loader returned no document for " + abs)
                                    : std::move(loaded).error();
            if (!err.where) {
                err.where = file_node.loc;
                err.path = service_path + ".extends.file";
            }
            err.note("while loading " + abs + ", extended by " + service_path);
            errors_.push_back(std::move(err));
            failed_files_.emplace(abs, true);
            return nullptr;
        }
        auto scope = std::make_unique<Scope>();
        scope->file = abs;
        scope->dir = detail::dir_name(abs);
        const Node* doc = loaded.value();
        const Node* services = doc->is_map() ? doc->find("services") : nullptr;
        scope->has_services_key = services != nullptr;
        if (services != nullptr && services->is_map()) {
            scope->file_services = services;
            scope->build_index();
        }
        return files_.emplace(abs, std::move(scope)).first->second.get();
    }
};

}  // namespace

core::Status apply_extends(Node& doc, const ExtendsContext& ctx) {
    MergeTags taken;
    const MergeTags* tags = ctx.tags;
    if (tags == nullptr) {
        taken = take_merge_tags(doc);
        tags = &taken;
    }
    Resolver r(ctx, *tags);
    return r.run(doc);
}

}  // namespace stackctl::load
