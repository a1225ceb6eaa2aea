// Scalar floating point for the x86-64 macro assembler (float_ops.def), on SSE2 (SSE4.1 for the
// rounding instructions). An f32 or f64 is loaded with movss/movsd, which zero the register's
// upper lanes, and every value in an xmm register (scratch or home) keeps them zero, so a cell
// is always stored whole (movq) with a zero-extended f32.
#include "codegen/x64/masm_x64.h"
#include "codegen/x64/x64_registers.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::x86;
using namespace x64;

void MasmX64::read_fp(const Xmm& x, unsigned bits, uint32_t s) {
  if (in_fp(s)) {
    if (fp_home(s).id() != x.id()) a_.movaps(x, fp_home(s));
  } else if (in_gp(s)) {
    bits == 64 ? a_.movq(x, gp_home(s)) : a_.movd(x, gp_home(s).r32());
  } else if (bits == 64) {
    a_.movsd(x, cell(s));
  } else {
    a_.movss(x, cell(s, 4));
  }
}

Operand MasmX64::fp_view(uint32_t s, unsigned bits, const Xmm& scratch) {
  if (in_fp(s)) return fp_home(s);
  if (in_gp(s)) {
    read_fp(scratch, bits, s);
    return scratch;
  }
  return cell(s, bits / 8);
}

void MasmX64::write_fp(uint32_t s, const Xmm& x) {
  if (dst_in_fp(s)) {
    if (dst_fp_home(s).id() != x.id()) a_.movaps(dst_fp_home(s), x);
  } else if (dst_in_gp(s)) {
    a_.movq(dst_gp_home(s), x);
  } else {
    a_.movq(cell(s), x);
  }
}

// The float operands of a binary operation: `a` into xmm0 (unless it is there already), and the
// operand for `b`: xmm0 itself (b == a), xmm1 (b was in xmm0), or its memory.
Operand MasmX64::float_operands(const Held& h, unsigned bits, uint32_t a, uint32_t b) {
  bool b_in_xmm0 = b != a && !in_fp(b) && xmm0_holds(h, b, bits);
  if (b_in_xmm0) a_.movaps(xmm1, xmm0);
  if (!xmm0_holds(h, a, bits)) read_fp(xmm0, bits, a);
  if (b == a) return xmm0;
  if (b_in_xmm0) return xmm1;
  return fp_view(b, bits, xmm1);
}

void MasmX64::fbinary(FBin op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b) {
  Held h = take();
  bool f64 = bits == 64;
  if (op == FBin::Copysign) {  // a bit operation: keeps a NaN's payload (spec 4.3.3 fcopysign)
    if (f64) {
      read_gp(rax, a);
      a_.btr(rax, 63);
      read_gp(rcx, b);
      a_.shr(rcx, 63);
      a_.shl(rcx, 63);
      a_.or_(rax, rcx);
    } else {
      read_gp(eax, a);
      a_.and_(eax, 0x7FFFFFFF);
      read_gp(ecx, b);
      a_.and_(ecx, 0x80000000u);
      a_.or_(eax, ecx);
    }
    write_gp(dst, rax);
    held_.rax = dst;
    return;
  }
  if (fbinary_in_home(op, bits, dst, a, b, h)) return;
  Operand rhs = float_operands(h, bits, a, b);
  auto arith = [&](InstId sd, InstId ss) { a_.emit(f64 ? sd : ss, xmm0, rhs); };
  switch (op) {
    case FBin::Add: arith(Inst::kIdAddsd, Inst::kIdAddss); break;
    case FBin::Sub: arith(Inst::kIdSubsd, Inst::kIdSubss); break;
    case FBin::Mul: arith(Inst::kIdMulsd, Inst::kIdMulss); break;
    case FBin::Div: arith(Inst::kIdDivsd, Inst::kIdDivss); break;
    case FBin::Min: case FBin::Max: {
      // x86 min/max return the second operand on NaN and on equal zeros; wasm propagates NaN
      // and orders -0 below +0 (spec 4.3.3 fmin/fmax, design note L11).
      Label nan = a_.newLabel(), normal = a_.newLabel(), done = a_.newLabel();
      if (rhs.isMem())
        read_fp(xmm1, bits, b);
      else if (rhs.as<Xmm>().id() != xmm1.id())
        a_.movaps(xmm1, rhs.as<Xmm>());
      f64 ? a_.ucomisd(xmm0, xmm1) : a_.ucomiss(xmm0, xmm1);
      a_.jp(nan);
      a_.jne(normal);
      // Equal: only the signs of zeros can differ. -0 wins min (or), +0 wins max (and).
      if (op == FBin::Min)
        a_.orps(xmm0, xmm1);
      else
        a_.andps(xmm0, xmm1);
      a_.jmp(done);
      a_.bind(nan);
      f64 ? a_.addsd(xmm0, xmm1) : a_.addss(xmm0, xmm1);  // a NaN operand's NaN, quieted
      a_.jmp(done);
      a_.bind(normal);
      if (op == FBin::Min)
        f64 ? a_.minsd(xmm0, xmm1) : a_.minss(xmm0, xmm1);
      else
        f64 ? a_.maxsd(xmm0, xmm1) : a_.maxss(xmm0, xmm1);
      a_.bind(done);
      break;
    }
    case FBin::Copysign: break;
  }
  write_fp(dst, xmm0);
  held_.xmm0 = dst;
  held_.xmm0_bits = bits;
}

