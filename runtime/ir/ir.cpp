#include "runtime/ir/ir.h"

#include <array>
#include <vector>
#include <string_view>

namespace zwasm {
namespace {

struct IrOpInfo {
  const char* name;
  std::string_view layout;  // ir_ops.def letters; empty + simple => derived from the wasm sig
  std::string_view types;   // ir_ops.def type letters of the slot operands (unless derived)
  bool derived = false;
};

std::array<IrOpInfo, size_t(IrOp::kCount)> build_infos() {
  std::array<IrOpInfo, size_t(IrOp::kCount)> infos{};
  size_t i = 0;
#define ZW_OP(name, prefix, code, text, imm, sig) infos[i++] = {text, "", "", true};
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
#define ZW_IR_OP(name, layout, types) infos[i++] = {#name, layout, types, false};
#include "runtime/ir/ir_ops.def"
#undef ZW_IR_OP
#define ZW_IR_REUSE(name, layout, types) infos[size_t(IrOp::name)] = {#name, layout, types, false};
#include "runtime/ir/ir_ops.def"
#undef ZW_IR_REUSE
  return infos;
}

const std::array<IrOpInfo, size_t(IrOp::kCount)>& infos() {
  static const auto table = build_infos();
  return table;
}

// The layout of a simple op, derived as ir_ops.def describes.
std::string derived_layout(WasmOp op) {
  const OpInfo& info = op_info(op);
  std::string layout;
  if (info.sig.has_result) layout += 'd';
  for (int k = 0; k < info.sig.num_params; ++k) layout += 's';
  switch (info.imm) {
    case ImmKind::MemArg: case ImmKind::Lane: case ImmKind::MemIdx: case ImmKind::TableIdx:
    case ImmKind::ElemIdx: case ImmKind::DataIdx:
      layout += 'x';
      break;
    case ImmKind::MemArgLane: case ImmKind::DataMem: case ImmKind::MemMem:
    case ImmKind::ElemTable: case ImmKind::TableTable:
      layout += "xx";
      break;
    case ImmKind::Shuffle: layout += 'v'; break;
    default: break;
  }
  return layout;
}

// Words taken by one layout letter ('n' is handled by the caller).
size_t letter_words(char c) {
  switch (c) {
    case 'q': return 2;
    case 'v': return 4;
    default: return 1;
  }
}

std::string layout_of(uint32_t opw) {
  const IrOpInfo& info = infos()[opw];
  return info.derived ? derived_layout(WasmOp(opw)) : std::string(info.layout);
}

// Instruction lengths of the fixed-size ops, computed once; 0 marks a variable-length op.
const std::vector<uint8_t>& fixed_lengths() {
  static const std::vector<uint8_t> lengths = [] {
    std::vector<uint8_t> out(static_cast<size_t>(IrOp::kCount));
    for (size_t op = 0; op < out.size(); ++op) {
      std::string layout = layout_of(uint32_t(op));
      size_t words = 1;
      bool variable = false;
      for (char c : layout) {
        if (c == 'n') variable = true;
        words += letter_words(c);
      }
      out[op] = variable ? 0 : uint8_t(words);
    }
    return out;
  }();
  return lengths;
}

}  // namespace

std::string ir_layout(IrOp op) { return layout_of(uint32_t(op)); }

char ir_type_letter(ValType t) {
  switch (t) {
    case ValType::I32: return 'i';
    case ValType::I64: return 'I';
    case ValType::F32: return 'f';
    case ValType::F64: return 'F';
    case ValType::V128: return 'V';
    case ValType::FuncRef: case ValType::ExternRef: return 'r';
  }
  return '?';
}

std::string ir_types(IrOp op) {
  const IrOpInfo& info = infos()[size_t(op)];
  if (!info.derived) return std::string(info.types);
  const OpSig& sig = op_info(WasmOp(op)).sig;
  std::string types;
  if (sig.has_result) types += ir_type_letter(sig.result);
  for (int k = 0; k < sig.num_params; ++k) types += ir_type_letter(sig.params[k]);
  return types;
}

namespace {

// The op of class `t` among the five ZW_IR_CLASSES families, in their enum order.
IrOp class_op(ValType t, IrOp i32_form) {
  // Each class contributes Copy, Const, Select, GlobalGet, GlobalSet in that order.
  constexpr uint32_t kOpsPerClass = uint32_t(IrOp::CopyI64) - uint32_t(IrOp::CopyI32);
  uint32_t cls = 0;
  switch (t) {
    case ValType::I32: cls = 0; break;
    case ValType::I64: cls = 1; break;
    case ValType::F32: cls = 2; break;
    case ValType::F64: cls = 3; break;
    case ValType::V128: cls = 4; break;
    case ValType::FuncRef: case ValType::ExternRef: cls = 5; break;
  }
  return IrOp(uint32_t(i32_form) + cls * kOpsPerClass);
}
static_assert(uint32_t(IrOp::CopyRef) - uint32_t(IrOp::CopyI32) ==
              5 * (uint32_t(IrOp::CopyI64) - uint32_t(IrOp::CopyI32)));
static_assert(uint32_t(IrOp::GlobalSetV128) - uint32_t(IrOp::CopyV128) ==
              uint32_t(IrOp::GlobalSetI32) - uint32_t(IrOp::CopyI32));

}  // namespace

IrMoveInfo ir_move(IrOp op) {
  // The classes' ops are contiguous, each Copy, Const, Select, GlobalGet, GlobalSet (above).
  static constexpr char kLetters[] = {
#define ZW_IR_CLASS_LETTER(C, t, imm) t[0],
      ZW_IR_CLASSES(ZW_IR_CLASS_LETTER)
#undef ZW_IR_CLASS_LETTER
  };
  constexpr uint32_t kOpsPerClass = uint32_t(IrOp::CopyI64) - uint32_t(IrOp::CopyI32);
  static_assert(kOpsPerClass == uint32_t(IrMove::GlobalSet));
  uint32_t i = uint32_t(op) - uint32_t(IrOp::CopyI32);  // wraps below the first
  if (i >= std::size(kLetters) * kOpsPerClass) return {};
  return {IrMove(1 + i % kOpsPerClass), kLetters[i / kOpsPerClass]};
}

IrOp copy_op(ValType t) { return class_op(t, IrOp::CopyI32); }
IrOp const_op(ValType t) { return class_op(t, IrOp::ConstI32); }
IrOp select_op(ValType t) { return class_op(t, IrOp::SelectI32); }
IrOp global_get_op(ValType t) { return class_op(t, IrOp::GlobalGetI32); }
IrOp global_set_op(ValType t) { return class_op(t, IrOp::GlobalSetI32); }

size_t ir_instr_words(const uint32_t* code, size_t pc) {
  uint32_t opw = code[pc];
  uint8_t fixed = fixed_lengths()[opw];
  if (fixed) return fixed;
  // Variable length: the layout's letters before 'n', then the count word, then N words.
  std::string layout = layout_of(opw);
  size_t words = 1;
  for (char c : layout) {
    if (c == 'n') return words + 1 + code[pc + words];
    words += letter_words(c);
  }
  return words;
}

const std::vector<IrSlotOperand>& ir_slot_operands(IrOp op) {
  static const std::vector<std::vector<IrSlotOperand>> table = [] {
    std::vector<std::vector<IrSlotOperand>> out(static_cast<size_t>(IrOp::kCount));
    for (size_t op = 0; op < out.size(); ++op) {
      std::string layout = layout_of(uint32_t(op)), types = ir_types(IrOp(op));
      size_t word = 1, k = 0;
      for (char c : layout) {
        if (c == 'n') break;  // the counted words are not slots, or are typed by context
        if ((c == 'd' || c == 's') && k < types.size()) {
          char t = types[k++];
          if (t != '*') out[op].push_back({uint8_t(word), t, c == 'd'});
        }
        word += letter_words(c);
      }
    }
    return out;
  }();
  return table[size_t(op)];
}

const char* ir_op_name(IrOp op) {
  size_t i = size_t(op);
  return i < infos().size() ? infos()[i].name : "?";
}

std::string disassemble(const IrFunction& fn) {
  std::string out;
  const auto& code = fn.code;
  size_t pc = 0;
  while (pc < code.size()) {
    size_t start = pc;
    uint32_t opw = code[pc++];
    if (opw >= infos().size()) {
      out += std::to_string(start) + ": <bad op " + std::to_string(opw) + ">\n";
      break;
    }
    std::string layout = layout_of(opw);
    out += std::to_string(start) + ": " + infos()[opw].name;
    auto word = [&]() -> uint32_t { return pc < code.size() ? code[pc++] : 0; };
    for (char c : layout) {
      switch (c) {
        case 'd': out += " d" + std::to_string(word()); break;
        case 's': out += " s" + std::to_string(word()); break;
        case 'x': out += " #" + std::to_string(word()); break;
        case 'q': {
          uint64_t lo = word();
          uint64_t hi = word();
          out += " #" + std::to_string(lo | (hi << 32));
          break;
        }
        case 'v': out += " #v128"; pc += 4; break;
        case 't': out += " ->" + std::to_string(int64_t(start) + int32_t(word())); break;
        case 'n': {
          uint32_t n = word();
          out += " [";
          for (uint32_t k = 0; k < n; ++k) {
            uint32_t w = word();
            // JumpTable entries are targets; ReturnN entries are slots (or padding).
            // (Appended piece by piece: "s" + std::to_string(w) trips g++ 12's -Wrestrict.)
            if (IrOp(opw) == IrOp::JumpTable) {
              out += std::to_string(int64_t(start) + int32_t(w));
            } else if (w == kNoSlot) {
              out += '_';
            } else {
              out += 's';
              out += std::to_string(w);
            }
            if (k + 1 < n) out += ' ';
          }
          out += "]";
          break;
        }
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace zwasm
