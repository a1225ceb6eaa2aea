// The virtual operand stack's moves (translator.h): writing deferred entries into slots, and
// moving values into a label's layout. Out of line: they are called from every translation
// file, and inlined at every call site they tripled the translator's machine code.
#include "runtime/ir/translator.h"

namespace zwasm::translation {

void Translator::emit_copy(ValType t, uint32_t dst, uint32_t src) {
  if (dst == src) return;
  emit_op(copy_op(t));
  emit(dst);
  emit(src);
}

void Translator::emit_const(ValType t, uint32_t dst, Cell lo, Cell hi) {
  emit_op(const_op(t));
  emit(dst);
  if (t == ValType::I32 || t == ValType::F32) {
    emit(uint32_t(lo));
  } else {
    emit64(lo);
    if (t == ValType::V128) emit64(hi);
  }
}

void Translator::move_entry(Entry& e, uint32_t dst) {
  if (e.where == Where::Const) {
    emit_const(e.type, dst, e.lo, e.hi);
  } else {
    emit_copy(e.type, dst, e.where == Where::Local ? e.local : e.cell);
    forget_local_ref(e);
  }
  e.where = Where::Temp;
  e.cell = dst;
  reserve_cells(dst + cells_of(e.type));
}

void Translator::materialize(size_t i) {
  Entry& e = stack_[i];
  if (e.where == Where::Local) {
    emit_copy(e.type, e.cell, e.local);
    forget_local_ref(e);
  } else if (e.where == Where::Const) {
    emit_const(e.type, e.cell, e.lo, e.hi);
  }
  e.where = Where::Temp;
}

uint32_t Translator::side_path_slot(const Entry& e) {
  if (e.where == Where::Const) emit_const(e.type, e.cell, e.lo, e.hi);
  return e.where == Where::Local ? e.local : e.cell;
}

void Translator::materialize_local_refs() {
  for (size_t i = stack_.size(); i-- > 0 && local_refs_ > 0;)
    if (stack_[i].where == Where::Local) materialize(i);
}

void Translator::materialize_refs_to(uint32_t slot, size_t below) {
  for (size_t i = below; i-- > 0 && refs_by_slot_[slot] > 0;)
    if (stack_[i].where == Where::Local && stack_[i].local == slot) materialize(i);
}

bool Translator::in_layout(uint32_t base, TypeList types) const {
  size_t first = stack_.size() - types.size();
  uint32_t at = base;
  for (size_t k = 0; k < types.size(); ++k) {
    at = place_value(at, types[k]);
    const Entry& e = stack_[first + k];
    if (e.where != Where::Temp || e.cell != at) return false;
    at += cells_of(types[k]);
  }
  return true;
}

void Translator::emit_moves(const Ctrl& c) {
  TypeList types = c.label_types();
  size_t first = stack_.size() - types.size();
  uint32_t at = c.base_cell;
  for (size_t k = 0; k < types.size(); ++k) {
    at = place_value(at, types[k]);
    Entry e = stack_[first + k];
    if (e.where == Where::Const)
      emit_const(e.type, at, e.lo, e.hi);
    else
      emit_copy(e.type, at, e.where == Where::Local ? e.local : e.cell);
    at += cells_of(types[k]);
  }
  reserve_cells(at);
}

void Translator::settle(size_t count, uint32_t base) {
  uint32_t at = base;
  for (size_t i = stack_.size() - count; i < stack_.size(); ++i) {
    Entry& e = stack_[i];
    at = place_value(at, e.type);
    if (e.where != Where::Temp || e.cell != at) move_entry(e, at);
    at += cells_of(e.type);
  }
}

void Translator::emit_jump_to(Ctrl& c) {
  uint32_t instr = pos();
  emit_op(IrOp::Jump);
  if (c.kind == FrameKind::Loop) {
    emit(c.loop_start - instr);
  } else {
    c.patches.push_back({pos(), instr});
    emit(0);
  }
}

void Translator::emit_branch(Ctrl& c) {
  if (c.kind == FrameKind::Function) {
    emit_return();
  } else {
    emit_moves(c);
    emit_jump_to(c);
  }
}
}  // namespace zwasm::translation
