// Calls: arguments are passed in place. The callee's frame starts at the call's base cell, which
// is even so that every frame (and so every v128 in it) is 16-byte aligned; the arguments must
// sit there in the callee's parameter layout (types.h place_value), and the results come back in
// its result layout at the same base.
#include <algorithm>

#include "runtime/ir/translator.h"

namespace zwasm::translation {

// Puts the entries from `first` up (the arguments) into the parameter layout at an even base,
// and returns the base. Usually they are there already, or need only their deferred values
// written; when the first argument's cell is odd they all move up one cell (with a v128 possibly
// more or less, as padding comes and goes): highest first, so no move clobbers a source not yet
// moved. The argument produced by the instruction just emitted gets its new place from its
// producer instead.
uint32_t Translator::place_args(size_t first, const FuncType& callee) {
  const size_t n = stack_.size() - first;
  uint32_t base = cell_at(first);
  base += base & 1;
  std::vector<uint32_t> dst;
  layout_cells(callee.params, &dst);
  bool up = true, down = true;  // every move goes up / down (or stays)
  for (size_t k = 0; k < n; ++k) {
    dst[k] += base;
    const Entry& e = stack_[first + k];
    if (e.where != Where::Temp) continue;
    up = up && dst[k] >= e.cell;
    down = down && dst[k] <= e.cell;
  }
  if (up) {
    // The argument the instruction just emitted produced is the topmost Temp (everything above
    // it is deferred): its producer can write its new cell, above every Temp source below.
    for (size_t k = n; k-- > 0;) {
      Entry& e = stack_[first + k];
      if (e.where != Where::Temp) continue;
      if (fuse_end_ == code_.size() && code_[fuse_dst_word_] == e.cell && dst[k] != e.cell) {
        code_[fuse_dst_word_] = dst[k];
        e.cell = dst[k];
        reserve_cells(e.cell + cells_of(e.type));
      }
      break;
    }
  }
  if (up) {
    for (size_t k = n; k-- > 0;) {
      Entry& e = stack_[first + k];
      if (e.where != Where::Temp || e.cell != dst[k]) move_entry(e, dst[k]);
    }
  } else if (down) {
    for (size_t k = 0; k < n; ++k) {
      Entry& e = stack_[first + k];
      if (e.where != Where::Temp || e.cell != dst[k]) move_entry(e, dst[k]);
    }
  } else {
    // Some move up, some down (an argument below came back from an earlier call with a gap):
    // park every argument above everything the frame holds, then move each to its place.
    uint32_t scratch = max_cells_ + (max_cells_ & 1);
    for (size_t k = 0; k < n; ++k) {
      Entry& e = stack_[first + k];
      scratch = place_value(scratch, e.type);
      move_entry(e, scratch);
      scratch += cells_of(e.type);
    }
    for (size_t k = 0; k < n; ++k) move_entry(stack_[first + k], dst[k]);
  }
  return base;
}

// The callee's results come back at `base` in its result layout: they are the new stack top.
void Translator::push_results(uint32_t base, const FuncType& callee) {
  std::vector<uint32_t> offsets;
  reserve_cells(base + layout_cells(callee.results, &offsets));
  for (size_t k = 0; k < callee.results.size(); ++k)
    push_at(callee.results[k], Where::Temp, base + offsets[k]);
}

void Translator::translate_call(uint32_t func_index) {
  const FuncType& ft = m_.func_type(func_index);
  size_t first = stack_.size() - ft.params.size();
  uint32_t base = place_args(first, ft);
  emit_op(IrOp::Call);
  emit(func_index);
  emit(base);
  pop_n(ft.params.size());
  push_results(base, ft);
}

void Translator::translate_call_indirect(uint32_t type_index, uint32_t table) {
  const FuncType& ft = m_.types[type_index];
  Entry elem = stack_.back();
  uint32_t elem_slot = read_slot(stack_.size() - 1);
  pop_n(1);
  size_t first = stack_.size() - ft.params.size();
  // The element index sits above the arguments; moving them may overwrite its cell: then it
  // moves first, above everything the frame holds.
  uint32_t base = cell_at(first);
  uint32_t args_end = base + (base & 1) + layout_cells(ft.params);
  if (elem.where != Where::Local && elem_slot < args_end) {
    uint32_t safe = max_cells_;
    emit_copy(ValType::I32, safe, elem_slot);
    reserve_cells(safe + 1);
    elem_slot = safe;
  }
  base = place_args(first, ft);
  emit_op(IrOp::CallIndirect);
  emit(type_index);
  emit(table);
  emit(elem_slot);
  emit(base);
  pop_n(ft.params.size());
  push_results(base, ft);
}

}  // namespace zwasm::translation
