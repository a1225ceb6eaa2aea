// The typed, JIT-shaped IR (runtime/ir/ir.h, ir_ops.def): value layout with 16-byte-aligned
// v128s, even call bases, register classes on value moves, and loop headers. Each case is one
// hazard of the translation, checked both in the IR and by running it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "interpreter/interp.h"
#include "module_test_util.h"
#include "runtime/ir/ir.h"
#include "runtime/ir/ir_verify.h"
#include "runtime/ir/translate.h"
#include "runtime/store/store.h"

namespace zwasm::test {
namespace {

// (module
//   (func $pass (export "pass") (param i32 v128 i32) (result i32 v128)
//     (local i64 v128)
//     local.get 0 local.get 2 i32.add
//     local.get 1)
//   (func (export "via_call") (param i32 v128) (result i32 v128)
//     i32.const 7 local.get 1 local.get 0 call $pass))
const std::vector<uint8_t> kLayoutWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x02, 0x60, 0x03, 0x7f,
    0x7b, 0x7f, 0x02, 0x7f, 0x7b, 0x60, 0x02, 0x7f, 0x7b, 0x02, 0x7f, 0x7b, 0x03, 0x03,
    0x02, 0x00, 0x01, 0x07, 0x13, 0x02, 0x04, 0x70, 0x61, 0x73, 0x73, 0x00, 0x00, 0x08,
    0x76, 0x69, 0x61, 0x5f, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x01, 0x0a, 0x1a, 0x02, 0x0d,
    0x02, 0x01, 0x7e, 0x01, 0x7b, 0x20, 0x00, 0x20, 0x02, 0x6a, 0x20, 0x01, 0x0b, 0x0a,
    0x00, 0x41, 0x07, 0x20, 0x01, 0x20, 0x00, 0x10, 0x00, 0x0b};

// (module
//   (type $t4 (func (param i32 i32 i32 i32) (result i32)))
//   (table 1 funcref)
//   (elem (i32.const 0) $h4)
//   (func $g (param i32) (result i32) local.get 0 i32.const 10 i32.add)
//   (func $h4 (param i32 i32 i32 i32) (result i32)      ;; a*1000 + b*100 + c*10 + d
//     local.get 0 i32.const 1000 i32.mul
//     local.get 1 i32.const 100 i32.mul i32.add
//     local.get 2 i32.const 10 i32.mul i32.add
//     local.get 3 i32.add)
//   ;; A at cell 1, B at 2, g(C) with C at 3 -> base 4, R1 at 4; g(D) with D at 5 -> base 6,
//   ;; R2 at 6: h4(A, B, R1, R2) puts A at 2 (up), B at 3 (up), R1 at 4, R2 at 5 (down).
//   (func (export "mixed") (param i32) (result i32)
//     local.get 0 i32.const 1 i32.add
//     local.get 0 i32.const 2 i32.add
//     local.get 0 i32.const 3 i32.add
//     call $g
//     local.get 0 i32.const 4 i32.add
//     call $g
//     call $h4)
//   ;; The same through call_indirect, whose element index (on top, at an odd cell) the
//   ;; arguments' upward moves would overwrite.
//   (func (export "indirect") (param i32) (result i32)
//     local.get 0 i32.const 1 i32.add
//     local.get 0 i32.const 2 i32.add
//     local.get 0 i32.const 3 i32.add
//     local.get 0 i32.const 4 i32.add
//     local.get 0 i32.const 5 i32.sub
//     call_indirect (type $t4)))
const std::vector<uint8_t> kMixedWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x02, 0x60, 0x04, 0x7f,
    0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x01,
    0x00, 0x01, 0x01, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x07, 0x14, 0x02, 0x05, 0x6d,
    0x69, 0x78, 0x65, 0x64, 0x00, 0x02, 0x08, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63,
    0x74, 0x00, 0x03, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x01, 0x0a, 0x5e,
    0x04, 0x07, 0x00, 0x20, 0x00, 0x41, 0x0a, 0x6a, 0x0b, 0x18, 0x00, 0x20, 0x00, 0x41,
    0xe8, 0x07, 0x6c, 0x20, 0x01, 0x41, 0xe4, 0x00, 0x6c, 0x6a, 0x20, 0x02, 0x41, 0x0a,
    0x6c, 0x6a, 0x20, 0x03, 0x6a, 0x0b, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x20,
    0x00, 0x41, 0x02, 0x6a, 0x20, 0x00, 0x41, 0x03, 0x6a, 0x10, 0x00, 0x20, 0x00, 0x41,
    0x04, 0x6a, 0x10, 0x00, 0x10, 0x01, 0x0b, 0x1e, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a,
    0x20, 0x00, 0x41, 0x02, 0x6a, 0x20, 0x00, 0x41, 0x03, 0x6a, 0x20, 0x00, 0x41, 0x04,
    0x6a, 0x20, 0x00, 0x41, 0x05, 0x6b, 0x11, 0x00, 0x00, 0x0b};

