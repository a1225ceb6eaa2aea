// The register IR: what the interpreter executes and what the JIT lowers.
//
// A function's frame is an array of 8-byte cells:
//   [ params | declared locals | operand-stack temporaries ]
// Wasm locals and operand-stack positions are both *slots* (cell indices into the frame); v128
// values take two adjacent cells starting at an even cell, and frames start at even cells (call
// bases are even), so every v128 is 16-byte aligned (runtime/base/types.h place_value). The translator turns the wasm stack machine into three-address
// instructions over slots, so nothing re-simulates the wasm stack at run time:
//   i32.add  dst, a, b        (a, b, dst: slot indices)
// `local.get` and constants emit no code: they become operands. A value produced into a temporary
// and then `local.set` is written straight to the local.
//
// Encoding: a stream of 32-bit words. Each instruction is its IrOp word followed by its operands,
// whose layout is fixed per op (ir_ops.def for IR-only ops; opcodes.def Sig/Imm for the ops that
// mirror one wasm instruction). Branch targets are word offsets relative to the branch
// instruction's first word. Calls place arguments in the callee's parameter layout starting at
// `base`; the callee's frame begins at that slot, so arguments are passed in place and results
// come back in place (callee cells 0..result_cells). Every op that moves a value carries its
// register class (ir_ops.def), the IrFunction records its locals' types, and each loop starts
// with a LoopHeader.
#pragma once

#include <cstdint>
#include <memory_resource>
#include <string>
#include <vector>

#include "runtime/base/types.h"
#include "runtime/wasm/opcodes.h"

namespace zwasm {

enum class IrOp : uint32_t {
  // One IR op per "simple" wasm op (same name), whose operands follow from its signature.
#define ZW_OP(name, prefix, code, text, imm, sig) name,
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
  // IR-only ops.
#define ZW_IR_OP(name, layout, types) name,
#include "runtime/ir/ir_ops.def"
#undef ZW_IR_OP
  kCount
};

const char* ir_op_name(IrOp op);
// An op's operand layout letters and its slot operands' type letters (ir_ops.def), derived from
// opcodes.def for the ops that mirror one wasm instruction.
std::string ir_layout(IrOp op);
std::string ir_types(IrOp op);
// The type letter of a value type's register class (ir_ops.def: i I f F V r).
char ir_type_letter(ValType t);

// One slot operand of an instruction: the word holding its slot (from the op word), its
// register class letter, and whether the instruction writes it ('d') or reads it ('s').
struct IrSlotOperand {
  uint8_t word = 0;
  char type = '?';
  bool write = false;
};
// The slot operands an op's layout and types name (computed once per op). Operands typed by
// context ('*': Return1, ReturnN) and call arguments and results are not listed: their types
// come from the function's or the callee's type.
const std::vector<IrSlotOperand>& ir_slot_operands(IrOp op);

// The slot operand of a ReturnN entry that fills a padding cell (no value).
constexpr uint32_t kNoSlot = 0xFFFFFFFF;

// The value-moving op of a value type's register class (ir_ops.def ZW_IR_CLASSES).
IrOp copy_op(ValType t);
IrOp const_op(ValType t);
IrOp select_op(ValType t);
IrOp global_get_op(ValType t);
IrOp global_set_op(ValType t);
// What a value-moving op does, whatever its class, and the class's letter (i I f F V r); for
// every other op, kind None.
enum class IrMove : uint8_t { None, Copy, Const, Select, GlobalGet, GlobalSet };
struct IrMoveInfo {
  IrMove kind = IrMove::None;
  char type = '?';
};
IrMoveInfo ir_move(IrOp op);

struct IrFunction {
  IrFunction() = default;
  explicit IrFunction(std::pmr::vector<uint32_t> words)
      : code(std::move(words)),
        local_types(code.get_allocator()),
        local_slots(code.get_allocator()) {}

  std::pmr::vector<uint32_t> code;  // from the owning store's memory resource (store.h)
  const FuncType* type = nullptr;   // the function's type (its module's, which outlives this)
  // Params then declared locals, in wasm local index order: each local's type and first slot.
  std::pmr::vector<ValType> local_types;
  std::pmr::vector<uint32_t> local_slots;
  uint32_t param_cells = 0;
  uint32_t local_cells = 0;   // params + declared locals
  uint32_t frame_cells = 0;   // locals + the deepest operand stack (+ call scratch); even
  uint32_t result_cells = 0;
  uint32_t loop_count = 0;    // LoopHeaders, numbered 0 .. loop_count - 1
};

// The number of words of the instruction starting at code[pc] (op word included).
size_t ir_instr_words(const uint32_t* code, size_t pc);

// Renders the IR of a function, one instruction per line (for -v debugging and tests).
std::string disassemble(const IrFunction& fn);

}  // namespace zwasm
