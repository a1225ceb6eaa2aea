// The shared lowering: one walk over a function's register IR that tells a backend's macro
// assembler (masm.h) what each instruction does. Written once for every architecture: a
// backend only decides how its machine does each step.
//
// The walk follows the code in order, binding a label at each basic block (control_flow.h),
// then emits the returns' common exit and one out-of-line stub per trap kind used. An
// instruction it does not lower yet makes compile() fail with its name; the function then
// stays on the interpreter.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "codegen/address_bounds.h"
#include "codegen/masm.h"
#include "codegen/op_helpers.h"
#include "codegen/regalloc.h"
#include "runtime/base/result.h"
#include "runtime/ir/control_flow.h"
#include "runtime/ir/ir.h"
#include "runtime/store/function.h"

namespace zwasm::jit {

// How an IR op maps onto the macro assembler's families (built from int_ops.def,
// fused_ops.def and memory_ops.def).
struct OpLowering {
  enum class Kind : uint8_t {
    None,      // not lowered (yet)
    Bin, BinImm, Div, Cmp, CmpImm, JumpIfCmp, JumpIfCmpImm, Un,
    FBin, FCmp, FUn, MulAdd,
    VBin, VUn,           // simd_ops.def: the op itself names the operation
    VOp,                 // any other SIMD instruction: the op names it, operands in IR order
    Load, Store, VLoad, VStore,
  };
  Kind kind = Kind::None;
  uint8_t op = 0;         // Alu / Div / Cond / Un / FBin / FCmp / FUn
  uint8_t bits = 32;
  Address::Mode mode = Address::Mode::Plain;  // Load / Store
  Access access;
  bool simd_memory = false;  // VOp: it accesses memory 0 (MemArg / MemArgLane), so it may trap
  // A scalar load or store at a fused `x + c` address (memory_ops.def Name##AddImm).
  bool fused_add_access() const {
    return (kind == Kind::Load || kind == Kind::Store) && mode == Address::Mode::AddImm;
  }
};
const OpLowering& op_lowering(IrOp op);

// The type of the function a Call or CallIndirect in `caller`'s code calls (null if unknown).
const FuncType* callee_type(const Function& caller, const uint32_t* ins);

template <class Masm>
class Lowering {
 public:
  using Label = typename Masm::Label;

  Lowering(Masm& masm, Function& func, const IrFunction& ir, const ControlFlow& cf,
           Polls polls = {}, AddressFolds folds = AddressFolds::Proven)
      : m_(masm), func_(func), ir_(ir), cf_(cf), polls_(polls), folds_(folds) {}

