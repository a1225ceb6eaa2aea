// The execution context: the state running code reads, laid out so generated code can address
// every field by a constant offset. Two parts:
//
//   InstanceContext  one per instance, fixed once the instance is allocated: memory 0, the
//                    function, global and table index spaces, canonical type ids.
//   ExecContext      one per store, the state of the thread running the store right now (a
//                    store runs on one thread at a time): the exec stack's top and limit, the
//                    native stack limit, the pending trap, the polls (interruption, fuel).
//
// Both tiers run from these: the interpreter keeps copies of hot fields in locals; the JIT will
// pin an InstanceContext* in a register. Each field the JIT reads has its offset pinned below by
// a static_assert, so moving one is a deliberate ABI change.
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "runtime/base/trap.h"
#include "runtime/base/types.h"

namespace zwasm {

struct Function;
struct Instance;
struct InstanceContext;
struct ReturnRecord;  // exec_stack.h
class ObjectStore;

// A linear memory's base and current size in bytes. The base never moves (memory.cpp reserves
// the whole 32-bit range plus a guard region); the size changes on memory.grow.
struct MemoryView {
  uint8_t* base = nullptr;
  uint64_t size = 0;
};

// A table's element array and size. Both change when the table grows (the array may move).
struct TableView {
  RefWord* data = nullptr;
  uint64_t size = 0;
};

// How every call enters a function, from every path: the host (execute), the interpreter's
// call-outs and, later, compiled code. The callee's arguments are at fp[0 .. param_cells) in its
// cell layout; on success its results are at fp[0 .. result_cells). On a trap it returns false
// with the trap parked in ctx (trap_code, and details in *trap). Never throws.
using EntryFn = bool (*)(struct ExecContext* ctx, Function* callee, Cell* fp) noexcept;

struct ExecContext {
  // The exec stack of the running thread (exec_stack.h). An activation publishes its top here
  // before it calls out, so a re-entrant activation starts above it.
  Cell* stack_top = nullptr;
  Cell* stack_end = nullptr;
  ReturnRecord* records_top = nullptr;  // the interpreter's return records
  ReturnRecord* records_end = nullptr;
  // The lowest native stack address wasm may be entered at (exec_stack.cpp; design note L9).
  uintptr_t native_stack_limit = 0;
  // At a call out of wasm: the calling instance, which a host function sees as its caller.
  InstanceContext* caller = nullptr;
  // What the polls at function entries and loop headers look at (poll_trap() below): kPollInterrupt
  // (set from any thread by an interrupt) and kPollFuel (the store counts fuel).
  std::atomic<uint32_t> flags{0};
  TrapCode trap_code = TrapCode::None;  // the pending trap, while one unwinds
  Trap* trap = nullptr;                 // its message and backtrace (owned by the store)
  ObjectStore* store = nullptr;
  // Fuel left, when counted: each function entry charges the function's size in IR words, each
  // loop iteration (its LoopHeader) the loop's, on both tiers alike, so a budget ends a guest
  // at the same point whichever tier runs it.
  int64_t fuel = 0;
  // The thread running this store's outermost activation, while `running` (call.cpp): an
  // interrupt wakes it from a blocking system call (request_interrupt()).
  std::atomic<bool> running{false};
  pthread_t thread{};
};

inline constexpr uint32_t kPollInterrupt = 1;
inline constexpr uint32_t kPollFuel = 2;

struct InstanceContext {
  MemoryView* memory0 = nullptr;     // never null: without a memory 0, an empty view
  Function* const* funcs = nullptr;  // the function index space, imports first
  Cell* const* globals = nullptr;    // each global's value cells, by global index
  TableView* const* tables = nullptr;
  const uint32_t* type_ids = nullptr;  // canonical type id per module type index
  ExecContext* exec = nullptr;         // the owning store's
  Instance* instance = nullptr;
};

// The layout generated code relies on (design note P6).
static_assert(std::is_standard_layout_v<MemoryView> && std::is_standard_layout_v<TableView>);
static_assert(std::is_standard_layout_v<ExecContext> && std::is_standard_layout_v<InstanceContext>);
static_assert(offsetof(MemoryView, base) == 0 && offsetof(MemoryView, size) == 8);
static_assert(offsetof(TableView, data) == 0 && offsetof(TableView, size) == 8);
static_assert(offsetof(ExecContext, stack_top) == 0);
static_assert(offsetof(ExecContext, stack_end) == 8);
static_assert(offsetof(ExecContext, records_top) == 16);
static_assert(offsetof(ExecContext, records_end) == 24);
static_assert(offsetof(ExecContext, native_stack_limit) == 32);
static_assert(offsetof(ExecContext, caller) == 40);
static_assert(offsetof(ExecContext, flags) == 48);
static_assert(offsetof(ExecContext, trap_code) == 52);
static_assert(offsetof(ExecContext, trap) == 56);
static_assert(offsetof(ExecContext, fuel) == 72);
static_assert(offsetof(InstanceContext, memory0) == 0);
static_assert(offsetof(InstanceContext, funcs) == 8);
static_assert(offsetof(InstanceContext, globals) == 16);
static_assert(offsetof(InstanceContext, tables) == 24);
static_assert(offsetof(InstanceContext, type_ids) == 32);
static_assert(offsetof(InstanceContext, exec) == 40);

// The poll at a function entry (`weight`: its size in IR words) or at a LoopHeader (the loop's),
// taken only when ctx->flags is not zero: an interruption asked for, or the fuel running out,
// ends the guest there.
inline TrapCode poll_trap(ExecContext* ctx, int64_t weight) {
  uint32_t flags = ctx->flags.load(std::memory_order_relaxed);
  if (flags & kPollInterrupt) return TrapCode::Interrupted;
  if ((flags & kPollFuel) && (ctx->fuel -= weight) < 0) return TrapCode::OutOfFuel;
  return TrapCode::None;
}

// Parks a trap in the context (the code only; details may be added to *ctx->trap).
inline bool park_trap(ExecContext* ctx, TrapCode code) {
  ctx->trap_code = code;
  return false;
}

}  // namespace zwasm
