// SIMD for the x86-64 macro assembler (simd_ops.def): SSE2, SSE4.1 for the lane multiplies and
// min/max that SSE2 lacks. Operands are 16-byte cells, always moved with movups: frames are
// 16-byte aligned, but SSE's memory operands would fault on a misaligned one, and unaligned
// moves cost the same and need no proof.
#include "codegen/x64/masm_x64.h"
#include "codegen/x64/x64_registers.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::x86;
using namespace x64;

namespace {

struct SseOp {
  InstId id = Inst::kIdNone;
  bool sse41 = false;
};

// The one SSE instruction computing `op` as xmm0 = xmm0 <op> m128 (AndNot swaps operands).
SseOp sse_of(IrOp op) {
  switch (op) {
    case IrOp::V128And: return {Inst::kIdPand};
    case IrOp::V128Or: return {Inst::kIdPor};
    case IrOp::V128Xor: return {Inst::kIdPxor};
    case IrOp::V128AndNot: return {Inst::kIdPandn};
    case IrOp::I8x16Add: return {Inst::kIdPaddb};
    case IrOp::I8x16Sub: return {Inst::kIdPsubb};
    case IrOp::I8x16AddSatS: return {Inst::kIdPaddsb};
    case IrOp::I8x16AddSatU: return {Inst::kIdPaddusb};
    case IrOp::I8x16SubSatS: return {Inst::kIdPsubsb};
    case IrOp::I8x16SubSatU: return {Inst::kIdPsubusb};
    case IrOp::I8x16MinU: return {Inst::kIdPminub};
    case IrOp::I8x16MaxU: return {Inst::kIdPmaxub};
    case IrOp::I8x16MinS: return {Inst::kIdPminsb, true};
    case IrOp::I8x16MaxS: return {Inst::kIdPmaxsb, true};
    case IrOp::I8x16AvgrU: return {Inst::kIdPavgb};
    case IrOp::I8x16Eq: return {Inst::kIdPcmpeqb};
    case IrOp::I16x8Add: return {Inst::kIdPaddw};
    case IrOp::I16x8Sub: return {Inst::kIdPsubw};
    case IrOp::I16x8Mul: return {Inst::kIdPmullw};
    case IrOp::I16x8AddSatS: return {Inst::kIdPaddsw};
    case IrOp::I16x8AddSatU: return {Inst::kIdPaddusw};
    case IrOp::I16x8SubSatS: return {Inst::kIdPsubsw};
    case IrOp::I16x8SubSatU: return {Inst::kIdPsubusw};
    case IrOp::I16x8MinS: return {Inst::kIdPminsw};
    case IrOp::I16x8MaxS: return {Inst::kIdPmaxsw};
    case IrOp::I16x8MinU: return {Inst::kIdPminuw, true};
    case IrOp::I16x8MaxU: return {Inst::kIdPmaxuw, true};
    case IrOp::I16x8AvgrU: return {Inst::kIdPavgw};
    case IrOp::I16x8Eq: return {Inst::kIdPcmpeqw};
    case IrOp::I32x4Add: return {Inst::kIdPaddd};
    case IrOp::I32x4Sub: return {Inst::kIdPsubd};
    case IrOp::I32x4Mul: return {Inst::kIdPmulld, true};
    case IrOp::I32x4MinS: return {Inst::kIdPminsd, true};
    case IrOp::I32x4MaxS: return {Inst::kIdPmaxsd, true};
    case IrOp::I32x4MinU: return {Inst::kIdPminud, true};
    case IrOp::I32x4MaxU: return {Inst::kIdPmaxud, true};
    case IrOp::I32x4Eq: return {Inst::kIdPcmpeqd};
    case IrOp::I64x2Add: return {Inst::kIdPaddq};
    case IrOp::I64x2Sub: return {Inst::kIdPsubq};
    case IrOp::F32x4Add: return {Inst::kIdAddps};
    case IrOp::F32x4Sub: return {Inst::kIdSubps};
    case IrOp::F32x4Mul: return {Inst::kIdMulps};
    case IrOp::F32x4Div: return {Inst::kIdDivps};
    case IrOp::F64x2Add: return {Inst::kIdAddpd};
    case IrOp::F64x2Sub: return {Inst::kIdSubpd};
    case IrOp::F64x2Mul: return {Inst::kIdMulpd};
    case IrOp::F64x2Div: return {Inst::kIdDivpd};
    case IrOp::F32x4Sqrt: return {Inst::kIdSqrtps};
    case IrOp::F64x2Sqrt: return {Inst::kIdSqrtpd};
    case IrOp::V128Not: return {Inst::kIdPxor};
    default: return {};
  }
}

}  // namespace

