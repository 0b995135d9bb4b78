#pragma once
/// Combining compose documents: the merge of one document into another (multi-file `-f`, `---`
/// documents, `extends`), the `!reset` / `!override` tags, and "unicity" (the de-duplication of sequences
/// by key). The rules are the reference's, path by path: docs/compat/loader-rules.md §6.
///
/// The reference runs these steps for every document, in this order, and the integrator must too:
///
///     MergeTags tags = take_merge_tags(doc);      // !reset / !override of this document
///     apply_extends(doc, ctx /* ctx.tags = &tags */);
///     apply_merge_tags(model, tags);              // reset what the earlier documents set
///     apply_include(doc, ...);
///     merge_documents(model, std::move(doc));     // doc has no tags left
///     enforce_unicity(model);
///     ... schema, canonical long syntax, enforce_unicity(model) again
///
/// merge_documents also honours tags still present in its override, so a plain two-document merge needs
/// only the last two calls.

#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/load/tree.hpp"

namespace stackctl::load {

/// The paths (map keys from the document root) that a document tagged `!reset` or `!override`; the
/// values at these paths in the documents merged before it are deleted before it merges.
struct MergeTags {
    std::vector<std::vector<std::string>> paths;
    [[nodiscard]] bool empty() const { return paths.empty(); }
};

/// Records and removes the merge tags of `doc`: a `!reset` node is removed (with its key), an `!override`
/// node stays (untagged) and its path is recorded. Tags on sequence items, and anything below them, only
/// drop items of this document (a `!reset` item is removed) and record nothing, as in the reference.
MergeTags take_merge_tags(Node& doc);

/// Deletes from `target` the value at each recorded path (missing paths are ignored).
void apply_merge_tags(Node& target, const MergeTags& tags);

/// Merges `override` into `base` with the reference's rules (loader-rules.md §6.1): maps merge key by key,
/// sequences append, `null` keeps the base value, scalars are replaced, `x-*` keys are replaced whole, and
/// the special paths (environment/labels/... as sorted `k=v` sequences, depends_on and service networks
/// as maps, build string as `{context: ...}`, logging by driver, ulimits, command/entrypoint/healthcheck.test
/// replaced, extra_hosts, ipam.config) follow their own rule. Tags left in `override` are taken and applied
/// to `base` first. Errors ("cannot override <path>") are all collected; the merge goes on past them.
/// Linear in the size of both documents.
core::Status merge_documents(Node& base, Node&& override);

/// Removes redefinitions from the sequences listed in loader-rules.md §6.2 (environment, ports, volumes
/// by target, secrets/configs by target, ...): a later item with the same key replaces the earlier one at
/// the earlier one's position. Errors (an item of the wrong type, a volume without target, ...) are all
/// collected.
core::Status enforce_unicity(Node& doc);

}  // namespace stackctl::load
