// Validator error paths (spec chapter 3). Modules are built directly as decoded Module values, so
// these tests exercise validate_module alone; expected messages are the spec suite's wording.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "runtime/wasm/module.h"
#include "runtime/wasm/validator.h"

using namespace zwasm;

namespace {

constexpr ValType i32 = ValType::I32;
constexpr ValType i64 = ValType::I64;
constexpr ValType f64 = ValType::F64;
constexpr ValType funcref = ValType::FuncRef;
constexpr ValType externref = ValType::ExternRef;

// Assembles a decoded Module by hand. Function bodies are appended to Module::bytes after a few
// filler bytes, so that error offsets are distinguishable from body-relative positions.
struct ModuleBuilder {
  Module m;

  ModuleBuilder() { m.bytes.assign(8, 0); }

  uint32_t type(std::vector<ValType> params, std::vector<ValType> results) {
    m.types.push_back(FuncType{std::move(params), std::move(results)});
    return uint32_t(m.types.size() - 1);
  }

  // Adds a function with body `code` (which must include the final `end`); returns its function
  // index. The first body byte's offset is stored in `code_start` when given.
  uint32_t func(uint32_t type_index, std::vector<uint8_t> code,
                std::vector<std::pair<uint32_t, ValType>> locals = {}, size_t* code_start = nullptr) {
    FuncBody body;
    body.body_offset = m.bytes.size();
    body.locals = std::move(locals);
    for (auto& [count, t] : body.locals) body.num_locals += count;
    body.code_offset = m.bytes.size();
    m.bytes.insert(m.bytes.end(), code.begin(), code.end());
    body.code_end = m.bytes.size();
    if (code_start) *code_start = body.code_offset;
    m.func_types.push_back(type_index);
    m.codes.push_back(std::move(body));
    return m.num_imported_funcs + uint32_t(m.func_types.size() - 1);
  }

