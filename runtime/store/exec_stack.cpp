#include "runtime/store/exec_stack.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <new>

#if defined(__GLIBC__)
extern "C" void* __libc_stack_end;  // glibc: near the top of the main thread's stack
#endif

namespace zwasm {

namespace {

constexpr size_t kBytes =
    ExecStack::kCells * sizeof(Cell) + ExecStack::kMaxDepth * sizeof(ReturnRecord);

// The lowest address wasm may run at on this thread: the bottom of its native stack plus a
// reserve (a quarter of the stack at most, for threads with small stacks). 0 (no limit) when
// the bounds cannot be read.
uintptr_t native_limit_of_this_thread() {
  uintptr_t low = 0;
  size_t size = 0;
#if defined(__GLIBC__)
  // The main thread's stack grows down from __libc_stack_end by at most RLIMIT_STACK. glibc's
  // pthread_getattr_np finds the same bounds by parsing /proc/self/maps, which costs a CLI run
  // more start-up time and resident memory than the rest of an empty module's run.
  rlimit limit{};
  if (getpid() == gettid() && getrlimit(RLIMIT_STACK, &limit) == 0 &&
      limit.rlim_cur != RLIM_INFINITY) {
    uintptr_t top = reinterpret_cast<uintptr_t>(__libc_stack_end);
    size = size_t(limit.rlim_cur);
    low = top > size ? top - size : 0;
  }
#endif
  if (low == 0) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    void* stack = nullptr;
    int rc = pthread_attr_getstack(&attr, &stack, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0 || stack == nullptr) return 0;
    low = reinterpret_cast<uintptr_t>(stack);
  }
  return low + std::min(ExecStack::kNativeReserve, size / 4);
}

}  // namespace

ExecStack::ExecStack() {
  // Reserve without committing: pages become resident only when a deep call touches them.
  void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  cells_ = static_cast<Cell*>(p);
  records_ = reinterpret_cast<ReturnRecord*>(cells_ + kCells);
  native_limit_ = native_limit_of_this_thread();
  this_thread_ = this;
}

int wake_signal() { return SIGRTMIN + 5; }

void request_interrupt(ExecContext& ctx) {
  static const bool installed = [] {
    struct sigaction action{};
    action.sa_handler = [](int) {};  // only to interrupt a system call: no SA_RESTART
    sigemptyset(&action.sa_mask);
    return sigaction(wake_signal(), &action, nullptr) == 0;
  }();
  ctx.flags.fetch_or(kPollInterrupt);
  if (installed && ctx.running.load(std::memory_order_acquire)) pthread_kill(ctx.thread, wake_signal());
}

ExecStack::~ExecStack() {
  this_thread_ = nullptr;
  munmap(cells_, kBytes);
}

ExecStack& ExecStack::current() {
  thread_local ExecStack stack;
  return stack;
}

}  // namespace zwasm
