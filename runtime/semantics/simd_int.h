// SIMD integer ops (spec 4.3.2 integer operations applied lane-wise, 4.4.3 vector instructions).
// Included through runtime/semantics/simd.h; see there for the naming contract.
//
// Lane values are read as the signed or unsigned type the op interprets them as; wrapping
// arithmetic is done in detail::WideUnsigned<T> so that nothing overflows a signed type.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>

#include "runtime/semantics/simd_lanes.h"

namespace zwasm::simd {

namespace detail {

template <typename T>
ZW_SIMD_INLINE V128 add(V128 a, V128 b) {
  using W = WideUnsigned<T>;
  return map2<T>(a, b, [](T x, T y) { return static_cast<T>(static_cast<W>(x) + static_cast<W>(y)); });
}
template <typename T>
ZW_SIMD_INLINE V128 sub(V128 a, V128 b) {
  using W = WideUnsigned<T>;
  return map2<T>(a, b, [](T x, T y) { return static_cast<T>(static_cast<W>(x) - static_cast<W>(y)); });
}
template <typename T>
ZW_SIMD_INLINE V128 mul(V128 a, V128 b) {
  using W = WideUnsigned<T>;
  return map2<T>(a, b, [](T x, T y) { return static_cast<T>(static_cast<W>(x) * static_cast<W>(y)); });
}
template <typename T>
ZW_SIMD_INLINE V128 neg(V128 a) {
  using W = WideUnsigned<T>;
  return map1<T>(a, [](T x) { return static_cast<T>(W{0} - static_cast<W>(x)); });
}
// |x| with the wasm wrap-around: abs(INT_MIN) = INT_MIN (spec 4.3.2 iabs).
template <typename S>
ZW_SIMD_INLINE V128 abs(V128 a) {
  using W = WideUnsigned<S>;
  return map1<S>(a, [](S x) { return x < 0 ? static_cast<S>(W{0} - static_cast<W>(x)) : x; });
}
template <typename T>
ZW_SIMD_INLINE V128 min(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return x < y ? x : y; });
}
template <typename T>
ZW_SIMD_INLINE V128 max(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return x > y ? x : y; });
}

// Saturating add/sub (spec 4.3.2 iadd_sat/isub_sat): exact in int32 (lanes are 8 or 16 bits),
// then clamped to T's range.
template <typename T>
ZW_SIMD_INLINE T saturate_i32(int32_t v) {
  constexpr int32_t lo = std::numeric_limits<T>::min();
  constexpr int32_t hi = std::numeric_limits<T>::max();
  return static_cast<T>(v < lo ? lo : (v > hi ? hi : v));
}
template <typename T>
ZW_SIMD_INLINE V128 add_sat(V128 a, V128 b) {
  static_assert(sizeof(T) <= 2);
  return map2<T>(a, b, [](T x, T y) { return saturate_i32<T>(int32_t{x} + int32_t{y}); });
}
template <typename T>
ZW_SIMD_INLINE V128 sub_sat(V128 a, V128 b) {
  static_assert(sizeof(T) <= 2);
  return map2<T>(a, b, [](T x, T y) { return saturate_i32<T>(int32_t{x} - int32_t{y}); });
}

// Rounding average (spec 4.3.2 iavgr_u): (x + y + 1) / 2 without losing the carry.
template <typename U>
ZW_SIMD_INLINE V128 avgr_u(V128 a, V128 b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>((uint32_t{x} + uint32_t{y} + 1) >> 1); });
}

// Shifts take the count modulo the lane width (spec 4.4.3.9 shape.shl etc.).
template <typename T>
ZW_SIMD_INLINE V128 shl(V128 a, uint32_t count) {
  using W = WideUnsigned<T>;
  const unsigned k = count & (sizeof(T) * 8 - 1);
  return map1<T>(a, [k](T x) { return static_cast<T>(static_cast<W>(x) << k); });
}
// Arithmetic for a signed T (C++20 defines >> of negatives), logical for an unsigned T.
template <typename T>
ZW_SIMD_INLINE V128 shr(V128 a, uint32_t count) {
  const unsigned k = count & (sizeof(T) * 8 - 1);
  return map1<T>(a, [k](T x) { return static_cast<T>(x >> k); });
}

