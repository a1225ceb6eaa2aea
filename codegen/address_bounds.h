// Which fused addresses `x + c` provably stay below 2^32, so that a backend may add c in 64 bits
// (in an x86-64 access's displacement) and still compute exactly wasm's address.
//
// Wasm's address `x + c` (an i32.add fused into a load or store, memory_ops.def) wraps at 2^32.
// Added in 64 bits it is the same address exactly when x + c < 2^32, that is when x <= 2^32 - 1 - c.
// Nothing about a pointer says so: compilers count loops up to zero with a negative index
// (LLVM's loop strength reduction writes `table[i]` as `(i - 24*4) + (table + 24*4)`), so an
// ordinary in-bounds access can have x + c >= 2^32 on every iteration. The fold is made only
// where the value of x has an upper bound that proves it, from what defined it:
//
//   a constant; a load of 8 or 16 bits zero-extended; `and` with a bounded operand; `shr_u`;
//   `rem_u` and `div_u`; a comparison or `eqz` (0 or 1); clz, ctz, popcnt; `or`, `xor`, `add`,
//   `mul` and `shl` of bounded operands while the bound stays below 2^32; a copy or select of
//   bounded values; memory.size. Everything else (params, full-width loads, globals, call
//   results, sub, wrap, ...) has no bound.
//
// Bounds are upper bounds of the u32 value. Two sources, both sound at every point:
//   - per slot, over the whole function: the largest bound of any definition of the slot (an
//     entry value included: a param has none, a declared local starts at 0), refined from "no
//     bound" by a few rounds (each round's bounds hold if the previous round's did);
//   - within a basic block, the bound of the definition that reaches each use.
// The JIT keeps a stub beside each folded access that redoes it at the wrapped address (x86-64
// guarded_access), so even a wrong bound here would cost time, not a wrong result; the engine
// counts such faults and recompiles the function without folds (jit.h, "slow-path faults").
#pragma once

#include <cstdint>
#include <vector>

#include "codegen/regalloc.h"
#include "runtime/ir/control_flow.h"
#include "runtime/ir/ir.h"

namespace zwasm::jit {

// Per instruction position (regalloc.h instr_position; size cf.instrs.size() + 1): whether the
// instruction is a load or store with a fused `x + c` address (Address::Mode::AddImm) whose sum
// x + c provably stays below 2^32. All false when the function has no such access.
std::vector<bool> find_unwrapping_addresses(const IrFunction& ir, const ControlFlow& cf,
                                            const CalleeType& callee_type);

}  // namespace zwasm::jit
