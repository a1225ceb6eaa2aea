// The seam between the runtime and its execution tiers. The store never names a tier: each new
// wasm function gets its Engine's initial entry, and from then on every call goes through the
// function's entry pointer (function.h). The interpreter implements an Engine
// (interpreter/interp.h); the JIT tier (codegen/) will.
#pragma once

#include <cstdint>

#include "runtime/store/context.h"

namespace zwasm {

class Engine {
 public:
  virtual ~Engine() = default;
  // The entry a wasm function starts with, before its first call: typically "translate it,
  // swap in the entry of its tier, and run it".
  virtual EntryFn initial_entry() const = 0;
  // For a memory fault (SIGSEGV/SIGBUS) at `pc` on a thread running this engine's code: where
  // to resume (the faulting access's trap), or null when `pc` is not a guarded access of this
  // engine's generated code. Called from a signal handler: must not allocate or lock.
  virtual const void* resume_after_fault(uintptr_t pc) const { return nullptr; }
};

}  // namespace zwasm
