// The x86-64 macro assembler: register homes, values, integers, branches and memory 0
// (frames and calls: masm_x64_call.cpp; floats: _float.cpp; SIMD: _simd.cpp).
#include "codegen/x64/masm_x64.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>

#include "codegen/helpers.h"
#include "codegen/x64/x64_registers.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::x86;
using namespace x64;

MasmX64::MasmX64(CodeHolder& code) : a_(&code) {
  const auto& f = CpuInfo::host().features().x86();
  has_sse41_ = f.hasSSE4_1();
  has_lzcnt_ = f.hasLZCNT();
  has_tzcnt_ = f.hasBMI();
  has_popcnt_ = f.hasPOPCNT();
}

// A field of this function's InstanceContext, which lives as long as the code: its address is a
// constant of the code, put in rax.
Mem MasmX64::instance_field(size_t offset) {
  a_.mov(rax, Imm(reinterpret_cast<const uint8_t*>(func_->context) + offset));
  return qword_ptr(rax);
}

Mem MasmX64::cell(uint32_t s, uint32_t bytes) const {
  return ptr(kFp, int32_t(s) * 8, bytes);
}

// ---- register homes -----------------------------------------------------------------------------


RegisterFile MasmX64::register_file() {
  RegisterFile f;
  f.gp_count = uint8_t(std::size(kHomeGp));
  f.fp_count = uint8_t(std::size(kHomeFp));
  f.gp_preserved = kHomeGpPreserved;
  f.fp_preserved = 0;  // System V preserves no xmm register
  f.gp_args = kArgRegisters;  // the body convention: rsi, rdi, r8, r9 (masm_x64_call.cpp)
  f.fp_args = kArgRegisters;  // xmm3-xmm6
  return f;
}

Gp MasmX64::gp_home(uint32_t s) const { return kHomeGp[homes_[s].index]; }
Xmm MasmX64::fp_home(uint32_t s) const { return kHomeFp[homes_[s].index]; }
Gp MasmX64::dst_gp_home(uint32_t s) const { return kHomeGp[dst_homes_[s].index]; }
Xmm MasmX64::dst_fp_home(uint32_t s) const { return kHomeFp[dst_homes_[s].index]; }

void MasmX64::spill(const Placed& v) {
  if (v.reg.cls == RegClass::Gp) a_.mov(cell(v.slot), kHomeGp[v.reg.index]);
  else if (v.reg.cls == RegClass::Fp && v.wide) a_.movups(cell(v.slot, 16), kHomeFp[v.reg.index]);
  else if (v.reg.cls == RegClass::Fp) a_.movq(cell(v.slot), kHomeFp[v.reg.index]);
}

void MasmX64::reload(const Placed& v) {
  if (v.reg.cls == RegClass::Gp) a_.mov(kHomeGp[v.reg.index], cell(v.slot));
  else if (v.reg.cls == RegClass::Fp && v.wide) a_.movups(kHomeFp[v.reg.index], cell(v.slot, 16));
  else if (v.reg.cls == RegClass::Fp) a_.movsd(kHomeFp[v.reg.index], cell(v.slot));
}

void MasmX64::read_v128(const Xmm& x, uint32_t s) {
  if (!in_fp(s))
    a_.movups(x, cell(s, 16));
  else if (fp_home(s).id() != x.id())
    a_.movaps(x, fp_home(s));
}

void MasmX64::write_v128(uint32_t s, const Xmm& x) {
  if (!dst_in_fp(s))
    a_.movups(cell(s, 16), x);
  else if (dst_fp_home(s).id() != x.id())
    a_.movaps(dst_fp_home(s), x);
}

void MasmX64::read_gp(const Gp& r, uint32_t s) {
  if (in_gp(s)) {
    Gp home = sized(gp_home(s), r.size());
    if (home.id() != r.id() || r.size() == 4) a_.mov(r, home);  // a 32-bit move zero-extends
  } else if (in_fp(s)) {
    r.size() == 8 ? a_.movq(r, fp_home(s)) : a_.movd(r, fp_home(s));
  } else {
    a_.mov(r, cell(s, r.size()));
  }
}

