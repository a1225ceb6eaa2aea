// SIMD for the ARM64 macro assembler, on NEON (which every ARM64 Linux machine has): every one of
// the 236 instructions inline. Most are one NEON instruction, from the table neon_of(); the
// others (lanes, shuffles, reductions, shifts by a register count, loads and stores of parts of
// a vector) are spelled out in simd_op(). v128 cells are moved with ldr/str q (no alignment
// needed).
#include "codegen/a64/a64_registers.h"
#include "codegen/a64/masm_a64.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::a64;
using namespace a64;

namespace {

// A vector register's arrangement: lanes x lane width (the 64-bit ones are the low half).
enum class Arr : uint8_t { B16, H8, S4, D2, B8, H4, S2 };

Vec arr(const Vec& v, Arr a) {
  switch (a) {
    case Arr::B16: return v.b16();
    case Arr::H8: return v.h8();
    case Arr::S4: return v.s4();
    case Arr::D2: return v.d2();
    case Arr::B8: return v.b8();
    case Arr::H4: return v.h4();
    case Arr::S2: return v.s2();
  }
  return v.b16();
}

// One NEON instruction computing `op`: d = id(a, b) (b, a when `swap`), or d = id(a) when
// `unary`; `invert` complements the result (ne is not eq).
struct NeonOp {
  InstId id = Inst::kIdNone;
  Arr d = Arr::B16, a = Arr::B16, b = Arr::B16;
  bool unary = false, swap = false, invert = false;
};

constexpr NeonOp bin(InstId id, Arr lanes) { return {id, lanes, lanes, lanes}; }
constexpr NeonOp swapped(InstId id, Arr lanes) { return {id, lanes, lanes, lanes, false, true}; }
constexpr NeonOp inverted(InstId id, Arr lanes) { return {id, lanes, lanes, lanes, false, false, true}; }
constexpr NeonOp un(InstId id, Arr d, Arr a) { return {id, d, a, a, true}; }
constexpr NeonOp widening(InstId id, Arr d, Arr ab) { return {id, d, ab, ab}; }

NeonOp neon_of(IrOp op) {
  using I = Inst;
  constexpr Arr B = Arr::B16, H = Arr::H8, S = Arr::S4, D = Arr::D2;
  switch (op) {
    case IrOp::V128And: return bin(I::kIdAnd_v, B);
    case IrOp::V128Or: return bin(I::kIdOrr_v, B);
    case IrOp::V128Xor: return bin(I::kIdEor_v, B);
    case IrOp::V128AndNot: return bin(I::kIdBic_v, B);  // a & ~b
    case IrOp::V128Not: return un(I::kIdMvn_v, B, B);
    // Integer lanes. Comparisons: lt and le are gt and ge the other way round.
#define ZW_NEON_INT(W, L)                                                                    \
  case IrOp::W##Add: return bin(I::kIdAdd_v, L);                                             \
  case IrOp::W##Sub: return bin(I::kIdSub_v, L);                                             \
  case IrOp::W##Abs: return un(I::kIdAbs_v, L, L);                                           \
  case IrOp::W##Neg: return un(I::kIdNeg_v, L, L);                                           \
  case IrOp::W##Eq: return bin(I::kIdCmeq_v, L);                                             \
  case IrOp::W##Ne: return inverted(I::kIdCmeq_v, L);                                        \
  case IrOp::W##LtS: return swapped(I::kIdCmgt_v, L);                                        \
  case IrOp::W##GtS: return bin(I::kIdCmgt_v, L);                                            \
  case IrOp::W##LeS: return swapped(I::kIdCmge_v, L);                                        \
  case IrOp::W##GeS: return bin(I::kIdCmge_v, L);
    ZW_NEON_INT(I8x16, B)
    ZW_NEON_INT(I16x8, H)
    ZW_NEON_INT(I32x4, S)
    ZW_NEON_INT(I64x2, D)
#undef ZW_NEON_INT
#define ZW_NEON_NARROW_INT(W, L)                                                             \
  case IrOp::W##LtU: return swapped(I::kIdCmhi_v, L);                                        \
  case IrOp::W##GtU: return bin(I::kIdCmhi_v, L);                                            \
  case IrOp::W##LeU: return swapped(I::kIdCmhs_v, L);                                        \
  case IrOp::W##GeU: return bin(I::kIdCmhs_v, L);                                            \
  case IrOp::W##MinS: return bin(I::kIdSmin_v, L);                                           \
  case IrOp::W##MinU: return bin(I::kIdUmin_v, L);                                           \
  case IrOp::W##MaxS: return bin(I::kIdSmax_v, L);                                           \
  case IrOp::W##MaxU: return bin(I::kIdUmax_v, L);
    ZW_NEON_NARROW_INT(I8x16, B)
    ZW_NEON_NARROW_INT(I16x8, H)
    ZW_NEON_NARROW_INT(I32x4, S)
#undef ZW_NEON_NARROW_INT
#define ZW_NEON_SAT(W, L)                                                                    \
  case IrOp::W##AddSatS: return bin(I::kIdSqadd_v, L);                                       \
  case IrOp::W##AddSatU: return bin(I::kIdUqadd_v, L);                                       \
  case IrOp::W##SubSatS: return bin(I::kIdSqsub_v, L);                                       \
  case IrOp::W##SubSatU: return bin(I::kIdUqsub_v, L);                                       \
  case IrOp::W##AvgrU: return bin(I::kIdUrhadd_v, L);  /* (a + b + 1) >> 1 */
    ZW_NEON_SAT(I8x16, B)
    ZW_NEON_SAT(I16x8, H)
#undef ZW_NEON_SAT
    case IrOp::I8x16Popcnt: return un(I::kIdCnt_v, B, B);
    case IrOp::I16x8Mul: return bin(I::kIdMul_v, H);
    case IrOp::I32x4Mul: return bin(I::kIdMul_v, S);
    case IrOp::I16x8Q15mulrSatS: return bin(I::kIdSqrdmulh_v, H);  // (a * b + 2^14) >> 15, saturated
    case IrOp::I16x8ExtaddPairwiseI8x16S: return un(I::kIdSaddlp_v, H, B);
    case IrOp::I16x8ExtaddPairwiseI8x16U: return un(I::kIdUaddlp_v, H, B);
    case IrOp::I32x4ExtaddPairwiseI16x8S: return un(I::kIdSaddlp_v, S, H);
    case IrOp::I32x4ExtaddPairwiseI16x8U: return un(I::kIdUaddlp_v, S, H);
    // Widening: the low half (the 64-bit arrangement) or the high half (the "2" forms).
#define ZW_NEON_WIDEN(W, N, WIDE, LOW, FULL)                                                 \
  case IrOp::W##ExtendLow##N##S: return un(I::kIdSxtl_v, WIDE, LOW);                         \
  case IrOp::W##ExtendHigh##N##S: return un(I::kIdSxtl2_v, WIDE, FULL);                      \
  case IrOp::W##ExtendLow##N##U: return un(I::kIdUxtl_v, WIDE, LOW);                         \
  case IrOp::W##ExtendHigh##N##U: return un(I::kIdUxtl2_v, WIDE, FULL);                      \
  case IrOp::W##ExtmulLow##N##S: return widening(I::kIdSmull_v, WIDE, LOW);                  \
  case IrOp::W##ExtmulHigh##N##S: return widening(I::kIdSmull2_v, WIDE, FULL);               \
  case IrOp::W##ExtmulLow##N##U: return widening(I::kIdUmull_v, WIDE, LOW);                  \
  case IrOp::W##ExtmulHigh##N##U: return widening(I::kIdUmull2_v, WIDE, FULL);
    ZW_NEON_WIDEN(I16x8, I8x16, H, Arr::B8, B)
    ZW_NEON_WIDEN(I32x4, I16x8, S, Arr::H4, H)
    ZW_NEON_WIDEN(I64x2, I32x4, D, Arr::S2, S)
#undef ZW_NEON_WIDEN
    // Float lanes. fmin/fmax propagate NaN and order -0 below +0, as wasm's min/max do.
#define ZW_NEON_FLOAT(W, L)                                                                  \
  case IrOp::W##Add: return bin(I::kIdFadd_v, L);                                            \
  case IrOp::W##Sub: return bin(I::kIdFsub_v, L);                                            \
  case IrOp::W##Mul: return bin(I::kIdFmul_v, L);                                            \
  case IrOp::W##Div: return bin(I::kIdFdiv_v, L);                                            \
  case IrOp::W##Min: return bin(I::kIdFmin_v, L);                                            \
  case IrOp::W##Max: return bin(I::kIdFmax_v, L);                                            \
  case IrOp::W##Abs: return un(I::kIdFabs_v, L, L);                                          \
  case IrOp::W##Neg: return un(I::kIdFneg_v, L, L);                                          \
  case IrOp::W##Sqrt: return un(I::kIdFsqrt_v, L, L);                                        \
  case IrOp::W##Ceil: return un(I::kIdFrintp_v, L, L);                                       \
  case IrOp::W##Floor: return un(I::kIdFrintm_v, L, L);                                      \
  case IrOp::W##Trunc: return un(I::kIdFrintz_v, L, L);                                      \
  case IrOp::W##Nearest: return un(I::kIdFrintn_v, L, L);                                    \
  case IrOp::W##Eq: return bin(I::kIdFcmeq_v, L);                                            \
  case IrOp::W##Ne: return inverted(I::kIdFcmeq_v, L);  /* true when unordered */            \
  case IrOp::W##Lt: return swapped(I::kIdFcmgt_v, L);                                        \
  case IrOp::W##Gt: return bin(I::kIdFcmgt_v, L);                                            \
  case IrOp::W##Le: return swapped(I::kIdFcmge_v, L);                                        \
  case IrOp::W##Ge: return bin(I::kIdFcmge_v, L);
    ZW_NEON_FLOAT(F32x4, S)
    ZW_NEON_FLOAT(F64x2, D)
#undef ZW_NEON_FLOAT
    // Conversions: fcvtzs/fcvtzu saturate and give 0 for NaN, as trunc_sat does.
    case IrOp::I32x4TruncSatF32x4S: return un(I::kIdFcvtzs_v, S, S);
    case IrOp::I32x4TruncSatF32x4U: return un(I::kIdFcvtzu_v, S, S);
    case IrOp::F32x4ConvertI32x4S: return un(I::kIdScvtf_v, S, S);
    case IrOp::F32x4ConvertI32x4U: return un(I::kIdUcvtf_v, S, S);
    case IrOp::F32x4DemoteF64x2Zero: return un(I::kIdFcvtn_v, Arr::S2, D);  // the high half zeroed
    case IrOp::F64x2PromoteLowF32x4: return un(I::kIdFcvtl_v, D, Arr::S2);
    case IrOp::I8x16Swizzle: return bin(I::kIdTbl_v, B);  // an index past 15 selects 0
    default: return {};
  }
}

// The SIMD instructions simd_op() spells out.
bool is_special(IrOp op) {
  switch (op) {
    case IrOp::I8x16Splat: case IrOp::I16x8Splat: case IrOp::I32x4Splat: case IrOp::I64x2Splat:
    case IrOp::F32x4Splat: case IrOp::F64x2Splat:
    case IrOp::I8x16ExtractLaneS: case IrOp::I8x16ExtractLaneU: case IrOp::I16x8ExtractLaneS:
    case IrOp::I16x8ExtractLaneU: case IrOp::I32x4ExtractLane: case IrOp::I64x2ExtractLane:
    case IrOp::F32x4ExtractLane: case IrOp::F64x2ExtractLane:
    case IrOp::I8x16ReplaceLane: case IrOp::I16x8ReplaceLane: case IrOp::I32x4ReplaceLane:
    case IrOp::I64x2ReplaceLane: case IrOp::F32x4ReplaceLane: case IrOp::F64x2ReplaceLane:
    case IrOp::I8x16Shuffle: case IrOp::V128Bitselect: case IrOp::V128AnyTrue:
    case IrOp::I8x16AllTrue: case IrOp::I16x8AllTrue: case IrOp::I32x4AllTrue: case IrOp::I64x2AllTrue:
    case IrOp::I8x16Bitmask: case IrOp::I16x8Bitmask: case IrOp::I32x4Bitmask: case IrOp::I64x2Bitmask:
    case IrOp::I8x16NarrowI16x8S: case IrOp::I8x16NarrowI16x8U: case IrOp::I16x8NarrowI32x4S:
    case IrOp::I16x8NarrowI32x4U:
    case IrOp::I8x16Shl: case IrOp::I8x16ShrS: case IrOp::I8x16ShrU: case IrOp::I16x8Shl:
    case IrOp::I16x8ShrS: case IrOp::I16x8ShrU: case IrOp::I32x4Shl: case IrOp::I32x4ShrS:
    case IrOp::I32x4ShrU: case IrOp::I64x2Shl: case IrOp::I64x2ShrS: case IrOp::I64x2ShrU:
    case IrOp::I64x2Mul: case IrOp::I32x4DotI16x8S:
    case IrOp::F32x4Pmin: case IrOp::F32x4Pmax: case IrOp::F64x2Pmin: case IrOp::F64x2Pmax:
    case IrOp::I32x4TruncSatF64x2SZero: case IrOp::I32x4TruncSatF64x2UZero:
    case IrOp::F64x2ConvertLowI32x4S: case IrOp::F64x2ConvertLowI32x4U:
    case IrOp::V128Load8x8S: case IrOp::V128Load8x8U: case IrOp::V128Load16x4S:
    case IrOp::V128Load16x4U: case IrOp::V128Load32x2S: case IrOp::V128Load32x2U:
    case IrOp::V128Load8Splat: case IrOp::V128Load16Splat: case IrOp::V128Load32Splat:
    case IrOp::V128Load64Splat: case IrOp::V128Load32Zero: case IrOp::V128Load64Zero:
    case IrOp::V128Load8Lane: case IrOp::V128Load16Lane: case IrOp::V128Load32Lane:
    case IrOp::V128Load64Lane: case IrOp::V128Store8Lane: case IrOp::V128Store16Lane:
    case IrOp::V128Store32Lane: case IrOp::V128Store64Lane:
      return true;
    default:
      return false;
  }
}

// A lane of `v` of `bytes` bytes.
Vec lane(const Vec& v, unsigned bytes, uint32_t index) {
  switch (bytes) {
    case 1: return v.b(index);
    case 2: return v.h(index);
    case 4: return v.s(index);
    default: return v.d(index);
  }
}

// The full arrangement of `bytes`-wide lanes.
Arr lanes_of(unsigned bytes) {
  switch (bytes) {
    case 1: return Arr::B16;
    case 2: return Arr::H8;
    case 4: return Arr::S4;
    default: return Arr::D2;
  }
}

}  // namespace

