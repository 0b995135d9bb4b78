#pragma once
/// The project options every compose command shares (-f, -p, --project-directory, --profile, --env-file).
/// They are options of the root command, as in `docker compose -f a.yaml -p demo up`.

#include <CLI/CLI.hpp>

#include "stackctl/load/project_files.hpp"

namespace stackctl::cli {

/// Registers the options on `app`; the values land in `opts`.
void add_project_options(CLI::App& app, load::ProjectOptions& opts);

}  // namespace stackctl::cli
