#pragma once
/// The project options every compose command shares (-f, -p, --project-directory, --profile, --env-file,
/// --stack). They are options of the root command, as in `docker compose -f a.yaml -p demo up`; the
/// subcommands fall through to the root, so they are accepted after the command name too
/// (`stackctl up --profile development`).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "stackctl/load/project_files.hpp"

namespace stackctl::cli {

/// Registers the options on `app`; the values land in `opts` and `stack`.
void add_project_options(CLI::App& app, load::ProjectOptions& opts, std::optional<std::string>& stack);

}  // namespace stackctl::cli
