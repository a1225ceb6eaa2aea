// Frames and calls for the ARM64 macro assembler: the two entries of a compiled function (the
// public EntryFn and the body compiled callers call), prologue and epilogue, trap and unwind
// stubs, calls to functions and helpers, and returns.
#include <algorithm>

#include "codegen/a64/a64_registers.h"
#include "codegen/a64/masm_a64.h"
#include "codegen/body_conv.h"
#include "codegen/helpers.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

using namespace asmjit;
using namespace asmjit::a64;
using namespace a64;

// ---- the body convention (body_conv.h) --------------------------------------------------------
//
// The first four scalar arguments of each class come in the first allocatable registers of it
// (x0-x3, v3-v6) and the frame in x17; one scalar result comes back in x16 (integers,
// references) or d0 (floats), beside the status in w0.

namespace {

const GpX* const kArgGp = kHomeGp;
const VecV* const kArgFp = kHomeFp;
const GpX kBodyFrame = kT1;   // x17
const GpX kResultGp = kT0;    // x16
const VecV kResultFp = kV0;   // d0

bool reads(const Operand& src, const BaseReg& r) { return src.isReg() && src.as<BaseReg>().id() == r.id(); }

}  // namespace

BodyConv MasmA64::body_conv(const FuncType& type) { return jit::body_conv(type, kArgRegisters); }

bool MasmA64::result_in_register(const FuncType& type) {
  return body_conv(type).result != RegClass::None;
}

// A register-homed value read by the current instruction, to its cell (a v128: both).
void MasmA64::store_home(uint32_t slot) {
  if (in_gp(slot)) a_.str(gp_home(slot), cell(slot));
  else if (in_fp(slot) && read_as_v128(slot)) a_.str(fp_home(slot).q(), cell(slot, 16));
  else if (in_fp(slot)) a_.str(fp_home(slot).d(), cell(slot));
}

// Register-to-register moves that may read each other's destinations (body_conv.h), x15 and v1
// their scratch registers.
namespace {

void move_gp_args(a64::Assembler& a, std::vector<std::pair<Gp, Operand>> moves) {
  move_in_parallel(std::move(moves), Gp(kT2), reads,
                   [&a](const Gp& dst, const Operand& src) { a.mov(dst.x(), src.as<Gp>().x()); });
}

void move_fp_args(a64::Assembler& a, std::vector<std::pair<Vec, Operand>> moves) {
  move_in_parallel(std::move(moves), Vec(kV1), reads,
                   [&a](const Vec& dst, const Operand& src) { a.mov(dst.b16(), src.as<Vec>().b16()); });
}

}  // namespace

// ---- frame --------------------------------------------------------------------------------------

void MasmA64::push_pairs(const std::vector<BaseReg>& regs) {
  for (size_t i = 0; i < regs.size(); i += 2) {
    if (i + 1 < regs.size()) a_.emit(regs[i].isVec() ? Inst::kIdStp_v : Inst::kIdStp, regs[i], regs[i + 1], ptr_pre(sp, -16));
    else a_.emit(regs[i].isVec() ? Inst::kIdStr_v : Inst::kIdStr, regs[i], ptr_pre(sp, -16));
  }
}

void MasmA64::pop_pairs(const std::vector<BaseReg>& regs) {
  size_t n = regs.size();
  for (size_t i = (n - 1) & ~size_t(1); i < n; i -= 2) {  // the last pair pushed first
    if (i + 1 < n) a_.emit(regs[i].isVec() ? Inst::kIdLdp_v : Inst::kIdLdp, regs[i], regs[i + 1], ptr_post(sp, 16));
    else a_.emit(regs[i].isVec() ? Inst::kIdLdr_v : Inst::kIdLdr, regs[i], ptr_post(sp, 16));
    if (i == 0) break;
  }
}

namespace {

// What AAPCS64 has a callee preserve, beside x29 and x30.
std::vector<BaseReg> callee_saved() {
  return {x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, d8, d9, d10, d11, d12, d13, d14, d15};
}

}  // namespace

void MasmA64::public_entry(const Function& func, Label body) {
  func_ = &func;
  a_.stp(x29, x30, ptr_pre(sp, -16));
  a_.mov(x29, sp);
  push_pairs(callee_saved());
  a_.mov(kCtx, x0);
  a_.mov(kFp, x2);  // the body saves and sets it again: still the frame after the call
  a_.mov(kBodyFrame, x2);
  load_ptr(kT0, func.context->memory0);
  a_.ldr(kMem, ptr(kT0, int32_t(offsetof(MemoryView, base))));
  BodyConv conv = body_conv(*func.type);
  for (const BodyConv::Arg& arg : conv.args) {
    if (arg.cls == RegClass::Gp) a_.ldr(kArgGp[arg.reg], cell(arg.cell));
    else a_.ldr(kArgFp[arg.reg].d(), cell(arg.cell));
  }
  a_.bl(body);
  if (conv.result == RegClass::Gp) a_.str(kResultGp, cell(0));
  if (conv.result == RegClass::Fp) a_.str(kResultFp.d(), cell(0));
  pop_pairs(callee_saved());
  a_.ldp(x29, x30, ptr_post(sp, 16));
  a_.ret(x30);
}

