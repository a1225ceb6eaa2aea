// The x86-64 macro assembler under the shared lowering (codegen/lower.h), on AsmJit's
// x86::Assembler. System V AMD64 ABI.
//
// A compiled function is an EntryFn (runtime/store/context.h): rdi = ExecContext*, rsi = the
// Function*, rdx = the frame pointer; al = true on return, false on a trap. In its body:
//   rbx  the ExecContext*          r12  the frame pointer (cells)      r14  memory 0's base
// (callee-saved, so calls out keep them); the function's InstanceContext and memory 0's
// MemoryView are constants of its code. rax, rcx, rdx and xmm0-xmm2 are scratch within one IR
// instruction; rsi, rdi, r8-r11, rbp, r13, r15 and xmm3-xmm15 hold the values the register
// allocator (regalloc.h) puts in registers. Every other slot lives in its frame cell. An instruction
// reads its operands from their homes (register or cell) and writes its result to its home;
// `cell()` is the frame cell itself, for v128 values and the moves to and from the frame.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "codegen/body_conv.h"
#include "codegen/constant_pool.h"
#include "codegen/masm.h"
#include "codegen/operand_homes.h"
#include "codegen/regalloc.h"
#include "runtime/ir/ir.h"
#include "runtime/store/function.h"

namespace zwasm::jit {

class MasmX64 : public OperandHomes {
 public:
  using Label = asmjit::Label;

  explicit MasmX64(asmjit::CodeHolder& code);

  // ---- register homes (regalloc.h) ----
  // The allocatable registers: rsi, rdi, r8-r11, rbp, r13, r15 (the last three preserved by
  // calls); xmm3-xmm15.
  static RegisterFile register_file();
  // (begin_homes, set_home, clear_home: operand_homes.h.) An instruction is left out here (dead, or moved before its loop): the slots it writes may
  // hold other values than the scratch registers remember.
  void forget_scratch() { held_ = {}; }
  // Writes a register-homed value to its cell, or loads it from there.
  void spill(const Placed& value);
  void reload(const Placed& value);

  Label new_label() { return a_.newLabel(); }
  void bind(Label l) {  // control may arrive from elsewhere: registers hold nothing known
    held_ = {};
    a_.bind(l);
  }
  void jump(Label l) { a_.jmp(l); }
  // Before an innermost loop's header (the target of its back edge): nops, so the header lies at
  // least 16 bytes into its 64-byte fetch window (codegen/README.md, "Address folds, and loop
  // placement").
  void place_loop_header();
  // The poll at a function entry or loop header (masm.h Polls, runtime/store/context.h poll_trap()).
  void poll(const Polls& polls, int32_t weight, Label interrupted, Label out_of_fuel);

  // ---- frame ----
  // A compiled function has two ways in. Its public entry (an EntryFn, at the code's start)
  // saves what the System V ABI has a callee preserve, pins the context and memory registers and
  // calls `body`. The body (Function::compiled_body) is what compiled callers in the same
  // instance call directly: rbx and r14 already pinned, rdx the frame.
  void public_entry(const Function& func, Label body);
  // The body's prologue: saves r12 and the preserved registers among `used_homes` (a bit per
  // allocatable general register, regalloc numbering), pins the frame, traps to `stack_trap`
  // when the frame does not fit the exec stack or the native stack is below its limit, and
  // zeroes `zero_cells` (a fresh frame's declared locals whose zero is read from their cells).
  void prologue(const Function& func, const IrFunction& ir, Label stack_trap,
                const std::vector<uint32_t>& zero_cells, uint32_t used_homes);
  // After the prologue of a fresh frame: the arguments that came in registers, then the other
  // values live at entry, into their homes (a declared local's zero without its cell).
  void receive_params(const IrFunction& ir, const std::vector<Placed>& at_entry);
  // Whether a call's result comes back in a register (the lowering then leaves it alone).
  static bool result_in_register(const FuncType& type);
  // Restores and returns `ok` (al).
  void epilogue(bool ok);
  // At a bound label: records trap `code` for `func` (helper_trap), returns false.
  void trap_stub(TrapCode code, Function* func);
  // At a bound label: the same for the trap code in eax (an op helper's result).
  void dynamic_trap_stub(Function* func);
  // At a bound label: a callee trapped; adds `func` to the backtrace, returns false.
  void unwind_stub(Function* func);

