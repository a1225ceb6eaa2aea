#include "runtime/wasm/instr_reader.h"

#include <cstdio>

namespace zwasm {
namespace {

// Stable one-element type lists for single-result block types, indexed by encoding byte.
constexpr std::array<ValType, 256> make_byte_types() {
  std::array<ValType, 256> a{};
  for (int i = 0; i < 256; ++i) a[size_t(i)] = ValType(i);
  return a;
}
constexpr std::array<ValType, 256> kByteTypes = make_byte_types();

uint16_t table_entry(std::optional<WasmOp> op) { return op ? uint16_t(*op) : OpcodeTables::kNone; }

std::string hex_byte(uint32_t b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return buf;
}

}  // namespace

OpcodeTables::OpcodeTables() {
  for (uint32_t code = 0; code < 256; ++code) {
    plain[code] = table_entry(lookup_op(0, code));
    prefixed_fc[code] = table_entry(lookup_op(0xFC, code));
    prefixed_fd[code] = table_entry(lookup_op(0xFD, code));
  }
  for (size_t i = 0; i < info.size(); ++i) info[i] = op_info(WasmOp(i));
}

const OpcodeTables& opcode_tables() {
  static const OpcodeTables tables;
  return tables;
}

bool InstrReader::instr_fail(std::string what, std::string detail) {
  instr_error_.what = std::move(what);
  instr_error_.detail = std::move(detail);
  return false;
}

bool InstrReader::illegal_opcode(uint8_t byte, const uint32_t* sub_opcode) {
  if (!sub_opcode) return instr_fail("illegal opcode", hex_byte(byte));
  return instr_fail("illegal opcode", hex_byte(byte) + " " + std::to_string(*sub_opcode));
}

bool InstrReader::block_type(TypeList& params, TypeList& results) {
  if (at_end()) return fail("unexpected end");
  uint8_t first = *ptr();
  if (first == 0x40) {  // empty: [] -> []
    skip(1);
    params = results = TypeList{};
    return true;
  }
  if (is_valid_valtype_byte(first)) {  // [] -> [t]
    skip(1);
    params = TypeList{};
    results = TypeList(&kByteTypes[first], 1);
    return true;
  }
  int64_t index;  // s33 type index
  if (!s33(index)) return false;
  if (index < 0) return instr_fail("malformed block type", std::to_string(index));
  if (uint64_t(index) >= types_.size()) return instr_fail("unknown type " + std::to_string(index));
  const FuncType& ft = types_[size_t(index)];
  params = list_of(ft.params);
  results = list_of(ft.results);
  return true;
}

bool InstrReader::ref_type(ValType& out) {
  uint8_t b = 0;
  if (!u8(b)) return false;
  if (!is_ref(ValType(b)) || !is_valid_valtype_byte(b))
    return instr_fail("malformed reference type", hex_byte(b));
  out = ValType(b);
  return true;
}

bool InstrReader::value_type(ValType& out) {
  uint8_t b = 0;
  if (!u8(b)) return false;
  if (!is_valid_valtype_byte(b)) return instr_fail("malformed value type", hex_byte(b));
  out = ValType(b);
  return true;
}

bool InstrReader::skip_immediates(WasmOp op) {
  uint32_t u;
  int32_t s32v;
  int64_t s64v;
  switch (info(op).imm) {
    case ImmKind::None: return true;
    case ImmKind::BlockType: return s33(s64v);
    case ImmKind::BrTable: {
      uint32_t n;
      if (!u32(n)) return false;
      for (uint64_t i = 0; i <= n; ++i)  // n targets and the default
        if (!u32(u)) return false;
      return true;
    }
    case ImmKind::SelectTypes: {
      uint32_t n;
      if (!u32(n)) return false;
      return skip(n);
    }
    case ImmKind::RefType: return skip(1);
    case ImmKind::LabelIdx: case ImmKind::FuncIdx: case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx: case ImmKind::TableIdx: case ImmKind::ElemIdx:
    case ImmKind::DataIdx: case ImmKind::MemIdx:
      return u32(u);
    case ImmKind::CallIndirect: case ImmKind::ElemTable: case ImmKind::TableTable:
    case ImmKind::DataMem: case ImmKind::MemMem: case ImmKind::MemArg:
      return u32(u) && u32(u);
    case ImmKind::MemArgLane: return u32(u) && u32(u) && skip(1);
    case ImmKind::Lane: return skip(1);
    case ImmKind::Shuffle: return skip(16);
    case ImmKind::I32: return s32(s32v);
    case ImmKind::I64: return s64(s64v);
    case ImmKind::F32: return skip(4);
    case ImmKind::F64: return skip(8);
    case ImmKind::V128: return skip(16);
  }
  return true;
}

}  // namespace zwasm
