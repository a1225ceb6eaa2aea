// SIMD floating-point ops and float <-> int lane conversions (spec 4.3.3 / 4.3.4 applied
// lane-wise, 4.4.3 vector instructions). Each lane follows exactly the scalar rule in
// runtime/semantics/numeric.h (same NaN, signed-zero and rounding behaviour), so the scalar and
// vector results of one operation always agree.
// Included through runtime/semantics/simd.h; see there for the naming contract.
#pragma once

#include <cmath>
#include <cstdint>

#include "runtime/semantics/numeric.h"
#include "runtime/semantics/simd_lanes.h"

namespace zwasm::simd {

// ---------------------------------------------------------------------------------------------
// Comparisons (spec 4.4.3.8): IEEE ordered comparisons, so any NaN lane compares false except
// for ne, which is true.

ZW_SIMD_INLINE V128 F32x4Eq(V128 a, V128 b) { return detail::compare<float>(a, b, [](float x, float y) { return x == y; }); }
ZW_SIMD_INLINE V128 F32x4Ne(V128 a, V128 b) { return detail::compare<float>(a, b, [](float x, float y) { return x != y; }); }
ZW_SIMD_INLINE V128 F32x4Lt(V128 a, V128 b) { return detail::compare<float>(a, b, [](float x, float y) { return x < y; }); }
ZW_SIMD_INLINE V128 F32x4Gt(V128 a, V128 b) { return detail::compare<float>(a, b, [](float x, float y) { return x > y; }); }
ZW_SIMD_INLINE V128 F32x4Le(V128 a, V128 b) { return detail::compare<float>(a, b, [](float x, float y) { return x <= y; }); }
ZW_SIMD_INLINE V128 F32x4Ge(V128 a, V128 b) { return detail::compare<float>(a, b, [](float x, float y) { return x >= y; }); }
ZW_SIMD_INLINE V128 F64x2Eq(V128 a, V128 b) { return detail::compare<double>(a, b, [](double x, double y) { return x == y; }); }
ZW_SIMD_INLINE V128 F64x2Ne(V128 a, V128 b) { return detail::compare<double>(a, b, [](double x, double y) { return x != y; }); }
ZW_SIMD_INLINE V128 F64x2Lt(V128 a, V128 b) { return detail::compare<double>(a, b, [](double x, double y) { return x < y; }); }
ZW_SIMD_INLINE V128 F64x2Gt(V128 a, V128 b) { return detail::compare<double>(a, b, [](double x, double y) { return x > y; }); }
ZW_SIMD_INLINE V128 F64x2Le(V128 a, V128 b) { return detail::compare<double>(a, b, [](double x, double y) { return x <= y; }); }
ZW_SIMD_INLINE V128 F64x2Ge(V128 a, V128 b) { return detail::compare<double>(a, b, [](double x, double y) { return x >= y; }); }

// ---------------------------------------------------------------------------------------------
// Sign operations: bit operations that keep NaN payloads (spec 4.3.3 fabs/fneg).

ZW_SIMD_INLINE V128 F32x4Abs(V128 a) { return detail::map1<uint32_t>(a, [](uint32_t x) { return x & 0x7FFFFFFFu; }); }
ZW_SIMD_INLINE V128 F32x4Neg(V128 a) { return detail::map1<uint32_t>(a, [](uint32_t x) { return x ^ 0x80000000u; }); }
ZW_SIMD_INLINE V128 F64x2Abs(V128 a) {
  return detail::map1<uint64_t>(a, [](uint64_t x) { return x & 0x7FFFFFFFFFFFFFFFull; });
}
ZW_SIMD_INLINE V128 F64x2Neg(V128 a) {
  return detail::map1<uint64_t>(a, [](uint64_t x) { return x ^ 0x8000000000000000ull; });
}

// ---------------------------------------------------------------------------------------------
// Arithmetic: IEEE hardware arithmetic per lane (see numeric.h on NaN results).

ZW_SIMD_INLINE V128 F32x4Add(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return x + y; }); }
ZW_SIMD_INLINE V128 F32x4Sub(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return x - y; }); }
ZW_SIMD_INLINE V128 F32x4Mul(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return x * y; }); }
ZW_SIMD_INLINE V128 F32x4Div(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return x / y; }); }
ZW_SIMD_INLINE V128 F32x4Sqrt(V128 a) { return detail::map1<float>(a, [](float x) { return num::f32_sqrt(x); }); }
ZW_SIMD_INLINE V128 F64x2Add(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return x + y; }); }
ZW_SIMD_INLINE V128 F64x2Sub(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return x - y; }); }
ZW_SIMD_INLINE V128 F64x2Mul(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return x * y; }); }
ZW_SIMD_INLINE V128 F64x2Div(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return x / y; }); }
ZW_SIMD_INLINE V128 F64x2Sqrt(V128 a) { return detail::map1<double>(a, [](double x) { return num::f64_sqrt(x); }); }

