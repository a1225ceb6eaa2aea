// The ARM64 macro assembler under the shared lowering (codegen/lower.h), on AsmJit's
// a64::Assembler. AAPCS64.
//
// A compiled function is an EntryFn (runtime/store/context.h): x0 = ExecContext*, x1 = the
// Function*, x2 = the frame pointer; w0 = true on return, false on a trap. In its body:
//   x19  the ExecContext*          x20  the frame pointer (cells)      x21  memory 0's base
// (callee-saved, so calls out keep them); the function's InstanceContext and memory 0's
// MemoryView are constants of its code. x14-x17 and v0-v2 are scratch within one IR instruction
// (a64_registers.h); x0-x13, x22-x28 and v3-v31 hold the values the register allocator
// (regalloc.h) puts in registers. Every other slot lives in its frame cell.
//
// A load/store machine: every instruction reads its operands into registers (their homes, or
// scratch loaded from their cells), computes into its result's home (or scratch) and stores
// that to the cell when the result has no register. An i32 in a register is zero-extended to 64
// bits, as in its cell; an f32 in a vector register has its upper bits zero, and its cell is
// stored whole (the d view).
#pragma once

#include <asmjit/arm/a64assembler.h>

#include <cstdint>
#include <vector>

#include "codegen/body_conv.h"
#include "codegen/constant_pool.h"
#include "codegen/masm.h"
#include "codegen/operand_homes.h"
#include "codegen/regalloc.h"
#include "runtime/ir/ir.h"
#include "runtime/store/function.h"

namespace zwasm::jit {

class MasmA64 : public OperandHomes {
 public:
  using Label = asmjit::Label;

  explicit MasmA64(asmjit::CodeHolder& code);

  // ---- register homes (regalloc.h, operand_homes.h; the contract of each is MasmX64's) ----
  static RegisterFile register_file();
  void forget_scratch() {}  // scratch registers carry nothing between instructions here
  void spill(const Placed& value);
  void reload(const Placed& value);

  Label new_label() { return a_.newLabel(); }
  void bind(Label l) { a_.bind(l); }
  void place_loop_header() {}  // x86-64's placement rule was measured there only
  void jump(Label l) { a_.b(l); }
  void poll(const Polls& polls, int32_t weight, Label interrupted, Label out_of_fuel);

  // ---- frame (masm_a64_call.cpp) ----
  // The public entry saves what AAPCS64 has a callee preserve (x19-x30, d8-d15), pins the
  // context and memory registers and calls the body: x17 the frame, the first arguments in
  // x0-x3 and v3-v6 (body_conv.h). The body returns the status in w0 and a scalar result in x16
  // or d0.
  void public_entry(const Function& func, Label body);
  void prologue(const Function& func, const IrFunction& ir, Label stack_trap,
                const std::vector<uint32_t>& zero_cells, uint32_t used_homes);
  void receive_params(const IrFunction& ir, const std::vector<Placed>& at_entry);
  static bool result_in_register(const FuncType& type);
  void epilogue(bool ok);
  void trap_stub(TrapCode code, Function* func);
  void dynamic_trap_stub(Function* func);  // the trap code in w0
  void unwind_stub(Function* func);

  // ---- values ----
  void copy(uint32_t dst, uint32_t src);
  void copy_v128(uint32_t dst, uint32_t src);
  void constant(uint32_t dst, uint64_t bits);
  void constant_v128(uint32_t dst, uint64_t lo, uint64_t hi);
  void emit_constants();
  void select(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond);
  void select_v128(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond);
  void global_get(uint32_t dst, uint32_t global, uint32_t cells);
  void global_set(uint32_t global, uint32_t src, uint32_t cells);
  void return_cells(const std::vector<uint32_t>& srcs);
  void return_value(uint32_t src);
  void return_v128(uint32_t src);
  void call_op_helper(const void* helper, const uint32_t* ip, bool with_instance, Label trap);

