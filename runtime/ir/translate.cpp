// Wasm stack code -> register IR (ir.h), one function at a time, for validated input.
//
// The translator simulates the operand stack at translation time only. Each stack entry is
//   Temp:  the value sits in the entry's canonical slot (local_cells + its cell height),
//   Local: the value is still in a local's slot (local.get emitted nothing),
//   Const: the value is a constant not yet written anywhere.
// Entries are materialized (copied into their canonical slot) only when something could change
// the meaning of a deferred entry (local.set of that local, entering a block) or when a consumer
// needs a slot. Control-flow joins use canonical slots: a label's values live at the canonical
// slots of the label's stack height, so fallthrough needs no moves and branches move only what is
// not in place already.
#include "runtime/ir/translate.h"

#include <limits>
#include <optional>

#include "runtime/ir/ir_verify.h"
#include "runtime/base/leb128.h"
#include "runtime/wasm/opcodes.h"

namespace zwasm {
namespace {

enum class Where : uint8_t { Temp, Local, Const };

struct Entry {
  ValType type;
  Where where;
  uint32_t cell;   // canonical slot of this stack position
  uint32_t local;  // Where::Local: the local's slot
  Cell lo, hi;     // Where::Const
};

enum class CtrlKind : uint8_t { Func, Block, Loop, If };

struct BranchPatch {
  uint32_t word;   // position of the target word
  uint32_t instr;  // start of the branching instruction (targets are relative to it)
};

struct Ctrl {
  CtrlKind kind;
  size_t height;       // stack entries below this block's params
  uint32_t base_cell;  // canonical slot of the first param / result
  std::vector<ValType> params, results;
  uint32_t loop_start = 0;            // Loop: position of the loop header
  std::vector<BranchPatch> patches;   // forward branches to the end of this block
  BranchPatch else_patch{0, 0};       // If: the JumpIfEqz taken when the condition is false
  bool has_else = false;
  bool unreachable = false;           // the rest of this block's current arm is dead code

  const std::vector<ValType>& label_types() const {
    return kind == CtrlKind::Loop ? params : results;
  }
};

constexpr size_t kNoFuse = std::numeric_limits<size_t>::max();

void thread_jumps(std::pmr::vector<uint32_t>& code);

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

// A condition for a conditional jump: "a != 0" by default, or a fused integer comparison.
struct Condition {
  IrOp jump_if_true = IrOp::JumpIfNez;
  IrOp jump_if_false = IrOp::JumpIfEqz;
  uint32_t a = 0;
  uint32_t b = 0;  // second slot or immediate, when has_b
  bool has_b = false;
};

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

class Translator {
 public:
  Translator(const Module& module, uint32_t defined_index, std::pmr::memory_resource* resource)
      : m_(module),
        body_(module.codes[defined_index]),
        type_(module.func_type(module.num_imported_funcs + defined_index)),
        r_(module.bytes.data() + body_.code_offset, body_.code_end - body_.code_offset,
           body_.code_offset),
        code_(resource) {}

  Result<std::unique_ptr<IrFunction>> run();

 private:
  // ---- emission ----
  uint32_t pos() const { return uint32_t(code_.size()); }
  void emit(uint32_t w) { code_.push_back(w); }
  void emit_op(IrOp op) { code_.push_back(uint32_t(op)); }
  void emit_op(WasmOp op) { code_.push_back(uint32_t(op)); }  // simple ops share numbering
  void emit64(uint64_t v) {
    emit(uint32_t(v));
    emit(uint32_t(v >> 32));
  }
  void patch(const BranchPatch& p, uint32_t target) { code_[p.word] = target - p.instr; }
  // Marks the instruction just emitted as one whose destination (word 1) may be retargeted by a
  // following local.set.
  void allow_fuse(uint32_t instr) {
    fuse_end_ = code_.size();
    fuse_dst_word_ = instr + 1;
  }
  void label_here() { fuse_end_ = kNoFuse; }  // a jump may land here: never retarget across it

