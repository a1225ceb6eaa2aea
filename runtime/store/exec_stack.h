// The per-thread execution stack shared by every interpreter activation on a thread (including
// re-entrant host -> wasm calls): one array of value cells for frames, one of return records.
// Both are bounded; running out is the "call stack exhausted" trap, never a host crash
// (design note L9: no native recursion per wasm call).
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/base/types.h"

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
  ReturnRecord* records_end() const { return records_ + kMaxDepth; }

  // Published by an activation before it calls out to the host, so a re-entrant activation
  // starts above it: the first free cell and the first free return record.
  Cell* top = nullptr;
  ReturnRecord* records_top = nullptr;

  ~ExecStack();

 private:
  ExecStack();
  Cell* cells_ = nullptr;
  ReturnRecord* records_ = nullptr;
};

}  // namespace zwasm
