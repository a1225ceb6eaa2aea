// The IR verifier (design note L1: a verifier runs after translation). Debug builds verify every
// translation; `zwasm-spec --verify-ir` verifies every function of every module the spec suite
// loads.
#pragma once

#include "runtime/base/result.h"
#include "runtime/ir/ir.h"
#include "runtime/wasm/module.h"

namespace zwasm {

// Checks `fn`: the structure of its code (scan_control_flow, control_flow.h), every slot operand
// inside the frame (a v128 at an even slot), and by a dataflow over its blocks that every operand
// reads a slot holding the type the op expects (ir_ops.def), starting from the params and locals
// of fn.local_types. With the module, calls are checked against their callee's type and global
// accesses against the global's type.
Result<void> verify_ir(const IrFunction& fn, const Module* module = nullptr);

}  // namespace zwasm
