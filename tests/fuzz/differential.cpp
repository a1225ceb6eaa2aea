// Fuzz target: the same module and calls on the interpreter and on the JIT (each function
// compiled at its first call): identical results, traps, memories and globals, or the
// divergence is a finding (abort). Fuel is charged alike on both tiers, but how deep a call
// stack may grow differs, so the comparison stops at the first call that exhausted either
// (harness.h differential_mismatch, which tests/test_fuzz_regressions.cpp runs too).
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string mismatch = zwasm::fuzz::differential_mismatch(std::vector<uint8_t>(data, data + size));
  if (!mismatch.empty()) {
    std::fprintf(stderr, "divergence\n%s", mismatch.c_str());
    std::abort();
  }
  return 0;
}
