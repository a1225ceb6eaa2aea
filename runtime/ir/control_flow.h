// The control-flow shape of a function's IR, found by one scan: where each instruction starts,
// its basic blocks with their successors, and its loops. The verifier (ir_verify.h) checks IR
// with it; the JIT's lowering will walk the same blocks.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/ir/ir.h"

namespace zwasm {

// A maximal straight-line run of instructions: control enters only at `begin` and leaves only
// after its last instruction.
struct IrBlock {
  uint32_t begin = 0;               // word of its first instruction
  uint32_t end = 0;                 // one past its last instruction's words
  uint32_t last = 0;                // word of its last instruction
  std::vector<uint32_t> succs;      // successor blocks (indices), fallthrough first when any
  bool loop_header = false;         // it starts with a LoopHeader
};

struct ControlFlow {
  std::vector<uint32_t> instrs;     // the word of every instruction, in order
  std::vector<IrBlock> blocks;      // in code order; block 0 is the entry
  std::vector<uint32_t> loops;      // block of each LoopHeader, by its #index

  // The block starting at word `pc`, or kNone when no block starts there.
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  uint32_t block_at(uint32_t pc) const;
};

// Scans `fn`. Fails, naming the word, when an instruction is unknown or truncated, a branch
// targets a word that starts no instruction, a backward branch lands anywhere but a LoopHeader,
// LoopHeaders are not numbered 0, 1, ... in code order (with fn.loop_count of them), or control
// can run past the end of the code.
Result<ControlFlow> scan_control_flow(const IrFunction& fn);

// Whether control can continue to the next instruction after one of op `op`.
bool ir_falls_through(IrOp op);

}  // namespace zwasm
