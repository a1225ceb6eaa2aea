#include "codegen/address_bounds.h"

#include <algorithm>

#include "codegen/lower.h"

namespace zwasm::jit {

namespace {

constexpr uint32_t kNoBound = 0xFFFFFFFF;  // any u32

uint32_t saturated(uint64_t bound) { return bound > kNoBound ? kNoBound : uint32_t(bound); }

// The smallest all-ones mask covering `v`: a bound of `a | b` and `a ^ b`.
uint32_t ones_up_to(uint32_t v) {
  for (uint32_t shift = 1; shift < 32; shift <<= 1) v |= v >> shift;
  return v;
}

// An upper bound of an integer instruction's i32 result from its operands' bounds `a`, `b` (`b`
// is the immediate for the fused forms).
uint32_t alu_bound(Alu alu, uint32_t a, uint32_t b, bool b_is_imm) {
  switch (alu) {
    case Alu::And: return std::min(a, b);
    case Alu::Or: case Alu::Xor: return ones_up_to(std::max(a, b));
    case Alu::Add: return saturated(uint64_t(a) + b);
    case Alu::Mul: return saturated(uint64_t(a) * b);
    case Alu::Shl: return b_is_imm ? saturated(uint64_t(a) << (b & 31)) : (a == 0 ? 0 : kNoBound);
    case Alu::ShrU: return b_is_imm ? a >> (b & 31) : a;
    case Alu::ShrS:  // a non-negative operand shifts like shr_u
      return a > uint32_t(INT32_MAX) ? kNoBound : (b_is_imm ? a >> (b & 31) : a);
    case Alu::Rotl: case Alu::Rotr: return a == 0 ? 0 : kNoBound;
    case Alu::Sub: return kNoBound;
  }
  return kNoBound;
}

// The bounds of one function: per slot over the whole function (`whole`), and the pass over
// one block at a time (`current`: the bound of the definition reaching this point).
class Bounds {
 public:
  Bounds(const IrFunction& ir, const ControlFlow& cf, const CalleeType& callee_type)
      : ir_(ir), cf_(cf), callee_type_(callee_type), whole_(ir.frame_cells, kNoBound) {}

  std::vector<bool> run() {
    std::vector<bool> proven(cf_.instrs.size() + 1, false);
    if (!has_fused_add()) return proven;
    // A few rounds of refinement from "no bound": enough for a bounded value copied through a
    // local or two; each round is sound on its own, so stopping early only loses bounds.
    for (int round = 0; round < 3; ++round)
      if (!refine_whole()) break;
    current_ = whole_;
    for (const IrBlock& block : cf_.blocks) {
      for (uint32_t s : touched_) current_[s] = whole_[s];
      touched_.clear();
      for (uint32_t pc = block.begin; pc < block.end;
           pc += uint32_t(ir_instr_words(ir_.code.data(), pc))) {
        const uint32_t* ins = &ir_.code[pc];
        if (fused_add_cannot_wrap(ins)) proven[instr_position(cf_, pc)] = true;
        define(ins, current_, [this](uint32_t slot, uint32_t bound) {
          current_[slot] = bound;
          touched_.push_back(slot);
        });
      }
    }
    return proven;
  }

 private:
  bool has_fused_add() const {
    return std::any_of(cf_.instrs.begin(), cf_.instrs.end(), [this](uint32_t pc) {
      return op_lowering(IrOp(ir_.code[pc])).fused_add_access();
    });
  }

  // Whether `ins` is an access at `x + c` with x + c < 2^32 by the bounds in current_.
  bool fused_add_cannot_wrap(const uint32_t* ins) const {
    const OpLowering& how = op_lowering(IrOp(ins[0]));
    if (!how.fused_add_access()) return false;
    size_t w = how.kind == OpLowering::Kind::Load ? 2 : 1;  // memory_ops.def: loads start with d
    uint32_t base = ins[w], c = ins[w + 1];
    return base < current_.size() && current_[base] <= kNoBound - c;
  }