  // ---- integers ----
  void binary(Alu op, unsigned bits, uint32_t dst, uint32_t a, Src b);
  void add_shl(uint32_t dst, uint32_t a, uint32_t b, uint32_t k);
  // ARM's division does not trap: the zero divisor and INT_MIN / -1 are checked here.
  void divide(Div op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b, Label div_by_zero,
              Label overflow);
  void compare(Cond c, unsigned bits, uint32_t dst, uint32_t a, Src b);
  void unary(Un op, uint32_t dst, uint32_t a);
  bool supports(Un) const { return true; }

  // ---- floats (masm_a64_float.cpp) ----
  void fbinary(FBin op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b);
  void fcompare(FCmp op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b);
  void funary(FUn op, uint32_t dst, uint32_t a);
  bool supports(FUn) const { return true; }
  void mul_add(unsigned bits, uint32_t dst, uint32_t a, uint32_t b, uint32_t c);

  // ---- SIMD (masm_a64_simd.cpp; NEON, which every ARM64 Linux machine has) ----
  bool supports(IrOp op) const;
  void simd_binary(IrOp op, uint32_t dst, uint32_t a, uint32_t b);
  void simd_unary(IrOp op, uint32_t dst, uint32_t a);
  void load_v128(uint32_t dst, const Address& addr, Label out_of_bounds);
  void store_v128(const Address& addr, uint32_t src, Label out_of_bounds);
  // Every other SIMD instruction (lower.h OpLowering::Kind::VOp), its operands read from `ins`
  // in IR order; a memory access traps to `out_of_bounds`.
  void simd_op(IrOp op, const uint32_t* ins, Label out_of_bounds);

  // ---- branches ----
  void branch_if(Cond c, unsigned bits, uint32_t a, Src b, Label target);
  void branch_if_zero(uint32_t slot, bool zero, Label target);
  void jump_table(uint32_t index, const std::vector<Label>& targets);

  // ---- calls (masm_a64_call.cpp) ----
  void call(uint32_t index, uint32_t base, uint32_t frame_cells, Label unwind);
  void call_indirect(uint32_t type_index, uint32_t table, uint32_t elem, uint32_t base,
                     uint32_t frame_cells, Label unwind, Label undefined, Label uninitialized,
                     Label mismatch);

  // ---- memory 0 (guard-region faults resume at `out_of_bounds`, as on x86-64) ----
  void load(const Access& access, uint32_t dst, const Address& addr, Label out_of_bounds);
  void store(const Access& access, const Address& addr, uint32_t src, Label out_of_bounds);
  const std::vector<uint32_t>& access_sites() const { return access_sites_; }
  Label out_of_bounds_label() const { return out_of_bounds_; }
  // An ARM64 address holds a register and an immediate, not both beside the memory base: a fused
  // i32.add stays an add, and no fault resumes anywhere but at `out_of_bounds`.
  const std::vector<WrapResume<Label>>& wrap_resumes() const { return wrap_resumes_; }
  // No access has a wrap stub here (no address folds), so there is nothing to patch.
  static bool patch_jump(uint8_t*, size_t, const uint8_t*) { return false; }
  void emit_wrap_stubs() {}
  void memory_size(uint32_t dst);
  void func_ref(uint32_t dst, uint32_t index);
  void memory_grow(uint32_t dst, uint32_t delta, uint32_t memory);

  asmjit::a64::Assembler& assembler() { return a_; }

