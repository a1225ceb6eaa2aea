// The x86-64 backend's register roles and small operand helpers, shared by its source files
// (masm_x64.h describes the roles).
#pragma once

#include <asmjit/x86.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>

#include "codegen/masm.h"

namespace zwasm::jit::x64 {

using namespace asmjit;
using namespace asmjit::x86;

inline const Gp kCtx = rbx;  // ExecContext*
inline const Gp kFp = r12;   // the frame (cells)
inline const Gp kMem = r14;  // memory 0's base

// The allocatable registers, in the allocator's numbering (regalloc.h RegisterFile).
inline const Gp kHomeGp[] = {rsi, rdi, r8, r9, r10, r11, rbp, r13, r15};
constexpr uint32_t kHomeGpPreserved = 7u << 6;  // rbp, r13, r15
inline const Xmm kHomeFp[] = {xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10,
                              xmm11, xmm12, xmm13, xmm14, xmm15};

// The body convention passes the first arguments of each class in the first allocatable
// registers of it (masm_x64_call.cpp).
constexpr uint32_t kArgRegisters = 4;

inline int32_t ctx_field(size_t offset) { return int32_t(offset); }

inline CondCode cc_of(Cond c) {
  switch (c) {
    case Cond::Eq: return CondCode::kE;
    case Cond::Ne: return CondCode::kNE;
    case Cond::LtS: return CondCode::kL;
    case Cond::LtU: return CondCode::kB;
    case Cond::GtS: return CondCode::kG;
    case Cond::GtU: return CondCode::kA;
    case Cond::LeS: return CondCode::kLE;
    case Cond::LeU: return CondCode::kBE;
    case Cond::GeS: return CondCode::kGE;
    case Cond::GeU: return CondCode::kAE;
  }
  return CondCode::kE;
}

inline bool fits_int32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

// The 32- or 64-bit view of a general register.
inline Gp width(const Gp& r64, unsigned bits) { return bits == 64 ? Gp(r64.r64()) : Gp(r64.r32()); }

// A general register's view of `bytes` bytes.
inline Gp sized(const Gp& r, unsigned bytes) {
  switch (bytes) {
    case 1: return r.r8();
    case 2: return r.r16();
    case 4: return r.r32();
    default: return r.r64();
  }
}

}  // namespace zwasm::jit::x64