Operand MasmX64::gp_view(uint32_t s, unsigned bytes) {
  if (in_gp(s)) return sized(gp_home(s), bytes);
  if (in_fp(s)) {
    a_.movq(rcx, fp_home(s));
    return sized(rcx, bytes);
  }
  return cell(s, bytes);
}

void MasmX64::write_gp(uint32_t s, const Gp& r) {
  if (dst_in_gp(s)) {
    if (dst_gp_home(s).id() != r.id()) a_.mov(dst_gp_home(s), r.r64());
  } else if (dst_in_fp(s)) {
    a_.movq(dst_fp_home(s), r.r64());
  } else {
    a_.mov(cell(s), r.r64());
  }
}

// ---- values -------------------------------------------------------------------------------------

void MasmX64::copy(uint32_t dst, uint32_t src) {
  if (same_home(dst, src)) return;  // a reinterpretation in place
  Held h = take();
  if (dst_in_fp(dst) && in_fp(src)) {
    if (dst_fp_home(dst).id() != fp_home(src).id()) a_.movaps(dst_fp_home(dst), fp_home(src));
    return;
  }
  if (dst_in_gp(dst) && in_gp(src)) {
    if (dst_gp_home(dst).id() != gp_home(src).id()) a_.mov(dst_gp_home(dst), gp_home(src));
    return;
  }
  if (!rax_holds(h, src)) read_gp(rax, src);
  write_gp(dst, rax);
  held_.rax = dst;
}

void MasmX64::copy_v128(uint32_t dst, uint32_t src) {
  Held h = take();
  if (same_home(dst, src)) {
    held_ = h;
    return;
  }
  if (in_fp(src) || dst_in_fp(dst)) {
    Xmm x = in_fp(src) ? fp_home(src) : dst_fp_home(dst);
    read_v128(x, src);
    write_v128(dst, x);
    return;
  }
  if (!xmm0_holds(h, src, 128)) a_.movups(xmm0, cell(src, 16));
  a_.movups(cell(dst, 16), xmm0);
  held_.xmm0 = dst;
  held_.xmm0_bits = 128;
}

void MasmX64::constant(uint32_t dst, uint64_t bits) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  if (dst_in_gp(dst)) {
    Gp home = dst_gp_home(dst);
    if (bits == 0)
      a_.xor_(home.r32(), home.r32());
    else if (bits <= std::numeric_limits<uint32_t>::max())
      a_.mov(home.r32(), Imm(uint32_t(bits)));  // zero-extends
    else
      a_.mov(home, Imm(bits));
  } else if (dst_in_fp(dst)) {
    if (bits == 0) {
      a_.xorps(dst_fp_home(dst), dst_fp_home(dst));
    } else {
      a_.mov(rax, Imm(bits));
      a_.movq(dst_fp_home(dst), rax);
    }
  } else if (fits_int32(int64_t(bits))) {
    a_.mov(cell(dst), Imm(int32_t(bits)));
  } else {
    a_.mov(rax, Imm(bits));
    a_.mov(cell(dst), rax);
  }
}

void MasmX64::constant_v128(uint32_t dst, uint64_t lo, uint64_t hi) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  Label l = constants_.add(a_, lo, hi);
  if (dst_in_fp(dst)) {
    a_.movups(dst_fp_home(dst), ptr(l));
    return;
  }
  a_.movups(xmm0, ptr(l));
  a_.movups(cell(dst, 16), xmm0);
  held_.xmm0 = dst;
  held_.xmm0_bits = 128;
}

void MasmX64::emit_constants() { constants_.emit(a_); }