bool MasmX64::supports(IrOp op) const {
  SseOp sse = sse_of(op);
  return sse.id != Inst::kIdNone && (!sse.sse41 || has_sse41_);
}

void MasmX64::simd_binary(IrOp op, uint32_t dst, uint32_t a, uint32_t b) {
  Held h = take();
  SseOp sse = sse_of(op);
  bool swap = op == IrOp::V128AndNot;  // wasm a & ~b; pandn x, y is ~x & y
  uint32_t x = swap ? b : a, y = swap ? a : b;  // r = r <op> y, r holding x
  // Into dst's home register when y does not live there, else into xmm0.
  bool y_in_dst = y != x && in_fp(y) && dst_in_fp(dst) && fp_home(y).id() == dst_fp_home(dst).id();
  Xmm r = dst_in_fp(dst) && !y_in_dst ? dst_fp_home(dst) : xmm0;
  bool y_in_xmm0 = y != x && !in_fp(y) && xmm0_holds(h, y, 128);
  if (y_in_xmm0 && r.id() == xmm0.id()) a_.movaps(xmm1, xmm0);
  if (!in_fp(x) && xmm0_holds(h, x, 128)) {
    if (r.id() != xmm0.id()) a_.movaps(r, xmm0);
  } else {
    read_v128(r, x);
  }
  Xmm rhs = r;
  if (y != x) {
    if (in_fp(y))
      rhs = fp_home(y);
    else if (y_in_xmm0)
      rhs = r.id() == xmm0.id() ? xmm1 : xmm0;
    else
      read_v128(rhs = xmm1, y);  // SSE memory operands must be aligned: through a register
  }
  a_.emit(sse.id, r, rhs);
  if (r.id() == xmm0.id()) {
    write_v128(dst, xmm0);
    held_.xmm0 = dst;
    held_.xmm0_bits = 128;
  } else {
    held_ = h;  // rax and xmm0 are as they were
    if (held_.xmm0 == dst) held_.xmm0 = kNothing;
  }
}

void MasmX64::simd_unary(IrOp op, uint32_t dst, uint32_t a) {
  Held h = take();
  if (!in_fp(a) && xmm0_holds(h, a, 128))
    a_.movaps(xmm1, xmm0);
  else
    read_v128(xmm1, a);
  if (op == IrOp::V128Not) {
    a_.pcmpeqd(xmm0, xmm0);  // all ones
    a_.pxor(xmm0, xmm1);
  } else {
    a_.emit(sse_of(op).id, xmm0, xmm1);
  }
  write_v128(dst, xmm0);
  held_.xmm0 = dst;
  held_.xmm0_bits = 128;
}

void MasmX64::load_v128(uint32_t dst, const Address& addr, Label out_of_bounds) {
  Held h = take();
  Mem m = effective_address(addr, 16, rax_holds(h, addr.base));
  record_access(out_of_bounds);
  if (dst_in_fp(dst)) {
    a_.movups(dst_fp_home(dst), m);
  } else {
    a_.movups(xmm0, m);
    a_.movups(cell(dst, 16), xmm0);
    held_.xmm0 = dst;
    held_.xmm0_bits = 128;
  }
  if (addr.base != dst && addr.base != dst + 1) keep_address_base(addr);
}

void MasmX64::store_v128(const Address& addr, uint32_t src, Label out_of_bounds) {
  Held h = take();
  Xmm x = xmm0;
  if (in_fp(src))
    x = fp_home(src);
  else if (!xmm0_holds(h, src, 128))
    a_.movups(xmm0, cell(src, 16));
  Mem m = effective_address(addr, 16, rax_holds(h, addr.base));
  record_access(out_of_bounds);
  a_.movups(m, x);
  if (x.id() == xmm0.id()) {
    held_.xmm0 = src;
    held_.xmm0_bits = 128;
  }
  keep_address_base(addr);
}

}  // namespace zwasm::jit
