// Binary decoder: the entries of each section (spec 5.5.4 - 5.5.14), constant expressions
// (5.4.9 / 3.3.10), and the cross-section count checks (5.5.16).
#include <doctest/doctest.h>

#include "runtime/wasm/decoder.h"
#include "tests/decoder_test_util.h"

using namespace zwasm;
using namespace zwasm::test;

namespace {

std::shared_ptr<Module> decode_ok(Bytes bytes) {
  auto r = decode_module(std::move(bytes));
  INFO("decode error: " << (r.ok() ? "" : r.error().describe()));
  REQUIRE(r.ok());
  return *r;
}

// A module whose only content is one global of type i32 (immutable) initialised by `expr`
// (which must include its `end`).
Bytes global_with_init(const Bytes& expr) {
  return module({section(6, cat({Bytes{0x01, 0x7F, 0x00}, expr}))});
}

ConstExpr decoded_init(const Bytes& expr) {
  auto m = decode_ok(global_with_init(expr));
  REQUIRE(m->globals.size() == 1);
  return m->globals[0].init;
}

}  // namespace

TEST_CASE("decoder: type section") {
  auto m = decode_ok(module({section(
      1, {0x03, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D, 0x60, 0x03, 0x7C, 0x7B, 0x70,
          0x02, 0x6F, 0x7F})}));
  REQUIRE(m->types.size() == 3);
  CHECK(m->types[0].params.empty());
  CHECK(m->types[0].results.empty());
  CHECK(m->types[1].to_string() == "[i32 i64] -> [f32]");
  CHECK(m->types[2].to_string() == "[f64 v128 funcref] -> [externref i32]");

  CHECK(fails_with(module({section(1, {0x01, 0x61, 0x00, 0x00})}), "malformed function type"));
  CHECK(fails_with(module({section(1, {0x01, 0xE0, 0x7F, 0x00, 0x00})}),
                   "integer representation too long"));
  CHECK(fails_with(module({section(1, {0x01, 0x60, 0x01, 0x7A, 0x00})}), "malformed value type"));
  CHECK(fails_with(module({section(1, {0x01, 0x60, 0x00, 0x01, 0x40})}), "malformed value type"));
}

