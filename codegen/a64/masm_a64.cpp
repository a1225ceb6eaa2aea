// The ARM64 macro assembler: register homes, values, integers, branches and memory 0 (frames and
// calls: masm_a64_call.cpp; floats: _float.cpp; SIMD: _simd.cpp).
#include "codegen/a64/masm_a64.h"

#include <cstddef>
#include <limits>

#include "codegen/a64/a64_registers.h"
#include "codegen/helpers.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::a64;
using namespace a64;

MasmA64::MasmA64(CodeHolder& code) : a_(&code) {}

// ---- operands -----------------------------------------------------------------------------------

a64::Mem MasmA64::field(const a64::Gp& base, size_t offset, uint32_t bytes) {
  // ldr/str take an unsigned offset scaled by the access size, up to 4095 units.
  if (offset % bytes == 0 && offset / bytes < 4096) return ptr(base.x(), int32_t(offset));
  add_imm(kAddr, base.x(), int64_t(offset));
  return ptr(kAddr);
}

a64::Mem MasmA64::cell(uint32_t s, uint32_t bytes) { return field(kFp, size_t(s) * 8, bytes); }

void MasmA64::load_imm(const a64::Gp& r, uint64_t value) {
  unsigned bits = r.isGpW() ? 32 : 64;
  if (bits == 32) value &= 0xFFFFFFFFu;
  if (value == 0) {
    a_.mov(r, bits == 32 ? Gp(wzr) : Gp(xzr));
    return;
  }
  if (Utils::isLogicalImm(value, bits)) {  // one orr from the zero register
    a_.orr(r, bits == 32 ? Gp(wzr) : Gp(xzr), Imm(value));
    return;
  }
  // movz (or movn, when most 16-bit pieces are all ones) and a movk per remaining piece.
  unsigned pieces = bits / 16, ones = 0, zeros = 0;
  for (unsigned k = 0; k < pieces; ++k) {
    uint16_t piece = uint16_t(value >> (16 * k));
    ones += piece == 0xFFFF;
    zeros += piece == 0;
  }
  bool inverted = ones > zeros;
  uint16_t fill = inverted ? 0xFFFF : 0;
  bool first = true;
  for (unsigned k = 0; k < pieces; ++k) {
    uint16_t piece = uint16_t(value >> (16 * k));
    if (piece == fill) continue;
    if (first) {
      if (inverted) a_.movn(r, Imm(uint16_t(~piece)), Imm(16 * k));
      else a_.movz(r, Imm(piece), Imm(16 * k));
      first = false;
    } else {
      a_.movk(r, Imm(piece), Imm(16 * k));
    }
  }
  if (first) a_.movn(r, Imm(0), Imm(0));  // all ones
}

void MasmA64::add_imm(const a64::Gp& r, const a64::Gp& a, int64_t imm) {
  uint64_t mag = imm < 0 ? uint64_t(0) - uint64_t(imm) : uint64_t(imm);
  if (r.isGpW()) mag &= 0xFFFFFFFFu;
  if (mag < 4096 || (mag % 4096 == 0 && mag < (uint64_t(1) << 24))) {
    if (imm < 0) a_.sub(r, a, Imm(mag));
    else a_.add(r, a, Imm(mag));
    return;
  }
  if (mag < (uint64_t(1) << 24)) {  // two pieces of 12 bits
    if (imm < 0) {
      a_.sub(r, a, Imm(mag & ~uint64_t(0xFFF)));
      a_.sub(r, r, Imm(mag & 0xFFF));
    } else {
      a_.add(r, a, Imm(mag & ~uint64_t(0xFFF)));
      a_.add(r, r, Imm(mag & 0xFFF));
    }
    return;
  }
  // The immediate into r itself when r is not a (so that cell() and field() need no register
  // but kAddr), else into kT2.
  Gp t = r.id() != a.id() ? r : r.isGpW() ? Gp(kT2.w()) : Gp(kT2);
  load_imm(t, uint64_t(imm));
  a_.add(r, a, t);
}

void MasmA64::load_instance_field(const a64::Gp& r, size_t offset) {
  load_ptr(r, reinterpret_cast<const uint8_t*>(func_->context) + offset);
  a_.ldr(r, ptr(r));
}

// ---- register homes -----------------------------------------------------------------------------

