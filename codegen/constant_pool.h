// 16-byte constants a function's code loads (v128 constants, shuffle and mask vectors), emitted
// after the code and addressed by label: one per use, shared by the backends.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <vector>

namespace zwasm::jit {

class ConstantPool {
 public:
  asmjit::Label add(asmjit::BaseAssembler& a, uint64_t lo, uint64_t hi) {
    asmjit::Label l = a.newLabel();
    entries_.push_back({l, lo, hi});
    return l;
  }
  // After the code, 16-byte aligned.
  void emit(asmjit::BaseAssembler& a) const {
    if (entries_.empty()) return;
    a.align(asmjit::AlignMode::kData, 16);
    for (const Entry& e : entries_) {
      a.bind(e.label);
      a.embed(&e.lo, 8);
      a.embed(&e.hi, 8);
    }
  }

 private:
  struct Entry {
    asmjit::Label label;
    uint64_t lo, hi;
  };
  std::vector<Entry> entries_;
};

}  // namespace zwasm::jit
