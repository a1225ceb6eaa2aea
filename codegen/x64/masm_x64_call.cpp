// Frames and calls for the x86-64 macro assembler: the two entries of a compiled function (the
// public EntryFn and the body compiled callers call), prologue and epilogue, trap and unwind
// stubs, calls to functions and helpers, and returns.
#include "codegen/x64/masm_x64.h"

#include "codegen/body_conv.h"
#include "codegen/helpers.h"
#include "codegen/x64/x64_registers.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::x86;
using namespace x64;

// ---- the body convention (body_conv.h) --------------------------------------------------------
//
// The first four scalar arguments of each class come in the first allocatable registers of it
// (register_file()'s gp_args, fp_args: an argument's value, which the allocator would rather put
// there, needs no move); one scalar result comes back in rcx (integers, references) or xmm0
// (floats), beside the status in al. The public entry does the same from and to the frame.

namespace {

const Gp* const kArgGp = kHomeGp;
const Xmm* const kArgFp = kHomeFp;

bool reads(const Operand& src, const BaseReg& r) { return src.isReg() && src.as<BaseReg>().id() == r.id(); }

}  // namespace

BodyConv MasmX64::body_conv(const FuncType& type) { return jit::body_conv(type, kArgRegisters); }

bool MasmX64::result_in_register(const FuncType& type) {
  return body_conv(type).result != RegClass::None;
}

// A register-homed value read by the current instruction, to its cell (a v128: both).
void MasmX64::store_home(uint32_t slot) {
  if (in_gp(slot)) a_.mov(cell(slot), gp_home(slot));
  else if (in_fp(slot) && read_as_v128(slot)) a_.movups(cell(slot, 16), fp_home(slot));
  else if (in_fp(slot)) a_.movq(cell(slot), fp_home(slot));
}

void MasmX64::move_gp(std::vector<std::pair<Gp, Operand>> moves) {
  move_in_parallel(std::move(moves), Gp(rcx), reads, [this](const Gp& dst, const Operand& src) {
    a_.emit(Inst::kIdMov, dst.r64(), src.isMem() ? Operand(src.as<Mem>().cloneResized(8)) : src);
  });
}

void MasmX64::move_fp(std::vector<std::pair<Xmm, Operand>> moves) {
  move_in_parallel(std::move(moves), Xmm(xmm1), reads, [this](const Xmm& dst, const Operand& src) {
    if (src.isMem()) a_.movsd(dst, src.as<Mem>().cloneResized(8));
    else a_.movaps(dst, src.as<Xmm>());
  });
}

// ---- frame --------------------------------------------------------------------------------------

void MasmX64::public_entry(const Function& func, Label body) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  func_ = &func;
  // Everything the System V ABI has the callee preserve, then the pinned registers; rsp is
  // 16-byte aligned at the call.
  for (const Gp& r : {rbp, rbx, r12, r13, r14, r15}) a_.push(r);
  a_.sub(rsp, 8);
  a_.mov(kCtx, rdi);
  a_.mov(kFp, rdx);  // the body saves and sets it again: still the frame after the call
  a_.mov(rax, Imm(func.context->memory0));
  a_.mov(kMem, qword_ptr(rax, int32_t(offsetof(MemoryView, base))));
  BodyConv conv = body_conv(*func.type);
  for (const BodyConv::Arg& arg : conv.args) {
    if (arg.cls == RegClass::Gp) a_.mov(kArgGp[arg.reg], cell(arg.cell));
    else a_.movsd(kArgFp[arg.reg], cell(arg.cell));
  }
  a_.call(body);  // rdx: the frame, as given
  if (conv.result == RegClass::Gp) a_.mov(cell(0), rcx);
  if (conv.result == RegClass::Fp) a_.movq(cell(0), xmm0);
  a_.add(rsp, 8);
  for (const Gp& r : {r15, r14, r13, r12, rbx, rbp}) a_.pop(r);
  a_.ret();
}