void MasmX64::place_loop_header() {
  // The code starts 64-byte aligned (JitAllocator's granularity), so offsets give the window.
  constexpr uint32_t kWindow = 64, kLeastInto = 16;
  // The recommended multi-byte nops (0F 1F /0 with growing addressing forms), 1 to 8 bytes.
  static constexpr uint8_t kNops[8][8] = {
      {0x90},
      {0x66, 0x90},
      {0x0F, 0x1F, 0x00},
      {0x0F, 0x1F, 0x40, 0x00},
      {0x0F, 0x1F, 0x44, 0x00, 0x00},
      {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
      {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
      {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00}};
  uint32_t into = uint32_t(a_.offset()) % kWindow;
  for (uint32_t pad = into < kLeastInto ? kLeastInto - into : 0; pad > 0;) {
    uint32_t n = std::min<uint32_t>(pad, 8);
    a_.embed(kNops[n - 1], n);
    pad -= n;
  }
}

void MasmX64::select(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  if (!in_fp(a) && !in_fp(b) && !dst_in_fp(dst)) {
    // Flags from the condition first, then d = a, and b where it is zero: d = cond ? a : b.
    a_.emit(Inst::kIdCmp, gp_view(cond, 4), Imm(0));
    Gp d = dst_in_gp(dst) ? dst_gp_home(dst) : Gp(rax);
    bool d_holds_b = in_gp(b) && gp_home(b).id() == d.id() && a != b;
    if (d_holds_b) {
      a_.emit(Inst::kIdCmovne, d, gp_view(a, 8));
    } else {
      if (!(in_gp(a) && gp_home(a).id() == d.id())) read_gp(d, a);
      if (a != b) a_.emit(Inst::kIdCmove, d, gp_view(b, 8));
    }
    if (d.id() == rax.id()) write_gp(dst, rax);
    return;
  }
  read_gp(rdx, cond);
  read_gp(rax, a);
  read_gp(rcx, b);
  a_.test(edx, edx);
  a_.cmove(rax, rcx);
  write_gp(dst, rax);
}

void MasmX64::select_v128(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  read_gp(edx, cond);
  read_v128(xmm0, a);
  Label keep = a_.newLabel();
  a_.test(edx, edx);
  a_.jnz(keep);
  read_v128(xmm0, b);
  a_.bind(keep);  // not bind(): no other path comes here
  write_v128(dst, xmm0);
}

void MasmX64::global_get(uint32_t dst, uint32_t global, uint32_t cells) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rax, instance_field(offsetof(InstanceContext, globals)));
  a_.mov(rax, qword_ptr(rax, int32_t(global) * 8));  // the global's value cells
  if (cells == 2) {
    a_.movups(xmm0, xmmword_ptr(rax));
    write_v128(dst, xmm0);
  } else {
    a_.mov(rcx, qword_ptr(rax));
    write_gp(dst, rcx);
  }
}

void MasmX64::global_set(uint32_t global, uint32_t src, uint32_t cells) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rax, instance_field(offsetof(InstanceContext, globals)));
  a_.mov(rax, qword_ptr(rax, int32_t(global) * 8));
  if (cells == 2) {
    read_v128(xmm0, src);
    a_.movups(xmmword_ptr(rax), xmm0);
  } else {
    read_gp(rcx, src);
    a_.mov(qword_ptr(rax), rcx);
  }
}

// ---- integers -----------------------------------------------------------------------------------

Operand MasmX64::gp_operands(const Held& h, unsigned bits, uint32_t a, Src b) {
  Gp r = width(rax, bits);
  bool b_in_rax = !b.is_imm && b.slot != a && !in_gp(b.slot) && rax_holds(h, b.slot);
  if (b_in_rax) a_.mov(rcx, rax);  // rax is about to hold `a`
  if (!rax_holds(h, a)) read_gp(r, a);
  if (b.is_imm) return Imm(int32_t(b.imm));
  if (b.slot == a) return r;
  if (b_in_rax) return width(rcx, bits);
  return gp_view(b.slot, bits / 8);
}

bool MasmX64::in_dst_home(uint32_t x, uint32_t dst) const {
  return in_gp(x) && dst_in_gp(dst) && homes_[x].index == dst_homes_[dst].index;
}

Operand MasmX64::gp_rhs(const Held& h, unsigned bits, uint32_t a, const Gp& lhs, Src b) {
  if (b.is_imm) return Imm(int32_t(b.imm));
  if (b.slot == a) return lhs;
  if (in_gp(b.slot)) return width(gp_home(b.slot), bits);
  if (rax_holds(h, b.slot) && lhs.id() != rax.id()) return width(rax, bits);
  return gp_view(b.slot, bits / 8);
}

