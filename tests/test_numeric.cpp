// Scalar numeric semantics (runtime/semantics/numeric.h). Expected values come from the spec
// (4.3.2-4.3.4) and the spec test suite scripts i32/i64/f32/f64/f32_bitwise/conversions.wast.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/semantics/numeric.h"

using namespace zwasm;
using namespace zwasm::num;

namespace {

constexpr float kInf32 = std::numeric_limits<float>::infinity();
constexpr double kInf64 = std::numeric_limits<double>::infinity();

// nan:canonical: quiet bit only in the payload, either sign.
bool is_canonical_nan32(float x) { return (f32_bits(x) & 0x7FFFFFFFu) == 0x7FC00000u; }
bool is_canonical_nan64(double x) { return (f64_bits(x) & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
// nan:arithmetic: a NaN with the quiet bit set.
bool is_arithmetic_nan32(float x) { return x != x && (f32_bits(x) & 0x00400000u) != 0; }
bool is_arithmetic_nan64(double x) { return x != x && (f64_bits(x) & 0x0008000000000000ull) != 0; }

template <typename R, typename A>
TrapCode trap_of(TrapCode (*f)(A, A, R&), std::type_identity_t<A> a, std::type_identity_t<A> b) {
  R out{};
  return f(a, b, out);
}
template <typename R, typename A>
R value_of(TrapCode (*f)(A, A, R&), std::type_identity_t<A> a, std::type_identity_t<A> b) {
  R out{};
  REQUIRE(f(a, b, out) == TrapCode::None);
  return out;
}
template <typename R, typename A>
TrapCode trap_of(TrapCode (*f)(A, R&), std::type_identity_t<A> a) {
  R out{};
  return f(a, out);
}
template <typename R, typename A>
R value_of(TrapCode (*f)(A, R&), std::type_identity_t<A> a) {
  R out{};
  REQUIRE(f(a, out) == TrapCode::None);
  return out;
}

}  // namespace

TEST_CASE("integer division and remainder trap and wrap as the spec says") {
  // i32.wast
  CHECK(trap_of(i32_div_s, 1u, 0u) == TrapCode::IntegerDivideByZero);
  CHECK(trap_of(i32_div_s, 0x80000000u, 0xFFFFFFFFu) == TrapCode::IntegerOverflow);
  CHECK(value_of(i32_div_s, 0x80000000u, 2u) == 0xC0000000u);
  CHECK(value_of(i32_div_s, static_cast<uint32_t>(-7), 2u) == static_cast<uint32_t>(-3));  // toward zero
  CHECK(value_of(i32_div_s, 7u, static_cast<uint32_t>(-2)) == static_cast<uint32_t>(-3));
  CHECK(trap_of(i32_div_u, 1u, 0u) == TrapCode::IntegerDivideByZero);
  CHECK(value_of(i32_div_u, 0x80000000u, 0xFFFFFFFFu) == 0u);
  CHECK(value_of(i32_div_u, 0x80000000u, 2u) == 0x40000000u);
  CHECK(trap_of(i32_rem_s, 1u, 0u) == TrapCode::IntegerDivideByZero);
  CHECK(value_of(i32_rem_s, 0x80000000u, 0xFFFFFFFFu) == 0u);  // INT_MIN % -1 = 0, no trap
  CHECK(value_of(i32_rem_s, 0x7FFFFFFFu, 0xFFFFFFFFu) == 0u);
  CHECK(value_of(i32_rem_s, static_cast<uint32_t>(-7), 2u) == static_cast<uint32_t>(-1));  // sign of dividend
  CHECK(value_of(i32_rem_s, 7u, static_cast<uint32_t>(-3)) == 1u);
  CHECK(trap_of(i32_rem_u, 1u, 0u) == TrapCode::IntegerDivideByZero);
  CHECK(value_of(i32_rem_u, 0x80000000u, 0xFFFFFFFFu) == 0x80000000u);
  CHECK(value_of(i32_rem_u, 0x8FF00FF0u, 0x10001u) == 0x8001u);

  // i64.wast
  CHECK(trap_of(i64_div_s, 1ull, 0ull) == TrapCode::IntegerDivideByZero);
  CHECK(trap_of(i64_div_s, 0x8000000000000000ull, ~0ull) == TrapCode::IntegerOverflow);
  CHECK(value_of(i64_div_s, 0x8000000000000000ull, 2ull) == 0xC000000000000000ull);
  CHECK(trap_of(i64_div_u, 1ull, 0ull) == TrapCode::IntegerDivideByZero);
  CHECK(value_of(i64_div_u, 0x8000000000000000ull, ~0ull) == 0ull);
  CHECK(value_of(i64_div_u, 0x8FF00FF00FF00FF0ull, 0x100000001ull) == 0x8FF00FEFull);
  CHECK(value_of(i64_rem_u, 0x8FF00FF00FF00FF0ull, 0x100000001ull) == 0x80000001ull);
  CHECK(trap_of(i64_rem_s, 1ull, 0ull) == TrapCode::IntegerDivideByZero);
  CHECK(value_of(i64_rem_s, 0x8000000000000000ull, ~0ull) == 0ull);
  CHECK(value_of(i64_rem_s, static_cast<uint64_t>(-7), 3ull) == static_cast<uint64_t>(-1));
  CHECK(trap_of(i64_rem_u, 1ull, 0ull) == TrapCode::IntegerDivideByZero);
  CHECK(value_of(i64_rem_u, 0x8000000000000000ull, ~0ull) == 0x8000000000000000ull);
}

TEST_CASE("shift and rotate counts are taken modulo the width") {
  CHECK(i32_shl(1u, 31u) == 0x80000000u);
  CHECK(i32_shl(1u, 32u) == 1u);
  CHECK(i32_shl(1u, 0xFFFFFFFFu) == 0x80000000u);
  CHECK(i32_shr_s(0x80000000u, 31u) == 0xFFFFFFFFu);
  CHECK(i32_shr_s(0x80000000u, 33u) == 0xC0000000u);
  CHECK(i32_shr_s(0x7FFFFFFFu, 32u) == 0x7FFFFFFFu);
  CHECK(i32_shr_u(0x80000000u, 31u) == 1u);
  CHECK(i32_shr_u(0xFFFFFFFFu, 33u) == 0x7FFFFFFFu);
  CHECK(i32_rotl(0xABCD9876u, 1u) == 0x579B30EDu);
  CHECK(i32_rotl(0x00008000u, 37u) == 0x00100000u);
  CHECK(i32_rotr(0xB0C1D2E3u, 5u) == 0x1D860E97u);
  CHECK(i32_rotr(0x769ABCDFu, 0xFFFFFFEDu) == 0xE6FBB4D5u);
  CHECK(i32_rotl(0x769ABCDFu, 0x8000000Du) == 0x579BEED3u);

  CHECK(i64_shl(1ull, 63ull) == 0x8000000000000000ull);
  CHECK(i64_shl(1ull, 64ull) == 1ull);
  CHECK(i64_shr_s(0x8000000000000000ull, 63ull) == ~0ull);
  CHECK(i64_shr_s(0x8000000000000000ull, 65ull) == 0xC000000000000000ull);
  CHECK(i64_shr_u(~0ull, 65ull) == 0x7FFFFFFFFFFFFFFFull);
  CHECK(i64_rotl(0xABD1234EF567809Cull, 63ull) == 0x55E891A77AB3C04Eull);
  CHECK(i64_rotr(0xABCD1234EF567809ull, 53ull) == 0x6891A77AB3C04D5Eull);
  CHECK(i64_rotr(0xABD1234EF567809Cull, 0x800000000000003Full) == 0x57A2469DEACF0139ull);
  CHECK(i64_rotl(0xABCD1234EF567809ull, 0xF5ull) == 0x013579A2469DEACFull);
}

TEST_CASE("bit counting, including zero") {
  CHECK(i32_clz(0u) == 32u);
  CHECK(i32_clz(0x00008000u) == 16u);
  CHECK(i32_clz(0xFFFFFFFFu) == 0u);
  CHECK(i32_ctz(0u) == 32u);
  CHECK(i32_ctz(0x80000000u) == 31u);
  CHECK(i32_popcnt(0u) == 0u);
  CHECK(i32_popcnt(0xAAAA5555u) == 16u);
  CHECK(i64_clz(0ull) == 64ull);
  CHECK(i64_clz(1ull) == 63ull);
  CHECK(i64_ctz(0ull) == 64ull);
  CHECK(i64_ctz(0x8000000000000000ull) == 63ull);
  CHECK(i64_popcnt(~0ull) == 64ull);
  CHECK(i64_popcnt(0x99999999AAAAAAAAull) == 32ull);
}

TEST_CASE("sign extension and width conversions") {
  CHECK(i32_extend8_s(0x7Fu) == 0x7Fu);
  CHECK(i32_extend8_s(0x80u) == 0xFFFFFF80u);
  CHECK(i32_extend8_s(0x01234580u) == 0xFFFFFF80u);
  CHECK(i32_extend16_s(0x8000u) == 0xFFFF8000u);
  CHECK(i32_extend16_s(0xFEDC7FFFu) == 0x7FFFu);
  CHECK(i64_extend8_s(0xFFFFFFFFFFFFFF7Full) == 0x7Full);
  CHECK(i64_extend16_s(0x8000ull) == 0xFFFFFFFFFFFF8000ull);
  CHECK(i64_extend32_s(0x80000000ull) == 0xFFFFFFFF80000000ull);
  CHECK(i64_extend32_s(0x123456787FFFFFFFull) == 0x7FFFFFFFull);
  CHECK(i32_wrap_i64(0xFFFFFFFF00000001ull) == 1u);
  CHECK(i64_extend_i32_s(0x80000000u) == 0xFFFFFFFF80000000ull);
  CHECK(i64_extend_i32_u(0x80000000u) == 0x80000000ull);
}

TEST_CASE("abs, neg and copysign only touch the sign bit, keeping NaN payloads") {
  // f32_bitwise.wast: payloads survive exactly, signalling NaNs are not quieted.
  CHECK(f32_bits(f32_abs(f32_from_bits(0xFFA00000u))) == 0x7FA00000u);  // -nan:0x200000
  CHECK(f32_bits(f32_neg(f32_from_bits(0x7FA00000u))) == 0xFFA00000u);
  CHECK(f32_bits(f32_neg(f32_from_bits(0x7FC00000u))) == 0xFFC00000u);
  CHECK(f32_bits(f32_neg(0.0f)) == 0x80000000u);
  CHECK(f32_bits(f32_abs(-0.0f)) == 0u);
  CHECK(f32_bits(f32_copysign(f32_from_bits(0x7FA00000u), -1.0f)) == 0xFFA00000u);
  CHECK(f32_bits(f32_copysign(2.0f, f32_from_bits(0xFFC00000u))) == f32_bits(-2.0f));
  CHECK(f32_bits(f32_copysign(-kInf32, 0.0f)) == f32_bits(kInf32));
  CHECK(f64_bits(f64_abs(f64_from_bits(0xFFF4000000000000ull))) == 0x7FF4000000000000ull);
  CHECK(f64_bits(f64_neg(f64_from_bits(0x7FF4000000000000ull))) == 0xFFF4000000000000ull);
  CHECK(f64_bits(f64_copysign(f64_from_bits(0x7FF4000000000000ull), -0.0)) == 0xFFF4000000000000ull);
  CHECK(f64_bits(f64_copysign(-1.5, 0.0)) == f64_bits(1.5));
}

TEST_CASE("min and max: NaN wins, -0 is below +0") {
  // f32.wast / f64.wast
  CHECK(f32_bits(f32_min(-0.0f, 0.0f)) == 0x80000000u);
  CHECK(f32_bits(f32_min(0.0f, -0.0f)) == 0x80000000u);
  CHECK(f32_bits(f32_max(-0.0f, 0.0f)) == 0u);
  CHECK(f32_bits(f32_max(0.0f, -0.0f)) == 0u);
  CHECK(f32_min(-kInf32, 1.0f) == -kInf32);
  CHECK(f32_max(-kInf32, kInf32) == kInf32);
  CHECK(f32_min(0x1p-149f, -0x1p-149f) == -0x1p-149f);
  CHECK(is_canonical_nan32(f32_min(f32_from_bits(0x7FC00000u), 1.0f)));
  CHECK(is_canonical_nan32(f32_max(0.0f, f32_from_bits(0xFFC00000u))));
  CHECK(is_arithmetic_nan32(f32_min(f32_from_bits(0x7FA00000u), 1.0f)));  // signalling in, quiet out
  CHECK(is_arithmetic_nan32(f32_max(kInf32, f32_from_bits(0xFFA00000u))));
  CHECK(f64_bits(f64_min(0.0, -0.0)) == 0x8000000000000000ull);
  CHECK(f64_bits(f64_max(-0.0, 0.0)) == 0ull);
  CHECK(f64_min(-1.0, 2.0) == -1.0);
  CHECK(f64_max(-1.0, 2.0) == 2.0);
  CHECK(is_canonical_nan64(f64_min(f64_from_bits(0xFFF8000000000000ull), -kInf64)));
  CHECK(is_arithmetic_nan64(f64_max(f64_from_bits(0x7FF4000000000000ull), 0.0)));
}

TEST_CASE("rounding: ceil, floor, trunc, nearest keep the sign of zero") {
  CHECK(f32_bits(f32_ceil(-0.5f)) == 0x80000000u);
  CHECK(f32_ceil(0x1p-149f) == 1.0f);
  CHECK(f32_ceil(-1.5f) == -1.0f);
  CHECK(f32_ceil(0x1.fffffep+22f) == 0x1p+23f);
  CHECK(f32_bits(f32_floor(-0.0f)) == 0x80000000u);
  CHECK(f32_floor(-0x1p-149f) == -1.0f);
  CHECK(f32_floor(1.5f) == 1.0f);
  CHECK(f32_bits(f32_trunc(-0.9f)) == 0x80000000u);
  CHECK(f32_trunc(-1.9f) == -1.0f);
  CHECK(f32_trunc(kInf32) == kInf32);

  // nearest: ties to even (f32.wast / float_misc.wast)
  CHECK(f32_bits(f32_nearest(-0.5f)) == 0x80000000u);
  CHECK(f32_bits(f32_nearest(0.5f)) == 0u);
  CHECK(f32_bits(f32_nearest(-0x1p-149f)) == 0x80000000u);
  CHECK(f32_nearest(1.5f) == 2.0f);
  CHECK(f32_nearest(2.5f) == 2.0f);
  CHECK(f32_nearest(-3.5f) == -4.0f);
  CHECK(f32_nearest(4.5f) == 4.0f);
  CHECK(f32_nearest(0x1.fffffep-1f) == 1.0f);  // just below 1
  CHECK(f32_nearest(0x1.fffffep+22f) == 0x1p+23f);
  CHECK(f32_nearest(8388609.0f) == 8388609.0f);  // above 2^23: already integral
  CHECK(f32_nearest(-kInf32) == -kInf32);
  CHECK(f64_bits(f64_nearest(-0.5)) == 0x8000000000000000ull);
  CHECK(f64_nearest(2.5) == 2.0);
  CHECK(f64_nearest(-3.5) == -4.0);
  CHECK(f64_nearest(0x1.fffffffffffffp+51) == 0x1p+52);
  CHECK(f64_nearest(4503599627370497.0) == 4503599627370497.0);
  CHECK(f64_bits(f64_ceil(-0.5)) == 0x8000000000000000ull);
  CHECK(f64_floor(-0.5) == -1.0);
  CHECK(f64_trunc(-1.5) == -1.0);

  // NaN operands come back as (quiet) NaNs, canonical in -> canonical out.
  CHECK(is_canonical_nan32(f32_nearest(f32_from_bits(0x7FC00000u))));
  CHECK(is_arithmetic_nan32(f32_ceil(f32_from_bits(0x7FA00000u))));
  CHECK(is_arithmetic_nan32(f32_floor(f32_from_bits(0xFFA00000u))));
  CHECK(is_arithmetic_nan32(f32_trunc(f32_from_bits(0x7F800001u))));
  CHECK(is_canonical_nan64(f64_trunc(f64_from_bits(0xFFF8000000000000ull))));
  CHECK(is_arithmetic_nan64(f64_nearest(f64_from_bits(0x7FF4000000000000ull))));
}

TEST_CASE("sqrt is the correctly rounded IEEE square root") {
  CHECK(f32_sqrt(4.0f) == 2.0f);
  CHECK(f32_bits(f32_sqrt(-0.0f)) == 0x80000000u);
  CHECK(is_canonical_nan32(f32_sqrt(-1.0f)));
  CHECK(f64_sqrt(0x1.fffffffffffffp+1023) == 0x1.fffffffffffffp+511);
  CHECK(is_canonical_nan64(f64_sqrt(-kInf64)));
}

TEST_CASE("trapping float to int truncation: exact exclusive bounds") {
  // conversions.wast
  CHECK(value_of(i32_trunc_f32_s, -2147483648.0f) == 0x80000000u);
  CHECK(value_of(i32_trunc_f32_s, 2147483520.0f) == 2147483520u);
  CHECK(value_of(i32_trunc_f32_s, -1.9f) == 0xFFFFFFFFu);
  CHECK(value_of(i32_trunc_f32_s, -0x1p-149f) == 0u);
  CHECK(trap_of(i32_trunc_f32_s, 2147483648.0f) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f32_s, -2147483904.0f) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f32_s, kInf32) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f32_s, f32_from_bits(0x7FC00000u)) == TrapCode::InvalidConversion);
  CHECK(trap_of(i32_trunc_f32_s, f32_from_bits(0xFFA00000u)) == TrapCode::InvalidConversion);

  CHECK(value_of(i32_trunc_f32_u, 4294967040.0f) == 4294967040u);
  CHECK(value_of(i32_trunc_f32_u, -0x1.ccccccp-1f) == 0u);  // -0.9: truncates to 0, valid
  CHECK(trap_of(i32_trunc_f32_u, 4294967296.0f) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f32_u, -1.0f) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f32_u, f32_from_bits(0x7FA00000u)) == TrapCode::InvalidConversion);

  CHECK(value_of(i32_trunc_f64_s, -2147483648.9) == 0x80000000u);  // truncates to INT_MIN
  CHECK(value_of(i32_trunc_f64_s, 2147483647.9) == 0x7FFFFFFFu);
  CHECK(trap_of(i32_trunc_f64_s, -2147483649.0) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f64_s, 2147483648.0) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f64_s, f64_from_bits(0xFFF8000000000000ull)) == TrapCode::InvalidConversion);

  CHECK(value_of(i32_trunc_f64_u, 4294967295.0) == 0xFFFFFFFFu);
  CHECK(value_of(i32_trunc_f64_u, -0x1.fffffffffffffp-1) == 0u);
  CHECK(value_of(i32_trunc_f64_u, 1e8) == 100000000u);
  CHECK(trap_of(i32_trunc_f64_u, 4294967296.0) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f64_u, -1.0) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i32_trunc_f64_u, 1e16) == TrapCode::IntegerOverflow);

  CHECK(value_of(i64_trunc_f32_s, -9223372036854775808.0f) == 0x8000000000000000ull);
  CHECK(value_of(i64_trunc_f32_s, 9223371487098961920.0f) == 9223371487098961920ull);
  CHECK(trap_of(i64_trunc_f32_s, 9223372036854775808.0f) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i64_trunc_f32_s, -9223373136366403584.0f) == TrapCode::IntegerOverflow);
  CHECK(value_of(i64_trunc_f32_u, 18446742974197923840.0f) == 18446742974197923840ull);
  CHECK(trap_of(i64_trunc_f32_u, 18446744073709551616.0f) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i64_trunc_f32_u, -1.0f) == TrapCode::IntegerOverflow);
  CHECK(value_of(i64_trunc_f64_s, -9223372036854775808.0) == 0x8000000000000000ull);
  CHECK(value_of(i64_trunc_f64_s, 9223372036854774784.0) == 9223372036854774784ull);
  CHECK(trap_of(i64_trunc_f64_s, 9223372036854775808.0) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i64_trunc_f64_s, -9223372036854777856.0) == TrapCode::IntegerOverflow);
  CHECK(value_of(i64_trunc_f64_u, 18446744073709549568.0) == 18446744073709549568ull);
  CHECK(value_of(i64_trunc_f64_u, -0.9) == 0ull);
  CHECK(trap_of(i64_trunc_f64_u, 18446744073709551616.0) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i64_trunc_f64_u, -kInf64) == TrapCode::IntegerOverflow);
  CHECK(trap_of(i64_trunc_f64_u, f64_from_bits(0x7FF4000000000000ull)) == TrapCode::InvalidConversion);
}

