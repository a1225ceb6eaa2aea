// Register allocation for the JIT: which values live in machine registers, found once per
// function before any code is emitted (linear scan over live intervals, design note L6).
//
// Values, not slots. The translator reuses a slot for many values (an operand-stack slot holds
// an i32 here and an f64 there), so the allocator first splits each slot into its values: a
// liveness dataflow over the blocks, then a union of every definition with the uses it reaches
// (across block edges too). An instruction may read one value of a slot and write another
// (i32 in, f64 out), each with its own home. Each value is live over a set of positions; its
// interval is their hull, and the linear scan gives one register to each interval it can.
//
// Where registers meet the frame. A value in a register lives there, and its cell is stale,
// except where something reads the frame:
//   - a call (compiled, interpreted or host) reads its arguments from cells and leaves its
//     results there; an out-of-line op helper reads and writes its operands in cells;
//   - a call clobbers the caller-saved registers, so the values living in them across it are
//     stored before and reloaded after (only the values live across it, from the dataflow);
//   - function entry and each on-stack-replacement entry load the values live there.
// The lowering (lower.h) does these moves; a backend only says which registers it has.
//
// Two clean-ups ride on the values. Loop-invariant code motion (loop_invariants.h): an
// invariant instruction whose value can keep one register over its whole loop is computed
// before the loop instead (if registers are to spare there). Dead code: a pure instruction
// whose results nobody reads (but dead instructions) is left out.
//
// Architecture-neutral: registers are numbered 0 .. n-1 within a class, in the backend's order
// of preference, and the backend says which of them survive calls.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "runtime/ir/control_flow.h"
#include "runtime/ir/ir.h"

namespace zwasm::jit {

enum class RegClass : uint8_t { None, Gp, Fp };

// What a backend offers the allocator: the number of allocatable registers per class, and a bit
// per register that a call preserves (callee-saved).
struct RegisterFile {
  uint8_t gp_count = 0;
  uint8_t fp_count = 0;
  uint32_t gp_preserved = 0;
  uint32_t fp_preserved = 0;
  // The backend's calls pass the first arguments of each class in registers 0, 1, ... of it:
  // how many. Argument values and params then prefer those registers.
  uint8_t gp_args = 0;
  uint8_t fp_args = 0;
};

// Positions order the code for intervals: the function's entry (where params and locals get
// their values) is position 0, the instruction starting at word `pc` is its index in
// ControlFlow::instrs plus one.
constexpr uint32_t kEntryPosition = 0;
uint32_t instr_position(const ControlFlow& cf, uint32_t pc);

// A register: its class (None: the value stays in its cell) and number.
struct Reg {
  RegClass cls = RegClass::None;
  uint8_t index = 0;
  bool operator==(const Reg&) const = default;
};

// A value of slot `slot` living in register `reg` (a v128, taking cells slot and slot + 1, when
// `wide`); as an instruction's operand, whether the instruction reads it and whether it writes it.
struct Placed {
  uint32_t slot = 0;
  Reg reg;
  bool wide = false;
  bool read = false, written = false;
};

// One value (a web of definitions and uses of one slot) and the interval it holds its register.
struct Interval {
  uint32_t slot = 0;
  uint32_t start = 0, end = 0;  // positions
  Reg reg;
  bool wide = false;  // a v128
};

struct Allocation {
  std::vector<Interval> values;  // every value of every slot; reg.cls None for those left in cells

  // Per instruction (by position): the register-homed values of its slot operands.
  std::vector<uint32_t> operands_begin;  // positions + 1 offsets into operands
  std::vector<Placed> operands;
  // Per instruction that calls out: the values live across it in registers a call does not
  // preserve (stored before the call, reloaded after). Empty for the others.
  std::vector<uint32_t> across_begin;
  std::vector<Placed> across;
  // The register-homed values live at function entry, and at each loop header (by #index).
  std::vector<Placed> at_entry;
  std::vector<std::vector<Placed>> at_loop;
  // Per position: its instruction is not emitted there. Either its results are never read
  // (a pure op's, OpTraits), or it moved before a loop (loop_invariants.h).
  std::vector<bool> omitted;
  // Per loop (#index): the positions of the instructions computed before it, on entering it
  // (not along its back-edges) and at its on-stack-replacement entry, with those of the loops
  // around it (loop_parent). Their values keep their registers over the whole loop.
  std::vector<std::vector<uint32_t>> hoisted;
  std::vector<uint32_t> loop_parent;  // per loop: the loop around it, or kNoLoop
  static constexpr uint32_t kNoLoop = 0xFFFFFFFF;
  uint32_t dead_count = 0;  // instructions left out as dead
  // Per declared local (after the params): whether its entry value, zero, may be read (all of
  // them when the allocator gave up).
  std::vector<bool> zero_local;

  template <class F>
  void for_each_operand(uint32_t pos, F f) const {
    for (uint32_t i = operands_begin[pos]; i < operands_begin[pos + 1]; ++i) f(operands[i]);
  }
  template <class F>
  void for_each_across(uint32_t pos, F f) const {
    for (uint32_t i = across_begin[pos]; i < across_begin[pos + 1]; ++i) f(across[i]);
  }
};

// The callee type of a Call / CallIndirect instruction (null when unknown: its arguments and
// results are then left in cells).
using CalleeType = std::function<const FuncType*(const uint32_t* ins)>;
// Per IrOp, what the allocator knows of its instructions beyond their operands.
struct OpTraits {
  // They call out of generated code (a call, or an op the backend does through a helper),
  // which clobbers the caller-saved registers.
  std::vector<bool> calls_out;
  // They only compute their results: no trap, no other effect. One whose results nobody reads
  // is left out.
  std::vector<bool> pure;
};

// Allocates; a function too large for the dataflow's budget gets no registers (everything in
// cells), which is always correct.
Allocation allocate_registers(const IrFunction& ir, const ControlFlow& cf,
                              const RegisterFile& regs, const CalleeType& callee_type,
                              const OpTraits& ops);

// The cells of a call's arguments and results, relative to its base (the value layout of
// runtime/base/types.h), with their class letters.
struct CallCells {
  std::vector<uint32_t> params, results;  // offsets from the base
  std::vector<char> param_types, result_types;
};
CallCells call_cells(const FuncType& type);

}  // namespace zwasm::jit