void MasmA64::prologue(const Function& func, const IrFunction& ir, Label stack_trap,
                       const std::vector<uint32_t>& zero_cells, uint32_t used_homes) {
  func_ = &func;
  // The internal convention (public_entry, and compiled callers in the same instance): x19 and
  // x21 pinned, x17 the frame; x20 and the preserved registers the body uses are saved.
  a_.stp(x29, x30, ptr_pre(sp, -16));
  a_.mov(x29, sp);
  saved_ = {kFp};
  for (uint32_t i = 0; i < std::size(kHomeGp); ++i)
    if (((used_homes & kHomeGpPreserved) >> i) & 1) saved_.push_back(kHomeGp[i]);
  push_pairs(saved_);
  a_.mov(kFp, kBodyFrame);
  // The frame must fit the exec stack, and the native stack must not be below its limit
  // (design note L9: checked explicitly, never left to a guard page).
  add_imm(kT0, kFp, int64_t(ir.frame_cells) * 8);
  a_.ldr(kT1, ptr(kCtx, int32_t(offsetof(ExecContext, stack_end))));
  a_.cmp(kT0, kT1);
  a_.b_hi(stack_trap);
  a_.mov(kT0, sp);
  a_.ldr(kT1, ptr(kCtx, int32_t(offsetof(ExecContext, native_stack_limit))));
  a_.cmp(kT0, kT1);
  a_.b_lo(stack_trap);
  // Declared locals start at zero (spec 4.4.10).
  if (zero_cells.size() <= 16) {
    for (uint32_t c : zero_cells) a_.str(xzr, cell(c));
  } else {  // the range; scratch only: the arguments are in x0-x3
    auto [low, high] = std::minmax_element(zero_cells.begin(), zero_cells.end());
    Label loop = a_.newLabel();
    add_imm(kT0, kFp, int64_t(*low) * 8);
    load_imm(kT1, *high - *low + 1);
    a_.bind(loop);
    a_.str(xzr, ptr_post(kT0, 8));
    a_.subs(kT1, kT1, Imm(1));
    a_.b_ne(loop);
  }
}

void MasmA64::receive_params(const IrFunction& ir, const std::vector<Placed>& at_entry) {
  EntryPlan plan = plan_entry(body_conv(*func_->type), ir, at_entry);
  for (const BodyConv::Arg& arg : plan.to_cells) {
    if (arg.cls == RegClass::Gp) a_.str(kArgGp[arg.reg], cell(arg.cell));
    else a_.str(kArgFp[arg.reg].d(), cell(arg.cell));
  }
  std::vector<std::pair<Gp, Operand>> gp_moves;
  std::vector<std::pair<Vec, Operand>> fp_moves;
  for (const EntryPlan::Move& m : plan.gp_moves) gp_moves.push_back({kHomeGp[m.home], kArgGp[m.arg]});
  for (const EntryPlan::Move& m : plan.fp_moves) fp_moves.push_back({kHomeFp[m.home], kArgFp[m.arg]});
  move_gp_args(a_, std::move(gp_moves));
  move_fp_args(a_, std::move(fp_moves));
  for (const Placed& p : plan.reloads) reload(p);
  for (const Placed& p : plan.zeroes) {
    if (p.reg.cls == RegClass::Gp) a_.mov(kHomeGp[p.reg.index], xzr);
    else a_.movi(kHomeFp[p.reg.index].d2(), Imm(0));
  }
}

void MasmA64::epilogue(bool ok) {
  a_.mov(w0, Imm(ok ? 1 : 0));
  pop_pairs(saved_);
  a_.ldp(x29, x30, ptr_post(sp, 16));
  a_.ret(x30);
}

void MasmA64::call_helper(const void* fn) {
  load_ptr(kT0, fn);
  a_.blr(kT0);
}

