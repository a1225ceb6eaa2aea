#include "codegen/jit.h"

#include <asmjit/core.h>

#include <algorithm>
#include <chrono>

#include <sys/mman.h>
#include <unistd.h>

#include "codegen/backend.h"
#include "codegen/fault_handler.h"
#include "codegen/lower.h"
#include "runtime/base/log.h"
#include "runtime/ir/control_flow.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

namespace {

// Records the first AsmJit error instead of throwing (AsmJit's default is to return codes).
class ErrorRecorder final : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error err, const char* message, asmjit::BaseEmitter*) override {
    if (error == asmjit::kErrorOk) {
      error = err;
      text = message;
    }
  }
  asmjit::Error error = asmjit::kErrorOk;
  std::string text;
};

// The size of a wasm function's body in its module (its locals and code), for the stats.
[[maybe_unused]] uint64_t wasm_body_bytes(const Function& func) {
  const Instance* instance = func.context ? func.context->instance : nullptr;
  if (!instance || !instance->module) return 0;
  const Module& module = *instance->module;
  if (func.func_index < module.num_imported_funcs) return 0;
  const FuncBody& body = module.codes[func.func_index - module.num_imported_funcs];
  return body.code_end - body.body_offset;
}

// The entry every function starts with under the JIT: compile it, then run the code; a function
// the JIT cannot compile yet moves to the fallback engine for good.
bool jit_lazy_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept {
  auto& jit = static_cast<JitEngine&>(func->store->engine());
  if (!ensure_ir(ctx, func)) return false;
  std::string why;
  if (!jit.compile(func, &why)) {
    spdlog::debug("jit: {} runs on the interpreter: {}", func->display_name(), why);
    func->entry.store(jit.fallback().initial_entry(), std::memory_order_release);
  }
  return func->entry.load(std::memory_order_acquire)(ctx, func, fp);
}

// The entry of a function whose code took JitEngine::kSlowFaultLimit slow-path faults: compile
// it again without address folds, then run that.
bool jit_refold_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept {
  auto& jit = static_cast<JitEngine&>(func->store->engine());
  if (!jit.recompile_without_folds(func)) {
    func->entry.store(jit.fallback().initial_entry(), std::memory_order_release);
  }
  return func->entry.load(std::memory_order_acquire)(ctx, func, fp);
}

}  // namespace

struct JitEngine::CodeMemory {
  asmjit::JitRuntime runtime;  // owns the executable pages until the engine goes away
};

JitEngine::JitEngine(Engine& fallback, Mode mode, int32_t budget)
    : fallback_(fallback),
      mode_(mode),
      budget_(budget < 1 ? 1 : budget),
      memory_(std::make_unique<CodeMemory>()) {
  install_fault_handler();
}
JitEngine::~JitEngine() {
  // The fault handler cannot log; the safety net's work is told here (and by --stats).
  if (uint64_t faults = slow_path_faults_.load(std::memory_order_relaxed))
    spdlog::debug("jit: {} slow-path faults; address folds switched off in {} functions", faults,
                  unfolded_.load(std::memory_order_relaxed));
}

bool JitEngine::has_backend() {
#ifdef ZWASM_JIT_HAS_NO_BACKEND
  return false;
#else
  return true;
#endif
}

EntryFn JitEngine::initial_entry() const {
  return mode_ == Mode::Eager ? &jit_lazy_entry : fallback_.initial_entry();
}

int32_t JitEngine::initial_budget() const {
  return mode_ == Mode::Tiered ? budget_ : kNeverHot;
}