  // One round over every definition: each slot's bound becomes the largest its definitions give
  // from the bounds of the round before. Returns whether anything changed.
  bool refine_whole() {
    std::vector<uint32_t> next(whole_.size(), 0);  // 0: no definition seen (yet)
    auto widen = [&next](uint32_t slot, uint32_t bound) {
      if (slot < next.size()) next[slot] = std::max(next[slot], bound);
    };
    // Entry values: a param is the caller's, any; a declared local starts at zero.
    size_t params = ir_.type ? ir_.type->params.size() : ir_.local_types.size();
    for (size_t i = 0; i < ir_.local_types.size(); ++i) {
      uint32_t slot = ir_.local_slots[i];
      widen(slot, i < params ? kNoBound : 0);
      if (ir_.local_types[i] == ValType::V128) widen(slot + 1, i < params ? kNoBound : 0);
    }
    for (uint32_t pc : cf_.instrs) define(&ir_.code[pc], whole_, widen);
    bool changed = next != whole_;
    whole_ = std::move(next);
    return changed;
  }

  // Calls `set(slot, bound)` for every slot instruction `ins` writes, its operands' bounds read
  // from `bounds`. A write this does not model gets no bound.
  template <class Set>
  void define(const uint32_t* ins, const std::vector<uint32_t>& bounds, Set set) const {
    IrOp op = IrOp(ins[0]);
    auto of = [&bounds](uint32_t slot) { return slot < bounds.size() ? bounds[slot] : kNoBound; };
    if (op == IrOp::Call || op == IrOp::CallIndirect) {
      uint32_t base = op == IrOp::Call ? ins[2] : ins[4];
      const FuncType* type = callee_type_(ins);
      if (!type) {
        for (uint32_t s = base; s < bounds.size(); ++s) set(s, kNoBound);
        return;
      }
      CallCells cells = call_cells(*type);
      for (size_t k = 0; k < cells.results.size(); ++k) {
        set(base + cells.results[k], kNoBound);
        if (cells.result_types[k] == 'V') set(base + cells.results[k] + 1, kNoBound);
      }
      return;
    }
    for (const IrSlotOperand& o : ir_slot_operands(op)) {
      if (!o.write) continue;
      uint32_t slot = ins[o.word];
      set(slot, o.type == 'i' ? result_bound(ins, of) : kNoBound);
      if (o.type == 'V') set(slot + 1, kNoBound);
    }
  }

  // An upper bound of the i32 result of `ins`, from its operands' bounds (`of`).
  template <class Of>
  static uint32_t result_bound(const uint32_t* ins, Of of) {
    IrOp op = IrOp(ins[0]);
    switch (op) {
      case IrOp::ConstI32: return ins[2];
      case IrOp::CopyI32: return of(ins[2]);
      case IrOp::SelectI32: return std::max(of(ins[2]), of(ins[3]));
      case IrOp::MemorySize: return 65536;  // pages of a 32-bit memory
      case IrOp::I32AddShlImm:  // d = a + (b << k)
        return alu_bound(Alu::Add, of(ins[2]), alu_bound(Alu::Shl, of(ins[3]), ins[4], true), false);
      default: break;
    }
    const OpLowering& how = op_lowering(op);
    using K = OpLowering::Kind;
    switch (how.kind) {
      case K::Bin:
        return how.bits == 32 ? alu_bound(Alu(how.op), of(ins[2]), of(ins[3]), false) : kNoBound;
      case K::BinImm:
        return how.bits == 32 ? alu_bound(Alu(how.op), of(ins[2]), ins[3], true) : kNoBound;
      case K::Div:
        if (how.bits != 32) return kNoBound;
        if (Div(how.op) == Div::DivU) return of(ins[2]);
        if (Div(how.op) == Div::RemU) return std::min(of(ins[2]), of(ins[3]) - (of(ins[3]) > 0));
        return kNoBound;
      case K::Cmp: case K::CmpImm: case K::FCmp: return 1;
      case K::Un:
        switch (Un(how.op)) {
          case Un::Eqz32: case Un::Eqz64: return 1;
          case Un::Clz32: case Un::Ctz32: case Un::Popcnt32: return 32;
          default: return kNoBound;
        }
      case K::Load:
        if (how.access.is_float || how.access.sign || how.access.bytes > 2) return kNoBound;
        return how.access.bytes == 1 ? 0xFF : 0xFFFF;
      default: return kNoBound;
    }
  }

  const IrFunction& ir_;
  const ControlFlow& cf_;
  const CalleeType& callee_type_;
  std::vector<uint32_t> whole_;    // per slot, over the function
  std::vector<uint32_t> current_;  // per slot, at the point of the block pass
  std::vector<uint32_t> touched_;  // slots current_ differs from whole_ in
};

}  // namespace

std::vector<bool> find_unwrapping_addresses(const IrFunction& ir, const ControlFlow& cf,
                                            const CalleeType& callee_type) {
  return Bounds(ir, cf, callee_type).run();
}

}  // namespace zwasm::jit
