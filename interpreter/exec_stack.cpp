#include "interpreter/exec_stack.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace zwasm {

ExecStack::ExecStack() {
  // Reserve without committing: pages become resident only when a deep call touches them.
  void* p = mmap(nullptr, kCells * sizeof(Cell), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  cells_ = static_cast<Cell*>(p);
  top = cells_;
  returns.reserve(64);
}

ExecStack::~ExecStack() { munmap(cells_, kCells * sizeof(Cell)); }

ExecStack& ExecStack::current() {
  thread_local ExecStack stack;
  return stack;
}

}  // namespace zwasm
