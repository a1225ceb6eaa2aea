// The JIT tier: an Engine (runtime/store/engine.h) that compiles a function's register IR to
// machine code through AsmJit and installs the code as the function's entry. The shared
// lowering is lower.h; the machine is the build's own (backend.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "codegen/masm.h"
#include "runtime/store/engine.h"

namespace zwasm::jit {

struct JitStats {
  uint64_t compiled = 0;        // functions compiled
  uint64_t interpreted = 0;     // functions the JIT could not compile yet, left to the fallback
  uint64_t code_bytes = 0;      // machine code emitted
  uint64_t ir_words = 0;        // IR words compiled
  uint64_t wasm_bytes = 0;      // bytes of the compiled functions' wasm bodies
  uint64_t osr_entries = 0;     // interpreted calls continued in compiled code at a loop
  uint64_t hoisted = 0;         // IR instructions moved before their loops (loop_invariants.h)
  uint64_t dead = 0;            // IR instructions left out: pure, and their results unread
  double compile_seconds = 0;   // lowering + assembly + installation
  // Faults that did not trap: an access whose address fold was wrong resumed at its wrap stub
  // (x86-64 guarded_access). Zero in a correct run: folds are made only where address_bounds.h
  // proves them (unless a test asks for AddressFolds::All).
  uint64_t slow_path_faults = 0;
  // Functions whose folds the safety net switched off after such faults (kSlowFaultLimit).
  uint64_t unfolded = 0;
};

class JitEngine final : public Engine {
 public:
  enum class Mode : uint8_t {
    Eager,   // compile each function before its first call (--engine jit)
    Tiered,  // start on the fallback; compile a function when its tier-up budget runs out, and
             // continue a hot loop's running call in compiled code (--engine auto)
  };
  // The default tier-up budget, in IR words executed (a call charges the callee's size, a
  // back-edge the loop's; runtime/store/engine.h).
  static constexpr int32_t kDefaultBudget = 20000;

  // `fallback` (the interpreter) runs what is not compiled, and must outlive this engine.
  // `budget` is the tier-up budget of Tiered mode.
  JitEngine(Engine& fallback, Mode mode = Mode::Eager, int32_t budget = kDefaultBudget);
  ~JitEngine() override;
  // Whether this build has a backend for its machine (backend.h). Without one, compile()
  // declines every function and everything runs on the fallback.
  static bool has_backend();
  JitEngine(const JitEngine&) = delete;
  JitEngine& operator=(const JitEngine&) = delete;

  EntryFn initial_entry() const override;
  int32_t initial_budget() const override;
  EntryFn tier_up(ExecContext* ctx, Function* func, uint32_t loop) override;
  const void* resume_after_fault(uintptr_t pc) const override;

  // Compiles `func` (its IR already translated) and installs the code as its entry. Returns
  // false, with the reason in `why`, when the JIT cannot compile it (the entry is untouched).
  bool compile(Function* func, std::string* why = nullptr);

  // The safety net under the address folds. When a function's code has taken this many
  // slow-path faults, each of its folded accesses is overwritten with a jump to its wrap stub
  // (so an activation running there, a long loop in main, faults no more), and its entry goes
  // to a stub that compiles it again without any fold at the next call.
  static constexpr uint32_t kSlowFaultLimit = 8;
  // Which address folds the code compiled from now on makes (masm.h; Proven by default). Tests
  // ask for All to provoke the slow path on purpose.
  void set_address_folds(AddressFolds folds) { folds_ = folds; }
  // Called at the entry the safety net installed: compiles `func` without folds.
  bool recompile_without_folds(Function* func);

  Engine& fallback() const { return fallback_; }
  Mode mode() const { return mode_; }
  // What the code compiled from now on polls at function entries and loop headers (the store's
  // ExecContext::flags say what is asked; the interpreter checks that word at the same places).
  void set_polls(Polls polls) { polls_ = polls; }
  JitStats stats() const {
    JitStats s = stats_;
    s.slow_path_faults = slow_path_faults_.load(std::memory_order_relaxed);
    s.unfolded = unfolded_.load(std::memory_order_relaxed);
    return s;
  }

 private:
  struct CodeMemory;
  // A compiled function's code range and its guarded memory accesses (fault_handler.h).
  struct CodeRecord {
    uintptr_t end = 0;
    uintptr_t out_of_bounds = 0;     // where a faulting access resumes
    std::vector<uint32_t> accesses;  // offsets of the access instructions, ascending
    // Accesses whose faults resume at a stub of their own (masm.h WrapResume), ascending by site.
    struct Resume {
      // Offsets: the access, its stub, just past the access, and the stub's own access.
      uint32_t site, stub, back, retry;
    };
    std::vector<Resume> resumes;
    Function* func = nullptr;
    // Counted by the fault handler (hence atomics: it may run on any thread of the store).
    mutable std::atomic<uint32_t> slow_faults{0};
    mutable std::atomic<bool> unfolded{false};  // the safety net has switched its folds off
  };
  bool compile(Function* func, std::string* why, AddressFolds folds);
  // From the fault handler: the code of `record` resumed at a wrap stub.
  void count_slow_fault(uintptr_t start, const CodeRecord& record) const;
  Engine& fallback_;
  Mode mode_;
  int32_t budget_;
  Polls polls_;
  AddressFolds folds_ = AddressFolds::Proven;
  mutable std::atomic<uint64_t> slow_path_faults_{0};
  mutable std::atomic<uint64_t> unfolded_{0};
  std::unique_ptr<CodeMemory> memory_;
  std::map<const Function*, std::vector<EntryFn>> osr_;  // OSR entries by LoopHeader #index
  std::map<uintptr_t, CodeRecord> code_;  // by start address
  JitStats stats_;
};

}  // namespace zwasm::jit
