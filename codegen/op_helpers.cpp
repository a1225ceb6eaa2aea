#include "codegen/op_helpers.h"

#include <array>

#include "runtime/semantics/ir_operands.h"
#include "runtime/store/instance_ops.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

namespace {

using namespace semantics;  // Sem_*, trapping, load_v128, store_v128

// One function per simple op, as the interpreter's handler for it (handler_kinds.inc).
#define ZW_GEN(name, words, stmt)                                     \
  uint32_t op_##name(Cell* fp, const uint32_t* ip) noexcept {         \
    stmt;                                                             \
    return 0;                                                         \
  }
#define ZW_GEN_TRAP(name, words, R, expr)                             \
  uint32_t op_##name(Cell* fp, const uint32_t* ip) noexcept {         \
    TrapCode trap = TrapCode::None;                                   \
    auto result = expr;                                               \
    if (trap != TrapCode::None) return uint32_t(trap);                \
    ZW_WR_##R(1, result);                                             \
    return 0;                                                         \
  }
#define ZW_HAND(name)
#include "runtime/semantics/handler_kinds.inc"
#define ZW_OP(name, prefix, code, text, imm, sig) ZW_HANDLER_##imm##_##sig(name)
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
#undef ZW_GEN
#undef ZW_GEN_TRAP

// The pair fusions that have no inline lowering: one rounding after the multiply, one after the
// add (never an FMA: -ffp-contract=off, CMakeLists.txt).
uint32_t op_F64MulAdd(Cell* fp, const uint32_t* ip) noexcept {
  double product = ZW_RD_F(3) * ZW_RD_F(4);
  ZW_WR_F(1, ZW_RD_F(2) + product);
  return 0;
}
uint32_t op_F32MulAdd(Cell* fp, const uint32_t* ip) noexcept {
  float product = ZW_RD_f(3) * ZW_RD_f(4);
  ZW_WR_f(1, ZW_RD_f(2) + product);
  return 0;
}

// ---- instructions that need the instance ----

#define ZW_INSTANCE_OP(name, words, call)                                              \
  uint32_t iop_##name(Cell* fp, const uint32_t* ip, InstanceContext* ic) noexcept {    \
    Instance* inst = ic->instance;                                                     \
    return uint32_t(call);                                                             \
  }
#include "runtime/store/instance_ops.def"

// Memory 0 bounds (spec 4.4.7): the access of `bytes` at u32 `address` + u32 `offset` fits.
inline uint8_t* at(InstanceContext* ic, uint32_t address, uint32_t offset, size_t bytes) {
  uint64_t ea = uint64_t(address) + offset;
  const MemoryView& m = *ic->memory0;
  return ea + bytes <= m.size ? m.base + ea : nullptr;
}
constexpr uint32_t kOutOfBounds = uint32_t(TrapCode::MemoryOutOfBounds);
#define ZW_ID(v) (v)
#define ZW_VLOAD(name, MemT, transform)                                                \
  uint32_t iop_##name(Cell* fp, const uint32_t* ip, InstanceContext* ic) noexcept {    \
    const uint8_t* p = at(ic, ZW_RD_i(2), ip[3], sizeof(MemT));                        \
    if (!p) return kOutOfBounds;                                                       \
    MemT raw;                                                                          \
    std::memcpy(&raw, p, sizeof(MemT));                                                \
    ZW_WR_V(1, transform(raw));                                                        \
    return 0;                                                                          \
  }
#define ZW_VSTORE(name)                                                                \
  uint32_t iop_##name(Cell* fp, const uint32_t* ip, InstanceContext* ic) noexcept {    \
    uint8_t* p = at(ic, ZW_RD_i(1), ip[3], 16);                                        \
    if (!p) return kOutOfBounds;                                                       \
    V128 v = ZW_RD_V(2);                                                               \
    std::memcpy(p, v.bytes, 16);                                                       \
    return 0;                                                                          \
  }
#define ZW_LOAD_LANE(name, MemT)                                                       \
  uint32_t iop_##name(Cell* fp, const uint32_t* ip, InstanceContext* ic) noexcept {    \
    const uint8_t* p = at(ic, ZW_RD_i(2), ip[4], sizeof(MemT));                        \
    if (!p) return kOutOfBounds;                                                       \
    V128 v = ZW_RD_V(3);                                                               \
    std::memcpy(v.bytes + ip[5] * sizeof(MemT), p, sizeof(MemT));                      \
    ZW_WR_V(1, v);                                                                     \
    return 0;                                                                          \
  }
#define ZW_STORE_LANE(name, MemT)                                                      \
  uint32_t iop_##name(Cell* fp, const uint32_t* ip, InstanceContext* ic) noexcept {    \
    uint8_t* p = at(ic, ZW_RD_i(1), ip[3], sizeof(MemT));                              \
    if (!p) return kOutOfBounds;                                                       \
    V128 v = ZW_RD_V(2);                                                               \
    std::memcpy(p, v.bytes + ip[4] * sizeof(MemT), sizeof(MemT));                      \
    return 0;                                                                          \
  }
#include "runtime/semantics/simd_memory_ops.def"

std::array<InstanceOpHelper, size_t(IrOp::kCount)> build_instance_table() {
  std::array<InstanceOpHelper, size_t(IrOp::kCount)> t{};
#define ZW_INSTANCE_OP(name, words, call) t[size_t(IrOp::name)] = &iop_##name;
#include "runtime/store/instance_ops.def"
#define ZW_VLOAD(name, MemT, transform) t[size_t(IrOp::name)] = &iop_##name;
#define ZW_VSTORE(name) t[size_t(IrOp::name)] = &iop_##name;
#define ZW_LOAD_LANE(name, MemT) t[size_t(IrOp::name)] = &iop_##name;
#define ZW_STORE_LANE(name, MemT) t[size_t(IrOp::name)] = &iop_##name;
#include "runtime/semantics/simd_memory_ops.def"
  return t;
}

std::array<OpHelper, size_t(IrOp::kCount)> build_table() {
  std::array<OpHelper, size_t(IrOp::kCount)> t{};
#define ZW_GEN(name, words, stmt) t[size_t(IrOp::name)] = &op_##name;
#define ZW_GEN_TRAP(name, words, R, expr) t[size_t(IrOp::name)] = &op_##name;
#define ZW_OP(name, prefix, code, text, imm, sig) ZW_HANDLER_##imm##_##sig(name)
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
#undef ZW_GEN
#undef ZW_GEN_TRAP
  t[size_t(IrOp::F64MulAdd)] = &op_F64MulAdd;
  t[size_t(IrOp::F32MulAdd)] = &op_F32MulAdd;
  return t;
}

}  // namespace

OpHelper op_helper(IrOp op) {
  static const auto table = build_table();
  return table[size_t(op)];
}

InstanceOpHelper instance_op_helper(IrOp op) {
  static const auto table = build_instance_table();
  return table[size_t(op)];
}

}  // namespace zwasm::jit