RegisterFile MasmA64::register_file() {
  RegisterFile f;
  f.gp_count = uint8_t(std::size(kHomeGp));
  f.fp_count = uint8_t(std::size(kHomeFp));
  f.gp_preserved = kHomeGpPreserved;
  f.fp_preserved = 0;  // v8-v15 keep only their low halves (a64_registers.h)
  f.gp_args = kArgRegisters;
  f.fp_args = kArgRegisters;
  return f;
}

a64::Gp MasmA64::gp_home(uint32_t s) const { return kHomeGp[homes_[s].index]; }
a64::Vec MasmA64::fp_home(uint32_t s) const { return kHomeFp[homes_[s].index]; }
a64::Gp MasmA64::dst_gp_home(uint32_t s) const { return kHomeGp[dst_homes_[s].index]; }
a64::Vec MasmA64::dst_fp_home(uint32_t s) const { return kHomeFp[dst_homes_[s].index]; }

void MasmA64::spill(const Placed& v) {
  if (v.reg.cls == RegClass::Gp) a_.str(kHomeGp[v.reg.index], cell(v.slot));
  else if (v.reg.cls == RegClass::Fp && v.wide) a_.str(kHomeFp[v.reg.index].q(), cell(v.slot, 16));
  else if (v.reg.cls == RegClass::Fp) a_.str(kHomeFp[v.reg.index].d(), cell(v.slot));
}

void MasmA64::reload(const Placed& v) {
  if (v.reg.cls == RegClass::Gp) a_.ldr(kHomeGp[v.reg.index], cell(v.slot));
  else if (v.reg.cls == RegClass::Fp && v.wide) a_.ldr(kHomeFp[v.reg.index].q(), cell(v.slot, 16));
  else if (v.reg.cls == RegClass::Fp) a_.ldr(kHomeFp[v.reg.index].d(), cell(v.slot));
}

a64::Gp MasmA64::gp_in(uint32_t s, unsigned bits, const a64::Gp& scratch) {
  if (in_gp(s)) return width(gp_home(s), bits);
  Gp r = width(scratch, bits);
  if (in_fp(s)) a_.fmov(r, fwidth(fp_home(s), bits));
  else a_.ldr(r, cell(s, bits / 8));  // an i32: the cell's low half, zero-extended
  return r;
}

a64::Gp MasmA64::gp_out(uint32_t s, const a64::Gp& scratch) const {
  return dst_in_gp(s) ? dst_gp_home(s) : scratch.x();
}

void MasmA64::write_gp(uint32_t s, const a64::Gp& r) {
  if (dst_in_gp(s)) {
    if (dst_gp_home(s).id() != r.id()) a_.mov(dst_gp_home(s), r.x());
  } else if (dst_in_fp(s)) {
    a_.fmov(dst_fp_home(s).d(), r.x());
  } else {
    a_.str(r.x(), cell(s));
  }
}

void MasmA64::compare_operands(unsigned bits, uint32_t a, Src b) {
  Gp ra = gp_in(a, bits, kT0);
  if (!b.is_imm) {
    a_.cmp(ra, b.slot == a ? ra : gp_in(b.slot, bits, kT1));
    return;
  }
  int64_t imm = bits == 32 ? int64_t(int32_t(b.imm)) : b.imm;
  if (imm >= 0 && imm < 4096) {
    a_.cmp(ra, Imm(imm));
  } else if (imm < 0 && imm > -4096) {
    a_.cmn(ra, Imm(-imm));
  } else {
    Gp t = width(kT1, bits);
    load_imm(t, uint64_t(imm));
    a_.cmp(ra, t);
  }
}

// ---- values -------------------------------------------------------------------------------------

void MasmA64::copy(uint32_t dst, uint32_t src) {
  if (same_home(dst, src)) return;  // a reinterpretation in place
  if (dst_in_fp(dst) && in_fp(src)) {
    if (dst_fp_home(dst).id() != fp_home(src).id()) a_.fmov(dst_fp_home(dst).d(), fp_home(src).d());
    return;
  }
  if (dst_in_fp(dst)) {  // from a general register or a cell, all 64 bits
    if (in_gp(src)) a_.fmov(dst_fp_home(dst).d(), gp_home(src));
    else a_.ldr(dst_fp_home(dst).d(), cell(src));
    return;
  }
  write_gp(dst, gp_in(src, 64, gp_out(dst, kT0)));
}

