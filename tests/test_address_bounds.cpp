// Which fused addresses `x + c` the JIT adds without wrapping at 2^32 (codegen/address_bounds.h),
// and the safety net under that choice (codegen/jit.h: slow-path faults). A fold must never make
// an in-bounds access fault: it is made only where x has a bound that keeps x + c below 2^32.
// When a fold is wrong anyway (provoked here with AddressFolds::All, as commit 62c199e folded),
// each wrapping access faults and resumes at its stub; after JitEngine::kSlowFaultLimit faults
// the function's folds are switched off, in the running activation and for later calls.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "codegen/address_bounds.h"
#include "codegen/lower.h"
#include "jit_test_util.h"
#include "runtime/ir/translate.h"
#include "runtime/wasm/decoder.h"

using namespace zwasm;
using namespace zwasm::test;

namespace {

// (module
//   (memory 1)
//   (data (i32.const 1000) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\05\00\00\00\06\00\00\00\07\00\00\00\08\00\00\00\09\00\00\00\0a\00\00\00\0b\00\00\00\0c\00\00\00\0d\00\00\00\0e\00\00\00\0f\00\00\00\10\00\00\00\11\00\00\00\12\00\00\00\13\00\00\00\14\00\00\00\15\00\00\00\16\00\00\00\17\00\00\00\18\00\00\00")
//   (func (export "masked") (param $x i32) (result i32)  ;; proven: x & 255 <= 255, then a param: not
//     (i32.add
//       (i32.load8_u (i32.add (i32.and (local.get $x) (i32.const 255)) (i32.const 65400)))
//       (i32.load (i32.add (local.get $x) (i32.const 8)))))
//   (func (export "shifted") (param $x i32) (result i32)  ;; proven: shr_u; or 1 keeps no bound
//     (i32.add
//       (i32.load8_u (i32.add (i32.shr_u (local.get $x) (i32.const 20)) (i32.const 61000)))
//       (i32.load8_u (i32.add (i32.or (local.get $x) (i32.const 1)) (i32.const 16)))))
//   (func (export "byte_local") (param $x i32) (result i32)  ;; proven through a local, across blocks
//     (local $b i32)
//     (local.set $b (i32.load8_u (local.get $x)))
//     (if (i32.eqz (local.get $x)) (then (return (i32.const -1))))
//     (i32.load8_u (i32.add (local.get $b) (i32.const 1000))))
//   (func (export "table_walk") (param $n i32) (result i32)  ;; a negative index counted up to zero
//     (local $i i32) (local $sum i32)
//     (loop $rounds
//       (local.set $i (i32.const -96))
//       (loop $lanes
//         (local.set $sum (i32.add (local.get $sum) (i32.load (i32.add (local.get $i) (i32.const 1096)))))
//         (br_if $lanes (local.tee $i (i32.add (local.get $i) (i32.const 4)))))
//       (br_if $rounds (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//     (local.get $sum)))
const std::vector<uint8_t> kBoundsWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x2e, 0x04, 0x06, 0x6d, 0x61, 0x73, 0x6b, 0x65, 0x64, 0x00, 0x00, 0x07, 0x73,
    0x68, 0x69, 0x66, 0x74, 0x65, 0x64, 0x00, 0x01, 0x0a, 0x62, 0x79, 0x74, 0x65, 0x5f,
    0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x02, 0x0a, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x5f,
    0x77, 0x61, 0x6c, 0x6b, 0x00, 0x03, 0x0a, 0x87, 0x01, 0x04, 0x19, 0x00, 0x20, 0x00,
    0x41, 0xff, 0x01, 0x71, 0x41, 0xf8, 0xfe, 0x03, 0x6a, 0x2d, 0x00, 0x00, 0x20, 0x00,
    0x41, 0x08, 0x6a, 0x28, 0x02, 0x00, 0x6a, 0x0b, 0x1b, 0x00, 0x20, 0x00, 0x41, 0x14,
    0x76, 0x41, 0xc8, 0xdc, 0x03, 0x6a, 0x2d, 0x00, 0x00, 0x20, 0x00, 0x41, 0x01, 0x72,
    0x41, 0x10, 0x6a, 0x2d, 0x00, 0x00, 0x6a, 0x0b, 0x1d, 0x01, 0x01, 0x7f, 0x20, 0x00,
    0x2d, 0x00, 0x00, 0x21, 0x01, 0x20, 0x00, 0x45, 0x04, 0x40, 0x41, 0x7f, 0x0f, 0x0b,
    0x20, 0x01, 0x41, 0xe8, 0x07, 0x6a, 0x2d, 0x00, 0x00, 0x0b, 0x31, 0x01, 0x02, 0x7f,
    0x03, 0x40, 0x41, 0xa0, 0x7f, 0x21, 0x01, 0x03, 0x40, 0x20, 0x02, 0x20, 0x01, 0x41,
    0xc8, 0x08, 0x6a, 0x28, 0x02, 0x00, 0x6a, 0x21, 0x02, 0x20, 0x01, 0x41, 0x04, 0x6a,
    0x22, 0x01, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00,
    0x0b, 0x20, 0x02, 0x0b, 0x0b, 0x67, 0x01, 0x00, 0x41, 0xe8, 0x07, 0x0b, 0x60, 0x01,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
    0x00, 0x05, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00,
    0x00, 0x0c, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x0f,
    0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x12, 0x00, 0x00,
    0x00, 0x13, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x16,
    0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00,
};

