// SIMD building blocks (spec 4.3 "vector" numerics, 4.4.3 vector instructions): lane access,
// the generic per-lane loops the op families are written with, and the ops that only move or
// mask bits (splat, extract/replace, shuffle, swizzle, bitwise, any_true, the load transforms).
// Included through runtime/semantics/simd.h; see there for the naming contract.
//
// Lanes are read and written with memcpy into plain arrays, so there is no aliasing UB and the
// compiler can vectorize the loops. Lane i of a shape occupies bytes [i*w, (i+1)*w) little-endian
// (types.h), which on a little-endian host is exactly the host array layout.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "runtime/base/types.h"

#if defined(__GNUC__) || defined(__clang__)
#define ZW_SIMD_INLINE inline __attribute__((always_inline))
#else
#define ZW_SIMD_INLINE inline
#endif

namespace zwasm::simd {

using V128 = zwasm::V128;

static_assert(std::endian::native == std::endian::little,
              "v128 lane access assumes a little-endian host (x86-64, ARM64)");
static_assert(sizeof(V128) == 16);

namespace detail {

template <typename T>
inline constexpr unsigned kLanes = 16 / sizeof(T);

// A v128 viewed as an array of lanes of type T.
template <typename T>
struct Lanes {
  T v[kLanes<T>];
};

template <typename T>
ZW_SIMD_INLINE Lanes<T> unpack(const V128& a) {
  Lanes<T> l;
  std::memcpy(l.v, a.bytes, 16);
  return l;
}
template <typename T>
ZW_SIMD_INLINE V128 pack(const Lanes<T>& l) {
  V128 r;
  std::memcpy(r.bytes, l.v, 16);
  return r;
}

// The type integer arithmetic on T is done in without signed overflow or int-promotion UB:
// uint8_t/uint16_t would promote to int (65535 * 65535 overflows), so use uint32_t for them.
template <typename T>
using WideUnsigned = std::conditional_t<(sizeof(T) < 4), uint32_t, std::make_unsigned_t<T>>;

template <typename T, typename F>
ZW_SIMD_INLINE V128 map1(V128 a, F f) {
  const Lanes<T> x = unpack<T>(a);
  Lanes<T> r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.v[i] = f(x.v[i]);
  return pack(r);
}
template <typename T, typename F>
ZW_SIMD_INLINE V128 map2(V128 a, V128 b, F f) {
  const Lanes<T> x = unpack<T>(a);
  const Lanes<T> y = unpack<T>(b);
  Lanes<T> r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.v[i] = f(x.v[i], y.v[i]);
  return pack(r);
}

// Lane-wise comparison: each result lane is all ones when pred holds, else zero (spec 4.3:
// the boolean is extended to the lane width by negation).
template <typename T, typename Pred>
ZW_SIMD_INLINE V128 compare(V128 a, V128 b, Pred pred) {
  using Mask = std::conditional_t<sizeof(T) == 1, uint8_t,
               std::conditional_t<sizeof(T) == 2, uint16_t,
               std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
  const Lanes<T> x = unpack<T>(a);
  const Lanes<T> y = unpack<T>(b);
  Lanes<Mask> r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.v[i] = pred(x.v[i], y.v[i]) ? Mask(~Mask(0)) : Mask(0);
  return pack(r);
}

template <typename T>
ZW_SIMD_INLINE V128 splat(T x) {
  Lanes<T> r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.v[i] = x;
  return pack(r);
}

// Lane immediates are validated (< lane count) before execution; masking keeps an unvalidated
// index from reading outside the vector all the same.
template <typename T>
ZW_SIMD_INLINE T get_lane(const V128& a, uint32_t lane) {
  T x;
  std::memcpy(&x, a.bytes + (lane & (kLanes<T> - 1)) * sizeof(T), sizeof(T));
  return x;
}
template <typename T>
ZW_SIMD_INLINE V128 set_lane(V128 a, uint32_t lane, T x) {
  std::memcpy(a.bytes + (lane & (kLanes<T> - 1)) * sizeof(T), &x, sizeof(T));
  return a;
}

// The two 64-bit halves, for the whole-vector bit operations.
struct Halves {
  uint64_t lo, hi;
};
ZW_SIMD_INLINE Halves halves(const V128& a) {
  Halves h;
  std::memcpy(&h.lo, a.bytes, 8);
  std::memcpy(&h.hi, a.bytes + 8, 8);
  return h;
}
ZW_SIMD_INLINE V128 from_halves(uint64_t lo, uint64_t hi) {
  V128 r;
  std::memcpy(r.bytes, &lo, 8);
  std::memcpy(r.bytes + 8, &hi, 8);
  return r;
}

// Widens the 8 bytes of `raw` (little-endian: byte i is bits 8i..8i+7) as lanes of From into
// lanes of To: the v128.loadNxM_s/u transform (spec 4.4.7 "vector load extend").
template <typename From, typename To>
ZW_SIMD_INLINE V128 widen_u64(uint64_t raw) {
  static_assert(sizeof(From) * kLanes<To> == 8);
  From narrow[kLanes<To>];
  std::memcpy(narrow, &raw, 8);
  Lanes<To> r;
  for (unsigned i = 0; i < kLanes<To>; ++i) r.v[i] = static_cast<To>(narrow[i]);
  return pack(r);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Splats (spec 4.4.3.2 shape.splat): the scalar is wrapped to the lane width.

ZW_SIMD_INLINE V128 I8x16Splat(uint32_t x) { return detail::splat<uint8_t>(static_cast<uint8_t>(x)); }
ZW_SIMD_INLINE V128 I16x8Splat(uint32_t x) { return detail::splat<uint16_t>(static_cast<uint16_t>(x)); }
ZW_SIMD_INLINE V128 I32x4Splat(uint32_t x) { return detail::splat<uint32_t>(x); }
ZW_SIMD_INLINE V128 I64x2Splat(uint64_t x) { return detail::splat<uint64_t>(x); }
ZW_SIMD_INLINE V128 F32x4Splat(float x) { return detail::splat<float>(x); }
ZW_SIMD_INLINE V128 F64x2Splat(double x) { return detail::splat<double>(x); }

// ---------------------------------------------------------------------------------------------
// Extract and replace lane (spec 4.4.3.5 / 4.4.3.6). i32 results are zero-extended, except
// extract_lane_s which sign-extends the lane to 32 bits.

ZW_SIMD_INLINE uint32_t I8x16ExtractLaneS(V128 a, uint32_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::get_lane<int8_t>(a, lane)));
}
ZW_SIMD_INLINE uint32_t I8x16ExtractLaneU(V128 a, uint32_t lane) { return detail::get_lane<uint8_t>(a, lane); }
ZW_SIMD_INLINE uint32_t I16x8ExtractLaneS(V128 a, uint32_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::get_lane<int16_t>(a, lane)));
}
ZW_SIMD_INLINE uint32_t I16x8ExtractLaneU(V128 a, uint32_t lane) { return detail::get_lane<uint16_t>(a, lane); }
ZW_SIMD_INLINE uint32_t I32x4ExtractLane(V128 a, uint32_t lane) { return detail::get_lane<uint32_t>(a, lane); }
ZW_SIMD_INLINE uint64_t I64x2ExtractLane(V128 a, uint32_t lane) { return detail::get_lane<uint64_t>(a, lane); }
ZW_SIMD_INLINE float F32x4ExtractLane(V128 a, uint32_t lane) { return detail::get_lane<float>(a, lane); }
ZW_SIMD_INLINE double F64x2ExtractLane(V128 a, uint32_t lane) { return detail::get_lane<double>(a, lane); }

