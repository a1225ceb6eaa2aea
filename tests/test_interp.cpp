// The register-IR translator and the interpreter, through small hand-assembled functions. Each
// case targets one translation hazard: deferred local reads, destination fusion across a join,
// branch value moves, multi-value, traps, and deep recursion.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>

#include "decoder_test_util.h"
#include "module_test_util.h"
#include "runtime/ir/ir.h"
#include "runtime/ir/translate.h"
#include "interpreter/interp.h"
#include "runtime/store/store.h"

namespace zwasm::test {
namespace {

constexpr uint8_t I32 = 0x7F, I64 = 0x7E, V128 = 0x7B;

// A module with one function of type `params -> results`, exported as "f", with `locals`
// (one local per byte, each its value type) and `body` (without the final end). Memory 1 page.
Bytes single_function(Bytes params, Bytes results, Bytes locals, Bytes body) {
  Bytes type = cat({Bytes{0x01, 0x60}, uleb(params.size()), params, uleb(results.size()), results});
  Bytes local_decls = uleb(locals.size());
  for (uint8_t t : locals) local_decls = cat({local_decls, Bytes{0x01, t}});
  Bytes code = cat({local_decls, body, Bytes{0x0B}});
  Bytes entry = cat({uleb(code.size()), code});
  return module({section(1, type), section(3, {0x01, 0x00}), section(5, {0x01, 0x00, 0x01}),
                 section(7, cat({Bytes{0x01}, name("f"), Bytes{0x00, 0x00}})),
                 section(10, cat({Bytes{0x01}, entry}))});
}

struct Loaded {
  std::shared_ptr<const Module> module;
  ObjectStore store{interpreter_engine()};
  Instance* instance = nullptr;

