// Exact semantics of the fixed-width SIMD instructions (spec 4.3 numerics applied lane-wise,
// 4.4.3 vector instructions), header-only, for the interpreter and for generated code.
//
// Naming contract: every "simple" op of runtime/wasm/opcodes_simd.def (Sig not `special`) that is not
// a memory op has a function in zwasm::simd named exactly like the op's Name column, with a
// signature derived from its Sig column (tests/test_simd.cpp checks all of them against the .def):
//   V_V   -> V128 Name(V128 a)              VV_V -> V128 Name(V128 a, V128 b)
//   VVV_V -> V128 Name(V128 a, V128 b, V128 c)        (V128Bitselect: a=v1, b=v2, c=mask)
//   V_i   -> uint32_t Name(V128 a)                    (any_true, all_true, bitmask)
//   i_V / I_V / f_V / F_V -> V128 Name(uint32_t | uint64_t | float | double x)      (splats)
//   Vi_V  -> V128 Name(V128 a, uint32_t count)        (shifts, count taken mod lane width)
//   Lane ops take the lane index last:
//     uint32_t|uint64_t|float|double Name(V128 a, uint32_t lane)              (extract_lane)
//     V128 Name(V128 a, uint32_t|uint64_t|float|double x, uint32_t lane)      (replace_lane)
//   V128 I8x16Shuffle(V128 a, V128 b, const uint8_t* lanes16)
// i32 results are zero-extended, except extract_lane_s, which sign-extends to 32 bits.
//
// For the memory ops the interpreter performs the access and uses these lane transforms
// (`raw` = the loaded bytes, little-endian): Load8x8S/U, Load16x4S/U, Load32x2S/U (uint64_t raw),
// Splat8/16/32 (uint32_t raw), Splat64 (uint64_t raw), LoadZero32 (uint32_t), LoadZero64
// (uint64_t); the lane loads/stores use the *ReplaceLane / *ExtractLane functions.
#pragma once

#include "runtime/semantics/simd_float.h"
#include "runtime/semantics/simd_int.h"
#include "runtime/semantics/simd_lanes.h"
