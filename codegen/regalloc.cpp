#include "codegen/regalloc.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace zwasm::jit {
namespace {

RegClass class_of(char type) {
  switch (type) {
    case 'i': case 'I': case 'r': return RegClass::Gp;
    case 'f': case 'F': return RegClass::Fp;
    default: return RegClass::None;  // v128 stays in its cells
  }
}

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// What the scan learns of one slot.
struct Candidate {
  uint32_t start = kNone, end = 0;
  RegClass cls = RegClass::None;
  bool excluded = false;  // a v128 half, mixed classes, or otherwise unsuitable
  bool crosses_call = false;
  double weight = 0;  // uses and definitions, each weighted by 8^(loop depth)
};

// A loop's positions: from its header to its last back-edge.
struct LoopExtent {
  uint32_t begin, end;
};

class Scan {
 public:
  Scan(const IrFunction& ir, const ControlFlow& cf) : ir_(ir), cf_(cf), slots_(ir.frame_cells) {
    find_loops();
  }

  uint32_t position(uint32_t pc) const { return instr_position(cf_, pc); }

  void note(uint32_t slot, char type, uint32_t pos) {
    if (slot >= slots_.size()) return;
    if (type == 'V') {  // both cells of a v128 stay in memory
      exclude(slot);
      exclude(slot + 1);
      return;
    }
    Candidate& c = slots_[slot];
    RegClass cls = class_of(type);
    if (cls == RegClass::None || (c.cls != RegClass::None && c.cls != cls)) c.excluded = true;
    c.cls = cls;
    c.start = std::min(c.start, pos);
    c.end = std::max(c.end, pos);
    c.weight += double(uint64_t(1) << (3 * std::min<uint32_t>(depth_[pos], 6)));
  }
  void exclude(uint32_t slot) {
    if (slot < slots_.size()) slots_[slot].excluded = true;
  }
  void exclude_from(uint32_t base) {
    for (uint32_t s = base; s < slots_.size(); ++s) slots_[s].excluded = true;
  }

  // Widens each interval over every loop it overlaps, until none overlaps partially.
  void widen_over_loops() {
    for (Candidate& c : slots_) {
      if (c.start > c.end) continue;
      for (bool changed = true; changed;) {
        changed = false;
        for (const LoopExtent& l : loops_) {
          bool overlaps = c.start <= l.end && l.begin <= c.end;
          if (overlaps && (l.begin < c.start || l.end > c.end)) {
            c.start = std::min(c.start, l.begin);
            c.end = std::max(c.end, l.end);
            changed = true;
          }
        }
      }
    }
  }

  void mark_calls(const std::vector<uint32_t>& call_positions) {
    for (Candidate& c : slots_) {
      if (c.start > c.end) continue;
      auto it = std::upper_bound(call_positions.begin(), call_positions.end(), c.start);
      c.crosses_call = it != call_positions.end() && *it < c.end;
    }
  }

  std::vector<Candidate>& slots() { return slots_; }

 private:
  void find_loops() {
    depth_.assign(cf_.instrs.size() + 2, 0);
    std::vector<int32_t> delta(cf_.instrs.size() + 2, 0);
    for (uint32_t header : cf_.loops) {
      uint32_t begin = position(cf_.blocks[header].begin), end = begin;
      for (uint32_t b = header; b < cf_.blocks.size(); ++b) {
        const IrBlock& block = cf_.blocks[b];
        if (std::find(block.succs.begin(), block.succs.end(), header) != block.succs.end())
          end = std::max(end, position(block.last));
      }
      loops_.push_back({begin, end});
      ++delta[begin];
      --delta[end + 1];
    }
    int32_t depth = 0;
    for (size_t p = 0; p < depth_.size(); ++p) {
      depth += delta[p];
      depth_[p] = uint32_t(std::max(depth, 0));
    }
  }