// add, sub, mul and div straight into dst's home register, when it has one that b does not
// live in (for add and mul, b's operands swap instead). Returns false to use xmm0.
bool MasmX64::fbinary_in_home(FBin op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b,
                              const Held& h) {
  InstId id = Inst::kIdNone;
  bool f64 = bits == 64;
  switch (op) {
    case FBin::Add: id = f64 ? Inst::kIdAddsd : Inst::kIdAddss; break;
    case FBin::Sub: id = f64 ? Inst::kIdSubsd : Inst::kIdSubss; break;
    case FBin::Mul: id = f64 ? Inst::kIdMulsd : Inst::kIdMulss; break;
    case FBin::Div: id = f64 ? Inst::kIdDivsd : Inst::kIdDivss; break;
    default: return false;
  }
  if (!dst_in_fp(dst)) return false;
  Xmm d = dst_fp_home(dst);
  auto in_d = [&](uint32_t s) { return in_fp(s) && fp_home(s).id() == d.id(); };
  if (b != a && in_d(b)) {
    if (op != FBin::Add && op != FBin::Mul) return false;
    std::swap(a, b);
  }
  if (!in_d(a)) {
    if (!in_fp(a) && xmm0_holds(h, a, bits))
      a_.movaps(d, xmm0);
    else
      read_fp(d, bits, a);
  }
  Operand rhs = b == a ? Operand(d)
                : (!in_fp(b) && xmm0_holds(h, b, bits)) ? Operand(xmm0)
                                                        : fp_view(b, bits, xmm1);
  a_.emit(id, d, rhs);
  held_ = h;  // rax and xmm0 are as they were, but for a copy of dst's old value
  if (held_.xmm0 == dst) held_.xmm0 = kNothing;
  return true;
}

void MasmX64::fcompare(FCmp op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b) {
  take();
  bool f64 = bits == 64;
  // Lt and Le compare the other way round, so that "above" (false when unordered) decides.
  bool swap = op == FCmp::Lt || op == FCmp::Le;
  read_fp(xmm0, bits, swap ? b : a);
  Operand rhs = fp_view(swap ? a : b, bits, xmm1);
  a_.emit(f64 ? Inst::kIdUcomisd : Inst::kIdUcomiss, xmm0, rhs);
  switch (op) {
    case FCmp::Eq:  // equal and ordered
      a_.sete(al);
      a_.setnp(cl);
      a_.and_(al, cl);
      break;
    case FCmp::Ne:  // unequal or unordered
      a_.setne(al);
      a_.setp(cl);
      a_.or_(al, cl);
      break;
    case FCmp::Lt: case FCmp::Gt: a_.seta(al); break;
    case FCmp::Le: case FCmp::Ge: a_.setae(al); break;
  }
  a_.movzx(eax, al);
  write_gp(dst, rax);
  held_.rax = dst;
}

