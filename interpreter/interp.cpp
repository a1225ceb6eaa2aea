// The register-IR interpreter: one dispatch loop (computed goto) over ir.h instructions.
//
// VM state lives in locals the compiler keeps in registers: ip (instruction pointer), fp (frame
// base), mem/mem_size (memory 0), inst and func. Calls push a ReturnRecord and switch these in
// place, so wasm->wasm calls never recurse on the native stack. Slow, rare paths (translation,
// traps, bulk memory, tables) live out of line in interp_slow.cpp.
#include "interpreter/interp.h"

#include <bit>
#include <cstring>

#include "runtime/store/exec_stack.h"
#include "interpreter/interp_slow.h"
#include "runtime/ir/ir.h"
#include "interpreter/numeric.h"
#include "interpreter/simd.h"

namespace zwasm {
namespace {

// Adapts a numeric.h trapping helper (returns a TrapCode, writes its value through `out`).
template <class R, class F, class... Args>
[[gnu::always_inline]] inline R trapping(TrapCode& trap, F f, Args... args) {
  R out{};
  trap = f(args..., out);
  return out;
}

// Scalar semantics (scalar_semantics.def) as callable structs; `b` is unused by unary ops.
#define ZW_SEM(name, expr)                                                          \
  struct Sem_##name {                                                               \
    template <class A, class B = A>                                                 \
    [[gnu::always_inline]] static inline auto apply(TrapCode& trap, A a, B b = B{}) { \
      return (expr);                                                                \
    }                                                                               \
  };
#include "interpreter/scalar_semantics.def"
#undef ZW_SEM

inline V128 load_v128(const Cell* p) {
  V128 v;
  std::memcpy(v.bytes, p, 16);
  return v;
}
inline void store_v128(Cell* p, const V128& v) { std::memcpy(p, v.bytes, 16); }

// Before a host call: the host may re-enter wasm, whose activation must start above ours.
[[gnu::always_inline]] inline void publish(ExecStack& stack, Cell* fp, const Function* func,
                                           ReturnRecord* records) {
  stack.top = fp + func->ir->frame_cells;
  stack.records_top = records;
}

// Declared locals start at zero (spec 4.4.10 invocation). Most functions have few or none: an
// inline loop beats a memset call there.
[[gnu::always_inline]] inline void zero_locals(Cell* fp, const IrFunction* ir) {
  for (Cell* p = fp + ir->param_cells, *end = fp + ir->local_cells; p < end; ++p) *p = 0;
}

}  // namespace

// Operand access by signature letter; k is the operand's word index in the instruction.
#define ZW_RD_i(k) uint32_t(fp[ip[k]])
#define ZW_RD_I(k) uint64_t(fp[ip[k]])
#define ZW_RD_f(k) std::bit_cast<float>(uint32_t(fp[ip[k]]))
#define ZW_RD_F(k) std::bit_cast<double>(fp[ip[k]])
#define ZW_RD_V(k) load_v128(fp + ip[k])
#define ZW_WR_i(k, v) (fp[ip[k]] = uint32_t(v))
#define ZW_WR_I(k, v) (fp[ip[k]] = uint64_t(v))
#define ZW_WR_f(k, v) (fp[ip[k]] = std::bit_cast<uint32_t>(float(v)))
#define ZW_WR_F(k, v) (fp[ip[k]] = std::bit_cast<uint64_t>(double(v)))
#define ZW_WR_V(k, v) store_v128(fp + ip[k], (v))

#define ZW_NEXT() goto* kLabels[*ip]
#define ZW_TRAP(code)    \
  do {                   \
    pending = (code);    \
    goto on_trap;        \
  } while (0)

namespace {

// Runs wasm function `entry` (already translated) whose arguments are at fp[0..). Returns when
// the entry function returns; its results are then at fp[0..).
Trap run(Function* entry, Cell* fp) {
  static void* const kLabels[] = {
#define ZW_OP(name, prefix, code, text, imm, sig) &&L_##name,
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
#define ZW_IR_OP(name, layout) &&L_##name,
#include "runtime/ir/ir_ops.def"
#undef ZW_IR_OP
  };
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == size_t(IrOp::kCount));

  ExecStack& stack = ExecStack::current();
  ReturnRecord* const records_base = stack.records_top;  // this activation's first record
  ReturnRecord* records = records_base;                  // next free record
  ReturnRecord* const records_end = stack.records_end();
  Cell* const cells_end = stack.end();
  Function* func = entry;
  Instance* inst = func->instance;
  const uint32_t* ip = func->ir->code.data();
  uint8_t* mem = nullptr;
  uint64_t mem_size = 0;
  TrapCode pending = TrapCode::None;
  Trap host_trap;

