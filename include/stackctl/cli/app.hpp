#pragma once
/// The command line: parses arguments, runs one command, maps errors to exit codes.

namespace stackctl::cli {

/// Runs stackctl with the process arguments; returns the exit status (docs/exit-codes.md).
int run(int argc, char** argv);

}  // namespace stackctl::cli
