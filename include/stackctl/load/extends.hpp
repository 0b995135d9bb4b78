#pragma once
/// `extends`: a service built on another one, from the same document or another file
/// (docs/compat/loader-rules.md §7).

#include <functional>
#include <string>

#include "stackctl/core/result.hpp"
#include "stackctl/load/merge.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

struct ExtendsContext {
    /// Absolute path of the file the document comes from, as errors and the cycle report name it.
    std::string file;
    /// Directory a relative `extends.file` of this document resolves against: the project directory for
    /// the `-f` files (not the file's own directory), the included project's directory inside an include.
    std::string base_dir;
    /// Loads another compose file, given its absolute path, as the reference's extends loads it: parsed,
    /// interpolated with the referring file's environment, its YAML documents merged (merge_documents,
    /// enforce_unicity), canonicalised, with its own `extends` and `include` left alone, and with relative
    /// paths resolved against that file's own directory (build.context, build.additional_contexts,
    /// build.ssh, env_file paths, label_file, bind-mount volume sources, develop.watch paths, extends.file).
    /// The node must stay valid until apply_extends returns. apply_extends calls it at most once per path;
    /// an error (e.g. "open <abs>: no such file or directory") is reported with the position of the
    /// `extends.file` that asked for it. May be empty when the documents have no `extends.file`.
    std::function<core::Result<const Node*>(const std::string& abs_path)> load_file;
    /// The document's `!reset` / `!override` paths, taken before with take_merge_tags: they apply to the
    /// copy of the extended service as well. When null, apply_extends takes the document's tags itself
    /// (they then no longer reach the documents merged before; see merge.hpp for the order of the steps).
    const MergeTags* tags = nullptr;
};

/// Resolves `extends` for every service of `doc`, in document order: the extended service (itself
/// resolved first, through chains and files) is copied, the extending service is merged over the copy with
/// the rules of merge_documents, and `extends` is removed. Everything is inherited, depends_on included.
/// Errors are collected: a missing service or file, `services must be a mapping`, and cycles
/// (Errc::cycle, "Circular reference:" then one line per service of the chain, with its file).
/// Linear: each service is resolved once, each file loaded once.
core::Status apply_extends(Node& doc, const ExtendsContext& ctx);

}  // namespace stackctl::load