bool MasmX64::supports(FUn op) const {
  switch (op) {
    case FUn::Ceil32: case FUn::Floor32: case FUn::Trunc32: case FUn::Nearest32:
    case FUn::Ceil64: case FUn::Floor64: case FUn::Trunc64: case FUn::Nearest64:
      return has_sse41_;
    default:
      return true;
  }
}

void MasmX64::funary(FUn op, uint32_t dst, uint32_t a) {
  take();
  // roundss/roundsd modes: 0 nearest (ties to even), 1 floor, 2 ceil, 3 truncate; +8 keeps the
  // inexact exception quiet.
  auto round = [&](unsigned bits, int mode) {
    read_fp(xmm0, bits, a);
    bits == 64 ? a_.roundsd(xmm0, xmm0, Imm(mode | 8)) : a_.roundss(xmm0, xmm0, Imm(mode | 8));
    write_fp(dst, xmm0);
  };
  // Integer to float: cvtsi2ss/sd from a zeroed register (they keep the upper lanes).
  auto convert = [&](bool to_f64, const Operand& src) {
    a_.xorps(xmm0, xmm0);
    a_.emit(to_f64 ? Inst::kIdCvtsi2sd : Inst::kIdCvtsi2ss, xmm0, src);
  };
  // u64 to float: values with the top bit set are halved (keeping the lowest bit, so rounding
  // stays correct), converted, and doubled.
  auto convert_u64 = [&](bool to_f64) {
    Label big = a_.newLabel(), done = a_.newLabel();
    read_gp(rax, a);
    a_.xorps(xmm0, xmm0);
    a_.test(rax, rax);
    a_.js(big);
    to_f64 ? a_.cvtsi2sd(xmm0, rax) : a_.cvtsi2ss(xmm0, rax);
    a_.jmp(done);
    a_.bind(big);
    a_.mov(rcx, rax);
    a_.shr(rcx, 1);
    a_.and_(eax, 1);
    a_.or_(rcx, rax);
    to_f64 ? a_.cvtsi2sd(xmm0, rcx) : a_.cvtsi2ss(xmm0, rcx);
    to_f64 ? a_.addsd(xmm0, xmm0) : a_.addss(xmm0, xmm0);
    a_.bind(done);
    write_fp(dst, xmm0);
  };
  switch (op) {
    // abs, neg: bit operations that keep a NaN's payload (spec 4.3.3 fabs, fneg).
    case FUn::Abs32:
      read_gp(eax, a);
      a_.and_(eax, 0x7FFFFFFF);
      write_gp(dst, rax);
      return;
    case FUn::Neg32:
      read_gp(eax, a);
      a_.xor_(eax, 0x80000000u);
      write_gp(dst, rax);
      return;
    case FUn::Abs64:
      read_gp(rax, a);
      a_.btr(rax, 63);
      write_gp(dst, rax);
      return;
    case FUn::Neg64:
      read_gp(rax, a);
      a_.btc(rax, 63);
      write_gp(dst, rax);
      return;
    case FUn::Sqrt32:
      read_fp(xmm0, 32, a);
      a_.sqrtss(xmm0, xmm0);
      write_fp(dst, xmm0);
      return;
    case FUn::Sqrt64:
      read_fp(xmm0, 64, a);
      a_.sqrtsd(xmm0, xmm0);
      write_fp(dst, xmm0);
      return;
    case FUn::Nearest32: round(32, 0); return;
    case FUn::Floor32: round(32, 1); return;
    case FUn::Ceil32: round(32, 2); return;
    case FUn::Trunc32: round(32, 3); return;
    case FUn::Nearest64: round(64, 0); return;
    case FUn::Floor64: round(64, 1); return;
    case FUn::Ceil64: round(64, 2); return;
    case FUn::Trunc64: round(64, 3); return;
    case FUn::F32FromI32S: convert(false, gp_view(a, 4)); break;
    case FUn::F64FromI32S: convert(true, gp_view(a, 4)); break;
    case FUn::F32FromI64S: convert(false, gp_view(a, 8)); break;
    case FUn::F64FromI64S: convert(true, gp_view(a, 8)); break;
    case FUn::F32FromI32U: case FUn::F64FromI32U:
      read_gp(eax, a);  // zero-extended: a non-negative i64
      a_.xorps(xmm0, xmm0);
      op == FUn::F64FromI32U ? a_.cvtsi2sd(xmm0, rax) : a_.cvtsi2ss(xmm0, rax);
      break;
    case FUn::F32FromI64U: convert_u64(false); return;
    case FUn::F64FromI64U: convert_u64(true); return;
    case FUn::Demote:
      a_.xorps(xmm0, xmm0);
      a_.emit(Inst::kIdCvtsd2ss, xmm0, fp_view(a, 64, xmm1));
      break;
    case FUn::Promote:
      a_.xorps(xmm0, xmm0);
      a_.emit(Inst::kIdCvtss2sd, xmm0, fp_view(a, 32, xmm1));
      break;
    case FUn::Bits32:
      read_gp(eax, a);
      write_gp(dst, rax);
      return;
    case FUn::Bits64: copy(dst, a); return;
  }
  write_fp(dst, xmm0);
}