void MasmA64::copy_v128(uint32_t dst, uint32_t src) {
  if (same_home(dst, src)) return;
  write_v128(dst, v128_in(src, v128_out(dst, kV0)));
}

void MasmA64::constant(uint32_t dst, uint64_t bits) {
  if (dst_in_fp(dst)) {
    Vec d = dst_fp_home(dst);
    if (bits == 0) {
      a_.fmov(d.d(), xzr);
    } else {
      load_imm(kT0, bits);
      a_.fmov(d.d(), kT0);
    }
    return;
  }
  if (!dst_in_gp(dst) && bits == 0) {
    a_.str(xzr, cell(dst));
    return;
  }
  Gp r = gp_out(dst, kT0);
  load_imm(r, bits);
  write_gp(dst, r);
}

void MasmA64::constant_v128(uint32_t dst, uint64_t lo, uint64_t hi) {
  Vec v = v128_out(dst, kV0);
  a_.ldr(v.q(), pooled(lo, hi));
  write_v128(dst, v);
}

void MasmA64::emit_constants() { constants_.emit(a_); }

void MasmA64::select(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond) {
  // d = cond != 0 ? a : b
  Gp rc = gp_in(cond, 32, kT2);
  a_.cmp(rc, Imm(0));
  if (dst_in_fp(dst) && in_fp(a) && in_fp(b)) {
    a_.fcsel(dst_fp_home(dst).d(), fp_home(a).d(), fp_home(b).d(), Imm(CondCode::kNE));
    return;
  }
  Gp ra = gp_in(a, 64, kT0), rb = gp_in(b, 64, kT1);  // loads and fmovs keep the flags
  Gp d = gp_out(dst, kT0);
  a_.csel(d, ra, rb, Imm(CondCode::kNE));
  write_gp(dst, d);
}

void MasmA64::select_v128(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond) {
  Gp rc = gp_in(cond, 32, kT0);
  Vec va = v128_in(a, kV0);
  Vec vb = v128_in(b, kV1);
  // A mask of all ones when cond != 0, then bsl picks a's bits where it is set.
  a_.cmp(rc, Imm(0));
  a_.csetm(kT0, Imm(CondCode::kNE));
  a_.dup(kV2.d2(), kT0);
  a_.bsl(kV2.b16(), va.b16(), vb.b16());
  write_v128(dst, kV2);
}

void MasmA64::global_get(uint32_t dst, uint32_t global, uint32_t cells) {
  load_instance_field(kT1, offsetof(InstanceContext, globals));
  a_.ldr(kT1, field(kT1, size_t(global) * 8));  // the global's value cells
  if (cells == 2) {
    Vec v = v128_out(dst, kV0);
    a_.ldr(v.q(), ptr(kT1));
    write_v128(dst, v);
  } else if (dst_in_fp(dst)) {
    a_.ldr(dst_fp_home(dst).d(), ptr(kT1));
  } else {
    Gp r = gp_out(dst, kT0);
    a_.ldr(r, ptr(kT1));
    write_gp(dst, r);
  }
}

void MasmA64::global_set(uint32_t global, uint32_t src, uint32_t cells) {
  load_instance_field(kT1, offsetof(InstanceContext, globals));
  a_.ldr(kT1, field(kT1, size_t(global) * 8));
  if (cells == 2) {
    a_.str(v128_in(src, kV0).q(), ptr(kT1));
  } else if (in_fp(src)) {
    a_.str(fp_home(src).d(), ptr(kT1));
  } else {
    a_.str(gp_in(src, 64, kT0), ptr(kT1));
  }
}

// ---- integers -----------------------------------------------------------------------------------

