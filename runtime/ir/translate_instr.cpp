// The translation of each instruction: its operands come off the virtual operand stack
// (translator.h), its result is pushed as a temp (or deferred: local.get and constants emit
// nothing), and simple ops follow from their signature in opcodes.def.
#include <cstring>

#include "runtime/ir/translator.h"

namespace zwasm::translation {

// Ops whose operands and result follow from their signature (see opcodes.def).
void Translator::translate_simple(WasmOp op, const OpInfo& info, bool& ok) {
  const OpSig& sig = info.sig;
  if (info.imm == ImmKind::MemArg && translate_fused_access(op, sig, ok)) return;
  if (translate_pair_fusion(op)) return;
  if (translate_imm_form(op, sig)) return;
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
  const OpInfo& info = r_.info(op);
  bool ok = true;
  uint32_t idx = 0;
  switch (op) {
    case WasmOp::Nop: break;
    case WasmOp::Unreachable:
      emit_op(IrOp::Unreachable);
      mark_unreachable();
      break;
    case WasmOp::Block: case WasmOp::Loop: {
      TypeList params, results;
      if (!r_.block_type(params, results)) return decode_error();
      begin_block(op == WasmOp::Block ? FrameKind::Block : FrameKind::Loop, params, results);
      break;
    }
    case WasmOp::If: {
      TypeList params, results;
      if (!r_.block_type(params, results)) return decode_error();
      Condition cond = take_condition();
      begin_block(FrameKind::If, params, results);
      ctrls_.back().else_patch = emit_cond_jump(cond, false);
      break;
    }
    case WasmOp::Else: else_arm(); break;
    case WasmOp::End: end_block(); break;
    case WasmOp::Br:
      if (!r_.u32(idx)) break;
      translate_br(idx);
      break;
    case WasmOp::BrIf:
      if (!r_.u32(idx)) break;
      translate_br_if(idx);
      break;
    case WasmOp::BrTable: translate_br_table(); break;
    case WasmOp::Return:
      emit_return();
      mark_unreachable();
      break;
    case WasmOp::Call:
      if (!r_.u32(idx)) break;
      translate_call(idx);
      break;
    case WasmOp::CallIndirect: {
      uint32_t table;
      if (!r_.u32(idx) || !r_.u32(table)) break;
      translate_call_indirect(idx, table);
      break;
    }
    case WasmOp::Drop: pop_n(1); break;
    case WasmOp::Select: case WasmOp::SelectT: {
      if (op == WasmOp::SelectT && !r_.skip_immediates(op)) break;
      size_t top = stack_.size();
      uint32_t cond = read_slot(top - 1);
      uint32_t b = read_slot(top - 2);
      uint32_t a = read_slot(top - 3);
      ValType t = stack_[top - 3].type;
      pop_n(3);
      uint32_t dst = push_temp(t);
      uint32_t instr = pos();
      emit_op(select_op(t));
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
      emit_op(global_get_op(t));
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
      emit_op(global_set_op(t));
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
      ValType t;
      if (!r_.ref_type(t)) return decode_error();
      push(t, Where::Const).lo = kNullRef;
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

}  // namespace zwasm::translation