// min / max: NaN in any operand gives a NaN, -0 < +0 (spec 4.3.3 fmin/fmax).
ZW_SIMD_INLINE V128 F32x4Min(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return num::f32_min(x, y); }); }
ZW_SIMD_INLINE V128 F32x4Max(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return num::f32_max(x, y); }); }
ZW_SIMD_INLINE V128 F64x2Min(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return num::f64_min(x, y); }); }
ZW_SIMD_INLINE V128 F64x2Max(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return num::f64_max(x, y); }); }

// Pseudo-min/max (spec 4.3.3 fpmin/fpmax): pmin(a, b) = b < a ? b : a, pmax(a, b) = a < b ? b : a,
// plain IEEE comparisons with no NaN or signed-zero special cases; the chosen operand is
// returned bit-exact (a NaN stays as it was, even signalling).
ZW_SIMD_INLINE V128 F32x4Pmin(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return y < x ? y : x; }); }
ZW_SIMD_INLINE V128 F32x4Pmax(V128 a, V128 b) { return detail::map2<float>(a, b, [](float x, float y) { return x < y ? y : x; }); }
ZW_SIMD_INLINE V128 F64x2Pmin(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return y < x ? y : x; }); }
ZW_SIMD_INLINE V128 F64x2Pmax(V128 a, V128 b) { return detail::map2<double>(a, b, [](double x, double y) { return x < y ? y : x; }); }

// Rounding to integral values (spec 4.3.3 fceil/ffloor/ftrunc/fnearest).
ZW_SIMD_INLINE V128 F32x4Ceil(V128 a) { return detail::map1<float>(a, [](float x) { return num::f32_ceil(x); }); }
ZW_SIMD_INLINE V128 F32x4Floor(V128 a) { return detail::map1<float>(a, [](float x) { return num::f32_floor(x); }); }
ZW_SIMD_INLINE V128 F32x4Trunc(V128 a) { return detail::map1<float>(a, [](float x) { return num::f32_trunc(x); }); }
ZW_SIMD_INLINE V128 F32x4Nearest(V128 a) { return detail::map1<float>(a, [](float x) { return num::f32_nearest(x); }); }
ZW_SIMD_INLINE V128 F64x2Ceil(V128 a) { return detail::map1<double>(a, [](double x) { return num::f64_ceil(x); }); }
ZW_SIMD_INLINE V128 F64x2Floor(V128 a) { return detail::map1<double>(a, [](double x) { return num::f64_floor(x); }); }
ZW_SIMD_INLINE V128 F64x2Trunc(V128 a) { return detail::map1<double>(a, [](double x) { return num::f64_trunc(x); }); }
ZW_SIMD_INLINE V128 F64x2Nearest(V128 a) { return detail::map1<double>(a, [](double x) { return num::f64_nearest(x); }); }

// ---------------------------------------------------------------------------------------------
// Conversions (spec 4.4.3.18 - 4.4.3.20).

