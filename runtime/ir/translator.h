// Internal to the translator (translate*.cpp): wasm stack code -> register IR (ir.h), one
// function at a time, for validated input.
//
// The translator simulates the operand stack at translation time only. Each stack entry is
//   Temp:  the value sits in the entry's slot (its `cell`),
//   Local: the value is still in a local's slot (local.get emitted nothing),
//   Const: the value is a constant not yet written anywhere.
// An entry's cell is fixed when it is pushed: the first free cell above the entry below it (the
// next even one for a v128: types.h place_value). Entries are materialized (written into their
// cell) only when something could change the meaning of a deferred entry (local.set of that
// local, entering a block) or when a consumer needs a slot.
//
// Calls start the callee's frame at an even cell (so every frame, and every v128 in it, is
// 16-byte aligned): when the first argument's cell is odd, the arguments move up one cell and
// the results come back there, leaving a one-cell gap below them. Control-flow joins use a
// fixed layout: a label's values live in the value layout that starts at the cell of the
// label's stack height (Ctrl::base_cell), so fallthrough rarely needs moves and branches move
// only what is not in place already.
//
// The work is split by file:
//   translate.cpp          the driver: frame layout, the instruction loop, dead code, jump threading
//   translate_control.cpp  blocks, branches, br_table, returns (the control stack)
//   translate_instr.cpp    the translation of each instruction
//   translate_fusion.cpp   immediate forms, fused compare-and-branch, fused addresses, pair fusions
#pragma once

#include <limits>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/ir/ir.h"
#include "runtime/wasm/instr_reader.h"
#include "runtime/wasm/module.h"

namespace zwasm::translation {

// ---- the operand stack model ----

enum class Where : uint8_t { Temp, Local, Const };

struct Entry {
  ValType type;
  Where where;
  uint32_t cell;   // canonical slot of this stack position
  uint32_t local;  // Where::Local: the local's slot
  Cell lo, hi;     // Where::Const
};

// ---- the control stack ----

struct BranchPatch {
  uint32_t word;   // position of the target word
  uint32_t instr;  // start of the branching instruction (targets are relative to it)
};

// A control frame as the validator also keeps it (kind, block type, height, unreachable), plus
// what the translator needs to emit its jumps. An `if` whose `else` was reached has kind Else.
struct Ctrl : ControlFrame {
  uint32_t base_cell = 0;             // where the label's value layout starts
  uint32_t loop_start = 0;            // Loop: position of its LoopHeader
  std::vector<BranchPatch> patches;   // forward branches to the end of this block
  BranchPatch else_patch{0, 0};       // If: the JumpIfEqz taken when the condition is false
};

// A condition for a conditional jump: "a != 0" by default, or a fused integer comparison.
struct Condition {
  IrOp jump_if_true = IrOp::JumpIfNez;
  IrOp jump_if_false = IrOp::JumpIfEqz;
  uint32_t a = 0;
  uint32_t b = 0;  // second slot or immediate, when has_b
  bool has_b = false;
};

constexpr size_t kNoFuse = std::numeric_limits<size_t>::max();

class Translator {
 public:
  Translator(const Module& module, uint32_t defined_index, std::pmr::memory_resource* resource)
      : m_(module),
        body_(module.codes[defined_index]),
        type_(module.func_type(module.num_imported_funcs + defined_index)),
        r_(module, body_),
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

  void emit_copy(ValType t, uint32_t dst, uint32_t src);
  void emit_const(ValType t, uint32_t dst, Cell lo, Cell hi);
  // Writes entry `e` (any state) into `dst` and makes it a Temp there.
  void move_entry(Entry& e, uint32_t dst);
  void reserve_cells(uint32_t end) {
    if (end > max_cells_) max_cells_ = end;
  }

