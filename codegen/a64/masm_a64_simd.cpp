// SIMD for the ARM64 macro assembler (simd_ops.def), on NEON: each op there is one instruction.
// v128 cells are moved with ldr/str q (no alignment needed).
#include "codegen/a64/a64_registers.h"
#include "codegen/a64/masm_a64.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::a64;
using namespace a64;

namespace {

enum class Lanes : uint8_t { B16, H8, S4, D2 };

struct NeonOp {
  InstId id = Inst::kIdNone;
  Lanes lanes = Lanes::B16;
};

// The NEON instruction computing `op` as d = a <op> b (or d = <op> a).
NeonOp neon_of(IrOp op) {
  switch (op) {
    case IrOp::V128And: return {Inst::kIdAnd_v};
    case IrOp::V128Or: return {Inst::kIdOrr_v};
    case IrOp::V128Xor: return {Inst::kIdEor_v};
    case IrOp::V128AndNot: return {Inst::kIdBic_v};  // a & ~b
    case IrOp::V128Not: return {Inst::kIdMvn_v};
    case IrOp::I8x16Add: return {Inst::kIdAdd_v};
    case IrOp::I8x16Sub: return {Inst::kIdSub_v};
    case IrOp::I8x16AddSatS: return {Inst::kIdSqadd_v};
    case IrOp::I8x16AddSatU: return {Inst::kIdUqadd_v};
    case IrOp::I8x16SubSatS: return {Inst::kIdSqsub_v};
    case IrOp::I8x16SubSatU: return {Inst::kIdUqsub_v};
    case IrOp::I8x16MinU: return {Inst::kIdUmin_v};
    case IrOp::I8x16MaxU: return {Inst::kIdUmax_v};
    case IrOp::I8x16MinS: return {Inst::kIdSmin_v};
    case IrOp::I8x16MaxS: return {Inst::kIdSmax_v};
    case IrOp::I8x16AvgrU: return {Inst::kIdUrhadd_v};  // (a + b + 1) >> 1
    case IrOp::I8x16Eq: return {Inst::kIdCmeq_v};
    case IrOp::I16x8Add: return {Inst::kIdAdd_v, Lanes::H8};
    case IrOp::I16x8Sub: return {Inst::kIdSub_v, Lanes::H8};
    case IrOp::I16x8Mul: return {Inst::kIdMul_v, Lanes::H8};
    case IrOp::I16x8AddSatS: return {Inst::kIdSqadd_v, Lanes::H8};
    case IrOp::I16x8AddSatU: return {Inst::kIdUqadd_v, Lanes::H8};
    case IrOp::I16x8SubSatS: return {Inst::kIdSqsub_v, Lanes::H8};
    case IrOp::I16x8SubSatU: return {Inst::kIdUqsub_v, Lanes::H8};
    case IrOp::I16x8MinS: return {Inst::kIdSmin_v, Lanes::H8};
    case IrOp::I16x8MaxS: return {Inst::kIdSmax_v, Lanes::H8};
    case IrOp::I16x8MinU: return {Inst::kIdUmin_v, Lanes::H8};
    case IrOp::I16x8MaxU: return {Inst::kIdUmax_v, Lanes::H8};
    case IrOp::I16x8AvgrU: return {Inst::kIdUrhadd_v, Lanes::H8};
    case IrOp::I16x8Eq: return {Inst::kIdCmeq_v, Lanes::H8};
    case IrOp::I32x4Add: return {Inst::kIdAdd_v, Lanes::S4};
    case IrOp::I32x4Sub: return {Inst::kIdSub_v, Lanes::S4};
    case IrOp::I32x4Mul: return {Inst::kIdMul_v, Lanes::S4};
    case IrOp::I32x4MinS: return {Inst::kIdSmin_v, Lanes::S4};
    case IrOp::I32x4MaxS: return {Inst::kIdSmax_v, Lanes::S4};
    case IrOp::I32x4MinU: return {Inst::kIdUmin_v, Lanes::S4};
    case IrOp::I32x4MaxU: return {Inst::kIdUmax_v, Lanes::S4};
    case IrOp::I32x4Eq: return {Inst::kIdCmeq_v, Lanes::S4};
    case IrOp::I64x2Add: return {Inst::kIdAdd_v, Lanes::D2};
    case IrOp::I64x2Sub: return {Inst::kIdSub_v, Lanes::D2};
    case IrOp::F32x4Add: return {Inst::kIdFadd_v, Lanes::S4};
    case IrOp::F32x4Sub: return {Inst::kIdFsub_v, Lanes::S4};
    case IrOp::F32x4Mul: return {Inst::kIdFmul_v, Lanes::S4};
    case IrOp::F32x4Div: return {Inst::kIdFdiv_v, Lanes::S4};
    case IrOp::F32x4Sqrt: return {Inst::kIdFsqrt_v, Lanes::S4};
    case IrOp::F64x2Add: return {Inst::kIdFadd_v, Lanes::D2};
    case IrOp::F64x2Sub: return {Inst::kIdFsub_v, Lanes::D2};
    case IrOp::F64x2Mul: return {Inst::kIdFmul_v, Lanes::D2};
    case IrOp::F64x2Div: return {Inst::kIdFdiv_v, Lanes::D2};
    case IrOp::F64x2Sqrt: return {Inst::kIdFsqrt_v, Lanes::D2};
    default: return {};
  }
}

Vec lanes_of(const Vec& v, Lanes lanes) {
  switch (lanes) {
    case Lanes::B16: return v.b16();
    case Lanes::H8: return v.h8();
    case Lanes::S4: return v.s4();
    case Lanes::D2: return v.d2();
  }
  return v.b16();
}

}  // namespace

bool MasmA64::supports(IrOp op) const { return neon_of(op).id != Inst::kIdNone; }

void MasmA64::simd_binary(IrOp op, uint32_t dst, uint32_t a, uint32_t b) {
  NeonOp neon = neon_of(op);
  Vec va = v128_in(a, kV0);
  Vec vb = b == a ? va : v128_in(b, kV1);
  Vec d = v128_out(dst, kV0);
  a_.emit(neon.id, lanes_of(d, neon.lanes), lanes_of(va, neon.lanes), lanes_of(vb, neon.lanes));
  write_v128(dst, d);
}

void MasmA64::simd_unary(IrOp op, uint32_t dst, uint32_t a) {
  NeonOp neon = neon_of(op);
  Vec va = v128_in(a, kV0);
  Vec d = v128_out(dst, kV0);
  a_.emit(neon.id, lanes_of(d, neon.lanes), lanes_of(va, neon.lanes));
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

}  // namespace zwasm::jit
