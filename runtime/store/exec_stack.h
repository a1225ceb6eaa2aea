// The per-thread exec stack shared by every activation on a thread, of any store, including
// re-entrant host -> wasm calls: one array of value cells for frames and one of the
// interpreter's return records. Both are bounded; running out is the "call stack exhausted"
// trap, never a host crash (design note L9: no native recursion per wasm call). The thread's
// native stack has a limit too, checked whenever wasm is entered (call.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/base/types.h"
#include "runtime/store/context.h"

namespace zwasm {

struct Function;

// Where an interpreted caller continues (interpreter-private; the memory lives here).
struct ReturnRecord {
  const uint32_t* ip;  // where the caller continues
  Cell* fp;            // the caller's frame
  Function* func;      // the caller
};

class ExecStack {
 public:
  static constexpr size_t kCells = size_t(1) << 22;  // 32 MiB of address space, touched lazily
  static constexpr size_t kMaxDepth = 100'000;       // nested wasm calls per thread
  // Native stack kept free below the limit for host functions and the runtime itself.
  static constexpr size_t kNativeReserve = 256 * 1024;

  static ExecStack& current();  // this thread's stack, created on first use
  // This thread's stack if it has one, else null: for a signal handler (no construction).
  static ExecStack* current_if_any() { return this_thread_; }

  Cell* begin() const { return cells_; }
  Cell* end() const { return cells_ + kCells; }
  ReturnRecord* records_begin() const { return records_; }
  ReturnRecord* records_end() const { return records_ + kMaxDepth; }
  uintptr_t native_stack_limit() const { return native_limit_; }

  // The context of the innermost activation on this thread (null when no wasm runs): the next
  // activation, of whichever store, starts above its published top.
  ExecContext* innermost = nullptr;

  ~ExecStack();

 private:
  ExecStack();
  static inline thread_local ExecStack* this_thread_ = nullptr;
  Cell* cells_ = nullptr;
  ReturnRecord* records_ = nullptr;
  uintptr_t native_limit_ = 0;
};

// Asks the guest running on `ctx`'s store to stop (InterruptHandle::interrupt(), any thread):
// sets the interrupt bit its polls check, and wakes its thread from a blocking system call with
// wake_signal() (a handler that does nothing, installed without SA_RESTART), so that a host
// function blocked in the kernel returns EINTR and, seeing interrupt_requested(), gives up.
void request_interrupt(ExecContext& ctx);
// zwasm's wake-up signal: SIGRTMIN + 5 (installed by the first request_interrupt()).
int wake_signal();

// Whether the wasm running on this thread was asked to stop: a host function's EINTR retry
// loop stops retrying then (the call then ends with the Interrupted trap, call.cpp).
inline bool interrupt_requested() {
  ExecStack* stack = ExecStack::current_if_any();
  return stack && stack->innermost &&
         (stack->innermost->flags.load(std::memory_order_relaxed) & kPollInterrupt);
}

}  // namespace zwasm