  Result<void> run() {
    allocate();
    for (size_t b = 0; b < cf_.blocks.size(); ++b) blocks_.push_back(m_.new_label());
    for (size_t loop = 0; loop < cf_.loops.size(); ++loop) {
      preheaders_.push_back(m_.new_label());
      after_polls_.push_back(m_.new_label());
    }
    returned_ = m_.new_label();
    unwind_ = m_.new_label();
    body_ = m_.new_label();
    m_.public_entry(func_, body_);
    m_.bind(body_);
    m_.prologue(func_, ir_, trap(TrapCode::CallStackExhausted), zero_cells(), used_homes_);
    poll(int32_t(ir_.code.size()));  // a function entry (never an OSR entry) charges its size
    m_.receive_params(ir_, alloc_.at_entry);  // params and locals into their homes
    count_predecessors();
    for (size_t b = 0; b < cf_.blocks.size(); ++b) {
      if (skipped_[b]) continue;
      const IrBlock& block = cf_.blocks[b];
      if (block.loop_header) {  // entering the loop: its invariants first
        uint32_t loop = ir_.code[block.begin + 1];
        m_.bind(preheaders_[loop]);
        ZW_TRY(lower_hoisted(loop));
        if (innermost(loop)) m_.place_loop_header();
      }
      m_.bind(blocks_[b]);
      for (size_t pc = block.begin; pc < block.end; pc += ir_instr_words(ir_.code.data(), pc)) {
        inverted_.reset();
        if (pc == block.last)
          if (std::optional<uint32_t> to = invertible(b)) {
            inverted_ = block_label(cf_.blocks[b + 1].begin, *to);
            skipped_[b + 1] = true;
          }
        ZW_TRY(lower_at(pc));
      }
      inverted_.reset();
    }
    m_.bind(returned_);
    m_.epilogue(true);
    m_.bind(unwind_);
    m_.unwind_stub(&func_);
    m_.emit_wrap_stubs();
    for (size_t code = 0; code < traps_.size(); ++code) {
      if (!trap_used_[code]) continue;
      m_.bind(traps_[code]);
      m_.trap_stub(TrapCode(code), &func_);
    }
    if (dynamic_trap_used_) {
      m_.bind(dynamic_trap_);
      m_.dynamic_trap_stub(&func_);
    }
    // On-stack-replacement entries, one per loop: the function's entry contract, but the frame
    // is a running interpreted call's (its locals live), and execution starts at the loop.
    for (size_t loop = 0; loop < cf_.loops.size(); ++loop) {
      osr_entries_.push_back(m_.new_label());
      m_.bind(osr_entries_.back());
      Label osr_body = m_.new_label();
      m_.public_entry(func_, osr_body);
      m_.bind(osr_body);
      m_.prologue(func_, ir_, trap(TrapCode::CallStackExhausted), {}, used_homes_);
      for (const Placed& p : alloc_.at_loop[loop]) m_.reload(p);
      // The invariants of this loop and of those around it: the interpreter computed them in
      // the loops, where they may not have happened yet.
      for (uint32_t l = uint32_t(loop); l != Allocation::kNoLoop; l = alloc_.loop_parent[l])
        ZW_TRY(lower_hoisted(l));
      // Past the header's poll: the interpreter polled there before it came here.
      m_.jump(after_polls_[loop]);
    }
    m_.emit_constants();
    return {};
  }

  // The OSR entry of each loop, by its LoopHeader #index, and the body compiled callers in the
  // same instance call (valid after run()); the public entry is the code's start.
  const std::vector<Label>& osr_entries() const { return osr_entries_; }
  Label body() const { return body_; }
  // How many instructions moved before their loops, and how many were left out as dead.
  size_t hoisted_count() const {
    size_t n = 0;
    for (const auto& moved : alloc_.hoisted) n += moved.size();
    return n;
  }
  size_t dead_count() const { return alloc_.dead_count; }

 private:
  // ---- branch layout ----
  // "if (c) goto T; goto U; T:" is "if (!c) goto U; T:" when nothing else enters the block of
  // the `goto U`: the conditional branch ending block `b` is lowered inverted, to U, and that
  // block is left out. Returns U's block, or nothing.
  std::optional<uint32_t> invertible(size_t b) const {
    if (b + 2 >= cf_.blocks.size() || preds_[b + 1] != 1) return std::nullopt;
    const uint32_t* branch = &ir_.code[cf_.blocks[b].last];
    IrOp op = IrOp(branch[0]);
    OpLowering::Kind kind = op_lowering(op).kind;
    size_t target_word = 0;
    if (op == IrOp::JumpIfNez || op == IrOp::JumpIfEqz) target_word = 2;
    else if (kind == OpLowering::Kind::JumpIfCmp || kind == OpLowering::Kind::JumpIfCmpImm) target_word = 3;
    else return std::nullopt;
    const IrBlock& next = cf_.blocks[b + 1];
    const uint32_t* jump = &ir_.code[next.begin];
    if (IrOp(jump[0]) != IrOp::Jump || next.last != next.begin) return std::nullopt;
    uint32_t taken = cf_.block_at(uint32_t(int64_t(cf_.blocks[b].last) + int32_t(branch[target_word])));
    if (taken != b + 2) return std::nullopt;
    return cf_.block_at(uint32_t(int64_t(next.begin) + int32_t(jump[1])));
  }
  void count_predecessors() {
    preds_.assign(cf_.blocks.size(), 0);
    for (const IrBlock& block : cf_.blocks)
      for (uint32_t succ : block.succs) ++preds_[succ];
    skipped_.assign(cf_.blocks.size(), false);
  }

