#include "codegen/x64/masm_x64.h"

#include <cstddef>
#include <limits>

#include "codegen/helpers.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::x86;

namespace {

const Gp kCtx = rbx;       // ExecContext*
const Gp kFp = r12;        // the frame (cells)
const Gp kMem = r14;       // memory 0's base

int32_t ctx_field(size_t offset) { return int32_t(offset); }

CondCode cc_of(Cond c) {
  switch (c) {
    case Cond::Eq: return CondCode::kE;
    case Cond::Ne: return CondCode::kNE;
    case Cond::LtS: return CondCode::kL;
    case Cond::LtU: return CondCode::kB;
    case Cond::GtS: return CondCode::kG;
    case Cond::GtU: return CondCode::kA;
    case Cond::LeS: return CondCode::kLE;
    case Cond::LeU: return CondCode::kBE;
    case Cond::GeS: return CondCode::kGE;
    case Cond::GeU: return CondCode::kAE;
  }
  return CondCode::kE;
}

bool fits_int32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

// The 32- or 64-bit view of a general register.
Gp width(const Gp& r64, unsigned bits) { return bits == 64 ? Gp(r64.r64()) : Gp(r64.r32()); }

}  // namespace

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

namespace {

// The allocatable registers, in the allocator's numbering (regalloc.h RegisterFile).
const Gp kHomeGp[] = {rsi, rdi, r8, r9, r10, r11, rbp, r13, r15};
constexpr uint32_t kHomeGpPreserved = 7u << 6;  // rbp, r13, r15
const Xmm kHomeFp[] = {xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10,
                       xmm11, xmm12, xmm13, xmm14, xmm15};

// A general register's view of `bytes` bytes.
Gp sized(const Gp& r, unsigned bytes) {
  switch (bytes) {
    case 1: return r.r8();
    case 2: return r.r16();
    case 4: return r.r32();
    default: return r.r64();
  }
}

}  // namespace

RegisterFile MasmX64::register_file() {
  RegisterFile f;
  f.gp_count = uint8_t(std::size(kHomeGp));
  f.fp_count = uint8_t(std::size(kHomeFp));
  f.gp_preserved = kHomeGpPreserved;
  f.fp_preserved = 0;  // System V preserves no xmm register
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

// ---- frame --------------------------------------------------------------------------------------

void MasmX64::public_entry(const Function& func, Label body) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  func_ = &func;
  // Everything the System V ABI has the callee preserve, then the pinned registers; rsp is
  // 16-byte aligned at the call.
  for (const Gp& r : {rbp, rbx, r12, r13, r14, r15}) a_.push(r);
  a_.sub(rsp, 8);
  a_.mov(kCtx, rdi);
  a_.mov(rax, Imm(func.context->memory0));
  a_.mov(kMem, qword_ptr(rax, int32_t(offsetof(MemoryView, base))));
  a_.call(body);  // rdx: the frame, as given
  a_.add(rsp, 8);
  for (const Gp& r : {r15, r14, r13, r12, rbx, rbp}) a_.pop(r);
  a_.ret();
}

void MasmX64::prologue(const Function& func, const IrFunction& ir, Label stack_trap,
                       bool fresh_frame, uint32_t used_homes) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  func_ = &func;
  // The internal convention (public_entry, and compiled callers in the same instance): rbx and
  // r14 as pinned, rdx the frame; r12 and the preserved registers the body uses are saved.
  saved_ = {r12};
  for (uint32_t i = 0; i < std::size(kHomeGp); ++i)
    if (((used_homes & kHomeGpPreserved) >> i) & 1) saved_.push_back(kHomeGp[i]);
  for (const Gp& r : saved_) a_.push(r);
  pad_ = saved_.size() % 2 == 0;  // arrived with rsp = 8 (mod 16)
  if (pad_) a_.sub(rsp, 8);
  a_.mov(kFp, rdx);
  // The frame must fit the exec stack, and the native stack must not be below its limit
  // (design note L9: checked explicitly, never left to a guard page).
  a_.lea(rax, ptr(kFp, int32_t(ir.frame_cells) * 8));
  a_.cmp(rax, qword_ptr(kCtx, ctx_field(offsetof(ExecContext, stack_end))));
  a_.ja(stack_trap);
  a_.cmp(rsp, qword_ptr(kCtx, ctx_field(offsetof(ExecContext, native_stack_limit))));
  a_.jb(stack_trap);
  // Declared locals start at zero (spec 4.4.10).
  uint32_t zeroes = fresh_frame ? ir.local_cells - ir.param_cells : 0;
  if (zeroes > 0) {
    a_.xor_(eax, eax);
    if (zeroes <= 16) {
      for (uint32_t c = ir.param_cells; c < ir.local_cells; ++c) a_.mov(cell(c), rax);
    } else {
      Label loop = a_.newLabel();
      a_.lea(rdi, cell(ir.param_cells));
      a_.mov(ecx, zeroes);
      a_.bind(loop);
      a_.mov(qword_ptr(rdi), rax);
      a_.add(rdi, 8);
      a_.sub(ecx, 1);
      a_.jnz(loop);
    }
  }
}

