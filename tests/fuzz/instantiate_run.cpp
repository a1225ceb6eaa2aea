// Fuzz target: valid modules (the spec suite's modules as seeds, mutated) instantiated with a
// stub for every import, and every export called, on the interpreter, under fuel and limits
// (tests/fuzz/harness.h). Any crash or sanitizer report is a finding.
#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)zwasm::fuzz::run_module(std::vector<uint8_t>(data, data + size),
                                zwasm::api::Engine::Interpreter);
  return 0;
}