EntryFn JitEngine::tier_up(ExecContext* ctx, Function* func, uint32_t loop) {
  if (mode_ != Mode::Tiered || !func->ir) {
    func->hotness = kNeverHot;
    return nullptr;
  }
  auto osr = osr_.find(func);
  if (osr == osr_.end()) {
    std::string why;
    if (!compile(func, &why)) {
      spdlog::debug("jit: {} stays on the interpreter: {}", func->display_name(), why);
      func->hotness = kNeverHot;
      return nullptr;
    }
    spdlog::debug("jit: tiered up {} ({})", func->display_name(),
                  loop == kEntry ? "calls" : "loop #" + std::to_string(loop));
    osr = osr_.find(func);
  }
  // Compiled: calls now enter the code. Calls still running in the interpreter (a recursion's
  // outer frames, this one) move to it at their next loop header.
  func->hotness = 0;
  if (loop == kEntry || loop >= osr->second.size()) return nullptr;
  ++stats_.osr_entries;
  return osr->second[loop];
}

const void* JitEngine::resume_after_fault(uintptr_t pc) const {
  auto it = code_.upper_bound(pc);
  if (it == code_.begin()) return nullptr;
  --it;
  const CodeRecord& code = it->second;
  if (pc >= code.end) return nullptr;
  uint32_t offset = uint32_t(pc - it->first);
  if (!std::binary_search(code.accesses.begin(), code.accesses.end(), offset)) return nullptr;
  auto resume = std::lower_bound(
      code.resumes.begin(), code.resumes.end(), offset,
      [](const CodeRecord::Resume& r, uint32_t site) { return r.site < site; });
  if (resume != code.resumes.end() && resume->site == offset) {
    count_slow_fault(it->first, code);
    return reinterpret_cast<const void*>(it->first + resume->stub);
  }
  // A stub's own access faulting: the access was out of bounds at its wrapped address too, so
  // the fault that led here was the trap's, not a slow path. The stubs lie in site order.
  auto retried = std::lower_bound(
      code.resumes.begin(), code.resumes.end(), offset,
      [](const CodeRecord::Resume& r, uint32_t site) { return r.retry < site; });
  if (retried != code.resumes.end() && retried->retry == offset) {
    slow_path_faults_.fetch_sub(1, std::memory_order_relaxed);
    code.slow_faults.fetch_sub(1, std::memory_order_relaxed);
  }
  return reinterpret_cast<const void*>(code.out_of_bounds);
}

// In the signal handler: atomics, byte writes and mprotect only. The code stays correct (the stub
// redoes the access at the wrapped address) but each such access costs a fault. At the limit,
// every folded access of this code jumps to its stub from then on (JIT code is written in
// place: a store runs on one thread at a time, and this one is in the handler), and the
// function's next call compiles it without folds: compiled callers reach it through `entry`
// once compiled_body is null (call sites check it at each call).
void JitEngine::count_slow_fault(uintptr_t start, const CodeRecord& record) const {
  slow_path_faults_.fetch_add(1, std::memory_order_relaxed);
  uint32_t seen = record.slow_faults.fetch_add(1, std::memory_order_relaxed) + 1;
  if (seen < kSlowFaultLimit || record.unfolded.exchange(true)) return;
  unfolded_.fetch_add(1, std::memory_order_relaxed);
  uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  uintptr_t first = start & ~(page - 1);
  if (mprotect(reinterpret_cast<void*>(first), record.end - first,
               PROT_READ | PROT_WRITE | PROT_EXEC) == 0) {  // it is already, unless dual-mapped
    for (const CodeRecord::Resume& r : record.resumes)
      NativeMasm::patch_jump(reinterpret_cast<uint8_t*>(start + r.site), r.back - r.site,
                             reinterpret_cast<const uint8_t*>(start + r.stub));
  }
  if (!record.func) return;
  record.func->compiled_body.store(nullptr, std::memory_order_release);
  record.func->entry.store(&jit_refold_entry, std::memory_order_release);
}

bool JitEngine::recompile_without_folds(Function* func) {
  std::string why;
  bool ok = compile(func, &why, AddressFolds::None);
  if (ok) {
    --stats_.compiled;  // the same function, counted once
    spdlog::debug("jit: {} took {} slow-path faults (an address fold that wrapped); compiled "
                  "again without address folds", func->display_name(), kSlowFaultLimit);
  } else {
    spdlog::debug("jit: {} took {} slow-path faults and could not be compiled again ({}); it "
                  "runs on the interpreter", func->display_name(), kSlowFaultLimit, why);
  }
  return ok;
}