bool MasmA64::supports(IrOp op) const { return neon_of(op).id != Inst::kIdNone || is_special(op); }

void MasmA64::simd_binary(IrOp op, uint32_t dst, uint32_t a, uint32_t b) {
  NeonOp n = neon_of(op);
  Vec va = v128_in(a, kV0);
  Vec vb = b == a ? va : v128_in(b, kV1);
  if (n.swap) std::swap(va, vb);
  Vec d = v128_out(dst, kV0);
  a_.emit(n.id, arr(d, n.d), arr(va, n.a), arr(vb, n.b));
  if (n.invert) a_.mvn(d.b16(), d.b16());
  write_v128(dst, d);
}

void MasmA64::simd_unary(IrOp op, uint32_t dst, uint32_t a) {
  NeonOp n = neon_of(op);
  Vec va = v128_in(a, kV0);
  Vec d = v128_out(dst, kV0);
  a_.emit(n.id, arr(d, n.d), arr(va, n.a));
  write_v128(dst, d);
}

void MasmA64::load_v128(uint32_t dst, const Address& addr, Label out_of_bounds) {
  a64::Mem m = effective_address(addr, 16);
  Vec d = v128_out(dst, kV0);
  record_access(out_of_bounds);
  a_.ldr(d.q(), m);
  write_v128(dst, d);
}