void MasmX64::binary(Alu op, unsigned bits, uint32_t dst, uint32_t a, Src b) {
  Held h = take();
  bool commutative = op == Alu::Add || op == Alu::Mul || op == Alu::And || op == Alu::Or ||
                     op == Alu::Xor;
  // Straight into dst's home register, unless b lives there (a would overwrite it): then a
  // commutative op takes its operands the other way round, and the others go through rax.
  if (dst_in_gp(dst) && !b.is_imm && b.slot != a && in_dst_home(b.slot, dst) && commutative)
    std::swap(a, b.slot);
  bool direct = dst_in_gp(dst) && (b.is_imm || b.slot == a || !in_dst_home(b.slot, dst));
  Gp r = direct ? width(dst_gp_home(dst), bits) : width(rax, bits);
  Operand rhs;
  if (direct) {
    if (op == Alu::Add && b.is_imm && in_gp(a) && !in_dst_home(a, dst)) {
      a_.lea(r, ptr(gp_home(a), int32_t(b.imm)));  // a 32-bit lea wraps like i32.add
      held_ = h;
      if (held_.rax == dst) held_.rax = kNothing;
      return;
    }
    if (!in_dst_home(a, dst)) {
      if (!in_gp(a) && rax_holds(h, a))
        a_.mov(r, width(rax, bits));
      else
        read_gp(r, a);
    }
    rhs = gp_rhs(h, bits, a, r, b);
  } else {
    rhs = gp_operands(h, bits, a, b);
  }
  auto shift = [&](InstId id) {
    if (b.is_imm) {
      a_.emit(id, r, Imm(int32_t(b.imm & (bits - 1))));
      return;
    }
    // x86 masks the count as wasm does (spec 4.3.2); it must be in cl.
    if (rhs.isMem())
      a_.mov(ecx, rhs.as<Mem>().cloneResized(4));
    else if (rhs.as<Gp>().id() != rcx.id())
      a_.mov(ecx, rhs.as<Gp>().r32());
    a_.emit(id, r, cl);
  };
  switch (op) {
    case Alu::Add: a_.emit(Inst::kIdAdd, r, rhs); break;
    case Alu::Sub: a_.emit(Inst::kIdSub, r, rhs); break;
    case Alu::And: a_.emit(Inst::kIdAnd, r, rhs); break;
    case Alu::Or: a_.emit(Inst::kIdOr, r, rhs); break;
    case Alu::Xor: a_.emit(Inst::kIdXor, r, rhs); break;
    case Alu::Mul:
      if (b.is_imm)
        a_.imul(r, r, rhs.as<Imm>());
      else
        a_.emit(Inst::kIdImul, r, rhs);
      break;
    case Alu::Shl: shift(Inst::kIdShl); break;
    case Alu::ShrS: shift(Inst::kIdSar); break;
    case Alu::ShrU: shift(Inst::kIdShr); break;
    case Alu::Rotl: shift(Inst::kIdRol); break;
    case Alu::Rotr: shift(Inst::kIdRor); break;
  }
  if (direct) {  // rax and xmm0 are as they were
    held_ = h;
    if (held_.rax == dst) held_.rax = kNothing;
    return;
  }
  write_gp(dst, rax);  // a 32-bit result was zero-extended by the operation
  held_.rax = dst;
}

void MasmX64::add_shl(uint32_t dst, uint32_t a, uint32_t b, uint32_t k) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  Gp d = dst_in_gp(dst) ? dst_gp_home(dst) : Gp(rax);
  if ((k & 31) <= 3) {  // one 32-bit lea: it wraps like the i32.add
    Gp ra = in_gp(a) ? gp_home(a) : Gp(rax), rb = in_gp(b) ? gp_home(b) : Gp(rcx);
    if (!in_gp(a)) read_gp(eax, a);
    if (!in_gp(b)) read_gp(ecx, b);
    a_.lea(d.r32(), ptr(ra, rb, k & 31));
  } else {
    read_gp(eax, a);
    read_gp(ecx, b);
    a_.shl(ecx, Imm(k & 31));
    a_.add(eax, ecx);
    if (d.id() != rax.id()) a_.mov(d.r32(), eax);
  }
  if (d.id() == rax.id()) write_gp(dst, rax);
}