  void memory(uint64_t min, std::optional<uint64_t> max = std::nullopt) {
    m.memories.push_back(MemoryType{Limits{min, max}});
  }
  void table(ValType elem, uint64_t min, std::optional<uint64_t> max = std::nullopt) {
    m.tables.push_back(TableType{elem, Limits{min, max}});
  }
  void global(ValType t, bool mut, ConstExpr init) { m.globals.push_back(GlobalDef{{t, mut}, init}); }
  void import_global(ValType t, bool mut) {
    Import imp;
    imp.module = "env";
    // "g" + std::to_string(...) (or assigning "g", then appending) trips g++ 12's -Wrestrict.
    imp.name = std::to_string(m.imports.size());
    imp.name.insert(imp.name.begin(), 'g');
    imp.kind = ExternKind::Global;
    imp.global = GlobalType{t, mut};
    m.imports.push_back(imp);
    ++m.num_imported_globals;
  }
  void export_func(std::string name, uint32_t index) {
    m.exports.push_back(Export{std::move(name), ExternKind::Func, index});
  }
};

ConstExpr i32_const(uint32_t v) {
  ConstExpr e;
  e.kind = ConstExpr::Kind::I32;
  e.type = ValType::I32;
  e.lo = v;
  return e;
}
ConstExpr global_get(uint32_t index, ValType t) {
  ConstExpr e;
  e.kind = ConstExpr::Kind::GlobalGet;
  e.type = t;
  e.index = index;
  return e;
}
ConstExpr ref_func(uint32_t index) {
  ConstExpr e;
  e.kind = ConstExpr::Kind::RefFunc;
  e.type = ValType::FuncRef;
  e.index = index;
  return e;
}

// Validates and returns the error message, or "" when the module is valid.
std::string error_of(const Module& m) {
  Result<void> r = validate_module(m);
  return r.ok() ? std::string() : r.error().message;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Opcode bytes used below (spec 5.4).
constexpr uint8_t kUnreachable = 0x00, kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05,
                  kEnd = 0x0B, kBr = 0x0C, kBrTable = 0x0E, kReturn = 0x0F, kCall = 0x10,
                  kDrop = 0x1A, kSelect = 0x1B, kSelectT = 0x1C, kLocalGet = 0x20, kLocalSet = 0x21,
                  kGlobalGet = 0x23, kGlobalSet = 0x24, kTableGet = 0x25, kI32Load = 0x28,
                  kMemorySize = 0x3F, kI32Const = 0x41, kF32Const = 0x43, kF64Const = 0x44,
                  kI32Add = 0x6A, kF32Add = 0x92, kRefNull = 0xD0, kRefIsNull = 0xD1, kRefFunc = 0xD2,
                  kVoid = 0x40, kI32Type = 0x7F, kSimd = 0xFD, kBulk = 0xFC;

}  // namespace

TEST_CASE("validator: a well-typed function validates") {
  ModuleBuilder b;
  uint32_t t = b.type({i32, i32}, {i32});
  b.func(t, {kLocalGet, 0, kLocalGet, 1, kI32Add, kEnd});
  CHECK(error_of(b.m) == "");
}

TEST_CASE("validator: type mismatch names the function and the failing instruction's offset") {
  ModuleBuilder b;
  uint32_t t = b.type({}, {i32});
  b.func(t, {kI32Const, 0, kEnd});
  size_t start = 0;
  // f64.const 0; i32.const 1; i32.add  -> i32.add's second operand is f64
  b.func(t, {kF64Const, 0, 0, 0, 0, 0, 0, 0, 0, kI32Const, 1, kI32Add, kEnd}, {}, &start);
  Result<void> r = validate_module(b.m);
  REQUIRE_FALSE(r.ok());
  CHECK(contains(r.error().message, "type mismatch in function 1"));
  CHECK(contains(r.error().message, "expected i32, got f64"));
  CHECK(r.error().offset == start + 11);  // the i32.add byte
}

TEST_CASE("validator: result type mismatch and extra values at end") {
  ModuleBuilder b;
  uint32_t t = b.type({}, {i32});
  SUBCASE("wrong result type") { b.func(t, {kF32Const, 0, 0, 0, 0, kEnd}); }
  SUBCASE("missing result") { b.func(t, {kEnd}); }
  SUBCASE("one value too many") { b.func(t, {kI32Const, 0, kI32Const, 0, kEnd}); }
  CHECK(contains(error_of(b.m), "type mismatch"));
}

TEST_CASE("validator: unknown local, global, function, table, memory") {
  ModuleBuilder b;
  uint32_t v = b.type({i32}, {});
  SUBCASE("local") {
    b.func(v, {kLocalGet, 2, kDrop, kEnd}, {{1, i64}});  // locals 0 (param) and 1 exist
    CHECK(contains(error_of(b.m), "unknown local 2"));
  }
  SUBCASE("local within declared locals is fine") {
    b.func(v, {kLocalGet, 1, kDrop, kEnd}, {{1, i64}});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("global") {
    b.global(i32, false, i32_const(1));
    b.func(v, {kGlobalGet, 1, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "unknown global 1"));
  }
  SUBCASE("function") {
    b.func(v, {kCall, 7, kEnd});
    CHECK(contains(error_of(b.m), "unknown function 7"));
  }
  SUBCASE("table") {
    b.func(v, {kI32Const, 0, kTableGet, 0, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "unknown table 0"));
  }
  SUBCASE("memory") {
    b.func(v, {kI32Const, 0, kI32Load, 2, 0, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "unknown memory 0"));
  }
  SUBCASE("label") {
    b.func(v, {kBlock, kVoid, kBr, 2, kEnd, kEnd});
    CHECK(contains(error_of(b.m), "unknown label"));
  }
}

TEST_CASE("validator: local types in a function with billions of declared locals") {
  // Beyond the expansion threshold locals are looked up in the declared runs.
  auto leb = [](uint32_t v) {
    std::vector<uint8_t> out;
    do {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      out.push_back(v ? byte | 0x80 : byte);
    } while (v);
    return out;
  };
  auto get_local = [&](uint32_t index) {
    std::vector<uint8_t> code = {kLocalGet};
    std::vector<uint8_t> idx = leb(index);
    code.insert(code.end(), idx.begin(), idx.end());
    code.push_back(kEnd);
    return code;
  };
  constexpr uint32_t kMany = 3'000'000'000u;
  std::vector<std::pair<uint32_t, ValType>> locals = {{kMany, i32}, {5, f64}};
  ModuleBuilder b;
  uint32_t param_i64_to_f64 = b.type({i64}, {f64});
  uint32_t param_i64_to_i32 = b.type({i64}, {i32});
  uint32_t param_i64_to_i64 = b.type({i64}, {i64});
  SUBCASE("the last f64") { b.func(param_i64_to_f64, get_local(kMany + 5), locals); CHECK(error_of(b.m) == ""); }
  SUBCASE("the first f64") { b.func(param_i64_to_f64, get_local(kMany + 1), locals); CHECK(error_of(b.m) == ""); }
  SUBCASE("the last i32") { b.func(param_i64_to_i32, get_local(kMany), locals); CHECK(error_of(b.m) == ""); }
  SUBCASE("the param") { b.func(param_i64_to_i64, get_local(0), locals); CHECK(error_of(b.m) == ""); }
  SUBCASE("an i32 is not an f64") {
    b.func(param_i64_to_f64, get_local(kMany), locals);
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("one past the end") {
    b.func(param_i64_to_f64, get_local(kMany + 6), locals);
    CHECK(contains(error_of(b.m), "unknown local"));
  }
}

TEST_CASE("validator: memarg alignment must not exceed natural alignment") {
  ModuleBuilder b;
  b.memory(1);
  uint32_t v = b.type({}, {});
  SUBCASE("i32.load align=4 (exponent 2) is natural") {
    b.func(v, {kI32Const, 0, kI32Load, 2, 0, kDrop, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("i32.load align=8 is too large") {
    b.func(v, {kI32Const, 0, kI32Load, 3, 0, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "alignment must not be larger than natural"));
  }
  SUBCASE("i32.load8_u align=2 is too large") {
    b.func(v, {kI32Const, 0, 0x2D, 1, 0, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "alignment must not be larger than natural"));
  }
  SUBCASE("v128.load align=16 is natural, 32 is not") {
    b.func(v, {kI32Const, 0, kSimd, 0x00, 4, 0, kDrop, kEnd});
    CHECK(error_of(b.m) == "");
    ModuleBuilder c;
    c.memory(1);
    c.func(c.type({}, {}), {kI32Const, 0, kSimd, 0x00, 5, 0, kDrop, kEnd});
    CHECK(contains(error_of(c.m), "alignment must not be larger than natural"));
  }
  SUBCASE("an alignment exponent of 32 or more is malformed") {
    b.func(v, {kI32Const, 0, kI32Load, 0x20, 0, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "malformed memop flags"));
  }
}

TEST_CASE("validator: SIMD lane indices") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  std::vector<uint8_t> v128_zero = {kSimd, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto body = [&](std::initializer_list<uint8_t> tail) {
    std::vector<uint8_t> code = v128_zero;
    code.insert(code.end(), tail);
    return code;
  };
  SUBCASE("i8x16.extract_lane_s 15 is the last lane") {
    b.func(v, body({kSimd, 0x15, 15, kDrop, kEnd}));
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("i8x16.extract_lane_s 16") {
    b.func(v, body({kSimd, 0x15, 16, kDrop, kEnd}));
    CHECK(contains(error_of(b.m), "invalid lane index"));
  }
  SUBCASE("f64x2.replace_lane 2") {
    b.func(v, body({kF64Const, 0, 0, 0, 0, 0, 0, 0, 0, kSimd, 0x22, 2, kDrop, kEnd}));
    CHECK(contains(error_of(b.m), "invalid lane index"));
  }
  SUBCASE("i8x16.shuffle lane 32") {
    std::vector<uint8_t> code = v128_zero;
    code.insert(code.end(), v128_zero.begin(), v128_zero.end());
    code.insert(code.end(), {kSimd, 0x0D});
    for (int i = 0; i < 16; ++i) code.push_back(i == 9 ? 32 : 31);
    code.insert(code.end(), {kDrop, kEnd});
    b.func(v, code);
    CHECK(contains(error_of(b.m), "invalid lane index"));
  }
}

TEST_CASE("validator: the stack is polymorphic after unreachable, br and return") {
  ModuleBuilder b;
  uint32_t ri = b.type({}, {i32});
  SUBCASE("unreachable then end with a result") { b.func(ri, {kUnreachable, kEnd}); }
  SUBCASE("unreachable feeds any operands") { b.func(ri, {kUnreachable, kI32Add, kEnd}); }
  SUBCASE("known operands still type-check above the polymorphic base") {
    b.func(ri, {kUnreachable, kI32Const, 0, kI32Add, kEnd});
  }
  SUBCASE("after return") { b.func(ri, {kI32Const, 0, kReturn, kDrop, kDrop, kI32Const, 0, kEnd}); }
  SUBCASE("after br inside a block") {
    b.func(ri, {kBlock, kI32Type, kI32Const, 9, kBr, 0, kF32Add, kDrop, kI32Const, 1, kEnd, kEnd});
  }
  SUBCASE("select of two unknowns") { b.func(ri, {kUnreachable, kSelect, kEnd}); }
  CHECK(error_of(b.m) == "");
}

TEST_CASE("validator: polymorphism does not hide concrete mismatches") {
  ModuleBuilder b;
  uint32_t ri = b.type({}, {i32});
  SUBCASE("f32 operand to i32.add after unreachable") {
    b.func(ri, {kUnreachable, kF32Const, 0, 0, 0, 0, kI32Add, kEnd});
  }
  SUBCASE("wrong result after unreachable") { b.func(ri, {kUnreachable, kF32Const, 0, 0, 0, 0, kEnd}); }
  SUBCASE("unreachable is per block") {
    // block [] -> [i32] { unreachable }  then the function has an i32 and a leftover: fine; but an
    // outer i32.add needs two operands and only one is there.
    b.func(ri, {kBlock, kI32Type, kUnreachable, kEnd, kI32Add, kEnd});
  }
  CHECK(contains(error_of(b.m), "type mismatch"));
}

TEST_CASE("validator: br_table targets must agree in arity") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  SUBCASE("consistent") {
    // block [] -> [i32] { block [] -> [i32] { i32.const 1; i32.const 0; br_table 0 1 (default 1) } }
    b.func(v, {kBlock, kI32Type, kBlock, kI32Type, kI32Const, 1, kI32Const, 0, kBrTable, 1, 0, 1,
               kEnd, kEnd, kDrop, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("arity mismatch: a [] label and an [i32] label") {
    b.func(v, {kBlock, kVoid, kBlock, kI32Type, kI32Const, 1, kI32Const, 0, kBrTable, 1, 0, 1,
               kEnd, kDrop, kEnd, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("same arity, different types") {
    // block [] -> [f32] { block [] -> [i32] { i32 operand; br_table 0 1 } drop; f32.const 0 }
    b.func(v, {kBlock, 0x7D, kBlock, kI32Type, kI32Const, 1, kI32Const, 0, kBrTable, 1, 0, 1, kEnd,
               kDrop, kF32Const, 0, 0, 0, 0, kEnd, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("in unreachable code, arity still has to agree") {
    b.func(v, {kBlock, kVoid, kBlock, kI32Type, kUnreachable, kBrTable, 1, 0, 1, kEnd, kDrop,
               kEnd, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
}

TEST_CASE("validator: global.set needs a mutable global") {
  ModuleBuilder b;
  b.global(i32, false, i32_const(0));
  b.global(i32, true, i32_const(0));
  uint32_t v = b.type({}, {});
  SUBCASE("immutable") {
    b.func(v, {kI32Const, 1, kGlobalSet, 0, kEnd});
    CHECK(contains(error_of(b.m), "global is immutable"));
  }
  SUBCASE("mutable") {
    b.func(v, {kI32Const, 1, kGlobalSet, 1, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("mutable with the wrong type") {
    b.func(v, {kF32Const, 0, 0, 0, 0, kGlobalSet, 1, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
}

TEST_CASE("validator: ref.func must name a declared function") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  uint32_t f = b.func(v, {kRefFunc, 0, kDrop, kEnd});
  SUBCASE("only referenced inside a body") {
    CHECK(contains(error_of(b.m), "undeclared function reference"));
  }
  SUBCASE("start does not declare") {
    b.m.start = f;
    CHECK(contains(error_of(b.m), "undeclared function reference"));
  }
  SUBCASE("an export declares it") {
    b.export_func("f", f);
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("a declarative element segment declares it") {
    ElemSegment seg;
    seg.mode = ElemSegment::Mode::Declarative;
    seg.items.push_back(ref_func(f));
    b.m.elems.push_back(seg);
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("a global initializer declares it") {
    b.global(funcref, false, ref_func(f));
    CHECK(error_of(b.m) == "");
  }
}

TEST_CASE("validator: 100000 nested blocks validate without exhausting the native stack") {
  constexpr int kDepth = 100000;
  ModuleBuilder b;
  uint32_t ri = b.type({}, {i32});
  std::vector<uint8_t> code;
  for (int i = 0; i < kDepth; ++i) code.insert(code.end(), {kBlock, kI32Type});
  code.insert(code.end(), {kI32Const, 42});
  for (int i = 0; i < kDepth; ++i) code.push_back(kEnd);
  code.push_back(kEnd);
  b.func(ri, code);
  CHECK(error_of(b.m) == "");

  // The same depth with a branch out of the innermost block to the function label.
  ModuleBuilder c;
  uint32_t ri2 = c.type({}, {i32});
  std::vector<uint8_t> code2;
  for (int i = 0; i < kDepth; ++i) code2.insert(code2.end(), {kLoop, kVoid});
  code2.insert(code2.end(), {kI32Const, 7, kBr});
  // br depth = kDepth (the function's label), as a 3-byte LEB.
  code2.insert(code2.end(), {uint8_t(0x80 | (kDepth & 0x7F)), uint8_t(0x80 | ((kDepth >> 7) & 0x7F)),
                             uint8_t(kDepth >> 14)});
  for (int i = 0; i < kDepth; ++i) code2.push_back(kEnd);
  code2.insert(code2.end(), {kUnreachable, kEnd});
  c.func(ri2, code2);
  CHECK(error_of(c.m) == "");
}

TEST_CASE("validator: select") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  SUBCASE("untyped select of references is a type mismatch") {
    b.func(v, {kRefNull, 0x70, kRefNull, 0x70, kI32Const, 1, kSelect, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("typed select of references") {
    b.func(v, {kRefNull, 0x6F, kRefNull, 0x6F, kI32Const, 1, kSelectT, 1, 0x6F, kDrop, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("typed select with two types") {
    b.func(v, {kI32Const, 0, kI32Const, 0, kI32Const, 1, kSelectT, 2, 0x7F, 0x7F, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "invalid result arity"));
  }
  SUBCASE("untyped select of differing numeric types") {
    b.func(v, {kI32Const, 0, kF32Const, 0, 0, 0, 0, kI32Const, 1, kSelect, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
}

TEST_CASE("validator: control structures") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  uint32_t ri = b.type({}, {i32});
  SUBCASE("if with a result needs an else") {
    b.func(ri, {kI32Const, 1, kIf, kI32Type, kI32Const, 2, kEnd, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("if/else with results") {
    b.func(ri, {kI32Const, 1, kIf, kI32Type, kI32Const, 2, kElse, kI32Const, 3, kEnd, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("multi-value block type by type index, with parameters") {
    uint32_t pair = b.type({i32}, {i32, i32});
    b.func(v, {kI32Const, 5, kBlock, uint8_t(pair), kI32Const, 6, kEnd, kDrop, kDrop, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("a loop label carries the loop's parameters") {
    uint32_t loop_type = b.type({i32}, {});
    // i32.const 0; loop (param i32) { br 0 }  -- br passes the i32 back to the loop start
    b.func(v, {kI32Const, 0, kLoop, uint8_t(loop_type), kBr, 0, kEnd, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("unknown block type index") {
    b.func(v, {kBlock, 0x05, kEnd, kEnd});
    CHECK(contains(error_of(b.m), "unknown type"));
  }
  SUBCASE("the condition of if must be i32") {
    b.func(v, {kF32Const, 0, 0, 0, 0, kIf, kVoid, kEnd, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("block operands are not visible inside") {
    b.func(v, {kI32Const, 1, kBlock, kVoid, kDrop, kEnd, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
}

TEST_CASE("validator: malformed bodies the decoder leaves to the validator") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  SUBCASE("illegal opcode") {
    b.func(v, {0xFF, kEnd});
    CHECK(contains(error_of(b.m), "illegal opcode"));
  }
  SUBCASE("illegal prefixed opcode") {
    b.func(v, {kSimd, 0x9A, 0x01, kEnd});  // 0xFD 154 is unassigned
    CHECK(contains(error_of(b.m), "illegal opcode"));
  }
  SUBCASE("memory.size reserved byte") {
    b.memory(1);
    b.func(v, {kMemorySize, 0x01, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "zero byte expected"));
  }
  SUBCASE("memory.size reserved byte as a long LEB zero") {
    b.memory(1);
    b.func(v, {kMemorySize, 0x80, 0x00, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "zero byte expected"));
  }
  SUBCASE("bytes after the final end") {
    b.func(v, {kEnd, kEnd});
    CHECK_FALSE(error_of(b.m).empty());
  }
  SUBCASE("body ends inside a block") {
    b.func(v, {kBlock, kVoid, kEnd});
    CHECK(contains(error_of(b.m), "unexpected end"));
  }
  SUBCASE("truncated immediate") {
    b.func(v, {kI32Const, 0x80});
    CHECK(contains(error_of(b.m), "unexpected end"));
  }
  SUBCASE("memory.init without a data count section") {
    b.memory(1);
    DataSegment d;
    d.mode = DataSegment::Mode::Passive;
    b.m.datas.push_back(d);
    b.func(v, {kI32Const, 0, kI32Const, 0, kI32Const, 0, kBulk, 8, 0, 0, kEnd});
    CHECK(contains(error_of(b.m), "data count section required"));
    b.m.data_count = 1;
    CHECK(error_of(b.m) == "");
  }
}

TEST_CASE("validator: segment and bulk instructions") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  SUBCASE("data.drop of an unknown data segment") {
    b.memory(1);
    b.m.data_count = 1;
    b.m.datas.resize(1);
    b.m.datas[0].mode = DataSegment::Mode::Passive;
    b.func(v, {kBulk, 9, 4, kEnd});
    CHECK(contains(error_of(b.m), "unknown data segment 4"));
  }
  SUBCASE("elem.drop of an unknown elem segment") {
    b.func(v, {kBulk, 13, 0, kEnd});
    CHECK(contains(error_of(b.m), "unknown elem segment 0"));
  }
  SUBCASE("table.init needs matching element types") {
    b.table(externref, 1);
    ElemSegment seg;
    seg.mode = ElemSegment::Mode::Passive;
    seg.type = funcref;
    b.m.elems.push_back(seg);
    b.func(v, {kI32Const, 0, kI32Const, 0, kI32Const, 0, kBulk, 12, 0, 0, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("call_indirect needs a funcref table") {
    b.table(externref, 1);
    b.func(v, {kI32Const, 0, 0x11, 0, 0, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("ref.is_null of a number") {
    b.func(v, {kI32Const, 0, kRefIsNull, kDrop, kEnd});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("table.grow / table.fill on an externref table") {
    b.table(externref, 1);
    b.func(v, {kRefNull, 0x6F, kI32Const, 1, kBulk, 15, 0, kDrop,
               kI32Const, 0, kRefNull, 0x6F, kI32Const, 1, kBulk, 17, 0, kEnd});
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("local.set with the wrong type") {
    b.func(v, {kF32Const, 0, 0, 0, 0, kLocalSet, 0, kEnd}, {{1, i32}});
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
}

TEST_CASE("validator: module-level rules") {
  ModuleBuilder b;
  uint32_t v = b.type({}, {});
  SUBCASE("memory over 65536 pages") {
    b.memory(65537);
    CHECK(contains(error_of(b.m), "memory size must be at most 65536 pages (4GiB)"));
  }
  SUBCASE("memory maximum over 65536 pages") {
    b.memory(0, 65537);
    CHECK(contains(error_of(b.m), "memory size must be at most 65536 pages (4GiB)"));
  }
  SUBCASE("memory of exactly 65536 pages") {
    b.memory(65536, 65536);
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("memory min > max") {
    b.memory(2, 1);
    CHECK(contains(error_of(b.m), "size minimum must not be greater than maximum"));
  }
  SUBCASE("table min > max") {
    b.table(funcref, 10, 5);
    CHECK(contains(error_of(b.m), "size minimum must not be greater than maximum"));
  }
  SUBCASE("two memories") {
    b.memory(0);
    b.memory(0);
    CHECK(contains(error_of(b.m), "multiple memories"));
  }
  SUBCASE("several tables are fine in 2.0") {
    b.table(funcref, 0);
    b.table(externref, 0);
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("duplicate export name") {
    uint32_t f = b.func(v, {kEnd});
    b.export_func("a", f);
    b.export_func("a", f);
    CHECK(contains(error_of(b.m), "duplicate export name"));
  }
  SUBCASE("export of an unknown function") {
    b.export_func("a", 3);
    CHECK(contains(error_of(b.m), "unknown function 3"));
  }
  SUBCASE("start function must be [] -> []") {
    uint32_t f = b.func(b.type({i32}, {}), {kEnd});
    b.m.start = f;
    CHECK(contains(error_of(b.m), "start function"));
  }
  SUBCASE("unknown start function") {
    b.m.start = 1;
    CHECK(contains(error_of(b.m), "unknown function"));
  }
  SUBCASE("function with an unknown type") {
    b.func(9, {kEnd});
    CHECK(contains(error_of(b.m), "unknown type"));
  }
  SUBCASE("global initializer of the wrong type") {
    b.global(i64, false, i32_const(0));
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("global.get of an imported immutable global is constant") {
    b.import_global(i32, false);
    b.global(i32, false, global_get(0, i32));
    CHECK(error_of(b.m) == "");
  }
  SUBCASE("global.get of an imported mutable global is not constant") {
    b.import_global(i32, true);
    b.global(i32, false, global_get(0, i32));
    CHECK(contains(error_of(b.m), "constant expression required"));
  }
  SUBCASE("global.get of a defined global is unknown in 2.0") {
    b.global(i32, false, i32_const(0));
    b.global(i32, false, global_get(0, i32));
    CHECK(contains(error_of(b.m), "unknown global 0"));
  }
  SUBCASE("active elem segment into an unknown table") {
    ElemSegment seg;
    seg.offset = i32_const(0);
    b.m.elems.push_back(seg);
    CHECK(contains(error_of(b.m), "unknown table 0"));
  }
  SUBCASE("elem items must have the segment's type") {
    b.table(externref, 1);
    ElemSegment seg;
    seg.type = externref;
    seg.offset = i32_const(0);
    uint32_t f = b.func(v, {kEnd});
    seg.items.push_back(ref_func(f));
    b.m.elems.push_back(seg);
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
  SUBCASE("active data segment without a memory") {
    DataSegment d;
    d.offset = i32_const(0);
    b.m.datas.push_back(d);
    CHECK(contains(error_of(b.m), "unknown memory 0"));
  }
  SUBCASE("data offset must be i32") {
    b.memory(1);
    DataSegment d;
    d.offset.kind = ConstExpr::Kind::I64;
    d.offset.type = i64;
    b.m.datas.push_back(d);
    CHECK(contains(error_of(b.m), "type mismatch"));
  }
}
