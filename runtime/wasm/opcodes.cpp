#include "runtime/wasm/opcodes.h"

#include <array>
#include <unordered_map>

namespace zwasm {
namespace {

constexpr ValType letter_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'I': return ValType::I64;
    case 'f': return ValType::F32;
    case 'F': return ValType::F64;
    default: return ValType::V128;
  }
}

// Parses a signature token such as "iV_V" (see opcodes.def).
constexpr OpSig parse_sig(std::string_view s) {
  OpSig sig;
  if (s == "special") return sig;
  sig.special = false;
  size_t i = 0;
  while (i < s.size() && s[i] != '_') sig.params[sig.num_params++] = letter_type(s[i++]);
  ++i;  // '_'
  if (i < s.size()) {
    sig.has_result = true;
    sig.result = letter_type(s[i]);
  }
  return sig;
}

constexpr std::array<OpInfo, size_t(WasmOp::kCount)> kInfos = {{
#define ZW_OP(name, prefix, code, text, imm, sig) {text, prefix, code, ImmKind::imm, parse_sig(#sig)},
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
}};

struct Lookup {
  std::array<int16_t, 256> plain;
  std::unordered_map<uint32_t, WasmOp> prefixed;  // (prefix << 24) | code
  Lookup() {
    plain.fill(-1);
    for (size_t i = 0; i < kInfos.size(); ++i) {
      const OpInfo& info = kInfos[i];
      if (info.prefix == 0)
        plain[info.code] = int16_t(i);
      else
        prefixed[(uint32_t(info.prefix) << 24) | info.code] = WasmOp(i);
    }
  }
};

const Lookup& lookup() {
  static const Lookup table;
  return table;
}

}  // namespace

const OpInfo& op_info(WasmOp op) { return kInfos[size_t(op)]; }

std::optional<WasmOp> lookup_op(uint8_t prefix, uint32_t code) {
  const Lookup& t = lookup();
  if (prefix == 0) {
    if (code > 0xFF || t.plain[code] < 0) return std::nullopt;
    return WasmOp(t.plain[code]);
  }
  if (code > 0xFFFFFF) return std::nullopt;
  auto it = t.prefixed.find((uint32_t(prefix) << 24) | code);
  if (it == t.prefixed.end()) return std::nullopt;
  return it->second;
}

uint32_t natural_alignment_log2(WasmOp op) {
  switch (op) {
    case WasmOp::I32Load8S: case WasmOp::I32Load8U: case WasmOp::I64Load8S:
    case WasmOp::I64Load8U: case WasmOp::I32Store8: case WasmOp::I64Store8:
    case WasmOp::V128Load8Splat: case WasmOp::V128Load8Lane: case WasmOp::V128Store8Lane:
      return 0;
    case WasmOp::I32Load16S: case WasmOp::I32Load16U: case WasmOp::I64Load16S:
    case WasmOp::I64Load16U: case WasmOp::I32Store16: case WasmOp::I64Store16:
    case WasmOp::V128Load16Splat: case WasmOp::V128Load16Lane: case WasmOp::V128Store16Lane:
      return 1;
    case WasmOp::I32Load: case WasmOp::F32Load: case WasmOp::I64Load32S:
    case WasmOp::I64Load32U: case WasmOp::I32Store: case WasmOp::F32Store:
    case WasmOp::I64Store32: case WasmOp::V128Load32Splat: case WasmOp::V128Load32Zero:
    case WasmOp::V128Load32Lane: case WasmOp::V128Store32Lane:
      return 2;
    case WasmOp::I64Load: case WasmOp::F64Load: case WasmOp::I64Store: case WasmOp::F64Store:
    case WasmOp::V128Load8x8S: case WasmOp::V128Load8x8U: case WasmOp::V128Load16x4S:
    case WasmOp::V128Load16x4U: case WasmOp::V128Load32x2S: case WasmOp::V128Load32x2U:
    case WasmOp::V128Load64Splat: case WasmOp::V128Load64Zero: case WasmOp::V128Load64Lane:
    case WasmOp::V128Store64Lane:
      return 3;
    case WasmOp::V128Load: case WasmOp::V128Store:
      return 4;
    default:
      return 0;
  }
}

uint32_t lane_count(WasmOp op) {
  switch (op) {
    case WasmOp::I8x16ExtractLaneS: case WasmOp::I8x16ExtractLaneU: case WasmOp::I8x16ReplaceLane:
    case WasmOp::V128Load8Lane: case WasmOp::V128Store8Lane:
      return 16;
    case WasmOp::I16x8ExtractLaneS: case WasmOp::I16x8ExtractLaneU: case WasmOp::I16x8ReplaceLane:
    case WasmOp::V128Load16Lane: case WasmOp::V128Store16Lane:
      return 8;
    case WasmOp::I32x4ExtractLane: case WasmOp::I32x4ReplaceLane: case WasmOp::F32x4ExtractLane:
    case WasmOp::F32x4ReplaceLane: case WasmOp::V128Load32Lane: case WasmOp::V128Store32Lane:
      return 4;
    case WasmOp::I64x2ExtractLane: case WasmOp::I64x2ReplaceLane: case WasmOp::F64x2ExtractLane:
    case WasmOp::F64x2ReplaceLane: case WasmOp::V128Load64Lane: case WasmOp::V128Store64Lane:
      return 2;
    default:
      return 0;
  }
}

}  // namespace zwasm