TEST_CASE("decoder: imports of all four kinds, with the index-space helpers") {
  Bytes types = section(1, {0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x01, 0x7E});
  Bytes imports = section(
      2, cat({Bytes{0x05},
              name("env"), name("g"), Bytes{0x03, 0x7E, 0x01},              // global (mut i64)
              name("env"), name("f"), Bytes{0x00, 0x01},                    // func type 1
              name("env"), name("t"), Bytes{0x01, 0x6F, 0x01, 0x02, 0x09},  // table externref 2..9
              name("env"), name("mem"), Bytes{0x02, 0x00, 0x03},            // memory 3..
              name("x"), name("f2"), Bytes{0x00, 0x00}}));                  // func type 0
  Bytes functions = section(3, {0x01, 0x01});
  Bytes tables = section(4, {0x01, 0x70, 0x00, 0x05});
  Bytes globals = section(6, {0x01, 0x7D, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x0B});
  Bytes code = section(10, {0x01, 0x04, 0x00, 0x42, 0x00, 0x0B});
  auto m = decode_ok(module({types, imports, functions, tables, globals, code}));

  REQUIRE(m->imports.size() == 5);
  CHECK(m->imports[0].module == "env");
  CHECK(m->imports[0].name == "g");
  CHECK(m->imports[0].kind == ExternKind::Global);
  CHECK(m->imports[0].global.type == ValType::I64);
  CHECK(m->imports[0].global.mut);
  CHECK(m->imports[1].kind == ExternKind::Func);
  CHECK(m->imports[1].type_index == 1);
  CHECK(m->imports[2].table.elem == ValType::ExternRef);
  CHECK(m->imports[2].table.limits.min == 2);
  CHECK(m->imports[2].table.limits.max == 9u);
  CHECK(m->imports[3].memory.limits.min == 3);
  CHECK_FALSE(m->imports[3].memory.limits.max.has_value());
  CHECK(m->imports[0].offset == 8 + 11 + 3);  // header, type section, import id/size/count

  CHECK(m->num_imported_funcs == 2);
  CHECK(m->num_imported_tables == 1);
  CHECK(m->num_imported_memories == 1);
  CHECK(m->num_imported_globals == 1);
  CHECK(m->total_funcs() == 3);
  CHECK(m->total_tables() == 2);
  CHECK(m->total_globals() == 2);

  // Imports come first in each index space.
  CHECK(m->func_type_index(0) == 1);
  CHECK(m->func_type_index(1) == 0);
  CHECK(m->func_type_index(2) == 1);
  CHECK(m->func_type(0).to_string() == "[i32] -> [i64]");
  CHECK(m->func_type(1).to_string() == "[] -> []");
  CHECK(m->table_type(0).elem == ValType::ExternRef);
  CHECK(m->table_type(1).elem == ValType::FuncRef);
  CHECK(m->table_type(1).limits.min == 5);
  CHECK(m->memory_type(0).limits.min == 3);
  CHECK(m->global_type(0).type == ValType::I64);
  CHECK(m->global_type(1).type == ValType::F32);
  CHECK_FALSE(m->global_type(1).mut);
  CHECK(m->func_display_name(2) == "func[2]");

  SUBCASE("a hand-built module without position tables gives the same answers") {
    Module copy = *m;
    copy.func_import_positions.clear();
    copy.table_import_positions.clear();
    copy.memory_import_positions.clear();
    copy.global_import_positions.clear();
    CHECK(copy.func_type_index(0) == 1);
    CHECK(copy.func_type_index(1) == 0);
    CHECK(copy.table_type(0).elem == ValType::ExternRef);
    CHECK(copy.memory_type(0).limits.min == 3);
    CHECK(copy.global_type(0).type == ValType::I64);
  }

  auto one_import = [](const Bytes& descriptor) {
    return module({section(2, cat({Bytes{0x01}, name("a"), name("b"), descriptor}))});
  };
  CHECK(fails_with(one_import({0x04}), "malformed import kind"));
  CHECK(fails_with(one_import({0x80, 0x00}), "malformed import kind"));  // a byte, not a LEB128
  CHECK(fails_with(one_import({0x03, 0x7F, 0x02}), "malformed mutability"));
  CHECK(fails_with(one_import({0x01, 0x7F, 0x00, 0x00}), "malformed reference type"));
}

TEST_CASE("decoder: limits") {
  auto m = decode_ok(
      module({section(5, {0x02, 0x00, 0x01, 0x01, 0x80, 0x80, 0x04, 0x80, 0x80, 0x04})}));
  REQUIRE(m->memories.size() == 2);
  CHECK(m->memories[0].limits.min == 1);
  CHECK_FALSE(m->memories[0].limits.max.has_value());
  CHECK(m->memories[1].limits.min == 65536);
  CHECK(m->memories[1].limits.max == 65536u);

  // Only flags 0 and 1 exist in 2.0 (no shared or 64-bit memories); the wording follows the
  // reference interpreter, which reads the flag as a 1-bit LEB128.
  CHECK(fails_with(module({section(5, {0x01, 0x02, 0x00})}), "integer too large"));
  CHECK(fails_with(module({section(5, {0x01, 0x03, 0x00, 0x00})}), "integer too large"));
  CHECK(fails_with(module({section(5, {0x01, 0x81, 0x00, 0x00, 0x00})}),
                   "integer representation too long"));
  CHECK(fails_with(module({section(4, {0x01, 0x70, 0x02, 0x00})}), "integer too large"));
  // min and max are u32.
  CHECK(fails_with(module({section(5, {0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10})}),
                   "integer too large"));
  CHECK(fails_with(module({section(4, {0x01, 0x7F, 0x00, 0x00})}), "malformed reference type"));
}

TEST_CASE("decoder: globals and mutability") {
  auto m = decode_ok(module({section(
      6, {0x02, 0x7F, 0x01, 0x41, 0x2A, 0x0B, 0x6F, 0x00, 0xD0, 0x6F, 0x0B})}));
  REQUIRE(m->globals.size() == 2);
  CHECK(m->globals[0].type.type == ValType::I32);
  CHECK(m->globals[0].type.mut);
  CHECK(m->globals[0].init.lo == 42);
  CHECK(m->globals[1].type.type == ValType::ExternRef);
  CHECK(m->globals[1].init.kind == ConstExpr::Kind::RefNull);
  for (uint8_t mut : {0x02, 0xFF, 0x80})
    CHECK(fails_with(module({section(6, {0x01, 0x7F, mut, 0x41, 0x00, 0x0B})}),
                     "malformed mutability"));
}

