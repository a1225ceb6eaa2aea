// Reading, decoding and validating a module file, with errors phrased for the command line.
#pragma once

#include <string>

#include <zwasm/zwasm.h>

namespace zwasm::cli {

// Reads `path`, decodes and validates it. Errors read "PATH: what (at byte offset N)", with a
// hint when the file is in the text format.
zwasm::api::Result<zwasm::api::Module> load_module(const std::string& path);

}  // namespace zwasm::cli