  void emit_copy(ValType t, uint32_t dst, uint32_t src) {
    if (dst == src) return;
    emit_op(t == ValType::V128 ? IrOp::Copy2 : IrOp::Copy);
    emit(dst);
    emit(src);
  }
  void emit_const(ValType t, uint32_t dst, Cell lo, Cell hi) {
    if (t == ValType::V128) {
      emit_op(IrOp::Const128);
      emit(dst);
      emit64(lo);
      emit64(hi);
    } else if (lo <= 0xFFFFFFFFull) {
      emit_op(IrOp::Const32);
      emit(dst);
      emit(uint32_t(lo));
    } else {
      emit_op(IrOp::Const64);
      emit(dst);
      emit64(lo);
    }
  }

  // ---- the virtual operand stack ----
  uint32_t cell_at(size_t height) const {
    if (height == 0) return local_cells_;
    const Entry& e = stack_[height - 1];
    return e.cell + cells_of(e.type);
  }
  Entry& push(ValType t, Where where) {
    Entry e{t, where, cell_at(stack_.size()), 0, 0, 0};
    uint32_t top = e.cell + cells_of(t);
    if (top > max_cells_) max_cells_ = top;
    stack_.push_back(e);
    return stack_.back();
  }
  uint32_t push_temp(ValType t) { return push(t, Where::Temp).cell; }
  void push_local(ValType t, uint32_t slot) {
    push(t, Where::Local).local = slot;
    ++refs_by_slot_[slot];
    ++local_refs_;
  }
  void forget_local_ref(const Entry& e) {
    if (e.where != Where::Local) return;
    --refs_by_slot_[e.local];
    --local_refs_;
  }
  // Every removal from the stack goes through here, to keep the reference counts exact.
  void truncate(size_t size) {
    for (size_t i = size; i < stack_.size(); ++i) forget_local_ref(stack_[i]);
    stack_.resize(size);
  }
  void pop_n(size_t n) { truncate(stack_.size() - n); }

  void materialize(size_t i) {
    Entry& e = stack_[i];
    if (e.where == Where::Local) {
      emit_copy(e.type, e.cell, e.local);
      forget_local_ref(e);
    } else if (e.where == Where::Const) {
      emit_const(e.type, e.cell, e.lo, e.hi);
    }
    e.where = Where::Temp;
  }
  // The slot to read entry i from; constants are written to their canonical slot first.
  uint32_t read_slot(size_t i) {
    Entry& e = stack_[i];
    if (e.where == Where::Const) materialize(i);
    return e.where == Where::Local ? e.local : e.cell;
  }
  // Like read_slot, for code on a side path (a taken branch): the entry's state is unchanged.
  uint32_t side_path_slot(const Entry& e) {
    if (e.where == Where::Const) emit_const(e.type, e.cell, e.lo, e.hi);
    return e.where == Where::Local ? e.local : e.cell;
  }
  // Materializes every deferred local read. Scans from the top and stops when none remain, so
  // each deferred read costs O(1) amortized even on a hostile, very deep operand stack.
  void materialize_local_refs() {
    for (size_t i = stack_.size(); i-- > 0 && local_refs_ > 0;)
      if (stack_[i].where == Where::Local) materialize(i);
  }
  // Materializes the deferred reads of local `slot` below stack index `below`.
  void materialize_refs_to(uint32_t slot, size_t below) {
    for (size_t i = below; i-- > 0 && refs_by_slot_[slot] > 0;)
      if (stack_[i].where == Where::Local && stack_[i].local == slot) materialize(i);
  }

  // ---- control flow ----
  Ctrl& label(uint32_t depth) { return ctrls_[ctrls_.size() - 1 - depth]; }
  void mark_unreachable() { ctrls_.back().unreachable = true; }