TEST_CASE("decoder: constant expressions") {
  ConstExpr e = decoded_init({0x41, 0x7F, 0x0B});  // i32.const -1
  CHECK(e.kind == ConstExpr::Kind::I32);
  CHECK(e.type == ValType::I32);
  CHECK(e.lo == 0xFFFFFFFFull);  // zero-extended cell
  CHECK(e.offset == 8 + 2 + 3);

  e = decoded_init({0x42, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0B});  // i64.const -2^32
  CHECK(e.kind == ConstExpr::Kind::I64);
  CHECK(e.lo == 0xFFFFFFFF00000000ull);

  e = decoded_init({0x43, 0x00, 0x00, 0xC0, 0x7F, 0x0B});  // f32.const nan
  CHECK(e.kind == ConstExpr::Kind::F32);
  CHECK(e.lo == 0x7FC00000u);

  e = decoded_init({0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xBF, 0x0B});  // -1.0
  CHECK(e.kind == ConstExpr::Kind::F64);
  CHECK(e.lo == 0xBFF0000000000000ull);

  Bytes v128 = {0xFD, 0x0C};
  for (uint8_t i = 0; i < 16; ++i) v128.push_back(i);
  v128.push_back(0x0B);
  e = decoded_init(v128);
  CHECK(e.kind == ConstExpr::Kind::V128);
  CHECK(e.type == ValType::V128);
  CHECK(e.lo == 0x0706050403020100ull);
  CHECK(e.hi == 0x0F0E0D0C0B0A0908ull);

  e = decoded_init({0xD0, 0x70, 0x0B});
  CHECK(e.kind == ConstExpr::Kind::RefNull);
  CHECK(e.type == ValType::FuncRef);
  e = decoded_init({0xD2, 0x05, 0x0B});
  CHECK(e.kind == ConstExpr::Kind::RefFunc);
  CHECK(e.type == ValType::FuncRef);
  CHECK(e.index == 5);

  // global.get takes the type of an already-declared global (here an import).
  Bytes import_f64 = section(2, cat({Bytes{0x01}, name("m"), name("g"), Bytes{0x03, 0x7C, 0x00}}));
  auto m = decode_ok(module({import_f64, section(6, {0x01, 0x7C, 0x00, 0x23, 0x00, 0x0B})}));
  CHECK(m->globals[0].init.kind == ConstExpr::Kind::GlobalGet);
  CHECK(m->globals[0].init.index == 0);
  CHECK(m->globals[0].init.type == ValType::F64);

  // Not constant / not an instruction / wrong shape (global.wast, elem.wast, binary.wast).
  CHECK(fails_with(global_with_init({0x01, 0x0B}), "constant expression required"));        // nop
  CHECK(fails_with(global_with_init({0x20, 0x00, 0x0B}),  // local.get
                   "constant expression required"));
  CHECK(fails_with(global_with_init({0x41, 0x00, 0x68, 0x0B}), "constant expression required"));
  CHECK(fails_with(global_with_init({0x41, 0x00, 0x01, 0x0B}), "constant expression required"));
  CHECK(fails_with(global_with_init({0xFD, 0x0F, 0x41, 0x00, 0x0B}),  // i8x16.splat
                   "constant expression required"));
  CHECK(fails_with(global_with_init({0xFC, 0x00, 0x0B}), "constant expression required"));
  CHECK(fails_with(global_with_init({0xF3, 0x0B}), "illegal opcode"));
  CHECK(fails_with(global_with_init({0xFC, 0x7F, 0x0B}), "illegal opcode"));
  CHECK(fails_with(global_with_init({0x0B}), "type mismatch"));  // empty
  CHECK(fails_with(global_with_init({0x41, 0x00, 0x41, 0x00, 0x0B}), "type mismatch"));
  CHECK(fails_with(global_with_init({0x41, 0x00}), "unexpected end"));  // missing end
  CHECK(fails_with(global_with_init({0xD0, 0x7F, 0x0B}), "malformed reference type"));
  CHECK(fails_with(global_with_init({0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0B}),
                   "integer too large"));
}