void MasmX64::divide(Div op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b,
                     Label div_by_zero, Label overflow) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  Gp ra = width(rax, bits), rc = width(rcx, bits), rd = width(rdx, bits);
  read_gp(ra, a);
  read_gp(rc, b);
  a_.test(rc, rc);
  a_.jz(div_by_zero);
  Label done = a_.newLabel();
  if (op == Div::DivS || op == Div::RemS) {
    // INT_MIN / -1 overflows (div traps, rem is 0), and idiv would fault on it: the -1 divisor
    // takes its own path (spec 4.3.2 idiv_s / irem_s).
    Label general = a_.newLabel();
    a_.cmp(rc, -1);
    a_.jne(general);
    if (op == Div::RemS) {
      a_.xor_(eax, eax);
    } else {
      if (bits == 64) {
        a_.mov(rdx, Imm(std::numeric_limits<int64_t>::min()));
        a_.cmp(rax, rdx);
      } else {
        a_.cmp(eax, Imm(std::numeric_limits<int32_t>::min()));
      }
      a_.je(overflow);
      a_.neg(ra);
    }
    a_.jmp(done);
    a_.bind(general);
    if (bits == 64)
      a_.cqo(rdx, rax);
    else
      a_.cdq(edx, eax);
    a_.idiv(rd, ra, rc);
  } else {
    a_.xor_(edx, edx);
    a_.div(rd, ra, rc);
  }
  if (op == Div::RemS || op == Div::RemU) a_.mov(ra, rd);
  a_.bind(done);
  if (bits == 32) a_.mov(eax, eax);  // the cell holds the i32 zero-extended
  write_gp(dst, rax);
}

// Compares a with b: from a's home register when it has one, else through rax.
void MasmX64::compare_operands(const Held& h, unsigned bits, uint32_t a, Src b) {
  if (in_gp(a)) {
    Gp lhs = width(gp_home(a), bits);
    a_.emit(Inst::kIdCmp, lhs, gp_rhs(h, bits, a, lhs, b));
  } else {
    a_.emit(Inst::kIdCmp, width(rax, bits), gp_operands(h, bits, a, b));
  }
}

void MasmX64::compare(Cond c, unsigned bits, uint32_t dst, uint32_t a, Src b) {
  Held h = take();
  compare_operands(h, bits, a, b);
  a_.set(cc_of(c), al);
  if (dst_in_gp(dst)) {
    a_.movzx(dst_gp_home(dst).r32(), al);
    return;
  }
  a_.movzx(eax, al);
  write_gp(dst, rax);
  held_.rax = dst;
}

void MasmX64::unary(Un op, uint32_t dst, uint32_t a) {
  take();
  // The result straight into dst's home register, if it has one.
  Gp r = dst_in_gp(dst) ? dst_gp_home(dst) : Gp(rax);
  switch (op) {
    case Un::Eqz32: case Un::Eqz64:
      a_.emit(Inst::kIdCmp, gp_view(a, op == Un::Eqz32 ? 4 : 8), Imm(0));
      a_.sete(al);
      a_.movzx(r.r32(), al);
      break;
    case Un::Clz32: case Un::Clz64: {
      unsigned bits = op == Un::Clz32 ? 32 : 64;
      if (has_lzcnt_) {
        a_.emit(Inst::kIdLzcnt, width(r, bits), gp_view(a, bits / 8));
      } else {
        // bsr gives the highest set bit's index i, so clz = (bits - 1) ^ i; for 0 (bsr leaves
        // ZF set), 2 * bits - 1 yields bits.
        a_.mov(edx, 2 * bits - 1);
        a_.emit(Inst::kIdBsr, width(r, bits), gp_view(a, bits / 8));
        a_.cmovz(width(r, bits), width(rdx, bits));
        a_.xor_(r.r32(), bits - 1);
      }
      break;
    }
    case Un::Ctz32: case Un::Ctz64: {
      unsigned bits = op == Un::Ctz32 ? 32 : 64;
      if (has_tzcnt_) {
        a_.emit(Inst::kIdTzcnt, width(r, bits), gp_view(a, bits / 8));
      } else {
        a_.mov(edx, bits);
        a_.emit(Inst::kIdBsf, width(r, bits), gp_view(a, bits / 8));
        a_.cmovz(width(r, bits), width(rdx, bits));
      }
      break;
    }
    case Un::Popcnt32: case Un::Popcnt64: {
      unsigned bits = op == Un::Popcnt32 ? 32 : 64;
      a_.emit(Inst::kIdPopcnt, width(r, bits), gp_view(a, bits / 8));  // lower.h checks has_popcnt()
      break;
    }
    case Un::Extend8S32: a_.emit(Inst::kIdMovsx, r.r32(), gp_view(a, 1)); break;
    case Un::Extend16S32: a_.emit(Inst::kIdMovsx, r.r32(), gp_view(a, 2)); break;
    case Un::Extend8S64: a_.emit(Inst::kIdMovsx, r.r64(), gp_view(a, 1)); break;
    case Un::Extend16S64: a_.emit(Inst::kIdMovsx, r.r64(), gp_view(a, 2)); break;
    case Un::Extend32S64: case Un::ExtendS: a_.emit(Inst::kIdMovsxd, r.r64(), gp_view(a, 4)); break;
    case Un::Wrap: case Un::ExtendU: read_gp(r.r32(), a); break;
  }
  if (r.id() == rax.id()) {
    write_gp(dst, rax);
    held_.rax = dst;
  }
}