template <typename T>
ZW_SIMD_INLINE uint32_t all_true(V128 a) {
  const Lanes<T> x = unpack<T>(a);
  bool all = true;
  for (unsigned i = 0; i < kLanes<T>; ++i) all &= (x.v[i] != 0);
  return all ? 1u : 0u;
}
// Bit i of the result is the top (sign) bit of lane i.
template <typename S>
ZW_SIMD_INLINE uint32_t bitmask(V128 a) {
  const Lanes<S> x = unpack<S>(a);
  uint32_t mask = 0;
  for (unsigned i = 0; i < kLanes<S>; ++i) mask |= static_cast<uint32_t>(x.v[i] < 0) << i;
  return mask;
}

// Narrowing with saturation (spec 4.4.3.14 narrow): lanes of a, then lanes of b, each signed
// input lane clamped to the range of the narrow lane type To (int8_t/uint8_t/int16_t/uint16_t).
template <typename From, typename To>
ZW_SIMD_INLINE V128 narrow(V128 a, V128 b) {
  static_assert(std::is_signed_v<From> && sizeof(To) * 2 == sizeof(From));
  constexpr From lo = static_cast<From>(std::numeric_limits<To>::min());
  constexpr From hi = static_cast<From>(std::numeric_limits<To>::max());
  const Lanes<From> x = unpack<From>(a);
  const Lanes<From> y = unpack<From>(b);
  constexpr unsigned n = kLanes<From>;
  Lanes<To> r;
  for (unsigned i = 0; i < n; ++i) {
    r.v[i] = static_cast<To>(x.v[i] < lo ? lo : (x.v[i] > hi ? hi : x.v[i]));
    r.v[n + i] = static_cast<To>(y.v[i] < lo ? lo : (y.v[i] > hi ? hi : y.v[i]));
  }
  return pack(r);
}

// Widening: lanes [first, first + lanes(To)) of a, as From, extended to To (sign or zero by
// From's signedness). first = 0 for _low, lanes(To) for _high.
template <typename From, typename To>
ZW_SIMD_INLINE V128 extend(V128 a, unsigned first) {
  const Lanes<From> x = unpack<From>(a);
  Lanes<To> r;
  for (unsigned i = 0; i < kLanes<To>; ++i) r.v[i] = static_cast<To>(x.v[first + i]);
  return pack(r);
}

// Widening multiply of the selected half (spec 4.4.3.16 extmul). The product of two From values
// always fits in To, so it is computed exactly in To's 64-bit-safe arithmetic type.
template <typename From, typename To>
ZW_SIMD_INLINE V128 extmul(V128 a, V128 b, unsigned first) {
  using Exact = std::conditional_t<std::is_signed_v<From>, int64_t, uint64_t>;
  const Lanes<From> x = unpack<From>(a);
  const Lanes<From> y = unpack<From>(b);
  Lanes<To> r;
  for (unsigned i = 0; i < kLanes<To>; ++i) {
    r.v[i] = static_cast<To>(static_cast<Exact>(x.v[first + i]) * static_cast<Exact>(y.v[first + i]));
  }
  return pack(r);
}

// Sum of adjacent lane pairs, widened (spec 4.4.3.17 extadd_pairwise): never overflows To.
template <typename From, typename To>
ZW_SIMD_INLINE V128 extadd_pairwise(V128 a) {
  const Lanes<From> x = unpack<From>(a);
  Lanes<To> r;
  for (unsigned i = 0; i < kLanes<To>; ++i) {
    r.v[i] = static_cast<To>(static_cast<To>(x.v[2 * i]) + static_cast<To>(x.v[2 * i + 1]));
  }
  return pack(r);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Comparisons (spec 4.4.3.8 vrelop). i64x2 has signed comparisons only.

ZW_SIMD_INLINE V128 I8x16Eq(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, [](auto x, auto y) { return x == y; }); }
ZW_SIMD_INLINE V128 I8x16Ne(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, [](auto x, auto y) { return x != y; }); }
ZW_SIMD_INLINE V128 I8x16LtS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I8x16LtU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I8x16GtS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I8x16GtU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I8x16LeS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I8x16LeU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I8x16GeS(V128 a, V128 b) { return detail::compare<int8_t>(a, b, [](auto x, auto y) { return x >= y; }); }
ZW_SIMD_INLINE V128 I8x16GeU(V128 a, V128 b) { return detail::compare<uint8_t>(a, b, [](auto x, auto y) { return x >= y; }); }