  // ---- register homes (regalloc.h) ----
  void allocate() {
    alloc_ = allocate_registers(
        ir_, cf_, Masm::register_file(),
        [this](const uint32_t* ins) { return callee_type(func_, ins); }, op_traits());
    m_.begin_homes(ir_.frame_cells);
    for (const Interval& v : alloc_.values)
      if (v.reg.cls == RegClass::Gp) used_homes_ |= 1u << v.reg.index;
    if (folds_ == AddressFolds::Proven)
      unwrapping_ = find_unwrapping_addresses(
          ir_, cf_, [this](const uint32_t* ins) { return callee_type(func_, ins); });
  }
  // Whether the fused `x + c` address of the access at position `pos` may be added without
  // wrapping (Address::cannot_wrap).
  bool cannot_wrap(uint32_t pos) const {
    if (folds_ == AddressFolds::All) return true;
    return folds_ == AddressFolds::Proven && pos < unwrapping_.size() && unwrapping_[pos];
  }
  // What the allocator needs to know of each op (regalloc.h OpTraits). Per op, once per process
  // (the backend's choices depend only on the CPU).
  const OpTraits& op_traits() const {
    static const OpTraits table = [this] {
      OpTraits t;
      for (size_t op = 0; op < size_t(IrOp::kCount); ++op) {
        t.calls_out.push_back(op_calls_out(IrOp(op)));
        t.pure.push_back(op_is_pure(IrOp(op)));
      }
      return t;
    }();
    return table;
  }
  // Whether instructions of `op` call out of generated code: a call, memory.grow, or an op done
  // by an out-of-line helper (as lower_family decides).
  bool op_calls_out(IrOp op) const {
    if (op == IrOp::Call || op == IrOp::CallIndirect || op == IrOp::MemoryGrow) return true;
    const OpLowering& how = op_lowering(op);
    using K = OpLowering::Kind;
    switch (how.kind) {
      case K::None: return op_helper(op) != nullptr || instance_op_helper(op) != nullptr;
      case K::FUn: return !m_.supports(FUn(how.op));
      case K::VBin: case K::VUn: case K::VOp: return !m_.supports(op);
      default: return false;
    }
  }
  // Whether instructions of `op` only compute their results (no trap, no effect): value moves,
  // globals read, and the arithmetic families that cannot trap.
  static bool op_is_pure(IrOp op) {
    switch (ir_move(op).kind) {
      case IrMove::Copy: case IrMove::Const: case IrMove::Select: case IrMove::GlobalGet:
        return true;
      case IrMove::GlobalSet: return false;
      case IrMove::None: break;
    }
    switch (op) {
      case IrOp::RefIsNull: case IrOp::RefFunc: case IrOp::MemorySize: case IrOp::I32AddShlImm:
        return true;
      default: break;
    }
    using K = OpLowering::Kind;
    switch (op_lowering(op).kind) {
      case K::Bin: case K::BinImm: case K::Cmp: case K::CmpImm: case K::Un: case K::FBin:
      case K::FCmp: case K::FUn: case K::MulAdd: case K::VBin: case K::VUn:
        return true;
      case K::VOp: return !op_lowering(op).simd_memory;  // no other SIMD instruction traps
      default: return false;  // division traps, memory accesses trap, branches branch
    }
  }
  // Whether a call's result comes back in a register: the backend then writes it to its home.
  bool result_in_register(const uint32_t* ins) const {
    IrOp op = IrOp(ins[0]);
    if (op != IrOp::Call && op != IrOp::CallIndirect) return false;
    const FuncType* type = callee_type(func_, ins);
    return type && Masm::result_in_register(*type);
  }
  // Lowers the instruction at `pc` with its operands' homes. Around a call out, the frame is what
  // the callee reads and writes, and the caller-saved registers do not survive: before it, the
  // values living in them across the call and the register-homed operands it reads (a call's
  // arguments, a helper's operands) go to their cells; after it, they come back, with the
  // operands it writes. memory.grow reads and writes its operands in their homes itself.
  Result<void> lower_at(size_t pc) {
    // The instruction's position: blocks are lowered in code order, so a cursor finds it.
    while (cursor_ < cf_.instrs.size() && cf_.instrs[cursor_] < pc) ++cursor_;
    uint32_t pos = uint32_t(cursor_) + 1;
    if (alloc_.omitted[pos]) {  // dead, or computed before its loop
      m_.forget_scratch();
      return {};
    }
    return lower_at(pc, pos);
  }
  Result<void> lower_at(size_t pc, uint32_t pos) {
    const uint32_t* ins = &ir_.code[pc];
    pos_ = pos;
    alloc_.for_each_operand(pos, [this](const Placed& p) { m_.set_home(p); });
    bool out = op_traits().calls_out[ins[0]];
    IrOp op = IrOp(ins[0]);
    bool frame_operands = out && op != IrOp::MemoryGrow;
    // A call stores its arguments itself (only where its callee reads them from cells).
    bool stores_operands = frame_operands && op != IrOp::Call && op != IrOp::CallIndirect;
    if (out) {
      alloc_.for_each_across(pos, [this](const Placed& p) { m_.spill(p); });
      if (stores_operands)
        alloc_.for_each_operand(pos, [this](const Placed& p) { if (p.read) m_.spill(p); });
    }
    ZW_TRY(lower(pc));
    if (out) {
      alloc_.for_each_across(pos, [this](const Placed& p) { m_.reload(p); });
      if (frame_operands && !result_in_register(ins))
        alloc_.for_each_operand(pos, [this](const Placed& p) { if (p.written) m_.reload(p); });
    }
    alloc_.for_each_operand(pos, [this](const Placed& p) { m_.clear_home(p.slot); });
    return {};
  }