void MasmX64::epilogue(bool ok) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(eax, ok ? 1 : 0);
  if (pad_) a_.add(rsp, 8);
  for (size_t i = saved_.size(); i-- > 0;) a_.pop(saved_[i]);
  a_.ret();
}

void MasmX64::call_helper(const void* fn) {
  a_.mov(rax, Imm(fn));
  a_.call(rax);
}

void MasmX64::trap_stub(TrapCode code, Function* func) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kCtx);
  a_.mov(esi, uint32_t(code));
  a_.mov(rdx, Imm(func));
  call_helper(reinterpret_cast<const void*>(&helper_trap));
  epilogue(false);
}

void MasmX64::dynamic_trap_stub(Function* func) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kCtx);
  a_.mov(esi, eax);
  a_.mov(rdx, Imm(func));
  call_helper(reinterpret_cast<const void*>(&helper_trap));
  epilogue(false);
}

void MasmX64::call_op_helper(const void* helper, const uint32_t* ip, bool with_instance,
                             Label trap) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kFp);
  a_.mov(rsi, Imm(ip));
  if (with_instance) a_.mov(rdx, Imm(func_->context));
  call_helper(helper);
  a_.test(eax, eax);
  a_.jnz(trap);
}

void MasmX64::unwind_stub(Function* func) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kCtx);
  a_.mov(rsi, Imm(func));
  call_helper(reinterpret_cast<const void*>(&helper_unwind));
  epilogue(false);
}

// ---- values -------------------------------------------------------------------------------------

void MasmX64::copy(uint32_t dst, uint32_t src) {
  if (dst == src && homes_[src] == dst_homes_[dst]) return;  // a reinterpretation in place
  Held h = take();
  if (dst_in_fp(dst) && in_fp(src)) {
    a_.movaps(dst_fp_home(dst), fp_home(src));
    return;
  }
  if (dst_in_gp(dst) && in_gp(src)) {
    a_.mov(dst_gp_home(dst), gp_home(src));
    return;
  }
  if (!rax_holds(h, src)) read_gp(rax, src);
  write_gp(dst, rax);
  held_.rax = dst;
}