 private:
  // The frame cell of slot `s` for a `bytes`-wide access (through kAddr when its offset does not
  // fit the instruction's scaled immediate).
  asmjit::a64::Mem cell(uint32_t s, uint32_t bytes = 8);
  // The memory operand base + offset for a `bytes`-wide access (through kAddr when the offset
  // does not fit the instruction's scaled immediate).
  asmjit::a64::Mem field(const asmjit::a64::Gp& base, size_t offset, uint32_t bytes = 8);
  // `r` = an immediate, in as few instructions as it takes.
  void load_imm(const asmjit::a64::Gp& r, uint64_t value);
  // r = a + imm (any 64-bit immediate; `r` may be `a`), wrapping at r's width.
  void add_imm(const asmjit::a64::Gp& r, const asmjit::a64::Gp& a, int64_t imm);
  // A pointer-sized constant of the code into `r`.
  void load_ptr(const asmjit::a64::Gp& r, const void* p) { load_imm(r, reinterpret_cast<uintptr_t>(p)); }
  // A field of the function's InstanceContext into `r`.
  void load_instance_field(const asmjit::a64::Gp& r, size_t offset);

  asmjit::a64::Gp gp_home(uint32_t s) const;   // 64-bit view
  asmjit::a64::Vec fp_home(uint32_t s) const;  // 128-bit view
  asmjit::a64::Gp dst_gp_home(uint32_t s) const;
  asmjit::a64::Vec dst_fp_home(uint32_t s) const;

  // Slot `s` as a `bits`-wide general operand: its home's view, or `scratch` loaded with it.
  asmjit::a64::Gp gp_in(uint32_t s, unsigned bits, const asmjit::a64::Gp& scratch);
  // Where the instruction computes slot `s`'s new general value: its home, or `scratch` (64-bit
  // views; write_gp() then stores it).
  asmjit::a64::Gp gp_out(uint32_t s, const asmjit::a64::Gp& scratch) const;
  // `r` (all 64 bits; an i32 zero-extended) as slot `s`'s new value.
  void write_gp(uint32_t s, const asmjit::a64::Gp& r);
  // The same for floats (upper bits zero) and v128 values; views as named.
  asmjit::a64::Vec fp_in(uint32_t s, unsigned bits, const asmjit::a64::Vec& scratch);
  asmjit::a64::Vec fp_out(uint32_t s, const asmjit::a64::Vec& scratch) const;
  void write_fp(uint32_t s, const asmjit::a64::Vec& v);
  asmjit::a64::Vec v128_in(uint32_t s, const asmjit::a64::Vec& scratch);
  asmjit::a64::Vec v128_out(uint32_t s, const asmjit::a64::Vec& scratch) const;
  void write_v128(uint32_t s, const asmjit::a64::Vec& v);
  void v128_into(const asmjit::a64::Vec& d, uint32_t s);  // slot s's v128 into d
  asmjit::a64::Mem pooled(uint64_t lo, uint64_t hi);      // a 16-byte constant of the code
  // Compares a with b (flags for a <cond> b).
  void compare_operands(unsigned bits, uint32_t a, Src b);

  // The memory operand of an access: memory 0's base + the i32 address (its fused part wrapping
  // at 2^32) + the static offset, which does not wrap (it may reach the guard region).
  asmjit::a64::Mem effective_address(const Address& addr, uint32_t bytes);
  void record_access(Label out_of_bounds);

  // ---- calls ----
  void publish(uint32_t frame_cells);
  void call_function(const FuncType& type, uint32_t base, uint32_t frame_cells, Label unwind,
                     bool may_be_fast);
  void call_helper(const void* fn);
  void store_home(uint32_t slot);
  static BodyConv body_conv(const FuncType& type);
  void load_result_register();
  // Registers saved by the frame's code (public_entry, prologue), pushed in pairs.
  void push_pairs(const std::vector<asmjit::BaseReg>& regs);
  void pop_pairs(const std::vector<asmjit::BaseReg>& regs);

  asmjit::a64::Assembler a_;
  const Function* func_ = nullptr;
  std::vector<asmjit::BaseReg> saved_;  // pushed by the body's prologue, after x29 and x30
  std::vector<uint32_t> access_sites_;
  std::vector<WrapResume<Label>> wrap_resumes_;  // none
  Label out_of_bounds_;
  ConstantPool constants_;
};

}  // namespace zwasm::jit