  const IrFunction& ir_;
  const ControlFlow& cf_;
  std::vector<Candidate> slots_;
  std::vector<LoopExtent> loops_;
  std::vector<uint32_t> depth_;  // loop nesting depth per position
};

// Linear scan: intervals by start; a free register if there is one (one that survives calls
// first for an interval crossing a call, one that does not otherwise), else the register of the
// lightest active interval of the class, if it is lighter than this one.
void scan_intervals(std::vector<Candidate>& slots, const RegisterFile& regs, Allocation& out) {
  std::vector<uint32_t> order;
  for (uint32_t s = 0; s < slots.size(); ++s)
    if (!slots[s].excluded && slots[s].cls != RegClass::None && slots[s].start <= slots[s].end)
      order.push_back(s);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return slots[a].start < slots[b].start; });

  struct ClassState {
    uint8_t count = 0;
    uint32_t preserved = 0;
    uint32_t free = 0;             // bit per free register
    std::vector<uint32_t> active;  // slots holding a register
  };
  ClassState gp{regs.gp_count, regs.gp_preserved}, fp{regs.fp_count, regs.fp_preserved};
  for (ClassState* c : {&gp, &fp}) c->free = c->count >= 32 ? ~0u : (1u << c->count) - 1;

  for (uint32_t s : order) {
    Candidate& c = slots[s];
    ClassState& st = c.cls == RegClass::Gp ? gp : fp;
    if (st.count == 0) continue;
    // Expire the intervals that ended before this one starts.
    for (size_t k = 0; k < st.active.size();) {
      uint32_t other = st.active[k];
      if (slots[other].end < c.start) {
        st.free |= 1u << out.homes[other].reg;
        st.active[k] = st.active.back();
        st.active.pop_back();
      } else {
        ++k;
      }
    }
    if (st.free) {
      uint32_t preferred = st.free & (c.crosses_call ? st.preserved : ~st.preserved);
      uint32_t pick = preferred ? preferred : st.free;
      uint8_t reg = uint8_t(std::countr_zero(pick));
      st.free &= ~(1u << reg);
      out.homes[s] = {c.cls, reg, c.start, c.end};
      st.active.push_back(s);
      continue;
    }
    auto lightest = std::min_element(st.active.begin(), st.active.end(), [&](uint32_t a, uint32_t b) {
      return slots[a].weight < slots[b].weight;
    });
    if (lightest == st.active.end() || slots[*lightest].weight >= c.weight) continue;
    uint8_t reg = out.homes[*lightest].reg;
    out.homes[*lightest] = {};
    *lightest = s;
    out.homes[s] = {c.cls, reg, c.start, c.end};
  }
}

}  // namespace

uint32_t instr_position(const ControlFlow& cf, uint32_t pc) {
  return uint32_t(std::lower_bound(cf.instrs.begin(), cf.instrs.end(), pc) - cf.instrs.begin()) + 1;
}

CallCells call_cells(const FuncType& type) {
  CallCells cells;
  layout_cells(type.params, &cells.params);
  layout_cells(type.results, &cells.results);
  for (ValType t : type.params) cells.param_types.push_back(ir_type_letter(t));
  for (ValType t : type.results) cells.result_types.push_back(ir_type_letter(t));
  return cells;
}

Allocation allocate_registers(const IrFunction& ir, const ControlFlow& cf,
                              const RegisterFile& regs, const CalleeType& callee_type,
                              const CallsOut& calls_out) {
  Allocation out;
  out.homes.resize(ir.frame_cells);
  Scan scan(ir, cf);

  // Params and declared locals are defined at entry (the caller's arguments, zeroes).
  for (size_t i = 0; i < ir.local_types.size(); ++i)
    scan.note(ir.local_slots[i], ir_type_letter(ir.local_types[i]), kEntryPosition);

  std::vector<char> result_types;  // by result cell (ReturnN)
  if (ir.type) {
    CallCells cells = call_cells(*ir.type);
    result_types.assign(ir.result_cells, '?');
    for (size_t k = 0; k < cells.results.size(); ++k)
      if (cells.results[k] < result_types.size()) result_types[cells.results[k]] = cells.result_types[k];
  }

  std::vector<uint32_t> call_positions;
  for (uint32_t index = 0; index < cf.instrs.size(); ++index) {
    const uint32_t* ins = &ir.code[cf.instrs[index]];
    uint32_t pos = index + 1;
    IrOp op = IrOp(ins[0]);
    if (calls_out(ins)) call_positions.push_back(pos);
    switch (op) {
      case IrOp::Call: case IrOp::CallIndirect: {
        uint32_t base = op == IrOp::Call ? ins[2] : ins[4];
        const FuncType* type = callee_type(ins);
        if (!type) {
          scan.exclude_from(base);
          break;
        }
        CallCells cells = call_cells(*type);
        for (size_t k = 0; k < cells.params.size(); ++k)
          scan.note(base + cells.params[k], cells.param_types[k], pos);
        for (size_t k = 0; k < cells.results.size(); ++k)
          scan.note(base + cells.results[k], cells.result_types[k], pos);
        break;
      }
      case IrOp::Return1:
        if (ir.type && ir.type->results.size() == 1)
          scan.note(ins[1], ir_type_letter(ir.type->results[0]), pos);
        else
          scan.exclude(ins[1]);
        break;
      case IrOp::ReturnN:
        for (uint32_t c = 0; c < ins[1]; ++c) {
          uint32_t slot = ins[2 + c];
          if (slot == kNoSlot) continue;
          if (c < result_types.size()) scan.note(slot, result_types[c], pos);
          else scan.exclude(slot);
        }
        break;
      default: break;
    }
    for (const IrSlotOperand& operand : ir_slot_operands(op))
      scan.note(ins[operand.word], operand.type, pos);
  }
  scan.widen_over_loops();
  scan.mark_calls(call_positions);
  scan_intervals(scan.slots(), regs, out);
  return out;
}

}  // namespace zwasm::jit
