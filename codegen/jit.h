// The JIT tier: an Engine (runtime/store/engine.h) that compiles a function's register IR to
// machine code through AsmJit and installs the code as the function's entry. The shared
// lowering is lower.h; the machine is chosen here (x86-64 today: x64/).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

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
  const void* resume_after_fault(uintptr_t pc) const override;

  // Compiles `func` (its IR already translated) and installs the code as its entry. Returns
  // false, with the reason in `why`, when the JIT cannot compile it (the entry is untouched).
  bool compile(Function* func, std::string* why = nullptr);

  Engine& fallback() const { return fallback_; }
  const JitStats& stats() const { return stats_; }

 private:
  struct CodeMemory;
  // A compiled function's code range and its guarded memory accesses (fault_handler.h).
  struct CodeRecord {
    uintptr_t end = 0;
    uintptr_t out_of_bounds = 0;     // where a faulting access resumes
    std::vector<uint32_t> accesses;  // offsets of the access instructions, ascending
  };
  Engine& fallback_;
  std::unique_ptr<CodeMemory> memory_;
  std::map<uintptr_t, CodeRecord> code_;  // by start address
  JitStats stats_;
};

}  // namespace zwasm::jit
