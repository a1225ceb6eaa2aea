// The seam between the runtime and its execution tiers. The store never names a tier: each new
// wasm function gets its Engine's initial entry, and from then on every call goes through the
// function's entry pointer (function.h). The interpreter implements an Engine
// (interpreter/interp.h); the JIT tier (codegen/) will.
#pragma once

#include <climits>
#include <cstdint>

#include "runtime/store/context.h"
#include "runtime/store/function.h"

namespace zwasm {

class Engine {
 public:
  virtual ~Engine() = default;
  // The entry a wasm function starts with, before its first call: typically "translate it,
  // swap in the entry of its tier, and run it".
  virtual EntryFn initial_entry() const = 0;
  // Tier-up (design note L4). A function starts with this budget in Function::hotness; the
  // interpreter charges it at each call (the callee's size in IR words) and at each loop
  // header (the loop's size), and calls tier_up() when it runs out.
  virtual int32_t initial_budget() const { return kNeverHot; }
  // `func`'s budget ran out at its entry (loop == kEntry) or at its LoopHeader #loop. The engine
  // may compile it (swapping its entry) and resets the budget. Returns an entry that continues
  // the running call from that loop header in compiled code (on-stack replacement), or null to
  // keep interpreting.
  virtual EntryFn tier_up(ExecContext* ctx, Function* func, uint32_t loop) {
    func->hotness = kNeverHot;
    return nullptr;
  }
  static constexpr int32_t kNeverHot = INT32_MAX;
  static constexpr uint32_t kEntry = UINT32_MAX;

  // For a memory fault (SIGSEGV/SIGBUS) at `pc` on a thread running this engine's code: where
  // to resume (the faulting access's trap, or a stub repeating it at its wrapped address), or
  // null when `pc` is not a guarded access of this engine's generated code. Called from a
  // signal handler: must not allocate or lock.
  virtual const void* resume_after_fault(uintptr_t pc) const { return nullptr; }
};

}  // namespace zwasm
