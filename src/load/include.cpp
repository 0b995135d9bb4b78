#include "stackctl/load/include.hpp"

#include <cerrno>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "load/merge_internal.hpp"

namespace stackctl::load {

using core::Errc;
using core::Error;

namespace {

/// The text Go's os.Stat error carries for common errno values ("stat <path>: no such file or directory").
std::string stat_error(const std::string& path, const std::error_code& ec) {
    std::string what;
    switch (ec.value()) {
        case ENOENT:
            what = "no such file or directory";
            break;
        case EACCES:
            what = "permission denied";
            break;
        case ENOTDIR:
            what = "not a directory";
            break;
        default:
            what = ec.message();
            if (!what.empty() && what.front() >= 'A' && what.front() <= 'Z')
                what.front() = static_cast<char>(what.front() - 'A' + 'a');
    }
    return "stat " + path + ": " + what;
}

/// A string or a list of strings (compose's StringList); nullopt (with an error) for anything else.
std::optional<std::vector<const Node*>> string_list(const Node& n, const std::string& path,
                                                    std::vector<Error>& errors) {
    std::vector<const Node*> out;
    if (n.is_null()) return out;
    if (n.is_string()) {
        out.push_back(&n);
        return out;
    }
    if (n.is_seq()) {
        bool ok = true;
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            if (n.items[i].is_string()) {
                out.push_back(&n.items[i]);
            } else {
                errors.emplace_back(Errc::merge, path + "[" + std::to_string(i) + "] must be a string",
                                    n.items[i].loc, path + "[" + std::to_string(i) + "]");
                ok = false;
            }
        }
        if (ok) return out;
        return std::nullopt;
    }
    errors.emplace_back(Errc::merge, path + " must be a string or a list of strings", n.loc, path);
    return std::nullopt;
}

struct Entry {
    std::vector<const Node*> paths;
    const Node* project_directory = nullptr;
    std::optional<std::vector<const Node*>> env_files;  ///< nullopt: not given
    core::SourceLoc loc;
};

class Includer {
  public:
    Includer(Node& doc, const IncludeContext& ctx) : doc_(doc), ctx_(ctx) {
        included_ = ctx.chain;
        included_.push_back(ctx.file);
    }

    void run(const Node& include) {
        for (std::size_t i = 0; i < include.items.size(); ++i) {
            const std::string path = "include[" + std::to_string(i) + "]";
            auto entry = parse(include.items[i], path);
            if (!entry) continue;
            one(*entry, path);
        }
    }

    std::vector<Error> take_errors() { return std::move(errors_); }

  private:
    Node& doc_;
    const IncludeContext& ctx_;
    std::vector<std::string> included_;
    std::vector<Error> errors_;
    /// Per resource kind, name -> position in the document's map, built on first use.
    std::unordered_map<std::string, std::unordered_map<std::string, std::size_t>> indexes_;

    std::optional<Entry> parse(const Node& item, const std::string& path) {
        Entry e;
        e.loc = item.loc;
        if (item.is_string()) {
            e.paths.push_back(&item);
            return e;
        }
        if (!item.is_map()) {
            errors_.emplace_back(Errc::merge, path + " must be a path or a mapping", item.loc, path);
            return std::nullopt;
        }
        bool ok = true;
        if (const Node* p = item.find("path")) {
            auto list = string_list(*p, path + ".path", errors_);
            if (list) {
                e.paths = std::move(*list);
            } else {
                ok = false;
            }
        }
        if (const Node* pd = item.find("project_directory"); pd != nullptr && !pd->is_null()) {
            if (pd->is_string()) {
                e.project_directory = pd;
            } else {
                errors_.emplace_back(Errc::merge, path + ".project_directory must be a string", pd->loc,
                                     path + ".project_directory");
                ok = false;
            }
        }
        if (const Node* ef = item.find("env_file"); ef != nullptr && !ef->is_null()) {
            e.env_files = string_list(*ef, path + ".env_file", errors_);
            if (!e.env_files) ok = false;
        }
        if (!ok) return std::nullopt;
        return e;
    }