  Label trap(TrapCode code) {
    size_t i = size_t(code);
    if (!trap_used_[i]) {
      traps_[i] = m_.new_label();
      trap_used_[i] = true;
    }
    return traps_[i];
  }
  // The stub for a trap whose code a helper returned (in the backend's result register).
  Label trap_dynamic() {
    if (!dynamic_trap_used_) {
      dynamic_trap_ = m_.new_label();
      dynamic_trap_used_ = true;
    }
    return dynamic_trap_;
  }
  Label target(size_t pc, uint32_t word) const {
    return block_label(pc, cf_.block_at(uint32_t(int64_t(pc) + int32_t(word))));
  }
  // The cells a fresh frame zeroes: its declared locals' whose zero may be read there (not those
  // written first, nor those whose zero goes straight into a register).
  std::vector<uint32_t> zero_cells() const {
    std::vector<uint32_t> cells;
    size_t params = ir_.type ? ir_.type->params.size() : 0;
    for (size_t i = params; i < ir_.local_types.size(); ++i) {
      uint32_t slot = ir_.local_slots[i];
      if (!alloc_.zero_local[i - params]) continue;
      auto home = std::find_if(alloc_.at_entry.begin(), alloc_.at_entry.end(),
                               [&](const Placed& p) { return p.slot == slot; });
      if (home != alloc_.at_entry.end()) continue;
      cells.push_back(slot);
      if (ir_.local_types[i] == ValType::V128) cells.push_back(slot + 1);
    }
    return cells;
  }
  // The label a branch at `from` to `block` goes to: a loop header's preheader (its invariants,
  // then the header) unless the branch is inside that loop (a back-edge).
  Label block_label(size_t from, uint32_t block) const {
    const IrBlock& b = cf_.blocks[block];
    if (!b.loop_header) return blocks_[block];
    const uint32_t* header = &ir_.code[b.begin];
    bool inside = from >= b.begin && from < size_t(b.begin) + header[2];
    return inside || alloc_.hoisted[header[1]].empty() ? blocks_[block] : preheaders_[header[1]];
  }
  // Whether no loop lies inside `loop`.
  bool innermost(uint32_t loop) const {
    const std::vector<uint32_t>& parents = alloc_.loop_parent;
    return std::find(parents.begin(), parents.end(), loop) == parents.end();
  }
  // A poll (masm.h Polls) charging `weight`, when the store asks for any.
  void poll(int32_t weight) {
    if (!polls_.interrupt && !polls_.fuel) return;
    Label interrupted = polls_.interrupt ? trap(TrapCode::Interrupted) : Label{};
    Label out_of_fuel = polls_.fuel ? trap(TrapCode::OutOfFuel) : Label{};
    m_.poll(polls_, weight, interrupted, out_of_fuel);
  }
  // The instructions moved before loop `loop` (regalloc.h Allocation::hoisted).
  Result<void> lower_hoisted(uint32_t loop) {
    for (uint32_t pos : alloc_.hoisted[loop]) ZW_TRY(lower_at(cf_.instrs[pos - 1], pos));
    return {};
  }
  Error unsupported(IrOp op) const {
    return Error{std::string("the JIT does not compile ") + ir_op_name(op) + " yet"};
  }