TEST_CASE("saturating truncation: NaN is 0, out of range clamps") {
  const float nan32 = f32_from_bits(0xFFA00000u);
  const double nan64 = f64_from_bits(0x7FF8000000000000ull);
  CHECK(i32_trunc_sat_f32_s(2147483648.0f) == 0x7FFFFFFFu);
  CHECK(i32_trunc_sat_f32_s(-2147483904.0f) == 0x80000000u);
  CHECK(i32_trunc_sat_f32_s(-kInf32) == 0x80000000u);
  CHECK(i32_trunc_sat_f32_s(-1.9f) == 0xFFFFFFFFu);
  CHECK(i32_trunc_sat_f32_s(nan32) == 0u);
  CHECK(i32_trunc_sat_f32_u(4294967296.0f) == 0xFFFFFFFFu);
  CHECK(i32_trunc_sat_f32_u(-1.0f) == 0u);
  CHECK(i32_trunc_sat_f32_u(-0x1.ccccccp-1f) == 0u);
  CHECK(i32_trunc_sat_f32_u(nan32) == 0u);
  CHECK(i32_trunc_sat_f64_s(-2147483649.0) == 0x80000000u);
  CHECK(i32_trunc_sat_f64_s(-2147483648.9) == 0x80000000u);
  CHECK(i32_trunc_sat_f64_s(2147483647.9) == 0x7FFFFFFFu);
  CHECK(i32_trunc_sat_f64_s(1e300) == 0x7FFFFFFFu);
  CHECK(i32_trunc_sat_f64_s(nan64) == 0u);
  CHECK(i32_trunc_sat_f64_u(4294967295.9) == 0xFFFFFFFFu);
  CHECK(i32_trunc_sat_f64_u(1e16) == 0xFFFFFFFFu);
  CHECK(i32_trunc_sat_f64_u(-kInf64) == 0u);
  CHECK(i64_trunc_sat_f32_s(9223372036854775808.0f) == 0x7FFFFFFFFFFFFFFFull);
  CHECK(i64_trunc_sat_f32_s(-kInf32) == 0x8000000000000000ull);
  CHECK(i64_trunc_sat_f32_s(nan32) == 0ull);
  CHECK(i64_trunc_sat_f32_u(18446744073709551616.0f) == ~0ull);
  CHECK(i64_trunc_sat_f32_u(-1.0f) == 0ull);
  CHECK(i64_trunc_sat_f64_s(-9223372036854777856.0) == 0x8000000000000000ull);
  CHECK(i64_trunc_sat_f64_s(9223372036854774784.0) == 9223372036854774784ull);
  CHECK(i64_trunc_sat_f64_s(nan64) == 0ull);
  CHECK(i64_trunc_sat_f64_u(18446744073709549568.0) == 18446744073709549568ull);
  CHECK(i64_trunc_sat_f64_u(kInf64) == ~0ull);
  CHECK(i64_trunc_sat_f64_u(-0.9) == 0ull);
}

