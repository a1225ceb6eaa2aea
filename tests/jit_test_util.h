// The JIT against its oracle in tests: an export run on a fresh instance of a store on either
// engine, and the same calls on the interpreter and on compiled code compared.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "codegen/jit.h"
#include "interpreter/interp.h"
#include "module_test_util.h"
#include "runtime/store/exec_stack.h"
#include "runtime/store/store.h"

namespace zwasm::test {

struct Outcome {
  TrapCode trap = TrapCode::None;
  Cell result = 0;
  bool operator==(const Outcome&) const = default;
};

// Fills the start of this thread's exec stack, where the next run's frames go, with a pattern no
// run computes. The stack is reused by every store on the thread: without this, a run reading a
// cell it never wrote would find the value the previous run (the other tier's) left there.
inline void scribble_exec_stack() {
  constexpr size_t kCells = size_t(1) << 16;
  std::memset(ExecStack::current().begin(), 0xA5, kCells * sizeof(Cell));
}

// `name`(arg) on a fresh instance of `wasm` (no imports) in a store of `engine`.
inline Outcome run_export(Engine& engine, const std::vector<uint8_t>& wasm, const char* name,
                          int32_t arg) {
  scribble_exec_stack();
  ObjectStore store(engine);
  InstantiateResult r = instantiate(store, load_valid(wasm), {});
  REQUIRE(r.ok());
  Cell io[1] = {Cell(uint32_t(arg))};
  Trap trap = execute(r.instance->find_export(name)->as_func(), io);
  return {trap.code, trap.ok() ? io[0] : 0};
}

inline double as_f64(Cell c) {
  double d;
  std::memcpy(&d, &c, sizeof d);
  return d;
}

// Runs `name` compiled before its first call, checks it against the interpreter for several
// arguments, and returns the JIT's counts per run (each run compiles the function once).
// `folds`: which address folds the JIT makes (masm.h; All provokes the slow path on purpose).
inline jit::JitStats compare_tiers(const std::vector<uint8_t>& wasm, const char* name,
                                   std::initializer_list<int32_t> args,
                                   jit::AddressFolds folds = jit::AddressFolds::Proven) {
  jit::JitEngine jit(interpreter_engine(), jit::JitEngine::Mode::Eager);
  jit.set_address_folds(folds);
  for (int32_t arg : args) {
    CAPTURE(name);
    CAPTURE(arg);
    Outcome expected = run_export(interpreter_engine(), wasm, name, arg);
    Outcome got = run_export(jit, wasm, name, arg);
    CHECK(got.trap == expected.trap);
    CHECK_MESSAGE(got.result == expected.result,
                  "jit " << as_f64(got.result) << " / " << got.result << ", interpreter "
                         << as_f64(expected.result) << " / " << expected.result);
  }
  jit::JitStats per_run = jit.stats();
  uint64_t runs = args.size();
  per_run.compiled /= runs;
  per_run.interpreted /= runs;
  per_run.hoisted /= runs;
  per_run.dead /= runs;
  return per_run;
}

}  // namespace zwasm::test