void MasmX64::copy_v128(uint32_t dst, uint32_t src) {
  Held h = take();
  if (dst == src && homes_[src] == dst_homes_[dst]) {
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

void MasmX64::return_v128(uint32_t src) {
  Held h = take();
  if (!in_fp(src) && xmm0_holds(h, src, 128)) {
    a_.movups(cell(0, 16), xmm0);
    return;
  }
  read_v128(xmm0, src);
  a_.movups(cell(0, 16), xmm0);
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
  Label l = a_.newLabel();
  constants_.push_back({l, lo, hi});
  if (dst_in_fp(dst)) {
    a_.movups(dst_fp_home(dst), ptr(l));
    return;
  }
  a_.movups(xmm0, ptr(l));
  a_.movups(cell(dst, 16), xmm0);
  held_.xmm0 = dst;
  held_.xmm0_bits = 128;
}

void MasmX64::emit_constants() {
  if (constants_.empty()) return;
  a_.align(AlignMode::kData, 16);
  for (const PooledV128& c : constants_) {
    a_.bind(c.label);
    a_.embed(&c.lo, 8);
    a_.embed(&c.hi, 8);
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

void MasmX64::return_cells(const std::vector<uint32_t>& srcs) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  // Sources may overlap the result cells: gather on the native stack first.
  uint32_t n = uint32_t(srcs.size());
  uint32_t bytes = (n * 8 + 15) & ~15u;
  a_.sub(rsp, bytes);
  for (uint32_t k = 0; k < n; ++k) {
    if (srcs[k] == kNoSlot) continue;
    read_gp(rax, srcs[k]);
    a_.mov(qword_ptr(rsp, int32_t(k) * 8), rax);
  }
  for (uint32_t k = 0; k < n; ++k) {
    if (srcs[k] == kNoSlot) continue;
    a_.mov(rax, qword_ptr(rsp, int32_t(k) * 8));
    a_.mov(cell(k), rax);
  }
  a_.add(rsp, bytes);
}

void MasmX64::return_value(uint32_t src) {
  Held h = take();
  if (!rax_holds(h, src)) read_gp(rax, src);
  a_.mov(cell(0), rax);
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

// ---- calls --------------------------------------------------------------------------------------

void MasmX64::publish(uint32_t frame_cells) {
  a_.lea(rax, ptr(kFp, int32_t(frame_cells) * 8));
  a_.mov(qword_ptr(kCtx, ctx_field(offsetof(ExecContext, stack_top))), rax);
  a_.mov(rax, Imm(func_->context));
  a_.mov(qword_ptr(kCtx, ctx_field(offsetof(ExecContext, caller))), rax);
}

// Calls the Function* in rsi with its frame at slot `base`. A compiled callee of this instance
// is called at its body (the internal convention: no transition, nothing published); any other
// through its entry, after publishing this activation. A trap jumps to `unwind`.
void MasmX64::call_function(uint32_t base, uint32_t frame_cells, Label unwind, bool may_be_fast) {
  Label slow = a_.newLabel(), done = a_.newLabel();
  if (may_be_fast) {
    a_.mov(rax, qword_ptr(rsi, int32_t(offsetof(Function, compiled_body))));
    a_.test(rax, rax);
    a_.jz(slow);
    a_.lea(rdx, cell(base));
    a_.call(rax);
    a_.jmp(done);
  }
  a_.bind(slow);
  publish(frame_cells);
  a_.mov(rdi, kCtx);
  a_.lea(rdx, cell(base));
  a_.call(qword_ptr(rsi, int32_t(offsetof(Function, entry))));
  a_.bind(done);
  a_.test(al, al);
  a_.jz(unwind);
}

void MasmX64::call(uint32_t index, uint32_t base, uint32_t frame_cells, Label unwind) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  // The function index space is fixed at instantiation: the callee record is a constant.
  const Function* callee = func_->context->funcs[index];
  a_.mov(rsi, Imm(callee));
  call_function(base, frame_cells, unwind, callee->context == func_->context);
}

void MasmX64::call_indirect(uint32_t type_index, uint32_t table, uint32_t elem, uint32_t base,
                            uint32_t frame_cells, Label unwind, Label undefined,
                            Label uninitialized, Label mismatch) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  read_gp(ecx, elem);  // before rsi / rdi, which may be its home, are taken
  a_.mov(rax, instance_field(offsetof(InstanceContext, tables)));
  a_.mov(rax, qword_ptr(rax, int32_t(table) * 8));  // TableView*
  a_.cmp(rcx, qword_ptr(rax, int32_t(offsetof(TableView, size))));
  a_.jae(undefined);
  a_.mov(rax, qword_ptr(rax, int32_t(offsetof(TableView, data))));
  a_.mov(rsi, qword_ptr(rax, rcx, 3));
  a_.test(rsi, rsi);
  a_.jz(uninitialized);
  a_.mov(rax, instance_field(offsetof(InstanceContext, type_ids)));
  a_.mov(eax, dword_ptr(rax, int32_t(type_index) * 4));
  a_.cmp(eax, dword_ptr(rsi, int32_t(offsetof(Function, type_id))));
  a_.jne(mismatch);
  // A table may hold another instance's functions: the fast call needs this instance's.
  Label other = a_.newLabel(), checked = a_.newLabel();
  a_.mov(rax, Imm(func_->context));
  a_.cmp(rax, qword_ptr(rsi, int32_t(offsetof(Function, context))));
  a_.jne(other);
  call_function(base, frame_cells, unwind, true);
  a_.jmp(checked);
  a_.bind(other);
  call_function(base, frame_cells, unwind, false);
  a_.bind(checked);
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

void MasmX64::load(const Access& access, uint32_t dst, const Address& addr, Label out_of_bounds) {
  Held h = take();
  Mem m = effective_address(addr, access.bytes, rax_holds(h, addr.base));
  record_access(out_of_bounds);
  if (access.is_float) {
    if (dst_in_fp(dst)) {  // straight into its home
      access.bytes == 8 ? a_.movsd(dst_fp_home(dst), m) : a_.movss(dst_fp_home(dst), m);
    } else {  // into xmm0, where the float operation reading it will look
      access.bytes == 8 ? a_.movsd(xmm0, m) : a_.movss(xmm0, m);
      write_fp(dst, xmm0);
      held_.xmm0 = dst;
      held_.xmm0_bits = access.bytes * 8;
    }
    if (addr.base != dst) keep_address_base(addr);
    return;
  }
  // Into the destination's home register if it has one, else rax.
  Gp r = dst_in_gp(dst) ? dst_gp_home(dst) : Gp(rax);
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
    Mem m = effective_address(addr, access.bytes, rax_holds(h, addr.base));
    record_access(out_of_bounds);
    access.bytes == 8 ? a_.movsd(m, x) : a_.movss(m, x);
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
  Mem m = effective_address(addr, access.bytes, rax_holds(h, addr.base));
  record_access(out_of_bounds);
  a_.mov(m, sized(value, access.bytes));
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
