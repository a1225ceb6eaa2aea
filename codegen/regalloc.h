// Register allocation for the JIT: which frame slots live in machine registers, found once per
// function before any code is emitted (linear scan over live intervals, design note L6).
//
// The model. A slot chosen for a register lives in it for its whole interval: from the first
// instruction that names it to the last, widened to cover every loop the interval touches, so a
// value carried around a back-edge keeps its register (wasm loops are contiguous, so this hull
// holds every point the value is live at). Everywhere else, and for the slots not chosen, the
// frame cell is the home. Cells are written back only where something reads the frame:
//   - a call (compiled, interpreted or host) reads its arguments from cells and leaves its
//     results there; an out-of-line op helper reads and writes its operands in cells;
//   - a call clobbers the caller-saved registers, so the values living in them across it are
//     stored before and reloaded after;
//   - function entry and each on-stack-replacement entry load the slots live there.
// The lowering (lower.h) does these moves; a backend only says which registers it has.
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
};

// Positions order the code for intervals: the function's entry (where params and locals get
// their values) is position 0, the instruction starting at word `pc` is its index in
// ControlFlow::instrs plus one.
constexpr uint32_t kEntryPosition = 0;
uint32_t instr_position(const ControlFlow& cf, uint32_t pc);

// Where one slot lives: in register `reg` of class `cls` over positions [start, end], or, with
// cls None, in its cell.
struct SlotHome {
  RegClass cls = RegClass::None;
  uint8_t reg = 0;
  uint32_t start = 0, end = 0;
};

struct Allocation {
  std::vector<SlotHome> homes;  // one per frame slot

  const SlotHome& home(uint32_t slot) const { return homes[slot]; }
  bool in_register(uint32_t slot) const {
    return slot < homes.size() && homes[slot].cls != RegClass::None;
  }
  // Whether `slot` holds a register value at position `pos` that is still needed after it.
  bool live_across(uint32_t slot, uint32_t pos) const {
    const SlotHome& h = homes[slot];
    return h.cls != RegClass::None && h.start < pos && pos < h.end;
  }
  // Whether `slot`'s register holds its value when control arrives at position `pos`.
  bool live_in(uint32_t slot, uint32_t pos) const {
    const SlotHome& h = homes[slot];
    return h.cls != RegClass::None && h.start <= pos && pos <= h.end;
  }
};

// The callee type of a Call / CallIndirect instruction (null when unknown: its arguments and
// results are then left in cells).
using CalleeType = std::function<const FuncType*(const uint32_t* ins)>;
// Whether the instruction at `ins` calls out of generated code (a call, or an op the backend
// does through a helper), which clobbers the caller-saved registers.
using CallsOut = std::function<bool(const uint32_t* ins)>;

Allocation allocate_registers(const IrFunction& ir, const ControlFlow& cf,
                              const RegisterFile& regs, const CalleeType& callee_type,
                              const CallsOut& calls_out);

// The cells of a call's arguments and results, relative to its base (the value layout of
// runtime/base/types.h), with their class letters.
struct CallCells {
  std::vector<uint32_t> params, results;  // offsets from the base
  std::vector<char> param_types, result_types;
};
CallCells call_cells(const FuncType& type);

}  // namespace zwasm::jit