  // Memory 0 never moves (runtime/store/memory.cpp reserves it whole), but it may grow: the size is
  // reloaded after anything that can grow it (calls, memory.grow).
  auto reload_memory = [&]() {
    if (!inst->memories.empty()) {
      mem = inst->memories[0]->base();
      mem_size = inst->memories[0]->size_bytes();
    } else {
      mem = nullptr;
      mem_size = 0;
    }
  };
  reload_memory();
  zero_locals(fp, func->ir.get());
  ZW_NEXT();

// ---- generated handlers: scalar numerics and SIMD ----
#define ZW_GEN(name, words, stmt) \
  L_##name : {                    \
    stmt;                         \
    ip += words;                  \
    ZW_NEXT();                    \
  }
#define ZW_GEN_TRAP(name, words, R, expr)                \
  L_##name : {                                           \
    TrapCode trap = TrapCode::None;                      \
    auto result = expr;                                  \
    if (trap != TrapCode::None) [[unlikely]] ZW_TRAP(trap); \
    ZW_WR_##R(1, result);                                \
    ip += words;                                         \
    ZW_NEXT();                                           \
  }
#define ZW_HAND(name)
#include "interpreter/handler_kinds.inc"
#define ZW_OP(name, prefix, code, text, imm, sig) ZW_HANDLER_##imm##_##sig(name)
#include "runtime/wasm/opcodes.def"
#undef ZW_OP

// ---- super-instructions ----
L_I32AddShlImm:  // the shift count is masked at translation
  fp[ip[1]] = uint32_t(ZW_RD_i(2) + (ZW_RD_i(3) << ip[4]));
  ip += 5;
  ZW_NEXT();
L_F64MulAdd: {  // no contraction into an FMA: -ffp-contract=off (CMakeLists.txt)
  double product = ZW_RD_F(3) * ZW_RD_F(4);
  ZW_WR_F(1, ZW_RD_F(2) + product);
  ip += 5;
  ZW_NEXT();
}
L_F32MulAdd: {
  float product = ZW_RD_f(3) * ZW_RD_f(4);
  ZW_WR_f(1, ZW_RD_f(2) + product);
  ip += 5;
  ZW_NEXT();
}
// Immediate forms and compare-and-branch (fused_ops.def)
#define ZW_IMM_i(k) uint32_t(ip[k])
#define ZW_IMM_I(k) uint64_t(int64_t(int32_t(ip[k])))
#define ZW_IMM_OP(name, A, R) \
  ZW_GEN_TRAP(name##Imm, 4, R, Sem_##name::apply(trap, ZW_RD_##A(2), ZW_IMM_##A(3)))
#define ZW_CMP_OP(name, A, inverse)                                                        \
  L_JumpIf##name : {                                                                       \
    TrapCode trap = TrapCode::None;                                                        \
    ip += Sem_##name::apply(trap, ZW_RD_##A(1), ZW_RD_##A(2)) ? int32_t(ip[3]) : 4;        \
    ZW_NEXT();                                                                             \
  }                                                                                        \
  L_JumpIf##name##Imm : {                                                                  \
    TrapCode trap = TrapCode::None;                                                        \
    ip += Sem_##name::apply(trap, ZW_RD_##A(1), ZW_IMM_##A(2)) ? int32_t(ip[3]) : 4;       \
    ZW_NEXT();                                                                             \
  }
#include "runtime/ir/fused_ops.def"
#undef ZW_IMM_OP
#undef ZW_CMP_OP

// ---- special wasm instructions that never appear in the IR ----
L_Nop: L_Block: L_Loop: L_If: L_Else: L_End: L_Br: L_BrIf: L_BrTable: L_Return: L_RefNull:
L_Drop: L_SelectT: L_LocalGet: L_LocalSet: L_LocalTee: L_I32Const: L_I64Const: L_F32Const:
L_F64Const: L_V128Const:
  host_trap.message = "internal error: invalid IR instruction";
  ZW_TRAP(TrapCode::HostTrap);

// ---- moves and constants ----
L_Copy:
  fp[ip[1]] = fp[ip[2]];
  ip += 3;
  ZW_NEXT();
