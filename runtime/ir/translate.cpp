// Wasm stack code -> register IR (ir.h): the driver. It lays out the frame, runs the
// instruction loop (skipping dead code), and threads jumps in the finished code. The operand
// stack model and how the work is split are described in translator.h.
#include "runtime/ir/translate.h"

#include "runtime/ir/ir_verify.h"
#include "runtime/ir/translator.h"

namespace zwasm {
namespace translation {

Result<std::unique_ptr<IrFunction>> Translator::run() {
  // Params, then declared locals, in the value layout (a v128 at an even cell).
  auto add_local = [this](ValType t) {
    local_cells_ = place_value(local_cells_, t);
    local_slot_.push_back(local_cells_);
    local_type_.push_back(t);
    local_cells_ += cells_of(t);
  };
  for (ValType t : type_.params) add_local(t);
  uint32_t param_cells = local_cells_;
  for (auto [count, t] : body_.locals)
    for (uint32_t i = 0; i < count; ++i) add_local(t);
  max_cells_ = local_cells_;
  refs_by_slot_.assign(local_cells_, 0);

  Ctrl func;
  func.kind = FrameKind::Function;
  func.height = 0;
  func.base_cell = local_cells_;
  func.results = list_of(type_.results);
  ctrls_.push_back(std::move(func));

  while (!ctrls_.empty()) {
    size_t at = r_.offset();
    WasmOp op = WasmOp::Nop;
    if (!r_.opcode(op)) return decode_error();
    if (ctrls_.back().unreachable) {
      // Dead code: skip to the `else` / `end` that closes the current arm.
      if (op == WasmOp::Block || op == WasmOp::Loop || op == WasmOp::If) {
        ++skip_depth_;
        if (!r_.skip_immediates(op)) return r_.error();
        continue;
      }
      if (op == WasmOp::End && skip_depth_ > 0) {
        --skip_depth_;
        continue;
      }
      if (!(op == WasmOp::End || (op == WasmOp::Else && skip_depth_ == 0))) {
        if (!r_.skip_immediates(op)) return r_.error();
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
  fn->type = &type_;
  fn->local_types.assign(local_type_.begin(), local_type_.end());
  fn->local_slots.assign(local_slot_.begin(), local_slot_.end());
  fn->param_cells = param_cells;
  fn->local_cells = local_cells_;
  fn->frame_cells = max_cells_;
  fn->result_cells = layout_cells(type_.results);
  if (fn->frame_cells < fn->result_cells) fn->frame_cells = fn->result_cells;
  fn->loop_count = loops_;
#ifndef NDEBUG
  if (auto verified = verify_ir(*fn, &m_); !verified.ok()) return verified.error();
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

}  // namespace translation

Result<std::unique_ptr<IrFunction>> translate_function(const Module& module,
                                                       uint32_t defined_index,
                                                       std::pmr::memory_resource* resource) {
  if (defined_index >= module.codes.size()) return Error{"no such function body"};
  translation::Translator t(module, defined_index, resource);
  return t.run();
}

}  // namespace zwasm
