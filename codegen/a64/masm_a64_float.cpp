// Scalar floating point for the ARM64 macro assembler (float_ops.def). ARM's scalar instructions
// already do what wasm asks where x86's do not: fmin/fmax propagate NaN and order -0 below +0
// (spec 4.3.3 fmin, fmax), fabs/fneg only touch the sign bit, and the conversions round as IEEE
// says. An instruction writing an s register zeroes the rest of the vector register, so an f32
// is stored whole (the d view) with its upper bits zero.
#include "codegen/a64/a64_registers.h"
#include "codegen/a64/masm_a64.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::a64;
using namespace a64;

a64::Vec MasmA64::fp_in(uint32_t s, unsigned bits, const a64::Vec& scratch) {
  if (in_fp(s)) return fp_home(s);
  if (in_gp(s)) a_.fmov(fwidth(scratch, bits), width(gp_home(s), bits));
  else a_.ldr(fwidth(scratch, bits), cell(s, bits / 8));
  return scratch;
}

a64::Vec MasmA64::fp_out(uint32_t s, const a64::Vec& scratch) const {
  return dst_in_fp(s) ? dst_fp_home(s) : scratch;
}

void MasmA64::write_fp(uint32_t s, const a64::Vec& v) {
  if (dst_in_fp(s)) {
    if (dst_fp_home(s).id() != v.id()) a_.fmov(dst_fp_home(s).d(), v.d());
  } else if (dst_in_gp(s)) {
    a_.fmov(dst_gp_home(s), v.d());
  } else {
    a_.str(v.d(), cell(s));
  }
}

a64::Vec MasmA64::v128_in(uint32_t s, const a64::Vec& scratch) {
  if (in_fp(s)) return fp_home(s);
  a_.ldr(scratch.q(), cell(s, 16));
  return scratch;
}

a64::Vec MasmA64::v128_out(uint32_t s, const a64::Vec& scratch) const {
  return dst_in_fp(s) ? dst_fp_home(s) : scratch;
}

void MasmA64::write_v128(uint32_t s, const a64::Vec& v) {
  if (dst_in_fp(s)) {
    if (dst_fp_home(s).id() != v.id()) a_.mov(dst_fp_home(s).b16(), v.b16());
  } else {
    a_.str(v.q(), cell(s, 16));
  }
}

void MasmA64::fbinary(FBin op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b) {
  if (op == FBin::Copysign) {  // a bit operation: keeps a NaN's payload (spec 4.3.3 fcopysign)
    Gp ra = gp_in(a, bits, kT0), rb = gp_in(b, bits, kT1);
    Gp d = width(gp_out(dst, kT0), bits);
    Gp t = width(kT2, bits);
    a_.lsr(t, rb, Imm(bits - 1));  // b's sign, before d (which may be b's home) changes
    if (ra.id() != d.id()) a_.mov(d, ra);
    a_.bfi(d, t, Imm(bits - 1), Imm(1));  // into a's
    write_gp(dst, d.x());
    return;
  }
  Vec va = fwidth(fp_in(a, bits, kV0), bits);
  Vec vb = b == a ? va : fwidth(fp_in(b, bits, kV1), bits);
  Vec d = fp_out(dst, kV0);
  Vec dv = fwidth(d, bits);
  switch (op) {
    case FBin::Add: a_.fadd(dv, va, vb); break;
    case FBin::Sub: a_.fsub(dv, va, vb); break;
    case FBin::Mul: a_.fmul(dv, va, vb); break;
    case FBin::Div: a_.fdiv(dv, va, vb); break;
    case FBin::Min: a_.fmin(dv, va, vb); break;
    case FBin::Max: a_.fmax(dv, va, vb); break;
    case FBin::Copysign: break;
  }
  write_fp(dst, d);
}

void MasmA64::fcompare(FCmp op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b) {
  Vec va = fwidth(fp_in(a, bits, kV0), bits);
  Vec vb = b == a ? va : fwidth(fp_in(b, bits, kV1), bits);
  a_.fcmp(va, vb);
  // Unordered sets C and V: the conditions below are false for it but Ne (spec 4.3.3 feq etc.).
  CondCode cc = CondCode::kEQ;
  switch (op) {
    case FCmp::Eq: cc = CondCode::kEQ; break;
    case FCmp::Ne: cc = CondCode::kNE; break;
    case FCmp::Lt: cc = CondCode::kMI; break;
    case FCmp::Gt: cc = CondCode::kGT; break;
    case FCmp::Le: cc = CondCode::kLS; break;
    case FCmp::Ge: cc = CondCode::kGE; break;
  }
  Gp d = gp_out(dst, kT0);
  a_.cset(d.w(), Imm(cc));
  write_gp(dst, d);
}

