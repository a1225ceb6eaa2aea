#include "codegen/jit.h"

#include <asmjit/core.h>

#include <algorithm>
#include <chrono>

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
JitEngine::~JitEngine() = default;

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
  auto resume = std::lower_bound(code.resumes.begin(), code.resumes.end(),
                                 std::pair<uint32_t, uint32_t>(offset, 0));
  if (resume != code.resumes.end() && resume->first == offset)
    return reinterpret_cast<const void*>(it->first + resume->second);
  return reinterpret_cast<const void*>(code.out_of_bounds);
}

bool JitEngine::compile(Function* func, std::string* why) {
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
  Lowering<NativeMasm> lowering(masm, *func, ir, cf.value(), polls_);
  if (auto lowered = lowering.run(); !lowered.ok()) return fail(lowered.error().message);
  if (errors.error != asmjit::kErrorOk) return fail("assembler: " + errors.text);

  EntryFn entry = nullptr;
  if (memory_->runtime.add(&entry, &code) != asmjit::kErrorOk)
    return fail("cannot allocate executable memory");
  uintptr_t code_start = reinterpret_cast<uintptr_t>(entry);
  CodeRecord record;
  record.end = code_start + code.codeSize();
  if (!masm.access_sites().empty()) {
    record.out_of_bounds = code_start + code.labelOffsetFromBase(masm.out_of_bounds_label());
    record.accesses = masm.access_sites();  // emitted in order: ascending
    for (const auto& w : masm.wrap_resumes())  // emitted in order too
      record.resumes.emplace_back(w.site, uint32_t(code.labelOffsetFromBase(w.stub)));
  }
  code_.emplace(code_start, std::move(record));
  std::vector<EntryFn>& osr = osr_[func];
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
