// The seam between the runtime and its execution tiers. The store never names a tier: each new
// wasm function gets its Engine's initial entry, and from then on every call goes through the
// function's entry pointer (function.h). The interpreter implements an Engine
// (interpreter/interp.h); the JIT tier (codegen/) will.
#pragma once

#include "runtime/store/context.h"

namespace zwasm {

class Engine {
 public:
  virtual ~Engine() = default;
  // The entry a wasm function starts with, before its first call: typically "translate it,
  // swap in the entry of its tier, and run it".
  virtual EntryFn initial_entry() const = 0;
};

}  // namespace zwasm