TEST_CASE("int to float conversion rounds once, to nearest even") {
  // conversions.wast
  CHECK(f32_convert_i32_s(0x80000000u) == -2147483648.0f);
  CHECK(f32_convert_i32_s(16777217u) == 16777216.0f);
  CHECK(f32_convert_i32_s(static_cast<uint32_t>(-16777219)) == -16777220.0f);
  CHECK(f32_convert_i32_u(0xFFFFFFFFu) == 4294967296.0f);
  CHECK(f32_convert_i32_u(0x80000080u) == 0x1p+31f);       // tie -> even
  CHECK(f32_convert_i32_u(0x80000081u) == 0x1.000002p+31f);
  CHECK(f32_convert_i32_u(0x80000180u) == 0x1.000004p+31f);  // tie -> even (up)
  CHECK(f32_convert_i64_s(0x0020000020000001ull) == 0x1.000002p+53f);
  CHECK(f32_convert_i64_s(0xFFDFFFFFDFFFFFFFull) == -0x1.000002p+53f);
  CHECK(f32_convert_i64_s(0x8000000000000000ull) == -9223372036854775808.0f);
  CHECK(f32_convert_i64_u(0xFFFFFFFFFFFFFFFFull) == 18446744073709551616.0f);
  CHECK(f32_convert_i64_u(0x8000000000000000ull) == 9223372036854775808.0f);
  CHECK(f32_convert_i64_u(16777219ull) == 16777220.0f);
  CHECK(f32_convert_i64_u(0x0020000020000001ull) == 0x1.000002p+53f);
  CHECK(f32_convert_i64_u(0x7FFFFFBFFFFFFFFFull) == 0x1.fffffep+62f);
  // Double rounding traps: u64 -> f64 -> f32 would give 0x1p+63 here.
  CHECK(f32_convert_i64_u(0x8000008000000001ull) == 0x1.000002p+63f);
  CHECK(f32_convert_i64_u(0xFFFFFE8000000001ull) == 0x1.fffffep+63f);
  CHECK(f32_convert_i64_u(0x8000008000000000ull) == 0x1p+63f);  // exact tie -> even

  CHECK(f64_convert_i32_s(0x80000000u) == -2147483648.0);
  CHECK(f64_convert_i32_u(0xFFFFFFFFu) == 4294967295.0);
  CHECK(f64_convert_i64_s(9007199254740993ull) == 9007199254740992.0);
  CHECK(f64_convert_i64_s(static_cast<uint64_t>(-9007199254740995)) == -9007199254740996.0);
  CHECK(f64_convert_i64_u(0xFFFFFFFFFFFFFFFFull) == 18446744073709551616.0);
  CHECK(f64_convert_i64_u(0x8000000000000400ull) == 0x1.0000000000000p+63);
  CHECK(f64_convert_i64_u(0x8000000000000401ull) == 0x1.0000000000001p+63);
  CHECK(f64_convert_i64_u(0x8000000000000402ull) == 0x1.0000000000001p+63);
  CHECK(f64_convert_i64_u(0xFFFFFFFFFFFFF400ull) == 0x1.ffffffffffffep+63);
  CHECK(f64_convert_i64_u(0xFFFFFFFFFFFFF401ull) == 0x1.fffffffffffffp+63);
  CHECK(f64_convert_i64_u(9007199254740995ull) == 9007199254740996.0);
}

