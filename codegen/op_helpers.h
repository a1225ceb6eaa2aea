// Out-of-line bodies for the simple instructions the JIT does not emit inline (yet): generated
// from the same semantics the interpreter's handlers use (runtime/semantics/handler_kinds.inc,
// scalar_semantics.def, simd.h), so the two tiers cannot disagree. Each reads its operands from
// the frame and writes its result there, exactly as the interpreter's handler would.
#pragma once

#include <cstdint>

#include "runtime/base/types.h"
#include "runtime/ir/ir.h"
#include "runtime/store/context.h"

namespace zwasm::jit {

// Runs the instruction whose words start at `ip` on frame `fp`; returns 0, or the TrapCode of
// the trap it raised.
using OpHelper = uint32_t (*)(Cell* fp, const uint32_t* ip) noexcept;

// The helper for `op`, or null when the op has none (control flow, memory accesses, calls:
// those the lowering emits itself).
OpHelper op_helper(IrOp op);

// The same for instructions that also need the running instance: SIMD memory accesses
// (simd_memory_ops.def), bulk memory and table instructions (runtime/store/instance_ops.def).
using InstanceOpHelper = uint32_t (*)(Cell* fp, const uint32_t* ip, InstanceContext* ic) noexcept;
InstanceOpHelper instance_op_helper(IrOp op);

}  // namespace zwasm::jit
