// The JIT tier: an Engine (runtime/store/engine.h) that compiles a function's register IR to
// machine code through AsmJit and installs the code as the function's entry. The shared
// lowering is lower.h; the machine is chosen here (x86-64 today: x64/).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "runtime/store/engine.h"

namespace zwasm::jit {

struct JitStats {
  uint64_t compiled = 0;        // functions compiled
  uint64_t interpreted = 0;     // functions the JIT could not compile yet, left to the fallback
  uint64_t code_bytes = 0;      // machine code emitted
  uint64_t ir_words = 0;        // IR words compiled
  double compile_seconds = 0;   // lowering + assembly + installation
};

class JitEngine final : public Engine {
 public:
  // Compiles each function before its first call. A function with an instruction the JIT does
  // not compile yet runs on `fallback` (the interpreter), which must outlive this engine.
  explicit JitEngine(Engine& fallback);
  ~JitEngine() override;
  JitEngine(const JitEngine&) = delete;
  JitEngine& operator=(const JitEngine&) = delete;

  EntryFn initial_entry() const override;

  // Compiles `func` (its IR already translated) and installs the code as its entry. Returns
  // false, with the reason in `why`, when the JIT cannot compile it (the entry is untouched).
  bool compile(Function* func, std::string* why = nullptr);

  Engine& fallback() const { return fallback_; }
  const JitStats& stats() const { return stats_; }

 private:
  struct CodeMemory;
  Engine& fallback_;
  std::unique_ptr<CodeMemory> memory_;
  JitStats stats_;
};

}  // namespace zwasm::jit