void MasmA64::binary(Alu op, unsigned bits, uint32_t dst, uint32_t a, Src b) {
  Gp ra = gp_in(a, bits, kT0);
  Gp d = width(gp_out(dst, kT0), bits);
  if (b.is_imm) {
    int64_t imm = bits == 32 ? int64_t(int32_t(b.imm)) : b.imm;
    uint64_t mask = bits == 32 ? 0xFFFFFFFFu : ~uint64_t(0);
    auto logical = [&](InstId id) {
      if (Utils::isLogicalImm(uint64_t(imm) & mask, bits)) {
        a_.emit(id, d, ra, Imm(uint64_t(imm) & mask));
      } else {
        Gp t = width(kT1, bits);
        load_imm(t, uint64_t(imm));
        a_.emit(id, d, ra, t);
      }
    };
    switch (op) {
      case Alu::Add: add_imm(d, ra, imm); break;
      case Alu::Sub: add_imm(d, ra, -imm); break;
      case Alu::And: logical(Inst::kIdAnd); break;
      case Alu::Or: logical(Inst::kIdOrr); break;
      case Alu::Xor: logical(Inst::kIdEor); break;
      case Alu::Mul: {
        Gp t = width(kT1, bits);
        load_imm(t, uint64_t(imm));
        a_.mul(d, ra, t);
        break;
      }
      // Shift counts are taken modulo the width (spec 4.3.2 ishl, ishr, irotl, irotr).
      case Alu::Shl: a_.lsl(d, ra, Imm(imm & (bits - 1))); break;
      case Alu::ShrS: a_.asr(d, ra, Imm(imm & (bits - 1))); break;
      case Alu::ShrU: a_.lsr(d, ra, Imm(imm & (bits - 1))); break;
      case Alu::Rotl: a_.ror(d, ra, Imm((bits - (imm & (bits - 1))) & (bits - 1))); break;
      case Alu::Rotr: a_.ror(d, ra, Imm(imm & (bits - 1))); break;
    }
  } else {
    Gp rb = b.slot == a ? ra : gp_in(b.slot, bits, kT1);
    switch (op) {
      case Alu::Add: a_.add(d, ra, rb); break;
      case Alu::Sub: a_.sub(d, ra, rb); break;
      case Alu::And: a_.and_(d, ra, rb); break;
      case Alu::Or: a_.orr(d, ra, rb); break;
      case Alu::Xor: a_.eor(d, ra, rb); break;
      case Alu::Mul: a_.mul(d, ra, rb); break;
      // The register shifts take their count modulo the width, as wasm does.
      case Alu::Shl: a_.lslv(d, ra, rb); break;
      case Alu::ShrS: a_.asrv(d, ra, rb); break;
      case Alu::ShrU: a_.lsrv(d, ra, rb); break;
      case Alu::Rotr: a_.rorv(d, ra, rb); break;
      case Alu::Rotl: {  // rotl by n is rotr by -n
        Gp t = width(kT2, bits);
        a_.neg(t, rb);
        a_.rorv(d, ra, t);
        break;
      }
    }
  }
  write_gp(dst, d.x());  // a 32-bit operation zero-extended its result
}

void MasmA64::add_shl(uint32_t dst, uint32_t a, uint32_t b, uint32_t k) {
  Gp ra = gp_in(a, 32, kT0), rb = gp_in(b, 32, kT1);
  Gp d = gp_out(dst, kT0);
  a_.add(d.w(), ra, rb, lsl(k & 31));  // wraps at 2^32 like the i32.add
  write_gp(dst, d);
}

void MasmA64::divide(Div op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b,
                     Label div_by_zero, Label overflow) {
  Gp ra = gp_in(a, bits, kT0), rb = gp_in(b, bits, kT1);
  a_.cbz(rb, div_by_zero);
  if (op == Div::DivS) {
    // INT_MIN / -1 overflows (spec 4.3.2 idiv_s): b == -1, then a - 1 overflowing (V set) says
    // a is INT_MIN. sdiv itself would return INT_MIN.
    a_.cmn(rb, Imm(1));
    a_.ccmp(ra, Imm(1), Imm(0), Imm(CondCode::kEQ));
    a_.b_vs(overflow);
  }
  Gp d = width(gp_out(dst, kT0), bits);
  switch (op) {
    case Div::DivS: a_.sdiv(d, ra, rb); break;
    case Div::DivU: a_.udiv(d, ra, rb); break;
    // a - (a / b) * b; for INT_MIN % -1 the quotient wraps to INT_MIN and the remainder is 0, as
    // wasm has it (irem_s). One msub reads its operands before writing d, which may be one.
    case Div::RemS: case Div::RemU: {
      Gp q = width(kT2, bits);
      if (op == Div::RemS) a_.sdiv(q, ra, rb);
      else a_.udiv(q, ra, rb);
      a_.msub(d, q, rb, ra);
      break;
    }
  }
  write_gp(dst, d.x());
}

