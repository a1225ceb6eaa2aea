// The ARM64 backend's register roles and small operand helpers, shared by its source files
// (masm_a64.h describes the roles).
#pragma once

#include <asmjit/arm/a64assembler.h>
#include <asmjit/arm/a64operand.h>
#include <asmjit/arm/a64utils.h>

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "codegen/masm.h"

namespace zwasm::jit::a64 {

using namespace asmjit;
using namespace asmjit::a64;

inline const GpX kCtx = x19;  // ExecContext*
inline const GpX kFp = x20;   // the frame (cells)
inline const GpX kMem = x21;  // memory 0's base
// Scratch within one IR instruction: kT0-kT2 for values (the roles of rax, rcx, rdx on x86-64),
// kAddr for addresses (a memory access's, a far cell's). x18 is never touched: it is the
// platform register on Apple and Windows.
inline const GpX kT0 = x16;
inline const GpX kT1 = x17;
inline const GpX kT2 = x15;
inline const GpX kAddr = x14;
inline const VecV kV0 = v0;  // float and vector scratch
inline const VecV kV1 = v1;
inline const VecV kV2 = v2;

// The allocatable registers, in the allocator's numbering (regalloc.h RegisterFile): the
// argument and temporary registers first (x0-x13), then the callee-saved ones (x22-x28).
inline const GpX kHomeGp[] = {x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10,
                              x11, x12, x13, x22, x23, x24, x25, x26, x27, x28};
constexpr uint32_t kHomeGpPreserved = 0x7Fu << 14;  // x22-x28
// v3-v31. AAPCS64 preserves only the low 64 bits of v8-v15, which would keep a scalar but not a
// v128 across a call: the allocator is told no vector register survives a call, and the public
// entry saves d8-d15 for its caller.
inline const VecV kHomeFp[] = {v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17,
                               v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31};

// The body convention passes the first arguments of each class in the first allocatable
// registers of it (body_conv.h): x0-x3, v3-v6.
constexpr uint32_t kArgRegisters = 4;

inline CondCode cc_of(Cond c) {
  switch (c) {
    case Cond::Eq: return CondCode::kEQ;
    case Cond::Ne: return CondCode::kNE;
    case Cond::LtS: return CondCode::kLT;
    case Cond::LtU: return CondCode::kLO;
    case Cond::GtS: return CondCode::kGT;
    case Cond::GtU: return CondCode::kHI;
    case Cond::LeS: return CondCode::kLE;
    case Cond::LeU: return CondCode::kLS;
    case Cond::GeS: return CondCode::kGE;
    case Cond::GeU: return CondCode::kHS;
  }
  return CondCode::kEQ;
}

// The 32- or 64-bit view of a general register.
inline Gp width(const Gp& r, unsigned bits) { return bits == 64 ? Gp(r.x()) : Gp(r.w()); }
// The f32 (s) or f64 (d) view of a vector register.
inline Vec fwidth(const Vec& v, unsigned bits) { return bits == 64 ? Vec(v.d()) : Vec(v.s()); }

}  // namespace zwasm::jit::a64