L_Copy2:
  store_v128(fp + ip[1], load_v128(fp + ip[2]));  // may overlap: load fully first
  ip += 3;
  ZW_NEXT();
L_Const32:
  fp[ip[1]] = ip[2];
  ip += 3;
  ZW_NEXT();
L_Const64:
  fp[ip[1]] = uint64_t(ip[2]) | (uint64_t(ip[3]) << 32);
  ip += 4;
  ZW_NEXT();
L_Const128:
  fp[ip[1]] = uint64_t(ip[2]) | (uint64_t(ip[3]) << 32);
  fp[ip[1] + 1] = uint64_t(ip[4]) | (uint64_t(ip[5]) << 32);
  ip += 6;
  ZW_NEXT();

// ---- control ----
L_Jump:
  ip += int32_t(ip[1]);
  ZW_NEXT();
L_JumpIfNez:
  ip += uint32_t(fp[ip[1]]) != 0 ? int32_t(ip[2]) : 3;
  ZW_NEXT();
L_JumpIfEqz:
  ip += uint32_t(fp[ip[1]]) == 0 ? int32_t(ip[2]) : 3;
  ZW_NEXT();
L_JumpTable: {
  uint32_t index = uint32_t(fp[ip[1]]);
  uint32_t count = ip[2];
  if (index >= count - 1) index = count - 1;  // the last entry is the default
  ip += int32_t(ip[3 + index]);
  ZW_NEXT();
}
L_Unreachable:
  ZW_TRAP(TrapCode::Unreachable);

L_Return0:
  goto do_return;
L_Return1:
  fp[0] = fp[ip[1]];
  goto do_return;
L_Return2:
  store_v128(fp, load_v128(fp + ip[1]));
  goto do_return;
L_ReturnN: {
  // Sources may overlap the destination cells: gather first.
  uint32_t n = ip[1];
  Cell buffer[64];
  Cell* tmp = n <= 64 ? buffer : new Cell[n];
  for (uint32_t k = 0; k < n; ++k) tmp[k] = fp[ip[2 + k]];
  std::memcpy(fp, tmp, n * sizeof(Cell));
  if (tmp != buffer) delete[] tmp;
  goto do_return;
}
do_return:
  if (records == records_base) return Trap{};
  {
    const ReturnRecord& r = *--records;
    ip = r.ip;
    fp = r.fp;
    func = r.func;
    if (func->instance != inst) {
      inst = func->instance;
      reload_memory();
    }
  }
  ZW_NEXT();

// ---- calls ----
L_Call: {
  Function* callee = inst->funcs[ip[1]];
  Cell* callee_fp = fp + ip[2];
  ip += 3;
  if (callee->is_host()) goto host_call_from_call;
  {
    if (!callee->ir) [[unlikely]] {
      if (!ensure_translated(callee, host_trap)) ZW_TRAP(TrapCode::HostTrap);
    }
    const IrFunction* ir = callee->ir.get();
    if (callee_fp + ir->frame_cells > cells_end || records == records_end) [[unlikely]]
      ZW_TRAP(TrapCode::CallStackExhausted);
    *records++ = {ip, fp, func};
    fp = callee_fp;
    func = callee;
    zero_locals(fp, ir);
    ip = ir->code.data();
    if (callee->instance != inst) {
      inst = callee->instance;
      reload_memory();
    }
    ZW_NEXT();
  }
host_call_from_call : {
  HostCall call{inst, inst->store};
  publish(stack, fp, func, records);
  Trap t = callee->host(call, callee_fp, callee_fp);
  if (!t.ok()) [[unlikely]] {
    host_trap = std::move(t);
    pending = host_trap.code;
    goto on_trap;
  }
  reload_memory();
  ZW_NEXT();
}
}
L_CallIndirect: {
  Table* table = inst->tables[ip[2]];
  uint32_t index = uint32_t(fp[ip[3]]);
  if (index >= table->size()) [[unlikely]] ZW_TRAP(TrapCode::UndefinedElement);
  Function* callee = reinterpret_cast<Function*>(table->get(index));
  if (callee == nullptr) [[unlikely]] ZW_TRAP(TrapCode::UninitializedElement);
  if (callee->type_id != inst->type_ids[ip[1]]) [[unlikely]]
    ZW_TRAP(TrapCode::IndirectCallTypeMismatch);
  Cell* callee_fp = fp + ip[4];
  ip += 5;
  if (callee->is_host()) {
    HostCall call{inst, inst->store};
    publish(stack, fp, func, records);
    Trap t = callee->host(call, callee_fp, callee_fp);
    if (!t.ok()) [[unlikely]] {
      host_trap = std::move(t);
      pending = host_trap.code;
      goto on_trap;
    }
    reload_memory();
    ZW_NEXT();
  }
  if (!callee->ir) [[unlikely]] {
    if (!ensure_translated(callee, host_trap)) ZW_TRAP(TrapCode::HostTrap);
  }
  const IrFunction* ir = callee->ir.get();
  if (callee_fp + ir->frame_cells > cells_end || records == records_end) [[unlikely]]
    ZW_TRAP(TrapCode::CallStackExhausted);
  *records++ = {ip, fp, func};
  fp = callee_fp;
  func = callee;
  zero_locals(fp, ir);
  ip = ir->code.data();
  if (callee->instance != inst) {
    inst = callee->instance;
    reload_memory();
  }
  ZW_NEXT();
}

