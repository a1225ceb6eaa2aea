// The small grammar pieces of the binary format shared by every section: vectors, names,
// value/reference types, limits, entity types and constant expressions (spec 5.1-5.4).
#include <string>

#include "runtime/wasm/decoder_internal.h"
#include "runtime/base/utf8.h"
#include "runtime/wasm/opcodes.h"

namespace zwasm::decoder_detail {


bool read_vec_count(Reader& r, const DecodeLimits& limits, uint32_t& count) {
  size_t at = r.offset();
  if (!r.u32(count)) return false;
  if (count > limits.max_vector_count)
    return r.fail_at("vector length " + std::to_string(count) + " exceeds the implementation limit",
                     at);
  if (count > r.remaining())
    return r.fail_at("unexpected end of section or function: vector length " +
                         std::to_string(count) + " does not fit in the remaining " +
                         std::to_string(r.remaining()) + " bytes",
                     at);
  return true;
}

bool read_byte_count(Reader& r, uint32_t& count) {
  size_t at = r.offset();
  if (!r.u32(count)) return false;
  if (count > r.remaining())
    return r.fail_at("unexpected end of section or function: length " + std::to_string(count) +
                         " exceeds the remaining " + std::to_string(r.remaining()) + " bytes",
                     at);
  return true;
}

bool read_name(Reader& r, std::string& out) {
  uint32_t length;
  if (!read_byte_count(r, length)) return false;
  size_t at = r.offset();
  const uint8_t* bytes;
  if (!r.bytes(length, bytes)) return false;
  if (!zwasm::is_valid_utf8(bytes, length)) return r.fail_at("malformed UTF-8 encoding", at);
  out.assign(reinterpret_cast<const char*>(bytes), length);
  return true;
}

bool read_valtype(Reader& r, ValType& out) {
  size_t at = r.offset();
  uint8_t b;
  if (!r.u8(b)) return false;
  if (!is_valid_valtype_byte(b)) return r.fail_at("malformed value type", at);
  out = ValType(b);
  return true;
}

bool read_reftype(Reader& r, ValType& out) {
  size_t at = r.offset();
  uint8_t b;
  if (!r.u8(b)) return false;
  if (b != uint8_t(ValType::FuncRef) && b != uint8_t(ValType::ExternRef))
    return r.fail_at("malformed reference type", at);
  out = ValType(b);
  return true;
}

bool read_limits(Reader& r, Limits& out) {
  // The flag is a one-bit LEB128 integer in the reference interpreter, hence its wording for
  // 0x81.. ("too long") and 0x02.. ("too large"); 2.0 has no shared or 64-bit limits.
  size_t at = r.offset();
  uint8_t flag;
  if (!r.u8(flag)) return false;
  if (flag & 0x80) return r.fail_at("integer representation too long: malformed limits flags", at);
  if (flag > 1) return r.fail_at("integer too large: malformed limits flags", at);
  uint32_t min;
  if (!r.u32(min)) return false;
  out.min = min;
  out.max.reset();
  if (flag == 1) {
    uint32_t max;
    if (!r.u32(max)) return false;
    out.max = max;
  }
  return true;
}

bool read_table_type(Reader& r, TableType& out) {
  return read_reftype(r, out.elem) && read_limits(r, out.limits);
}

bool read_memory_type(Reader& r, MemoryType& out) { return read_limits(r, out.limits); }

bool read_global_type(Reader& r, GlobalType& out) {
  if (!read_valtype(r, out.type)) return false;
  size_t at = r.offset();
  uint8_t mut;
  if (!r.u8(mut)) return false;
  if (mut > 1) return r.fail_at("malformed mutability", at);
  out.mut = mut == 1;
  return true;
}

namespace {

constexpr uint8_t kEndOpcode = 0x0B;
constexpr uint32_t kV128ConstCode = 12;

// Reads the opcode at the reader (with its LEB sub-opcode for 0xFC/0xFD) without
// interpreting the immediates. Returns false on truncation.
bool read_opcode(Reader& r, uint8_t& prefix, uint32_t& code) {
  uint8_t b;
  if (!r.u8(b)) return false;
  if (b == 0xFC || b == 0xFD) {
    prefix = b;
    return r.u32(code);
  }
  prefix = 0;
  code = b;
  return true;
}

bool is_constant_opcode(uint8_t prefix, uint32_t code) {
  if (prefix == 0xFD) return code == kV128ConstCode;
  if (prefix != 0) return false;
  return code == 0x41 || code == 0x42 || code == 0x43 || code == 0x44 || code == 0xD0 ||
         code == 0xD2 || code == 0x23;
}

// The error for an instruction that may not appear where it does in a constant expression.
bool fail_non_constant(Reader& r, uint8_t prefix, uint32_t code, size_t at) {
  if (!lookup_op(prefix, code)) return r.fail_at("illegal opcode", at);
  return r.fail_at("constant expression required", at);
}

}  // namespace

bool read_const_expr(Reader& r, const Module& module, ConstExpr& out) {
  out = ConstExpr{};
  out.offset = r.offset();
  uint8_t prefix;
  uint32_t code;
  if (!read_opcode(r, prefix, code)) return false;

  if (prefix == 0 && code == kEndOpcode)
    // An empty expression produces no value where one is required (global.wast, elem.wast).
    return r.fail_at("type mismatch: empty constant expression", out.offset);

  if (prefix == 0xFD && code == kV128ConstCode) {
    const uint8_t* b;
    if (!r.bytes(16, b)) return false;
    out.kind = ConstExpr::Kind::V128;
    out.type = ValType::V128;
    std::memcpy(&out.lo, b, 8);
    std::memcpy(&out.hi, b + 8, 8);
  } else if (prefix != 0) {
    return fail_non_constant(r, prefix, code, out.offset);
  } else {
    switch (code) {
      case 0x41: {  // i32.const
        int32_t v;
        if (!r.s32(v)) return false;
        out.kind = ConstExpr::Kind::I32;
        out.type = ValType::I32;
        out.lo = uint32_t(v);
        break;
      }
      case 0x42: {  // i64.const
        int64_t v;
        if (!r.s64(v)) return false;
        out.kind = ConstExpr::Kind::I64;
        out.type = ValType::I64;
        out.lo = uint64_t(v);
        break;
      }
      case 0x43: {  // f32.const
        uint32_t bits;
        if (!r.f32_bits(bits)) return false;
        out.kind = ConstExpr::Kind::F32;
        out.type = ValType::F32;
        out.lo = bits;
        break;
      }
      case 0x44: {  // f64.const
        uint64_t bits;
        if (!r.f64_bits(bits)) return false;
        out.kind = ConstExpr::Kind::F64;
        out.type = ValType::F64;
        out.lo = bits;
        break;
      }
      case 0xD0: {  // ref.null t
        ValType t;
        if (!read_reftype(r, t)) return false;
        out.kind = ConstExpr::Kind::RefNull;
        out.type = t;
        break;
      }
      case 0xD2: {  // ref.func x
        if (!r.u32(out.index)) return false;
        out.kind = ConstExpr::Kind::RefFunc;
        out.type = ValType::FuncRef;
        break;
      }
      case 0x23: {  // global.get x: the validator decides which globals are allowed
        if (!r.u32(out.index)) return false;
        out.kind = ConstExpr::Kind::GlobalGet;
        if (out.index < module.total_globals()) out.type = module.global_type(out.index).type;
        break;
      }
      default:
        return fail_non_constant(r, prefix, code, out.offset);
    }
  }

  size_t end_at = r.offset();
  if (!read_opcode(r, prefix, code)) return false;
  if (prefix == 0 && code == kEndOpcode) return true;
  // A second constant leaves two values where one is expected (spec: "type mismatch");
  // anything else is not constant at all.
  if (is_constant_opcode(prefix, code))
    return r.fail_at("type mismatch: constant expression leaves more than one value", end_at);
  return fail_non_constant(r, prefix, code, end_at);
}

}  // namespace zwasm::decoder_detail
