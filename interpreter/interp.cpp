// The register-IR interpreter: one dispatch loop (computed goto) over ir.h instructions.
//
// It runs from the execution context (runtime/store/context.h) and keeps what it reads most in
// locals the compiler holds in registers: ip (instruction pointer), fp (frame base), func, ic
// (the running instance's context) and mem/mem_size (memory 0). A call to another interpreted
// function pushes a ReturnRecord and switches these in place, so interpreted wasm->wasm calls
// never recurse on the native stack. Every other callee (host functions, later compiled code)
// is called through its entry pointer, after the activation's state is published in the
// context. Slow, rare paths (bulk memory, tables) live out of line in runtime/store/instance_ops.cpp.
#include "interpreter/interp.h"

#include <bit>
#include <cstring>

#include "runtime/store/exec_stack.h"
#include "runtime/store/store.h"
#include "runtime/store/instance_ops.h"
#include "runtime/ir/ir.h"
#include "runtime/semantics/ir_operands.h"

namespace zwasm {
namespace {

using namespace semantics;  // Sem_*, trapping, load_v128, store_v128 (ir_operands.h)

// Before a call out of the interpreter: the callee may re-enter wasm, whose activation must
// start above ours, and a host callee sees our instance as its caller.
[[gnu::always_inline]] inline void publish(ExecContext* ctx, Cell* fp, const Function* func,
                                           ReturnRecord* records, InstanceContext* ic) {
  ctx->stack_top = fp + func->ir->frame_cells;
  ctx->records_top = records;
  ctx->caller = ic;
}

// Declared locals start at zero (spec 4.4.10 invocation). Most functions have few or none: an
// inline loop beats a memset call there.
[[gnu::always_inline]] inline void zero_locals(Cell* fp, const IrFunction* ir) {
  for (Cell* p = fp + ir->param_cells, *end = fp + ir->local_cells; p < end; ++p) *p = 0;
}

}  // namespace

#define ZW_NEXT() goto* kLabels[*ip]
#define ZW_TRAP(code)             \
  do {                            \
    ctx->trap_code = (code);      \
    goto on_trap;                 \
  } while (0)

namespace {

bool interp_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept;
bool interp_lazy_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept;
bool ensure_interpretable(ExecContext* ctx, Function* func);

// Runs wasm function `entry` (translated, its frame checked to fit) whose arguments are at
// fp[0..). Returns true when it returns, its results then at fp[0..); false on a trap, parked
// in ctx with this activation's frames appended to the backtrace.
bool run(ExecContext* ctx, Function* entry, Cell* fp) {
  static void* const kLabels[] = {
#define ZW_OP(name, prefix, code, text, imm, sig) &&L_##name,
#include "runtime/wasm/opcodes.def"
#undef ZW_OP
#define ZW_IR_OP(name, layout, types) &&L_##name,
#include "runtime/ir/ir_ops.def"
#undef ZW_IR_OP
  };
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == size_t(IrOp::kCount));

  ReturnRecord* const records_base = ctx->records_top;  // this activation's first record
  ReturnRecord* records = records_base;                 // next free record
  ReturnRecord* const records_end = ctx->records_end;
  Cell* const cells_end = ctx->stack_end;
  Function* func = entry;
  InstanceContext* ic = func->context;
  const uint32_t* ip = func->ir->code.data();
  uint8_t* mem = nullptr;
  uint64_t mem_size = 0;
  Function* callee = nullptr;  // of the call being made (calls share one entry sequence)
  Cell* callee_fp = nullptr;

