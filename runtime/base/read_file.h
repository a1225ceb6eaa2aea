// Reading a module file whole, with errors phrased for users (shared by the CLI and the API).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace zwasm {

// Reads the whole file. Errors read "PATH: cannot open file: <errno text>" or
// "PATH: cannot read module: is a directory".
Result<std::vector<uint8_t>> read_file(const std::string& path);

}  // namespace zwasm
