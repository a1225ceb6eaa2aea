// The `spectest` host module every spec script may import from (see the suite's README and the
// reference interpreter's spectest module).
#pragma once

#include <string>
#include <unordered_map>

#include "runtime/store/store.h"

namespace zwasm::spec {

// An importable module: export name -> external value.
using ExportMap = std::unordered_map<std::string, Extern>;

// Creates the spectest functions (print, print_i32, ... which print nothing), globals
// (global_i32 = 666, global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6, immutable),
// table (10..20 funcref) and memory (1..2 pages) in `store`.
Result<ExportMap> make_spectest(ObjectStore& store);

// The exports of an instance, for registering it under a module name.
ExportMap exports_of(const Instance& instance);

}  // namespace zwasm::spec
