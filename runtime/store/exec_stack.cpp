#include "runtime/store/exec_stack.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace zwasm {

namespace {
constexpr size_t kBytes =
    ExecStack::kCells * sizeof(Cell) + ExecStack::kMaxDepth * sizeof(ReturnRecord);
}

ExecStack::ExecStack() {
  // Reserve without committing: pages become resident only when a deep call touches them.
  void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  cells_ = static_cast<Cell*>(p);
  records_ = reinterpret_cast<ReturnRecord*>(cells_ + kCells);
  top = cells_;
  records_top = records_;
}

ExecStack::~ExecStack() { munmap(cells_, kBytes); }

ExecStack& ExecStack::current() {
  thread_local ExecStack stack;
  return stack;
}

}  // namespace zwasm
