// Exact scalar numeric semantics (spec 4.3.2 - 4.3.4) for every instruction whose meaning is not
// a single C++ operator. Header-only: the interpreter (and later the JIT's slow paths) inline these.
//
// Conventions
//   * Integers travel as their unsigned bit patterns (uint32_t / uint64_t), as in a frame cell;
//     signed interpretations are made locally, so nothing here has signed-overflow UB.
//   * Floats travel as float / double. On x86-64 (SSE) and ARM64 passing a float by value never
//     changes its bits, so signalling NaNs survive calls; the sign/payload ops below (abs, neg,
//     copysign) still work on the bit pattern so they never quiet anything.
//   * Trapping ops return a TrapCode (None on success) and write their value through `out`:
//       uint32_t r;
//       if (TrapCode t = num::i32_div_s(a, b, r); t != TrapCode::None) { ...trap t... }
//   * NaN results (spec 4.3.3 "nans"): when an operation produces a NaN, the spec allows any
//     canonical NaN if every NaN operand is canonical, else any arithmetic (quiet) NaN. IEEE
//     hardware arithmetic already satisfies that for add/sub/mul/div/sqrt (use C++ operators and
//     std::sqrt directly). The ops that are not one hardware instruction are made deterministic
//     here: min/max return the positive canonical NaN; rounding ops return the operand quieted.
//   * Requires round-to-nearest-even (the default FP environment) and no FMA contraction across
//     separate wasm ops (build with -ffp-contract=off; nothing in this header contracts).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "runtime/base/trap.h"

#if defined(__GNUC__) || defined(__clang__)
#define ZW_NUM_INLINE inline __attribute__((always_inline))
#else
#define ZW_NUM_INLINE inline
#endif