ZW_SIMD_INLINE V128 I16x8Eq(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, [](auto x, auto y) { return x == y; }); }
ZW_SIMD_INLINE V128 I16x8Ne(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, [](auto x, auto y) { return x != y; }); }
ZW_SIMD_INLINE V128 I16x8LtS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I16x8LtU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I16x8GtS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I16x8GtU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I16x8LeS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I16x8LeU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I16x8GeS(V128 a, V128 b) { return detail::compare<int16_t>(a, b, [](auto x, auto y) { return x >= y; }); }
ZW_SIMD_INLINE V128 I16x8GeU(V128 a, V128 b) { return detail::compare<uint16_t>(a, b, [](auto x, auto y) { return x >= y; }); }

ZW_SIMD_INLINE V128 I32x4Eq(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, [](auto x, auto y) { return x == y; }); }
ZW_SIMD_INLINE V128 I32x4Ne(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, [](auto x, auto y) { return x != y; }); }
ZW_SIMD_INLINE V128 I32x4LtS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I32x4LtU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I32x4GtS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I32x4GtU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I32x4LeS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I32x4LeU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I32x4GeS(V128 a, V128 b) { return detail::compare<int32_t>(a, b, [](auto x, auto y) { return x >= y; }); }
ZW_SIMD_INLINE V128 I32x4GeU(V128 a, V128 b) { return detail::compare<uint32_t>(a, b, [](auto x, auto y) { return x >= y; }); }

ZW_SIMD_INLINE V128 I64x2Eq(V128 a, V128 b) { return detail::compare<uint64_t>(a, b, [](auto x, auto y) { return x == y; }); }
ZW_SIMD_INLINE V128 I64x2Ne(V128 a, V128 b) { return detail::compare<uint64_t>(a, b, [](auto x, auto y) { return x != y; }); }
ZW_SIMD_INLINE V128 I64x2LtS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, [](auto x, auto y) { return x < y; }); }
ZW_SIMD_INLINE V128 I64x2GtS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, [](auto x, auto y) { return x > y; }); }
ZW_SIMD_INLINE V128 I64x2LeS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, [](auto x, auto y) { return x <= y; }); }
ZW_SIMD_INLINE V128 I64x2GeS(V128 a, V128 b) { return detail::compare<int64_t>(a, b, [](auto x, auto y) { return x >= y; }); }

// ---------------------------------------------------------------------------------------------
// Unary ops.

ZW_SIMD_INLINE V128 I8x16Abs(V128 a) { return detail::abs<int8_t>(a); }
ZW_SIMD_INLINE V128 I16x8Abs(V128 a) { return detail::abs<int16_t>(a); }
ZW_SIMD_INLINE V128 I32x4Abs(V128 a) { return detail::abs<int32_t>(a); }
ZW_SIMD_INLINE V128 I64x2Abs(V128 a) { return detail::abs<int64_t>(a); }
ZW_SIMD_INLINE V128 I8x16Neg(V128 a) { return detail::neg<uint8_t>(a); }
ZW_SIMD_INLINE V128 I16x8Neg(V128 a) { return detail::neg<uint16_t>(a); }
ZW_SIMD_INLINE V128 I32x4Neg(V128 a) { return detail::neg<uint32_t>(a); }
ZW_SIMD_INLINE V128 I64x2Neg(V128 a) { return detail::neg<uint64_t>(a); }
ZW_SIMD_INLINE V128 I8x16Popcnt(V128 a) {
  return detail::map1<uint8_t>(a, [](uint8_t x) { return static_cast<uint8_t>(std::popcount(x)); });
}