// (module
//   (global $g (mut i64) (i64.const 0))
//   (func (export "loops") (param i32) (result i32) (local i32 f64 f32)
//     (loop $outer
//       (loop $inner
//         local.get 1 i32.const 1 i32.add local.set 1
//         local.get 1 i32.const 3 i32.rem_u br_if $inner)
//       local.get 0 i32.const 1 i32.sub local.tee 0
//       br_if $outer)
//     local.get 2 f64.const 1.5 local.get 0 select local.set 2
//     local.get 3 local.set 3
//     global.get $g i64.const 1 i64.add global.set $g
//     local.get 1))
const std::vector<uint8_t> kLoopsWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x06, 0x06, 0x01, 0x7e, 0x01, 0x42, 0x00, 0x0b,
    0x07, 0x09, 0x01, 0x05, 0x6c, 0x6f, 0x6f, 0x70, 0x73, 0x00, 0x00, 0x0a, 0x44, 0x01,
    0x42, 0x03, 0x01, 0x7f, 0x01, 0x7c, 0x01, 0x7d, 0x03, 0x40, 0x03, 0x40, 0x20, 0x01,
    0x41, 0x01, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x41, 0x03, 0x70, 0x0d, 0x00, 0x0b, 0x20,
    0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x02, 0x44, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, 0x20, 0x00, 0x1b, 0x21, 0x02, 0x20, 0x03, 0x21,
    0x03, 0x23, 0x00, 0x42, 0x01, 0x7c, 0x24, 0x00, 0x20, 0x01, 0x0b};

struct Loaded {
  std::shared_ptr<const Module> module;
  ObjectStore store{interpreter_engine()};
  Instance* instance = nullptr;

  explicit Loaded(std::vector<uint8_t> bytes) : module(load_valid(std::move(bytes))) {
    InstantiateResult r = instantiate(store, module, {});
    REQUIRE(r.ok());
    instance = r.instance;
  }
  Function* func(const char* name) { return instance->find_export(name)->as_func(); }
  // The IR of the function exported as `name`, translated and verified against the module.
  std::unique_ptr<IrFunction> ir(const char* name) {
    Function* f = func(name);
    auto fn = translate_function(*module, f->func_index - module->num_imported_funcs);
    REQUIRE(fn.ok());
    auto verified = verify_ir(**fn, module.get());
    if (!verified.ok()) FAIL(verified.error().describe());
    return std::move(fn.value());
  }
  std::vector<Value> call(const char* name, std::vector<Value> args) {
    std::vector<Value> results;
    Trap t = invoke(func(name), args, results);
    REQUIRE_MESSAGE(t.ok(), t.describe());
    return results;
  }
};

Value v128_of(uint64_t lo, uint64_t hi) { return Value{ValType::V128, lo, hi}; }

TEST_CASE("a v128 param or local after a scalar starts at the next even slot") {
  Loaded m(kLayoutWasm);
  auto ir = m.ir("pass");
  // (param i32 v128 i32) (local i64 v128): i32 at 0, v128 at 2-3, i32 at 4, i64 at 5, v128 at 6-7
  CHECK(std::vector<uint32_t>(ir->local_slots.begin(), ir->local_slots.end()) ==
        std::vector<uint32_t>{0, 2, 4, 5, 6});
  CHECK(ir->param_cells == 5);
  CHECK(ir->local_cells == 8);
  CHECK(ir->result_cells == 4);  // i32 at 0, padding, v128 at 2-3
}

TEST_CASE("i32 and v128 values pass through invoke in the padded layout") {
  Loaded m(kLayoutWasm);
  auto results = m.call("pass", {Value::i32(40), v128_of(0x1111, 0x2222), Value::i32(2)});
  REQUIRE(results.size() == 2);
  CHECK(results[0].lo == 42);
  CHECK(results[1].type == ValType::V128);
  CHECK(results[1].lo == 0x1111);
  CHECK(results[1].hi == 0x2222);
}

TEST_CASE("i32 and v128 arguments and results pass through a wasm call in the padded layout") {
  Loaded m(kLayoutWasm);
  auto results = m.call("via_call", {Value::i32(5), v128_of(0xAAAA, 0xBBBB)});
  REQUIRE(results.size() == 2);
  CHECK(results[0].lo == 12);  // 7 + 5
  CHECK(results[1].lo == 0xAAAA);
  CHECK(results[1].hi == 0xBBBB);
}