void MasmA64::poll(const Polls& polls, int32_t weight, Label interrupted, Label out_of_fuel) {
  if (polls.interrupt) {
    a_.ldr(kT0.w(), ptr(kCtx, int32_t(offsetof(ExecContext, flags))));
    a_.tst(kT0.w(), Imm(kPollInterrupt));
    a_.b_ne(interrupted);  // b.cond reaches 1 MiB; tbnz only 32 KiB, less than a large function
  }
  if (polls.fuel) {
    a_.ldr(kT0, ptr(kCtx, int32_t(offsetof(ExecContext, fuel))));
    if (weight >= 0 && weight < 4096) {
      a_.subs(kT0, kT0, Imm(weight));
    } else {
      load_imm(kT1, uint64_t(int64_t(weight)));
      a_.subs(kT0, kT0, kT1);
    }
    a_.str(kT0, ptr(kCtx, int32_t(offsetof(ExecContext, fuel))));
    a_.b_mi(out_of_fuel);
  }
}

void MasmA64::trap_stub(TrapCode code, Function* func) {
  a_.mov(x0, kCtx);
  load_imm(w1, uint32_t(code));
  load_ptr(x2, func);
  call_helper(reinterpret_cast<const void*>(&helper_trap));
  epilogue(false);
}

void MasmA64::dynamic_trap_stub(Function* func) {
  a_.mov(w1, w0);
  a_.mov(x0, kCtx);
  load_ptr(x2, func);
  call_helper(reinterpret_cast<const void*>(&helper_trap));
  epilogue(false);
}

void MasmA64::call_op_helper(const void* helper, const uint32_t* ip, bool with_instance,
                             Label trap) {
  a_.mov(x0, kFp);
  load_ptr(x1, ip);
  if (with_instance) load_ptr(x2, func_->context);
  call_helper(helper);
  a_.cbnz(w0, trap);
}

void MasmA64::unwind_stub(Function* func) {
  a_.mov(x0, kCtx);
  load_ptr(x1, func);
  call_helper(reinterpret_cast<const void*>(&helper_unwind));
  epilogue(false);
}

// ---- calls --------------------------------------------------------------------------------------

void MasmA64::publish(uint32_t frame_cells) {
  add_imm(kT0, kFp, int64_t(frame_cells) * 8);
  a_.str(kT0, ptr(kCtx, int32_t(offsetof(ExecContext, stack_top))));
  load_ptr(kT0, func_->context);
  a_.str(kT0, ptr(kCtx, int32_t(offsetof(ExecContext, caller))));
}

// Calls the Function* in x17, of type `type`, with its frame at slot `base`. A compiled callee
// of this instance is called at its body under the body convention (arguments also in
// registers, nothing published); any other through its entry, after publishing this activation.
// A trap jumps to `unwind`; a result the convention returns in a register goes to its slot.
void MasmA64::call_function(const FuncType& type, uint32_t base, uint32_t frame_cells, Label unwind,
                            bool may_be_fast) {
  BodyConv conv = body_conv(type);
  Label slow = a_.newLabel(), done = a_.newLabel();
  // Arguments the convention passes in cells go there on both paths; the others only on the
  // slow path (the lowering leaves a call's arguments to this).
  for (uint32_t offset : conv.in_cells) store_home(base + offset);
  if (may_be_fast) {
    a_.ldr(kT0, ptr(kT1, int32_t(offsetof(Function, compiled_body))));
    a_.cbz(kT0, slow);
    // Register to register first (a parallel move, x15 its scratch; x16 and x17 stay), then the
    // arguments from cells or from the other class's registers, which read no argument register.
    std::vector<std::pair<Gp, Operand>> gp_moves;
    std::vector<std::pair<Vec, Operand>> fp_moves;
    for (const BodyConv::Arg& arg : conv.args) {
      uint32_t slot = base + arg.cell;
      if (arg.cls == RegClass::Gp && in_gp(slot)) gp_moves.push_back({kArgGp[arg.reg], gp_home(slot)});
      if (arg.cls == RegClass::Fp && in_fp(slot)) fp_moves.push_back({kArgFp[arg.reg], fp_home(slot)});
    }
    move_gp_args(a_, std::move(gp_moves));
    move_fp_args(a_, std::move(fp_moves));
    for (const BodyConv::Arg& arg : conv.args) {
      uint32_t slot = base + arg.cell;
      if (arg.cls == RegClass::Gp && !in_gp(slot)) gp_in(slot, 64, kArgGp[arg.reg]);
      if (arg.cls == RegClass::Fp && !in_fp(slot)) fp_in(slot, 64, kArgFp[arg.reg]);
    }
    add_imm(kBodyFrame, kFp, int64_t(base) * 8);
    a_.blr(kT0);
    a_.b(done);
  }
  a_.bind(slow);
  for (const BodyConv::Arg& arg : conv.args) store_home(base + arg.cell);
  a_.mov(x1, kT1);
  publish(frame_cells);
  a_.mov(x0, kCtx);
  add_imm(x2, kFp, int64_t(base) * 8);
  a_.ldr(kT0, ptr(x1, int32_t(offsetof(Function, entry))));
  a_.blr(kT0);
  if (conv.result == RegClass::Gp) a_.ldr(kResultGp, cell(base));
  if (conv.result == RegClass::Fp) a_.ldr(kResultFp.d(), cell(base));
  a_.bind(done);
  a_.cbz(w0, unwind);
  if (conv.result == RegClass::Gp) write_gp(base, kResultGp);
  if (conv.result == RegClass::Fp) write_fp(base, kResultFp);
}

