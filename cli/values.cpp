#include "values.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace zwasm::cli {

using zwasm::api::ValType;
using zwasm::api::Value;

static bool parse_int(const std::string& text, int bits, uint64_t& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  if (text[0] == '-') {
    long long v = std::strtoll(text.c_str(), &end, 0);
    if (errno || *end) return false;
    if (bits == 32 && (v < INT32_MIN || v > INT32_MAX)) return false;
    out = uint64_t(v);
  } else {
    unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (errno || *end) return false;
    if (bits == 32 && v > UINT32_MAX) return false;
    out = v;
  }
  if (bits == 32) out &= 0xFFFFFFFFull;
  return true;
}

std::optional<Value> parse_value(ValType t, const std::string& text) {
  uint64_t bits = 0;
  char* end = nullptr;
  switch (t) {
    case ValType::I32:
      if (!parse_int(text, 32, bits)) return std::nullopt;
      return Value::from_bits(t, bits);
    case ValType::I64:
      if (!parse_int(text, 64, bits)) return std::nullopt;
      return Value::from_bits(t, bits);
    case ValType::F32: {
      float f = std::strtof(text.c_str(), &end);
      if (text.empty() || *end) return std::nullopt;
      return Value(f);
    }
    case ValType::F64: {
      double d = std::strtod(text.c_str(), &end);
      if (text.empty() || *end) return std::nullopt;
      return Value(d);
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (text != "null") return std::nullopt;
      return Value::null(t);
    case ValType::V128:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string format_value(const Value& v) {
  char buf[96];
  switch (v.type()) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "%" PRId32, v.as_i32()); break;
    case ValType::I64: std::snprintf(buf, sizeof buf, "%" PRId64, v.as_i64()); break;
    case ValType::F32: std::snprintf(buf, sizeof buf, "%.9g", double(v.as_f32())); break;
    case ValType::F64: std::snprintf(buf, sizeof buf, "%.17g", v.as_f64()); break;
    case ValType::V128: {
      uint32_t lanes[4];
      std::memcpy(lanes, v.as_v128().bytes, 16);
      std::snprintf(buf, sizeof buf, "0x%08x 0x%08x 0x%08x 0x%08x", lanes[0], lanes[1], lanes[2],
                    lanes[3]);
      break;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return v.is_null() ? "null" : "ref";
  }
  return buf;
}

}  // namespace zwasm::cli
