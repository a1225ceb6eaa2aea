// The per-thread execution stack shared by every interpreter activation on a thread (including
// re-entrant host -> wasm calls): one array of value cells for frames, one of return records.
// Both are bounded; running out is the "call stack exhausted" trap, never a host crash
// (design note L9: no native recursion per wasm call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/types.h"

namespace zwasm {

struct Function;

struct ReturnRecord {
  const uint32_t* ip;  // where the caller continues
  Cell* fp;            // the caller's frame
  Function* func;      // the caller
};

class ExecStack {
 public:
  static constexpr size_t kCells = size_t(1) << 22;  // 32 MiB of address space, touched lazily
  static constexpr size_t kMaxDepth = 100'000;       // nested wasm calls per thread

  static ExecStack& current();  // this thread's stack, created on first use

  Cell* begin() const { return cells_; }
  Cell* end() const { return cells_ + kCells; }
  // First cell not used by any activation: a new activation starts here.
  Cell* top = nullptr;
  std::vector<ReturnRecord> returns;

  ~ExecStack();

 private:
  ExecStack();
  Cell* cells_ = nullptr;
};

}  // namespace zwasm