// ---------------------------------------------------------------------------------------------
// Reductions to an i32 (spec 4.4.3.10 all_true, 4.4.3.11 bitmask).

ZW_SIMD_INLINE uint32_t I8x16AllTrue(V128 a) { return detail::all_true<uint8_t>(a); }
ZW_SIMD_INLINE uint32_t I16x8AllTrue(V128 a) { return detail::all_true<uint16_t>(a); }
ZW_SIMD_INLINE uint32_t I32x4AllTrue(V128 a) { return detail::all_true<uint32_t>(a); }
ZW_SIMD_INLINE uint32_t I64x2AllTrue(V128 a) { return detail::all_true<uint64_t>(a); }
ZW_SIMD_INLINE uint32_t I8x16Bitmask(V128 a) { return detail::bitmask<int8_t>(a); }
ZW_SIMD_INLINE uint32_t I16x8Bitmask(V128 a) { return detail::bitmask<int16_t>(a); }
ZW_SIMD_INLINE uint32_t I32x4Bitmask(V128 a) { return detail::bitmask<int32_t>(a); }
ZW_SIMD_INLINE uint32_t I64x2Bitmask(V128 a) { return detail::bitmask<int64_t>(a); }

// ---------------------------------------------------------------------------------------------
// Shifts: count modulo the lane width.

ZW_SIMD_INLINE V128 I8x16Shl(V128 a, uint32_t x) { return detail::shl<uint8_t>(a, x); }
ZW_SIMD_INLINE V128 I8x16ShrS(V128 a, uint32_t x) { return detail::shr<int8_t>(a, x); }
ZW_SIMD_INLINE V128 I8x16ShrU(V128 a, uint32_t x) { return detail::shr<uint8_t>(a, x); }
ZW_SIMD_INLINE V128 I16x8Shl(V128 a, uint32_t x) { return detail::shl<uint16_t>(a, x); }
ZW_SIMD_INLINE V128 I16x8ShrS(V128 a, uint32_t x) { return detail::shr<int16_t>(a, x); }
ZW_SIMD_INLINE V128 I16x8ShrU(V128 a, uint32_t x) { return detail::shr<uint16_t>(a, x); }
ZW_SIMD_INLINE V128 I32x4Shl(V128 a, uint32_t x) { return detail::shl<uint32_t>(a, x); }
ZW_SIMD_INLINE V128 I32x4ShrS(V128 a, uint32_t x) { return detail::shr<int32_t>(a, x); }
ZW_SIMD_INLINE V128 I32x4ShrU(V128 a, uint32_t x) { return detail::shr<uint32_t>(a, x); }
ZW_SIMD_INLINE V128 I64x2Shl(V128 a, uint32_t x) { return detail::shl<uint64_t>(a, x); }
ZW_SIMD_INLINE V128 I64x2ShrS(V128 a, uint32_t x) { return detail::shr<int64_t>(a, x); }
ZW_SIMD_INLINE V128 I64x2ShrU(V128 a, uint32_t x) { return detail::shr<uint64_t>(a, x); }

// ---------------------------------------------------------------------------------------------
// Wrapping arithmetic.