  Result<void> lower(size_t pc);
  Result<void> lower_family(size_t pc, IrOp op, const OpLowering& how);

  Masm& m_;
  Function& func_;
  const IrFunction& ir_;
  const ControlFlow& cf_;
  std::vector<Label> blocks_;
  Label returned_, unwind_, body_;
  uint32_t used_homes_ = 0;  // a bit per general register the allocation uses
  size_t cursor_ = 0;        // into cf_.instrs: the instruction being lowered
  uint32_t pos_ = 0;         // its position (regalloc.h instr_position)
  std::vector<uint32_t> preds_;            // per block: how many blocks branch or fall into it
  std::vector<bool> skipped_;              // per block: left out (invertible())
  std::optional<Label> inverted_;          // where the branch being lowered goes, inverted
  std::vector<Label> preheaders_;          // per loop: its invariants, then its header
  std::vector<Label> after_polls_;         // per loop: past its header's poll (OSR lands here)
  Polls polls_;
  AddressFolds folds_;
  std::vector<bool> unwrapping_;  // per position (address_bounds.h), with AddressFolds::Proven
  std::array<Label, kTrapCodeCount> traps_{};
  std::array<bool, kTrapCodeCount> trap_used_{};
  Label dynamic_trap_;
  bool dynamic_trap_used_ = false;
  std::vector<Label> osr_entries_;

