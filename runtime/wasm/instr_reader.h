// Instruction-level decoding of a function body (spec 5.4), shared by the validator
// (validate_func.cpp) and the IR translator (runtime/ir/): opcodes, block types, reference and
// value type immediates, skipping an instruction's immediates, and what both track of each
// enclosing block (ControlFrame). Each caller words its own errors around what this reports.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "runtime/base/leb128.h"
#include "runtime/base/types.h"
#include "runtime/wasm/module.h"
#include "runtime/wasm/opcodes.h"

namespace zwasm {

// A sequence of value types owned elsewhere: a FuncType of the module, or one of the static
// one-element lists of single-result block types. Valid as long as the Module is.
using TypeList = std::span<const ValType>;

inline TypeList list_of(const std::vector<ValType>& types) { return TypeList(types); }

// ---- control frames ----

enum class FrameKind : uint8_t { Function, Block, Loop, If, Else };

// One entry of the control stack, as the spec appendix "Validation Algorithm" keeps it
// (ctrl_frame): the validator and the translator both track these fields for every enclosing
// block; the translator extends it with what it needs to emit jumps.
struct ControlFrame {
  FrameKind kind = FrameKind::Block;
  bool unreachable = false;  // the rest of the frame's current arm is dead code (polymorphic stack)
  size_t height = 0;         // operand stack height at the frame's start (below its params)
  TypeList params;
  TypeList results;

  // The types a branch to this frame's label carries (spec 3.3.8: a loop's label is its start,
  // so a branch to it carries the loop's params; every other label is the frame's end).
  TypeList label_types() const { return kind == FrameKind::Loop ? params : results; }
};

// ---- decoding ----

// Opcode decoding tables built once from opcodes.def, so that decoding an opcode is one array
// read (every 2.0 opcode, prefixed ones included, has a code below 256), and each op's OpInfo.
struct OpcodeTables {
  static constexpr uint16_t kNone = 0xFFFF;
  std::array<uint16_t, 256> plain, prefixed_fc, prefixed_fd;
  std::array<OpInfo, size_t(WasmOp::kCount)> info;

  OpcodeTables();
};
const OpcodeTables& opcode_tables();

// Why an instruction could not be decoded, when the bytes themselves were readable: an unknown
// opcode, a malformed type, a type index the module lacks. The caller adds the function and the
// instruction's offset.
struct InstrError {
  std::string what;    // "illegal opcode", "malformed block type", "unknown type 7", ...
  std::string detail;  // "0xfc 200", ...; may be empty
};

// A Reader over one function body's instructions. Its readers return false on failure: when the
// bytes ran out or a LEB128 was malformed the Reader's error() has it (ok() is false); otherwise
// instr_error() says what was wrong with the instruction.
class InstrReader : public Reader {
 public:
  InstrReader(const Module& module, const FuncBody& body)
      : Reader(module.bytes.data() + body.code_offset, body.code_end - body.code_offset,
               body.code_offset),
        tables_(opcode_tables()),
        types_(module.types) {}

  const OpInfo& info(WasmOp op) const { return tables_.info[size_t(op)]; }
  const InstrError& instr_error() const { return instr_error_; }

  // The opcode at the reader: one byte, or 0xFC / 0xFD and a u32 sub-opcode (spec 5.4).
  bool opcode(WasmOp& op) {
    uint8_t b;
    if (!u8(b)) return false;
    uint16_t found;
    if (b == 0xFC || b == 0xFD) {
      uint32_t code;
      if (!u32(code)) return false;
      found = OpcodeTables::kNone;
      if (code < 256) found = b == 0xFC ? tables_.prefixed_fc[code] : tables_.prefixed_fd[code];
      if (found == OpcodeTables::kNone) return illegal_opcode(b, &code);
    } else {
      found = tables_.plain[b];
      if (found == OpcodeTables::kNone) return illegal_opcode(b, nullptr);
    }
    op = WasmOp(found);
    return true;
  }

  // A block type (spec 5.4.1): 0x40 for [] -> [], a value type t for [] -> [t], or the index of
  // a function type as a non-negative s33.
  bool block_type(TypeList& params, TypeList& results);

  // The reference type of ref.null (spec 5.3.3: 0x70 funcref, 0x6F externref).
  bool ref_type(ValType& out);

  // One value type byte (spec 5.3.4), as in select's type annotation.
  bool value_type(ValType& out);

  // Consumes the immediates of `op` without interpreting them (the translator's dead code).
  bool skip_immediates(WasmOp op);

 private:
  bool illegal_opcode(uint8_t byte, const uint32_t* sub_opcode);
  bool instr_fail(std::string what, std::string detail = {});

  const OpcodeTables& tables_;
  const std::vector<FuncType>& types_;
  InstrError instr_error_;
};

}  // namespace zwasm
