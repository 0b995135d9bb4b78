#include "project_options.hpp"

namespace stackctl::cli {

void add_project_options(CLI::App& app, load::ProjectOptions& opts, std::optional<std::string>& stack) {
    app.add_option("-f,--file", opts.files, "Compose configuration files (repeatable; - reads standard input)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("-p,--project-name", opts.project_name, "Project name")->type_name("NAME");
    app.add_option("--project-directory", opts.project_directory,
                   "Alternate working directory (default: the directory of the first compose file)")
        ->type_name("DIR");
    app.add_option("--profile", opts.profiles,
                   "Enable a profile (repeatable): a stackctl profile (profiles/NAME.yaml) or a compose profile")->type_name("PROFILE")->allow_extra_args(false);
    app.add_option("--env-file", opts.env_files, "An alternate environment file (repeatable)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--stack", stack,
                   "The workspace stack to use (default: STACKCTL_STACK, the stack holding the working directory, "
                   "else the workspace's default_stack)")
        ->type_name("NAME");
}

}  // namespace stackctl::cli
