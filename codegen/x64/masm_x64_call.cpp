// Frames and calls for the x86-64 macro assembler: the two entries of a compiled function (the
// public EntryFn and the body compiled callers call), prologue and epilogue, trap and unwind
// stubs, calls to functions and helpers, and returns.
#include "codegen/x64/masm_x64.h"

#include "codegen/helpers.h"
#include "codegen/x64/x64_registers.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::x86;
using namespace x64;

// ---- frame --------------------------------------------------------------------------------------

void MasmX64::public_entry(const Function& func, Label body) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  func_ = &func;
  // Everything the System V ABI has the callee preserve, then the pinned registers; rsp is
  // 16-byte aligned at the call.
  for (const Gp& r : {rbp, rbx, r12, r13, r14, r15}) a_.push(r);
  a_.sub(rsp, 8);
  a_.mov(kCtx, rdi);
  a_.mov(rax, Imm(func.context->memory0));
  a_.mov(kMem, qword_ptr(rax, int32_t(offsetof(MemoryView, base))));
  a_.call(body);  // rdx: the frame, as given
  a_.add(rsp, 8);
  for (const Gp& r : {r15, r14, r13, r12, rbx, rbp}) a_.pop(r);
  a_.ret();
}

void MasmX64::prologue(const Function& func, const IrFunction& ir, Label stack_trap,
                       bool fresh_frame, uint32_t used_homes) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  func_ = &func;
  // The internal convention (public_entry, and compiled callers in the same instance): rbx and
  // r14 as pinned, rdx the frame; r12 and the preserved registers the body uses are saved.
  saved_ = {r12};
  for (uint32_t i = 0; i < std::size(kHomeGp); ++i)
    if (((used_homes & kHomeGpPreserved) >> i) & 1) saved_.push_back(kHomeGp[i]);
  for (const Gp& r : saved_) a_.push(r);
  pad_ = saved_.size() % 2 == 0;  // arrived with rsp = 8 (mod 16)
  if (pad_) a_.sub(rsp, 8);
  a_.mov(kFp, rdx);
  // The frame must fit the exec stack, and the native stack must not be below its limit
  // (design note L9: checked explicitly, never left to a guard page).
  a_.lea(rax, ptr(kFp, int32_t(ir.frame_cells) * 8));
  a_.cmp(rax, qword_ptr(kCtx, ctx_field(offsetof(ExecContext, stack_end))));
  a_.ja(stack_trap);
  a_.cmp(rsp, qword_ptr(kCtx, ctx_field(offsetof(ExecContext, native_stack_limit))));
  a_.jb(stack_trap);
  // Declared locals start at zero (spec 4.4.10).
  uint32_t zeroes = fresh_frame ? ir.local_cells - ir.param_cells : 0;
  if (zeroes > 0) {
    a_.xor_(eax, eax);
    if (zeroes <= 16) {
      for (uint32_t c = ir.param_cells; c < ir.local_cells; ++c) a_.mov(cell(c), rax);
    } else {
      Label loop = a_.newLabel();
      a_.lea(rdi, cell(ir.param_cells));
      a_.mov(ecx, zeroes);
      a_.bind(loop);
      a_.mov(qword_ptr(rdi), rax);
      a_.add(rdi, 8);
      a_.sub(ecx, 1);
      a_.jnz(loop);
    }
  }
}

void MasmX64::epilogue(bool ok) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(eax, ok ? 1 : 0);
  if (pad_) a_.add(rsp, 8);
  for (size_t i = saved_.size(); i-- > 0;) a_.pop(saved_[i]);
  a_.ret();
}

void MasmX64::call_helper(const void* fn) {
  a_.mov(rax, Imm(fn));
  a_.call(rax);
}

void MasmX64::trap_stub(TrapCode code, Function* func) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kCtx);
  a_.mov(esi, uint32_t(code));
  a_.mov(rdx, Imm(func));
  call_helper(reinterpret_cast<const void*>(&helper_trap));
  epilogue(false);
}

void MasmX64::dynamic_trap_stub(Function* func) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kCtx);
  a_.mov(esi, eax);
  a_.mov(rdx, Imm(func));
  call_helper(reinterpret_cast<const void*>(&helper_trap));
  epilogue(false);
}

void MasmX64::call_op_helper(const void* helper, const uint32_t* ip, bool with_instance,
                             Label trap) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kFp);
  a_.mov(rsi, Imm(ip));
  if (with_instance) a_.mov(rdx, Imm(func_->context));
  call_helper(helper);
  a_.test(eax, eax);
  a_.jnz(trap);
}

void MasmX64::unwind_stub(Function* func) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  a_.mov(rdi, kCtx);
  a_.mov(rsi, Imm(func));
  call_helper(reinterpret_cast<const void*>(&helper_unwind));
  epilogue(false);
}

