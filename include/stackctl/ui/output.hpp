#pragma once
/// The only place that writes to the terminal. Commands hand finished text, tables or JSON here.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "stackctl/core/error.hpp"

namespace stackctl::ui {

/// Writes to standard output as is.
void out(std::string_view text);
/// Writes a JSON document to standard output: indented, with a trailing newline.
void out_json(const nlohmann::json& doc, int indent = 2);
/// Writes "stackctl: error: ..." (with the source snippet and notes) to standard error.
void error(const core::Error& err);
/// Writes "stackctl: warning: ..." to standard error.
void warning(std::string_view text);
/// Writes a line of information (what a command did) to standard error, keeping standard output for data.
void info(std::string_view text);

/// A plain table: columns padded to their widest cell, three spaces apart, like `docker ps`; with
/// `min_width`, a column (with its padding) is at least that wide (Go's tabwriter minwidth).
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  std::size_t min_width = 0);

}  // namespace stackctl::ui
