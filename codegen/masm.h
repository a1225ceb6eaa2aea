// The vocabulary between the shared lowering (lower.h) and a backend's macro assembler
// (x64/masm_x64.h, a64/masm_a64.h). The lowering decides *what* each IR instruction does in these
// terms; the backend decides how its machine does it. Operands are frame slots (cell indices
// from the frame pointer) or immediates: values live in their slots between instructions, the
// layout on-stack replacement and the interpreter share (design note L5). Register allocation
// (a later issue) will add register locations to `Src`.
//
// A backend class `M` provides (checked when the lowering is instantiated):
//   typename M::Label; Label new_label(); void bind(Label); void jump(Label);
//   prologue / epilogue / trap and unwind stubs (see MasmX64 for the contract of each);
//   value moves, integer families of int_ops.def, branches, calls, memory access.
#pragma once

#include <cstdint>

#include "runtime/base/trap.h"

namespace zwasm::jit {

// What generated code polls at each function entry and LoopHeader (runtime/store/context.h
// poll_trap()): the interrupt bit, and the fuel left. Off by default: then the code has no polls.
struct Polls {
  bool interrupt = false;
  bool fuel = false;
};

// Which fused `x + c` addresses (Address::Mode::AddImm) a backend may compute in 64 bits instead
// of wrapping at 2^32 (Address::cannot_wrap; address_bounds.h).
enum class AddressFolds : uint8_t {
  None,    // none: after a function took slow-path faults (jit.h), or to compare
  Proven,  // those whose x + c provably stays below 2^32 (the default)
  All,     // every one, as commit 62c199e did: only for tests of the slow path and its safety net
};

// An access site whose fault resumes at a stub of its own rather than at the out-of-bounds trap
// (MasmX64::guarded_access: an address computed without wrapping at 2^32).
template <class Label>
struct WrapResume {
  uint32_t site;  // the access instruction's offset
  Label stub;
  Label back;     // just past the access instruction, where the stub returns
  uint32_t retry; // the offset of the stub's own access (its fault is the out-of-bounds trap)
};

enum class Alu : uint8_t { Add, Sub, Mul, And, Or, Xor, Shl, ShrS, ShrU, Rotl, Rotr };
enum class Div : uint8_t { DivS, DivU, RemS, RemU };
enum class Cond : uint8_t { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU };
enum class Un : uint8_t {
  Eqz32, Eqz64, Clz32, Ctz32, Popcnt32, Clz64, Ctz64, Popcnt64,
  Extend8S32, Extend16S32, Extend8S64, Extend16S64, Extend32S64,
  Wrap, ExtendS, ExtendU,
};

enum class FBin : uint8_t { Add, Sub, Mul, Div, Min, Max, Copysign };
enum class FCmp : uint8_t { Eq, Ne, Lt, Gt, Le, Ge };
enum class FUn : uint8_t {
  Abs32, Neg32, Sqrt32, Ceil32, Floor32, Trunc32, Nearest32,
  Abs64, Neg64, Sqrt64, Ceil64, Floor64, Trunc64, Nearest64,
  F32FromI32S, F32FromI32U, F32FromI64S, F32FromI64U,
  F64FromI32S, F64FromI32U, F64FromI64S, F64FromI64U,
  Demote, Promote, Bits32, Bits64,
};

// The comparison that holds exactly when `c` does not (integers: no NaN).
constexpr Cond negate(Cond c) {
  switch (c) {
    case Cond::Eq: return Cond::Ne;
    case Cond::Ne: return Cond::Eq;
    case Cond::LtS: return Cond::GeS;
    case Cond::LtU: return Cond::GeU;
    case Cond::GtS: return Cond::LeS;
    case Cond::GtU: return Cond::LeU;
    case Cond::LeS: return Cond::GtS;
    case Cond::LeU: return Cond::GtU;
    case Cond::GeS: return Cond::LtS;
    case Cond::GeU: return Cond::LtU;
  }
  return c;
}

// A source operand: a frame slot, or an immediate (sign-extended to the operation's width).
struct Src {
  bool is_imm = false;
  uint32_t slot = 0;
  int64_t imm = 0;
  static Src of_slot(uint32_t s) { return {false, s, 0}; }
  static Src of_imm(int64_t v) { return {true, 0, v}; }
};

// A linear-memory address: an i32 in `base`, plus (with 32-bit wraparound) an immediate, a
// second slot, or a second slot shifted left (memory_ops.def), then the static offset (which
// does not wrap). Accesses go to memory 0.
struct Address {
  enum class Mode : uint8_t { Plain, AddImm, AddReg, AddShl };
  Mode mode = Mode::Plain;
  uint32_t base = 0;
  uint32_t index = 0;  // AddImm: the immediate; AddReg / AddShl: the second slot
  uint32_t shift = 0;  // AddShl
  uint32_t offset = 0;
  // AddImm: the backend may add the immediate without wrapping at 2^32 (AddressFolds): x + c
  // stays below 2^32 (address_bounds.h), or a test asks for the fold regardless.
  bool cannot_wrap = false;
};

// One scalar access: its width in bytes, and for loads whether it sign-extends and to what.
struct Access {
  uint8_t bytes = 4;
  bool sign = false;
  bool result64 = false;  // the loaded value is an i64 / f64 cell (sign-extend to 64 bits)
  bool is_float = false;  // an f32 / f64 (its bits moved unchanged)
};

}  // namespace zwasm::jit
