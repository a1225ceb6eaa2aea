// SIMD semantics (runtime/semantics/simd.h). Expected values come from the spec (4.3, 4.4.3) and the
// spec test suite scripts simd_*.wast; every non-memory op of opcodes_simd.def is exercised, and
// the function-name/signature contract with the .def file is checked at compile time.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "runtime/semantics/numeric.h"
#include "runtime/semantics/simd.h"

using zwasm::V128;
using namespace zwasm::simd;
namespace num = zwasm::num;

namespace doctest {
template <>
struct StringMaker<V128> {
  static String convert(const V128& v) {
    std::string s = "v128[";
    char buf[4];
    for (int i = 0; i < 16; ++i) {
      std::snprintf(buf, sizeof buf, "%02x", v.bytes[i]);
      s += buf;
      if (i != 15) s += ' ';
    }
    return String((s + "]").c_str());
  }
};
}  // namespace doctest

// ---------------------------------------------------------------------------------------------
// The naming contract: for every simple, non-memory op of opcodes_simd.def, a function
// zwasm::simd::<Name> exists with exactly the signature its Imm and Sig columns imply.
namespace contract {
using V = V128;
template <typename Expected, typename Actual>
constexpr bool same = std::is_same_v<Expected, Actual>;
#define ZW_EXPECT_SIG(name, ...) \
  static_assert(same<__VA_ARGS__, decltype(&zwasm::simd::name)>, #name " has the wrong signature");
#define ZW_SIG_None_V_V(n) ZW_EXPECT_SIG(n, V (*)(V))
#define ZW_SIG_None_VV_V(n) ZW_EXPECT_SIG(n, V (*)(V, V))
#define ZW_SIG_None_VVV_V(n) ZW_EXPECT_SIG(n, V (*)(V, V, V))
#define ZW_SIG_None_V_i(n) ZW_EXPECT_SIG(n, uint32_t (*)(V))
#define ZW_SIG_None_i_V(n) ZW_EXPECT_SIG(n, V (*)(uint32_t))
#define ZW_SIG_None_I_V(n) ZW_EXPECT_SIG(n, V (*)(uint64_t))
#define ZW_SIG_None_f_V(n) ZW_EXPECT_SIG(n, V (*)(float))
#define ZW_SIG_None_F_V(n) ZW_EXPECT_SIG(n, V (*)(double))
#define ZW_SIG_None_Vi_V(n) ZW_EXPECT_SIG(n, V (*)(V, uint32_t))
#define ZW_SIG_Lane_V_i(n) ZW_EXPECT_SIG(n, uint32_t (*)(V, uint32_t))
#define ZW_SIG_Lane_V_I(n) ZW_EXPECT_SIG(n, uint64_t (*)(V, uint32_t))
#define ZW_SIG_Lane_V_f(n) ZW_EXPECT_SIG(n, float (*)(V, uint32_t))
#define ZW_SIG_Lane_V_F(n) ZW_EXPECT_SIG(n, double (*)(V, uint32_t))
#define ZW_SIG_Lane_Vi_V(n) ZW_EXPECT_SIG(n, V (*)(V, uint32_t, uint32_t))
#define ZW_SIG_Lane_VI_V(n) ZW_EXPECT_SIG(n, V (*)(V, uint64_t, uint32_t))
#define ZW_SIG_Lane_Vf_V(n) ZW_EXPECT_SIG(n, V (*)(V, float, uint32_t))
#define ZW_SIG_Lane_VF_V(n) ZW_EXPECT_SIG(n, V (*)(V, double, uint32_t))
#define ZW_SIG_Shuffle_VV_V(n) ZW_EXPECT_SIG(n, V (*)(V, V, const uint8_t*))
// Memory ops and v128.const are executed by the interpreter itself.
#define ZW_SIG_MemArg_i_V(n)
#define ZW_SIG_MemArg_iV_(n)
#define ZW_SIG_MemArgLane_iV_V(n)
#define ZW_SIG_MemArgLane_iV_(n)
#define ZW_SIG_V128_special(n)
// An Imm/Sig combination not listed above fails to compile (undeclared identifier), so a new
// kind of op cannot slip through unchecked.
#define ZW_OP(name, prefix, code, text, imm, sig) ZW_SIG_##imm##_##sig(name)
#include "runtime/wasm/opcodes_simd.def"
#undef ZW_OP
}  // namespace contract

// The load transforms the interpreter uses for the memory ops.
static_assert(std::is_same_v<decltype(&Load8x8S), V128 (*)(uint64_t)>);
static_assert(std::is_same_v<decltype(&Load32x2U), V128 (*)(uint64_t)>);
static_assert(std::is_same_v<decltype(&Splat8), V128 (*)(uint32_t)>);
static_assert(std::is_same_v<decltype(&Splat64), V128 (*)(uint64_t)>);
static_assert(std::is_same_v<decltype(&LoadZero32), V128 (*)(uint32_t)>);
static_assert(std::is_same_v<decltype(&LoadZero64), V128 (*)(uint64_t)>);

namespace {

// Builders in the spec's v128.const notation; lanes are given as their bit patterns.
template <typename Lane, typename... T>
V128 make(T... lanes) {
  static_assert(sizeof...(T) * sizeof(Lane) == 16, "wrong lane count");
  const Lane values[] = {static_cast<Lane>(lanes)...};
  V128 v;
  std::memcpy(v.bytes, values, 16);
  return v;
}
template <typename... T> V128 i8x16(T... x) { return make<uint8_t>(x...); }
template <typename... T> V128 i16x8(T... x) { return make<uint16_t>(x...); }
template <typename... T> V128 i32x4(T... x) { return make<uint32_t>(x...); }
template <typename... T> V128 i64x2(T... x) { return make<uint64_t>(x...); }
template <typename... T> V128 f32x4(T... x) { return make<float>(x...); }
template <typename... T> V128 f64x2(T... x) { return make<double>(x...); }
// Four lanes repeated to fill the vector.
V128 i8x16_rep(int a, int b, int c, int d) { return i8x16(a, b, c, d, a, b, c, d, a, b, c, d, a, b, c, d); }
V128 i16x8_rep(int a, int b, int c, int d) { return i16x8(a, b, c, d, a, b, c, d); }

uint32_t f32_lane_bits(V128 v, int i) {
  uint32_t b;
  std::memcpy(&b, v.bytes + 4 * i, 4);
  return b;
}
uint64_t f64_lane_bits(V128 v, int i) {
  uint64_t b;
  std::memcpy(&b, v.bytes + 8 * i, 8);
  return b;
}
bool canonical32(V128 v, int i) { return (f32_lane_bits(v, i) & 0x7FFFFFFFu) == 0x7FC00000u; }
bool canonical64(V128 v, int i) { return (f64_lane_bits(v, i) & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
bool arithmetic32(V128 v, int i) {
  const uint32_t b = f32_lane_bits(v, i);
  return (b & 0x7F800000u) == 0x7F800000u && (b & 0x00400000u) != 0;
}
bool arithmetic64(V128 v, int i) {
  const uint64_t b = f64_lane_bits(v, i);
  return (b & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (b & 0x0008000000000000ull) != 0;
}

const float kNaN32 = num::f32_from_bits(0x7FC00000u);
const float kSNaN32 = num::f32_from_bits(0x7FA00000u);  // nan:0x200000 (signalling)
const double kNaN64 = num::f64_from_bits(0x7FF8000000000000ull);
const double kSNaN64 = num::f64_from_bits(0x7FF4000000000000ull);  // nan:0x4000000000000
constexpr float kInf32 = std::numeric_limits<float>::infinity();
constexpr double kInf64 = std::numeric_limits<double>::infinity();
constexpr int T = -1;  // an all-ones comparison lane
constexpr int F = 0;

}  // namespace

TEST_CASE("splat, extract_lane and replace_lane") {
  // simd_splat.wast / simd_lane.wast
  CHECK(I8x16Splat(0xFFFFFF80u) == i8x16_rep(0x80, 0x80, 0x80, 0x80));  // wraps to the lane
  CHECK(I16x8Splat(65537u) == i16x8_rep(1, 1, 1, 1));
  CHECK(I32x4Splat(0x80000000u) == i32x4(0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u));
  CHECK(I64x2Splat(0x0123456789ABCDEFull) == i64x2(0x0123456789ABCDEFull, 0x0123456789ABCDEFull));
  CHECK(F32x4Splat(-0.0f) == i32x4(0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u));
  CHECK(F64x2Splat(kSNaN64) == i64x2(0x7FF4000000000000ull, 0x7FF4000000000000ull));

  const V128 bytes = i8x16(0x7F, 0x80, 0xFF, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xF0);
  CHECK(I8x16ExtractLaneS(bytes, 0) == 0x7Fu);
  CHECK(I8x16ExtractLaneS(bytes, 1) == 0xFFFFFF80u);  // -128 sign-extended
  CHECK(I8x16ExtractLaneU(bytes, 1) == 0x80u);
  CHECK(I8x16ExtractLaneU(bytes, 15) == 0xF0u);
  const V128 halves = i16x8(0x7FFF, 0x8000, 0xFFFF, 3, 4, 5, 6, 0x1234);
  CHECK(I16x8ExtractLaneS(halves, 1) == 0xFFFF8000u);
  CHECK(I16x8ExtractLaneS(halves, 0) == 0x7FFFu);
  CHECK(I16x8ExtractLaneU(halves, 2) == 0xFFFFu);
  CHECK(I16x8ExtractLaneU(halves, 7) == 0x1234u);
  CHECK(I32x4ExtractLane(i32x4(1, 2, 3, 0xFFFFFFFFu), 3) == 0xFFFFFFFFu);
  CHECK(I64x2ExtractLane(i64x2(1, 0x8000000000000000ull), 1) == 0x8000000000000000ull);
  CHECK(num::f32_bits(F32x4ExtractLane(f32x4(0.0f, kSNaN32, 1.5f, -1.0f), 1)) == 0x7FA00000u);
  CHECK(F64x2ExtractLane(f64x2(-1.5, 2.25), 1) == 2.25);

  CHECK(I8x16ReplaceLane(i8x16_rep(0, 0, 0, 0), 0x1FFu, 15) ==
        i8x16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF));
  CHECK(I16x8ReplaceLane(i16x8_rep(0, 0, 0, 0), 0x12345u, 1) == i16x8(0, 0x2345, 0, 0, 0, 0, 0, 0));
  CHECK(I32x4ReplaceLane(i32x4(1, 2, 3, 4), 0xDEADBEEFu, 2) == i32x4(1, 2, 0xDEADBEEFu, 4));
  CHECK(I64x2ReplaceLane(i64x2(1, 2), ~0ull, 0) == i64x2(~0ull, 2));
  CHECK(F32x4ReplaceLane(f32x4(1.0f, 2.0f, 3.0f, 4.0f), kSNaN32, 3) == i32x4(0x3F800000u, 0x40000000u, 0x40400000u, 0x7FA00000u));
  CHECK(F64x2ReplaceLane(f64x2(1.0, 2.0), -0.0, 1) == i64x2(0x3FF0000000000000ull, 0x8000000000000000ull));
}

TEST_CASE("shuffle indexes a||b; swizzle zeroes out-of-range indices") {
  const V128 a = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const V128 b = i8x16(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
  const uint8_t reverse_b[16] = {31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16};
  CHECK(I8x16Shuffle(a, b, reverse_b) == i8x16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16));
  const uint8_t mixed[16] = {0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16};
  CHECK(I8x16Shuffle(a, b, mixed) == i8x16(0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16));

  // simd_lane.wast
  CHECK(I8x16Swizzle(b, a) == b);
  CHECK(I8x16Swizzle(i8x16(-16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1),
                     i8x16(-8, -7, -6, -5, -4, -3, -2, -1, 16, 17, 18, 19, 20, 21, 22, 23)) ==
        i8x16_rep(0, 0, 0, 0));
  CHECK(I8x16Swizzle(i8x16(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115),
                     i8x16(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)) ==
        i8x16(115, 114, 113, 112, 111, 110, 109, 108, 107, 106, 105, 104, 103, 102, 101, 100));
  CHECK(I8x16Swizzle(a, i8x16(9, 16, 10, 17, 11, 18, 12, 19, 13, 20, 14, 21, 15, 22, 255, 128)) ==
        i8x16(9, 0, 10, 0, 11, 0, 12, 0, 13, 0, 14, 0, 15, 0, 0, 0));
}

TEST_CASE("whole-vector bitwise ops") {
  const V128 x = i32x4(0u, 0u, 0xFFFFFFFFu, 0xFFFFFFFFu);
  const V128 y = i32x4(0u, 0xFFFFFFFFu, 0u, 0xFFFFFFFFu);
  CHECK(V128Not(x) == i32x4(0xFFFFFFFFu, 0xFFFFFFFFu, 0u, 0u));
  CHECK(V128And(x, y) == i32x4(0u, 0u, 0u, 0xFFFFFFFFu));
  CHECK(V128AndNot(x, y) == i32x4(0u, 0u, 0xFFFFFFFFu, 0u));  // x & ~y
  CHECK(V128Or(x, y) == i32x4(0u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu));
  CHECK(V128Xor(x, y) == i32x4(0u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0u));
  // simd_bitwise.wast: bits of v1 where the mask is set, of v2 elsewhere.
  CHECK(V128Bitselect(i32x4(0xAAAAAAAAu, 0xAAAAAAAAu, 0xAAAAAAAAu, 0xAAAAAAAAu),
                      i32x4(0xBBBBBBBBu, 0xBBBBBBBBu, 0xBBBBBBBBu, 0xBBBBBBBBu),
                      i32x4(0x00112345u, 0xF00FFFFFu, 0x10112021u, 0xBBAABBAAu)) ==
        i32x4(0xBBAABABAu, 0xABBAAAAAu, 0xABAABBBAu, 0xAABBAABBu));
  CHECK(V128AnyTrue(i8x16_rep(0, 0, 0, 0)) == 0u);
  CHECK(V128AnyTrue(i8x16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)) == 1u);
  CHECK(V128AnyTrue(i64x2(0, 0x8000000000000000ull)) == 1u);
}

TEST_CASE("load transforms for the memory ops") {
  // simd_load_extend.wast: memory bytes 0x80 0x81 ... 0x87 (first byte lowest).
  const uint64_t raw = 0x8786858483828180ull;
  CHECK(Load8x8S(raw) == i16x8(0xFF80, 0xFF81, 0xFF82, 0xFF83, 0xFF84, 0xFF85, 0xFF86, 0xFF87));
  CHECK(Load8x8U(raw) == i16x8(0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87));
  CHECK(Load16x4S(raw) == i32x4(0xFFFF8180u, 0xFFFF8382u, 0xFFFF8584u, 0xFFFF8786u));
  CHECK(Load16x4U(raw) == i32x4(0x8180u, 0x8382u, 0x8584u, 0x8786u));
  CHECK(Load32x2S(raw) == i64x2(0xFFFFFFFF83828180ull, 0xFFFFFFFF87868584ull));
  CHECK(Load32x2U(raw) == i64x2(0x83828180ull, 0x87868584ull));
  CHECK(Load8x8U(0x0706050403020100ull) == i16x8(0, 1, 2, 3, 4, 5, 6, 7));
  // simd_load_splat.wast / simd_load_zero.wast
  CHECK(Splat8(0x80u) == i8x16_rep(0x80, 0x80, 0x80, 0x80));
  CHECK(Splat16(0x0100u) == i16x8_rep(0x0100, 0x0100, 0x0100, 0x0100));
  CHECK(Splat32(0x03020100u) == i32x4(0x03020100u, 0x03020100u, 0x03020100u, 0x03020100u));
  CHECK(Splat64(0x0706050403020100ull) == i64x2(0x0706050403020100ull, 0x0706050403020100ull));
  CHECK(LoadZero32(0x03020100u) == i32x4(0x03020100u, 0u, 0u, 0u));
  CHECK(LoadZero64(0x0706050403020100ull) == i64x2(0x0706050403020100ull, 0ull));
}

TEST_CASE("integer comparisons, signed and unsigned") {
  // Lane pairs (a, b): (-1, 1), (1, 1), (MIN, MAX), (0, -1) -- signed and unsigned orders differ.
  const V128 a8 = i8x16_rep(0xFF, 1, 0x80, 0), b8 = i8x16_rep(1, 1, 0x7F, 0xFF);
  CHECK(I8x16Eq(a8, b8) == i8x16_rep(F, T, F, F));
  CHECK(I8x16Ne(a8, b8) == i8x16_rep(T, F, T, T));
  CHECK(I8x16LtS(a8, b8) == i8x16_rep(T, F, T, F));
  CHECK(I8x16LtU(a8, b8) == i8x16_rep(F, F, F, T));
  CHECK(I8x16GtS(a8, b8) == i8x16_rep(F, F, F, T));
  CHECK(I8x16GtU(a8, b8) == i8x16_rep(T, F, T, F));
  CHECK(I8x16LeS(a8, b8) == i8x16_rep(T, T, T, F));
  CHECK(I8x16LeU(a8, b8) == i8x16_rep(F, T, F, T));
  CHECK(I8x16GeS(a8, b8) == i8x16_rep(F, T, F, T));
  CHECK(I8x16GeU(a8, b8) == i8x16_rep(T, T, T, F));

  const V128 a16 = i16x8_rep(0xFFFF, 1, 0x8000, 0), b16 = i16x8_rep(1, 1, 0x7FFF, 0xFFFF);
  CHECK(I16x8Eq(a16, b16) == i16x8_rep(F, T, F, F));
  CHECK(I16x8Ne(a16, b16) == i16x8_rep(T, F, T, T));
  CHECK(I16x8LtS(a16, b16) == i16x8_rep(T, F, T, F));
  CHECK(I16x8LtU(a16, b16) == i16x8_rep(F, F, F, T));
  CHECK(I16x8GtS(a16, b16) == i16x8_rep(F, F, F, T));
  CHECK(I16x8GtU(a16, b16) == i16x8_rep(T, F, T, F));
  CHECK(I16x8LeS(a16, b16) == i16x8_rep(T, T, T, F));
  CHECK(I16x8LeU(a16, b16) == i16x8_rep(F, T, F, T));
  CHECK(I16x8GeS(a16, b16) == i16x8_rep(F, T, F, T));
  CHECK(I16x8GeU(a16, b16) == i16x8_rep(T, T, T, F));

  const V128 a32 = i32x4(0xFFFFFFFFu, 1u, 0x80000000u, 0u), b32 = i32x4(1u, 1u, 0x7FFFFFFFu, 0xFFFFFFFFu);
  CHECK(I32x4Eq(a32, b32) == i32x4(F, T, F, F));
  CHECK(I32x4Ne(a32, b32) == i32x4(T, F, T, T));
  CHECK(I32x4LtS(a32, b32) == i32x4(T, F, T, F));
  CHECK(I32x4LtU(a32, b32) == i32x4(F, F, F, T));
  CHECK(I32x4GtS(a32, b32) == i32x4(F, F, F, T));
  CHECK(I32x4GtU(a32, b32) == i32x4(T, F, T, F));
  CHECK(I32x4LeS(a32, b32) == i32x4(T, T, T, F));
  CHECK(I32x4LeU(a32, b32) == i32x4(F, T, F, T));
  CHECK(I32x4GeS(a32, b32) == i32x4(F, T, F, T));
  CHECK(I32x4GeU(a32, b32) == i32x4(T, T, T, F));

  // i64x2 has signed comparisons only (simd_i64x2_cmp.wast).
  const V128 a64 = i64x2(~0ull, 0x8000000000000000ull), b64 = i64x2(1ull, 0x7FFFFFFFFFFFFFFFull);
  CHECK(I64x2Eq(a64, a64) == i64x2(T, T));
  CHECK(I64x2Eq(a64, b64) == i64x2(F, F));
  CHECK(I64x2Ne(a64, i64x2(~0ull, 0ull)) == i64x2(F, T));
  CHECK(I64x2LtS(a64, b64) == i64x2(T, T));
  CHECK(I64x2GtS(a64, b64) == i64x2(F, F));
  CHECK(I64x2LeS(a64, i64x2(~0ull, 0ull)) == i64x2(T, T));
  CHECK(I64x2GeS(a64, i64x2(~0ull, 0ull)) == i64x2(T, F));
}

TEST_CASE("wrapping add, sub, mul, neg and abs") {
  CHECK(I8x16Add(i8x16_rep(0x7F, 0xFF, 0x80, 1), i8x16_rep(1, 1, 0x80, 2)) == i8x16_rep(0x80, 0, 0, 3));
  CHECK(I8x16Sub(i8x16_rep(0x80, 0, 5, 1), i8x16_rep(1, 1, 5, 2)) == i8x16_rep(0x7F, 0xFF, 0, 0xFF));
  CHECK(I16x8Add(i16x8_rep(0x7FFF, 0xFFFF, 1, 2), i16x8_rep(1, 1, 2, 3)) == i16x8_rep(0x8000, 0, 3, 5));
  CHECK(I16x8Sub(i16x8_rep(0x8000, 0, 1, 2), i16x8_rep(1, 1, 2, 3)) == i16x8_rep(0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF));
  // simd_i16x8_arith.wast: 0xFFFF * 0xFFFF wraps to 1, 0x8000 * 2 to 0
  CHECK(I16x8Mul(i16x8_rep(0xFFFF, 0x8000, 0x4000, 3), i16x8_rep(0xFFFF, 2, 4, 0xFFFF)) == i16x8_rep(1, 0, 0, 0xFFFD));
  CHECK(I32x4Add(i32x4(0x7FFFFFFFu, 0xFFFFFFFFu, 1u, 2u), i32x4(1u, 1u, 2u, 3u)) == i32x4(0x80000000u, 0u, 3u, 5u));
  CHECK(I32x4Sub(i32x4(0x80000000u, 0u, 5u, 0u), i32x4(1u, 1u, 2u, 0u)) == i32x4(0x7FFFFFFFu, 0xFFFFFFFFu, 3u, 0u));
  CHECK(I32x4Mul(i32x4(0x80000000u, 0xFFFFFFFFu, 0x10000u, 7u), i32x4(2u, 0xFFFFFFFFu, 0x10000u, 6u)) == i32x4(0u, 1u, 0u, 42u));
  CHECK(I64x2Add(i64x2(~0ull, 0x7FFFFFFFFFFFFFFFull), i64x2(1ull, 1ull)) == i64x2(0ull, 0x8000000000000000ull));
  CHECK(I64x2Sub(i64x2(0ull, 0x8000000000000000ull), i64x2(1ull, 1ull)) == i64x2(~0ull, 0x7FFFFFFFFFFFFFFFull));
  CHECK(I64x2Mul(i64x2(0x8000000000000000ull, ~0ull), i64x2(2ull, ~0ull)) == i64x2(0ull, 1ull));

  // Negating / taking |x| of the minimum wraps to itself (simd_i8x16_arith2.wast etc.).
  CHECK(I8x16Neg(i8x16_rep(0x80, 1, 0, 0x7F)) == i8x16_rep(0x80, 0xFF, 0, 0x81));
  CHECK(I16x8Neg(i16x8_rep(0x8000, 1, 0, 0x7FFF)) == i16x8_rep(0x8000, 0xFFFF, 0, 0x8001));
  CHECK(I32x4Neg(i32x4(0x80000000u, 1u, 0u, 0x7FFFFFFFu)) == i32x4(0x80000000u, 0xFFFFFFFFu, 0u, 0x80000001u));
  CHECK(I64x2Neg(i64x2(0x8000000000000000ull, 1ull)) == i64x2(0x8000000000000000ull, ~0ull));
  CHECK(I8x16Abs(i8x16_rep(0x80, 0xFF, 123, 0x85)) == i8x16_rep(0x80, 1, 123, 123));
  CHECK(I16x8Abs(i16x8_rep(0x8000, 0xFFFF, 0x7FFF, 0x8001)) == i16x8_rep(0x8000, 1, 0x7FFF, 0x7FFF));
  CHECK(I32x4Abs(i32x4(0x80000000u, 0xFFFFFFFFu, 5u, 0x80000001u)) == i32x4(0x80000000u, 1u, 5u, 0x7FFFFFFFu));
  CHECK(I64x2Abs(i64x2(0x8000000000000000ull, ~0ull)) == i64x2(0x8000000000000000ull, 1ull));
}

TEST_CASE("saturating add and sub clamp to the lane range") {
  // simd_i8x16_sat_arith.wast / simd_i16x8_sat_arith.wast
  CHECK(I8x16AddSatS(i8x16_rep(0x7F, 0x80, 0x7F, 1), i8x16_rep(1, 0xFF, 0x80, 1)) == i8x16_rep(0x7F, 0x80, 0xFF, 2));
  CHECK(I8x16AddSatU(i8x16_rep(0xFF, 0x80, 0xFE, 1), i8x16_rep(1, 0x80, 1, 1)) == i8x16_rep(0xFF, 0xFF, 0xFF, 2));
  CHECK(I8x16SubSatS(i8x16_rep(0x80, 0x7F, 0x80, 0), i8x16_rep(1, 0xFF, 0x80, 0x80)) == i8x16_rep(0x80, 0x7F, 0, 0x7F));
  CHECK(I8x16SubSatU(i8x16_rep(0, 1, 0xFF, 0x80), i8x16_rep(1, 2, 1, 0xFF)) == i8x16_rep(0, 0, 0xFE, 0));
  CHECK(I16x8AddSatS(i16x8_rep(0x7FFF, 0x8000, 0x7FFF, 1), i16x8_rep(1, 0xFFFF, 0x8000, 1)) == i16x8_rep(0x7FFF, 0x8000, 0xFFFF, 2));
  CHECK(I16x8AddSatU(i16x8_rep(0xFFFF, 0x8000, 0xFFFE, 1), i16x8_rep(1, 0x8000, 1, 1)) == i16x8_rep(0xFFFF, 0xFFFF, 0xFFFF, 2));
  CHECK(I16x8SubSatS(i16x8_rep(0x8000, 0x7FFF, 0x8000, 0), i16x8_rep(1, 0xFFFF, 0x8000, 0x8000)) == i16x8_rep(0x8000, 0x7FFF, 0, 0x7FFF));
  CHECK(I16x8SubSatU(i16x8_rep(0, 1, 0xFFFF, 0x8000), i16x8_rep(1, 2, 1, 0xFFFF)) == i16x8_rep(0, 0, 0xFFFE, 0));
}

TEST_CASE("integer min, max and rounding average") {
  const V128 a8 = i8x16_rep(0x80, 0x7F, 0xFF, 0), b8 = i8x16_rep(0x7F, 0x80, 1, 0xFF);
  CHECK(I8x16MinS(a8, b8) == i8x16_rep(0x80, 0x80, 0xFF, 0xFF));
  CHECK(I8x16MinU(a8, b8) == i8x16_rep(0x7F, 0x7F, 1, 0));
  CHECK(I8x16MaxS(a8, b8) == i8x16_rep(0x7F, 0x7F, 1, 0));
  CHECK(I8x16MaxU(a8, b8) == i8x16_rep(0x80, 0x80, 0xFF, 0xFF));
  const V128 a16 = i16x8_rep(0x8000, 0x7FFF, 0xFFFF, 0), b16 = i16x8_rep(0x7FFF, 0x8000, 1, 0xFFFF);
  CHECK(I16x8MinS(a16, b16) == i16x8_rep(0x8000, 0x8000, 0xFFFF, 0xFFFF));
  CHECK(I16x8MinU(a16, b16) == i16x8_rep(0x7FFF, 0x7FFF, 1, 0));
  CHECK(I16x8MaxS(a16, b16) == i16x8_rep(0x7FFF, 0x7FFF, 1, 0));
  CHECK(I16x8MaxU(a16, b16) == i16x8_rep(0x8000, 0x8000, 0xFFFF, 0xFFFF));
  const V128 a32 = i32x4(0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu, 0u), b32 = i32x4(0x7FFFFFFFu, 0x80000000u, 1u, 0xFFFFFFFFu);
  CHECK(I32x4MinS(a32, b32) == i32x4(0x80000000u, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFFFu));
  CHECK(I32x4MinU(a32, b32) == i32x4(0x7FFFFFFFu, 0x7FFFFFFFu, 1u, 0u));
  CHECK(I32x4MaxS(a32, b32) == i32x4(0x7FFFFFFFu, 0x7FFFFFFFu, 1u, 0u));
  CHECK(I32x4MaxU(a32, b32) == i32x4(0x80000000u, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFFFu));

  // simd_i8x16_arith2.wast: (a + b + 1) / 2 without overflow
  CHECK(I8x16AvgrU(i8x16_rep(0, 0xFF, 0xFF, 1), i8x16_rep(0xFF, 1, 0x80, 2)) == i8x16_rep(0x80, 0x80, 0xC0, 2));
  CHECK(I16x8AvgrU(i16x8_rep(0, 0xFFFF, 0xFFFF, 1), i16x8_rep(0xFFFF, 1, 0x8000, 2)) == i16x8_rep(0x8000, 0x8000, 0xC000, 2));
}

TEST_CASE("q15mulr_sat_s and dot products") {
  // simd_i16x8_q15mulr_sat_s.wast
  CHECK(I16x8Q15mulrSatS(i16x8_rep(16383, 16384, 0xFFFF, 0x8000), i16x8_rep(16384, 16384, 0xFFFF, 0x8000)) ==
        i16x8_rep(8192, 8192, 0, 0x7FFF));  // -32768 * -32768 saturates
  CHECK(I16x8Q15mulrSatS(i16x8_rep(0x8000, 0x8001, 1, 0x7FFF), i16x8_rep(0x7FFF, 0x8001, 0x4000, 0x7FFF)) ==
        i16x8_rep(0x8001, 0x7FFE, 1, 0x7FFE));
  // simd_i32x4_dot_i16x8.wast
  CHECK(I32x4DotI16x8S(i16x8(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF),
                       i16x8(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF)) == i32x4(2u, 2u, 2u, 2u));
  CHECK(I32x4DotI16x8S(i16x8(111, 222, 333, 444, 555, 666, 777, 888),
                       i16x8(1111, 2222, 3333, 4444, 5555, 6666, 7777, 8888)) ==
        i32x4(616605u, 3083025u, 7522581u, 13935273u));
  CHECK(I32x4DotI16x8S(i16x8(0x8000, 0x8000, 0x8000, 0x8000, 0x8000, 0x8000, 0x8000, 0x8000),
                       i16x8(0x8000, 0x8000, 0x8000, 0x8000, 0x8000, 0x8000, 0x8000, 0x8000)) ==
        i32x4(0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u));  // 2^31 wraps
}

TEST_CASE("popcnt, all_true and bitmask") {
  CHECK(I8x16Popcnt(i8x16_rep(0, 0xFF, 0x55, 0x80)) == i8x16_rep(0, 8, 4, 1));
  CHECK(I8x16AllTrue(i8x16_rep(1, 0x80, 0xFF, 2)) == 1u);
  CHECK(I8x16AllTrue(i8x16(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0)) == 0u);
  CHECK(I16x8AllTrue(i16x8_rep(0x100, 1, 1, 1)) == 1u);  // no byte needs to be non-zero
  CHECK(I16x8AllTrue(i16x8(1, 1, 1, 0, 1, 1, 1, 1)) == 0u);
  CHECK(I32x4AllTrue(i32x4(0x10000u, 1u, 0x80000000u, 0xFFFFFFFFu)) == 1u);
  CHECK(I32x4AllTrue(i32x4(1u, 0u, 1u, 1u)) == 0u);
  CHECK(I64x2AllTrue(i64x2(0x100000000ull, 1ull)) == 1u);
  CHECK(I64x2AllTrue(i64x2(0ull, 1ull)) == 0u);
  // simd_boolean.wast
  CHECK(I8x16Bitmask(i8x16_rep(0xFF, 0xFF, 0xFF, 0xFF)) == 0x0000FFFFu);
  CHECK(I8x16Bitmask(i8x16(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xA, 0xB, 0xC, 0xD, 0xF)) == 1u);
  CHECK(I8x16Bitmask(i8x16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80)) == 0x8000u);
  CHECK(I16x8Bitmask(i16x8(-1, 0, 1, 2, 0xB, 0xC, 0xD, 0xF)) == 1u);
  CHECK(I16x8Bitmask(i16x8_rep(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF)) == 0xFFu);
  CHECK(I32x4Bitmask(i32x4(0xFFFFFFFFu, 0u, 1u, 0xFu)) == 1u);
  CHECK(I32x4Bitmask(i32x4(0u, 0x80000000u, 0x7FFFFFFFu, 0x80000000u)) == 0xAu);
  CHECK(I64x2Bitmask(i64x2(~0ull, ~0ull)) == 3u);
  CHECK(I64x2Bitmask(i64x2(0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull)) == 2u);
}

TEST_CASE("shifts take the count modulo the lane width") {
  // simd_bit_shift.wast
  CHECK(I8x16Shl(i8x16_rep(0x80, 1, 0x41, 0xFF), 1) == i8x16_rep(0, 2, 0x82, 0xFE));
  CHECK(I8x16Shl(i8x16_rep(0x80, 1, 0x41, 0xFF), 9) == i8x16_rep(0, 2, 0x82, 0xFE));  // 9 mod 8 = 1
  CHECK(I8x16ShrS(i8x16_rep(0x80, 1, 0x40, 0xFF), 1) == i8x16_rep(0xC0, 0, 0x20, 0xFF));
  CHECK(I8x16ShrS(i8x16_rep(0x80, 1, 0x40, 0xFF), 8) == i8x16_rep(0x80, 1, 0x40, 0xFF));  // 8 mod 8 = 0
  CHECK(I8x16ShrU(i8x16_rep(0x80, 1, 0x40, 0xFF), 1) == i8x16_rep(0x40, 0, 0x20, 0x7F));
  CHECK(I16x8Shl(i16x8_rep(0x8000, 1, 0x4001, 0xFFFF), 17) == i16x8_rep(0, 2, 0x8002, 0xFFFE));
  CHECK(I16x8ShrS(i16x8_rep(0x8000, 1, 0x4000, 0xFFFF), 15) == i16x8_rep(0xFFFF, 0, 0, 0xFFFF));
  CHECK(I16x8ShrU(i16x8_rep(0x8000, 1, 0x4000, 0xFFFF), 0xFFFFFFFFu) == i16x8_rep(1, 0, 0, 1));  // count 15
  CHECK(I32x4Shl(i32x4(0x80000000u, 1u, 0x40000001u, 0xFFFFFFFFu), 33) == i32x4(0u, 2u, 0x80000002u, 0xFFFFFFFEu));
  CHECK(I32x4ShrS(i32x4(0x80000000u, 1u, 0x40000000u, 0xFFFFFFFFu), 31) == i32x4(0xFFFFFFFFu, 0u, 0u, 0xFFFFFFFFu));
  CHECK(I32x4ShrU(i32x4(0x80000000u, 1u, 0x40000000u, 0xFFFFFFFFu), 32) ==
        i32x4(0x80000000u, 1u, 0x40000000u, 0xFFFFFFFFu));
  CHECK(I64x2Shl(i64x2(0x8000000000000001ull, 1ull), 65) == i64x2(2ull, 2ull));
  CHECK(I64x2ShrS(i64x2(0x8000000000000000ull, 0x4000000000000000ull), 62) == i64x2(~1ull, 1ull));
  CHECK(I64x2ShrU(i64x2(0x8000000000000000ull, ~0ull), 63) == i64x2(1ull, 1ull));
}

TEST_CASE("narrowing saturates signed input lanes") {
  // simd_conversions.wast
  CHECK(I8x16NarrowI16x8S(i16x8_rep(0x7F, 0x80, 0xFF80, 0xFF7F), i16x8_rep(0x7FFF, 0x8000, 0xFFFF, 0)) ==
        i8x16(0x7F, 0x7F, 0x80, 0x80, 0x7F, 0x7F, 0x80, 0x80, 0x7F, 0x80, 0xFF, 0, 0x7F, 0x80, 0xFF, 0));
  CHECK(I8x16NarrowI16x8U(i16x8_rep(0xFF, 0x100, 0xFFFF, 0x7E), i16x8_rep(0x7FFF, 0x8000, 1, 0)) ==
        i8x16(0xFF, 0xFF, 0, 0x7E, 0xFF, 0xFF, 0, 0x7E, 0xFF, 0, 1, 0, 0xFF, 0, 1, 0));
  CHECK(I16x8NarrowI32x4S(i32x4(0x7FFFu, 0x8000u, 0xFFFF8000u, 0xFFFF7FFFu), i32x4(0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0u)) ==
        i16x8(0x7FFF, 0x7FFF, 0x8000, 0x8000, 0x7FFF, 0x8000, 0xFFFF, 0));
  CHECK(I16x8NarrowI32x4U(i32x4(0xFFFFu, 0x10000u, 0xFFFFFFFFu, 0x7Eu), i32x4(0x7FFFFFFFu, 0x80000000u, 1u, 0u)) ==
        i16x8(0xFFFF, 0xFFFF, 0, 0x7E, 0xFFFF, 0, 1, 0));
}

TEST_CASE("extend, extmul and extadd_pairwise widen exactly") {
  const V128 bytes = i8x16(0x80, 0x7F, 0xFF, 1, 2, 3, 4, 5, 0xFE, 0x81, 6, 7, 8, 9, 10, 0xF0);
  CHECK(I16x8ExtendLowI8x16S(bytes) == i16x8(0xFF80, 0x7F, 0xFFFF, 1, 2, 3, 4, 5));
  CHECK(I16x8ExtendHighI8x16S(bytes) == i16x8(0xFFFE, 0xFF81, 6, 7, 8, 9, 10, 0xFFF0));
  CHECK(I16x8ExtendLowI8x16U(bytes) == i16x8(0x80, 0x7F, 0xFF, 1, 2, 3, 4, 5));
  CHECK(I16x8ExtendHighI8x16U(bytes) == i16x8(0xFE, 0x81, 6, 7, 8, 9, 10, 0xF0));
  const V128 halves = i16x8(0x8000, 0x7FFF, 0xFFFF, 1, 0xFFFE, 2, 0x8001, 3);
  CHECK(I32x4ExtendLowI16x8S(halves) == i32x4(0xFFFF8000u, 0x7FFFu, 0xFFFFFFFFu, 1u));
  CHECK(I32x4ExtendHighI16x8S(halves) == i32x4(0xFFFFFFFEu, 2u, 0xFFFF8001u, 3u));
  CHECK(I32x4ExtendLowI16x8U(halves) == i32x4(0x8000u, 0x7FFFu, 0xFFFFu, 1u));
  CHECK(I32x4ExtendHighI16x8U(halves) == i32x4(0xFFFEu, 2u, 0x8001u, 3u));
  const V128 words = i32x4(0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu, 5u);
  CHECK(I64x2ExtendLowI32x4S(words) == i64x2(0xFFFFFFFF80000000ull, 0x7FFFFFFFull));
  CHECK(I64x2ExtendHighI32x4S(words) == i64x2(~0ull, 5ull));
  CHECK(I64x2ExtendLowI32x4U(words) == i64x2(0x80000000ull, 0x7FFFFFFFull));
  CHECK(I64x2ExtendHighI32x4U(words) == i64x2(0xFFFFFFFFull, 5ull));

  // simd_*_extmul_*.wast: products of the extended halves, e.g. -128 * -128 = 16384.
  const V128 m8 = i8x16(0x80, 0x7F, 0xFF, 2, 0x80, 0xFF, 0, 3, 0x80, 0x7F, 0xFF, 2, 0x80, 0xFF, 0x10, 3);
  const V128 n8 = i8x16(0x80, 0x7F, 0xFF, 0xFE, 0x7F, 0xFF, 9, 3, 0x80, 0x80, 0x01, 0xFE, 0xFF, 0xFF, 0x10, 0);
  CHECK(I16x8ExtmulLowI8x16S(m8, n8) == i16x8(0x4000, 0x3F01, 1, 0xFFFC, 0xC080, 1, 0, 9));
  CHECK(I16x8ExtmulHighI8x16S(m8, n8) == i16x8(0x4000, 0xC080, 0xFFFF, 0xFFFC, 0x80, 1, 0x100, 0));
  CHECK(I16x8ExtmulLowI8x16U(m8, n8) == i16x8(0x4000, 0x3F01, 0xFE01, 0x1FC, 0x3F80, 0xFE01, 0, 9));
  CHECK(I16x8ExtmulHighI8x16U(m8, n8) == i16x8(0x4000, 0x3F80, 0xFF, 0x1FC, 0x7F80, 0xFE01, 0x100, 0));
  const V128 m16 = i16x8(0x8000, 0xFFFF, 2, 0x7FFF, 0x8000, 0xFFFF, 3, 0x7FFF);
  const V128 n16 = i16x8(0x8000, 0xFFFF, 0xFFFE, 0x7FFF, 0x7FFF, 1, 5, 0);
  CHECK(I32x4ExtmulLowI16x8S(m16, n16) == i32x4(0x40000000u, 1u, 0xFFFFFFFCu, 0x3FFF0001u));
  CHECK(I32x4ExtmulHighI16x8S(m16, n16) == i32x4(0xC0008000u, 0xFFFFFFFFu, 15u, 0u));
  CHECK(I32x4ExtmulLowI16x8U(m16, n16) == i32x4(0x40000000u, 0xFFFE0001u, 0x1FFFCu, 0x3FFF0001u));
  CHECK(I32x4ExtmulHighI16x8U(m16, n16) == i32x4(0x3FFF8000u, 0xFFFFu, 15u, 0u));
  const V128 m32 = i32x4(0x80000000u, 0xFFFFFFFFu, 0x80000000u, 0xFFFFFFFFu);
  const V128 n32 = i32x4(0x80000000u, 0xFFFFFFFFu, 0x7FFFFFFFu, 2u);
  CHECK(I64x2ExtmulLowI32x4S(m32, n32) == i64x2(0x4000000000000000ull, 1ull));
  CHECK(I64x2ExtmulHighI32x4S(m32, n32) == i64x2(0xC000000080000000ull, ~1ull));
  CHECK(I64x2ExtmulLowI32x4U(m32, n32) == i64x2(0x4000000000000000ull, 0xFFFFFFFE00000001ull));
  CHECK(I64x2ExtmulHighI32x4U(m32, n32) == i64x2(0x3FFFFFFF80000000ull, 0x1FFFFFFFEull));

  // simd_*_extadd_pairwise_*.wast
  CHECK(I16x8ExtaddPairwiseI8x16S(i8x16_rep(0x80, 0x80, 0x7F, 0x7F)) == i16x8_rep(0xFF00, 0xFE, 0xFF00, 0xFE));
  CHECK(I16x8ExtaddPairwiseI8x16U(i8x16_rep(0xFF, 0xFF, 0x80, 1)) == i16x8_rep(0x1FE, 0x81, 0x1FE, 0x81));
  CHECK(I32x4ExtaddPairwiseI16x8S(i16x8_rep(0x8000, 0x8000, 0x7FFF, 0xFFFF)) == i32x4(0xFFFF0000u, 0x7FFEu, 0xFFFF0000u, 0x7FFEu));
  CHECK(I32x4ExtaddPairwiseI16x8U(i16x8_rep(0xFFFF, 0xFFFF, 0x8000, 1)) == i32x4(0x1FFFEu, 0x8001u, 0x1FFFEu, 0x8001u));
}

TEST_CASE("float comparisons are IEEE: NaN is unordered, -0 == +0") {
  // Lane pairs: (1, 2), (NaN, NaN), (-0, +0), (inf, -inf)
  const V128 a = f32x4(1.0f, kNaN32, -0.0f, kInf32), b = f32x4(2.0f, kNaN32, 0.0f, -kInf32);
  CHECK(F32x4Eq(a, b) == i32x4(F, F, T, F));
  CHECK(F32x4Ne(a, b) == i32x4(T, T, F, T));
  CHECK(F32x4Lt(a, b) == i32x4(T, F, F, F));
  CHECK(F32x4Gt(a, b) == i32x4(F, F, F, T));
  CHECK(F32x4Le(a, b) == i32x4(T, F, T, F));
  CHECK(F32x4Ge(a, b) == i32x4(F, F, T, T));
  const V128 c = f64x2(1.0, kNaN64), d = f64x2(2.0, 0.0);
  const V128 e = f64x2(-0.0, kInf64), g = f64x2(0.0, -kInf64);
  CHECK(F64x2Eq(c, d) == i64x2(F, F));
  CHECK(F64x2Eq(e, g) == i64x2(T, F));
  CHECK(F64x2Ne(c, d) == i64x2(T, T));
  CHECK(F64x2Ne(e, g) == i64x2(F, T));
  CHECK(F64x2Lt(c, d) == i64x2(T, F));
  CHECK(F64x2Gt(e, g) == i64x2(F, T));
  CHECK(F64x2Le(e, g) == i64x2(T, F));
  CHECK(F64x2Ge(c, d) == i64x2(F, F));
  CHECK(F64x2Ge(e, g) == i64x2(T, T));
}

TEST_CASE("float abs/neg keep payloads; arithmetic is IEEE per lane") {
  CHECK(F32x4Abs(i32x4(0xFFA00000u, 0x80000000u, 0xBF800000u, 0x7FC00000u)) ==
        i32x4(0x7FA00000u, 0u, 0x3F800000u, 0x7FC00000u));
  CHECK(F32x4Neg(i32x4(0x7FA00000u, 0u, 0xBF800000u, 0xFFC00000u)) ==
        i32x4(0xFFA00000u, 0x80000000u, 0x3F800000u, 0x7FC00000u));
  CHECK(F64x2Abs(i64x2(0xFFF4000000000000ull, 0x8000000000000000ull)) == i64x2(0x7FF4000000000000ull, 0ull));
  CHECK(F64x2Neg(i64x2(0x7FF4000000000000ull, 0ull)) == i64x2(0xFFF4000000000000ull, 0x8000000000000000ull));

  CHECK(F32x4Add(f32x4(1.0f, 0x1p-149f, 1e38f, -0.0f), f32x4(2.0f, 0x1p-149f, 1e38f, -0.0f)) ==
        f32x4(3.0f, 0x1p-148f, 2e38f, -0.0f));
  CHECK(F32x4Sub(f32x4(1.0f, 0.0f, 3.0f, -0.0f), f32x4(2.0f, 0.0f, 0.5f, 0.0f)) == f32x4(-1.0f, 0.0f, 2.5f, -0.0f));
  CHECK(F32x4Mul(f32x4(1.5f, -0.0f, 1e30f, 3.0f), f32x4(2.0f, 5.0f, 1e30f, -0.5f)) == f32x4(3.0f, -0.0f, kInf32, -1.5f));
  CHECK(F32x4Div(f32x4(1.0f, -1.0f, 0.0f, 3.0f), f32x4(0.0f, 0.0f, -1.0f, 2.0f)) == f32x4(kInf32, -kInf32, -0.0f, 1.5f));
  CHECK(F32x4Sqrt(f32x4(4.0f, -0.0f, kInf32, 0x1p-148f)) == f32x4(2.0f, -0.0f, kInf32, 0x1p-74f));
  CHECK(F64x2Add(f64x2(0.1, kInf64), f64x2(0.2, 1.0)) == f64x2(0.30000000000000004, kInf64));
  CHECK(F64x2Sub(f64x2(1.0, -0.0), f64x2(1.0, 0.0)) == f64x2(0.0, -0.0));
  CHECK(F64x2Mul(f64x2(-0.0, 1e300), f64x2(2.0, 1e300)) == f64x2(-0.0, kInf64));
  CHECK(F64x2Div(f64x2(1.0, 1.0), f64x2(3.0, -0.0)) == f64x2(1.0 / 3.0, -kInf64));
  CHECK(F64x2Sqrt(f64x2(2.0, 0x1p-1074)) == f64x2(1.4142135623730951, 0x1p-537));

  // Invalid operations give canonical NaNs; NaN operands give arithmetic NaNs (simd_f32x4_arith.wast).
  const V128 invalid32 = F32x4Add(f32x4(kInf32, kNaN32, 0.0f, kSNaN32), f32x4(-kInf32, 1.0f, 0.0f, 1.0f));
  CHECK(canonical32(invalid32, 0));
  CHECK(canonical32(invalid32, 1));
  CHECK(f32_lane_bits(invalid32, 2) == 0u);
  CHECK(arithmetic32(invalid32, 3));
  CHECK(canonical32(F32x4Sqrt(f32x4(-1.0f, 0.0f, 0.0f, 0.0f)), 0));
  CHECK(canonical32(F32x4Mul(f32x4(0.0f, 0.0f, 0.0f, 0.0f), f32x4(kInf32, 0.0f, 0.0f, 0.0f)), 0));
  CHECK(canonical32(F32x4Div(f32x4(0.0f, 0.0f, 0.0f, 0.0f), f32x4(0.0f, 1.0f, 1.0f, 1.0f)), 0));
  CHECK(arithmetic32(F32x4Sub(f32x4(kSNaN32, 0.0f, 0.0f, 0.0f), f32x4(1.0f, 1.0f, 1.0f, 1.0f)), 0));
  CHECK(canonical64(F64x2Sub(f64x2(kInf64, 0.0), f64x2(kInf64, 0.0)), 0));
  CHECK(arithmetic64(F64x2Mul(f64x2(1.0, kSNaN64), f64x2(1.0, 2.0)), 1));
  CHECK(canonical64(F64x2Div(f64x2(kInf64, 0.0), f64x2(-kInf64, 1.0)), 0));
  CHECK(canonical64(F64x2Sqrt(f64x2(-kInf64, 0.0)), 0));
}

TEST_CASE("float min/max follow NaN and signed-zero rules; pmin/pmax do not") {
  // simd_f32x4.wast
  const V128 a = f32x4(-0.0f, 0.0f, kNaN32, 1.0f), b = f32x4(0.0f, -0.0f, 1.0f, kSNaN32);
  const V128 mn = F32x4Min(a, b), mx = F32x4Max(a, b);
  CHECK(f32_lane_bits(mn, 0) == 0x80000000u);
  CHECK(f32_lane_bits(mn, 1) == 0x80000000u);
  CHECK(canonical32(mn, 2));
  CHECK(arithmetic32(mn, 3));
  CHECK(f32_lane_bits(mx, 0) == 0u);
  CHECK(f32_lane_bits(mx, 1) == 0u);
  CHECK(canonical32(mx, 2));
  CHECK(arithmetic32(mx, 3));
  CHECK(F32x4Min(f32x4(1.0f, -kInf32, 5.0f, -3.0f), f32x4(2.0f, 0.0f, 4.0f, -2.0f)) == f32x4(1.0f, -kInf32, 4.0f, -3.0f));
  CHECK(F32x4Max(f32x4(1.0f, -kInf32, 5.0f, -3.0f), f32x4(2.0f, 0.0f, 4.0f, -2.0f)) == f32x4(2.0f, 0.0f, 5.0f, -2.0f));
  const V128 dmn = F64x2Min(f64x2(0.0, kNaN64), f64x2(-0.0, 0.0));
  const V128 dmx = F64x2Max(f64x2(-0.0, 1.0), f64x2(0.0, kSNaN64));
  CHECK(f64_lane_bits(dmn, 0) == 0x8000000000000000ull);
  CHECK(canonical64(dmn, 1));
  CHECK(f64_lane_bits(dmx, 0) == 0ull);
  CHECK(arithmetic64(dmx, 1));
  CHECK(F64x2Min(f64x2(1.0, -2.0), f64x2(2.0, -1.0)) == f64x2(1.0, -2.0));
  CHECK(F64x2Max(f64x2(1.0, -2.0), f64x2(2.0, -1.0)) == f64x2(2.0, -1.0));

  // simd_f32x4_pmin_pmax.wast: pmin(a, b) = b < a ? b : a -- the first operand wins every tie
  // and every NaN comparison, bit-exact.
  const V128 p = f32x4(-0.0f, 0.0f, kSNaN32, 1.0f), q = f32x4(0.0f, -0.0f, 1.0f, kSNaN32);
  CHECK(F32x4Pmin(p, q) == i32x4(0x80000000u, 0u, 0x7FA00000u, 0x3F800000u));
  CHECK(F32x4Pmax(p, q) == i32x4(0x80000000u, 0u, 0x7FA00000u, 0x3F800000u));
  CHECK(F32x4Pmin(f32x4(2.0f, 1.0f, -kInf32, 3.0f), f32x4(1.0f, 2.0f, 0.0f, 3.0f)) == f32x4(1.0f, 1.0f, -kInf32, 3.0f));
  CHECK(F32x4Pmax(f32x4(2.0f, 1.0f, -kInf32, 3.0f), f32x4(1.0f, 2.0f, 0.0f, 3.0f)) == f32x4(2.0f, 2.0f, 0.0f, 3.0f));
  CHECK(F64x2Pmin(f64x2(kSNaN64, 2.0), f64x2(1.0, 1.0)) == i64x2(0x7FF4000000000000ull, 0x3FF0000000000000ull));
  CHECK(F64x2Pmax(f64x2(1.0, -0.0), f64x2(kSNaN64, 0.0)) == i64x2(0x3FF0000000000000ull, 0x8000000000000000ull));
}

TEST_CASE("vector rounding to integral values") {
  // simd_f32x4_rounding.wast
  CHECK(F32x4Ceil(f32x4(-0.5f, 0x1p-149f, -1.5f, 1.5f)) == f32x4(-0.0f, 1.0f, -1.0f, 2.0f));
  CHECK(F32x4Floor(f32x4(-0.5f, 0x1p-149f, -1.5f, 1.5f)) == f32x4(-1.0f, 0.0f, -2.0f, 1.0f));
  CHECK(F32x4Trunc(f32x4(-0.5f, 0x1p-149f, -1.5f, 1.5f)) == f32x4(-0.0f, 0.0f, -1.0f, 1.0f));
  CHECK(F32x4Nearest(f32x4(-0.5f, 2.5f, -1.5f, 0x1.fffffep+22f)) == f32x4(-0.0f, 2.0f, -2.0f, 0x1p+23f));
  CHECK(F64x2Ceil(f64x2(-0.5, 0x1p-1074)) == f64x2(-0.0, 1.0));
  CHECK(F64x2Floor(f64x2(-0.5, 0x1p-1074)) == f64x2(-1.0, 0.0));
  CHECK(F64x2Trunc(f64x2(-0.5, -1.9)) == f64x2(-0.0, -1.0));
  CHECK(F64x2Nearest(f64x2(2.5, -3.5)) == f64x2(2.0, -4.0));
  CHECK(F64x2Nearest(f64x2(0x1.fffffffffffffp+51, -0.5)) == f64x2(0x1p+52, -0.0));
  const V128 nan_in = F32x4Nearest(f32x4(kNaN32, kSNaN32, kInf32, -kInf32));
  CHECK(canonical32(nan_in, 0));
  CHECK(arithmetic32(nan_in, 1));
  CHECK(f32_lane_bits(nan_in, 2) == 0x7F800000u);
  CHECK(f32_lane_bits(nan_in, 3) == 0xFF800000u);
  CHECK(arithmetic32(F32x4Ceil(f32x4(kSNaN32, 0.0f, 0.0f, 0.0f)), 0));
  CHECK(arithmetic32(F32x4Floor(f32x4(kSNaN32, 0.0f, 0.0f, 0.0f)), 0));
  CHECK(arithmetic32(F32x4Trunc(f32x4(kSNaN32, 0.0f, 0.0f, 0.0f)), 0));
  CHECK(canonical64(F64x2Ceil(f64x2(kNaN64, 0.0)), 0));
  CHECK(arithmetic64(F64x2Floor(f64x2(kSNaN64, 0.0)), 0));
  CHECK(arithmetic64(F64x2Trunc(f64x2(kSNaN64, 0.0)), 0));
  CHECK(arithmetic64(F64x2Nearest(f64x2(kSNaN64, 0.0)), 0));
}

TEST_CASE("vector float <-> int conversions") {
  // simd_i32x4_trunc_sat_f32x4.wast / simd_i32x4_trunc_sat_f64x2.wast
  CHECK(I32x4TruncSatF32x4S(f32x4(kNaN32, 2147483648.0f, -kInf32, -1.9f)) == i32x4(0u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu));
  CHECK(I32x4TruncSatF32x4U(f32x4(kSNaN32, 4294967296.0f, -1.0f, 4294967040.0f)) == i32x4(0u, 0xFFFFFFFFu, 0u, 4294967040u));
  CHECK(I32x4TruncSatF64x2SZero(f64x2(-2147483649.0, 2147483647.9)) == i32x4(0x80000000u, 0x7FFFFFFFu, 0u, 0u));
  CHECK(I32x4TruncSatF64x2SZero(f64x2(kNaN64, -1.5)) == i32x4(0u, 0xFFFFFFFFu, 0u, 0u));
  CHECK(I32x4TruncSatF64x2UZero(f64x2(4294967296.0, -0.9)) == i32x4(0xFFFFFFFFu, 0u, 0u, 0u));
  CHECK(I32x4TruncSatF64x2UZero(f64x2(4294967295.9, kInf64)) == i32x4(0xFFFFFFFFu, 0xFFFFFFFFu, 0u, 0u));

  // simd_conversions.wast
  CHECK(F32x4ConvertI32x4S(i32x4(0x80000000u, 0xFFFFFFFFu, 16777217u, 0x7FFFFFFFu)) ==
        f32x4(-2147483648.0f, -1.0f, 16777216.0f, 2147483648.0f));
  CHECK(F32x4ConvertI32x4U(i32x4(0xFFFFFFFFu, 0x80000080u, 0x80000081u, 0x12345678u)) ==
        f32x4(4294967296.0f, 0x1p+31f, 0x1.000002p+31f, 0x1.234568p+28f));
  CHECK(F64x2ConvertLowI32x4S(i32x4(0x80000000u, 0xFFFFFFFFu, 7u, 7u)) == f64x2(-2147483648.0, -1.0));
  CHECK(F64x2ConvertLowI32x4U(i32x4(0x80000000u, 0xFFFFFFFFu, 7u, 7u)) == f64x2(2147483648.0, 4294967295.0));

  CHECK(F32x4DemoteF64x2Zero(f64x2(0x1.fffffd0000001p+127, -0x1.ffffffp+127)) ==
        f32x4(0x1.fffffep+127f, -kInf32, 0.0f, 0.0f));
  const V128 demoted_nan = F32x4DemoteF64x2Zero(f64x2(kNaN64, kSNaN64));
  CHECK(canonical32(demoted_nan, 0));
  CHECK(arithmetic32(demoted_nan, 1));
  CHECK(f32_lane_bits(demoted_nan, 2) == 0u);
  CHECK(f32_lane_bits(demoted_nan, 3) == 0u);
  CHECK(F64x2PromoteLowF32x4(f32x4(0x1p-149f, -0.0f, 5.0f, 6.0f)) == f64x2(0x1p-149, -0.0));
  const V128 promoted_nan = F64x2PromoteLowF32x4(f32x4(kNaN32, kSNaN32, 0.0f, 0.0f));
  CHECK(canonical64(promoted_nan, 0));
  CHECK(arithmetic64(promoted_nan, 1));
}
