// Fuzz target: the same module and calls on the interpreter and on the JIT (each function
// compiled at its first call): identical results, traps, memories and globals, or the
// divergence is a finding (abort). Fuel is charged alike on both tiers, but how deep a call
// stack may grow differs, so the comparison stops at the first call that exhausted either.
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  std::string interp = zwasm::fuzz::run_module(bytes, zwasm::api::Engine::Interpreter);
  if (interp.empty()) return 0;
  std::string jit = zwasm::fuzz::run_module(bytes, zwasm::api::Engine::Jit);
  for (std::string* out : {&interp, &jit})
    if (size_t at = out->find(zwasm::fuzz::kResourceTrap); at != std::string::npos)
      out->resize(at);
  if (interp != jit) {
    std::fprintf(stderr, "divergence\n--- interpreter\n%s--- jit\n%s", interp.c_str(), jit.c_str());
    std::abort();
  }
  return 0;
}
