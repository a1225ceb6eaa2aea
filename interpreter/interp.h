// Entry into execution. The interpreter runs wasm functions from their register IR (translated
// lazily on first call); host functions are called directly.
#pragma once

#include "runtime/store.h"
#include "runtime/trap.h"

namespace zwasm {

// Runs `func` with its arguments in io[0 .. param_cells) and leaves its results in
// io[0 .. result_cells). `io` must hold max(param_cells, result_cells) cells. Re-entrant: a host
// function may call back into wasm.
Trap execute(Function* func, Cell* io);

}  // namespace zwasm
