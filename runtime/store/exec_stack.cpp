#include "runtime/store/exec_stack.h"

#include <pthread.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <new>

namespace zwasm {

namespace {

constexpr size_t kBytes =
    ExecStack::kCells * sizeof(Cell) + ExecStack::kMaxDepth * sizeof(ReturnRecord);

// The lowest address wasm may run at on this thread: the bottom of its native stack plus a
// reserve (a quarter of the stack at most, for threads with small stacks). 0 (no limit) when
// the bounds cannot be read.
uintptr_t native_limit_of_this_thread() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* low = nullptr;
  size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (rc != 0 || low == nullptr) return 0;
  return reinterpret_cast<uintptr_t>(low) + std::min(ExecStack::kNativeReserve, size / 4);
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
}

ExecStack::~ExecStack() { munmap(cells_, kBytes); }

ExecStack& ExecStack::current() {
  thread_local ExecStack stack;
  return stack;
}

}  // namespace zwasm
