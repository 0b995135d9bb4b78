#pragma once
/// Binary data on standard output (`volume backup -o -`), through the same stdio stream as ui::out.

#include <string_view>

#include "stackctl/core/result.hpp"

namespace stackctl::ui {

/// Writes `data` to standard output as is; an Errc::io error when the write fails (a closed pipe).
core::Status out_data(std::string_view data);

}  // namespace stackctl::ui