// ---- parametric, globals, references ----
L_Select:
  fp[ip[1]] = uint32_t(fp[ip[4]]) ? fp[ip[2]] : fp[ip[3]];
  ip += 5;
  ZW_NEXT();
L_Select2:
  store_v128(fp + ip[1], load_v128(fp + (uint32_t(fp[ip[4]]) ? ip[2] : ip[3])));
  ip += 5;
  ZW_NEXT();
L_GlobalGet:
  fp[ip[1]] = inst->globals[ip[2]]->value[0];
  ip += 3;
  ZW_NEXT();
L_GlobalSet:
  inst->globals[ip[1]]->value[0] = fp[ip[2]];
  ip += 3;
  ZW_NEXT();
L_GlobalGet2:
  std::memcpy(fp + ip[1], inst->globals[ip[2]]->value, 16);
  ip += 3;
  ZW_NEXT();
L_GlobalSet2:
  std::memcpy(inst->globals[ip[1]]->value, fp + ip[2], 16);
  ip += 3;
  ZW_NEXT();
L_RefIsNull:
  fp[ip[1]] = fp[ip[2]] == kNullRef ? 1 : 0;
  ip += 3;
  ZW_NEXT();
L_RefFunc:
  fp[ip[1]] = reinterpret_cast<RefWord>(inst->funcs[ip[2]]);
  ip += 3;
  ZW_NEXT();

// ---- memory access: effective address = u32 address + u32 offset, checked against the size --
// ADDR is the 32-bit address expression; the plain forms read it from a slot, the fused forms
// (memory_ops.def) add a constant or a second slot with 32-bit wraparound, as i32.add does.
#define ZW_LOAD_AT(name, MemT, WR, conv, ADDR, OFFSET, WORDS)          \
  L_##name : {                                                          \
    uint64_t ea = uint64_t(uint32_t(ADDR)) + ip[OFFSET];                \
    if (ea + sizeof(MemT) > mem_size) [[unlikely]]                      \
      ZW_TRAP(TrapCode::MemoryOutOfBounds);                             \
    MemT v;                                                             \
    std::memcpy(&v, mem + ea, sizeof(MemT));                            \
    WR(1, conv(v));                                                     \
    ip += WORDS;                                                        \
    ZW_NEXT();                                                          \
  }
#define ZW_STORE_AT(name, MemT, RD, VALUE, ADDR, OFFSET, WORDS)         \
  L_##name : {                                                          \
    uint64_t ea = uint64_t(uint32_t(ADDR)) + ip[OFFSET];                \
    if (ea + sizeof(MemT) > mem_size) [[unlikely]]                      \
      ZW_TRAP(TrapCode::MemoryOutOfBounds);                             \
    MemT v = MemT(RD(VALUE));                                           \
    std::memcpy(mem + ea, &v, sizeof(MemT));                            \
    ip += WORDS;                                                        \
    ZW_NEXT();                                                          \
  }