// Whether each fused `x + c` access of defined function `index`, in code order, is proven.
std::vector<bool> proven_accesses(uint32_t index) {
  std::shared_ptr<const Module> loaded = load_valid(kBoundsWasm);
  const Module& module = *loaded;
  auto fn = translate_function(module, index);
  REQUIRE(fn.ok());
  const IrFunction& ir = *fn.value();
  auto cf = scan_control_flow(ir);
  REQUIRE(cf.ok());
  auto callee_type = [&module](const uint32_t* ins) -> const FuncType* {
    return IrOp(ins[0]) == IrOp::Call ? &module.func_type(ins[1]) : &module.types[ins[1]];
  };
  std::vector<bool> proven = jit::find_unwrapping_addresses(ir, cf.value(), callee_type);
  std::vector<bool> accesses;
  for (uint32_t pc : cf.value().instrs) {
    if (jit::op_lowering(IrOp(ir.code[pc])).fused_add_access())
      accesses.push_back(proven[jit::instr_position(cf.value(), pc)]);
  }
  return accesses;
}

// One instance of kBoundsWasm on `engine`, whose exports are called again and again.
struct Instance1 {
  explicit Instance1(Engine& engine) : store(engine) {
    scribble_exec_stack();
    InstantiateResult r = instantiate(store, load_valid(kBoundsWasm), {});
    REQUIRE(r.ok());
    instance = r.instance;
  }
  Outcome call(const char* name, int32_t arg) {
    Cell io[1] = {Cell(uint32_t(arg))};
    Trap trap = execute(instance->find_export(name)->as_func(), io);
    return {trap.code, trap.ok() ? io[0] : 0};
  }
  ObjectStore store;
  Instance* instance = nullptr;
};

}  // namespace

TEST_CASE("an address is folded where its index is masked or shifted, not where it is a param") {
  CHECK(proven_accesses(0) == std::vector<bool>{true, false});  // x & 255 + 65400; x + 8
  CHECK(proven_accesses(1) == std::vector<bool>{true, false});  // x >> 20 + 61000; (x | 1) + 16
}

TEST_CASE("a byte loaded into a local bounds the address it indexes in a later block") {
  CHECK(proven_accesses(2) == std::vector<bool>{true});
}

TEST_CASE("a negative index counted up to zero over a table is not folded") {
  // LLVM's loop strength reduction writes table[i] this way: x + c >= 2^32 on every iteration.
  CHECK(proven_accesses(3) == std::vector<bool>{false});
}

TEST_SUITE_BEGIN("jit" * doctest::skip(!zwasm::jit::JitEngine::has_backend()));

TEST_CASE("proven folds compute the interpreter's results and traps, and never take the slow path") {
  // masked: x & 255 past 136 lies past the page (65400 + 136 = 65536): the fold's own fault is
  // the out-of-bounds trap.
  jit::JitStats masked = compare_tiers(kBoundsWasm, "masked", {0, 3, 135, 136, 255, 256 + 7, -1, -9});
  jit::JitStats shifted = compare_tiers(kBoundsWasm, "shifted", {0, 1 << 20, 4535 << 20, -1, 15});
  jit::JitStats local = compare_tiers(kBoundsWasm, "byte_local", {0, 1000, 1003, 65535, 65536});
  jit::JitStats walk = compare_tiers(kBoundsWasm, "table_walk", {1, 2, 7});
  for (const jit::JitStats* s : {&masked, &shifted, &local, &walk}) {
    CHECK(s->compiled >= 1);  // each run compiled its function: the JIT's code was compared
    CHECK(s->slow_path_faults == 0);
    CHECK(s->unfolded == 0);
  }
}

TEST_CASE("a wrong fold faults a few times, then the function's folds are switched off") {
  jit::JitEngine jit(interpreter_engine(), jit::JitEngine::Mode::Eager);
  jit.set_address_folds(jit::AddressFolds::All);  // folds table_walk's x + c, which wraps
  Instance1 compiled(jit);
  Instance1 interpreted(interpreter_engine());
  // One call walks the table 50 times (1200 wrapping accesses): past the limit the running
  // activation's accesses jump to their stubs and fault no more.
  CHECK(compiled.call("table_walk", 50) == interpreted.call("table_walk", 50));
  CHECK(jit.stats().compiled == 1);
#if defined(__x86_64__)
  const uint64_t faults = jit::JitEngine::kSlowFaultLimit, unfolded = 1;
#else
  const uint64_t faults = 0, unfolded = 0;  // ARM64 folds no address (no base + index + offset)
#endif
  CHECK(jit.stats().slow_path_faults == faults);
  CHECK(jit.stats().unfolded == unfolded);
  // Later calls run the function compiled again without folds: the count stops growing.
  for (int32_t n : {1, 3, 50}) CHECK(compiled.call("table_walk", n) == interpreted.call("table_walk", n));
  CHECK(jit.stats().slow_path_faults == faults);
  CHECK(jit.stats().unfolded == unfolded);
  CHECK(jit.stats().compiled == 1);  // recompiled, not a second function
  CHECK(jit.stats().interpreted == 0);
}

TEST_SUITE_END();