TEST_CASE("decoder: exports and start") {
  Bytes exports = section(7, cat({Bytes{0x04}, name("f"), Bytes{0x00, 0x00}, name("t"),
                                  Bytes{0x01, 0x00}, name("m"), Bytes{0x02, 0x00}, name("g"),
                                  Bytes{0x03, 0x80, 0x01}}));
  auto m = decode_ok(module({type_section_void_to_void(), one_function(), exports,
                             section(8, {0x00}), one_empty_body()}));
  REQUIRE(m->exports.size() == 4);
  CHECK(m->exports[0].name == "f");
  CHECK(m->exports[0].kind == ExternKind::Func);
  CHECK(m->exports[1].kind == ExternKind::Table);
  CHECK(m->exports[2].kind == ExternKind::Memory);
  CHECK(m->exports[3].kind == ExternKind::Global);
  CHECK(m->exports[3].index == 128);
  CHECK(m->start == 0u);
  CHECK(fails_with(module({section(7, cat({Bytes{0x01}, name("x"), Bytes{0x04, 0x00}}))}),
                   "malformed export kind"));
  CHECK(fails_with(module({section(8, {0x00, 0x00})}), "section size mismatch"));
  CHECK(fails_with(module({section(8, {})}), "unexpected end"));
}

TEST_CASE("decoder: element segments, all eight encodings") {
  // Spec 5.5.12, one segment per flags value 0..7.
  Bytes elems = section(
      9, {0x08,
          0x00, 0x41, 0x01, 0x0B, 0x02, 0x00, 0x00,                    // 0: active t0, funcidx
          0x01, 0x00, 0x01, 0x00,                                      // 1: passive, elemkind
          0x02, 0x01, 0x41, 0x02, 0x0B, 0x00, 0x01, 0x00,              // 2: active t1, elemkind
          0x03, 0x00, 0x01, 0x00,                                      // 3: declarative
          0x04, 0x41, 0x03, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B,  // 4: active exprs
          0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,                          // 5: passive externref
          0x06, 0x01, 0x41, 0x04, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B,  // 6: active t1, reftype
          0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B});                        // 7: declarative exprs
  auto m = decode_ok(module({type_section_void_to_void(), one_function(),
                             section(4, {0x02, 0x70, 0x00, 0x01, 0x70, 0x00, 0x01}), elems,
                             one_empty_body()}));
  REQUIRE(m->elems.size() == 8);
  using Mode = ElemSegment::Mode;
  const auto& e = m->elems;

  CHECK(e[0].mode == Mode::Active);
  CHECK(e[0].table_index == 0);
  CHECK(e[0].offset.lo == 1);
  CHECK(e[0].type == ValType::FuncRef);
  REQUIRE(e[0].items.size() == 2);
  CHECK(e[0].items[0].kind == ConstExpr::Kind::RefFunc);
  CHECK(e[0].items[1].index == 0);

  CHECK(e[1].mode == Mode::Passive);
  CHECK(e[1].type == ValType::FuncRef);
  CHECK(e[1].items.size() == 1);

  CHECK(e[2].mode == Mode::Active);
  CHECK(e[2].table_index == 1);
  CHECK(e[2].offset.lo == 2);

  CHECK(e[3].mode == Mode::Declarative);

  CHECK(e[4].mode == Mode::Active);
  CHECK(e[4].table_index == 0);
  CHECK(e[4].offset.lo == 3);
  REQUIRE(e[4].items.size() == 2);
  CHECK(e[4].items[0].kind == ConstExpr::Kind::RefFunc);
  CHECK(e[4].items[1].kind == ConstExpr::Kind::RefNull);

  CHECK(e[5].mode == Mode::Passive);
  CHECK(e[5].type == ValType::ExternRef);
  CHECK(e[5].items[0].type == ValType::ExternRef);

  CHECK(e[6].mode == Mode::Active);
  CHECK(e[6].table_index == 1);
  CHECK(e[6].offset.lo == 4);
  CHECK(e[6].type == ValType::FuncRef);

  CHECK(e[7].mode == Mode::Declarative);
  CHECK(e[7].items[0].kind == ConstExpr::Kind::RefFunc);

  CHECK(fails_with(module({section(9, {0x01, 0x08, 0x00})}), "malformed elements segment kind"));
  CHECK(fails_with(module({section(9, {0x01, 0x01, 0x01, 0x00})}), "malformed element kind"));
  CHECK(fails_with(module({section(9, {0x01, 0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B})}),
                   "malformed reference type"));
  CHECK(fails_with(module({section(9, {0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B})}),
                   "illegal opcode"));
  CHECK(fails_with(module({section(9, {0x01, 0x05, 0x70, 0x01, 0x10, 0x00, 0x0B})}),  // call
                   "constant expression required"));
}

