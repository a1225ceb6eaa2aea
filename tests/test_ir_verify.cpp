// The IR verifier rejects each kind of broken IR it is meant to catch.
#include <doctest/doctest.h>

#include "runtime/ir/ir_verify.h"

namespace zwasm {
namespace {

IrFunction frame_of(uint32_t cells, std::vector<uint32_t> code) {
  IrFunction fn;
  fn.param_cells = 1;
  fn.local_cells = 1;
  fn.frame_cells = cells;
  fn.result_cells = 1;
  fn.code.assign(code.begin(), code.end());
  return fn;
}

constexpr uint32_t op(IrOp o) { return uint32_t(o); }

TEST_CASE("verify_ir accepts well-formed code") {
  // d1 = s0 + 1; if s1 == 0 jump to the return; return s1
  auto fn = frame_of(2, {op(IrOp::I32AddImm), 1, 0, 1, op(IrOp::JumpIfEqz), 1, 3,
                         op(IrOp::Return1), 1});
  CHECK(verify_ir(fn).ok());
}

TEST_CASE("verify_ir rejects broken code") {
  SUBCASE("a slot outside the frame") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Copy), 2, 0, op(IrOp::Return0)})).ok());
  }
  SUBCASE("the second cell of a v128 outside the frame") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Copy2), 1, 0, op(IrOp::Return0)})).ok());
  }
  SUBCASE("a branch into the middle of an instruction") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Jump), 3, op(IrOp::Copy), 1, 0,
                                       op(IrOp::Return0)})).ok());
  }
  SUBCASE("a branch past the end") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Jump), 100})).ok());
  }
  SUBCASE("an unknown op") {
    CHECK_FALSE(verify_ir(frame_of(2, {uint32_t(IrOp::kCount), op(IrOp::Return0)})).ok());
  }
  SUBCASE("a truncated instruction") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Return0), op(IrOp::Copy), 1})).ok());
  }
  SUBCASE("a jump table whose count runs past the end") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::JumpTable), 0, 50, 0})).ok());
  }
  SUBCASE("code that runs off the end") {
    CHECK_FALSE(verify_ir(frame_of(2, {op(IrOp::Copy), 1, 0})).ok());
  }
}

}  // namespace
}  // namespace zwasm