  explicit Loaded(Bytes bytes) : module(load_valid(std::move(bytes))) {
    InstantiateResult r = instantiate(store, module, {});
    REQUIRE(r.ok());
    instance = r.instance;
  }
  Trap call(std::vector<Value> args, std::vector<Value>& results) {
    return invoke(instance->find_export("f")->as_func(), args, results);
  }
  uint64_t call1(std::vector<Value> args) {
    std::vector<Value> results;
    Trap t = call(std::move(args), results);
    REQUIRE_MESSAGE(t.ok(), t.describe());
    REQUIRE(results.size() == 1);
    return results[0].lo;
  }
  std::string ir() {
    auto fn = translate_function(*module, 0);
    REQUIRE(fn.ok());
    return disassemble(**fn);
  }
};

TEST_CASE("local.get and constants emit no code; the add takes an immediate and writes the local") {
  // local.get 0; i32.const 1; i32.add; local.set 0; local.get 0
  Loaded m(single_function({I32}, {I32}, {},
                           {0x20, 0x00, 0x41, 0x01, 0x6A, 0x21, 0x00, 0x20, 0x00}));
  std::string ir = m.ir();
  CHECK(ir.find("I32AddImm d0 s0 #1") != std::string::npos);
  CHECK(ir.find("Copy") == std::string::npos);
  CHECK(ir.find("Const") == std::string::npos);
  CHECK(m.call1({Value::i32(41)}) == 42);
}

TEST_CASE("a constant on the left: commuted for add, mirrored for comparisons") {
  // (i32.sub (i32.add (i32.const 100) (local.get 0)) (i32.lt_s (i32.const 10) (local.get 0)))
  Bytes body = {0x41, 0xE4, 0x00, 0x20, 0x00, 0x6A, 0x41, 0x0A, 0x20, 0x00, 0x48, 0x6B};
  Loaded m(single_function({I32}, {I32}, {}, body));
  std::string ir = m.ir();
  CHECK(ir.find("I32AddImm") != std::string::npos);
  CHECK(ir.find("I32GtSImm") != std::string::npos);  // 10 < x  is  x > 10
  CHECK(m.call1({Value::i32(5)}) == 105);      // 105 - 0
  CHECK(m.call1({Value::i32(11)}) == 110);     // 111 - 1
  CHECK(m.call1({Value::i32(10)}) == 110);     // 110 - 0
  // The same comparison consumed by `if`: (if (i32.lt_s (i32.const 10) (local.get 0)) ...)
  Bytes branch = {0x41, 0x0A, 0x20, 0x00, 0x48, 0x04, I32, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B};
  Loaded b(single_function({I32}, {I32}, {}, branch));
  CHECK(b.ir().find("JumpIfI32LeSImm") != std::string::npos);  // to else when !(x > 10)
  CHECK(b.call1({Value::i32(11)}) == 1);
  CHECK(b.call1({Value::i32(10)}) == 2);
  CHECK(b.call1({Value::i32(-5)}) == 2);
}

TEST_CASE("a deferred local read keeps the old value when the local is then set") {
  // local.get 0; i32.const 5; local.set 0; local.get 0; i32.sub   => old - 5
  Loaded m(single_function({I32}, {I32}, {},
                           {0x20, 0x00, 0x41, 0x05, 0x21, 0x00, 0x20, 0x00, 0x6B}));
  CHECK(m.call1({Value::i32(100)}) == 95);
}

TEST_CASE("many deferred reads of a local all see its value before a later local.set") {
  // local.get 0 (x N); local.set 0 (i32.const 1); i32.add (x N-1); local.get 0; i32.add
  // => N * x + 1. Also the shape that made translation quadratic before reference counting.
  constexpr int kN = 20000;
  Bytes body;
  for (int i = 0; i < kN; ++i) body.insert(body.end(), {0x20, 0x00});
  body.insert(body.end(), {0x41, 0x01, 0x21, 0x00});
  for (int i = 0; i < kN - 1; ++i) body.push_back(0x6A);
  body.insert(body.end(), {0x20, 0x00, 0x6A});
  Loaded m(single_function({I32}, {I32}, {}, body));
  CHECK(m.call1({Value::i32(3)}) == uint64_t(kN) * 3 + 1);
}

TEST_CASE("local.tee value and a deferred read of the same local") {
  // local.get 0; (local.tee 0 (i32.const 7)); i32.add  => old + 7
  Loaded m(single_function({I32}, {I32}, {}, {0x20, 0x00, 0x41, 0x07, 0x22, 0x00, 0x6A}));
  CHECK(m.call1({Value::i32(10)}) == 17);
}

TEST_CASE("no destination fusion across a block end that a branch also reaches") {
  // block (result i32)
  //   i32.const 1; local.get 0; br_if 0; drop    ;; taken when param != 0: result 1
  //   i32.const 2; i32.const 3; i32.add          ;; fallthrough: result 5
  // end; local.set 1; local.get 1
  Bytes body = {0x02, I32, 0x41, 0x01, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41, 0x02, 0x41, 0x03,
                0x6A, 0x0B, 0x21, 0x01, 0x20, 0x01};
  Loaded m(single_function({I32}, {I32}, {I32}, body));
  CHECK(m.call1({Value::i32(1)}) == 1);
  CHECK(m.call1({Value::i32(0)}) == 5);
}

TEST_CASE("a deferred local read below a block survives a local.set on one arm") {
  // local.get 0; (if (local.get 0) (then (local.set 0 (i32.const 99)))); local.get 0; i32.add
  Bytes body = {0x20, 0x00, 0x20, 0x00, 0x04, 0x40, 0x41, 0xE3, 0x00, 0x21, 0x00, 0x0B,
                0x20, 0x00, 0x6A};
  Loaded m(single_function({I32}, {I32}, {}, body));
  CHECK(m.call1({Value::i32(1)}) == 100);  // 1 + 99
  CHECK(m.call1({Value::i32(0)}) == 0);
}

TEST_CASE("br_table moves values to each target's slots") {
  // block (result i32) block (result i32)
  //   i32.const 10; i32.const 20; local.get 0; br_table 0 1 1; end; i32.const 1; i32.add; end
  // The two i32.consts leave 20 on top; targets: 0 -> inner (then +1), 1/default -> outer.
  Bytes body = {0x02, I32, 0x02, I32, 0x41, 0x0A, 0x41, 0x14, 0x20, 0x00, 0x0E, 0x02, 0x00,
                0x01, 0x01, 0x0B, 0x41, 0x01, 0x6A, 0x0B};
  // The inner block's value is the top (20); the 10 below is dropped by the branch.
  Loaded m(single_function({I32}, {I32}, {}, body));
  CHECK(m.call1({Value::i32(0)}) == 21);
  CHECK(m.call1({Value::i32(1)}) == 20);
  CHECK(m.call1({Value::i32(7)}) == 20);
}

TEST_CASE("multi-value results come back in order, including a swap through locals") {
  // (result i64 i32): local.get 1 (i32 -> i64 extend), local.get 0 (i64 -> i32 wrap)
  Bytes body = {0x20, 0x01, 0xAD, 0x20, 0x00, 0xA7};
  Loaded m(single_function({I64, I32}, {I64, I32}, {}, body));
  std::vector<Value> results;
  Trap t = m.call({Value::i64(0x1'0000'0005ull), Value::i32(9)}, results);
  REQUIRE(t.ok());
  REQUIRE(results.size() == 2);
  CHECK(results[0].type == ValType::I64);
  CHECK(results[0].lo == 9);
  CHECK(results[1].lo == 5);
}

TEST_CASE("loop with a back-edge sums 1..n") {
  // loop: local.get 0 eqz br_if 1(out); acc += n; n -= 1; br 0
  Bytes body = {0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0D, 0x01, 0x20, 0x01, 0x20, 0x00,
                0x6A, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x21, 0x00, 0x0C, 0x00, 0x0B,
                0x0B, 0x20, 0x01};
  Loaded m(single_function({I32}, {I32}, {I32}, body));
  CHECK(m.call1({Value::i32(1000)}) == 500500);
}

TEST_CASE("v128 locals take two cells and round-trip") {
  // v128.const (1,2,3,4 as i32x4); local.set 1; local.get 1; i32x4.extract_lane 2 + param
  Bytes body = {0xFD, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0x21, 0x01,
                0x20, 0x01, 0xFD, 0x1B, 0x02, 0x20, 0x00, 0x6A};
  Loaded m(single_function({I32}, {I32}, {V128}, body));
  CHECK(m.call1({Value::i32(10)}) == 13);
}

TEST_CASE("an address computed by i32.add wraps at 2^32 also when fused into the access") {
  // (i32.store8 (i32.add (local.get 0) (local.get 1)) (i32.const 7))   ;; fused AddReg store
  // (i32.load8_u (i32.add (local.get 0) (i32.const 1)))                 ;; fused AddImm load
  Bytes body = {0x20, 0x00, 0x20, 0x01, 0x6A, 0x41, 0x07, 0x3A, 0x00, 0x00,
                0x20, 0x00, 0x41, 0x01, 0x6A, 0x2D, 0x00, 0x00};
  Loaded m(single_function({I32, I32}, {I32}, {}, body));
  std::string ir = m.ir();
  CHECK(ir.find("I32Store8AddReg") != std::string::npos);
  CHECK(ir.find("I32Load8UAddImm") != std::string::npos);
  // Memory persists across calls. 0xFFFFFFFF + 2 wraps to byte 1 for the store, and
  // 0xFFFFFFFF + 1 wraps to byte 0 for the load, which is still 0.
  CHECK(m.call1({Value::i32(0xFFFFFFFFu), Value::i32(2)}) == 0);
  // ObjectStore at 10 + 0, load byte 11 (0); then store at 5, load byte 1: the first call's 7.
  CHECK(m.call1({Value::i32(10), Value::i32(0)}) == 0);
  CHECK(m.call1({Value::i32(0), Value::i32(5)}) == 7);
  // 0xFFFFFFFF + 1 stores at byte 0; the load reads byte 0 back.
  CHECK(m.call1({Value::i32(0xFFFFFFFFu), Value::i32(1)}) == 7);
  // Without wraparound the address is out of bounds and traps.
  std::vector<Value> r;
  CHECK(m.call({Value::i32(65535), Value::i32(1)}, r).code == TrapCode::MemoryOutOfBounds);
}

TEST_CASE("scaled-index address arithmetic: shl+add fused, wrapping, shift count masked") {
  // (i32.store (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))) (i32.const 9))
  // (i32.add (i32.shl (local.get 1) (i32.const 33)) (i32.load (i32.add (local.get 0)
  //                                                           (i32.shl (local.get 1) (i32.const 2)))))
  // The second add has the shifted operand first; shl by 33 shifts by 1.
  Bytes body = {0x20, 0x00, 0x20, 0x01, 0x41, 0x02, 0x74, 0x6A, 0x41, 0x09, 0x36, 0x02, 0x00,
                0x20, 0x01, 0x41, 0x21, 0x74, 0x20, 0x00, 0x20, 0x01, 0x41, 0x02, 0x74, 0x6A,
                0x28, 0x02, 0x00, 0x6A};
  Loaded m(single_function({I32, I32}, {I32}, {}, body));
  std::string ir = m.ir();
  CHECK(ir.find("I32StoreAddShl") != std::string::npos);
  CHECK(ir.find("I32LoadAddShl") != std::string::npos);
  CHECK(m.call1({Value::i32(100), Value::i32(3)}) == 9 + 6);  // stored at 112, read back
  // 0xFFFFFFFC + (1 << 2) wraps to address 0: in bounds, not a trap.
  CHECK(m.call1({Value::i32(0xFFFFFFFCu), Value::i32(1)}) == 9 + 2);
  std::vector<Value> r;
  CHECK(m.call({Value::i32(65536), Value::i32(0)}, r).code == TrapCode::MemoryOutOfBounds);
}

TEST_CASE("f64 mul feeding add is fused into one instruction but still rounds twice") {
  constexpr uint8_t F64 = 0x7C;
  // (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2)))
  Loaded m(single_function({F64, F64, F64}, {F64}, {},
                           {0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xA2, 0xA0}));
  CHECK(m.ir().find("F64MulAdd") != std::string::npos);
  auto f64 = [](double d) { return Value::f64_bits(std::bit_cast<uint64_t>(d)); };
  auto run = [&](double a, double b, double c) {
    return std::bit_cast<double>(m.call1({f64(a), f64(b), f64(c)}));
  };
  CHECK(run(1.5, 2.0, 4.0) == 9.5);
  // b * c = 1 - 2^-60 rounds to 1.0, so a + b * c is exactly 0; a fused multiply-add (one
  // rounding) would give -2^-60.
  double b = 1.0 + std::ldexp(1.0, -30), c = 1.0 - std::ldexp(1.0, -30);
  CHECK(std::bit_cast<uint64_t>(run(-1.0, b, c)) == std::bit_cast<uint64_t>(0.0));
}

TEST_CASE("traps are reported with the spec's kind, never a crash") {
  Loaded div(single_function({I32, I32}, {I32}, {}, {0x20, 0x00, 0x20, 0x01, 0x6D}));
  std::vector<Value> r;
  CHECK(div.call({Value::i32(1), Value::i32(0)}, r).code == TrapCode::IntegerDivideByZero);
  CHECK(div.call({Value::i32(0x80000000u), Value::i32(~0u)}, r).code == TrapCode::IntegerOverflow);
  // i32.load offset=0 at the last valid and the first invalid address of a 1-page memory
  Loaded load(single_function({I32}, {I32}, {}, {0x20, 0x00, 0x28, 0x02, 0x00}));
  CHECK(load.call({Value::i32(65532)}, r).ok());
  CHECK(load.call({Value::i32(65533)}, r).code == TrapCode::MemoryOutOfBounds);
  CHECK(load.call({Value::i32(0xFFFFFFFFu)}, r).code == TrapCode::MemoryOutOfBounds);
  Loaded unreachable(single_function({}, {}, {}, {0x00}));
  Trap t = unreachable.call({}, r);
  CHECK(t.code == TrapCode::Unreachable);
  REQUIRE(t.backtrace.size() == 1);
}

TEST_CASE("infinite recursion is the call-stack-exhausted trap") {
  // f(): call f
  Loaded m(single_function({}, {}, {}, {0x10, 0x00}));
  std::vector<Value> r;
  Trap t = m.call({}, r);
  CHECK(t.code == TrapCode::CallStackExhausted);
  // The stack unwound: a normal call works afterwards.
  Loaded ok(single_function({I32}, {I32}, {}, {0x20, 0x00}));
  CHECK(ok.call1({Value::i32(3)}) == 3);
}

}  // namespace
}  // namespace zwasm::test