void MasmX64::prologue(const Function& func, const IrFunction& ir, Label stack_trap,
                       const std::vector<uint32_t>& zero_cells, uint32_t used_homes) {
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
  if (!zero_cells.empty()) {
    a_.xor_(eax, eax);
    if (zero_cells.size() <= 16) {
      for (uint32_t c : zero_cells) a_.mov(cell(c), rax);
    } else {  // the range; rax, rcx and rdx only: the arguments are in rsi, rdi, r8, r9
      auto [low, high] = std::minmax_element(zero_cells.begin(), zero_cells.end());
      Label loop = a_.newLabel();
      a_.lea(rdx, cell(*low));
      a_.mov(ecx, *high - *low + 1);
      a_.bind(loop);
      a_.mov(qword_ptr(rdx), rax);
      a_.add(rdx, 8);
      a_.sub(ecx, 1);
      a_.jnz(loop);
    }
  }
}

void MasmX64::receive_params(const IrFunction& ir, const std::vector<Placed>& at_entry) {
  EntryPlan plan = plan_entry(body_conv(*func_->type), ir, at_entry);
  for (const BodyConv::Arg& arg : plan.to_cells) {
    if (arg.cls == RegClass::Gp) a_.mov(cell(arg.cell), kArgGp[arg.reg]);
    else a_.movq(cell(arg.cell), kArgFp[arg.reg]);
  }
  std::vector<std::pair<Gp, Operand>> gp_moves;
  std::vector<std::pair<Xmm, Operand>> fp_moves;
  for (const EntryPlan::Move& m : plan.gp_moves) gp_moves.push_back({kHomeGp[m.home], kArgGp[m.arg]});
  for (const EntryPlan::Move& m : plan.fp_moves) fp_moves.push_back({kHomeFp[m.home], kArgFp[m.arg]});
  move_gp(std::move(gp_moves));
  move_fp(std::move(fp_moves));
  for (const Placed& p : plan.reloads) reload(p);
  for (const Placed& p : plan.zeroes) {
    if (p.reg.cls == RegClass::Gp) a_.xor_(kHomeGp[p.reg.index].r32(), kHomeGp[p.reg.index].r32());
    else a_.xorps(kHomeFp[p.reg.index], kHomeFp[p.reg.index]);
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

void MasmX64::poll(const Polls& polls, int32_t weight, Label interrupted, Label out_of_fuel) {
  take();
  if (polls.interrupt) {
    a_.test(dword_ptr(kCtx, ctx_field(offsetof(ExecContext, flags))), kPollInterrupt);
    a_.jnz(interrupted);
  }
  if (polls.fuel) {
    a_.sub(qword_ptr(kCtx, ctx_field(offsetof(ExecContext, fuel))), weight);
    a_.js(out_of_fuel);
  }
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

// Calls the Function* in rdx, of type `type`, with its frame at slot `base`. A compiled callee
// of this instance is called at its body under the body convention (arguments also in
// registers, nothing published); any other through its entry, after publishing this activation.
// A trap jumps to `unwind`; a result the convention returns in a register goes to its slot.
void MasmX64::call_function(const FuncType& type, uint32_t base, uint32_t frame_cells, Label unwind,
                            bool may_be_fast) {
  BodyConv conv = body_conv(type);
  Label slow = a_.newLabel(), done = a_.newLabel();
  // Arguments the convention passes in cells go there on both paths; the others only on the
  // slow path (the lowering leaves a call's arguments to this).
  for (uint32_t offset : conv.in_cells) store_home(base + offset);
  if (may_be_fast) {
    a_.mov(rax, qword_ptr(rdx, int32_t(offsetof(Function, compiled_body))));
    a_.test(rax, rax);
    a_.jz(slow);
    std::vector<std::pair<Gp, Operand>> gp_moves;
    std::vector<std::pair<Xmm, Operand>> fp_moves;
    for (const BodyConv::Arg& arg : conv.args) {
      uint32_t slot = base + arg.cell;
      Operand src = in_gp(slot) ? Operand(gp_home(slot)) : in_fp(slot) ? Operand(fp_home(slot)) : Operand(cell(slot));
      if (arg.cls == RegClass::Gp) gp_moves.push_back({kArgGp[arg.reg], src});
      else fp_moves.push_back({kArgFp[arg.reg], src});
    }
    move_gp(std::move(gp_moves));  // rcx is its scratch, rax and rdx stay
    move_fp(std::move(fp_moves));
    a_.lea(rdx, cell(base));
    a_.call(rax);
    a_.jmp(done);
  }
  a_.bind(slow);
  for (const BodyConv::Arg& arg : conv.args) store_home(base + arg.cell);
  a_.mov(rsi, rdx);
  publish(frame_cells);
  a_.mov(rdi, kCtx);
  a_.lea(rdx, cell(base));
  a_.call(qword_ptr(rsi, int32_t(offsetof(Function, entry))));
  if (conv.result == RegClass::Gp) a_.mov(rcx, cell(base));
  if (conv.result == RegClass::Fp) a_.movsd(xmm0, cell(base));
  a_.bind(done);
  a_.test(al, al);
  a_.jz(unwind);
  if (conv.result == RegClass::Gp) write_gp(base, rcx);
  if (conv.result == RegClass::Fp) write_fp(base, xmm0);
}

void MasmX64::call(uint32_t index, uint32_t base, uint32_t frame_cells, Label unwind) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  // The function index space is fixed at instantiation: the callee record is a constant.
  const Function* callee = func_->context->funcs[index];
  a_.mov(rdx, Imm(callee));
  call_function(*callee->type, base, frame_cells, unwind, callee->context == func_->context);
}

void MasmX64::call_indirect(uint32_t type_index, uint32_t table, uint32_t elem, uint32_t base,
                            uint32_t frame_cells, Label unwind, Label undefined,
                            Label uninitialized, Label mismatch) {
  take();  // uses rax / xmm0 otherwise, or writes cells behind their back
  read_gp(ecx, elem);
  a_.mov(rax, instance_field(offsetof(InstanceContext, tables)));
  a_.mov(rax, qword_ptr(rax, int32_t(table) * 8));  // TableView*
  a_.cmp(rcx, qword_ptr(rax, int32_t(offsetof(TableView, size))));
  a_.jae(undefined);
  a_.mov(rax, qword_ptr(rax, int32_t(offsetof(TableView, data))));
  a_.mov(rdx, qword_ptr(rax, rcx, 3));
  a_.test(rdx, rdx);
  a_.jz(uninitialized);
  a_.mov(rax, instance_field(offsetof(InstanceContext, type_ids)));
  a_.mov(eax, dword_ptr(rax, int32_t(type_index) * 4));
  a_.cmp(eax, dword_ptr(rdx, int32_t(offsetof(Function, type_id))));
  a_.jne(mismatch);
  const FuncType& type = func_->context->instance->module->types[type_index];
  // A table may hold another instance's functions: the fast call needs this instance's.
  Label other = a_.newLabel(), checked = a_.newLabel();
  a_.mov(rax, Imm(func_->context));
  a_.cmp(rax, qword_ptr(rdx, int32_t(offsetof(Function, context))));
  a_.jne(other);
  call_function(type, base, frame_cells, unwind, true);
  a_.jmp(checked);
  a_.bind(other);
  call_function(type, base, frame_cells, unwind, false);
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
  load_result_register();
}

// Under the body convention, a function with one scalar result also returns it in a register.
void MasmX64::load_result_register() {
  RegClass result = body_conv(*func_->type).result;
  if (result == RegClass::Gp) a_.mov(rcx, cell(0));
  if (result == RegClass::Fp) a_.movsd(xmm0, cell(0));
}

void MasmX64::return_value(uint32_t src) {
  Held h = take();
  switch (body_conv(*func_->type).result) {
    case RegClass::Gp:
      if (!in_gp(src) && rax_holds(h, src)) a_.mov(rcx, rax);
      else read_gp(rcx, src);
      return;
    case RegClass::Fp: read_fp(xmm0, 64, src); return;
    case RegClass::None:
      if (!rax_holds(h, src)) read_gp(rax, src);
      a_.mov(cell(0), rax);
      return;
  }
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