ZW_SIMD_INLINE V128 I8x16ReplaceLane(V128 a, uint32_t x, uint32_t lane) {
  return detail::set_lane<uint8_t>(a, lane, static_cast<uint8_t>(x));
}
ZW_SIMD_INLINE V128 I16x8ReplaceLane(V128 a, uint32_t x, uint32_t lane) {
  return detail::set_lane<uint16_t>(a, lane, static_cast<uint16_t>(x));
}
ZW_SIMD_INLINE V128 I32x4ReplaceLane(V128 a, uint32_t x, uint32_t lane) {
  return detail::set_lane<uint32_t>(a, lane, x);
}
ZW_SIMD_INLINE V128 I64x2ReplaceLane(V128 a, uint64_t x, uint32_t lane) {
  return detail::set_lane<uint64_t>(a, lane, x);
}
ZW_SIMD_INLINE V128 F32x4ReplaceLane(V128 a, float x, uint32_t lane) { return detail::set_lane<float>(a, lane, x); }
ZW_SIMD_INLINE V128 F64x2ReplaceLane(V128 a, double x, uint32_t lane) {
  return detail::set_lane<double>(a, lane, x);
}

// ---------------------------------------------------------------------------------------------
// Byte permutations (spec 4.4.3.3 / 4.4.3.4).