void MasmA64::store_v128(const Address& addr, uint32_t src, Label out_of_bounds) {
  Vec v = v128_in(src, kV0);
  a64::Mem m = effective_address(addr, 16);
  record_access(out_of_bounds);
  a_.str(v.q(), m);
}

// The v128 in slot `s` into `d` (a home or scratch register).
void MasmA64::v128_into(const a64::Vec& d, uint32_t s) {
  if (!in_fp(s)) a_.ldr(d.q(), cell(s, 16));
  else if (fp_home(s).id() != d.id()) a_.mov(d.b16(), fp_home(s).b16());
}

// A 16-byte constant of the code (the constant pool, emit_constants()).
a64::Mem MasmA64::pooled(uint64_t lo, uint64_t hi) {
  return ptr(constants_.add(a_, lo, hi));
}

void MasmA64::simd_op(IrOp op, const uint32_t* ins, Label out_of_bounds) {
  NeonOp n = neon_of(op);
  if (n.id != Inst::kIdNone) {
    if (n.unary) simd_unary(op, ins[1], ins[2]);
    else simd_binary(op, ins[1], ins[2], ins[3]);
    return;
  }
  // Operands in IR order (ir_ops.def: the result, the sources, then the immediates).
  uint32_t dst = ins[1], a = ins[2];
  auto memory_address = [&](uint32_t base, uint32_t offset) {
    Address addr;
    addr.base = base;
    addr.offset = offset;
    return addr;
  };
  switch (op) {
    case IrOp::I8x16Splat: case IrOp::I16x8Splat: case IrOp::I32x4Splat: case IrOp::I64x2Splat: {
      unsigned bytes = op == IrOp::I8x16Splat ? 1 : op == IrOp::I16x8Splat ? 2 : op == IrOp::I32x4Splat ? 4 : 8;
      Gp r = gp_in(a, bytes == 8 ? 64 : 32, kT0);
      Vec d = v128_out(dst, kV0);
      a_.dup(arr(d, lanes_of(bytes)), r);
      write_v128(dst, d);
      return;
    }
    case IrOp::F32x4Splat: case IrOp::F64x2Splat: {
      unsigned bytes = op == IrOp::F32x4Splat ? 4 : 8;
      Vec f = fp_in(a, bytes * 8, kV1);
      Vec d = v128_out(dst, kV0);
      a_.dup(arr(d, lanes_of(bytes)), lane(f, bytes, 0));
      write_v128(dst, d);
      return;
    }
    case IrOp::I8x16ExtractLaneS: case IrOp::I16x8ExtractLaneS: {
      unsigned bytes = op == IrOp::I8x16ExtractLaneS ? 1 : 2;
      Vec v = v128_in(a, kV0);
      Gp d = gp_out(dst, kT0);
      a_.smov(d.w(), lane(v, bytes, ins[3]));  // sign-extends to 32 bits; the upper half zero
      write_gp(dst, d);
      return;
    }
    case IrOp::I8x16ExtractLaneU: case IrOp::I16x8ExtractLaneU: case IrOp::I32x4ExtractLane:
    case IrOp::I64x2ExtractLane: {
      unsigned bytes = op == IrOp::I8x16ExtractLaneU ? 1 : op == IrOp::I16x8ExtractLaneU ? 2
                       : op == IrOp::I32x4ExtractLane ? 4 : 8;
      Vec v = v128_in(a, kV0);
      Gp d = gp_out(dst, kT0);
      a_.umov(bytes == 8 ? Gp(d.x()) : Gp(d.w()), lane(v, bytes, ins[3]));
      write_gp(dst, d);
      return;
    }
    case IrOp::F32x4ExtractLane: case IrOp::F64x2ExtractLane: {
      unsigned bytes = op == IrOp::F32x4ExtractLane ? 4 : 8;
      Vec v = v128_in(a, kV0);
      Vec d = fp_out(dst, kV1);
      a_.dup(fwidth(d, bytes * 8), lane(v, bytes, ins[3]));  // a scalar write: upper bits zero
      write_fp(dst, d);
      return;
    }
    case IrOp::I8x16ReplaceLane: case IrOp::I16x8ReplaceLane: case IrOp::I32x4ReplaceLane:
    case IrOp::I64x2ReplaceLane: {
      unsigned bytes = op == IrOp::I8x16ReplaceLane ? 1 : op == IrOp::I16x8ReplaceLane ? 2
                       : op == IrOp::I32x4ReplaceLane ? 4 : 8;
      Gp r = gp_in(ins[3], bytes == 8 ? 64 : 32, kT0);
      Vec d = v128_out(dst, kV0);
      v128_into(d, a);
      a_.ins(lane(d, bytes, ins[4]), r);
      write_v128(dst, d);
      return;
    }
    case IrOp::F32x4ReplaceLane: case IrOp::F64x2ReplaceLane: {
      unsigned bytes = op == IrOp::F32x4ReplaceLane ? 4 : 8;
      Vec f = fp_in(ins[3], bytes * 8, kV1);
      Vec d = v128_out(dst, kV0);
      if (f.id() == d.id()) {  // the scalar lives where the result goes: keep it first
        a_.mov(kV1.b16(), f.b16());
        f = kV1;
      }
      v128_into(d, a);
      a_.ins(lane(d, bytes, ins[4]), lane(f, bytes, 0));
      write_v128(dst, d);
      return;
    }
    case IrOp::I8x16Shuffle: {
      // tbl over the 32 bytes of a and b, which must sit in consecutive registers: v0, v1.
      v128_into(kV0, a);
      v128_into(kV1, ins[3]);
      a_.ldr(kV2.q(), pooled(uint64_t(ins[4]) | uint64_t(ins[5]) << 32, uint64_t(ins[6]) | uint64_t(ins[7]) << 32));
      Vec d = v128_out(dst, kV0);
      a_.tbl(d.b16(), kV0.b16(), kV1.b16(), kV2.b16());
      write_v128(dst, d);
      return;
    }
    case IrOp::V128Bitselect: {  // a where c's bits are set, b elsewhere
      Vec va = v128_in(a, kV0), vb = v128_in(ins[3], kV1);
      v128_into(kV2, ins[4]);
      a_.bsl(kV2.b16(), va.b16(), vb.b16());
      write_v128(dst, kV2);
      return;
    }
    case IrOp::V128AnyTrue: case IrOp::I8x16AllTrue: case IrOp::I16x8AllTrue:
    case IrOp::I32x4AllTrue: case IrOp::I64x2AllTrue: {
      Vec v = v128_in(a, kV0);
      CondCode cc = CondCode::kNE;
      switch (op) {
        case IrOp::V128AnyTrue: a_.umaxv(kV1.s(), v.s4()); break;  // the largest lane: not 0
        case IrOp::I8x16AllTrue: a_.uminv(kV1.b(), v.b16()); break;  // the smallest: not 0
        case IrOp::I16x8AllTrue: a_.uminv(kV1.h(), v.h8()); break;
        case IrOp::I32x4AllTrue: a_.uminv(kV1.s(), v.s4()); break;
        default:  // no 64-bit uminv: all lanes are non-zero when none compares equal to 0
          a_.cmeq(kV1.d2(), v.d2(), Imm(0));
          a_.umaxv(kV1.s(), kV1.s4());
          cc = CondCode::kEQ;
          break;
      }
      a_.fmov(kT0.w(), kV1.s());  // a b or h result zeroed the rest of the register
      a_.cmp(kT0.w(), Imm(0));
      Gp d = gp_out(dst, kT0);
      a_.cset(d.w(), Imm(cc));
      write_gp(dst, d);
      return;
    }
    case IrOp::I8x16Bitmask: case IrOp::I16x8Bitmask: case IrOp::I32x4Bitmask:
    case IrOp::I64x2Bitmask: {
      // Each lane's sign as all ones (cmlt #0), kept at its own bit of a lane-index mask, and
      // the lanes added up (their bits are distinct).
      Vec v = v128_in(a, kV0);
      Gp d = gp_out(dst, kT0);
      switch (op) {
        case IrOp::I8x16Bitmask:
          a_.cmlt(kV0.b16(), v.b16(), Imm(0));
          a_.ldr(kV1.q(), pooled(0x8040201008040201ull, 0x8040201008040201ull));
          a_.and_(kV0.b16(), kV0.b16(), kV1.b16());
          // Bytes 0-7 give bits 0-7, bytes 8-15 bits 8-15: interleave the halves into 16-bit
          // lanes (byte k low, byte k + 8 high) and add those.
          a_.ext(kV1.b16(), kV0.b16(), kV0.b16(), Imm(8));
          a_.zip1(kV0.b16(), kV0.b16(), kV1.b16());
          a_.addv(kV0.h(), kV0.h8());
          a_.umov(d.w(), kV0.h(0));
          break;
        case IrOp::I16x8Bitmask:
          a_.cmlt(kV0.h8(), v.h8(), Imm(0));
          a_.ldr(kV1.q(), pooled(0x0008000400020001ull, 0x0080004000200010ull));
          a_.and_(kV0.b16(), kV0.b16(), kV1.b16());
          a_.addv(kV0.h(), kV0.h8());
          a_.umov(d.w(), kV0.h(0));
          break;
        case IrOp::I32x4Bitmask:
          a_.cmlt(kV0.s4(), v.s4(), Imm(0));
          a_.ldr(kV1.q(), pooled(0x0000000200000001ull, 0x0000000800000004ull));
          a_.and_(kV0.b16(), kV0.b16(), kV1.b16());
          a_.addv(kV0.s(), kV0.s4());
          a_.fmov(d.w(), kV0.s());
          break;
        default:
          a_.cmlt(kV0.d2(), v.d2(), Imm(0));
          a_.ldr(kV1.q(), pooled(1, 2));
          a_.and_(kV0.b16(), kV0.b16(), kV1.b16());
          a_.addp(kV0.d(), kV0.d2());
          a_.fmov(d.x(), kV0.d());
          break;
      }
      write_gp(dst, d);
      return;
    }
    case IrOp::I8x16NarrowI16x8S: case IrOp::I8x16NarrowI16x8U: case IrOp::I16x8NarrowI32x4S:
    case IrOp::I16x8NarrowI32x4U: {
      // a's lanes to the low half, b's to the high half, saturated (signed input both ways).
      bool to_bytes = op == IrOp::I8x16NarrowI16x8S || op == IrOp::I8x16NarrowI16x8U;
      bool is_signed = op == IrOp::I8x16NarrowI16x8S || op == IrOp::I16x8NarrowI32x4S;
      Vec va = v128_in(a, kV0), vb = v128_in(ins[3], kV1);
      Arr wide = to_bytes ? Arr::H8 : Arr::S4;
      a_.emit(is_signed ? Inst::kIdSqxtn_v : Inst::kIdSqxtun_v, arr(kV2, to_bytes ? Arr::B8 : Arr::H4), arr(va, wide));
      a_.emit(is_signed ? Inst::kIdSqxtn2_v : Inst::kIdSqxtun2_v, arr(kV2, to_bytes ? Arr::B16 : Arr::H8), arr(vb, wide));
      write_v128(dst, kV2);
      return;
    }
    case IrOp::I8x16Shl: case IrOp::I8x16ShrS: case IrOp::I8x16ShrU: case IrOp::I16x8Shl:
    case IrOp::I16x8ShrS: case IrOp::I16x8ShrU: case IrOp::I32x4Shl: case IrOp::I32x4ShrS:
    case IrOp::I32x4ShrU: case IrOp::I64x2Shl: case IrOp::I64x2ShrS: case IrOp::I64x2ShrU: {
      unsigned bytes = op == IrOp::I8x16Shl || op == IrOp::I8x16ShrS || op == IrOp::I8x16ShrU ? 1
                       : op == IrOp::I16x8Shl || op == IrOp::I16x8ShrS || op == IrOp::I16x8ShrU ? 2
                       : op == IrOp::I32x4Shl || op == IrOp::I32x4ShrS || op == IrOp::I32x4ShrU ? 4 : 8;
      bool left = op == IrOp::I8x16Shl || op == IrOp::I16x8Shl || op == IrOp::I32x4Shl || op == IrOp::I64x2Shl;
      bool arithmetic = op == IrOp::I8x16ShrS || op == IrOp::I16x8ShrS || op == IrOp::I32x4ShrS ||
                        op == IrOp::I64x2ShrS;
      // The count modulo the lane width (spec 4.3.2 ishl etc.); sshl/ushl shift left by each
      // lane's signed low byte, and right by a negative one.
      Gp count = gp_in(ins[3], 32, kT0);
      a_.and_(kT0.w(), count, Imm(bytes * 8 - 1));
      if (!left) a_.neg(kT0.w(), kT0.w());
      Arr lanes = lanes_of(bytes);
      a_.dup(arr(kV1, lanes), bytes == 8 ? Gp(kT0) : Gp(kT0.w()));
      Vec v = v128_in(a, kV0);
      Vec d = v128_out(dst, kV0);
      a_.emit(arithmetic ? Inst::kIdSshl_v : Inst::kIdUshl_v, arr(d, lanes), arr(v, lanes), arr(kV1, lanes));
      write_v128(dst, d);
      return;
    }
    case IrOp::I64x2Mul: {  // no 64-bit lane multiply: each lane on the general registers
      Vec va = v128_in(a, kV0), vb = v128_in(ins[3], kV1);
      a_.umov(kT0, va.d(0));
      a_.umov(kT1, vb.d(0));
      a_.mul(kT0, kT0, kT1);
      a_.umov(kT2, va.d(1));
      a_.umov(kT1, vb.d(1));
      a_.mul(kT2, kT2, kT1);
      Vec d = v128_out(dst, kV0);
      a_.ins(d.d(0), kT0);
      a_.ins(d.d(1), kT2);
      write_v128(dst, d);
      return;
    }
    case IrOp::I32x4DotI16x8S: {  // products of lane pairs, 32 bits wide, added pairwise
      Vec va = v128_in(a, kV0), vb = v128_in(ins[3], kV1);
      a_.smull(kV2.s4(), va.h4(), vb.h4());
      a_.smull2(kV0.s4(), va.h8(), vb.h8());  // reads va before it may overwrite it
      Vec d = v128_out(dst, kV0);
      a_.addp(d.s4(), kV2.s4(), kV0.s4());
      write_v128(dst, d);
      return;
    }
    case IrOp::F32x4Pmin: case IrOp::F32x4Pmax: case IrOp::F64x2Pmin: case IrOp::F64x2Pmax: {
      // pmin = b < a ? b : a; pmax = a < b ? b : a (a NaN compares false: a).
      Arr lanes = op == IrOp::F32x4Pmin || op == IrOp::F32x4Pmax ? Arr::S4 : Arr::D2;
      bool min = op == IrOp::F32x4Pmin || op == IrOp::F64x2Pmin;
      Vec va = v128_in(a, kV0), vb = v128_in(ins[3], kV1);
      a_.fcmgt(arr(kV2, lanes), arr(min ? va : vb, lanes), arr(min ? vb : va, lanes));
      a_.bsl(kV2.b16(), vb.b16(), va.b16());
      write_v128(dst, kV2);
      return;
    }
    case IrOp::I32x4TruncSatF64x2SZero: case IrOp::I32x4TruncSatF64x2UZero: {
      // To 64-bit integers (saturated, NaN 0), then narrowed with saturation; the high half 0.
      bool is_signed = op == IrOp::I32x4TruncSatF64x2SZero;
      Vec v = v128_in(a, kV0);
      a_.emit(is_signed ? Inst::kIdFcvtzs_v : Inst::kIdFcvtzu_v, kV2.d2(), v.d2());
      Vec d = v128_out(dst, kV0);
      a_.emit(is_signed ? Inst::kIdSqxtn_v : Inst::kIdUqxtn_v, d.s2(), kV2.d2());
      write_v128(dst, d);
      return;
    }
    case IrOp::F64x2ConvertLowI32x4S: case IrOp::F64x2ConvertLowI32x4U: {
      bool is_signed = op == IrOp::F64x2ConvertLowI32x4S;
      Vec v = v128_in(a, kV0);
      a_.emit(is_signed ? Inst::kIdSxtl_v : Inst::kIdUxtl_v, kV2.d2(), v.s2());
      Vec d = v128_out(dst, kV0);
      a_.emit(is_signed ? Inst::kIdScvtf_v : Inst::kIdUcvtf_v, d.d2(), kV2.d2());
      write_v128(dst, d);
      return;
    }
    case IrOp::V128Load8x8S: case IrOp::V128Load8x8U: case IrOp::V128Load16x4S:
    case IrOp::V128Load16x4U: case IrOp::V128Load32x2S: case IrOp::V128Load32x2U: {
      // 8 bytes, each lane widened (d, address, offset).
      bool is_signed = op == IrOp::V128Load8x8S || op == IrOp::V128Load16x4S || op == IrOp::V128Load32x2S;
      Arr narrow = op == IrOp::V128Load8x8S || op == IrOp::V128Load8x8U     ? Arr::B8
                   : op == IrOp::V128Load16x4S || op == IrOp::V128Load16x4U ? Arr::H4
                                                                            : Arr::S2;
      Arr wide = narrow == Arr::B8 ? Arr::H8 : narrow == Arr::H4 ? Arr::S4 : Arr::D2;
      a64::Mem m = effective_address(memory_address(a, ins[3]), 8);
      record_access(out_of_bounds);
      a_.ldr(kV0.d(), m);
      Vec d = v128_out(dst, kV0);
      a_.emit(is_signed ? Inst::kIdSxtl_v : Inst::kIdUxtl_v, arr(d, wide), arr(kV0, narrow));
      write_v128(dst, d);
      return;
    }
    case IrOp::V128Load8Splat: case IrOp::V128Load16Splat: case IrOp::V128Load32Splat:
    case IrOp::V128Load64Splat: {
      unsigned bytes = op == IrOp::V128Load8Splat ? 1 : op == IrOp::V128Load16Splat ? 2
                       : op == IrOp::V128Load32Splat ? 4 : 8;
      a64::Mem m = effective_address(memory_address(a, ins[3]), bytes);
      record_access(out_of_bounds);
      Vec scalar = bytes == 1 ? Vec(kV0.b()) : bytes == 2 ? Vec(kV0.h()) : bytes == 4 ? Vec(kV0.s()) : Vec(kV0.d());
      a_.ldr(scalar, m);
      Vec d = v128_out(dst, kV0);
      a_.dup(arr(d, lanes_of(bytes)), lane(kV0, bytes, 0));
      write_v128(dst, d);
      return;
    }
    case IrOp::V128Load32Zero: case IrOp::V128Load64Zero: {  // a scalar load zeroes the rest
      unsigned bytes = op == IrOp::V128Load32Zero ? 4 : 8;
      a64::Mem m = effective_address(memory_address(a, ins[3]), bytes);
      Vec d = v128_out(dst, kV0);
      record_access(out_of_bounds);
      a_.ldr(fwidth(d, bytes * 8), m);
      write_v128(dst, d);
      return;
    }
    case IrOp::V128Load8Lane: case IrOp::V128Load16Lane: case IrOp::V128Load32Lane:
    case IrOp::V128Load64Lane: {  // d, address, vector, offset, lane
      unsigned bytes = op == IrOp::V128Load8Lane ? 1 : op == IrOp::V128Load16Lane ? 2
                       : op == IrOp::V128Load32Lane ? 4 : 8;
      a64::Mem m = effective_address(memory_address(a, ins[4]), bytes);
      record_access(out_of_bounds);
      switch (bytes) {
        case 1: a_.ldrb(kT0.w(), m); break;
        case 2: a_.ldrh(kT0.w(), m); break;
        case 4: a_.ldr(kT0.w(), m); break;
        default: a_.ldr(kT0, m); break;
      }
      Vec d = v128_out(dst, kV0);
      v128_into(d, ins[3]);
      a_.ins(lane(d, bytes, ins[5]), bytes == 8 ? Gp(kT0) : Gp(kT0.w()));
      write_v128(dst, d);
      return;
    }
    case IrOp::V128Store8Lane: case IrOp::V128Store16Lane: case IrOp::V128Store32Lane:
    case IrOp::V128Store64Lane: {  // address, vector, offset, lane
      unsigned bytes = op == IrOp::V128Store8Lane ? 1 : op == IrOp::V128Store16Lane ? 2
                       : op == IrOp::V128Store32Lane ? 4 : 8;
      Vec v = v128_in(ins[2], kV0);
      a_.umov(bytes == 8 ? Gp(kT0) : Gp(kT0.w()), lane(v, bytes, ins[4]));
      a64::Mem m = effective_address(memory_address(ins[1], ins[3]), bytes);
      record_access(out_of_bounds);
      switch (bytes) {
        case 1: a_.strb(kT0.w(), m); break;
        case 2: a_.strh(kT0.w(), m); break;
        case 4: a_.str(kT0.w(), m); break;
        default: a_.str(kT0, m); break;
      }
      return;
    }
    default:
      return;  // supports() is false for anything else: the lowering calls its helper
  }
}

}  // namespace zwasm::jit