  bool needs_moves(const Ctrl& c) const {
    const auto& types = c.label_types();
    size_t first = stack_.size() - types.size();
    uint32_t dst = c.base_cell;
    for (size_t k = 0; k < types.size(); ++k) {
      const Entry& e = stack_[first + k];
      if (e.where != Where::Temp || e.cell != dst) return true;
      dst += cells_of(types[k]);
    }
    return false;
  }
  // Copies the label's values into its canonical slots, in ascending order: every source sits
  // at or above its destination, so no move clobbers a later source.
  void emit_moves(const Ctrl& c) {
    const auto& types = c.label_types();
    size_t first = stack_.size() - types.size();
    uint32_t dst = c.base_cell;
    for (size_t k = 0; k < types.size(); ++k) {
      const Entry& e = stack_[first + k];
      if (e.where == Where::Const)
        emit_const(e.type, dst, e.lo, e.hi);
      else
        emit_copy(e.type, dst, e.where == Where::Local ? e.local : e.cell);
      dst += cells_of(types[k]);
    }
  }
  void emit_jump_to(Ctrl& c) {
    uint32_t instr = pos();
    emit_op(IrOp::Jump);
    if (c.kind == CtrlKind::Loop) {
      emit(c.loop_start - instr);
    } else {
      c.patches.push_back({pos(), instr});
      emit(0);
    }
  }
  // A complete branch to `c` on the current path: moves, then jump (or return at function level).
  void emit_branch(Ctrl& c) {
    if (c.kind == CtrlKind::Func) {
      emit_return();
    } else {
      emit_moves(c);
      emit_jump_to(c);
    }
  }
  Condition take_condition();
  BranchPatch emit_cond_jump(const Condition& c, bool when_true);
  void emit_return();
  void begin_block(CtrlKind kind, std::vector<ValType> params, std::vector<ValType> results);
  void end_block();
  void else_arm();

  bool read_block_type(std::vector<ValType>& params, std::vector<ValType>& results);
  bool read_op(WasmOp& op);
  bool skip_immediates(WasmOp op);
  Result<void> translate_op(WasmOp op, size_t op_offset);
  void translate_simple(WasmOp op, const OpInfo& info, bool& ok);
  bool translate_fused_access(WasmOp op, const OpSig& sig, bool& ok);
  bool translate_pair_fusion(WasmOp op);

  Error fail(const std::string& what, size_t at) {
    return Error{"cannot translate function " + std::to_string(m_.num_imported_funcs) + "+" +
                     std::to_string(&body_ - m_.codes.data()) + ": " + what,
                 at};
  }