  // ---- the virtual operand stack ----
  // The first free cell above the entries below `height`.
  uint32_t cell_at(size_t height) const {
    if (height == 0) return local_cells_;
    const Entry& e = stack_[height - 1];
    return e.cell + cells_of(e.type);
  }
  Entry& push_at(ValType t, Where where, uint32_t cell) {
    stack_.push_back(Entry{t, where, cell, 0, 0, 0});
    reserve_cells(cell + cells_of(t));
    return stack_.back();
  }
  Entry& push(ValType t, Where where) {
    return push_at(t, where, place_value(cell_at(stack_.size()), t));
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

  void materialize(size_t i);
  // The slot to read entry i from; constants are written to their canonical slot first.
  uint32_t read_slot(size_t i) {
    Entry& e = stack_[i];
    if (e.where == Where::Const) materialize(i);
    return e.where == Where::Local ? e.local : e.cell;
  }
  // Like read_slot, for code on a side path (a taken branch): the entry's state is unchanged.
  uint32_t side_path_slot(const Entry& e);
  // Materializes every deferred local read. Scans from the top and stops when none remain, so
  // each deferred read costs O(1) amortized even on a hostile, very deep operand stack.
  void materialize_local_refs();
  // Materializes the deferred reads of local `slot` below stack index `below`.
  void materialize_refs_to(uint32_t slot, size_t below);

  // ---- control flow (translate_control.cpp) ----
  Ctrl& label(uint32_t depth) { return ctrls_[ctrls_.size() - 1 - depth]; }
  void mark_unreachable() { ctrls_.back().unreachable = true; }

  // Whether the top `types.size()` entries are Temps already in the value layout at `base`.
  bool in_layout(uint32_t base, TypeList types) const;
  bool needs_moves(const Ctrl& c) const { return !in_layout(c.base_cell, c.label_types()); }
  // Copies the label's values into its layout, in ascending order: every entry sits at or above
  // its place in the layout (cells only ever gain gaps), so no move clobbers a later source.
  // The entries themselves are unchanged (a branch is a side path).
  void emit_moves(const Ctrl& c);
  // Moves the top `count` entries into the value layout at `base` (ascending, as emit_moves)
  // and makes them Temps there: where a block's params or fallthrough results must be.
  void settle(size_t count, uint32_t base);
  void emit_jump_to(Ctrl& c);
  // A complete branch to `c` on the current path: moves, then jump (or return at function level).
  void emit_branch(Ctrl& c);
  BranchPatch emit_cond_jump(const Condition& c, bool when_true);
  void emit_return();
  void begin_block(FrameKind kind, TypeList params, TypeList results);
  void end_block();
  void else_arm();
  void translate_br(uint32_t depth);
  void translate_br_if(uint32_t depth);
  void translate_br_table();

  // ---- fusions (translate_fusion.cpp) ----
  Condition take_condition();
  bool translate_imm_form(WasmOp op, const OpSig& sig);
  bool translate_fused_access(WasmOp op, const OpSig& sig, bool& ok);
  bool translate_pair_fusion(WasmOp op);

  // ---- instructions (translate_instr.cpp) ----
  Result<void> translate_op(WasmOp op, size_t op_offset);
  void translate_simple(WasmOp op, const OpInfo& info, bool& ok);
  // Calls (translate_call.cpp).
  uint32_t place_args(size_t first, const FuncType& callee);
  void push_results(uint32_t base, const FuncType& callee);
  void translate_call(uint32_t func_index);
  void translate_call_indirect(uint32_t type_index, uint32_t table);

  // A failed shared decoding step (InstrReader) as one Error: the Reader's own, or what was
  // wrong with the instruction. Neither happens on validated input.
  Error decode_error() const {
    if (!r_.ok()) return r_.error();
    const InstrError& e = r_.instr_error();
    return Error{e.detail.empty() ? e.what : e.what + ": " + e.detail, r_.offset()};
  }
  Error fail(const std::string& what, size_t at) {
    return Error{"cannot translate function " + std::to_string(m_.num_imported_funcs) + "+" +
                     std::to_string(&body_ - m_.codes.data()) + ": " + what,
                 at};
  }

  const Module& m_;
  const FuncBody& body_;
  const FuncType& type_;
  InstrReader r_;
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
  uint32_t loops_ = 0;                  // LoopHeaders emitted
};

// Jump threading over a finished function's code (translate.cpp).
void thread_jumps(std::pmr::vector<uint32_t>& code);

}  // namespace zwasm::translation