void MasmA64::call(uint32_t index, uint32_t base, uint32_t frame_cells, Label unwind) {
  // The function index space is fixed at instantiation: the callee record is a constant.
  const Function* callee = func_->context->funcs[index];
  load_ptr(kT1, callee);
  call_function(*callee->type, base, frame_cells, unwind, callee->context == func_->context);
}

void MasmA64::call_indirect(uint32_t type_index, uint32_t table, uint32_t elem, uint32_t base,
                            uint32_t frame_cells, Label unwind, Label undefined,
                            Label uninitialized, Label mismatch) {
  Gp index = gp_in(elem, 32, kT2);
  load_instance_field(kT0, offsetof(InstanceContext, tables));
  a_.ldr(kT0, field(kT0, size_t(table) * 8));  // TableView*
  a_.ldr(kT1, ptr(kT0, int32_t(offsetof(TableView, size))));
  a_.cmp(index.x(), kT1);
  a_.b_hs(undefined);
  a_.ldr(kT0, ptr(kT0, int32_t(offsetof(TableView, data))));
  a_.ldr(kT1, ptr(kT0, index.x(), lsl(3)));
  a_.cbz(kT1, uninitialized);
  load_instance_field(kT0, offsetof(InstanceContext, type_ids));
  a_.ldr(kT0.w(), field(kT0, size_t(type_index) * 4, 4));
  a_.ldr(kT2.w(), ptr(kT1, int32_t(offsetof(Function, type_id))));
  a_.cmp(kT0.w(), kT2.w());
  a_.b_ne(mismatch);
  const FuncType& type = func_->context->instance->module->types[type_index];
  // A table may hold another instance's functions: the fast call needs this instance's.
  Label other = a_.newLabel(), checked = a_.newLabel();
  load_ptr(kT0, func_->context);
  a_.ldr(kT2, ptr(kT1, int32_t(offsetof(Function, context))));
  a_.cmp(kT0, kT2);
  a_.b_ne(other);
  call_function(type, base, frame_cells, unwind, true);
  a_.b(checked);
  a_.bind(other);
  call_function(type, base, frame_cells, unwind, false);
  a_.bind(checked);
}

void MasmA64::return_cells(const std::vector<uint32_t>& srcs) {
  // Sources may overlap the result cells: gather on the native stack first.
  uint32_t n = uint32_t(srcs.size());
  uint32_t bytes = (n * 8 + 15) & ~15u;
  add_imm(kT1, sp, -int64_t(bytes));
  a_.mov(sp, kT1);
  for (uint32_t k = 0; k < n; ++k) {
    if (srcs[k] == kNoSlot) continue;
    a_.str(gp_in(srcs[k], 64, kT0), field(sp, size_t(k) * 8));
  }
  for (uint32_t k = 0; k < n; ++k) {
    if (srcs[k] == kNoSlot) continue;
    a_.ldr(kT0, field(sp, size_t(k) * 8));
    a_.str(kT0, cell(k));
  }
  add_imm(kT1, sp, int64_t(bytes));
  a_.mov(sp, kT1);
  load_result_register();
}

// Under the body convention, a function with one scalar result also returns it in a register.
void MasmA64::load_result_register() {
  RegClass result = body_conv(*func_->type).result;
  if (result == RegClass::Gp) a_.ldr(kResultGp, cell(0));
  if (result == RegClass::Fp) a_.ldr(kResultFp.d(), cell(0));
}

void MasmA64::return_value(uint32_t src) {
  switch (body_conv(*func_->type).result) {
    case RegClass::Gp: {
      Gp r = gp_in(src, 64, kResultGp);
      if (r.id() != kResultGp.id()) a_.mov(kResultGp, r);
      return;
    }
    case RegClass::Fp: {
      Vec v = fp_in(src, 64, kResultFp);
      if (v.id() != kResultFp.id()) a_.fmov(kResultFp.d(), v.d());
      return;
    }
    case RegClass::None:
      a_.str(gp_in(src, 64, kT0), cell(0));
      return;
  }
}

void MasmA64::return_v128(uint32_t src) { a_.str(v128_in(src, kV0).q(), cell(0, 16)); }

}  // namespace zwasm::jit