// f32 lanes -> i32 lanes, saturating: NaN -> 0, out of range -> the nearest bound.
ZW_SIMD_INLINE V128 I32x4TruncSatF32x4S(V128 a) {
  const auto x = detail::unpack<float>(a);
  detail::Lanes<uint32_t> r;
  for (unsigned i = 0; i < 4; ++i) r.v[i] = num::i32_trunc_sat_f32_s(x.v[i]);
  return detail::pack(r);
}
ZW_SIMD_INLINE V128 I32x4TruncSatF32x4U(V128 a) {
  const auto x = detail::unpack<float>(a);
  detail::Lanes<uint32_t> r;
  for (unsigned i = 0; i < 4; ++i) r.v[i] = num::i32_trunc_sat_f32_u(x.v[i]);
  return detail::pack(r);
}
// f64 lanes -> i32 lanes 0 and 1; lanes 2 and 3 are zero.
ZW_SIMD_INLINE V128 I32x4TruncSatF64x2SZero(V128 a) {
  const auto x = detail::unpack<double>(a);
  detail::Lanes<uint32_t> r{{num::i32_trunc_sat_f64_s(x.v[0]), num::i32_trunc_sat_f64_s(x.v[1]), 0, 0}};
  return detail::pack(r);
}
ZW_SIMD_INLINE V128 I32x4TruncSatF64x2UZero(V128 a) {
  const auto x = detail::unpack<double>(a);
  detail::Lanes<uint32_t> r{{num::i32_trunc_sat_f64_u(x.v[0]), num::i32_trunc_sat_f64_u(x.v[1]), 0, 0}};
  return detail::pack(r);
}

// i32 lanes -> f32 lanes, rounded to nearest even (u32 values above 2^24 round).
ZW_SIMD_INLINE V128 F32x4ConvertI32x4S(V128 a) {
  const auto x = detail::unpack<uint32_t>(a);
  detail::Lanes<float> r;
  for (unsigned i = 0; i < 4; ++i) r.v[i] = num::f32_convert_i32_s(x.v[i]);
  return detail::pack(r);
}
ZW_SIMD_INLINE V128 F32x4ConvertI32x4U(V128 a) {
  const auto x = detail::unpack<uint32_t>(a);
  detail::Lanes<float> r;
  for (unsigned i = 0; i < 4; ++i) r.v[i] = num::f32_convert_i32_u(x.v[i]);
  return detail::pack(r);
}
// i32 lanes 0 and 1 -> f64 lanes (exact).
ZW_SIMD_INLINE V128 F64x2ConvertLowI32x4S(V128 a) {
  const auto x = detail::unpack<uint32_t>(a);
  detail::Lanes<double> r{{num::f64_convert_i32_s(x.v[0]), num::f64_convert_i32_s(x.v[1])}};
  return detail::pack(r);
}
ZW_SIMD_INLINE V128 F64x2ConvertLowI32x4U(V128 a) {
  const auto x = detail::unpack<uint32_t>(a);
  detail::Lanes<double> r{{num::f64_convert_i32_u(x.v[0]), num::f64_convert_i32_u(x.v[1])}};
  return detail::pack(r);
}

// f64 lanes -> f32 lanes 0 and 1 (rounded; NaN as scalar demote); lanes 2 and 3 are +0.
ZW_SIMD_INLINE V128 F32x4DemoteF64x2Zero(V128 a) {
  const auto x = detail::unpack<double>(a);
  detail::Lanes<float> r{{num::f32_demote_f64(x.v[0]), num::f32_demote_f64(x.v[1]), 0.0f, 0.0f}};
  return detail::pack(r);
}
// f32 lanes 0 and 1 -> f64 lanes (exact; NaN as scalar promote).
ZW_SIMD_INLINE V128 F64x2PromoteLowF32x4(V128 a) {
  const auto x = detail::unpack<float>(a);
  detail::Lanes<double> r{{num::f64_promote_f32(x.v[0]), num::f64_promote_f32(x.v[1])}};
  return detail::pack(r);
}

}  // namespace zwasm::simd
