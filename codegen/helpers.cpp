#include "codegen/helpers.h"

#include "runtime/store/store.h"

namespace zwasm::jit {

void helper_trap(ExecContext* ctx, uint32_t code, Function* func) noexcept {
  ctx->trap_code = TrapCode(code);
  ctx->trap->backtrace.push_back(func->display_name());
}

void helper_unwind(ExecContext* ctx, Function* func) noexcept {
  ctx->trap->backtrace.push_back(func->display_name());
}

uint32_t helper_memory_grow(Instance* instance, uint32_t memory, uint32_t delta) noexcept {
  return uint32_t(instance->memories[memory]->grow(delta));
}

}  // namespace zwasm::jit
