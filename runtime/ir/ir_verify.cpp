// The IR verifier: the control-flow scan's structural checks, then every slot operand against
// the frame and the type it must hold, by a forward dataflow over the basic blocks.
//
// The state at a program point is the type held by each frame cell: a class letter of
// ir_ops.def (i I f F V r), 'v' for the upper cell of a v128, or kUndefined. At a join the
// states meet cell by cell (different types: undefined). Reading a cell that does not hold the
// type an operand needs is an error: a translator bug, caught before anything runs it.
#include "runtime/ir/ir_verify.h"

#include <string>
#include <vector>

#include "runtime/ir/control_flow.h"

namespace zwasm {

namespace {

constexpr char kUndefined = 0;
constexpr char kV128High = 'v';

std::string describe(char t) {
  switch (t) {
    case kUndefined: return "nothing";
    case kV128High: return "the upper half of a v128";
    case 'i': return "i32";
    case 'I': return "i64";
    case 'f': return "f32";
    case 'F': return "f64";
    case 'V': return "v128";
    case 'r': return "a reference";
  }
  return "?";
}

using State = std::vector<char>;

class Verifier {
 public:
  Verifier(const IrFunction& fn, const ControlFlow& cf, const Module* module)
      : fn_(fn), cf_(cf), module_(module) {}

  Result<void> run();

 private:
  Result<void> fail(size_t pc, const std::string& what) const {
    return Error{"IR verification failed at word " + std::to_string(pc) + " (" +
                 ir_op_name(IrOp(fn_.code[pc])) + "): " + what};
  }
  bool in_frame(uint64_t slot, uint32_t cells) const { return slot + cells <= fn_.frame_cells; }
  Result<void> check_slot(size_t pc, uint32_t slot, char type) const;
  Result<void> read(const State& s, size_t pc, uint32_t slot, char type) const;
  static void write(State& s, uint32_t slot, char type);
  Result<void> check_values(const State& s, size_t pc, uint32_t base,
                            const std::vector<ValType>& types) const;
  static void write_values(State& s, uint32_t base, const std::vector<ValType>& types);
  Result<void> step(State& s, size_t pc) const;
  Result<void> check_return_n(const State& s, size_t pc) const;
  const FuncType* callee_type(size_t pc) const;

