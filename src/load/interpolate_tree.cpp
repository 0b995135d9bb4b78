#include "stackctl/load/interpolate_tree.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>

#include "load/stage_util.hpp"
#include "stackctl/load/interpolate.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

namespace {

class Walker {
public:
    Walker(const Lookup& lookup, std::vector<std::string>& warnings) : lookup_(lookup), warnings_(warnings) {
        opts_.on_unset = [this](std::string_view name) { unset_.emplace(name); };
    }

    void walk(Node& n) {
        switch (n.kind) {
            case Kind::string: scalar(n); break;
            case Kind::seq:
                for (std::size_t i = 0; i < n.items.size(); ++i) {
                    segs_.emplace_back(kListItem);
                    PathGuard g(path_, i);
                    walk(n.items[i]);
                    segs_.pop_back();
                }
                break;
            case Kind::map:
                for (auto& e : n.entries) {
                    segs_.push_back(e.key);
                    PathGuard g(path_, e.key);
                    walk(e.value);
                    segs_.pop_back();
                }
                break;
            default: break;
        }
    }

    core::Status finish() {
        // One warning per variable, in name order, as the reference prints them once each.
        for (const auto& name : unset_)
            warnings_.push_back(fmt::format("the \"{}\" variable is not set; defaulting to a blank string", name));
        return errors_.finish();
    }

private:
    void scalar(Node& n) {
        if (has_template(n.text)) {
            opts_.origin = n.loc;
            auto r = substitute(n.text, lookup_, opts_);
            if (!r) {
                Error e = std::move(r).error();
                if (!e.where) e.where = n.loc;
                e.path = path_.str();
                errors_.add(std::move(e));
                return;
            }
            n.text = std::move(*r);
        }
        const auto cast = cast_type_for(std::span<const std::string>(segs_));
        if (!cast) return;
        std::string warning;
        auto v = cast_scalar(*cast, n.text, &warning);
        if (!v) {
            Error e = std::move(v).error();
            e.where = n.loc;
            e.path = path_.str();
            errors_.add(std::move(e));
            return;
        }
        if (!warning.empty()) warnings_.push_back(fmt::format("{}: {}", path_.str(), warning));
        const core::SourceLoc loc = n.loc;
        const Tag tag = n.tag;
        if (const auto* i = std::get_if<std::int64_t>(&*v)) {
            n = Node::integer(*i, loc);
        } else if (const auto* d = std::get_if<double>(&*v)) {
            n = Node::floating(*d, loc);
        } else if (const auto* f = std::get_if<float>(&*v)) {
            // Keep the float's shortest decimal form (0.1, not 0.10000000149011612), as the reference prints.
            char buf[32];
            auto res = std::to_chars(buf, buf + sizeof buf, *f);
            double shortest = 0;
            std::from_chars(buf, res.ptr, shortest);
            n = Node::floating(shortest, loc);
        } else if (const auto* b = std::get_if<bool>(&*v)) {
            n = Node::boolean(*b, loc);
        }
        n.tag = tag;
    }

    const Lookup& lookup_;
    std::vector<std::string>& warnings_;
    SubstituteOptions opts_;
    std::vector<std::string> segs_;
    Path path_;
    detail::Errors errors_;
    std::set<std::string> unset_;
};

}  // namespace

core::Status interpolate_document(Node& doc, const Lookup& lookup, std::vector<std::string>& warnings) {
    Walker w(lookup, warnings);
    w.walk(doc);
    return w.finish();
}

}  // namespace stackctl::load