void MasmA64::compare(Cond c, unsigned bits, uint32_t dst, uint32_t a, Src b) {
  compare_operands(bits, a, b);
  Gp d = gp_out(dst, kT0);
  a_.cset(d.w(), Imm(cc_of(c)));
  write_gp(dst, d);
}

void MasmA64::unary(Un op, uint32_t dst, uint32_t a) {
  Gp d = gp_out(dst, kT0);
  switch (op) {
    case Un::Eqz32: case Un::Eqz64:
      a_.cmp(gp_in(a, op == Un::Eqz32 ? 32 : 64, kT0), Imm(0));
      a_.cset(d.w(), Imm(CondCode::kEQ));
      break;
    case Un::Clz32: a_.clz(d.w(), gp_in(a, 32, kT0)); break;
    case Un::Clz64: a_.clz(d, gp_in(a, 64, kT0)); break;
    case Un::Ctz32: case Un::Ctz64: {  // the leading zeros of the reversed bits
      unsigned bits = op == Un::Ctz32 ? 32 : 64;
      Gp t = width(kT1, bits);
      a_.rbit(t, gp_in(a, bits, kT0));
      a_.clz(width(d, bits), t);
      break;
    }
    case Un::Popcnt32: case Un::Popcnt64: {  // no scalar popcount: count per byte, then add
      Gp ra = gp_in(a, op == Un::Popcnt32 ? 32 : 64, kT0);
      a_.fmov(kV0.d(), ra.x());  // an i32 is zero-extended
      a_.cnt(kV0.b8(), kV0.b8());
      a_.addv(kV0.b(), kV0.b8());
      a_.fmov(d.w(), kV0.s());
      break;
    }
    case Un::Extend8S32: a_.sxtb(d.w(), gp_in(a, 32, kT0)); break;
    case Un::Extend16S32: a_.sxth(d.w(), gp_in(a, 32, kT0)); break;
    case Un::Extend8S64: a_.sxtb(d, gp_in(a, 32, kT0)); break;
    case Un::Extend16S64: a_.sxth(d, gp_in(a, 32, kT0)); break;
    case Un::Extend32S64: case Un::ExtendS: a_.sxtw(d, gp_in(a, 32, kT0)); break;
    case Un::Wrap: case Un::ExtendU: a_.mov(d.w(), gp_in(a, 32, kT0)); break;  // zero-extends
  }
  write_gp(dst, d);
}

// ---- branches -----------------------------------------------------------------------------------

void MasmA64::branch_if(Cond c, unsigned bits, uint32_t a, Src b, Label target) {
  if (b.is_imm && b.imm == 0 && (c == Cond::Eq || c == Cond::Ne)) {
    Gp ra = gp_in(a, bits, kT0);
    c == Cond::Eq ? a_.cbz(ra, target) : a_.cbnz(ra, target);
    return;
  }
  compare_operands(bits, a, b);
  a_.b(cc_of(c), target);
}

void MasmA64::branch_if_zero(uint32_t s, bool zero, Label target) {
  Gp r = gp_in(s, 32, kT0);
  zero ? a_.cbz(r, target) : a_.cbnz(r, target);
}

void MasmA64::jump_table(uint32_t index, const std::vector<Label>& targets) {
  Label table = a_.newLabel();
  Gp ri = gp_in(index, 32, kT0);
  load_imm(kT1.w(), uint32_t(targets.size() - 1));
  a_.cmp(ri, kT1.w());
  a_.csel(kT1.w(), ri, kT1.w(), Imm(CondCode::kLO));  // past the end: the default, the last entry
  a_.adr(kT0, table);
  a_.ldrsw(kT1, ptr(kT0, kT1, lsl(2)));
  a_.add(kT0, kT0, kT1);
  a_.br(kT0);
  a_.align(AlignMode::kData, 4);
  a_.bind(table);
  for (const Label& t : targets) a_.embedLabelDelta(t, table, 4);
}

// ---- memory 0 -----------------------------------------------------------------------------------

