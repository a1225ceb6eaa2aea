// The JIT's register allocator (codegen/regalloc.h): which slots get registers, over which
// positions, and that two values live at once never share one. What the registers then do in
// generated code is checked by running it: the spec suite and the differential tests under
// --engine jit.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "codegen/regalloc.h"
#include "module_test_util.h"
#include "runtime/ir/control_flow.h"
#include "runtime/ir/translate.h"
#include "runtime/wasm/decoder.h"

using namespace zwasm;
using namespace zwasm::jit;
using zwasm::test::load_valid;

namespace {

// (module
//   (import "env" "f" (func $f (param i32) (result i32)))
//   (func (export "loop") (param $n i32) (result i64) (local $sum i64) (local $x f64)
//     (loop $top
//       (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $n))))
//       (local.set $x (f64.add (local.get $x) (f64.const 0.5)))
//       (local.set $n (i32.sub (local.get $n) (i32.const 1)))
//       (br_if $top (local.get $n)))
//     (i64.add (local.get $sum) (i64.trunc_f64_s (local.get $x))))
//   (func (export "across") (param $a i32) (result i32)
//     (i32.add (call $f (local.get $a)) (local.get $a))))
const std::vector<uint8_t> kWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76,
    0x01, 0x66, 0x00, 0x00, 0x03, 0x03, 0x02, 0x01, 0x00, 0x07, 0x11, 0x02, 0x04, 0x6c,
    0x6f, 0x6f, 0x70, 0x00, 0x01, 0x06, 0x61, 0x63, 0x72, 0x6f, 0x73, 0x73, 0x00, 0x02,
    0x0a, 0x3c, 0x02, 0x30, 0x02, 0x01, 0x7e, 0x01, 0x7c, 0x03, 0x40, 0x20, 0x01, 0x20,
    0x00, 0xad, 0x7c, 0x21, 0x01, 0x20, 0x02, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xe0, 0x3f, 0xa0, 0x21, 0x02, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x20, 0x00,
    0x0d, 0x00, 0x0b, 0x20, 0x01, 0x20, 0x02, 0xb0, 0x7c, 0x0b, 0x09, 0x00, 0x20, 0x00,
    0x10, 0x00, 0x20, 0x00, 0x6a, 0x0b};

// x86-64's shape (codegen/x64): 7 general registers, the last preserved by calls; 13 xmm.
const RegisterFile kX64Like{7, 13, 1u << 6, 0};

// One function's IR, control flow and allocation.
struct Allocated {
  std::unique_ptr<IrFunction> ir;
  ControlFlow cf;
  Allocation alloc;
};

Allocated allocate(const Module& module, uint32_t defined_index, const RegisterFile& regs) {
  Allocated out;
  auto fn = translate_function(module, defined_index);
  REQUIRE(fn.ok());
  out.ir = std::move(fn.value());
  auto cf = scan_control_flow(*out.ir);
  REQUIRE(cf.ok());
  out.cf = std::move(cf.value());
  auto callee_type = [&module](const uint32_t* ins) -> const FuncType* {
    return IrOp(ins[0]) == IrOp::Call ? &module.func_type(ins[1]) : &module.types[ins[1]];
  };
  auto calls_out = [](const uint32_t* ins) {
    return IrOp(ins[0]) == IrOp::Call || IrOp(ins[0]) == IrOp::CallIndirect;
  };
  out.alloc = allocate_registers(*out.ir, out.cf, regs, callee_type, calls_out);
  return out;
}

// No two slots of one class hold the same register at the same position.
void check_no_sharing(const Allocation& alloc) {
  const auto& homes = alloc.homes;
  for (uint32_t a = 0; a < homes.size(); ++a) {
    if (homes[a].cls == RegClass::None) continue;
    for (uint32_t b = a + 1; b < homes.size(); ++b) {
      if (homes[b].cls != homes[a].cls || homes[b].reg != homes[a].reg) continue;
      bool overlap = homes[a].start <= homes[b].end && homes[b].start <= homes[a].end;
      CHECK_MESSAGE(!overlap, "slots " << a << " and " << b << " share a register");
    }
  }
}

// The position of the function's LoopHeader and of the branch back to it.
std::pair<uint32_t, uint32_t> loop_extent(const Allocated& f) {
  uint32_t header = 0, back = 0;
  for (uint32_t pc : f.cf.instrs) {
    IrOp op = IrOp(f.ir->code[pc]);
    if (op == IrOp::LoopHeader) header = instr_position(f.cf, pc);
    if (op == IrOp::JumpIfNez) back = instr_position(f.cf, pc);
  }
  return {header, back};
}

}  // namespace

TEST_CASE("locals carried around a loop keep one register each for the whole loop") {
  auto module = load_valid(kWasm);
  Allocated f = allocate(*module, 0, kX64Like);
  auto [header, back] = loop_extent(f);
  REQUIRE(header > 0);
  REQUIRE(back > header);
  // $n (i32) and $sum (i64) in general registers, $x (f64) in an xmm register.
  for (uint32_t local = 0; local < 3; ++local) {
    uint32_t slot = f.ir->local_slots[local];
    CAPTURE(local);
    REQUIRE(f.alloc.in_register(slot));
    CHECK(f.alloc.home(slot).cls == (local == 2 ? RegClass::Fp : RegClass::Gp));
    CHECK(f.alloc.home(slot).start == kEntryPosition);  // params and locals: from the entry
    CHECK(f.alloc.home(slot).end >= back);              // and around the back-edge
  }
  CHECK(f.alloc.home(0).reg != f.alloc.home(1).reg);
  check_no_sharing(f.alloc);
}

TEST_CASE("a value live across a call takes a register the call preserves") {
  auto module = load_valid(kWasm);
  Allocated f = allocate(*module, 1, RegisterFile{3, 0, 1u << 2, 0});
  REQUIRE(f.alloc.in_register(0));  // $a, read after the call
  CHECK(f.alloc.home(0).reg == 2);
  // The call's argument and result slots are not $a's register.
  check_no_sharing(f.alloc);
}

TEST_CASE("without registers every slot stays in its cell") {
  auto module = load_valid(kWasm);
  for (uint32_t fn = 0; fn < 2; ++fn) {
    Allocated f = allocate(*module, fn, RegisterFile{});
    for (const SlotHome& h : f.alloc.homes) CHECK(h.cls == RegClass::None);
  }
}

TEST_CASE("slots live at the same time never share a register, in every perf program") {
  const std::string dir = ZWASM_PERF_WASM_DIR;
  const char* programs[] = {"base64", "bytecode", "hashmap", "matmul", "nbody", "sha256", "simd"};
  size_t functions = 0;
  for (const char* name : programs) {
    std::ifstream in(dir + "/" + name + ".wasm", std::ios::binary);
    if (!in) continue;  // built only where clang targets wasm32-wasi
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto module = load_valid(bytes);
    CAPTURE(name);
    for (uint32_t fn = 0; fn < module->func_types.size(); ++fn) {
      // Plenty of registers, and few: the scan's eviction path.
      for (const RegisterFile& regs : {kX64Like, RegisterFile{2, 2, 1u << 1, 0}}) {
        Allocated f = allocate(*module, fn, regs);
        check_no_sharing(f.alloc);
      }
      ++functions;
    }
  }
  MESSAGE(functions << " functions allocated");
}