  // ---- values (ir_ops.def ZW_IR_CLASSES) ----
  void copy(uint32_t dst, uint32_t src);       // one cell
  void copy_v128(uint32_t dst, uint32_t src);  // two cells
  void constant(uint32_t dst, uint64_t bits);
  // A v128 constant, from the function's constant pool (one 16-byte store, so a following
  // 16-byte load of the cell is forwarded from it).
  void constant_v128(uint32_t dst, uint64_t lo, uint64_t hi);
  // Emits the constant pool; after the code.
  void emit_constants();
  void select(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond);
  void select_v128(uint32_t dst, uint32_t a, uint32_t b, uint32_t cond);
  void global_get(uint32_t dst, uint32_t global, uint32_t cells);
  void global_set(uint32_t global, uint32_t src, uint32_t cells);
  // Results into the frame's first cells; `srcs[k]` is the source of cell k (kNoSlot: none).
  void return_cells(const std::vector<uint32_t>& srcs);
  // The one scalar result into cell 0; the one v128 result into cells 0 and 1.
  void return_value(uint32_t src);
  void return_v128(uint32_t src);

  // Runs an op helper (op_helpers.h) on the instruction at `ip`, passing the InstanceContext too
  // when `with_instance`; a trap it returns jumps to `trap` with the code in eax.
  void call_op_helper(const void* helper, const uint32_t* ip, bool with_instance, Label trap);

  // ---- integers (int_ops.def) ----
  void binary(Alu op, unsigned bits, uint32_t dst, uint32_t a, Src b);
  // AddShlImm: dst = (a + (b << k)) mod 2^32.
  void add_shl(uint32_t dst, uint32_t a, uint32_t b, uint32_t k);
  void divide(Div op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b, Label div_by_zero,
              Label overflow);
  void compare(Cond c, unsigned bits, uint32_t dst, uint32_t a, Src b);
  void unary(Un op, uint32_t dst, uint32_t a);
  // Whether this CPU does `op` inline (popcnt needs the POPCNT extension).
  bool supports(Un op) const;

  // ---- floats (float_ops.def; masm_x64_float.cpp) ----
  void fbinary(FBin op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b);
  void fcompare(FCmp op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b);
  void funary(FUn op, uint32_t dst, uint32_t a);
  bool supports(FUn op) const;  // rounding needs SSE4.1
  // F32/F64MulAdd: dst = a + b * c, rounded after the multiply and after the add.
  void mul_add(unsigned bits, uint32_t dst, uint32_t a, uint32_t b, uint32_t c);

  // ---- SIMD (simd_ops.def; masm_x64_simd.cpp) ----
  bool supports(IrOp op) const;  // some need SSE4.1
  void simd_binary(IrOp op, uint32_t dst, uint32_t a, uint32_t b);
  void simd_unary(IrOp op, uint32_t dst, uint32_t a);
  void load_v128(uint32_t dst, const Address& addr, Label out_of_bounds);
  void store_v128(const Address& addr, uint32_t src, Label out_of_bounds);

  // ---- branches ----
  void branch_if(Cond c, unsigned bits, uint32_t a, Src b, Label target);
  void branch_if_zero(uint32_t slot, bool zero, Label target);  // on the i32 in `slot`
  // targets.back() is the default.
  void jump_table(uint32_t index, const std::vector<Label>& targets);

  // ---- calls ----
  // Calls function `index` of the instance (any tier, through its entry) with its frame at
  // slot `base`; a trap in it jumps to `unwind`. `frame_cells` is this function's frame size,
  // published as the exec-stack top for a callee that re-enters wasm.
  void call(uint32_t index, uint32_t base, uint32_t frame_cells, Label unwind);
  // The same for table `table`'s element at the i32 in `elem`, whose type must be `type_index`.
  void call_indirect(uint32_t type_index, uint32_t table, uint32_t elem, uint32_t base,
                     uint32_t frame_cells, Label unwind, Label undefined, Label uninitialized,
                     Label mismatch);

