// The IR verifier rejects each kind of broken IR it is meant to catch: structure (control_flow.h)
// and types (ir_verify.cpp). Each function below takes one i32 param in slot 0 and returns an i32.
#include <doctest/doctest.h>

#include "runtime/ir/control_flow.h"
#include "runtime/ir/ir_verify.h"

namespace zwasm {
namespace {

const FuncType kI32ToI32{{ValType::I32}, {ValType::I32}};

IrFunction frame_of(uint32_t cells, std::vector<uint32_t> code, uint32_t loops = 0) {
  IrFunction fn;
  fn.type = &kI32ToI32;
  fn.local_types.push_back(ValType::I32);
  fn.local_slots.push_back(0);
  fn.param_cells = 1;
  fn.local_cells = 1;
  fn.frame_cells = cells;
  fn.result_cells = 1;
  fn.loop_count = loops;
  fn.code.assign(code.begin(), code.end());
  return fn;
}

constexpr uint32_t op(IrOp o) { return uint32_t(o); }

std::string error_of(const IrFunction& fn) {
  auto r = verify_ir(fn);
  return r.ok() ? "" : r.error().message;
}

TEST_CASE("verify_ir accepts well-formed code") {
  // d1 = s0 + 1; if s1 == 0 jump to the return; return s1
  auto fn = frame_of(2, {op(IrOp::I32AddImm), 1, 0, 1, op(IrOp::JumpIfEqz), 1, 3,
                         op(IrOp::Return1), 1});
  CHECK(error_of(fn) == "");
}

TEST_CASE("verify_ir accepts a loop whose back-edge lands on its LoopHeader") {
  // loop: s0 = s0 - 1; br_if loop (s0 != 0); return s0
  auto fn = frame_of(1, {op(IrOp::LoopHeader), 0, 9, op(IrOp::I32SubImm), 0, 0, 1,
                         op(IrOp::JumpIfNez), 0, uint32_t(-7), op(IrOp::Return1), 0}, 1);
  CHECK(error_of(fn) == "");
  auto cf = scan_control_flow(fn);
  REQUIRE(cf.ok());
  REQUIRE(cf->loops.size() == 1);
  const IrBlock& loop = cf->blocks[cf->loops[0]];
  CHECK(loop.loop_header);
  CHECK(loop.succs.size() == 2);  // falls through to the return, branches back to itself
}

TEST_CASE("verify_ir rejects broken structure") {
  SUBCASE("a slot outside the frame") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::CopyI32), 2, 0, op(IrOp::Return1), 0})).ok());
  }
  SUBCASE("the second cell of a v128 outside the frame") {
    CHECK_FALSE(verify_ir(frame_of(3, {op(IrOp::ConstV128), 2, 0, 0, 0, 0, op(IrOp::Return1), 0})).ok());
  }
  SUBCASE("a branch into the middle of an instruction") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Jump), 3, op(IrOp::CopyI32), 1, 0,
                                       op(IrOp::Return1), 0})).ok());
  }
  SUBCASE("a branch past the end") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Jump), 100})).ok());
  }
  SUBCASE("an unknown op") {
    CHECK_FALSE(verify_ir(frame_of(2, {uint32_t(IrOp::kCount), op(IrOp::Return1), 0})).ok());
  }
  SUBCASE("a truncated instruction") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Return1), 0, op(IrOp::CopyI32), 1})).ok());
  }
  SUBCASE("a jump table whose count runs past the end") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::JumpTable), 0, 50, 0})).ok());
  }
  SUBCASE("code that runs off the end") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::CopyI32), 1, 0})).ok());
  }
  SUBCASE("a backward branch that does not land on a LoopHeader") {
    CHECK(error_of(frame_of(1, {op(IrOp::I32SubImm), 0, 0, 1, op(IrOp::JumpIfNez), 0,
                                uint32_t(-4), op(IrOp::Return1), 0}))
              .find("not a LoopHeader") != std::string::npos);
  }
  SUBCASE("LoopHeaders out of order") {
    CHECK(error_of(frame_of(1, {op(IrOp::LoopHeader), 1, 0, op(IrOp::Return1), 0}, 1))
              .find("out of order") != std::string::npos);
  }
  SUBCASE("a loop_count that does not match the LoopHeaders") {
    CHECK_FALSE(verify_ir(frame_of(1, {op(IrOp::LoopHeader), 0, 0, op(IrOp::Return1), 0}, 2)).ok());
  }
}

TEST_CASE("verify_ir rejects an operand read as the wrong type") {
  // s1 = i64 7; return s1 as the i32 result
  CHECK(error_of(frame_of(2, {op(IrOp::ConstI64), 1, 7, 0, op(IrOp::Return1), 1}))
            .find("reads i32 from slot 1, which holds i64") != std::string::npos);
}

TEST_CASE("verify_ir rejects a read of a temporary written on only one path") {
  // if s0 == 0 skip; s1 = 1; (join) return s1
  CHECK(error_of(frame_of(2, {op(IrOp::JumpIfEqz), 0, 6, op(IrOp::ConstI32), 1, 1,
                              op(IrOp::Return1), 1}))
            .find("which holds nothing") != std::string::npos);
}

TEST_CASE("verify_ir rejects a v128 at an odd slot") {
  CHECK(error_of(frame_of(4, {op(IrOp::ConstV128), 1, 0, 0, 0, 0, op(IrOp::Return1), 0}))
            .find("is odd") != std::string::npos);
}

TEST_CASE("verify_ir rejects a read of a v128 half overwritten by a scalar") {
  // s2..3 = v128; s3 = i32 1; s2..3 copied as a v128
  CHECK(error_of(frame_of(6, {op(IrOp::ConstV128), 2, 0, 0, 0, 0, op(IrOp::ConstI32), 3, 1,
                              op(IrOp::CopyV128), 4, 2, op(IrOp::Return1), 0}))
            .find("reads v128 from slot 2") != std::string::npos);
}

}  // namespace
}  // namespace zwasm
