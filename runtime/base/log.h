// Logging through spdlog, off unless asked for: ZWASM_LOG=trace|debug|info|warn|error or -v.
// Nothing on the interpreter's hot path logs.
#pragma once

#include <spdlog/spdlog.h>

namespace zwasm {

// Makes the stderr logger "zwasm" the default one and sets the level from ZWASM_LOG (when set)
// or `verbosity` (0: warnings, 1: info, 2+: debug). May be called again.
void init_logging(int verbosity);

}  // namespace zwasm