a64::Mem MasmA64::effective_address(const Address& addr, uint32_t bytes) {
  // The i32 address, its fused part added with 32-bit operations (they wrap, and zero-extend).
  // The base goes to kT2, the index to kAddr: reading a far cell takes kAddr for its address
  // (cell()), which must not hold the base then.
  Gp base = gp_in(addr.base, 32, kT2);
  Gp a32 = base;
  switch (addr.mode) {
    case Address::Mode::Plain: break;
    case Address::Mode::AddImm: add_imm(a32 = kAddr.w(), base, int64_t(int32_t(addr.index))); break;
    case Address::Mode::AddReg: a_.add(a32 = kAddr.w(), base, gp_in(addr.index, 32, kAddr)); break;
    case Address::Mode::AddShl:
      a_.add(a32 = kAddr.w(), base, gp_in(addr.index, 32, kAddr), lsl(addr.shift & 31));
      break;
  }
  if (addr.offset == 0) return ptr(kMem, a32.w(), uxtw(0));
  a_.add(kAddr, kMem, a32.x());  // an i32 in a register is zero-extended
  // The offset is added in 64 bits: it does not wrap.
  if (addr.offset % bytes == 0 && addr.offset / bytes < 4096) return ptr(kAddr, int32_t(addr.offset));
  add_imm(kAddr, kAddr, int64_t(addr.offset));
  return ptr(kAddr);
}

void MasmA64::record_access(Label out_of_bounds) {
  access_sites_.push_back(uint32_t(a_.offset()));
  out_of_bounds_ = out_of_bounds;
}

void MasmA64::load(const Access& access, uint32_t dst, const Address& addr, Label out_of_bounds) {
  a64::Mem m = effective_address(addr, access.bytes);
  if (access.is_float) {
    Vec v = fp_out(dst, kV0);
    record_access(out_of_bounds);
    a_.ldr(fwidth(v, access.bytes * 8), m);  // zeroes the upper bits
    write_fp(dst, v);
    return;
  }
  Gp r = gp_out(dst, kT0);
  Gp r32 = r.w();
  record_access(out_of_bounds);
  switch (access.bytes) {
    case 1:
      if (access.sign) a_.ldrsb(access.result64 ? Gp(r) : r32, m);
      else a_.ldrb(r32, m);
      break;
    case 2:
      if (access.sign) a_.ldrsh(access.result64 ? Gp(r) : r32, m);
      else a_.ldrh(r32, m);
      break;
    case 4:
      if (access.sign && access.result64) a_.ldrsw(r, m);
      else a_.ldr(r32, m);
      break;
    default: a_.ldr(r, m); break;
  }
  write_gp(dst, r);
}

void MasmA64::store(const Access& access, const Address& addr, uint32_t src, Label out_of_bounds) {
  if (access.is_float && in_fp(src)) {
    a64::Mem m = effective_address(addr, access.bytes);
    record_access(out_of_bounds);
    a_.str(fwidth(fp_home(src), access.bytes * 8), m);
    return;
  }
  Gp value = gp_in(src, access.bytes == 8 ? 64 : 32, kT0);
  a64::Mem m = effective_address(addr, access.bytes);
  record_access(out_of_bounds);
  switch (access.bytes) {
    case 1: a_.strb(value.w(), m); break;
    case 2: a_.strh(value.w(), m); break;
    case 4: a_.str(value.w(), m); break;
    default: a_.str(value.x(), m); break;
  }
}

void MasmA64::memory_size(uint32_t dst) {
  Gp d = gp_out(dst, kT0);
  load_ptr(kT1, func_->context->memory0);
  a_.ldr(d, field(kT1, offsetof(MemoryView, size)));
  a_.lsr(d, d, Imm(16));  // 64 KiB pages
  write_gp(dst, d);
}

void MasmA64::func_ref(uint32_t dst, uint32_t index) {
  Gp d = gp_out(dst, kT0);
  load_instance_field(kT1, offsetof(InstanceContext, funcs));
  a_.ldr(d, field(kT1, size_t(index) * 8));
  write_gp(dst, d);
}

void MasmA64::memory_grow(uint32_t dst, uint32_t delta, uint32_t memory) {
  // The delta first: its home may be x0 or x1, the other arguments.
  Gp rd = gp_in(delta, 32, kT0);
  a_.mov(w2, rd);
  load_instance_field(x0, offsetof(InstanceContext, instance));
  load_imm(w1, memory);
  call_helper(reinterpret_cast<const void*>(&helper_memory_grow));
  a_.mov(w0, w0);  // zero-extends the i32
  write_gp(dst, x0);
}

}  // namespace zwasm::jit