  Allocation alloc_;
};

template <class Masm>
Result<void> Lowering<Masm>::lower(size_t pc) {
  const uint32_t* ins = &ir_.code[pc];
  IrOp op = IrOp(ins[0]);
  switch (op) {
    // ---- values ----
    case IrOp::CopyI32: case IrOp::CopyI64: case IrOp::CopyF32: case IrOp::CopyF64:
    case IrOp::CopyRef:
      m_.copy(ins[1], ins[2]);
      return {};
    case IrOp::CopyV128: m_.copy_v128(ins[1], ins[2]); return {};
    case IrOp::ConstI32: case IrOp::ConstF32: m_.constant(ins[1], ins[2]); return {};
    case IrOp::ConstI64: case IrOp::ConstF64: case IrOp::ConstRef:
      m_.constant(ins[1], uint64_t(ins[2]) | (uint64_t(ins[3]) << 32));
      return {};
    case IrOp::ConstV128:
      m_.constant_v128(ins[1], uint64_t(ins[2]) | (uint64_t(ins[3]) << 32),
                       uint64_t(ins[4]) | (uint64_t(ins[5]) << 32));
      return {};
    case IrOp::SelectI32: case IrOp::SelectI64: case IrOp::SelectF32: case IrOp::SelectF64:
    case IrOp::SelectRef:
      m_.select(ins[1], ins[2], ins[3], ins[4]);
      return {};
    case IrOp::SelectV128: m_.select_v128(ins[1], ins[2], ins[3], ins[4]); return {};
    case IrOp::GlobalGetI32: case IrOp::GlobalGetI64: case IrOp::GlobalGetF32:
    case IrOp::GlobalGetF64: case IrOp::GlobalGetRef:
      m_.global_get(ins[1], ins[2], 1);
      return {};
    case IrOp::GlobalGetV128: m_.global_get(ins[1], ins[2], 2); return {};
    case IrOp::GlobalSetI32: case IrOp::GlobalSetI64: case IrOp::GlobalSetF32:
    case IrOp::GlobalSetF64: case IrOp::GlobalSetRef:
      m_.global_set(ins[1], ins[2], 1);
      return {};
    case IrOp::GlobalSetV128: m_.global_set(ins[1], ins[2], 2); return {};

    // ---- control ----
    case IrOp::LoopHeader:  // an iteration charges the loop's size (tier-up is the interpreter's)
      poll(int32_t(ins[2]));
      m_.bind(after_polls_[ins[1]]);
      return {};
    case IrOp::Jump: m_.jump(target(pc, ins[1])); return {};
    case IrOp::JumpIfNez: case IrOp::JumpIfEqz: {
      bool zero = op == IrOp::JumpIfEqz;
      if (inverted_) m_.branch_if_zero(ins[1], !zero, *inverted_);
      else m_.branch_if_zero(ins[1], zero, target(pc, ins[2]));
      return {};
    }
    case IrOp::JumpTable: {
      std::vector<Label> targets;
      for (uint32_t k = 0; k < ins[2]; ++k) targets.push_back(target(pc, ins[3 + k]));
      m_.jump_table(ins[1], targets);
      return {};
    }
    case IrOp::Unreachable: m_.jump(trap(TrapCode::Unreachable)); return {};
    case IrOp::Return0: m_.jump(returned_); return {};
    case IrOp::Return1: m_.return_value(ins[1]); m_.jump(returned_); return {};
    case IrOp::Return2: m_.return_v128(ins[1]); m_.jump(returned_); return {};
    case IrOp::ReturnN:
      m_.return_cells(std::vector<uint32_t>(ins + 2, ins + 2 + ins[1]));
      m_.jump(returned_);
      return {};
    case IrOp::Call: m_.call(ins[1], ins[2], ir_.frame_cells, unwind_); return {};
    case IrOp::CallIndirect:
      m_.call_indirect(ins[1], ins[2], ins[3], ins[4], ir_.frame_cells, unwind_,
                       trap(TrapCode::UndefinedElement), trap(TrapCode::UninitializedElement),
                       trap(TrapCode::IndirectCallTypeMismatch));
      return {};

    // ---- references, memory size ----
    case IrOp::RefIsNull: m_.compare(Cond::Eq, 64, ins[1], ins[2], Src::of_imm(0)); return {};
    case IrOp::RefFunc: m_.func_ref(ins[1], ins[2]); return {};
    case IrOp::MemorySize: m_.memory_size(ins[1]); return {};
    case IrOp::MemoryGrow: m_.memory_grow(ins[1], ins[2], ins[3]); return {};
    case IrOp::I32AddShlImm: m_.add_shl(ins[1], ins[2], ins[3], ins[4]); return {};
    default: break;
  }
  return lower_family(pc, op, op_lowering(op));
}

template <class Masm>
Result<void> Lowering<Masm>::lower_family(size_t pc, IrOp op, const OpLowering& how) {
  const uint32_t* ins = &ir_.code[pc];
  using K = OpLowering::Kind;
  switch (how.kind) {
    case K::Bin: m_.binary(Alu(how.op), how.bits, ins[1], ins[2], Src::of_slot(ins[3])); return {};
    case K::BinImm: {
      // An i64 immediate is the sign-extended 32-bit word (fused_ops.def).
      m_.binary(Alu(how.op), how.bits, ins[1], ins[2], Src::of_imm(int32_t(ins[3])));
      return {};
    }
    case K::Div:
      m_.divide(Div(how.op), how.bits, ins[1], ins[2], ins[3], trap(TrapCode::IntegerDivideByZero),
                trap(TrapCode::IntegerOverflow));
      return {};
    case K::Cmp: m_.compare(Cond(how.op), how.bits, ins[1], ins[2], Src::of_slot(ins[3])); return {};
    case K::CmpImm:
      m_.compare(Cond(how.op), how.bits, ins[1], ins[2], Src::of_imm(int32_t(ins[3])));
      return {};
    case K::JumpIfCmp: case K::JumpIfCmpImm: {
      Src b = how.kind == K::JumpIfCmp ? Src::of_slot(ins[2]) : Src::of_imm(int32_t(ins[2]));
      if (inverted_) m_.branch_if(negate(Cond(how.op)), how.bits, ins[1], b, *inverted_);
      else m_.branch_if(Cond(how.op), how.bits, ins[1], b, target(pc, ins[3]));
      return {};
    }
    case K::Un:
      if (!m_.supports(Un(how.op))) return unsupported(op);
      m_.unary(Un(how.op), ins[1], ins[2]);
      return {};
    case K::FBin: m_.fbinary(FBin(how.op), how.bits, ins[1], ins[2], ins[3]); return {};
    case K::FCmp: m_.fcompare(FCmp(how.op), how.bits, ins[1], ins[2], ins[3]); return {};
    case K::FUn:
      if (!m_.supports(FUn(how.op))) break;  // to the op helper below
      m_.funary(FUn(how.op), ins[1], ins[2]);
      return {};
    case K::MulAdd: m_.mul_add(how.bits, ins[1], ins[2], ins[3], ins[4]); return {};
    case K::VBin:
      if (!m_.supports(op)) break;
      m_.simd_binary(op, ins[1], ins[2], ins[3]);
      return {};
    case K::VUn:
      if (!m_.supports(op)) break;
      m_.simd_unary(op, ins[1], ins[2]);
      return {};
    case K::VOp:
      // A backend that lowers SIMD instructions beyond simd_ops.def's families has simd_op(),
      // which reads the instruction's operands itself (their layout is the wasm op's, ir_ops.def).
      if constexpr (requires(Masm m, Label l) { m.simd_op(op, ins, l); }) {
        if (!m_.supports(op)) break;
        m_.simd_op(op, ins, how.simd_memory ? trap(TrapCode::MemoryOutOfBounds) : Label{});
        return {};
      }
      break;
    case K::VLoad: {
      Address addr;
      addr.base = ins[2];
      addr.offset = ins[3];
      m_.load_v128(ins[1], addr, trap(TrapCode::MemoryOutOfBounds));
      return {};
    }
    case K::VStore: {
      Address addr;
      addr.base = ins[1];
      addr.offset = ins[3];
      m_.store_v128(addr, ins[2], trap(TrapCode::MemoryOutOfBounds));
      return {};
    }
    case K::Load: case K::Store: {
      // Operand words by form (memory_ops.def); loads start with their destination.
      bool load = how.kind == K::Load;
      size_t w = load ? 2 : 1;
      Address addr;
      addr.mode = how.mode;
      addr.base = ins[w++];
      if (how.mode != Address::Mode::Plain) addr.index = ins[w++];
      if (how.mode == Address::Mode::AddImm) addr.cannot_wrap = cannot_wrap(pos_);
      if (how.mode == Address::Mode::AddShl) addr.shift = ins[w++];
      uint32_t value = load ? ins[1] : ins[w++];
      addr.offset = ins[w];
      Label oob = trap(TrapCode::MemoryOutOfBounds);
      if (load)
        m_.load(how.access, value, addr, oob);
      else
        m_.store(how.access, addr, value, oob);
      return {};
    }
    case K::None: break;
  }
  // No inline lowering (or none on this CPU): the op's out-of-line helper.
  if (OpHelper helper = op_helper(op)) {
    m_.call_op_helper(reinterpret_cast<const void*>(helper), ins, false, trap_dynamic());
    return {};
  }
  if (InstanceOpHelper helper = instance_op_helper(op)) {
    m_.call_op_helper(reinterpret_cast<const void*>(helper), ins, true, trap_dynamic());
    return {};
  }
  return unsupported(op);
}

}  // namespace zwasm::jit