TEST_CASE("demote and promote") {
  // conversions.wast
  CHECK(f32_bits(f32_demote_f64(-0.0)) == 0x80000000u);
  CHECK(f32_bits(f32_demote_f64(-0x0.0000000000001p-1022)) == 0x80000000u);  // underflow keeps sign
  CHECK(f32_demote_f64(0x1.fffffe0000000p-127) == 0x1p-126f);
  CHECK(f32_demote_f64(0x1.fffffdfffffffp-127) == 0x1.fffffcp-127f);
  CHECK(f32_demote_f64(0x1.fffffd0000000p+127) == 0x1.fffffcp+127f);  // tie -> even
  CHECK(f32_demote_f64(0x1.fffffd0000001p+127) == 0x1.fffffep+127f);
  CHECK(f32_demote_f64(0x1.fffffefffffffp+127) == 0x1.fffffep+127f);
  CHECK(f32_demote_f64(0x1.ffffffp+127) == kInf32);
  CHECK(f32_demote_f64(-0x1.ffffffp+127) == -kInf32);
  CHECK(f32_demote_f64(0x1.0000000000001p+0) == 1.0f);
  CHECK(f32_demote_f64(0x1.0000010000000p+0) == 1.0f);  // tie -> even
  CHECK(f32_demote_f64(0x1.0000030000000p+0) == 0x1.000004p+0f);
  CHECK(is_canonical_nan32(f32_demote_f64(f64_from_bits(0x7FF8000000000000ull))));
  CHECK(is_canonical_nan32(f32_demote_f64(f64_from_bits(0xFFF8000000000000ull))));
  CHECK(is_arithmetic_nan32(f32_demote_f64(f64_from_bits(0x7FF4000000000000ull))));
  CHECK(is_arithmetic_nan32(f32_demote_f64(f64_from_bits(0x7FF0000000000001ull))));  // low payload only

  CHECK(f64_bits(f64_promote_f32(-0.0f)) == 0x8000000000000000ull);
  CHECK(f64_promote_f32(0x1p-149f) == 0x1p-149);
  CHECK(f64_promote_f32(0x1.fffffep+127f) == 0x1.fffffep+127);
  CHECK(f64_promote_f32(0x1.8f867ep+125f) == 6.6382536710104395e+37);
  CHECK(f64_promote_f32(-kInf32) == -kInf64);
  CHECK(is_canonical_nan64(f64_promote_f32(f32_from_bits(0x7FC00000u))));
  CHECK(is_canonical_nan64(f64_promote_f32(f32_from_bits(0xFFC00000u))));
  CHECK(is_arithmetic_nan64(f64_promote_f32(f32_from_bits(0x7FA00000u))));
  CHECK(is_arithmetic_nan64(f64_promote_f32(f32_from_bits(0xFF800001u))));
}

TEST_CASE("reinterpret is a bit copy, NaN payloads included") {
  CHECK(i32_reinterpret_f32(f32_from_bits(0x7FA00000u)) == 0x7FA00000u);
  CHECK(i32_reinterpret_f32(-0.0f) == 0x80000000u);
  CHECK(i64_reinterpret_f64(f64_from_bits(0xFFF4000000000000ull)) == 0xFFF4000000000000ull);
  CHECK(f32_bits(f32_reinterpret_i32(0xFF800001u)) == 0xFF800001u);
  CHECK(f64_bits(f64_reinterpret_i64(0x7FF0000000000001ull)) == 0x7FF0000000000001ull);
  CHECK(f64_reinterpret_i64(0x3FF0000000000000ull) == 1.0);
}
