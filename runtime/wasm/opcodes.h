// Views generated from opcodes.def: the WasmOp enum, per-op info, and lookup by encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "runtime/base/types.h"

namespace zwasm {

enum class WasmOp : uint16_t {
#define ZW_OP(name, prefix, code, text, imm, sig) name,
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
  kCount
};

enum class ImmKind : uint8_t {
  None,
  BlockType,     // s33 block type
  LabelIdx,      // u32
  BrTable,       // vec(u32) u32
  FuncIdx,       // u32
  CallIndirect,  // typeidx u32, tableidx u32
  RefType,       // one byte: 0x70 / 0x6F
  SelectTypes,   // vec(valtype)
  LocalIdx,
  GlobalIdx,
  TableIdx,
  ElemIdx,
  DataIdx,
  MemIdx,        // u32 memory index (must be 0 in 2.0)
  ElemTable,     // table.init: elemidx tableidx
  TableTable,    // table.copy: dst tableidx, src tableidx
  DataMem,       // memory.init: dataidx memidx
  MemMem,        // memory.copy: dst memidx, src memidx
  MemArg,        // align u32, offset u32
  MemArgLane,    // memarg, lane byte
  Lane,          // lane byte
  Shuffle,       // 16 lane bytes
  I32,           // s32
  I64,           // s64
  F32,           // 4 bytes
  F64,           // 8 bytes
  V128,          // 16 bytes
};

// The typing of a simple instruction: up to 3 params, at most 1 result (ValType or none).
struct OpSig {
  bool special = true;
  uint8_t num_params = 0;
  ValType params[3] = {};
  bool has_result = false;
  ValType result = ValType::I32;
};

struct OpInfo {
  const char* text;
  uint8_t prefix;
  uint32_t code;
  ImmKind imm;
  OpSig sig;
};

const OpInfo& op_info(WasmOp op);
inline const char* op_name(WasmOp op) { return op_info(op).text; }

// Decodes an opcode from its encoding; nullopt for an unknown opcode.
std::optional<WasmOp> lookup_op(uint8_t prefix, uint32_t code);

// For memory access ops: the natural alignment exponent (log2 of the access size in bytes).
// Lane accesses: log2 of the lane size. Returns 0 for non-memory ops.
uint32_t natural_alignment_log2(WasmOp op);
// For Lane / MemArgLane ops: the number of lanes (lane immediates must be below this).
uint32_t lane_count(WasmOp op);

}  // namespace zwasm