#define ZW_LOAD(name, MemT, WR, conv) ZW_LOAD_AT(name, MemT, WR, conv, ZW_RD_i(2), 3, 4)
#define ZW_STORE(name, MemT, RD) ZW_STORE_AT(name, MemT, RD, 2, ZW_RD_i(1), 3, 4)
#define ZW_SX32(v) uint32_t(int32_t(v))
#define ZW_SX64(v) uint64_t(int64_t(v))
#define ZW_ID(v) (v)
#define ZW_LOAD_OP(name, MemT, R, conv)                                                       \
  ZW_LOAD(name, MemT, ZW_WR_##R, conv)                                                        \
  ZW_LOAD_AT(name##AddImm, MemT, ZW_WR_##R, conv, ZW_RD_i(2) + ip[3], 4, 5)                   \
  ZW_LOAD_AT(name##AddReg, MemT, ZW_WR_##R, conv, ZW_RD_i(2) + ZW_RD_i(3), 4, 5)              \
  ZW_LOAD_AT(name##AddShl, MemT, ZW_WR_##R, conv, ZW_RD_i(2) + (ZW_RD_i(3) << ip[4]), 5, 6)
#define ZW_STORE_OP(name, MemT, A)                                                            \
  ZW_STORE(name, MemT, ZW_RD_##A)                                                             \
  ZW_STORE_AT(name##AddImm, MemT, ZW_RD_##A, 3, ZW_RD_i(1) + ip[2], 4, 5)                      \
  ZW_STORE_AT(name##AddReg, MemT, ZW_RD_##A, 3, ZW_RD_i(1) + ZW_RD_i(2), 4, 5)                 \
  ZW_STORE_AT(name##AddShl, MemT, ZW_RD_##A, 4, ZW_RD_i(1) + (ZW_RD_i(2) << ip[3]), 5, 6)
#include "runtime/ir/memory_ops.def"
#undef ZW_LOAD_OP
#undef ZW_STORE_OP
  // SIMD loads: the loaded bytes go through simd.h's lane transforms.
#define ZW_VLOAD(name, MemT, transform) ZW_LOAD(name, MemT, ZW_WR_V, transform)
  ZW_VLOAD(V128Load, V128, ZW_ID)
  ZW_VLOAD(V128Load8x8S, uint64_t, simd::Load8x8S)
  ZW_VLOAD(V128Load8x8U, uint64_t, simd::Load8x8U)
  ZW_VLOAD(V128Load16x4S, uint64_t, simd::Load16x4S)
  ZW_VLOAD(V128Load16x4U, uint64_t, simd::Load16x4U)
  ZW_VLOAD(V128Load32x2S, uint64_t, simd::Load32x2S)
  ZW_VLOAD(V128Load32x2U, uint64_t, simd::Load32x2U)
  ZW_VLOAD(V128Load8Splat, uint8_t, simd::Splat8)
  ZW_VLOAD(V128Load16Splat, uint16_t, simd::Splat16)
  ZW_VLOAD(V128Load32Splat, uint32_t, simd::Splat32)
  ZW_VLOAD(V128Load64Splat, uint64_t, simd::Splat64)
  ZW_VLOAD(V128Load32Zero, uint32_t, simd::LoadZero32)
  ZW_VLOAD(V128Load64Zero, uint64_t, simd::LoadZero64)
  ZW_STORE(V128Store, V128, ZW_RD_V)
  // Lane loads/stores: d, addr, vec, offset, lane (loads) / addr, vec, offset, lane (stores).
#define ZW_LOAD_LANE(name, MemT)                                        \
  L_##name : {                                                          \
    uint64_t ea = uint64_t(ZW_RD_i(2)) + ip[4];                         \
    if (ea + sizeof(MemT) > mem_size) [[unlikely]]                      \
      ZW_TRAP(TrapCode::MemoryOutOfBounds);                             \
    V128 v = ZW_RD_V(3);                                                \
    std::memcpy(v.bytes + ip[5] * sizeof(MemT), mem + ea, sizeof(MemT)); \
    ZW_WR_V(1, v);                                                      \
    ip += 6;                                                            \
    ZW_NEXT();                                                          \
  }
#define ZW_STORE_LANE(name, MemT)                                       \
  L_##name : {                                                          \
    uint64_t ea = uint64_t(ZW_RD_i(1)) + ip[3];                         \
    if (ea + sizeof(MemT) > mem_size) [[unlikely]]                      \
      ZW_TRAP(TrapCode::MemoryOutOfBounds);                             \
    V128 v = ZW_RD_V(2);                                                \
    std::memcpy(mem + ea, v.bytes + ip[4] * sizeof(MemT), sizeof(MemT)); \
    ip += 5;                                                            \
    ZW_NEXT();                                                          \
  }
  ZW_LOAD_LANE(V128Load8Lane, uint8_t)
  ZW_LOAD_LANE(V128Load16Lane, uint16_t)
  ZW_LOAD_LANE(V128Load32Lane, uint32_t)
  ZW_LOAD_LANE(V128Load64Lane, uint64_t)
  ZW_STORE_LANE(V128Store8Lane, uint8_t)
  ZW_STORE_LANE(V128Store16Lane, uint16_t)
  ZW_STORE_LANE(V128Store32Lane, uint32_t)
  ZW_STORE_LANE(V128Store64Lane, uint64_t)

// ---- memory and table instructions with out-of-line bodies (interp_slow.cpp) ----
L_MemorySize:
  fp[ip[1]] = uint32_t(mem_size / kPageSize);
  ip += 3;
  ZW_NEXT();
L_MemoryGrow:
  fp[ip[1]] = uint32_t(memory_grow(inst, ip[3], uint32_t(fp[ip[2]])));
  reload_memory();
  ip += 4;
  ZW_NEXT();
#define ZW_SLOW(name, words, call)                       \
  L_##name : {                                           \
    TrapCode t = call;                                   \
    if (t != TrapCode::None) [[unlikely]] ZW_TRAP(t);    \
    ip += words;                                         \
    ZW_NEXT();                                           \
  }
  ZW_SLOW(MemoryInit, 6, memory_init(inst, ip[4], ip[5], ZW_RD_i(1), ZW_RD_i(2), ZW_RD_i(3)))
  ZW_SLOW(DataDrop, 2, data_drop(inst, ip[1]))
  ZW_SLOW(MemoryCopy, 6, memory_copy(inst, ip[4], ip[5], ZW_RD_i(1), ZW_RD_i(2), ZW_RD_i(3)))
  ZW_SLOW(MemoryFill, 5, memory_fill(inst, ip[4], ZW_RD_i(1), ZW_RD_i(2), ZW_RD_i(3)))
  ZW_SLOW(TableInit, 6, table_init(inst, ip[5], ip[4], ZW_RD_i(1), ZW_RD_i(2), ZW_RD_i(3)))
  ZW_SLOW(ElemDrop, 2, elem_drop(inst, ip[1]))
  ZW_SLOW(TableCopy, 6, table_copy(inst, ip[4], ip[5], ZW_RD_i(1), ZW_RD_i(2), ZW_RD_i(3)))
  ZW_SLOW(TableGet, 4, table_get(inst, ip[3], ZW_RD_i(2), fp[ip[1]]))
  ZW_SLOW(TableSet, 4, table_set(inst, ip[3], ZW_RD_i(1), fp[ip[2]]))
  ZW_SLOW(TableFill, 5, table_fill(inst, ip[4], ZW_RD_i(1), fp[ip[2]], ZW_RD_i(3)))
L_TableSize:
  fp[ip[1]] = inst->tables[ip[2]]->size();
  ip += 3;
  ZW_NEXT();
L_TableGrow:
  fp[ip[1]] = uint32_t(inst->tables[ip[4]]->grow(ZW_RD_i(3), fp[ip[2]]));
  ip += 5;
  ZW_NEXT();

on_trap : {
  // Unwind this activation's frames, collecting the backtrace innermost first.
  Trap trap = std::move(host_trap);
  trap.code = pending;
  trap.backtrace.push_back(func->display_name());
  while (records != records_base) trap.backtrace.push_back((--records)->func->display_name());
  return trap;
}
}

}  // namespace

namespace {

Trap interpret(Function* func, Cell* io) {
  if (func->is_host()) {
    HostCall call{nullptr, nullptr};
    return func->host(call, io, io);
  }
  Trap trap;
  if (!func->ir && !ensure_translated(func, trap)) return trap;
  ExecStack& stack = ExecStack::current();
  Cell* saved_top = stack.top;
  ReturnRecord* saved_records = stack.records_top;
  Cell* fp = stack.top;
  const IrFunction* ir = func->ir.get();
  if (fp + ir->frame_cells > stack.end()) {
    trap.code = TrapCode::CallStackExhausted;
    return trap;
  }
  std::memcpy(fp, io, func->param_cells * sizeof(Cell));
  stack.top = fp + ir->frame_cells;
  trap = run(func, fp);
  if (trap.ok()) std::memcpy(io, fp, func->result_cells * sizeof(Cell));
  stack.top = saved_top;
  stack.records_top = saved_records;
  return trap;
}

class InterpreterEngine final : public Engine {
 public:
  Trap execute(Function* func, Cell* io) override { return interpret(func, io); }
};

}  // namespace

Engine& interpreter_engine() {
  static InterpreterEngine engine;
  return engine;
}

}  // namespace zwasm