ZW_SIMD_INLINE V128 I8x16Add(V128 a, V128 b) { return detail::add<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16Sub(V128 a, V128 b) { return detail::sub<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8Add(V128 a, V128 b) { return detail::add<uint16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8Sub(V128 a, V128 b) { return detail::sub<uint16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8Mul(V128 a, V128 b) { return detail::mul<uint16_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4Add(V128 a, V128 b) { return detail::add<uint32_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4Sub(V128 a, V128 b) { return detail::sub<uint32_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4Mul(V128 a, V128 b) { return detail::mul<uint32_t>(a, b); }
ZW_SIMD_INLINE V128 I64x2Add(V128 a, V128 b) { return detail::add<uint64_t>(a, b); }
ZW_SIMD_INLINE V128 I64x2Sub(V128 a, V128 b) { return detail::sub<uint64_t>(a, b); }
ZW_SIMD_INLINE V128 I64x2Mul(V128 a, V128 b) { return detail::mul<uint64_t>(a, b); }

// Saturating arithmetic.
ZW_SIMD_INLINE V128 I8x16AddSatS(V128 a, V128 b) { return detail::add_sat<int8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16AddSatU(V128 a, V128 b) { return detail::add_sat<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16SubSatS(V128 a, V128 b) { return detail::sub_sat<int8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16SubSatU(V128 a, V128 b) { return detail::sub_sat<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8AddSatS(V128 a, V128 b) { return detail::add_sat<int16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8AddSatU(V128 a, V128 b) { return detail::add_sat<uint16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8SubSatS(V128 a, V128 b) { return detail::sub_sat<int16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8SubSatU(V128 a, V128 b) { return detail::sub_sat<uint16_t>(a, b); }

// Min / max.
ZW_SIMD_INLINE V128 I8x16MinS(V128 a, V128 b) { return detail::min<int8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16MinU(V128 a, V128 b) { return detail::min<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16MaxS(V128 a, V128 b) { return detail::max<int8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16MaxU(V128 a, V128 b) { return detail::max<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8MinS(V128 a, V128 b) { return detail::min<int16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8MinU(V128 a, V128 b) { return detail::min<uint16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8MaxS(V128 a, V128 b) { return detail::max<int16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8MaxU(V128 a, V128 b) { return detail::max<uint16_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4MinS(V128 a, V128 b) { return detail::min<int32_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4MinU(V128 a, V128 b) { return detail::min<uint32_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4MaxS(V128 a, V128 b) { return detail::max<int32_t>(a, b); }
ZW_SIMD_INLINE V128 I32x4MaxU(V128 a, V128 b) { return detail::max<uint32_t>(a, b); }

// Rounding average.
ZW_SIMD_INLINE V128 I8x16AvgrU(V128 a, V128 b) { return detail::avgr_u<uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8AvgrU(V128 a, V128 b) { return detail::avgr_u<uint16_t>(a, b); }

// Q15 rounding multiply (spec 4.3.2 iq15mulr_sat_s): (x * y + 2^14) >> 15, saturated. Only
// -32768 * -32768 exceeds the i16 range.
ZW_SIMD_INLINE V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  return detail::map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    return detail::saturate_i32<int16_t>((int32_t{x} * int32_t{y} + 0x4000) >> 15);
  });
}

// Dot product of adjacent i16 pairs into i32 lanes. (-32768)^2 * 2 = 2^31 wraps to INT_MIN, so
// the sum is formed in 64 bits and wrapped.
ZW_SIMD_INLINE V128 I32x4DotI16x8S(V128 a, V128 b) {
  const auto x = detail::unpack<int16_t>(a);
  const auto y = detail::unpack<int16_t>(b);
  detail::Lanes<uint32_t> r;
  for (unsigned i = 0; i < 4; ++i) {
    const int64_t sum = int64_t{x.v[2 * i]} * y.v[2 * i] + int64_t{x.v[2 * i + 1]} * y.v[2 * i + 1];
    r.v[i] = static_cast<uint32_t>(sum);
  }
  return detail::pack(r);
}

// ---------------------------------------------------------------------------------------------
// Narrowing, widening, extended multiply, pairwise add.

ZW_SIMD_INLINE V128 I8x16NarrowI16x8S(V128 a, V128 b) { return detail::narrow<int16_t, int8_t>(a, b); }
ZW_SIMD_INLINE V128 I8x16NarrowI16x8U(V128 a, V128 b) { return detail::narrow<int16_t, uint8_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8NarrowI32x4S(V128 a, V128 b) { return detail::narrow<int32_t, int16_t>(a, b); }
ZW_SIMD_INLINE V128 I16x8NarrowI32x4U(V128 a, V128 b) { return detail::narrow<int32_t, uint16_t>(a, b); }

ZW_SIMD_INLINE V128 I16x8ExtendLowI8x16S(V128 a) { return detail::extend<int8_t, int16_t>(a, 0); }
ZW_SIMD_INLINE V128 I16x8ExtendHighI8x16S(V128 a) { return detail::extend<int8_t, int16_t>(a, 8); }
ZW_SIMD_INLINE V128 I16x8ExtendLowI8x16U(V128 a) { return detail::extend<uint8_t, uint16_t>(a, 0); }
ZW_SIMD_INLINE V128 I16x8ExtendHighI8x16U(V128 a) { return detail::extend<uint8_t, uint16_t>(a, 8); }
ZW_SIMD_INLINE V128 I32x4ExtendLowI16x8S(V128 a) { return detail::extend<int16_t, int32_t>(a, 0); }
ZW_SIMD_INLINE V128 I32x4ExtendHighI16x8S(V128 a) { return detail::extend<int16_t, int32_t>(a, 4); }
ZW_SIMD_INLINE V128 I32x4ExtendLowI16x8U(V128 a) { return detail::extend<uint16_t, uint32_t>(a, 0); }
ZW_SIMD_INLINE V128 I32x4ExtendHighI16x8U(V128 a) { return detail::extend<uint16_t, uint32_t>(a, 4); }
ZW_SIMD_INLINE V128 I64x2ExtendLowI32x4S(V128 a) { return detail::extend<int32_t, int64_t>(a, 0); }
ZW_SIMD_INLINE V128 I64x2ExtendHighI32x4S(V128 a) { return detail::extend<int32_t, int64_t>(a, 2); }
ZW_SIMD_INLINE V128 I64x2ExtendLowI32x4U(V128 a) { return detail::extend<uint32_t, uint64_t>(a, 0); }
ZW_SIMD_INLINE V128 I64x2ExtendHighI32x4U(V128 a) { return detail::extend<uint32_t, uint64_t>(a, 2); }

ZW_SIMD_INLINE V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) { return detail::extmul<int8_t, uint16_t>(a, b, 0); }
ZW_SIMD_INLINE V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) { return detail::extmul<int8_t, uint16_t>(a, b, 8); }
ZW_SIMD_INLINE V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) { return detail::extmul<uint8_t, uint16_t>(a, b, 0); }
ZW_SIMD_INLINE V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) { return detail::extmul<uint8_t, uint16_t>(a, b, 8); }
ZW_SIMD_INLINE V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) { return detail::extmul<int16_t, uint32_t>(a, b, 0); }
ZW_SIMD_INLINE V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) { return detail::extmul<int16_t, uint32_t>(a, b, 4); }
ZW_SIMD_INLINE V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) { return detail::extmul<uint16_t, uint32_t>(a, b, 0); }
ZW_SIMD_INLINE V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) { return detail::extmul<uint16_t, uint32_t>(a, b, 4); }
ZW_SIMD_INLINE V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) { return detail::extmul<int32_t, uint64_t>(a, b, 0); }
ZW_SIMD_INLINE V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) { return detail::extmul<int32_t, uint64_t>(a, b, 2); }
ZW_SIMD_INLINE V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) { return detail::extmul<uint32_t, uint64_t>(a, b, 0); }
ZW_SIMD_INLINE V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) { return detail::extmul<uint32_t, uint64_t>(a, b, 2); }

ZW_SIMD_INLINE V128 I16x8ExtaddPairwiseI8x16S(V128 a) { return detail::extadd_pairwise<int8_t, int16_t>(a); }
ZW_SIMD_INLINE V128 I16x8ExtaddPairwiseI8x16U(V128 a) { return detail::extadd_pairwise<uint8_t, uint16_t>(a); }
ZW_SIMD_INLINE V128 I32x4ExtaddPairwiseI16x8S(V128 a) { return detail::extadd_pairwise<int16_t, int32_t>(a); }
ZW_SIMD_INLINE V128 I32x4ExtaddPairwiseI16x8U(V128 a) { return detail::extadd_pairwise<uint16_t, uint32_t>(a); }

}  // namespace zwasm::simd