bool JitEngine::compile(Function* func, std::string* why) { return compile(func, why, folds_); }

bool JitEngine::compile(Function* func, std::string* why, AddressFolds folds) {
  auto start = std::chrono::steady_clock::now();
  auto fail = [&](std::string reason) {
    ++stats_.interpreted;
    if (why) *why = std::move(reason);
    return false;
  };
#ifndef ZWASM_JIT_HAS_NO_BACKEND
  const IrFunction& ir = *func->ir;
  if (uint64_t(ir.frame_cells) * 8 > uint64_t(INT32_MAX)) return fail("its frame is too large");
  auto cf = scan_control_flow(ir);
  if (!cf.ok()) return fail(cf.error().describe());

  asmjit::CodeHolder code;
  ErrorRecorder errors;
  code.init(memory_->runtime.environment());
  code.setErrorHandler(&errors);
  // ZWASM_LOG=trace: the machine code of each function, after its IR (call.cpp logs that).
  asmjit::StringLogger logger;
  bool dump = spdlog::should_log(spdlog::level::trace);
  if (dump) {
    logger.addFlags(asmjit::FormatFlags::kMachineCode);
    code.setLogger(&logger);
  }
  NativeMasm masm(code);
  Lowering<NativeMasm> lowering(masm, *func, ir, cf.value(), polls_, folds);
  if (auto lowered = lowering.run(); !lowered.ok()) return fail(lowered.error().message);
  if (errors.error != asmjit::kErrorOk) return fail("assembler: " + errors.text);

  EntryFn entry = nullptr;
  if (memory_->runtime.add(&entry, &code) != asmjit::kErrorOk)
    return fail("cannot allocate executable memory");
  uintptr_t code_start = reinterpret_cast<uintptr_t>(entry);
  CodeRecord& record = code_.try_emplace(code_start).first->second;  // atomics: built in place
  record.end = code_start + code.codeSize();
  record.func = func;
  if (!masm.access_sites().empty()) {
    record.out_of_bounds = code_start + code.labelOffsetFromBase(masm.out_of_bounds_label());
    record.accesses = masm.access_sites();  // emitted in order: ascending
    for (const auto& w : masm.wrap_resumes())  // emitted in order too
      record.resumes.push_back({w.site, uint32_t(code.labelOffsetFromBase(w.stub)),
                                uint32_t(code.labelOffsetFromBase(w.back)), w.retry});
  }
  std::vector<EntryFn>& osr = osr_[func];
  osr.clear();  // compiled again (recompile_without_folds): the new code's entries only
  for (const auto& label : lowering.osr_entries())
    osr.push_back(reinterpret_cast<EntryFn>(code_start + code.labelOffsetFromBase(label)));
  func->compiled_body.store(reinterpret_cast<void*>(code_start + code.labelOffsetFromBase(lowering.body())),
                            std::memory_order_release);
  func->entry.store(entry, std::memory_order_release);
  if (dump)
    spdlog::trace("machine code of {} ({} bytes at {}):\n{}", func->display_name(),
                  code.codeSize(), reinterpret_cast<void*>(entry), logger.data());

  ++stats_.compiled;
  stats_.code_bytes += code.codeSize();
  stats_.ir_words += ir.code.size();
  stats_.wasm_bytes += wasm_body_bytes(*func);
  stats_.hoisted += lowering.hoisted_count();
  stats_.dead += lowering.dead_count();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats_.compile_seconds += seconds;
  if (seconds > 0.005)  // the slow compiles, for ZWASM_LOG=debug
    spdlog::debug("jit: compiled {} ({} IR words, {} blocks, {} cells) in {:.1f} ms",
                  func->display_name(), ir.code.size(), cf.value().blocks.size(), ir.frame_cells,
                  seconds * 1000);
  return true;
#else
  (void)start;
  return fail("the JIT has no backend for this machine yet");
#endif
}

}  // namespace zwasm::jit