TEST_CASE("every call base is even, and each callee frame starts 16-byte aligned") {
  Loaded m(kMixedWasm);
  auto ir = m.ir("mixed");
  std::string text = disassemble(*ir);
  size_t calls = 0;
  for (size_t at = text.find("Call #"); at != std::string::npos; at = text.find("Call #", at + 1)) {
    size_t base_at = text.find('#', text.find(' ', at + 6)) + 1;
    CHECK(std::stoul(text.substr(base_at)) % 2 == 0);
    ++calls;
  }
  CHECK(calls == 3);
}

TEST_CASE("arguments that must move both up and down reach their places intact") {
  Loaded m(kMixedWasm);
  // A = 2, B = 3, R1 = g(4) = 14, R2 = g(5) = 15
  CHECK(m.call("mixed", {Value::i32(1)})[0].lo == 2455);
  CHECK(m.call("mixed", {Value::i32(0)})[0].lo == 1000 + 200 + 130 + 14);
}

TEST_CASE("call_indirect keeps its element index when the arguments move onto its cell") {
  Loaded m(kMixedWasm);
  // A..D = 6, 7, 8, 9; the element index 5 - 5 = 0 names h4
  CHECK(m.call("indirect", {Value::i32(5)})[0].lo == 6789);
}

TEST_CASE("every loop starts with a LoopHeader where all its back-edges land") {
  Loaded m(kLoopsWasm);
  auto ir = m.ir("loops");  // verify_ir rejects a back-edge to anything but a LoopHeader
  CHECK(ir->loop_count == 2);
  std::string text = disassemble(*ir);
  CHECK(text.find("LoopHeader #0") != std::string::npos);
  CHECK(text.find("LoopHeader #1") != std::string::npos);
  CHECK(text.find("LoopHeader #2") == std::string::npos);
  // inner runs until the counter is a multiple of 3, once per outer iteration
  CHECK(m.call("loops", {Value::i32(4)})[0].lo == 12);
}

TEST_CASE("each value move names its register class") {
  Loaded m(kLoopsWasm);
  std::string text = disassemble(*m.ir("loops"));
  CHECK(text.find("SelectF64") != std::string::npos);
  CHECK(text.find("GlobalGetI64") != std::string::npos);
  CHECK(text.find("GlobalSetI64") != std::string::npos);
  CHECK(text.find("ConstF64") != std::string::npos);  // the select's constant operand
  CHECK(text.find("Select ") == std::string::npos);   // no untyped forms remain
  CHECK(text.find("Copy ") == std::string::npos);
}

}  // namespace
}  // namespace zwasm::test

namespace zwasm::test {

TEST_CASE("every op's layout names as many slot operands as its types have letters") {
  // The verifier and the register allocator read slot operands through ir_slot_operands(),
  // which pairs the two strings of ir_ops.def: a missing or extra letter would drop an operand.
  for (uint32_t op = 0; op < uint32_t(IrOp::kCount); ++op) {
    std::string layout = ir_layout(IrOp(op)), types = ir_types(IrOp(op));
    CAPTURE(std::string(ir_op_name(IrOp(op))));
    size_t slots = 0;
    for (char c : layout) {
      if (c == 'n') break;
      slots += c == 'd' || c == 's';
    }
    // A counted list ('n') may have one more letter, '*', for its entries (ReturnN).
    bool counted = layout.find('n') != std::string::npos && !types.empty() && types.back() == '*';
    CHECK(slots + (counted ? 1 : 0) == types.size());
    size_t typed = types.size() - size_t(std::count(types.begin(), types.end(), '*'));
    CHECK(ir_slot_operands(IrOp(op)).size() == typed);
  }
}

TEST_CASE("the value-moving ops of every class say what they do and their class") {
  const ValType types[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64,
                           ValType::V128, ValType::FuncRef};
  for (ValType t : types) {
    char letter = ir_type_letter(t);
    CHECK(ir_move(copy_op(t)).kind == IrMove::Copy);
    CHECK(ir_move(const_op(t)).kind == IrMove::Const);
    CHECK(ir_move(select_op(t)).kind == IrMove::Select);
    CHECK(ir_move(global_get_op(t)).kind == IrMove::GlobalGet);
    CHECK(ir_move(global_set_op(t)).kind == IrMove::GlobalSet);
    CHECK(ir_move(copy_op(t)).type == letter);
    CHECK(ir_move(global_set_op(t)).type == letter);
  }
  for (IrOp op : {IrOp::Jump, IrOp::LoopHeader, IrOp::I32Add, IrOp::F64MulAdd})
    CHECK(ir_move(op).kind == IrMove::None);
}

}  // namespace zwasm::test
