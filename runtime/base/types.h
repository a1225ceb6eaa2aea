// WebAssembly types (spec 2.3) and the runtime's value cell representation.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace zwasm {

// Value types use their binary encodings (spec 5.3.3 / 5.3.4).
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
inline bool is_num(ValType t) { return !is_ref(t) && t != ValType::V128; }
inline bool is_valid_valtype_byte(uint8_t b) {
  return b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x7B || b == 0x70 || b == 0x6F;
}
const char* valtype_name(ValType t);

// A value occupies one 8-byte cell; a v128 occupies two adjacent cells (low half first).
using Cell = uint64_t;
inline uint32_t cells_of(ValType t) { return t == ValType::V128 ? 2 : 1; }

// The cell layout of a sequence of values (parameters, results, locals, a block's label values,
// the operand stack): each value takes the next free cell, a v128 the next even one, so that in
// a frame starting at an even cell (16-byte aligned) every v128 is 16-byte aligned. Returns the
// cell where a value of type `t` goes when the next free cell is `at`.
inline uint32_t place_value(uint32_t at, ValType t) {
  return t == ValType::V128 ? (at + 1) & ~1u : at;
}
// The cells a sequence of values spans in that layout; `offsets`, if given, receives each
// value's first cell.
inline uint32_t layout_cells(const std::vector<ValType>& types,
                             std::vector<uint32_t>* offsets = nullptr) {
  uint32_t at = 0;
  for (ValType t : types) {
    at = place_value(at, t);
    if (offsets) offsets->push_back(at);
    at += cells_of(t);
  }
  return at;
}

struct V128 {
  uint8_t bytes[16];
  bool operator==(const V128& o) const { return std::memcmp(bytes, o.bytes, 16) == 0; }
};

// References are stored in a cell as a pointer-sized word; 0 is null.
//   funcref:   a Function* (store.h)
//   externref: an opaque host word
using RefWord = uint64_t;
constexpr RefWord kNullRef = 0;

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType& o) const { return params == o.params && results == o.results; }
  std::string to_string() const;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mut = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* extern_kind_name(ExternKind k);

constexpr uint64_t kPageSize = 65536;
constexpr uint64_t kMaxPages32 = 65536;        // 4 GiB
constexpr uint64_t kMaxTableSize = 0xFFFFFFFFull;

// A typed value, used at API boundaries (invoke arguments/results, globals, the spec runner).
struct Value {
  ValType type = ValType::I32;
  Cell lo = 0;  // i32 (zero-extended), i64, f32/f64 bits, ref word, v128 low 8 bytes
  Cell hi = 0;  // v128 high 8 bytes

  static Value i32(uint32_t v) { return {ValType::I32, v, 0}; }
  static Value i64(uint64_t v) { return {ValType::I64, v, 0}; }
  static Value f32_bits(uint32_t v) { return {ValType::F32, v, 0}; }
  static Value f64_bits(uint64_t v) { return {ValType::F64, v, 0}; }
  static Value ref(ValType t, RefWord w) { return {t, w, 0}; }
  static Value v128(const V128& v) {
    Value r{ValType::V128, 0, 0};
    std::memcpy(&r.lo, v.bytes, 8);
    std::memcpy(&r.hi, v.bytes + 8, 8);
    return r;
  }
  uint32_t as_u32() const { return static_cast<uint32_t>(lo); }
  uint64_t as_u64() const { return lo; }
  float as_f32() const { float f; uint32_t b = as_u32(); std::memcpy(&f, &b, 4); return f; }
  double as_f64() const { double d; std::memcpy(&d, &lo, 8); return d; }
  V128 as_v128() const {
    V128 v;
    std::memcpy(v.bytes, &lo, 8);
    std::memcpy(v.bytes + 8, &hi, 8);
    return v;
  }
  // Writes this value's cells (1 or 2) to `out`.
  void to_cells(Cell* out) const {
    out[0] = lo;
    if (type == ValType::V128) out[1] = hi;
  }
  static Value from_cells(ValType t, const Cell* in) {
    Value v{t, in[0], t == ValType::V128 ? in[1] : 0};
    if (t == ValType::I32 || t == ValType::F32) v.lo &= 0xFFFFFFFFull;
    return v;
  }
};

}  // namespace zwasm