    void one(const Entry& e, const std::string& path) {
        // An entry without files loads nothing, as in the reference.
        if (e.paths.empty()) return;
        IncludeRequest req;
        for (const Node* p : e.paths) req.paths.push_back(detail::join_path(ctx_.working_dir, p->text));
        const std::string& main = req.paths.front();
        if (e.project_directory == nullptr || e.project_directory->text.empty()) {
            req.project_directory = detail::dir_name(main);
        } else {
            req.project_directory = detail::join_path(ctx_.working_dir, e.project_directory->text);
        }
        for (const auto& f : included_) {
            if (f != main) continue;
            std::string msg = "include cycle detected:\n" + included_.front();
            for (std::size_t k = 1; k < included_.size(); ++k) msg += "\n include " + included_[k];
            msg += "\n include " + main;
            errors_.emplace_back(Errc::cycle, std::move(msg), e.paths.front()->loc, path);
            return;
        }
        namespace fs = std::filesystem;
        if (!e.env_files || e.env_files->empty()) {
            const std::string dotenv = req.project_directory + "/.env";
            std::error_code ec;
            const auto st = fs::status(dotenv, ec);
            if (!ec && fs::exists(st) && !fs::is_directory(st)) req.env_files.push_back(dotenv);
        } else {
            bool ok = true;
            for (const Node* f : *e.env_files) {
                if (detail::is_abs_path(f->text)) {
                    req.env_files.push_back(f->text);
                    continue;
                }
                const std::string abs = detail::join_path(ctx_.working_dir, f->text);
                std::error_code ec;
                const auto st = fs::status(abs, ec);
                if (ec || !fs::exists(st)) {
                    errors_.emplace_back(
                        Errc::io,
                        stat_error(abs, ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory)),
                        f->loc, path + ".env_file");
                    ok = false;
                } else if (fs::is_directory(st)) {
                    errors_.emplace_back(Errc::io, abs + " is not a file", f->loc, path + ".env_file");
                    ok = false;
                } else {
                    req.env_files.push_back(abs);
                }
            }
            if (!ok) return;
        }
        req.chain = included_;
        if (!ctx_.load_project) {
            errors_.emplace_back(Errc::internal, "no loader for included projects", e.loc, path);
            return;
        }
        core::Result<Node> loaded = ctx_.load_project(req);
        if (!loaded.ok()) {
            Error err = std::move(loaded).error();
            if (!err.where) {
                err.where = e.paths.front()->loc;
                err.path = path;
            }
            err.note("while including " + main);
            errors_.push_back(std::move(err));
            return;
        }
        Node& imported = loaded.value();
        if (!imported.is_map()) return;
        for (const char* kind : {"services", "volumes", "networks", "secrets", "configs"})
            import(imported, kind);
    }

    void import(Node& imported, const std::string& kind) {
        Node* from = imported.find(kind);
        if (from == nullptr || from->is_null()) return;
        if (!from->is_map()) {
            errors_.emplace_back(Errc::merge, "imported " + kind + " must be a mapping", from->loc, kind);
            return;
        }
        if (from->entries.empty()) {
            // The reference still creates the (empty) section in the including document.
            if (doc_.find(kind) == nullptr) doc_.set(kind, Node::map(from->loc));
            return;
        }
        MapEntry* to_entry = doc_.find_entry(kind);
        if (to_entry == nullptr) {
            doc_.set(kind, Node::map(from->loc));
            to_entry = doc_.find_entry(kind);
        } else if (to_entry->value.is_null()) {
            to_entry->value = Node::map(to_entry->value.loc);
        } else if (!to_entry->value.is_map()) {
            errors_.emplace_back(Errc::merge, kind + " must be a mapping", to_entry->value.loc, kind);
            return;
        }
        Node& to = to_entry->value;
        auto& index = indexes_[kind];
        if (index.size() != to.entries.size()) {
            index.clear();
            index.reserve(to.entries.size() + from->entries.size());
            for (std::size_t i = 0; i < to.entries.size(); ++i) index.emplace(to.entries[i].key, i);
        }
        for (auto& e : from->entries) {
            auto it = index.find(e.key);
            if (it == index.end()) {
                index.emplace(e.key, to.entries.size());
                to.entries.push_back(std::move(e));
                continue;
            }
            const MapEntry& mine = to.entries[it->second];
            if (mine.value.same_value(e.value)) continue;
            Error err(Errc::merge, kind + "." + e.key + " conflicts with imported resource",
                      mine.key_loc.known() ? mine.key_loc : mine.value.loc, kind + "." + e.key);
            const core::SourceLoc there = e.key_loc.known() ? e.key_loc : e.value.loc;
            if (there.known()) err.note("the imported definition is at " + there.str());
            err.note("definitions from an include must be identical; override it in a later -f file instead");
            errors_.push_back(std::move(err));
        }
    }
};

}  // namespace

core::Status apply_include(Node& doc, const IncludeContext& ctx) {
    if (!doc.is_map()) return {};
    const MapEntry* found = doc.find_entry("include");
    if (found == nullptr) return {};
    const Node include = std::move(doc.find_entry("include")->value);
    doc.erase("include");
    if (include.is_null()) return {};
    if (!include.is_seq())
        return Error(Errc::merge, "`include` must be a list, got " + detail::go_s(include), include.loc,
                     "include");
    Includer in(doc, ctx);
    in.run(include);
    return detail::collect(in.take_errors());
}

}  // namespace stackctl::load
