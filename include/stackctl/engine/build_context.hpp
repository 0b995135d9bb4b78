#pragma once
/// A build context directory as the tar body of POST /build, the way the docker CLI makes it: entries in
/// lexical walk order, owned by 0:0, files excluded by .dockerignore left out (while the Dockerfile and
/// .dockerignore themselves are always sent, as the engine needs them), excluded directories skipped
/// unless a '!' exception may re-include something inside them.

#include <string>
#include <vector>

#include "stackctl/core/result.hpp"
#include "stackctl/engine/http.hpp"
#include "stackctl/engine/tar.hpp"

namespace stackctl::engine {

struct BuildContextOptions {
    /// The Dockerfile's path relative to the context ("Dockerfile", "docker/app.Dockerfile").
    std::string dockerfile = "Dockerfile";
    /// Files added at the end of the archive, e.g. a Dockerfile that lives outside the context or an
    /// inline one, under a name passed as BuildOptions::dockerfile.
    struct ExtraFile {
        std::string name;
        std::string content;
    };
    std::vector<ExtraFile> extra_files;
};

/// The exclude patterns for a context: its .dockerignore (none when absent), plus "!<dockerfile>" and
/// "!.dockerignore" when the patterns would exclude those.
core::Result<std::vector<std::string>> build_context_excludes(const std::string& context_dir,
                                                              const BuildContextOptions& opts);

/// Writes the context as a tar to `sink`, ending the archive.
core::Status write_build_context(const std::string& context_dir, const BuildContextOptions& opts, const TarSink& sink);

/// A request body that streams the context while it is uploaded (see BodySource::from_producer).
BodySource build_context_body(std::string context_dir, BuildContextOptions opts);

}  // namespace stackctl::engine
