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
//     (i32.add (call $f (local.get $a)) (local.get $a)))
//   (func (export "reuse") (param $n i32) (param $y f64) (result f64)
//     (f64.add
//       (f64.convert_i32_s (i32.mul (i32.add (local.get $n) (i32.const 3)) (local.get $n)))
//       (f64.mul (local.get $y) (local.get $y)))))
const std::vector<uint8_t> kWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x60, 0x02, 0x7f, 0x7c, 0x01, 0x7c, 0x02,
    0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x66, 0x00, 0x00, 0x03, 0x04, 0x03, 0x01,
    0x00, 0x02, 0x07, 0x19, 0x03, 0x04, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x01, 0x06, 0x61,
    0x63, 0x72, 0x6f, 0x73, 0x73, 0x00, 0x02, 0x05, 0x72, 0x65, 0x75, 0x73, 0x65, 0x00,
    0x03, 0x0a, 0x4e, 0x03, 0x30, 0x02, 0x01, 0x7e, 0x01, 0x7c, 0x03, 0x40, 0x20, 0x01,
    0x20, 0x00, 0xad, 0x7c, 0x21, 0x01, 0x20, 0x02, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xe0, 0x3f, 0xa0, 0x21, 0x02, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x20,
    0x00, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x20, 0x02, 0xb0, 0x7c, 0x0b, 0x09, 0x00, 0x20,
    0x00, 0x10, 0x00, 0x20, 0x00, 0x6a, 0x0b, 0x11, 0x00, 0x20, 0x00, 0x41, 0x03, 0x6a,
    0x20, 0x00, 0x6c, 0xb7, 0x20, 0x01, 0x20, 0x01, 0xa2, 0xa0, 0x0b};

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
  OpTraits ops;
  ops.calls_out.assign(size_t(IrOp::kCount), false);
  ops.calls_out[size_t(IrOp::Call)] = ops.calls_out[size_t(IrOp::CallIndirect)] = true;
  ops.pure.assign(size_t(IrOp::kCount), false);
  out.alloc = allocate_registers(*out.ir, out.cf, regs, callee_type, ops);
  return out;
}

// No two values of one class hold the same register while both are live.
void check_no_sharing(const Allocation& alloc) {
  const auto& values = alloc.values;
  for (size_t a = 0; a < values.size(); ++a) {
    if (values[a].reg.cls == RegClass::None) continue;
    for (size_t b = a + 1; b < values.size(); ++b) {
      if (!(values[b].reg == values[a].reg)) continue;
      // One may start where the other ends: an instruction reads before it writes.
      bool overlap = values[a].start < values[b].end && values[b].start < values[a].end;
      CHECK_MESSAGE(!overlap, "values of slots " << values[a].slot << " and " << values[b].slot
                                                  << " share a register");
    }
  }
}

// The value of `slot` that is live at function entry (a param's or local's first value).
const Interval* entry_value(const Allocation& alloc, uint32_t slot) {
  for (const Interval& v : alloc.values)
    if (v.slot == slot && v.start == kEntryPosition) return &v;
  return nullptr;
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
  REQUIRE(f.alloc.at_loop.size() == 1);
  // $n (i32) and $sum (i64) in general registers, $x (f64) in an xmm register, each one value
  // from the entry around the back-edge, and loaded at the loop's OSR entry.
  for (uint32_t local = 0; local < 3; ++local) {
    uint32_t slot = f.ir->local_slots[local];
    CAPTURE(local);
    const Interval* v = entry_value(f.alloc, slot);
    REQUIRE(v);
    CHECK(v->reg.cls == (local == 2 ? RegClass::Fp : RegClass::Gp));
    CHECK(v->end >= back);
    bool at_osr_entry = false;
    for (const Placed& p : f.alloc.at_loop[0]) at_osr_entry |= p.slot == slot && p.reg == v->reg;
    CHECK(at_osr_entry);
  }
  CHECK(!(entry_value(f.alloc, 0)->reg == entry_value(f.alloc, 1)->reg));
  check_no_sharing(f.alloc);
}

TEST_CASE("a value live across a call takes a register the call preserves") {
  auto module = load_valid(kWasm);
  Allocated f = allocate(*module, 1, RegisterFile{3, 0, 1u << 2, 0});
  const Interval* a = entry_value(f.alloc, 0);  // $a, read after the call
  REQUIRE(a);
  CHECK(a->reg == (Reg{RegClass::Gp, 2}));
  // A preserved register needs no store and reload around the call.
  CHECK(f.alloc.across.empty());
  check_no_sharing(f.alloc);
}

TEST_CASE("a value live across a call in a register the call clobbers is stored and reloaded") {
  auto module = load_valid(kWasm);
  Allocated f = allocate(*module, 1, RegisterFile{3, 0, 0, 0});
  const Interval* a = entry_value(f.alloc, 0);
  REQUIRE(a);
  REQUIRE(a->reg.cls == RegClass::Gp);
  REQUIRE(f.alloc.across.size() == 1);
  CHECK(f.alloc.across[0].slot == 0);
  CHECK(f.alloc.across[0].reg == a->reg);
}

TEST_CASE("one slot holding an i32 and then an f64 gives each value its own register") {
  auto module = load_valid(kWasm);
  Allocated f = allocate(*module, 2, kX64Like);
  // "reuse": the i32 product and the f64 it converts to share an operand-stack slot.
  bool gp = false, fp = false;
  for (const Interval& v : f.alloc.values) {
    if (v.slot < f.ir->local_cells) continue;
    gp |= v.reg.cls == RegClass::Gp;
    fp |= v.reg.cls == RegClass::Fp;
  }
  CHECK(gp);
  CHECK(fp);
  check_no_sharing(f.alloc);
}

TEST_CASE("without registers every value stays in its cell") {
  auto module = load_valid(kWasm);
  for (uint32_t fn = 0; fn < 3; ++fn) {
    Allocated f = allocate(*module, fn, RegisterFile{});
    for (const Interval& v : f.alloc.values) CHECK(v.reg.cls == RegClass::None);
    CHECK(f.alloc.operands.empty());
  }
}

TEST_CASE("values live at the same time never share a register, in every perf program") {
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