  // ---- memory 0 ----
  // Accesses are not bounds-checked: the memory's guard region faults, and the fault handler
  // (fault_handler.h) resumes at `out_of_bounds`, the function's out-of-bounds trap stub, or at
  // the access's wrap stub (guarded_access). Each access instruction's offset is recorded in
  // access_sites(): only faults there are ours.
  void load(const Access& access, uint32_t dst, const Address& addr, Label out_of_bounds);
  void store(const Access& access, const Address& addr, uint32_t src, Label out_of_bounds);
  const std::vector<uint32_t>& access_sites() const { return access_sites_; }
  // The label guard-page faults resume at (valid when access_sites() is not empty).
  Label out_of_bounds_label() const { return out_of_bounds_; }
  // The access sites whose faults resume elsewhere: at a wrap stub (see guarded_access), in
  // ascending site order. Valid after emit_wrap_stubs().
  const std::vector<WrapResume<Label>>& wrap_resumes() const { return wrap_resumes_; }
  // Out of line, after the body: the wrap stubs of the accesses emitted so far.
  void emit_wrap_stubs();
  // Overwrites the `length` bytes of installed code at `at` (a folded access, at least 5 bytes)
  // with a jump to `to` (its wrap stub) and nops, so the access never faults again. From the
  // fault handler: writes bytes and nothing else. False when the jump does not fit.
  static bool patch_jump(uint8_t* at, size_t length, const uint8_t* to);
  void memory_size(uint32_t dst);
  void func_ref(uint32_t dst, uint32_t index);  // a funcref to function `index` of the instance
  void memory_grow(uint32_t dst, uint32_t delta, uint32_t memory);

  asmjit::x86::Assembler& assembler() { return a_; }

 private:
  // A field of the function's InstanceContext (its address in rax).
  asmjit::x86::Mem instance_field(size_t offset);
  // The frame cell of slot `s` (its home unless the allocator gave it a register).
  asmjit::x86::Mem cell(uint32_t s, uint32_t bytes = 8) const;
  // Where the current instruction reads slot `s`: a general or xmm register, or its cell.
  asmjit::x86::Gp gp_home(uint32_t s) const;   // 64-bit view
  asmjit::x86::Xmm fp_home(uint32_t s) const;
  // Where it writes slot `s`.
  asmjit::x86::Gp dst_gp_home(uint32_t s) const;
  asmjit::x86::Xmm dst_fp_home(uint32_t s) const;
  // Slot `s` into general register `r` (r's width; a 32-bit read zero-extends).
  void read_gp(const asmjit::x86::Gp& r, uint32_t s);
  // Slot `s` as a `bytes`-wide operand of a general instruction: its home register's view or its
  // cell (through rcx if it lives in an xmm register).
  asmjit::Operand gp_view(uint32_t s, unsigned bytes);
  // `r` (all 64 bits; an i32 zero-extended) as slot `s`'s new value.
  void write_gp(uint32_t s, const asmjit::x86::Gp& r);
  // Slot `s`'s f32 / f64 into `x`.
  void read_fp(const asmjit::x86::Xmm& x, unsigned bits, uint32_t s);
  // Slot `s` as a float operand: its home register or its cell (through `scratch` if it lives
  // in a general register).
  asmjit::Operand fp_view(uint32_t s, unsigned bits, const asmjit::x86::Xmm& scratch);
  // The f32 / f64 in `x` (upper lanes zero) as slot `s`'s new value; a cell is stored whole.
  void write_fp(uint32_t s, const asmjit::x86::Xmm& x);
  // A v128 (slots s, s + 1) into `x`, and `x` as its new value.
  void read_v128(const asmjit::x86::Xmm& x, uint32_t s);
  void write_v128(uint32_t s, const asmjit::x86::Xmm& x);
  // The memory operand of an access: memory 0's base + the address (in its home register, or
  // computed in rax with 32-bit wraparound of its fused part) + the offset, which does not wrap
  // (it may reach past 4 GiB: into the guard region). Sets rax_is_base_ when it leaves rax
  // holding the address slot's value.
  asmjit::x86::Mem effective_address(const Address& addr, uint32_t bytes, bool base_in_rax);
  // After an access: rax still holds the address slot when effective_address() said so. The
  // caller checks the access wrote no such slot.
  void keep_address_base(const Address& addr);
  void add_address_index(const Address& addr);
  bool rax_is_base_ = false;

