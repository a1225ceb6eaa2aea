// Calls into wasm from the host (spec 4.5.5 / 7.1 "func_invoke"), the host-call thunk, and lazy
// translation: the runtime's side of every call. The tiers' side is their entry functions
// (context.h EntryFn), reached through each function's entry pointer.
#include <algorithm>

#include "runtime/base/log.h"
#include "runtime/ir/ir.h"
#include "runtime/ir/translate.h"
#include "runtime/store/exec_stack.h"
#include "runtime/store/store.h"

namespace zwasm {

namespace {

Trap trap_with(TrapCode code, std::string message = {}) {
  Trap t;
  t.code = code;
  t.message = std::move(message);
  return t;
}

uintptr_t native_stack_pointer() { return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)); }

// One host -> wasm entry: links the store's context to this thread's exec stack, above whatever
// runs on the thread already (an activation of this store or of another one, re-entered from a
// host function), and restores both on exit, so entries nest.
class Activation {
 public:
  explicit Activation(ExecContext& ctx)
      : ctx_(ctx),
        thread_(ExecStack::current()),
        saved_{ctx.stack_top,          ctx.stack_end, ctx.records_top, ctx.records_end,
               ctx.native_stack_limit, ctx.caller,    thread_.innermost,
               ctx.running.load(std::memory_order_relaxed)} {
    if (thread_.innermost != &ctx) {
      const ExecContext* outer = thread_.innermost;
      ctx.stack_top = outer ? outer->stack_top : thread_.begin();
      ctx.records_top = outer ? outer->records_top : thread_.records_begin();
      ctx.stack_end = thread_.end();
      ctx.records_end = thread_.records_end();
      ctx.native_stack_limit = thread_.native_stack_limit();
      if (!saved_.running) {  // the outermost activation of this store: who to wake
        ctx.thread = pthread_self();
        ctx.running.store(true, std::memory_order_release);
      }
      // The store's stack limit, from here (the outermost entry into this store on this thread).
      if (uint64_t bytes = ctx.store->limits().stack_bytes) {
        uintptr_t sp = native_stack_pointer();
        if (sp > bytes) ctx.native_stack_limit = std::max<uintptr_t>(ctx.native_stack_limit, sp - bytes);
        uint64_t cells = bytes / sizeof(Cell), records = bytes / sizeof(ReturnRecord);
        if (cells < uint64_t(ctx.stack_end - ctx.stack_top)) ctx.stack_end = ctx.stack_top + cells;
        if (records < uint64_t(ctx.records_end - ctx.records_top))
          ctx.records_end = ctx.records_top + records;
      }
      thread_.innermost = &ctx;
    }
    ctx.caller = nullptr;  // called by the embedder, not by an instance
  }
  ~Activation() {
    ctx_.stack_top = saved_.stack_top;
    ctx_.stack_end = saved_.stack_end;
    ctx_.records_top = saved_.records_top;
    ctx_.records_end = saved_.records_end;
    ctx_.native_stack_limit = saved_.native_stack_limit;
    ctx_.caller = saved_.caller;
    thread_.innermost = saved_.innermost;
    if (!saved_.running) ctx_.running.store(false, std::memory_order_release);
  }
  Activation(const Activation&) = delete;
  Activation& operator=(const Activation&) = delete;

 private:
  struct Saved {
    Cell* stack_top;
    Cell* stack_end;
    ReturnRecord* records_top;
    ReturnRecord* records_end;
    uintptr_t native_stack_limit;
    InstanceContext* caller;
    ExecContext* innermost;
    bool running;
  };
  ExecContext& ctx_;
  ExecStack& thread_;
  Saved saved_;
};

Trap invoke_error(std::string message) { return trap_with(TrapCode::HostTrap, std::move(message)); }

}  // namespace