namespace zwasm::num {

// ---------------------------------------------------------------------------------------------
// Bit views of floats (reinterpret, spec 4.3.4).

ZW_NUM_INLINE uint32_t f32_bits(float x) { return std::bit_cast<uint32_t>(x); }
ZW_NUM_INLINE uint64_t f64_bits(double x) { return std::bit_cast<uint64_t>(x); }
ZW_NUM_INLINE float f32_from_bits(uint32_t b) { return std::bit_cast<float>(b); }
ZW_NUM_INLINE double f64_from_bits(uint64_t b) { return std::bit_cast<double>(b); }

inline constexpr uint32_t kF32SignBit = 0x80000000u;
inline constexpr uint64_t kF64SignBit = 0x8000000000000000ull;
inline constexpr uint32_t kF32QuietBit = 0x00400000u;          // top mantissa bit
inline constexpr uint64_t kF64QuietBit = 0x0008000000000000ull;
inline constexpr uint32_t kF32CanonicalNaN = 0x7FC00000u;      // +nan(canon), spec 4.3.3
inline constexpr uint64_t kF64CanonicalNaN = 0x7FF8000000000000ull;

ZW_NUM_INLINE float f32_canonical_nan() { return f32_from_bits(kF32CanonicalNaN); }
ZW_NUM_INLINE double f64_canonical_nan() { return f64_from_bits(kF64CanonicalNaN); }

// The NaN `x` made quiet (arithmetic), sign and payload kept. Only meaningful for a NaN.
ZW_NUM_INLINE float f32_quiet(float x) { return f32_from_bits(f32_bits(x) | kF32QuietBit); }
ZW_NUM_INLINE double f64_quiet(double x) { return f64_from_bits(f64_bits(x) | kF64QuietBit); }

// ---------------------------------------------------------------------------------------------
// Integer division and remainder (spec 4.3.2 idiv_s/idiv_u/irem_s/irem_u).

ZW_NUM_INLINE TrapCode i32_div_s(uint32_t a, uint32_t b, uint32_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  // The quotient 2^31 of INT_MIN / -1 is not representable.
  if (a == 0x80000000u && b == 0xFFFFFFFFu) return TrapCode::IntegerOverflow;
  out = static_cast<uint32_t>(static_cast<int32_t>(a) / static_cast<int32_t>(b));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i32_div_u(uint32_t a, uint32_t b, uint32_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  out = a / b;
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i32_rem_s(uint32_t a, uint32_t b, uint32_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  // INT_MIN % -1 is 0 in wasm, but UB (it traps on x86) in C++.
  if (b == 0xFFFFFFFFu) {
    out = 0;
    return TrapCode::None;
  }
  out = static_cast<uint32_t>(static_cast<int32_t>(a) % static_cast<int32_t>(b));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i32_rem_u(uint32_t a, uint32_t b, uint32_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  out = a % b;
  return TrapCode::None;
}

ZW_NUM_INLINE TrapCode i64_div_s(uint64_t a, uint64_t b, uint64_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  if (a == 0x8000000000000000ull && b == ~0ull) return TrapCode::IntegerOverflow;
  out = static_cast<uint64_t>(static_cast<int64_t>(a) / static_cast<int64_t>(b));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_div_u(uint64_t a, uint64_t b, uint64_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  out = a / b;
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_rem_s(uint64_t a, uint64_t b, uint64_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  if (b == ~0ull) {
    out = 0;
    return TrapCode::None;
  }
  out = static_cast<uint64_t>(static_cast<int64_t>(a) % static_cast<int64_t>(b));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_rem_u(uint64_t a, uint64_t b, uint64_t& out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  out = a % b;
  return TrapCode::None;
}

// ---------------------------------------------------------------------------------------------
// Shifts and rotates: the count is taken modulo the bit width (spec 4.3.2 ishl etc.).

ZW_NUM_INLINE uint32_t i32_shl(uint32_t a, uint32_t k) { return a << (k & 31); }
ZW_NUM_INLINE uint32_t i32_shr_u(uint32_t a, uint32_t k) { return a >> (k & 31); }
// C++20 defines >> of a negative signed value as an arithmetic shift.
ZW_NUM_INLINE uint32_t i32_shr_s(uint32_t a, uint32_t k) {
  return static_cast<uint32_t>(static_cast<int32_t>(a) >> (k & 31));
}
ZW_NUM_INLINE uint32_t i32_rotl(uint32_t a, uint32_t k) { return std::rotl(a, static_cast<int>(k & 31)); }
ZW_NUM_INLINE uint32_t i32_rotr(uint32_t a, uint32_t k) { return std::rotr(a, static_cast<int>(k & 31)); }

ZW_NUM_INLINE uint64_t i64_shl(uint64_t a, uint64_t k) { return a << (k & 63); }
ZW_NUM_INLINE uint64_t i64_shr_u(uint64_t a, uint64_t k) { return a >> (k & 63); }
ZW_NUM_INLINE uint64_t i64_shr_s(uint64_t a, uint64_t k) {
  return static_cast<uint64_t>(static_cast<int64_t>(a) >> (k & 63));
}
ZW_NUM_INLINE uint64_t i64_rotl(uint64_t a, uint64_t k) { return std::rotl(a, static_cast<int>(k & 63)); }
ZW_NUM_INLINE uint64_t i64_rotr(uint64_t a, uint64_t k) { return std::rotr(a, static_cast<int>(k & 63)); }

// ---------------------------------------------------------------------------------------------
// Bit counting (defined for 0: clz(0) = ctz(0) = width).

ZW_NUM_INLINE uint32_t i32_clz(uint32_t a) { return static_cast<uint32_t>(std::countl_zero(a)); }
ZW_NUM_INLINE uint32_t i32_ctz(uint32_t a) { return static_cast<uint32_t>(std::countr_zero(a)); }
ZW_NUM_INLINE uint32_t i32_popcnt(uint32_t a) { return static_cast<uint32_t>(std::popcount(a)); }
ZW_NUM_INLINE uint64_t i64_clz(uint64_t a) { return static_cast<uint64_t>(std::countl_zero(a)); }
ZW_NUM_INLINE uint64_t i64_ctz(uint64_t a) { return static_cast<uint64_t>(std::countr_zero(a)); }
ZW_NUM_INLINE uint64_t i64_popcnt(uint64_t a) { return static_cast<uint64_t>(std::popcount(a)); }

// ---------------------------------------------------------------------------------------------
// Sign extension and integer width conversions (spec 4.3.2 iextend_s, 4.3.4 wrap/extend).
// Conversions to a narrower signed type are modular in C++20.

ZW_NUM_INLINE uint32_t i32_extend8_s(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
}
ZW_NUM_INLINE uint32_t i32_extend16_s(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
}
ZW_NUM_INLINE uint64_t i64_extend8_s(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
ZW_NUM_INLINE uint64_t i64_extend16_s(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
ZW_NUM_INLINE uint64_t i64_extend32_s(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}
ZW_NUM_INLINE uint32_t i32_wrap_i64(uint64_t a) { return static_cast<uint32_t>(a); }
ZW_NUM_INLINE uint64_t i64_extend_i32_s(uint32_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}
ZW_NUM_INLINE uint64_t i64_extend_i32_u(uint32_t a) { return a; }

// ---------------------------------------------------------------------------------------------
// Sign and payload operations: pure bit operations that keep NaN payloads exactly
// (spec 4.3.3 fabs/fneg/fcopysign are defined on the sign bit alone).

ZW_NUM_INLINE float f32_abs(float x) { return f32_from_bits(f32_bits(x) & ~kF32SignBit); }
ZW_NUM_INLINE float f32_neg(float x) { return f32_from_bits(f32_bits(x) ^ kF32SignBit); }
ZW_NUM_INLINE float f32_copysign(float x, float y) {
  return f32_from_bits((f32_bits(x) & ~kF32SignBit) | (f32_bits(y) & kF32SignBit));
}
ZW_NUM_INLINE double f64_abs(double x) { return f64_from_bits(f64_bits(x) & ~kF64SignBit); }
ZW_NUM_INLINE double f64_neg(double x) { return f64_from_bits(f64_bits(x) ^ kF64SignBit); }
ZW_NUM_INLINE double f64_copysign(double x, double y) {
  return f64_from_bits((f64_bits(x) & ~kF64SignBit) | (f64_bits(y) & kF64SignBit));
}

// ---------------------------------------------------------------------------------------------
// min / max (spec 4.3.3 fmin/fmax): a NaN operand gives a NaN; -0 is below +0. Unlike C's
// fmin/fmax, NaN is not ignored; unlike x86 minss, the result does not depend on operand order.

template <typename F>
ZW_NUM_INLINE F float_min_impl(F a, F b, F nan) {
  if (a != a || b != b) return nan;
  if (a == b) return std::signbit(a) ? a : b;  // equal: only ±0 can differ; prefer -0
  return a < b ? a : b;
}
template <typename F>
ZW_NUM_INLINE F float_max_impl(F a, F b, F nan) {
  if (a != a || b != b) return nan;
  if (a == b) return std::signbit(a) ? b : a;  // prefer +0
  return a > b ? a : b;
}
ZW_NUM_INLINE float f32_min(float a, float b) { return float_min_impl(a, b, f32_canonical_nan()); }
ZW_NUM_INLINE float f32_max(float a, float b) { return float_max_impl(a, b, f32_canonical_nan()); }
ZW_NUM_INLINE double f64_min(double a, double b) { return float_min_impl(a, b, f64_canonical_nan()); }
ZW_NUM_INLINE double f64_max(double a, double b) { return float_max_impl(a, b, f64_canonical_nan()); }

// ---------------------------------------------------------------------------------------------
// Rounding to an integral value (spec 4.3.3 fceil/ffloor/ftrunc/fnearest). A NaN comes back
// quieted (payload kept); ±0, ±inf and values that are already integral come back unchanged;
// a result of zero keeps the operand's sign (ceil(-0.5) = -0, nearest(-0.4) = -0).

ZW_NUM_INLINE float f32_ceil(float x) { return x != x ? f32_quiet(x) : std::ceil(x); }
ZW_NUM_INLINE float f32_floor(float x) { return x != x ? f32_quiet(x) : std::floor(x); }
ZW_NUM_INLINE float f32_trunc(float x) { return x != x ? f32_quiet(x) : std::trunc(x); }
ZW_NUM_INLINE double f64_ceil(double x) { return x != x ? f64_quiet(x) : std::ceil(x); }
ZW_NUM_INLINE double f64_floor(double x) { return x != x ? f64_quiet(x) : std::floor(x); }
ZW_NUM_INLINE double f64_trunc(double x) { return x != x ? f64_quiet(x) : std::trunc(x); }

// Round half to even. Every float with magnitude >= 2^23 (2^52 for double) is already integral.
// Below that, adding and subtracting 2^23 makes the FPU round the fraction away in the default
// round-to-nearest-even mode; copysign restores the sign of a zero result.
ZW_NUM_INLINE float f32_nearest(float x) {
  if (x != x) return f32_quiet(x);
  const float magnitude = f32_abs(x);
  constexpr float kTwo23 = 8388608.0f;
  if (!(magnitude < kTwo23)) return x;
  const float rounded = (magnitude + kTwo23) - kTwo23;
  return f32_copysign(rounded, x);
}
ZW_NUM_INLINE double f64_nearest(double x) {
  if (x != x) return f64_quiet(x);
  const double magnitude = f64_abs(x);
  constexpr double kTwo52 = 4503599627370496.0;
  if (!(magnitude < kTwo52)) return x;
  const double rounded = (magnitude + kTwo52) - kTwo52;
  return f64_copysign(rounded, x);
}

// IEEE square root is correctly rounded in hardware; a NaN result (negative or NaN operand) is
// the hardware default / propagated quiet NaN, which is what the spec allows.
ZW_NUM_INLINE float f32_sqrt(float x) { return std::sqrt(x); }
ZW_NUM_INLINE double f64_sqrt(double x) { return std::sqrt(x); }

// ---------------------------------------------------------------------------------------------
// Trapping float -> int truncation (spec 4.3.4 trunc_u/trunc_s). The bounds are exclusive on the
// truncated value: x is valid iff trunc(x) is representable, i.e. lower < x < upper with
//   signed N:   lower = -2^(N-1) - 1,  upper = 2^(N-1)
//   unsigned N: lower = -1,            upper = 2^N
// Written as comparisons against exactly representable constants; a NaN fails every comparison.
// Inside the range, C++'s float->int conversion truncates toward zero and is defined.

ZW_NUM_INLINE TrapCode i32_trunc_f32_s(float x, uint32_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  // -2^31 - 1 is not a float; the float just below -2^31 is -2^31 - 128, already invalid.
  if (!(x >= -2147483648.0f && x < 2147483648.0f)) return TrapCode::IntegerOverflow;
  out = static_cast<uint32_t>(static_cast<int32_t>(x));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i32_trunc_f32_u(float x, uint32_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  if (!(x > -1.0f && x < 4294967296.0f)) return TrapCode::IntegerOverflow;
  out = static_cast<uint32_t>(x);
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i32_trunc_f64_s(double x, uint32_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  if (!(x > -2147483649.0 && x < 2147483648.0)) return TrapCode::IntegerOverflow;
  out = static_cast<uint32_t>(static_cast<int32_t>(x));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i32_trunc_f64_u(double x, uint32_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  if (!(x > -1.0 && x < 4294967296.0)) return TrapCode::IntegerOverflow;
  out = static_cast<uint32_t>(x);
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_trunc_f32_s(float x, uint64_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  if (!(x >= -9223372036854775808.0f && x < 9223372036854775808.0f)) return TrapCode::IntegerOverflow;
  out = static_cast<uint64_t>(static_cast<int64_t>(x));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_trunc_f32_u(float x, uint64_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  if (!(x > -1.0f && x < 18446744073709551616.0f)) return TrapCode::IntegerOverflow;
  out = static_cast<uint64_t>(x);
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_trunc_f64_s(double x, uint64_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  // -2^63 - 1 is not a double; the double below -2^63 is -2^63 - 2048, already invalid.
  if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return TrapCode::IntegerOverflow;
  out = static_cast<uint64_t>(static_cast<int64_t>(x));
  return TrapCode::None;
}
ZW_NUM_INLINE TrapCode i64_trunc_f64_u(double x, uint64_t& out) {
  if (x != x) return TrapCode::InvalidConversion;
  if (!(x > -1.0 && x < 18446744073709551616.0)) return TrapCode::IntegerOverflow;
  out = static_cast<uint64_t>(x);
  return TrapCode::None;
}

// ---------------------------------------------------------------------------------------------
// Saturating float -> int truncation (spec 4.3.4 trunc_sat_u/trunc_sat_s): NaN -> 0, values
// beyond the range clamp to its ends (including ±inf).

ZW_NUM_INLINE uint32_t i32_trunc_sat_f32_s(float x) {
  if (x != x) return 0;
  if (x < -2147483648.0f) return 0x80000000u;
  if (x >= 2147483648.0f) return 0x7FFFFFFFu;
  return static_cast<uint32_t>(static_cast<int32_t>(x));
}
ZW_NUM_INLINE uint32_t i32_trunc_sat_f32_u(float x) {
  if (!(x > -1.0f)) return 0;  // NaN too
  if (x >= 4294967296.0f) return 0xFFFFFFFFu;
  return static_cast<uint32_t>(x);
}
ZW_NUM_INLINE uint32_t i32_trunc_sat_f64_s(double x) {
  if (x != x) return 0;
  if (x <= -2147483649.0) return 0x80000000u;
  if (x >= 2147483648.0) return 0x7FFFFFFFu;
  return static_cast<uint32_t>(static_cast<int32_t>(x));
}
ZW_NUM_INLINE uint32_t i32_trunc_sat_f64_u(double x) {
  if (!(x > -1.0)) return 0;
  if (x >= 4294967296.0) return 0xFFFFFFFFu;
  return static_cast<uint32_t>(x);
}
ZW_NUM_INLINE uint64_t i64_trunc_sat_f32_s(float x) {
  if (x != x) return 0;
  if (x < -9223372036854775808.0f) return 0x8000000000000000ull;
  if (x >= 9223372036854775808.0f) return 0x7FFFFFFFFFFFFFFFull;
  return static_cast<uint64_t>(static_cast<int64_t>(x));
}
ZW_NUM_INLINE uint64_t i64_trunc_sat_f32_u(float x) {
  if (!(x > -1.0f)) return 0;
  if (x >= 18446744073709551616.0f) return ~0ull;
  return static_cast<uint64_t>(x);
}
ZW_NUM_INLINE uint64_t i64_trunc_sat_f64_s(double x) {
  if (x != x) return 0;
  if (x < -9223372036854775808.0) return 0x8000000000000000ull;
  if (x >= 9223372036854775808.0) return 0x7FFFFFFFFFFFFFFFull;
  return static_cast<uint64_t>(static_cast<int64_t>(x));
}
ZW_NUM_INLINE uint64_t i64_trunc_sat_f64_u(double x) {
  if (!(x > -1.0)) return 0;
  if (x >= 18446744073709551616.0) return ~0ull;
  return static_cast<uint64_t>(x);
}

// ---------------------------------------------------------------------------------------------
// int -> float conversion (spec 4.3.4 convert_u/convert_s): one rounding, to nearest even.
// Converting straight from the integer type is a single correctly rounded hardware conversion;
// going through an intermediate float type would round twice (e.g. i64 -> f64 -> f32).

ZW_NUM_INLINE float f32_convert_i32_s(uint32_t a) { return static_cast<float>(static_cast<int32_t>(a)); }
// Via int64 so that no unsigned-conversion sequence is needed: every u32 is an exact int64.
ZW_NUM_INLINE float f32_convert_i32_u(uint32_t a) { return static_cast<float>(static_cast<int64_t>(a)); }
ZW_NUM_INLINE float f32_convert_i64_s(uint64_t a) { return static_cast<float>(static_cast<int64_t>(a)); }
// u64 >= 2^63 has no signed conversion: halve it first, folding the shifted-out bit into bit 0
// ("round to odd" sticky bit) so the one rounding of the half is the correct rounding of the
// whole; doubling is then exact. Spelled out instead of trusting the compiler's lowering.
ZW_NUM_INLINE float f32_convert_i64_u(uint64_t a) {
  if (static_cast<int64_t>(a) >= 0) return static_cast<float>(static_cast<int64_t>(a));
  const uint64_t half = (a >> 1) | (a & 1);
  const float rounded_half = static_cast<float>(static_cast<int64_t>(half));
  return rounded_half + rounded_half;
}
ZW_NUM_INLINE double f64_convert_i32_s(uint32_t a) { return static_cast<double>(static_cast<int32_t>(a)); }
ZW_NUM_INLINE double f64_convert_i32_u(uint32_t a) { return static_cast<double>(a); }
ZW_NUM_INLINE double f64_convert_i64_s(uint64_t a) { return static_cast<double>(static_cast<int64_t>(a)); }
ZW_NUM_INLINE double f64_convert_i64_u(uint64_t a) {
  if (static_cast<int64_t>(a) >= 0) return static_cast<double>(static_cast<int64_t>(a));
  const uint64_t half = (a >> 1) | (a & 1);
  const double rounded_half = static_cast<double>(static_cast<int64_t>(half));
  return rounded_half + rounded_half;
}

// ---------------------------------------------------------------------------------------------
// Float width conversions (spec 4.3.4 demote/promote). Finite values: one IEEE rounding (demote)
// or exact (promote). NaN: made explicit so every platform agrees: the sign and the top payload
// bits are kept and the quiet bit set, so a canonical NaN stays canonical and any other NaN
// becomes an arithmetic NaN, as the spec requires.

ZW_NUM_INLINE float f32_demote_f64(double x) {
  if (x != x) {
    const uint64_t b = f64_bits(x);
    const uint32_t sign = static_cast<uint32_t>(b >> 32) & kF32SignBit;
    const uint32_t payload = static_cast<uint32_t>((b >> 29) & 0x007FFFFFu);
    return f32_from_bits(sign | 0x7F800000u | kF32QuietBit | payload);
  }
  return static_cast<float>(x);
}
ZW_NUM_INLINE double f64_promote_f32(float x) {
  if (x != x) {
    const uint32_t b = f32_bits(x);
    const uint64_t sign = static_cast<uint64_t>(b & kF32SignBit) << 32;
    const uint64_t payload = static_cast<uint64_t>(b & 0x007FFFFFu) << 29;
    return f64_from_bits(sign | 0x7FF0000000000000ull | kF64QuietBit | payload);
  }
  return static_cast<double>(x);
}

// Reinterpretations are bit copies; listed for completeness of the op table.
ZW_NUM_INLINE uint32_t i32_reinterpret_f32(float x) { return f32_bits(x); }
ZW_NUM_INLINE uint64_t i64_reinterpret_f64(double x) { return f64_bits(x); }
ZW_NUM_INLINE float f32_reinterpret_i32(uint32_t a) { return f32_from_bits(a); }
ZW_NUM_INLINE double f64_reinterpret_i64(uint64_t a) { return f64_from_bits(a); }

}  // namespace zwasm::num