// ---- calls --------------------------------------------------------------------------------------

void MasmX64::publish(uint32_t frame_cells) {
  a_.lea(rax, ptr(kFp, int32_t(frame_cells) * 8));
  a_.mov(qword_ptr(kCtx, ctx_field(offsetof(ExecContext, stack_top))), rax);
  a_.mov(rax, Imm(func_->context));
  a_.mov(qword_ptr(kCtx, ctx_field(offsetof(ExecContext, caller))), rax);
}

// Calls the Function* in rsi with its frame at slot `base`. A compiled callee of this instance
// is called at its body (the internal convention: no transition, nothing published); any other
// through its entry, after publishing this activation. A trap jumps to `unwind`.
void MasmX64::call_function(uint32_t base, uint32_t frame_cells, Label unwind, bool may_be_fast) {
  Label slow = a_.newLabel(), done = a_.newLabel();
  if (may_be_fast) {
    a_.mov(rax, qword_ptr(rsi, int32_t(offsetof(Function, compiled_body))));
    a_.test(rax, rax);
    a_.jz(slow);
    a_.lea(rdx, cell(base));
    a_.call(rax);
    a_.jmp(done);
  }
  a_.bind(slow);
  publish(frame_cells);
  a_.mov(rdi, kCtx);
  a_.lea(rdx, cell(base));
  a_.call(qword_ptr(rsi, int32_t(offsetof(Function, entry))));
  a_.bind(done);
  a_.test(al, al);
  a_.jz(unwind);
}

void MasmX64::call(uint32_t index, uint32_t base, uint32_t frame_cells, Label unwind) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  // The function index space is fixed at instantiation: the callee record is a constant.
  const Function* callee = func_->context->funcs[index];
  a_.mov(rsi, Imm(callee));
  call_function(base, frame_cells, unwind, callee->context == func_->context);
}

void MasmX64::call_indirect(uint32_t type_index, uint32_t table, uint32_t elem, uint32_t base,
                            uint32_t frame_cells, Label unwind, Label undefined,
                            Label uninitialized, Label mismatch) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  read_gp(ecx, elem);  // before rsi / rdi, which may be its home, are taken
  a_.mov(rax, instance_field(offsetof(InstanceContext, tables)));
  a_.mov(rax, qword_ptr(rax, int32_t(table) * 8));  // TableView*
  a_.cmp(rcx, qword_ptr(rax, int32_t(offsetof(TableView, size))));
  a_.jae(undefined);
  a_.mov(rax, qword_ptr(rax, int32_t(offsetof(TableView, data))));
  a_.mov(rsi, qword_ptr(rax, rcx, 3));
  a_.test(rsi, rsi);
  a_.jz(uninitialized);
  a_.mov(rax, instance_field(offsetof(InstanceContext, type_ids)));
  a_.mov(eax, dword_ptr(rax, int32_t(type_index) * 4));
  a_.cmp(eax, dword_ptr(rsi, int32_t(offsetof(Function, type_id))));
  a_.jne(mismatch);
  // A table may hold another instance's functions: the fast call needs this instance's.
  Label other = a_.newLabel(), checked = a_.newLabel();
  a_.mov(rax, Imm(func_->context));
  a_.cmp(rax, qword_ptr(rsi, int32_t(offsetof(Function, context))));
  a_.jne(other);
  call_function(base, frame_cells, unwind, true);
  a_.jmp(checked);
  a_.bind(other);
  call_function(base, frame_cells, unwind, false);
  a_.bind(checked);
}

void MasmX64::return_cells(const std::vector<uint32_t>& srcs) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  // Sources may overlap the result cells: gather on the native stack first.
  uint32_t n = uint32_t(srcs.size());
  uint32_t bytes = (n * 8 + 15) & ~15u;
  a_.sub(rsp, bytes);
  for (uint32_t k = 0; k < n; ++k) {
    if (srcs[k] == kNoSlot) continue;
    read_gp(rax, srcs[k]);
    a_.mov(qword_ptr(rsp, int32_t(k) * 8), rax);
  }
  for (uint32_t k = 0; k < n; ++k) {
    if (srcs[k] == kNoSlot) continue;
    a_.mov(rax, qword_ptr(rsp, int32_t(k) * 8));
    a_.mov(cell(k), rax);
  }
  a_.add(rsp, bytes);
}

void MasmX64::return_value(uint32_t src) {
  Held h = take();
  if (!rax_holds(h, src)) read_gp(rax, src);
  a_.mov(cell(0), rax);
}

void MasmX64::return_v128(uint32_t src) {
  Held h = take();
  if (!in_fp(src) && xmm0_holds(h, src, 128)) {
    a_.movups(cell(0, 16), xmm0);
    return;
  }
  read_v128(xmm0, src);
  a_.movups(cell(0, 16), xmm0);
}

}  // namespace zwasm::jit
