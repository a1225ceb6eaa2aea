// Reading, decoding and validating a module file, with errors phrased for the command line.
#pragma once

#include <memory>
#include <string>

#include "runtime/wasm/module.h"
#include "runtime/base/result.h"

namespace zwasm::cli {

// Reads `path`, decodes and validates it. Errors read "PATH: what (at byte offset N)".
Result<std::shared_ptr<Module>> load_module(const std::string& path);

}  // namespace zwasm::cli
