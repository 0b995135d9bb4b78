#include "stackctl/cli/app.hpp"

int main(int argc, char** argv) { return stackctl::cli::run(argc, argv); }
