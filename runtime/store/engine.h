// The seam between the runtime and its execution tiers. The store never names a tier: it runs
// code through the Engine it was created with, which the interpreter (interpreter/) implements
// and the JIT (codegen/) will.
#pragma once

#include "runtime/base/trap.h"
#include "runtime/base/types.h"

namespace zwasm {

struct Function;

class Engine {
 public:
  virtual ~Engine() = default;
  // Runs `func` (wasm or host) with its arguments in io[0 .. param_cells) and leaves its results
  // in io[0 .. result_cells). `io` holds max(param_cells, result_cells) cells. Re-entrant: a
  // host function may call back into wasm.
  virtual Trap execute(Function* func, Cell* io) = 0;
};

}  // namespace zwasm
