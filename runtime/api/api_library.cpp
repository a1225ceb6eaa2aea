// The embedding API's process-wide settings: the library's version and its logging.
#include "runtime/base/log.h"
#include "zwasm/zwasm.h"

// The CMake project version, given to this library as a compile definition (CMakeLists.txt).
#ifndef ZWASM_VERSION
#error "ZWASM_VERSION must be defined by the build (CMakeLists.txt)"
#endif

namespace zwasm::api {

const char* version() { return ZWASM_VERSION; }

void set_log_verbosity(int verbosity) { zwasm::init_logging(verbosity); }

}  // namespace zwasm::api
