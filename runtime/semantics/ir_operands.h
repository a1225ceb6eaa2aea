// How an instruction's semantics read and write its operands in a frame, shared by everything
// that executes IR instructions one at a time: the interpreter's handlers and the JIT's
// out-of-line op helpers (codegen/op_helpers.cpp). With `fp` the frame (cells) and `ip` the
// instruction's words, word k of an operand is a slot; letters are the signature types of
// runtime/wasm/opcodes.def (i = i32, I = i64, f = f32, F = f64, V = v128).
//
// Also the scalar semantics of scalar_semantics.def as callable structs (Sem_<Name>::apply) and
// trapping<R>(), which adapts numeric.h's trapping helpers.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include "runtime/base/trap.h"
#include "runtime/base/types.h"
#include "runtime/semantics/numeric.h"
#include "runtime/semantics/simd.h"

namespace zwasm::semantics {

inline V128 load_v128(const Cell* p) {
  V128 v;
  std::memcpy(v.bytes, p, 16);
  return v;
}
inline void store_v128(Cell* p, const V128& v) { std::memcpy(p, v.bytes, 16); }

// Adapts a numeric.h trapping helper (returns a TrapCode, writes its value through `out`).
template <class R, class F, class... Args>
[[gnu::always_inline]] inline R trapping(TrapCode& trap, F f, Args... args) {
  R out{};
  trap = f(args..., out);
  return out;
}

// Scalar semantics (scalar_semantics.def) as callable structs; `b` is unused by unary ops.
#define ZW_SEM(name, expr)                                                            \
  struct Sem_##name {                                                                 \
    template <class A, class B = A>                                                   \
    [[gnu::always_inline]] static inline auto apply(TrapCode& trap, A a, B b = B{}) { \
      return (expr);                                                                  \
    }                                                                                 \
  };
#include "runtime/semantics/scalar_semantics.def"
#undef ZW_SEM

}  // namespace zwasm::semantics

// Operand access by signature letter; k is the operand's word index in the instruction.
#define ZW_RD_i(k) uint32_t(fp[ip[k]])
#define ZW_RD_I(k) uint64_t(fp[ip[k]])
#define ZW_RD_f(k) std::bit_cast<float>(uint32_t(fp[ip[k]]))
#define ZW_RD_F(k) std::bit_cast<double>(fp[ip[k]])
#define ZW_RD_V(k) ::zwasm::semantics::load_v128(fp + ip[k])
#define ZW_WR_i(k, v) (fp[ip[k]] = uint32_t(v))
#define ZW_WR_I(k, v) (fp[ip[k]] = uint64_t(v))
#define ZW_WR_f(k, v) (fp[ip[k]] = std::bit_cast<uint32_t>(float(v)))
#define ZW_WR_F(k, v) (fp[ip[k]] = std::bit_cast<uint64_t>(double(v)))
#define ZW_WR_V(k, v) ::zwasm::semantics::store_v128(fp + ip[k], (v))