bool call_from_host(Function* func, Cell* io) {
  ExecContext& ctx = func->store->exec();
  Activation activation(ctx);
  // wasm -> host -> wasm recursion runs on the native stack: bound it (design note L9).
  if (native_stack_pointer() < ctx.native_stack_limit)
    return park_trap(&ctx, TrapCode::CallStackExhausted);
  const uint32_t cells = std::max(func->param_cells, func->result_cells);
  // Frames start at even cells: 16-byte aligned, as their v128 values are (runtime/ir/ir.h).
  Cell* fp = ctx.stack_top + (reinterpret_cast<uintptr_t>(ctx.stack_top) / sizeof(Cell) & 1);
  if (cells > size_t(ctx.stack_end - fp)) return park_trap(&ctx, TrapCode::CallStackExhausted);
  // Plain loops: a handful of cells, where a memcpy call would cost more than the copy.
  for (uint32_t i = 0; i < func->param_cells; ++i) fp[i] = io[i];
  ctx.stack_top = fp + cells;  // a host callee that re-enters wasm starts above its cells
  EntryFn entry = func->entry.load(std::memory_order_acquire);
  if (!entry(&ctx, func, fp)) return false;
  for (uint32_t i = 0; i < func->result_cells; ++i) io[i] = fp[i];
  return true;
}

Trap take_trap(ExecContext& ctx) {
  Trap t = std::move(*ctx.trap);
  *ctx.trap = Trap{};
  t.code = ctx.trap_code;
  ctx.trap_code = TrapCode::None;
  // An interruption is used up by the trap it caused: the store can run again.
  if (t.code == TrapCode::Interrupted) ctx.flags.fetch_and(~kPollInterrupt);
  return t;
}

Trap execute(Function* func, Cell* io) {
  if (call_from_host(func, io)) return {};
  return take_trap(func->store->exec());
}

bool host_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept {
  HostCall call{ctx->caller ? ctx->caller->instance : nullptr, func->store};
  try {
    Trap trap = func->host->callback(call, fp, fp);  // constructed in place: no Trap moves
    if (trap.ok()) [[likely]] {
      // Interrupted while in the host (woken from a blocking call, say): end here.
      if (ctx->flags.load(std::memory_order_relaxed) & kPollInterrupt) [[unlikely]]
        return park_trap(ctx, TrapCode::Interrupted);
      return true;
    }
    TrapCode code = trap.code;
    *ctx->trap = std::move(trap);
    return park_trap(ctx, code);
  } catch (const std::exception& e) {
    *ctx->trap = trap_with(TrapCode::HostTrap,
                           std::string("host function threw an exception: ") + e.what());
  } catch (...) {
    *ctx->trap = trap_with(TrapCode::HostTrap, "host function threw an exception");
  }
  return park_trap(ctx, TrapCode::HostTrap);
}

bool ensure_ir(ExecContext* ctx, Function* func) {
  if (func->ir) return true;
  const Module& module = *func->instance->module;
  auto result = translate_function(module, func->func_index - module.num_imported_funcs,
                                   func->store->resource());
  if (!result.ok()) {
    ctx->trap->message = "internal error: " + result.error().describe();
    return park_trap(ctx, TrapCode::HostTrap);
  }
  func->ir = func->store->adopt_ir(std::move(result.value()));
  if (spdlog::should_log(spdlog::level::trace))
    spdlog::trace("register IR of {} ({} cells):\n{}", func->display_name(), func->ir->frame_cells,
                  disassemble(*func->ir));
  return true;
}

Trap invoke(Function* func, const std::vector<Value>& args, std::vector<Value>& results) {
  results.clear();
  if (func == nullptr) return invoke_error("invoke: null function");
  const FuncType& type = *func->type;
  if (args.size() != type.params.size()) {
    return invoke_error("invoke " + func->display_name() + ": expected " +
                        std::to_string(type.params.size()) + " arguments, got " +
                        std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != type.params[i]) {
      return invoke_error("invoke " + func->display_name() + ": argument " + std::to_string(i) +
                          " has type " + valtype_name(args[i].type) + ", expected " +
                          valtype_name(type.params[i]));
    }
  }

  // Arguments and results share one buffer: it must hold the larger of the two.
  std::vector<Cell> io(std::max<uint32_t>({func->param_cells, func->result_cells, 1u}), 0);
  uint32_t at = 0;
  for (const Value& v : args) {
    // Normalise through the declared type so i32/f32 arguments have clean upper bits.
    const Cell raw[2] = {v.lo, v.hi};
    at = place_value(at, v.type);
    Value::from_cells(v.type, raw).to_cells(&io[at]);
    at += cells_of(v.type);
  }

  Trap trap = execute(func, io.data());
  if (!trap.ok()) return trap;

  results.reserve(type.results.size());
  at = 0;
  for (ValType t : type.results) {
    at = place_value(at, t);
    results.push_back(Value::from_cells(t, &io[at]));
    at += cells_of(t);
  }
  return trap;
}

}  // namespace zwasm
