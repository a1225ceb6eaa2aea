// The interpreter tier: runs wasm functions from their register IR (translated lazily, on first
// call) in one dispatch loop; host functions are called directly.
#pragma once

#include "runtime/store/engine.h"

namespace zwasm {

// The interpreter as a store's Engine. Stateless: one instance serves every store and thread.
Engine& interpreter_engine();

}  // namespace zwasm
