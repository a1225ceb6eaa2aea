// Reading, decoding and validating a module file, with errors phrased for the command line.
#pragma once

#include <string>

#include <zwasm/zwasm.h>

namespace zwasm::cli {

// Reads `path` (a binary module, or one in the text format), decodes and validates it. Errors
// read "PATH: what (at byte offset N)", or "PATH:LINE:COL: what" for a text error.
zwasm::api::Result<zwasm::api::Module> load_module(const std::string& path);

}  // namespace zwasm::cli