bool MasmX64::supports(Un op) const {
  return has_popcnt_ || (op != Un::Popcnt32 && op != Un::Popcnt64);
}

// ---- branches -----------------------------------------------------------------------------------

void MasmX64::branch_if(Cond c, unsigned bits, uint32_t a, Src b, Label target) {
  Held h = take();
  compare_operands(h, bits, a, b);
  a_.j(cc_of(c), target);
  // Still true on the fall-through path (the target binds a label): rax untouched, or rax = a.
  held_ = h;
  if (!in_gp(a)) held_.rax = a;
}

void MasmX64::branch_if_zero(uint32_t s, bool zero, Label target) {
  Held h = take();
  if (in_gp(s))
    a_.test(gp_home(s).r32(), gp_home(s).r32());
  else if (rax_holds(h, s))
    a_.test(eax, eax);  // e.g. a float comparison's result, just computed
  else
    a_.emit(Inst::kIdCmp, gp_view(s, 4), Imm(0));
  if (zero)
    a_.je(target);
  else
    a_.jne(target);
  held_.rax = h.rax;  // rax is untouched on the fall-through path
  held_.xmm0 = h.xmm0;
  held_.xmm0_bits = h.xmm0_bits;
}

void MasmX64::jump_table(uint32_t index, const std::vector<Label>& targets) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  Label table = a_.newLabel();
  read_gp(eax, index);
  a_.mov(ecx, uint32_t(targets.size() - 1));
  a_.cmp(eax, ecx);
  a_.cmova(eax, ecx);  // past the end: the default, the last entry
  a_.lea(rcx, ptr(table));
  a_.movsxd(rax, dword_ptr(rcx, rax, 2));
  a_.add(rax, rcx);
  a_.jmp(rax);
  a_.align(AlignMode::kData, 4);
  a_.bind(table);
  for (const Label& t : targets) a_.embedLabelDelta(t, table, 4);
}

// ---- memory 0 -----------------------------------------------------------------------------------