// Result byte i is byte lanes16[i] of the 32-byte concatenation a || b. Validation guarantees
// each index is < 32; the mask keeps an unvalidated one in bounds anyway.
ZW_SIMD_INLINE V128 I8x16Shuffle(V128 a, V128 b, const uint8_t* lanes16) {
  uint8_t both[32];
  std::memcpy(both, a.bytes, 16);
  std::memcpy(both + 16, b.bytes, 16);
  V128 r;
  for (unsigned i = 0; i < 16; ++i) r.bytes[i] = both[lanes16[i] & 31];
  return r;
}

// Result byte i is a[b[i]], or 0 when the index b[i] is 16 or more (unsigned).
ZW_SIMD_INLINE V128 I8x16Swizzle(V128 a, V128 b) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) {
    const uint8_t index = b.bytes[i];
    r.bytes[i] = index < 16 ? a.bytes[index] : uint8_t{0};
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Whole-vector bitwise ops (spec 4.4.3.1 vvunop/vvbinop/vvternop/vvtestop).

ZW_SIMD_INLINE V128 V128Not(V128 a) {
  const auto x = detail::halves(a);
  return detail::from_halves(~x.lo, ~x.hi);
}
ZW_SIMD_INLINE V128 V128And(V128 a, V128 b) {
  const auto x = detail::halves(a), y = detail::halves(b);
  return detail::from_halves(x.lo & y.lo, x.hi & y.hi);
}
ZW_SIMD_INLINE V128 V128AndNot(V128 a, V128 b) {
  const auto x = detail::halves(a), y = detail::halves(b);
  return detail::from_halves(x.lo & ~y.lo, x.hi & ~y.hi);
}
ZW_SIMD_INLINE V128 V128Or(V128 a, V128 b) {
  const auto x = detail::halves(a), y = detail::halves(b);
  return detail::from_halves(x.lo | y.lo, x.hi | y.hi);
}
ZW_SIMD_INLINE V128 V128Xor(V128 a, V128 b) {
  const auto x = detail::halves(a), y = detail::halves(b);
  return detail::from_halves(x.lo ^ y.lo, x.hi ^ y.hi);
}
// Bits of a where the mask c is 1, bits of b where it is 0.
ZW_SIMD_INLINE V128 V128Bitselect(V128 a, V128 b, V128 c) {
  const auto x = detail::halves(a), y = detail::halves(b), m = detail::halves(c);
  return detail::from_halves((x.lo & m.lo) | (y.lo & ~m.lo), (x.hi & m.hi) | (y.hi & ~m.hi));
}
ZW_SIMD_INLINE uint32_t V128AnyTrue(V128 a) {
  const auto x = detail::halves(a);
  return (x.lo | x.hi) != 0 ? 1u : 0u;
}

// ---------------------------------------------------------------------------------------------
// Load transforms: the interpreter does the (bounds-checked) memory access and hands the loaded
// bits here (spec 4.4.7 v128.loadNxM_sx, v128.loadN_splat, v128.loadN_zero). `raw` holds the
// loaded bytes little-endian (the first byte in bits 0..7).

ZW_SIMD_INLINE V128 Load8x8S(uint64_t raw) { return detail::widen_u64<int8_t, int16_t>(raw); }
ZW_SIMD_INLINE V128 Load8x8U(uint64_t raw) { return detail::widen_u64<uint8_t, uint16_t>(raw); }
ZW_SIMD_INLINE V128 Load16x4S(uint64_t raw) { return detail::widen_u64<int16_t, int32_t>(raw); }
ZW_SIMD_INLINE V128 Load16x4U(uint64_t raw) { return detail::widen_u64<uint16_t, uint32_t>(raw); }
ZW_SIMD_INLINE V128 Load32x2S(uint64_t raw) { return detail::widen_u64<int32_t, int64_t>(raw); }
ZW_SIMD_INLINE V128 Load32x2U(uint64_t raw) { return detail::widen_u64<uint32_t, uint64_t>(raw); }

ZW_SIMD_INLINE V128 Splat8(uint32_t raw) { return detail::splat<uint8_t>(static_cast<uint8_t>(raw)); }
ZW_SIMD_INLINE V128 Splat16(uint32_t raw) { return detail::splat<uint16_t>(static_cast<uint16_t>(raw)); }
ZW_SIMD_INLINE V128 Splat32(uint32_t raw) { return detail::splat<uint32_t>(raw); }
ZW_SIMD_INLINE V128 Splat64(uint64_t raw) { return detail::splat<uint64_t>(raw); }

ZW_SIMD_INLINE V128 LoadZero32(uint32_t raw) { return detail::from_halves(raw, 0); }
ZW_SIMD_INLINE V128 LoadZero64(uint64_t raw) { return detail::from_halves(raw, 0); }

}  // namespace zwasm::simd