  void record_access(Label out_of_bounds);
  // One guarded access: `emit` writes the access instruction for the memory operand it is given.
  // An address `x + c` (a fused i32.add of a non-negative constant, x in a register) whose sum
  // provably stays below 2^32 (Address::cannot_wrap, address_bounds.h) goes into the
  // instruction's displacement, [mem + x + c + offset], one lea fewer. Should the proof ever be
  // wrong, the 64-bit address lies 4 GiB or more past the base, inside the reservation and past
  // every memory (runtime/store/memory.cpp), so it faults: the fault resumes at a wrap stub that
  // computes the wrapped address the slow way and repeats the access (whose own fault is an
  // ordinary trap), then jumps back; the engine counts it (jit.h, slow-path faults).
  using AccessEmitter = std::function<void(const asmjit::x86::Mem&)>;
  void guarded_access(const Address& addr, uint32_t bytes, bool base_in_rax, Label out_of_bounds,
                      const AccessEmitter& emit);
  struct WrapStub {
    uint32_t site;
    Label back;  // after the access
    asmjit::x86::Gp base;
    int32_t add;
    int32_t offset;
    uint32_t bytes;
    AccessEmitter emit;
  };
  std::vector<WrapStub> wrap_stubs_;
  std::vector<WrapResume<Label>> wrap_resumes_;
  // Publishes this activation's state before a call out (context.h).
  void publish(uint32_t frame_cells);
  void call_function(const FuncType& type, uint32_t base, uint32_t frame_cells, Label unwind,
                     bool may_be_fast);
  // The body convention (body_conv.h) with this backend's argument registers.
  static BodyConv body_conv(const FuncType& type);
  void store_home(uint32_t slot);
  void move_gp(std::vector<std::pair<asmjit::x86::Gp, asmjit::Operand>> moves);
  void move_fp(std::vector<std::pair<asmjit::x86::Xmm, asmjit::Operand>> moves);
  void load_result_register();
  void call_helper(const void* fn);

  // What rax and xmm0 hold after the last instruction, so that the next one can skip reloading
  // a cell just stored (every result is stored as well: the cells stay the truth, so a
  // forgotten entry costs a reload, never a wrong value). Each method takes the entries (which
  // forgets them) and sets those its own code leaves true; bind() forgets them.
  static constexpr uint32_t kNothing = UINT32_MAX;
  struct Held {
    uint32_t rax = kNothing;   // a cell's 64 bits (an i32 cell is zero-extended)
    uint32_t xmm0 = kNothing;  // a float cell's value (upper lanes zero) or a v128's two cells
    unsigned xmm0_bits = 0;    // 32, 64 or 128
  };
  Held take() {
    Held h = held_;
    held_ = {};
    return h;
  }
  bool rax_holds(const Held& h, uint32_t s) const { return h.rax == s; }
  bool xmm0_holds(const Held& h, uint32_t s, unsigned bits) const {
    return h.xmm0 == s && h.xmm0_bits == bits;
  }
  Held held_;
  // Loads cell `a` into rax (unless it holds it already) and returns the operand to combine
  // with it for `b`: an immediate, memory, rax itself (b == a) or rcx (b was in rax).
  asmjit::Operand gp_operands(const Held& h, unsigned bits, uint32_t a, Src b);
  // Whether the value read from slot `x` is in the register slot `dst` is written to.
  bool in_dst_home(uint32_t x, uint32_t dst) const;
  // The operand for `b` next to `lhs`, which holds `a`: an immediate, lhs (b == a), b's home
  // register, rax (if it holds b and is not lhs), or b's cell.
  asmjit::Operand gp_rhs(const Held& h, unsigned bits, uint32_t a, const asmjit::x86::Gp& lhs, Src b);
  // Compares a with b (flags set for a <cond> b).
  void compare_operands(const Held& h, unsigned bits, uint32_t a, Src b);
  asmjit::Operand float_operands(const Held& h, unsigned bits, uint32_t a, uint32_t b);
  bool fbinary_in_home(FBin op, unsigned bits, uint32_t dst, uint32_t a, uint32_t b, const Held& h);

  asmjit::x86::Assembler a_;
  bool has_sse41_ = false;
  bool has_lzcnt_ = false;
  bool has_tzcnt_ = false;
  bool has_popcnt_ = false;
  const Function* func_ = nullptr;
  std::vector<asmjit::x86::Gp> saved_;  // pushed by the body's prologue, in order
  bool pad_ = false;                    // and 8 bytes of alignment below them
  std::vector<uint32_t> access_sites_;
  Label out_of_bounds_;
  ConstantPool constants_;
};

}  // namespace zwasm::jit