Mem MasmX64::effective_address(const Address& addr, uint32_t bytes, bool base_in_rax) {
  bool offset_fits = addr.offset <= uint32_t(std::numeric_limits<int32_t>::max());
  rax_is_base_ = false;
  if (addr.mode == Address::Mode::Plain && offset_fits && in_gp(addr.base))
    return ptr(kMem, gp_home(addr.base), 0, int32_t(addr.offset), bytes);  // an i32: zero-extended
  // A fused address of registers: one 32-bit lea, which wraps at 2^32 like the i32.add it fuses.
  bool base_in_reg = !base_in_rax && in_gp(addr.base);
  if (base_in_reg && addr.mode == Address::Mode::AddImm) {
    a_.lea(eax, ptr(gp_home(addr.base), int32_t(addr.index)));
  } else if (base_in_reg && addr.mode == Address::Mode::AddReg && in_gp(addr.index)) {
    a_.lea(eax, ptr(gp_home(addr.base), gp_home(addr.index)));
  } else if (base_in_reg && addr.mode == Address::Mode::AddShl && in_gp(addr.index) &&
             (addr.shift & 31) <= 3) {
    a_.lea(eax, ptr(gp_home(addr.base), gp_home(addr.index), addr.shift & 31));
  } else {
    if (!base_in_rax) read_gp(eax, addr.base);  // zero-extended into rax
    add_address_index(addr);
  }
  if (offset_fits) {
    rax_is_base_ = addr.mode == Address::Mode::Plain;
    return ptr(kMem, rax, 0, int32_t(addr.offset), bytes);
  }
  a_.mov(ecx, addr.offset);  // zero-extended: the offset is added in 64 bits
  a_.add(rax, rcx);
  return ptr(kMem, rax, 0, 0, bytes);
}

// eax += the fused part of `addr`, wrapping at 2^32.
void MasmX64::add_address_index(const Address& addr) {
  switch (addr.mode) {
    case Address::Mode::Plain: break;
    case Address::Mode::AddImm: a_.add(eax, Imm(int32_t(addr.index))); break;  // wraps at 2^32
    case Address::Mode::AddReg: a_.emit(Inst::kIdAdd, eax, gp_view(addr.index, 4)); break;
    case Address::Mode::AddShl:
      read_gp(ecx, addr.index);
      a_.shl(ecx, Imm(addr.shift & 31));
      a_.add(eax, ecx);
      break;
  }
}

void MasmX64::keep_address_base(const Address& addr) {
  if (rax_is_base_) held_.rax = addr.base;
}

void MasmX64::record_access(Label out_of_bounds) {
  access_sites_.push_back(uint32_t(a_.offset()));
  out_of_bounds_ = out_of_bounds;
}

void MasmX64::guarded_access(const Address& addr, uint32_t bytes, bool base_in_rax,
                             Label out_of_bounds, const AccessEmitter& emit) {
  int32_t add = int32_t(addr.index);
  // A displacement of at least 1 makes the access at least 5 bytes long (its REX prefix for r14,
  // opcode, ModRM, SIB, disp8), room for the jump patch_jump() may write over it.
  uint64_t displacement = uint64_t(uint32_t(add)) + addr.offset;
  bool fold = addr.mode == Address::Mode::AddImm && addr.cannot_wrap && !base_in_rax &&
              in_gp(addr.base) && add >= 0 && displacement >= 1 &&
              displacement <= uint64_t(INT32_MAX);
  if (!fold) {
    Mem m = effective_address(addr, bytes, base_in_rax);
    record_access(out_of_bounds);
    emit(m);
    return;
  }
  rax_is_base_ = false;
  Gp base = gp_home(addr.base);
  record_access(out_of_bounds);
  emit(ptr(kMem, base, 0, add + int32_t(addr.offset), bytes));
  Label back = a_.newLabel();
  a_.bind(back);
  wrap_stubs_.push_back({access_sites_.back(), back, base, add, int32_t(addr.offset), bytes, emit});
}

void MasmX64::emit_wrap_stubs() {
  for (const WrapStub& w : wrap_stubs_) {
    Label stub = a_.newLabel();
    a_.bind(stub);
    a_.lea(eax, ptr(w.base, w.add));  // wraps at 2^32, as i32.add does
    record_access(out_of_bounds_);
    wrap_resumes_.push_back({w.site, stub, w.back, access_sites_.back()});
    w.emit(ptr(kMem, rax, 0, w.offset, w.bytes));
    a_.jmp(w.back);
  }
  wrap_stubs_.clear();
}

bool MasmX64::patch_jump(uint8_t* at, size_t length, const uint8_t* to) {
  int64_t rel = int64_t(to - (at + 5));
  if (length < 5 || rel < INT32_MIN || rel > INT32_MAX) return false;
  int32_t rel32 = int32_t(rel);
  at[0] = 0xE9;  // jmp rel32
  std::memcpy(at + 1, &rel32, 4);
  std::memset(at + 5, 0x90, length - 5);  // never run: the stub jumps back past them
  return true;
}