void MasmA64::funary(FUn op, uint32_t dst, uint32_t a) {
  auto unary = [&](unsigned bits, InstId id) {
    Vec va = fwidth(fp_in(a, bits, kV0), bits);
    Vec d = fp_out(dst, kV0);
    a_.emit(id, fwidth(d, bits), va);
    write_fp(dst, d);
  };
  // Integer to float: scvtf / ucvtf from a general register.
  auto convert = [&](unsigned to_bits, unsigned from_bits, bool is_signed) {
    Gp ra = gp_in(a, from_bits, kT0);
    Vec d = fp_out(dst, kV0);
    a_.emit(is_signed ? Inst::kIdScvtf_v : Inst::kIdUcvtf_v, fwidth(d, to_bits), ra);
    write_fp(dst, d);
  };
  switch (op) {
    case FUn::Abs32: unary(32, Inst::kIdFabs_v); return;
    case FUn::Neg32: unary(32, Inst::kIdFneg_v); return;
    case FUn::Sqrt32: unary(32, Inst::kIdFsqrt_v); return;
    case FUn::Ceil32: unary(32, Inst::kIdFrintp_v); return;
    case FUn::Floor32: unary(32, Inst::kIdFrintm_v); return;
    case FUn::Trunc32: unary(32, Inst::kIdFrintz_v); return;
    case FUn::Nearest32: unary(32, Inst::kIdFrintn_v); return;  // ties to even
    case FUn::Abs64: unary(64, Inst::kIdFabs_v); return;
    case FUn::Neg64: unary(64, Inst::kIdFneg_v); return;
    case FUn::Sqrt64: unary(64, Inst::kIdFsqrt_v); return;
    case FUn::Ceil64: unary(64, Inst::kIdFrintp_v); return;
    case FUn::Floor64: unary(64, Inst::kIdFrintm_v); return;
    case FUn::Trunc64: unary(64, Inst::kIdFrintz_v); return;
    case FUn::Nearest64: unary(64, Inst::kIdFrintn_v); return;
    case FUn::F32FromI32S: convert(32, 32, true); return;
    case FUn::F32FromI32U: convert(32, 32, false); return;
    case FUn::F32FromI64S: convert(32, 64, true); return;
    case FUn::F32FromI64U: convert(32, 64, false); return;
    case FUn::F64FromI32S: convert(64, 32, true); return;
    case FUn::F64FromI32U: convert(64, 32, false); return;
    case FUn::F64FromI64S: convert(64, 64, true); return;
    case FUn::F64FromI64U: convert(64, 64, false); return;
    case FUn::Demote: {
      Vec va = fp_in(a, 64, kV0).d();
      Vec d = fp_out(dst, kV0);
      a_.fcvt(d.s(), va);
      write_fp(dst, d);
      return;
    }
    case FUn::Promote: {
      Vec va = fp_in(a, 32, kV0).s();
      Vec d = fp_out(dst, kV0);
      a_.fcvt(d.d(), va);
      write_fp(dst, d);
      return;
    }
    case FUn::Bits32: {  // the bits of an f32 as an i32 (zero-extended)
      Gp d = gp_out(dst, kT0);
      a_.mov(d.w(), gp_in(a, 32, kT0));
      write_gp(dst, d);
      return;
    }
    case FUn::Bits64: copy(dst, a); return;
  }
}

void MasmA64::mul_add(unsigned bits, uint32_t dst, uint32_t a, uint32_t b, uint32_t c) {
  // Two roundings, never a fused fmadd: d = a + b * c.
  Vec va = fwidth(fp_in(a, bits, kV0), bits);
  Vec vb = fwidth(fp_in(b, bits, kV1), bits);
  Vec vc = c == b ? vb : fwidth(fp_in(c, bits, kV2), bits);
  a_.fmul(fwidth(kV1, bits), vb, vc);
  Vec d = fp_out(dst, kV0);
  a_.fadd(fwidth(d, bits), va, fwidth(kV1, bits));
  write_fp(dst, d);
}

}  // namespace zwasm::jit