TEST_CASE("decoder: data segments, all three encodings") {
  Bytes data = section(11, {0x03,
                            0x00, 0x41, 0x08, 0x0B, 0x02, 'h', 'i',   // active memory 0
                            0x01, 0x03, 'a', 'b', 'c',                // passive
                            0x02, 0x00, 0x41, 0x10, 0x0B, 0x00});     // active, explicit memory
  auto m = decode_ok(module({section(5, {0x01, 0x00, 0x01}), data}));
  REQUIRE(m->datas.size() == 3);
  const auto& d = m->datas;
  CHECK(d[0].mode == DataSegment::Mode::Active);
  CHECK(d[0].memory_index == 0);
  CHECK(d[0].offset.lo == 8);
  CHECK(d[0].data_size == 2);
  CHECK(m->bytes[d[0].data_offset] == 'h');
  CHECK(m->bytes[d[0].data_offset + 1] == 'i');
  CHECK(d[1].mode == DataSegment::Mode::Passive);
  CHECK(d[1].data_size == 3);
  CHECK(m->bytes[d[1].data_offset] == 'a');
  CHECK(d[2].mode == DataSegment::Mode::Active);
  CHECK(d[2].offset.lo == 16);
  CHECK(d[2].data_size == 0);

  CHECK(fails_with(module({section(11, {0x01, 0x03, 0x00})}), "malformed data segment kind"));
  // Declared length longer / shorter than the bytes given (binary.wast).
  CHECK(fails_with(module({section(11, {0x01, 0x01, 0x03, 'a', 'b'})}), "unexpected end"));
  CHECK(fails_with(module({section(11, {0x01, 0x01, 0x01, 'a', 'b'})}), "section size mismatch"));
}

TEST_CASE("decoder: code entries") {
  Bytes types = section(1, {0x01, 0x60, 0x01, 0x7F, 0x00});
  Bytes code = section(10, {0x02,
                            0x09, 0x03, 0x00, 0x7F, 0x02, 0x7E, 0x01, 0x7B, 0x01, 0x0B,
                            0x04, 0x00, 0x01, 0x01, 0x0B});
  auto m = decode_ok(module({types, section(3, {0x02, 0x00, 0x00}), code}));
  REQUIRE(m->codes.size() == 2);
  const FuncBody& f0 = m->codes[0];
  REQUIRE(f0.locals.size() == 3);
  CHECK(f0.locals[0] == std::pair<uint32_t, ValType>(0, ValType::I32));
  CHECK(f0.locals[1] == std::pair<uint32_t, ValType>(2, ValType::I64));
  CHECK(f0.locals[2] == std::pair<uint32_t, ValType>(1, ValType::V128));
  CHECK(f0.num_locals == 3);
  // header 8 + type section 7 + function section 5 + code section id/size/count 3
  CHECK(f0.body_offset == 23);
  CHECK(f0.code_offset == 23 + 1 + 7);  // size byte, locals
  CHECK(f0.code_end == f0.code_offset + 2);
  CHECK(m->bytes[f0.code_offset] == 0x01);
  CHECK(m->bytes[f0.code_end - 1] == 0x0B);
  const FuncBody& f1 = m->codes[1];
  CHECK(f1.locals.empty());
  CHECK(f1.code_end - f1.code_offset == 3);

  Bytes fn = one_function();
  Bytes t = type_section_void_to_void();
  // Locals: at most 2^32-1 in the spec, DecodeLimits::max_locals_per_function here.
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F,
                                               0x02, 0x7E, 0x0B})}),
                   "too many locals"));
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x0A, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10,
                                               0x7F, 0x02, 0x7E, 0x0B})}),
                   "integer too large"));
  DecodeLimits small;
  small.max_locals_per_function = 3;
  Bytes four_locals = section(10, {0x01, 0x06, 0x02, 0x02, 0x7F, 0x02, 0x7E, 0x0B});
  CHECK(fails_with(module({t, fn, four_locals}), "too many locals", small));
  small.max_locals_per_function = 4;
  CHECK(decode_error(module({t, fn, four_locals}), small) == "");
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x02, 0x01, 0x05, 0x0B})}),
                   "unexpected end"));  // (count, type) run cut by the entry's end
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x04, 0x01, 0x01, 0x40, 0x0B})}),
                   "malformed value type"));

  // The body must finish with `end` (binary.wast "END opcode expected").
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x03, 0x00, 0x41, 0x01})}),
                   "END opcode expected"));
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x01, 0x00})}), "END opcode expected"));
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x00})}), "unexpected end"));
  // An entry size running past the section.
  CHECK(fails_with(module({t, fn, section(10, {0x01, 0x05, 0x00, 0x0B})}), "unexpected end"));
}

