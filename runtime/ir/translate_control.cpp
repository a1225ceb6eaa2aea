// Control flow in the register IR: blocks, loops and ifs, branches, br_table and returns.
// A label's values live in the value layout at its stack height (translator.h), so a branch
// copies only values not already in place, then jumps; forward jumps are patched when their
// block ends. Every loop starts with a LoopHeader, where all its back-edges land.
#include "runtime/ir/translator.h"

namespace zwasm::translation {

// Results go to the frame's first cells, in the result layout (types.h place_value).
void Translator::emit_return() {
  const auto& results = type_.results;
  size_t first = stack_.size() - results.size();
  if (results.empty()) {
    emit_op(IrOp::Return0);
    return;
  }
  if (results.size() == 1) {
    uint32_t slot = side_path_slot(stack_[first]);
    emit_op(results[0] == ValType::V128 ? IrOp::Return2 : IrOp::Return1);
    emit(slot);
    return;
  }
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> cells(layout_cells(results, &offsets), kNoSlot);  // padding: kNoSlot
  for (size_t k = 0; k < results.size(); ++k) {
    uint32_t slot = side_path_slot(stack_[first + k]);
    cells[offsets[k]] = slot;
    if (results[k] == ValType::V128) cells[offsets[k] + 1] = slot + 1;
  }
  emit_op(IrOp::ReturnN);
  emit(uint32_t(cells.size()));
  for (uint32_t c : cells) emit(c);
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

void Translator::begin_block(FrameKind kind, TypeList params, TypeList results) {
  size_t height = stack_.size() - params.size();
  // A deferred local read below the block could be invalidated by a local.set on only one path
  // through the block; materialize them so every path agrees on where values live.
  materialize_local_refs();
  Ctrl c;
  c.kind = kind;
  c.height = height;
  c.base_cell = cell_at(height);
  c.params = params;
  c.results = results;
  settle(params.size(), c.base_cell);  // every path into the block finds them here
  if (kind == FrameKind::Loop) {
    c.loop_start = pos();
    label_here();
    emit_op(IrOp::LoopHeader);
    emit(loops_++);
    emit(0);  // the loop's size, patched at its end
  }
  // Results may need more room than the params: reserve their cells.
  uint32_t end = c.base_cell;
  for (ValType t : results) end = place_value(end, t) + cells_of(t);
  reserve_cells(end);
  ctrls_.push_back(std::move(c));
}

void Translator::end_block() {
  Ctrl& c = ctrls_.back();
  if (!c.unreachable) settle(stack_.size() - c.height, c.base_cell);
  if (c.kind == FrameKind::Loop) code_[c.loop_start + 2] = pos() - c.loop_start;
  if (c.kind == FrameKind::If) patch(c.else_patch, pos());  // an if without else
  for (const BranchPatch& p : c.patches) patch(p, pos());
  label_here();
  truncate(c.height);
  TypeList results = c.results;
  ctrls_.pop_back();
  for (ValType t : results) push_temp(t);
}

void Translator::else_arm() {
  Ctrl& c = ctrls_.back();
  if (!c.unreachable) {
    settle(stack_.size() - c.height, c.base_cell);
    emit_jump_to(c);
  }
  patch(c.else_patch, pos());
  label_here();
  c.kind = FrameKind::Else;
  c.unreachable = false;
  truncate(c.height);
  for (ValType t : c.params) push_temp(t);
}

void Translator::translate_br(uint32_t depth) {
  emit_branch(label(depth));
  mark_unreachable();
}

// A label that needs no moves gets one conditional jump; otherwise the condition jumps over the
// moves and the branch.
void Translator::translate_br_if(uint32_t depth) {
  Condition cond = take_condition();
  Ctrl& c = label(depth);
  if (c.kind != FrameKind::Function && !needs_moves(c)) {
    BranchPatch jump = emit_cond_jump(cond, true);
    if (c.kind == FrameKind::Loop)
      patch(jump, c.loop_start);
    else
      c.patches.push_back(jump);
  } else {
    BranchPatch skip = emit_cond_jump(cond, false);
    emit_branch(c);
    patch(skip, pos());
    label_here();
  }
}

// A jump table: an entry whose label needs no moves jumps straight there; the others jump to a
// stub emitted after the table, which moves the values and then branches.
void Translator::translate_br_table() {
  uint32_t n;
  if (!r_.u32(n)) return;
  std::vector<uint32_t> depths(size_t(n) + 1);
  for (auto& d : depths)
    if (!r_.u32(d)) return;
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
    if (c.kind == FrameKind::Loop && !needs_moves(c)) {
      code_[word] = c.loop_start - instr;
    } else if (c.kind != FrameKind::Function && !needs_moves(c)) {
      c.patches.push_back({word, instr});
    } else {
      code_[word] = pos() - instr;  // a stub: moves, then the jump
      emit_branch(c);
    }
  }
  mark_unreachable();
}

}  // namespace zwasm::translation