  const IrFunction& fn_;
  const ControlFlow& cf_;
  const Module* module_;
};

Result<void> Verifier::check_slot(size_t pc, uint32_t slot, char type) const {
  uint32_t cells = type == 'V' ? 2 : 1;
  if (!in_frame(slot, cells))
    return fail(pc, "slot " + std::to_string(slot) + " outside the frame of " +
                        std::to_string(fn_.frame_cells) + " cells");
  if (type == 'V' && slot % 2 != 0) return fail(pc, "v128 slot " + std::to_string(slot) + " is odd");
  return {};
}

Result<void> Verifier::read(const State& s, size_t pc, uint32_t slot, char type) const {
  ZW_TRY(check_slot(pc, slot, type));
  bool ok = s[slot] == type && (type != 'V' || s[slot + 1] == kV128High);
  if (!ok)
    return fail(pc, "reads " + describe(type) + " from slot " + std::to_string(slot) +
                        ", which holds " + describe(s[slot]));
  return {};
}

void Verifier::write(State& s, uint32_t slot, char type) {
  // Overwriting either half of a v128 leaves the other half meaningless.
  auto clobber = [&s](uint32_t c) {
    if (s[c] == 'V' && c + 1 < s.size()) s[c + 1] = kUndefined;
    if (s[c] == kV128High && c > 0) s[c - 1] = kUndefined;
  };
  clobber(slot);
  if (type == 'V') {
    clobber(slot + 1);
    s[slot + 1] = kV128High;
  }
  s[slot] = type;
}

Result<void> Verifier::check_values(const State& s, size_t pc, uint32_t base,
                                    const std::vector<ValType>& types) const {
  std::vector<uint32_t> offsets;
  layout_cells(types, &offsets);
  for (size_t k = 0; k < types.size(); ++k)
    ZW_TRY(read(s, pc, base + offsets[k], ir_type_letter(types[k])));
  return {};
}

void Verifier::write_values(State& s, uint32_t base, const std::vector<ValType>& types) {
  std::vector<uint32_t> offsets;
  layout_cells(types, &offsets);
  for (size_t k = 0; k < types.size(); ++k) write(s, base + offsets[k], ir_type_letter(types[k]));
}

const FuncType* Verifier::callee_type(size_t pc) const {
  if (!module_) return nullptr;
  const uint32_t* ins = &fn_.code[pc];
  if (IrOp(ins[0]) == IrOp::Call) {
    return ins[1] < module_->total_funcs() ? &module_->func_type(ins[1]) : nullptr;
  }
  return ins[1] < module_->types.size() ? &module_->types[ins[1]] : nullptr;
}

Result<void> Verifier::check_return_n(const State& s, size_t pc) const {
  const uint32_t* ins = &fn_.code[pc];
  uint32_t n = ins[1];
  if (!fn_.type) return {};
  std::vector<uint32_t> offsets;
  uint32_t cells = layout_cells(fn_.type->results, &offsets);
  if (n != cells)
    return fail(pc, std::to_string(n) + " result cells, the type has " + std::to_string(cells));
  std::vector<char> expect(cells, kUndefined);
  for (size_t k = 0; k < offsets.size(); ++k) {
    char t = ir_type_letter(fn_.type->results[k]);
    expect[offsets[k]] = t;
    if (t == 'V') expect[offsets[k] + 1] = kV128High;
  }
  for (uint32_t c = 0; c < n; ++c) {
    uint32_t slot = ins[2 + c];
    if (expect[c] == kUndefined) {
      if (slot != kNoSlot) return fail(pc, "a padding cell names slot " + std::to_string(slot));
      continue;
    }
    if (slot == kNoSlot || !in_frame(slot, 1))
      return fail(pc, "result cell " + std::to_string(c) + " has no slot in the frame");
    if (s[slot] != expect[c])
      return fail(pc, "result cell " + std::to_string(c) + " reads " + describe(s[slot]) +
                          ", the result is " + describe(expect[c]));
  }
  return {};
}

// Checks the instruction at `pc` against state `s`, then applies its writes to `s`.
Result<void> Verifier::step(State& s, size_t pc) const {
  const uint32_t* ins = &fn_.code[pc];
  IrOp op = IrOp(ins[0]);
  switch (op) {
    case IrOp::Call: case IrOp::CallIndirect: {
      bool indirect = op == IrOp::CallIndirect;
      uint32_t base = indirect ? ins[4] : ins[2];
      if (indirect) ZW_TRY(read(s, pc, ins[3], 'i'));
      if (base % 2 != 0) return fail(pc, "call base " + std::to_string(base) + " is odd");
      if (!in_frame(base, 0)) return fail(pc, "call base outside the frame");
      if (const FuncType* t = callee_type(pc)) {
        if (!in_frame(base, std::max(layout_cells(t->params), layout_cells(t->results))))
          return fail(pc, "arguments or results outside the frame");
        ZW_TRY(check_values(s, pc, base, t->params));
        for (uint32_t c = base; c < s.size(); ++c) s[c] = kUndefined;  // the callee's frame
        write_values(s, base, t->results);
      } else {
        for (uint32_t c = base; c < s.size(); ++c) s[c] = kUndefined;
      }
      return {};
    }
    case IrOp::ReturnN: return check_return_n(s, pc);
    case IrOp::Return1:
      if (fn_.type && fn_.type->results.size() == 1)
        return read(s, pc, ins[1], ir_type_letter(fn_.type->results[0]));
      return fn_.type ? fail(pc, "the function does not return one value") : Result<void>{};
    default: break;
  }
  // Every other op: its layout's slot operands, typed by ir_types().
  struct Write {
    uint32_t slot;
    char type;
  };
  std::vector<Write> writes;
  for (const IrSlotOperand& operand : ir_slot_operands(op)) {
    uint32_t slot = ins[operand.word];
    if (operand.write) {
      ZW_TRY(check_slot(pc, slot, operand.type));
      writes.push_back({slot, operand.type});
    } else {
      ZW_TRY(read(s, pc, slot, operand.type));
    }
  }
  if (module_) {
    // A global's register class is its declared type's.
    auto global_class = [&](uint32_t index) -> char {
      return index < module_->total_globals() ? ir_type_letter(module_->global_type(index).type)
                                              : '?';
    };
    for (ValType t : {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128,
                      ValType::FuncRef}) {
      if (op == global_get_op(t) && global_class(ins[2]) != ir_type_letter(t))
        return fail(pc, "global " + std::to_string(ins[2]) + " is not of this class");
      if (op == global_set_op(t) && global_class(ins[1]) != ir_type_letter(t))
        return fail(pc, "global " + std::to_string(ins[1]) + " is not of this class");
    }
  }
  for (const Write& wr : writes) write(s, wr.slot, wr.type);
  return {};
}

Result<void> Verifier::run() {
  if (fn_.local_cells < fn_.param_cells || fn_.frame_cells < fn_.local_cells)
    return Error{"IR verification failed: inconsistent frame layout"};
  if (fn_.local_types.size() != fn_.local_slots.size())
    return Error{"IR verification failed: local types and slots differ in number"};
  if (cf_.blocks.empty()) return {};

  // Entry: params and declared locals hold their types (locals start at zero), temps nothing.
  State entry(fn_.frame_cells, kUndefined);
  for (size_t i = 0; i < fn_.local_types.size(); ++i) {
    uint32_t slot = fn_.local_slots[i];
    char t = ir_type_letter(fn_.local_types[i]);
    if (!in_frame(slot, t == 'V' ? 2 : 1) || slot >= fn_.local_cells || (t == 'V' && slot % 2))
      return Error{"IR verification failed: local " + std::to_string(i) + " at a bad slot"};
    write(entry, slot, t);
  }

  std::vector<State> in(cf_.blocks.size());
  std::vector<uint8_t> seen(cf_.blocks.size(), 0), queued(cf_.blocks.size(), 0);
  std::vector<uint32_t> work{0};
  in[0] = std::move(entry);
  seen[0] = queued[0] = 1;
  while (!work.empty()) {
    uint32_t b = work.back();
    work.pop_back();
    queued[b] = 0;
    State s = in[b];
    const IrBlock& block = cf_.blocks[b];
    for (size_t pc = block.begin; pc < block.end; pc += ir_instr_words(fn_.code.data(), pc))
      ZW_TRY(step(s, pc));
    for (uint32_t succ : block.succs) {
      bool changed = false;
      if (!seen[succ]) {
        in[succ] = s;
        seen[succ] = 1;
        changed = true;
      } else {
        for (size_t c = 0; c < s.size(); ++c) {
          if (in[succ][c] != kUndefined && in[succ][c] != s[c]) {
            in[succ][c] = kUndefined;
            changed = true;
          }
        }
      }
      if (changed && !queued[succ]) {
        queued[succ] = 1;
        work.push_back(succ);
      }
    }
  }
  return {};
}

}  // namespace

Result<void> verify_ir(const IrFunction& fn, const Module* module) {
  auto cf = scan_control_flow(fn);
  if (!cf.ok()) return cf.error();
  return Verifier(fn, cf.value(), module).run();
}

}  // namespace zwasm