TEST_CASE("decoder: function and code section counts must agree") {
  const char* kMismatch = "function and code section have inconsistent lengths";
  Bytes t = type_section_void_to_void();
  CHECK(fails_with(module({t, section(3, {0x02, 0x00, 0x00})}), kMismatch));  // no code section
  CHECK(fails_with(module({section(10, {0x01, 0x02, 0x00, 0x0B})}), kMismatch));  // no functions
  CHECK(fails_with(module({t, section(3, {0x02, 0x00, 0x00}), one_empty_body()}), kMismatch));
  CHECK(fails_with(module({t, one_function(),
                           section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B})}),
                   kMismatch));
  CHECK(decode_error(module({section(3, {0x00})})) == "");
  CHECK(decode_error(module({section(10, {0x00})})) == "");
}

TEST_CASE("decoder: data count must agree with the data section") {
  const char* kMismatch = "data count and data section have inconsistent lengths";
  Bytes passive = {0x01, 0x00};
  CHECK(fails_with(module({section(12, {0x03}), section(11, cat({Bytes{0x02}, passive, passive}))}),
                   kMismatch));
  CHECK(fails_with(module({section(12, {0x01}), section(11, cat({Bytes{0x02}, passive, passive}))}),
                   kMismatch));
  CHECK(fails_with(module({section(5, {0x01, 0x00, 0x01}), section(12, {0x01})}), kMismatch));
  auto m =
      decode_ok(module({section(12, {0x02}), section(11, cat({Bytes{0x02}, passive, passive}))}));
  CHECK(m->data_count == 2u);
  CHECK(decode_error(module({section(12, {0x00})})) == "");
  // Without a data count section any number of segments is fine here (instructions that need
  // it are the validator's concern).
  CHECK_FALSE(decode_ok(module({section(11, cat({Bytes{0x01}, passive}))}))->data_count);
}

TEST_CASE("types: display names") {
  CHECK(std::string(valtype_name(ValType::I32)) == "i32");
  CHECK(std::string(valtype_name(ValType::V128)) == "v128");
  CHECK(std::string(valtype_name(ValType::FuncRef)) == "funcref");
  CHECK(std::string(valtype_name(ValType::ExternRef)) == "externref");
  CHECK(FuncType{}.to_string() == "[] -> []");
  CHECK(FuncType{{ValType::F64}, {ValType::I32, ValType::I64}}.to_string() ==
        "[f64] -> [i32 i64]");
  CHECK(std::string(extern_kind_name(ExternKind::Func)) == "func");
  CHECK(std::string(extern_kind_name(ExternKind::Table)) == "table");
  CHECK(std::string(extern_kind_name(ExternKind::Memory)) == "memory");
  CHECK(std::string(extern_kind_name(ExternKind::Global)) == "global");
}