  // Memory 0 never moves (runtime/store/memory.cpp reserves it whole), but it may grow: the
  // size is reloaded after anything that can grow it (calls, memory.grow).
  auto reload_memory = [&]() {
    mem = ic->memory0->base;
    mem_size = ic->memory0->size;
  };
  reload_memory();
  zero_locals(fp, func->ir);
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
#include "runtime/semantics/handler_kinds.inc"
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
L_Drop: L_Select: L_SelectT: L_LocalGet: L_LocalSet: L_LocalTee: L_GlobalGet: L_GlobalSet:
L_I32Const: L_I64Const: L_F32Const: L_F64Const: L_V128Const:
  ctx->trap->message = "internal error: invalid IR instruction";
  ZW_TRAP(TrapCode::HostTrap);

// ---- moves and constants: one handler per cell width (the register class is the JIT's) ----
L_CopyI32: L_CopyI64: L_CopyF32: L_CopyF64: L_CopyRef:
  fp[ip[1]] = fp[ip[2]];
  ip += 3;
  ZW_NEXT();
L_CopyV128:
  store_v128(fp + ip[1], load_v128(fp + ip[2]));  // may overlap: load fully first
  ip += 3;
  ZW_NEXT();
L_ConstI32: L_ConstF32:
  fp[ip[1]] = ip[2];
  ip += 3;
  ZW_NEXT();
L_ConstI64: L_ConstF64: L_ConstRef:
  fp[ip[1]] = uint64_t(ip[2]) | (uint64_t(ip[3]) << 32);
  ip += 4;
  ZW_NEXT();
L_ConstV128:
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
L_LoopHeader:  // a back-edge (or the loop's entry) charges the tier-up budget the loop's size
  if (ctx->flags.load(std::memory_order_relaxed) != 0) [[unlikely]] {  // interruption, fuel
    if (TrapCode t = poll_trap(ctx, ip[2]); t != TrapCode::None) ZW_TRAP(t);
  }
  if ((func->hotness -= int32_t(ip[2])) < 0) [[unlikely]] goto loop_is_hot;
  ip += 3;
  ZW_NEXT();
loop_is_hot: {
  // The engine may compile the function and continue this call in compiled code from this
  // loop header (on-stack replacement: the frame's slots are the compiled code's too).
  publish(ctx, fp, func, records, ic);
  EntryFn osr = ctx->store->engine().tier_up(ctx, func, ip[1]);
  if (!osr) {
    ip += 3;
    ZW_NEXT();
  }
  if (!osr(ctx, func, fp)) [[unlikely]] goto callers_trapped;  // it recorded this frame itself
  goto do_return;
}

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
  for (uint32_t k = 0; k < n; ++k) tmp[k] = ip[2 + k] == kNoSlot ? 0 : fp[ip[2 + k]];
  std::memcpy(fp, tmp, n * sizeof(Cell));
  if (tmp != buffer) delete[] tmp;
  goto do_return;
}
do_return:
  if (records == records_base) return true;
  {
    const ReturnRecord& r = *--records;
    ip = r.ip;
    fp = r.fp;
    func = r.func;
    if (func->context != ic) {
      ic = func->context;
      reload_memory();
    }
  }
  ZW_NEXT();

// ---- calls ----
// Both call instructions end in one entry sequence: an interpreted callee (translated now if
// it is still on its lazy entry) gets a frame in place; any other goes through its entry.
L_Call:
  callee = ic->funcs[ip[1]];
  callee_fp = fp + ip[2];
  ip += 3;
  goto enter_callee;
L_CallIndirect: {
  const TableView* table = ic->tables[ip[2]];
  uint32_t index = uint32_t(fp[ip[3]]);
  if (index >= table->size) [[unlikely]] ZW_TRAP(TrapCode::UndefinedElement);
  callee = reinterpret_cast<Function*>(table->data[index]);
  if (callee == nullptr) [[unlikely]] ZW_TRAP(TrapCode::UninitializedElement);
  if (callee->type_id != ic->type_ids[ip[1]]) [[unlikely]]
    ZW_TRAP(TrapCode::IndirectCallTypeMismatch);
  callee_fp = fp + ip[4];
  ip += 5;
  goto enter_callee;
}
enter_callee: {
  EntryFn entry = callee->entry.load(std::memory_order_relaxed);
  if (entry != &interp_entry) [[unlikely]] {
    if (entry != &interp_lazy_entry) goto call_out;
    if (!ensure_interpretable(ctx, callee)) goto on_trap;
  }
  const IrFunction* ir = callee->ir;
  // A call charges the callee's tier-up budget its size; spent, the engine may compile it.
  if ((callee->hotness -= int32_t(ir->code.size())) < 0) [[unlikely]] {
    publish(ctx, fp, func, records, ic);
    ctx->store->engine().tier_up(ctx, callee, Engine::kEntry);
    if (callee->entry.load(std::memory_order_relaxed) != &interp_entry) goto call_out;
  }
  if (callee_fp + ir->frame_cells > cells_end || records == records_end) [[unlikely]]
    ZW_TRAP(TrapCode::CallStackExhausted);
  *records++ = {ip, fp, func};
  fp = callee_fp;
  func = callee;
  zero_locals(fp, ir);
  ip = ir->code.data();
  if (callee->context != ic) {
    ic = callee->context;
    reload_memory();
  }
  if (ctx->flags.load(std::memory_order_relaxed) != 0) [[unlikely]] {  // interruption, fuel
    if (TrapCode t = poll_trap(ctx, int64_t(ir->code.size())); t != TrapCode::None) ZW_TRAP(t);
  }
  ZW_NEXT();
}
call_out: {
  publish(ctx, fp, func, records, ic);
  if (!callee->entry.load(std::memory_order_relaxed)(ctx, callee, callee_fp)) [[unlikely]]
    goto on_trap;
  reload_memory();
  ZW_NEXT();
}

// ---- parametric, globals, references ----
L_SelectI32: L_SelectI64: L_SelectF32: L_SelectF64: L_SelectRef:
  fp[ip[1]] = uint32_t(fp[ip[4]]) ? fp[ip[2]] : fp[ip[3]];
  ip += 5;
  ZW_NEXT();
L_SelectV128:
  store_v128(fp + ip[1], load_v128(fp + (uint32_t(fp[ip[4]]) ? ip[2] : ip[3])));
  ip += 5;
  ZW_NEXT();
L_GlobalGetI32: L_GlobalGetI64: L_GlobalGetF32: L_GlobalGetF64: L_GlobalGetRef:
  fp[ip[1]] = ic->globals[ip[2]][0];
  ip += 3;
  ZW_NEXT();
L_GlobalSetI32: L_GlobalSetI64: L_GlobalSetF32: L_GlobalSetF64: L_GlobalSetRef:
  ic->globals[ip[1]][0] = fp[ip[2]];
  ip += 3;
  ZW_NEXT();
L_GlobalGetV128:
  std::memcpy(fp + ip[1], ic->globals[ip[2]], 16);
  ip += 3;
  ZW_NEXT();
L_GlobalSetV128:
  std::memcpy(ic->globals[ip[1]], fp + ip[2], 16);
  ip += 3;
  ZW_NEXT();
L_RefIsNull:
  fp[ip[1]] = fp[ip[2]] == kNullRef ? 1 : 0;
  ip += 3;
  ZW_NEXT();
L_RefFunc:
  fp[ip[1]] = reinterpret_cast<RefWord>(ic->funcs[ip[2]]);
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
// Memory moves bits: a float is loaded and stored as the integer of its width.
#define ZW_BITS_i i
#define ZW_BITS_f i
#define ZW_BITS_I I
#define ZW_BITS_F I
#define ZW_WR_BITS(R) ZW_CAT(ZW_WR_, ZW_BITS_##R)
#define ZW_RD_BITS(A) ZW_CAT(ZW_RD_, ZW_BITS_##A)
#define ZW_CAT(a, b) ZW_CAT_(a, b)
#define ZW_CAT_(a, b) a##b
#define ZW_LOAD_OP(name, MemT, R, conv)                                                        \
  ZW_LOAD(name, MemT, ZW_WR_BITS(R), conv)                                                     \
  ZW_LOAD_AT(name##AddImm, MemT, ZW_WR_BITS(R), conv, ZW_RD_i(2) + ip[3], 4, 5)                \
  ZW_LOAD_AT(name##AddReg, MemT, ZW_WR_BITS(R), conv, ZW_RD_i(2) + ZW_RD_i(3), 4, 5)           \
  ZW_LOAD_AT(name##AddShl, MemT, ZW_WR_BITS(R), conv, ZW_RD_i(2) + (ZW_RD_i(3) << ip[4]), 5, 6)
#define ZW_STORE_OP(name, MemT, A)                                                             \
  ZW_STORE(name, MemT, ZW_RD_BITS(A))                                                          \
  ZW_STORE_AT(name##AddImm, MemT, ZW_RD_BITS(A), 3, ZW_RD_i(1) + ip[2], 4, 5)                   \
  ZW_STORE_AT(name##AddReg, MemT, ZW_RD_BITS(A), 3, ZW_RD_i(1) + ZW_RD_i(2), 4, 5)              \
  ZW_STORE_AT(name##AddShl, MemT, ZW_RD_BITS(A), 4, ZW_RD_i(1) + (ZW_RD_i(2) << ip[3]), 5, 6)
#include "runtime/ir/memory_ops.def"
#undef ZW_LOAD_OP
#undef ZW_STORE_OP
  // SIMD loads and stores (simd_memory_ops.def): loaded bytes go through simd.h's transforms.
#define ZW_VLOAD(name, MemT, transform) ZW_LOAD(name, MemT, ZW_WR_V, transform)
#define ZW_VSTORE(name) ZW_STORE(name, V128, ZW_RD_V)
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
#include "runtime/semantics/simd_memory_ops.def"

// ---- memory and table instructions with out-of-line bodies (runtime/store/instance_ops.cpp) ----
L_MemorySize:
  fp[ip[1]] = uint32_t(mem_size / kPageSize);
  ip += 3;
  ZW_NEXT();
L_MemoryGrow:
  fp[ip[1]] = uint32_t(memory_grow(ic->instance, ip[3], uint32_t(fp[ip[2]])));
  reload_memory();
  ip += 4;
  ZW_NEXT();
#define ZW_INSTANCE_OP(name, words, call)                \
  L_##name : {                                           \
    Instance* inst = ic->instance;                       \
    TrapCode t = call;                                   \
    if (t != TrapCode::None) [[unlikely]] ZW_TRAP(t);    \
    ip += words;                                         \
    ZW_NEXT();                                           \
  }
#include "runtime/store/instance_ops.def"

  // Unwind this activation's frames, adding them to the backtrace innermost first.
on_trap:
  ctx->trap->backtrace.push_back(func->display_name());
callers_trapped:  // the current function's frame is in the backtrace already
  while (records != records_base) ctx->trap->backtrace.push_back((--records)->func->display_name());
  return false;
}

// The entry of every interpreted function (translated): runs it in a new activation.
bool interp_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept {
  if ((func->hotness -= int32_t(func->ir->code.size())) < 0) [[unlikely]] {
    ctx->store->engine().tier_up(ctx, func, Engine::kEntry);
    EntryFn entry = func->entry.load(std::memory_order_relaxed);
    if (entry != &interp_entry) return entry(ctx, func, fp);
  }
  if (func->ir->frame_cells > size_t(ctx->stack_end - fp))
    return park_trap(ctx, TrapCode::CallStackExhausted);
  if (ctx->flags.load(std::memory_order_relaxed) != 0) [[unlikely]] {  // interruption, fuel
    if (TrapCode t = poll_trap(ctx, int64_t(func->ir->code.size())); t != TrapCode::None) {
      ctx->trap->backtrace.push_back(func->display_name());
      return park_trap(ctx, t);
    }
  }
  return run(ctx, func, fp);
}

// The entry a function starts with (InterpreterEngine::initial_entry): translate, then run.
bool interp_lazy_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept {
  if (!ensure_interpretable(ctx, func)) return false;
  return interp_entry(ctx, func, fp);
}

// Translates `func` if needed and moves it onto the interpreter's entry.
bool ensure_interpretable(ExecContext* ctx, Function* func) {
  if (!ensure_ir(ctx, func)) return false;
  func->entry.store(&interp_entry, std::memory_order_release);
  return true;
}

class InterpreterEngine final : public Engine {
 public:
  EntryFn initial_entry() const override { return &interp_lazy_entry; }
};

}  // namespace

Engine& interpreter_engine() {
  static InterpreterEngine engine;
  return engine;
}

}  // namespace zwasm
