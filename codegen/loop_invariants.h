// Loop-invariant code motion, the part the IR decides alone: which instructions give the same
// value on every iteration of a loop, so that it can be computed once before the loop.
//
// Only instructions without slot operands move, so that each can be computed again wherever
// the loop is entered (before it, and at its on-stack-replacement entry, where the interpreter
// may not have computed it yet): float and v128 constants (an integer constant is an
// immediate move, as cheap as the register it would pin) and global loads, out of loops that
// do not call out (a call would clobber the register the value keeps, and may set any global;
// an op helper counts as a call) and, for a global, do not set it. Each may leave every loop
// around it that meets these conditions, from the innermost outwards.
//
// Whether it does move is the register allocator's decision (regalloc.h): the value must keep
// one register over the whole loop, since its slot may hold other values inside the loop.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/ir/control_flow.h"
#include "runtime/ir/ir.h"

namespace zwasm::jit {

struct LoopInvariants {
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  // Per loop (#index): the positions (regalloc.h instr_position) of its LoopHeader and of its
  // last instruction, and the loop around it (kNone for an outermost loop).
  std::vector<uint32_t> first, last, parent;
  // Per position: the outermost loop (#index) the instruction there can be computed before,
  // or kNone.
  std::vector<uint32_t> hoist_to;
};

// `calls_out`: per IrOp, whether its instructions call out of generated code (regalloc.h).
LoopInvariants find_loop_invariants(const IrFunction& ir, const ControlFlow& cf,
                                    const std::vector<bool>& calls_out);

}  // namespace zwasm::jit