void MasmX64::mul_add(unsigned bits, uint32_t dst, uint32_t a, uint32_t b, uint32_t c) {
  Held h = take();
  bool f64 = bits == 64;
  // Straight into dst's home register d when c (unless it is b) and a do not live there:
  // d = b; d *= c; d += a.
  if (dst_in_fp(dst)) {
    Xmm d = dst_fp_home(dst);
    auto in_d = [&](uint32_t s) { return in_fp(s) && fp_home(s).id() == d.id(); };
    bool held = !in_fp(b) && !in_fp(c) && (xmm0_holds(h, b, bits) || xmm0_holds(h, c, bits));
    if (!held && !(c != b && in_d(c)) && !in_d(a)) {
      read_fp(d, bits, b);
      a_.emit(f64 ? Inst::kIdMulsd : Inst::kIdMulss, d, c == b ? Operand(d) : fp_view(c, bits, xmm1));
      a_.emit(f64 ? Inst::kIdAddsd : Inst::kIdAddss, d, fp_view(a, bits, xmm2));
      held_ = h;
      if (held_.xmm0 == dst) held_.xmm0 = kNothing;
      return;
    }
    if (in_d(a)) {  // an accumulator: the product in xmm0, then d += xmm0
      Operand rhs = float_operands(h, bits, b, c);
      a_.emit(f64 ? Inst::kIdMulsd : Inst::kIdMulss, xmm0, rhs);
      a_.emit(f64 ? Inst::kIdAddsd : Inst::kIdAddss, d, xmm0);
      return;
    }
  }
  // The addend first, if xmm0 holds it (the product goes there next).
  bool a_in_xmm2 = a != b && a != c && !in_fp(a) && xmm0_holds(h, a, bits);
  if (a_in_xmm2) a_.movaps(xmm2, xmm0);
  Operand rhs = float_operands(h, bits, b, c);
  a_.emit(f64 ? Inst::kIdMulsd : Inst::kIdMulss, xmm0, rhs);
  // Two roundings: never an FMA.
  if (a_in_xmm2)
    a_.emit(f64 ? Inst::kIdAddsd : Inst::kIdAddss, xmm0, xmm2);
  else
    a_.emit(f64 ? Inst::kIdAddsd : Inst::kIdAddss, xmm0, fp_view(a, bits, xmm2));
  write_fp(dst, xmm0);
  held_.xmm0 = dst;
  held_.xmm0_bits = bits;
}

}  // namespace zwasm::jit
