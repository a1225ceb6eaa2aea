// A structural check of translated IR (design note L1: a verifier runs after translation).
// Debug builds verify every translation; `zwasm-spec --verify-ir` verifies every function of
// every module the spec suite loads.
#pragma once

#include "runtime/ir/ir.h"
#include "runtime/base/result.h"

namespace zwasm {

// Checks that every instruction is a known op that fits in the code, every slot operand
// (both cells of a v128) lies inside the frame, and every branch target starts an instruction.
Result<void> verify_ir(const IrFunction& fn);

}  // namespace zwasm