void MasmX64::load(const Access& access, uint32_t dst, const Address& addr, Label out_of_bounds) {
  Held h = take();
  bool base_in_rax = rax_holds(h, addr.base);
  if (access.is_float) {
    Xmm x = dst_in_fp(dst) ? dst_fp_home(dst) : xmm0;  // its home, or xmm0, where the float
    guarded_access(addr, access.bytes, base_in_rax, out_of_bounds,  // operation reading it looks
                   [this, x, bytes = access.bytes](const Mem& m) {
                     bytes == 8 ? a_.movsd(x, m) : a_.movss(x, m);
                   });
    if (x.id() == xmm0.id()) {
      write_fp(dst, xmm0);
      held_.xmm0 = dst;
      held_.xmm0_bits = access.bytes * 8;
    }
    if (addr.base != dst) keep_address_base(addr);
    return;
  }
  // Into the destination's home register if it has one, else rax.
  Gp r = dst_in_gp(dst) ? dst_gp_home(dst) : Gp(rax);
  guarded_access(addr, access.bytes, base_in_rax, out_of_bounds, [this, access, r](const Mem& m) {
    switch (access.bytes) {
      case 1: case 2:
        if (access.sign) a_.movsx(access.result64 ? Gp(r.r64()) : Gp(r.r32()), m);
        else a_.movzx(r.r32(), m);
        break;
      case 4:
        if (access.sign && access.result64) a_.movsxd(Gp(r.r64()), m);
        else a_.mov(r.r32(), m);
        break;
      default: a_.mov(r.r64(), m); break;
    }
  });
  if (r.id() == rax.id()) {
    write_gp(dst, rax);
    held_.rax = dst;
  } else if (addr.base != dst) {
    keep_address_base(addr);
  }
}

void MasmX64::store(const Access& access, const Address& addr, uint32_t src, Label out_of_bounds) {
  Held h = take();
  if (access.is_float && (in_fp(src) || xmm0_holds(h, src, access.bytes * 8))) {
    Xmm x = in_fp(src) ? fp_home(src) : xmm0;
    guarded_access(addr, access.bytes, rax_holds(h, addr.base), out_of_bounds,
                   [this, x, bytes = access.bytes](const Mem& m) {
                     bytes == 8 ? a_.movsd(m, x) : a_.movss(m, x);
                   });
    held_.xmm0 = h.xmm0;
    held_.xmm0_bits = h.xmm0_bits;
    keep_address_base(addr);
    return;
  }
  Gp value = rdx;
  if (in_gp(src))
    value = gp_home(src);
  else if (rax_holds(h, src))
    a_.mov(rdx, rax);
  else
    read_gp(rdx, src);
  guarded_access(addr, access.bytes, rax_holds(h, addr.base), out_of_bounds,
                 [this, value, bytes = access.bytes](const Mem& m) { a_.mov(m, sized(value, bytes)); });
  keep_address_base(addr);
}

void MasmX64::memory_size(uint32_t dst) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rax, Imm(func_->context->memory0));
  a_.mov(rax, qword_ptr(rax, int32_t(offsetof(MemoryView, size))));
  a_.shr(rax, 16);  // 64 KiB pages
  write_gp(dst, rax);
}

void MasmX64::func_ref(uint32_t dst, uint32_t index) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rax, instance_field(offsetof(InstanceContext, funcs)));
  a_.mov(rax, qword_ptr(rax, int32_t(index) * 8));
  write_gp(dst, rax);
}

void MasmX64::memory_grow(uint32_t dst, uint32_t delta, uint32_t memory) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  read_gp(edx, delta);  // before rsi / rdi, which may be its home, are the arguments
  a_.mov(rdi, instance_field(offsetof(InstanceContext, instance)));
  a_.mov(esi, memory);
  call_helper(reinterpret_cast<const void*>(&helper_memory_grow));
  a_.mov(eax, eax);
  write_gp(dst, rax);
}

}  // namespace zwasm::jit