  const Module& m_;
  const FuncBody& body_;
  const FuncType& type_;
  Reader r_;
  std::pmr::vector<uint32_t> code_;  // becomes IrFunction::code, so it uses the ObjectStore's resource
  std::vector<uint32_t> local_slot_;
  std::vector<ValType> local_type_;
  uint32_t local_cells_ = 0;
  uint32_t max_cells_ = 0;
  std::vector<Entry> stack_;
  std::vector<Ctrl> ctrls_;
  size_t fuse_end_ = kNoFuse;
  uint32_t fuse_dst_word_ = 0;
  std::vector<uint32_t> refs_by_slot_;  // deferred reads (Where::Local entries) per local slot
  size_t local_refs_ = 0;               // all deferred reads
  size_t skip_depth_ = 0;
};

void Translator::emit_return() {
  const auto& results = type_.results;
  size_t first = stack_.size() - results.size();
  uint32_t total = 0;
  for (ValType t : results) total += cells_of(t);
  if (total == 0) {
    emit_op(IrOp::Return0);
    return;
  }
  if (results.size() == 1) {
    uint32_t slot = side_path_slot(stack_[first]);
    emit_op(total == 1 ? IrOp::Return1 : IrOp::Return2);
    emit(slot);
    return;
  }
  std::vector<uint32_t> cells;
  for (size_t k = 0; k < results.size(); ++k) {
    uint32_t slot = side_path_slot(stack_[first + k]);
    cells.push_back(slot);
    if (results[k] == ValType::V128) cells.push_back(slot + 1);
  }
  emit_op(IrOp::ReturnN);
  emit(uint32_t(cells.size()));
  for (uint32_t c : cells) emit(c);
}

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

// Emits a conditional jump taken when the condition is `when_true`; returns its target word.
BranchPatch Translator::emit_cond_jump(const Condition& c, bool when_true) {
  uint32_t instr = pos();
  emit_op(when_true ? c.jump_if_true : c.jump_if_false);
  emit(c.a);
  if (c.has_b) emit(c.b);
  BranchPatch p{pos(), instr};
  emit(0);
  return p;
}

void Translator::begin_block(CtrlKind kind, std::vector<ValType> params,
                             std::vector<ValType> results) {
  size_t height = stack_.size() - params.size();
  // A deferred local read below the block could be invalidated by a local.set on only one path
  // through the block; materialize them so every path agrees on where values live.
  materialize_local_refs();
  for (size_t i = height; i < stack_.size(); ++i) materialize(i);
  Ctrl c;
  c.kind = kind;
  c.height = height;
  c.base_cell = cell_at(height);
  c.params = std::move(params);
  c.results = std::move(results);
  if (kind == CtrlKind::Loop) {
    c.loop_start = pos();
    label_here();
  }
  // Results may need more room than the params: reserve their canonical cells.
  uint32_t top = c.base_cell;
  for (ValType t : c.results) top += cells_of(t);
  if (top > max_cells_) max_cells_ = top;
  ctrls_.push_back(std::move(c));
}

void Translator::end_block() {
  Ctrl& c = ctrls_.back();
  if (!c.unreachable)
    for (size_t i = c.height; i < stack_.size(); ++i) materialize(i);
  if (c.kind == CtrlKind::If && !c.has_else) patch(c.else_patch, pos());
  for (const BranchPatch& p : c.patches) patch(p, pos());
  label_here();
  truncate(c.height);
  std::vector<ValType> results = std::move(c.results);
  ctrls_.pop_back();
  for (ValType t : results) push_temp(t);
}

void Translator::else_arm() {
  Ctrl& c = ctrls_.back();
  if (!c.unreachable) {
    for (size_t i = c.height; i < stack_.size(); ++i) materialize(i);
    emit_jump_to(c);
  }
  patch(c.else_patch, pos());
  label_here();
  c.has_else = true;
  c.unreachable = false;
  truncate(c.height);
  for (ValType t : c.params) push_temp(t);
}

bool Translator::read_block_type(std::vector<ValType>& params, std::vector<ValType>& results) {
  int64_t bt;
  if (!r_.s33(bt)) return false;
  if (bt >= 0) {
    if (uint64_t(bt) >= m_.types.size()) return r_.fail("unknown type");
    params = m_.types[bt].params;
    results = m_.types[bt].results;
  } else if (bt != -64) {  // -64 is 0x40, the empty block type
    results.push_back(ValType(uint8_t(bt & 0x7F)));
  }
  return true;
}

bool Translator::read_op(WasmOp& op) {
  uint8_t b;
  if (!r_.u8(b)) return false;
  uint32_t code = b;
  uint8_t prefix = 0;
  if (b == 0xFC || b == 0xFD) {
    prefix = b;
    if (!r_.u32(code)) return false;
  }
  auto found = lookup_op(prefix, code);
  if (!found) return r_.fail("illegal opcode");
  op = *found;
  return true;
}

// Consumes an instruction's immediates without translating it (dead code after a branch).
bool Translator::skip_immediates(WasmOp op) {
  uint32_t u;
  int32_t s32;
  int64_t s64;
  switch (op_info(op).imm) {
    case ImmKind::None: return true;
    case ImmKind::BlockType: return r_.s33(s64);
    case ImmKind::BrTable: {
      uint32_t n;
      if (!r_.u32(n)) return false;
      for (uint64_t i = 0; i <= n; ++i)
        if (!r_.u32(u)) return false;
      return true;
    }
    case ImmKind::SelectTypes: {
      uint32_t n;
      if (!r_.u32(n)) return false;
      return r_.skip(n);
    }
    case ImmKind::RefType: return r_.skip(1);
    case ImmKind::LabelIdx: case ImmKind::FuncIdx: case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx: case ImmKind::TableIdx: case ImmKind::ElemIdx:
    case ImmKind::DataIdx: case ImmKind::MemIdx:
      return r_.u32(u);
    case ImmKind::CallIndirect: case ImmKind::ElemTable: case ImmKind::TableTable:
    case ImmKind::DataMem: case ImmKind::MemMem: case ImmKind::MemArg:
      return r_.u32(u) && r_.u32(u);
    case ImmKind::MemArgLane: return r_.u32(u) && r_.u32(u) && r_.skip(1);
    case ImmKind::Lane: return r_.skip(1);
    case ImmKind::Shuffle: return r_.skip(16);
    case ImmKind::I32: return r_.s32(s32);
    case ImmKind::I64: return r_.s64(s64);
    case ImmKind::F32: return r_.skip(4);
    case ImmKind::F64: return r_.skip(8);
    case ImmKind::V128: return r_.skip(16);
  }
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

// Ops whose operands and result follow from their signature (see opcodes.def).
void Translator::translate_simple(WasmOp op, const OpInfo& info, bool& ok) {
  const OpSig& sig = info.sig;
  if (info.imm == ImmKind::MemArg && translate_fused_access(op, sig, ok)) return;
  if (translate_pair_fusion(op)) return;
  if (auto imm_op = imm_form(op)) {
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
    if (constant.where == Where::Const && fits) {
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
      return;
    }
    if (lhs != stack_.size() - 2) op = *operands_swapped(op);  // no immediate form: undo
  }
  size_t first = stack_.size() - sig.num_params;
  uint32_t srcs[3];
  for (uint32_t k = 0; k < sig.num_params; ++k) srcs[k] = read_slot(first + k);
  pop_n(sig.num_params);
  uint32_t dst = sig.has_result ? push_temp(sig.result) : 0;
  uint32_t instr = pos();
  emit_op(op);
  if (sig.has_result) emit(dst);
  for (uint32_t k = 0; k < sig.num_params; ++k) emit(srcs[k]);

  uint32_t a = 0, b = 0;
  uint8_t lane = 0;
  switch (info.imm) {
    case ImmKind::None: break;
    case ImmKind::MemArg:
      ok = r_.u32(a) && r_.u32(b);
      emit(b);  // the offset; alignment is only a hint
      break;
    case ImmKind::MemArgLane:
      ok = r_.u32(a) && r_.u32(b) && r_.u8(lane);
      emit(b);
      emit(lane);
      break;
    case ImmKind::Lane:
      ok = r_.u8(lane);
      emit(lane);
      break;
    case ImmKind::Shuffle: {
      const uint8_t* lanes = nullptr;
      ok = r_.bytes(16, lanes);
      if (ok) {
        for (int w = 0; w < 4; ++w) {
          uint32_t word;
          std::memcpy(&word, lanes + 4 * w, 4);
          emit(word);
        }
      }
      break;
    }
    case ImmKind::MemIdx: case ImmKind::TableIdx: case ImmKind::ElemIdx: case ImmKind::DataIdx:
      ok = r_.u32(a);
      emit(a);
      break;
    case ImmKind::DataMem: case ImmKind::MemMem: case ImmKind::ElemTable:
    case ImmKind::TableTable:
      ok = r_.u32(a) && r_.u32(b);
      emit(a);
      emit(b);
      break;
    default:
      ok = r_.fail("unexpected immediate kind");
  }
  if (sig.has_result) allow_fuse(instr);
}

Result<void> Translator::translate_op(WasmOp op, size_t at) {
  const OpInfo& info = op_info(op);
  bool ok = true;
  uint32_t idx = 0;
  switch (op) {
    case WasmOp::Nop: break;
    case WasmOp::Unreachable:
      emit_op(IrOp::Unreachable);
      mark_unreachable();
      break;
    case WasmOp::Block: case WasmOp::Loop: {
      std::vector<ValType> params, results;
      if (!read_block_type(params, results)) break;
      begin_block(op == WasmOp::Block ? CtrlKind::Block : CtrlKind::Loop, std::move(params),
                  std::move(results));
      break;
    }
    case WasmOp::If: {
      std::vector<ValType> params, results;
      if (!read_block_type(params, results)) break;
      Condition cond = take_condition();
      begin_block(CtrlKind::If, std::move(params), std::move(results));
      ctrls_.back().else_patch = emit_cond_jump(cond, false);
      break;
    }
    case WasmOp::Else: else_arm(); break;
    case WasmOp::End: end_block(); break;
    case WasmOp::Br:
      if (!r_.u32(idx)) break;
      emit_branch(label(idx));
      mark_unreachable();
      break;
    case WasmOp::BrIf: {
      if (!r_.u32(idx)) break;
      Condition cond = take_condition();
      Ctrl& c = label(idx);
      if (c.kind != CtrlKind::Func && !needs_moves(c)) {
        BranchPatch jump = emit_cond_jump(cond, true);
        if (c.kind == CtrlKind::Loop)
          patch(jump, c.loop_start);
        else
          c.patches.push_back(jump);
      } else {
        BranchPatch skip = emit_cond_jump(cond, false);
        emit_branch(c);
        patch(skip, pos());
        label_here();
      }
      break;
    }
    case WasmOp::BrTable: {
      uint32_t n;
      if (!r_.u32(n)) break;
      std::vector<uint32_t> depths(size_t(n) + 1);
      for (auto& d : depths)
        if (!r_.u32(d)) return r_.error();
      uint32_t index = read_slot(stack_.size() - 1);
      pop_n(1);
      uint32_t instr = pos();
      emit_op(IrOp::JumpTable);
      emit(index);
      emit(uint32_t(depths.size()));
      uint32_t table = pos();
      for (size_t i = 0; i < depths.size(); ++i) emit(0);
      for (size_t i = 0; i < depths.size(); ++i) {
        Ctrl& c = label(depths[i]);
        uint32_t word = table + uint32_t(i);
        if (c.kind == CtrlKind::Loop && !needs_moves(c)) {
          code_[word] = c.loop_start - instr;
        } else if (c.kind != CtrlKind::Func && !needs_moves(c)) {
          c.patches.push_back({word, instr});
        } else {
          code_[word] = pos() - instr;  // a stub: moves, then the jump
          emit_branch(c);
        }
      }
      mark_unreachable();
      break;
    }
    case WasmOp::Return:
      emit_return();
      mark_unreachable();
      break;
    case WasmOp::Call: {
      if (!r_.u32(idx)) break;
      const FuncType& ft = m_.func_type(idx);
      size_t first = stack_.size() - ft.params.size();
      for (size_t i = first; i < stack_.size(); ++i) materialize(i);
      uint32_t base = cell_at(first);
      emit_op(IrOp::Call);
      emit(idx);
      emit(base);
      pop_n(ft.params.size());
      for (ValType t : ft.results) push_temp(t);
      break;
    }
    case WasmOp::CallIndirect: {
      uint32_t table;
      if (!r_.u32(idx) || !r_.u32(table)) break;
      const FuncType& ft = m_.types[idx];
      uint32_t elem = read_slot(stack_.size() - 1);
      pop_n(1);
      size_t first = stack_.size() - ft.params.size();
      for (size_t i = first; i < stack_.size(); ++i) materialize(i);
      uint32_t base = cell_at(first);
      emit_op(IrOp::CallIndirect);
      emit(idx);
      emit(table);
      emit(elem);
      emit(base);
      pop_n(ft.params.size());
      for (ValType t : ft.results) push_temp(t);
      break;
    }
    case WasmOp::Drop: pop_n(1); break;
    case WasmOp::Select: case WasmOp::SelectT: {
      if (op == WasmOp::SelectT && !skip_immediates(op)) break;
      size_t top = stack_.size();
      uint32_t cond = read_slot(top - 1);
      uint32_t b = read_slot(top - 2);
      uint32_t a = read_slot(top - 3);
      ValType t = stack_[top - 3].type;
      pop_n(3);
      uint32_t dst = push_temp(t);
      uint32_t instr = pos();
      emit_op(t == ValType::V128 ? IrOp::Select2 : IrOp::Select);
      emit(dst);
      emit(a);
      emit(b);
      emit(cond);
      allow_fuse(instr);
      break;
    }
    case WasmOp::LocalGet: {
      if (!r_.u32(idx)) break;
      push_local(local_type_[idx], local_slot_[idx]);
      break;
    }
    case WasmOp::LocalSet: case WasmOp::LocalTee: {
      if (!r_.u32(idx)) break;
      uint32_t slot = local_slot_[idx];
      size_t top = stack_.size() - 1;
      Entry e = stack_[top];
      if (!(e.where == Where::Local && e.local == slot)) {
        materialize_refs_to(slot, top);  // they must read the old value
        if (e.where == Where::Temp && fuse_end_ == code_.size() && code_[fuse_dst_word_] == e.cell) {
          code_[fuse_dst_word_] = slot;  // the producer writes the local directly
        } else if (e.where == Where::Const) {
          emit_const(e.type, slot, e.lo, e.hi);
        } else {
          emit_copy(e.type, slot, e.where == Where::Local ? e.local : e.cell);
        }
        fuse_end_ = kNoFuse;
      }
      pop_n(1);
      if (op == WasmOp::LocalTee) push_local(e.type, slot);
      break;
    }
    case WasmOp::GlobalGet: {
      if (!r_.u32(idx)) break;
      ValType t = m_.global_type(idx).type;
      uint32_t dst = push_temp(t);
      uint32_t instr = pos();
      emit_op(t == ValType::V128 ? IrOp::GlobalGet2 : IrOp::GlobalGet);
      emit(dst);
      emit(idx);
      allow_fuse(instr);
      break;
    }
    case WasmOp::GlobalSet: {
      if (!r_.u32(idx)) break;
      ValType t = m_.global_type(idx).type;
      uint32_t src = read_slot(stack_.size() - 1);
      pop_n(1);
      emit_op(t == ValType::V128 ? IrOp::GlobalSet2 : IrOp::GlobalSet);
      emit(idx);
      emit(src);
      break;
    }
    case WasmOp::I32Const: {
      int32_t v;
      if (!r_.s32(v)) break;
      push(ValType::I32, Where::Const).lo = uint32_t(v);
      break;
    }
    case WasmOp::I64Const: {
      int64_t v;
      if (!r_.s64(v)) break;
      push(ValType::I64, Where::Const).lo = uint64_t(v);
      break;
    }
    case WasmOp::F32Const: {
      uint32_t bits;
      if (!r_.f32_bits(bits)) break;
      push(ValType::F32, Where::Const).lo = bits;
      break;
    }
    case WasmOp::F64Const: {
      uint64_t bits;
      if (!r_.f64_bits(bits)) break;
      push(ValType::F64, Where::Const).lo = bits;
      break;
    }
    case WasmOp::V128Const: {
      uint64_t lo, hi;
      if (!r_.f64_bits(lo) || !r_.f64_bits(hi)) break;
      Entry& e = push(ValType::V128, Where::Const);
      e.lo = lo;
      e.hi = hi;
      break;
    }
    case WasmOp::RefNull: {
      uint8_t t = 0;
      if (!r_.u8(t)) break;
      push(ValType(t), Where::Const).lo = kNullRef;
      break;
    }
    case WasmOp::RefIsNull: {
      uint32_t src = read_slot(stack_.size() - 1);
      pop_n(1);
      uint32_t dst = push_temp(ValType::I32);
      uint32_t instr = pos();
      emit_op(IrOp::RefIsNull);
      emit(dst);
      emit(src);
      allow_fuse(instr);
      break;
    }
    case WasmOp::RefFunc: {
      if (!r_.u32(idx)) break;
      uint32_t dst = push_temp(ValType::FuncRef);
      uint32_t instr = pos();
      emit_op(IrOp::RefFunc);
      emit(dst);
      emit(idx);
      allow_fuse(instr);
      break;
    }
    case WasmOp::TableGet: {
      if (!r_.u32(idx)) break;
      uint32_t i = read_slot(stack_.size() - 1);
      pop_n(1);
      uint32_t dst = push_temp(m_.table_type(idx).elem);
      uint32_t instr = pos();
      emit_op(IrOp::TableGet);
      emit(dst);
      emit(i);
      emit(idx);
      allow_fuse(instr);
      break;
    }
    case WasmOp::TableSet: {
      if (!r_.u32(idx)) break;
      size_t top = stack_.size();
      uint32_t value = read_slot(top - 1);
      uint32_t i = read_slot(top - 2);
      pop_n(2);
      emit_op(IrOp::TableSet);
      emit(i);
      emit(value);
      emit(idx);
      break;
    }
    case WasmOp::TableGrow: {
      if (!r_.u32(idx)) break;
      size_t top = stack_.size();
      uint32_t delta = read_slot(top - 1);
      uint32_t init = read_slot(top - 2);
      pop_n(2);
      uint32_t dst = push_temp(ValType::I32);
      emit_op(IrOp::TableGrow);
      emit(dst);
      emit(init);
      emit(delta);
      emit(idx);
      break;
    }
    case WasmOp::TableFill: {
      if (!r_.u32(idx)) break;
      size_t top = stack_.size();
      uint32_t count = read_slot(top - 1);
      uint32_t value = read_slot(top - 2);
      uint32_t start = read_slot(top - 3);
      pop_n(3);
      emit_op(IrOp::TableFill);
      emit(start);
      emit(value);
      emit(count);
      emit(idx);
      break;
    }
    default:
      if (info.sig.special) return fail(std::string("unsupported instruction ") + info.text, at);
      translate_simple(op, info, ok);
  }
  if (!r_.ok()) return r_.error();
  if (!ok) return fail("bad immediate", at);
  return {};
}

Result<std::unique_ptr<IrFunction>> Translator::run() {
  for (ValType t : type_.params) {
    local_slot_.push_back(local_cells_);
    local_type_.push_back(t);
    local_cells_ += cells_of(t);
  }
  uint32_t param_cells = local_cells_;
  for (auto [count, t] : body_.locals) {
    for (uint32_t i = 0; i < count; ++i) {
      local_slot_.push_back(local_cells_);
      local_type_.push_back(t);
      local_cells_ += cells_of(t);
    }
  }
  max_cells_ = local_cells_;
  refs_by_slot_.assign(local_cells_, 0);

  Ctrl func;
  func.kind = CtrlKind::Func;
  func.height = 0;
  func.base_cell = local_cells_;
  func.results = type_.results;
  ctrls_.push_back(std::move(func));

  while (!ctrls_.empty()) {
    size_t at = r_.offset();
    WasmOp op;
    if (!read_op(op)) return r_.error();
    if (ctrls_.back().unreachable) {
      // Dead code: skip to the `else` / `end` that closes the current arm.
      if (op == WasmOp::Block || op == WasmOp::Loop || op == WasmOp::If) {
        ++skip_depth_;
        if (!skip_immediates(op)) return r_.error();
        continue;
      }
      if (op == WasmOp::End && skip_depth_ > 0) {
        --skip_depth_;
        continue;
      }
      if (!(op == WasmOp::End || (op == WasmOp::Else && skip_depth_ == 0))) {
        if (!skip_immediates(op)) return r_.error();
        continue;
      }
    }
    if (op == WasmOp::End && ctrls_.size() == 1) {
      if (!ctrls_.back().unreachable) emit_return();
      ctrls_.pop_back();
      break;
    }
    ZW_TRY(translate_op(op, at));
  }

  thread_jumps(code_);
  auto fn = std::make_unique<IrFunction>(std::move(code_));
  fn->param_cells = param_cells;
  fn->local_cells = local_cells_;
  fn->frame_cells = max_cells_;
  uint32_t result_cells = 0;
  for (ValType t : type_.results) result_cells += cells_of(t);
  fn->result_cells = result_cells;
  if (fn->frame_cells < result_cells) fn->frame_cells = result_cells;
#ifndef NDEBUG
  if (auto verified = verify_ir(*fn); !verified.ok()) return verified.error();
#endif
  return fn;
}

// Jump threading: a jump to a return becomes that return (same length: 2 words), and a jump to
// a jump goes straight to the final target. Saves a dispatch at every function exit that
// leaves an if/else or block.
void thread_jumps(std::pmr::vector<uint32_t>& code) {
  for (size_t pc = 0; pc < code.size(); pc += ir_instr_words(code.data(), pc)) {
    if (IrOp(code[pc]) != IrOp::Jump) continue;
    size_t target = pc + int32_t(code[pc + 1]);
    for (int hops = 0; hops < 8 && IrOp(code[target]) == IrOp::Jump; ++hops)
      target += int32_t(code[target + 1]);
    IrOp at = IrOp(code[target]);
    if (at == IrOp::Return1 || at == IrOp::Return2) {
      code[pc] = code[target];
      code[pc + 1] = code[target + 1];
    } else {
      code[pc + 1] = uint32_t(int64_t(target) - int64_t(pc));
    }
  }
}

}  // namespace

Result<std::unique_ptr<IrFunction>> translate_function(const Module& module,
                                                       uint32_t defined_index,
                                                       std::pmr::memory_resource* resource) {
  if (defined_index >= module.codes.size()) return Error{"no such function body"};
  Translator t(module, defined_index, resource);
  return t.run();
}

}  // namespace zwasm
