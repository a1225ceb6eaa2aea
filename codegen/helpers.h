// Runtime helpers that generated code calls for what it does not do inline: recording traps and
// backtraces, and instructions whose work belongs to the runtime (memory.grow). Plain functions
// with C-compatible signatures, called with the platform's C calling convention; none throws.
#pragma once

#include <cstdint>

#include "runtime/store/context.h"

namespace zwasm::jit {

// Parks trap `code` in the context and starts the backtrace at `func` (a compiled function that
// trapped itself).
void helper_trap(ExecContext* ctx, uint32_t code, Function* func) noexcept;
// A callee of compiled function `func` trapped: adds `func` to the backtrace.
void helper_unwind(ExecContext* ctx, Function* func) noexcept;
// memory.grow on memory `memory` of `instance`: the old size in pages, or -1 (as an i32).
uint32_t helper_memory_grow(Instance* instance, uint32_t memory, uint32_t delta) noexcept;

}  // namespace zwasm::jit
