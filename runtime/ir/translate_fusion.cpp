// Fusions: one IR instruction where the stack code has two.
//   immediate forms      a binary integer op whose operand is a deferred constant (fused_ops.def)
//   compare-and-branch   a comparison feeding br_if / if (fused_ops.def)
//   fused addresses      i32.add (or add-shift) feeding a load's or store's address (memory_ops.def)
//   pair fusions         a commutative op consuming the previous op's result (ir_ops.def)
// All but the first remove the instruction just emitted, which is still the last code
// (allow_fuse / fuse_end_ in translator.h), and take over its operands.
#include <optional>

#include "runtime/ir/translator.h"

namespace zwasm::translation {
namespace {

// The immediate form of a binary integer op (fused_ops.def), if it has one.
std::optional<IrOp> imm_form(WasmOp op) {
  switch (op) {
#define ZW_IMM_OP(name, A, R) \
  case WasmOp::name:          \
    return IrOp::name##Imm;
#include "runtime/ir/fused_ops.def"
#undef ZW_IMM_OP
    default:
      return std::nullopt;
  }
}

// The fused-address forms of a scalar load or store (memory_ops.def).
struct AddressForms {
  IrOp add_imm, add_reg, add_shl;
};
std::optional<AddressForms> address_forms(WasmOp op) {
  switch (op) {
#define ZW_LOAD_OP(name, MemT, R, Conv) \
  case WasmOp::name:                    \
    return AddressForms{IrOp::name##AddImm, IrOp::name##AddReg, IrOp::name##AddShl};
#define ZW_STORE_OP(name, MemT, A) \
  case WasmOp::name:               \
    return AddressForms{IrOp::name##AddImm, IrOp::name##AddReg, IrOp::name##AddShl};
#include "runtime/ir/memory_ops.def"
#undef ZW_LOAD_OP
#undef ZW_STORE_OP
    default:
      return std::nullopt;
  }
}

// The op computing the same result with its two operands exchanged, for ops that have one.
std::optional<WasmOp> operands_swapped(WasmOp op) {
  switch (op) {
    case WasmOp::I32Add: case WasmOp::I32Mul: case WasmOp::I32And: case WasmOp::I32Or:
    case WasmOp::I32Xor: case WasmOp::I32Eq: case WasmOp::I32Ne: case WasmOp::I64Add:
    case WasmOp::I64Mul: case WasmOp::I64And: case WasmOp::I64Or: case WasmOp::I64Xor:
    case WasmOp::I64Eq: case WasmOp::I64Ne:
      return op;
    case WasmOp::I32LtS: return WasmOp::I32GtS;
    case WasmOp::I32LtU: return WasmOp::I32GtU;
    case WasmOp::I32GtS: return WasmOp::I32LtS;
    case WasmOp::I32GtU: return WasmOp::I32LtU;
    case WasmOp::I32LeS: return WasmOp::I32GeS;
    case WasmOp::I32LeU: return WasmOp::I32GeU;
    case WasmOp::I32GeS: return WasmOp::I32LeS;
    case WasmOp::I32GeU: return WasmOp::I32LeU;
    case WasmOp::I64LtS: return WasmOp::I64GtS;
    case WasmOp::I64LtU: return WasmOp::I64GtU;
    case WasmOp::I64GtS: return WasmOp::I64LtS;
    case WasmOp::I64GtU: return WasmOp::I64LtU;
    case WasmOp::I64LeS: return WasmOp::I64GeS;
    case WasmOp::I64LeU: return WasmOp::I64GeU;
    case WasmOp::I64GeS: return WasmOp::I64LeS;
    case WasmOp::I64GeU: return WasmOp::I64LeU;
    default: return std::nullopt;
  }
}

// The fused jumps for a comparison instruction (plain or immediate form) in the IR.
bool fused_condition(IrOp op, Condition& c) {
  switch (op) {
#define ZW_CMP_OP(name, A, inverse)              \
  case IrOp::name:                               \
    c.jump_if_true = IrOp::JumpIf##name;         \
    c.jump_if_false = IrOp::JumpIf##inverse;     \
    return true;                                 \
  case IrOp::name##Imm:                          \
    c.jump_if_true = IrOp::JumpIf##name##Imm;    \
    c.jump_if_false = IrOp::JumpIf##inverse##Imm; \
    return true;
#include "runtime/ir/fused_ops.def"
#undef ZW_CMP_OP
    default:
      return false;
  }
}

}  // namespace

// Pops the i32 condition on top of the stack. When the instruction just emitted computed it
// with an integer comparison (or i32.eqz), that instruction is removed and its operands become
// the jump's: `i < n; br_if` is one instruction.
Condition Translator::take_condition() {
  Condition c;
  const Entry& e = stack_.back();
  if (e.where == Where::Temp && fuse_end_ == code_.size() && code_[fuse_dst_word_] == e.cell) {
    uint32_t instr = fuse_dst_word_ - 1;
    IrOp op = IrOp(code_[instr]);
    if (op == IrOp::I32Eqz) {
      c.jump_if_true = IrOp::JumpIfEqz;
      c.jump_if_false = IrOp::JumpIfNez;
      c.a = code_[instr + 2];
      code_.resize(instr);
      fuse_end_ = kNoFuse;
      pop_n(1);
      return c;
    }
    if (fused_condition(op, c)) {
      c.a = code_[instr + 2];
      c.b = code_[instr + 3];
      c.has_b = true;
      code_.resize(instr);
      fuse_end_ = kNoFuse;
      pop_n(1);
      return c;
    }
  }
  c.a = read_slot(stack_.size() - 1);
  pop_n(1);
  return c;
}

// A binary integer op whose right operand is a constant fitting the immediate word: the
// immediate form (fused_ops.def). Returns false when not applicable.
bool Translator::translate_imm_form(WasmOp op, const OpSig& sig) {
  auto imm_op = imm_form(op);
  if (!imm_op) return false;
  size_t lhs = stack_.size() - 2, rhs = stack_.size() - 1;
  // A constant on the left of a commutative op (or a comparison, mirrored) moves right.
  // Only which entry is read as which operand changes: entries keep their slots.
  if (stack_[lhs].where == Where::Const && stack_[rhs].where != Where::Const) {
    if (auto swapped = operands_swapped(op)) {
      std::swap(lhs, rhs);
      op = *swapped;
      imm_op = imm_form(op);
    }
  }
  const Entry& constant = stack_[rhs];
  bool fits = constant.type == ValType::I32 || int64_t(constant.lo) == int64_t(int32_t(constant.lo));
  if (constant.where != Where::Const || !fits) return false;
  uint32_t imm = uint32_t(constant.lo);
  uint32_t a = read_slot(lhs);
  pop_n(2);
  uint32_t dst = push_temp(sig.result);
  uint32_t instr = pos();
  emit_op(*imm_op);
  emit(dst);
  emit(a);
  emit(imm);
  allow_fuse(instr);
  return true;
}

// A scalar load or store whose address the previous instruction computed with i32.add: that
// add is removed and the access does it (memory_ops.def). Returns false when not applicable.
bool Translator::translate_fused_access(WasmOp op, const OpSig& sig, bool& ok) {
  auto forms = address_forms(op);
  if (!forms) return false;
  const Entry& addr = stack_[stack_.size() - sig.num_params];  // the address comes first
  if (addr.where != Where::Temp || fuse_end_ != code_.size() || code_[fuse_dst_word_] != addr.cell)
    return false;
  uint32_t instr = fuse_dst_word_ - 1;
  IrOp producer = IrOp(code_[instr]);
  if (producer != IrOp::I32AddImm && producer != IrOp::I32Add && producer != IrOp::I32AddShlImm)
    return false;
  bool imm = producer == IrOp::I32AddImm;
  bool shl = producer == IrOp::I32AddShlImm;
  uint32_t a = code_[instr + 2], b = code_[instr + 3], k = shl ? code_[instr + 4] : 0;
  bool is_store = !sig.has_result;
  if (is_store) {
    // A constant value is written to its canonical cell first: that cell must not be an addend.
    const Entry& value = stack_.back();
    if (value.where == Where::Const && (a == value.cell || (!imm && b == value.cell))) return false;
  }
  uint32_t align, offset;
  ok = r_.u32(align) && r_.u32(offset);
  code_.resize(instr);
  fuse_end_ = kNoFuse;
  IrOp fused = shl ? forms->add_shl : imm ? forms->add_imm : forms->add_reg;
  if (is_store) {
    uint32_t value = read_slot(stack_.size() - 1);
    pop_n(2);
    emit_op(fused);
    emit(a);
    emit(b);
    if (shl) emit(k);
    emit(value);
    emit(offset);
  } else {
    pop_n(1);
    uint32_t dst = push_temp(sig.result);
    uint32_t at = pos();
    emit_op(fused);
    emit(dst);
    emit(a);
    emit(b);
    if (shl) emit(k);
    emit(offset);
    allow_fuse(at);
  }
  return true;
}

// Pair fusions: a commutative op consuming the temp its immediately preceding instruction
// produced becomes one instruction with the producer's operands (ir_ops.def).
struct PairFusion {
  WasmOp consumer;
  IrOp producer;
  IrOp fused;
  ValType result;
};
constexpr PairFusion kPairFusions[] = {
    {WasmOp::I32Add, IrOp::I32ShlImm, IrOp::I32AddShlImm, ValType::I32},
    {WasmOp::F64Add, IrOp::F64Mul, IrOp::F64MulAdd, ValType::F64},
    {WasmOp::F32Add, IrOp::F32Mul, IrOp::F32MulAdd, ValType::F32},
};

bool Translator::translate_pair_fusion(WasmOp op) {
  const PairFusion* fusion = nullptr;
  for (const PairFusion& f : kPairFusions)
    if (f.consumer == op) fusion = &f;
  if (!fusion) return false;
  size_t top = stack_.size() - 1;
  for (size_t which : {top, top - 1}) {
    const Entry& produced = stack_[which];
    if (produced.where != Where::Temp || fuse_end_ != code_.size() ||
        code_[fuse_dst_word_] != produced.cell)
      continue;
    uint32_t instr = fuse_dst_word_ - 1;
    if (IrOp(code_[instr]) != fusion->producer) return false;
    // Without the producer, its operands stay in their own slots (locals, or this and the next
    // stack position). The other operand, if a constant, is written to its canonical cell
    // first: that cell must not be one of them.
    uint32_t b = code_[instr + 2], c = code_[instr + 3];
    bool c_is_imm = fusion->producer == IrOp::I32ShlImm;
    size_t other = which == top ? top - 1 : top;
    if (stack_[other].where == Where::Const &&
        (stack_[other].cell == b || (!c_is_imm && stack_[other].cell == c)))
      return false;
    if (c_is_imm) c &= 31;  // a shift count
    code_.resize(instr);
    fuse_end_ = kNoFuse;
    uint32_t a = read_slot(other);
    pop_n(2);
    uint32_t dst = push_temp(fusion->result);
    uint32_t at = pos();
    emit_op(fusion->fused);
    emit(dst);
    emit(a);
    emit(b);
    emit(c);
    allow_fuse(at);
    return true;
  }
  return false;
}

}  // namespace zwasm::translation
